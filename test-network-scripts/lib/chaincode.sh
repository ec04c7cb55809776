# shellcheck shell=bash
# Chaincode as a service through the Fabric lifecycle: every organisation
# packages a connection.json naming its own chaincode server, installs it on
# its peer, approves the definition, and runs the server itself; the CSD
# commits. Sourced by network.sh.
#
# Two chaincodes are deployed this way: the product's (CHAINCODE_NAME, the
# default) and, for `npm run bench` only, the benchmark's baseline
# (use_benchmark_chaincode): a minimal chaincode on the same channel with the
# same endorsement policy, served on each organisation's
# *_BENCHMARK_CHAINCODE_PORT and never part of the product.

# Selects the product's chaincode for the functions below (the default once
# the topology is loaded: CHAINCODE_NAME comes from it).
use_product_chaincode() {
  CC_NAME=$CHAINCODE_NAME
  CC_MODULE_DIR="$REPO_ROOT/chaincode"
  CC_PORT_FIELD=CHAINCODE_PORT
  CC_PROCESS=chaincode
  CC_STATE=chaincode
}

# Selects the benchmark's baseline chaincode.
use_benchmark_chaincode() {
  CC_NAME=benchmark
  CC_MODULE_DIR="$REPO_ROOT/bench/chaincode"
  CC_PORT_FIELD=BENCHMARK_CHAINCODE_PORT
  CC_PROCESS=benchmark
  CC_STATE=chaincode-benchmark
}

# The organisations that run the selected chaincode: every organisation for
# the product's; for the benchmark's, those with a benchmark port.
chaincode_orgs() {
  local org port
  for org in $ORGS; do
    port="${org^^}_$CC_PORT_FIELD"
    if [[ -n "${!port:-}" ]]; then printf '%s ' "$org"; fi
  done
}

# ordered LOG COMMAND…: runs a command that submits to the ordering service,
# appending its output to LOG, and retries while the Raft cluster has no
# leader yet (right after the orderers start) or the connection to the
# orderer dropped before the transaction was sent (gRPC Unavailable).
ordered() {
  local log=$1 output
  shift
  for _ in $(seq 1 20); do
    if output=$("$@" 2>&1); then
      printf '%s\n' "$output" >>"$log"
      return 0
    fi
    printf '%s\n' "$output" >>"$log"
    grep -qE 'no Raft leader|SERVICE_UNAVAILABLE|failed to send transaction: rpc error: code = Unavailable' <<<"$output" || return 1
    sleep 2
  done
  return 1
}

chaincode_state_dir() { printf '%s/%s/%s' "$BOND_NETWORK_HOME" "$CC_STATE" "$1"; }

# The endorsement policy of the chaincode: the CSD and at least one other
# member. A supervisor (topology ENDORSES=no) runs the chaincode for its own
# queries but never endorses: it reads and does not take part in changes.
endorsement_policy() {
  local others=() org endorses
  for org in $ORGS; do
    endorses="${org^^}_ENDORSES"
    [[ "$org" == csd || "${!endorses:-yes}" == no ]] || others+=("'$(org_var "$org" MSP_ID).peer'")
  done
  local joined
  joined=$(IFS=,; echo "${others[*]}")
  printf "AND('%s.peer', OR(%s))" "$CSD_MSP_ID" "$joined"
}

# package_chaincode ORG LABEL: the CCaaS package for ORG; prints its path.
package_chaincode() {
  local org=$1 label=$2 dir work root_cert
  dir=$(chaincode_state_dir "$org")
  work="$dir/package-build"
  rm -rf "$work"
  mkdir -p "$work/code"
  root_cert=$(node -e 'process.stdout.write(JSON.stringify(require("fs").readFileSync(process.argv[1], "utf8")))' \
    "$ORG_DIR/$org/chaincode/tls/ca.crt")
  cat >"$work/code/connection.json" <<EOF
{
  "address": "$(org_var "$org" CHAINCODE_HOST):$(org_var "$org" "$CC_PORT_FIELD")",
  "dial_timeout": "10s",
  "tls_required": true,
  "client_auth_required": false,
  "root_cert": $root_cert
}
EOF
  printf '{"type":"ccaas","label":"%s"}\n' "$label" >"$work/metadata.json"
  tar -C "$work/code" -czf "$work/code.tar.gz" connection.json
  tar -C "$work" -czf "$dir/$label.tgz" metadata.json code.tar.gz
  rm -rf "$work"
  printf '%s' "$dir/$label.tgz"
}

start_chaincode_server() {
  local org=$1 dir host port tls="$ORG_DIR/$1/chaincode/tls"
  dir=$(chaincode_state_dir "$org")
  host=$(org_var "$org" CHAINCODE_HOST)
  port=$(org_var "$org" "$CC_PORT_FIELD")
  [[ -f "$CC_MODULE_DIR/$(node -p 'require(process.argv[1]).main' "$CC_MODULE_DIR/package.json")" ]] ||
    die "chaincode $CC_NAME is not built (run: npm run build)"
  # The server loads the workspace packages the chaincode depends on (@bond-platform/chaincode-common) from the
  # repository: node_modules/@bond-platform/<name> links to the workspace, whose built dist its exports name.
  (cd "$CC_MODULE_DIR" && node -e 'for (const d of Object.keys(require("./package.json").dependencies ?? {}))
    if (d.startsWith("@bond-platform/")) require.resolve(d)') 2>/dev/null ||
    die "a workspace package chaincode $CC_NAME depends on is not built (run: npm run build)"
  (
    cd "$CC_MODULE_DIR" || exit 1
    # getMspID() in the chaincode reads this; a chaincode server is not started by its peer, so set it here.
    # At info, fabric-shim logs two lines per invocation: about 40 % of the chaincode server's CPU under
    # load (profiled, docs/performance.md). Refusals and failures are still logged at warning.
    CORE_PEER_LOCALMSPID="$(org_var "$org" MSP_ID)" CORE_CHAINCODE_LOGGING_LEVEL="${CHAINCODE_LOG_LEVEL:-warning}" start_process "$CC_PROCESS-$org" "$host:$port" -- \
      node "$REPO_ROOT/node_modules/fabric-shim/cli.js" server \
      --chaincode-address "$host:$port" --chaincode-id "$(cat "$dir/package-id")" \
      --chaincode-tls-cert-file "$tls/server.crt" --chaincode-tls-key-file "$tls/server.key" \
      --module-path "$CC_MODULE_DIR"
  )
  for _ in $(seq 1 60); do
    port_in_use "$host" "$port" && return 0
    pid_of "$CC_PROCESS-$org" >/dev/null || die "chaincode server $CC_PROCESS-$org exited; see $LOG_DIR/$CC_PROCESS-$org.log"
    sleep 0.5
  done
  die "chaincode server $CC_PROCESS-$org is not listening on $host:$port; see $LOG_DIR/$CC_PROCESS-$org.log"
}

committed_field() {
  # committed_field version|sequence: from the committed definition, or empty.
  peer lifecycle chaincode querycommitted -C "$CHANNEL_NAME" -n "$CC_NAME" -O json 2>/dev/null |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{process.stdout.write(String(JSON.parse(s)[process.argv[1]]??""))}catch{}})' "$1" || true
}

# peer_connection_flags [ORG…]: --peerAddresses and TLS roots of the given
# organisations' peers (default: every organisation's).
peer_connection_flags() {
  local org peer_orgs=("$@")
  [[ ${#peer_orgs[@]} -gt 0 ]] || read -r -a peer_orgs <<<"$ORGS"
  for org in "${peer_orgs[@]}"; do
    printf -- '--peerAddresses %s:%s --tlsRootCertFiles %s ' "$(org_var "$org" PEER_HOST)" "$(org_var "$org" PEER_PORT)" \
      "$ORG_DIR/$org/peers/peer0/tls/ca.crt"
  done
}

# deploy_chaincode [-ccv VERSION] [-ccs SEQUENCE]: installs and commits the
# chaincode. Without -ccs the sequence is the committed one plus one, or
# nothing happens if VERSION is already committed (servers are restarted).
deploy_chaincode() {
  local version=1.0 sequence='' org
  while [[ $# -gt 0 ]]; do
    case "$1" in
      -ccv) version=$2; shift 2 ;;
      -ccs) sequence=$2; shift 2 ;;
      -ccn)
        [[ "$2" == "$CC_NAME" ]] || die "this network deploys the '$CC_NAME' chaincode (set in network/topology.env)"
        shift 2
        ;;
      *) die "deployCC: unknown option '$1' (use -ccv VERSION, -ccs SEQUENCE)" ;;
    esac
  done
  [[ "$version" =~ ^[A-Za-z0-9._-]+$ ]] || die "deployCC: version '$version' may use letters, digits, '.', '-' and '_'"
  resolve_binaries
  if [[ "$CC_NAME" == "$CHAINCODE_NAME" ]]; then
    info "building the chaincode"
    # The shared plumbing first: the chaincode's build reads its types, its server its dist.
    npm run build --workspace chaincode-common --workspace chaincode >>"$LOG_DIR/chaincode-build.log" 2>&1 ||
      die "chaincode build failed; see $LOG_DIR/chaincode-build.log"
  fi
  local deploy_orgs
  deploy_orgs=$(chaincode_orgs)

  local committed_version committed_sequence
  committed_version=$(as_org_admin csd && committed_field version)
  committed_sequence=$(as_org_admin csd && committed_field sequence)
  if [[ -z "$sequence" ]]; then
    if [[ "$committed_version" == "$version" ]]; then
      info "chaincode $CC_NAME $version is already committed (sequence $committed_sequence); restarting its servers"
      for org in $deploy_orgs; do
        stop_process "$CC_PROCESS-$org"
        start_chaincode_server "$org"
      done
      initialize_ledger
      wait_for_discovery
      return 0
    fi
    sequence=$((${committed_sequence:-0} + 1))
  fi

  local label="${CC_NAME}_${version}" policy
  policy=$(endorsement_policy)
  for org in $deploy_orgs; do
    (
      as_org_admin "$org"
      local dir pkg package_id
      dir=$(chaincode_state_dir "$org")
      mkdir -p "$dir"
      pkg=$(package_chaincode "$org" "$label")
      package_id=$(peer lifecycle chaincode calculatepackageid "$pkg")
      if ! peer lifecycle chaincode queryinstalled 2>/dev/null | grep -q "$package_id"; then
        info "installing $label on peer0 of $org"
        peer lifecycle chaincode install "$pkg" >>"$LOG_DIR/chaincode-lifecycle.log" 2>&1 ||
          die "install failed on $org; see $LOG_DIR/chaincode-lifecycle.log"
      fi
      echo "$package_id" >"$dir/package-id"
      stop_process "$CC_PROCESS-$org"
      start_chaincode_server "$org"
      info "approving $CC_NAME $version (sequence $sequence) for $org"
      # shellcheck disable=SC2046 # orderer_flags and peer_connection_flags print several CLI flags: split on purpose
      ordered "$LOG_DIR/chaincode-lifecycle.log" peer lifecycle chaincode approveformyorg $(orderer_flags) -C "$CHANNEL_NAME" \
        -n "$CC_NAME" -v "$version" --sequence "$sequence" --package-id "$package_id" --signature-policy "$policy" ||
        die "approval failed for $org; see $LOG_DIR/chaincode-lifecycle.log"
    ) || exit 1
  done

  (
    as_org_admin csd
    info "committing $CC_NAME $version (sequence $sequence), endorsement policy $policy"
    # Endorsed by the organisations that approved (a peer whose organisation did not refuses to endorse the commit).
    # shellcheck disable=SC2046,SC2086 # the flags and the list of organisations are split into words on purpose
    ordered "$LOG_DIR/chaincode-lifecycle.log" peer lifecycle chaincode commit $(orderer_flags) -C "$CHANNEL_NAME" \
      -n "$CC_NAME" -v "$version" --sequence "$sequence" --signature-policy "$policy" $(peer_connection_flags $deploy_orgs) ||
      die "commit failed; see $LOG_DIR/chaincode-lifecycle.log"
  ) || exit 1
  initialize_ledger
  wait_for_discovery
}

# Returns once every peer can reach every organisation's peer for endorsement.
wait_for_discovery() {
  info "waiting for the peers to discover each other"
  node "$REPO_ROOT/test-network-scripts/lib/wait-discovery.js" "$BOND_NETWORK_HOME/network.json" 90 ||
    die "the peers did not discover each other; see the peers' logs in $LOG_DIR"
}

# csd_invoke FUNCTION REQUEST_JSON: submits Membership:FUNCTION with one JSON
# request argument as the CSD's admin, endorsed by every organisation's peer,
# and waits for the commit. Output goes to the lifecycle log.
csd_invoke() {
  local fn=$1 request=$2 call
  # shellcheck disable=SC2016 # a JavaScript template literal, filled in by node, not by the shell
  call=$(node -e 'process.stdout.write(JSON.stringify({ function: `Membership:${process.argv[1]}`, Args: [process.argv[2]] }))' "$fn" "$request")
  (
    as_org_admin csd
    # shellcheck disable=SC2046 # orderer_flags and peer_connection_flags print several CLI flags: split on purpose
    peer chaincode invoke $(orderer_flags) -C "$CHANNEL_NAME" -n "$CHAINCODE_NAME" $(peer_connection_flags) --waitForEvent -c "$call"
  ) >>"$LOG_DIR/chaincode-lifecycle.log" 2>&1
}

# Membership:Initialize, once: records the CSD as the ledger's authority.
# The benchmark's chaincode has no such state.
initialize_ledger() {
  [[ "$CC_NAME" == "$CHAINCODE_NAME" ]] || return 0
  (
    as_org_admin csd
    local answer
    for _ in $(seq 1 30); do
      answer=$(peer chaincode query -C "$CHANNEL_NAME" -n "$CHAINCODE_NAME" \
        -c "{\"function\":\"Membership:GetMember\",\"Args\":[\"$CSD_MSP_ID\"]}" 2>&1) && exit 0
      grep -q NOT_INITIALIZED <<<"$answer" && break
      sleep 1
    done
    grep -q NOT_INITIALIZED <<<"$answer" || die "cannot query the chaincode: $answer"
    info "initialising the ledger: $CSD_MSP_ID is the CSD"
    csd_invoke Initialize "$(node -e 'const [c, n, l] = process.argv.slice(1); process.stdout.write(JSON.stringify({ csdMspId: c, legalName: n, lei: l }))' \
      "$CSD_MSP_ID" "$CSD_LEGAL_NAME" "$CSD_LEI")" || die "Membership:Initialize failed; see $LOG_DIR/chaincode-lifecycle.log"
  ) || exit 1
}
