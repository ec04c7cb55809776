# shellcheck shell=bash
# Chaincode as a service through the Fabric lifecycle: every organisation
# running the chaincode packages a connection.json naming its own chaincode
# server, installs it on its peer, approves the definition, and runs the
# server itself; the channel's administrator (the CSD) commits. Sourced by
# network.sh.
#
# Three chaincodes are deployed this way: the product's (CHAINCODE_NAME, the
# default); for `npm run bench` only, the benchmark's baseline
# (use_benchmark_chaincode): a minimal chaincode on the same channel with the
# same endorsement policy, served on each organisation's
# *_BENCHMARK_CHAINCODE_PORT and never part of the product; and the cash
# ledger's (use_cash_chaincode): the cash-chaincode package on the cash
# channel, run by the organisations with a *_CASH_CHAINCODE_PORT (the
# payment operator) and committed by the payment operator.

# Selects the product's chaincode for the functions below (the default once
# the topology is loaded: CHAINCODE_NAME comes from it).
# CC_WORKSPACE: the npm workspace deployCC builds ('' for none); CC_INIT_*: the
# ledger's one-time initialisation (initialize_ledger), if it has one: a query
# answering NOT_INITIALIZED until it is done, the function, and the function
# printing its request.
use_product_chaincode() {
  CC_NAME=$CHAINCODE_NAME
  CC_MODULE_DIR="$REPO_ROOT/chaincode"
  CC_WORKSPACE=chaincode
  CC_PORT_FIELD=CHAINCODE_PORT
  CC_PROCESS=chaincode
  CC_STATE=chaincode
  # Membership:Initialize, once: records the CSD as the ledger's authority.
  CC_INIT_QUERY="{\"function\":\"Membership:GetMember\",\"Args\":[\"$CSD_MSP_ID\"]}"
  CC_INIT_FUNCTION=Membership:Initialize
  CC_INIT_REQUEST=bond_init_request
}

bond_init_request() {
  node -e 'const [c, n, l] = process.argv.slice(1); process.stdout.write(JSON.stringify({ csdMspId: c, legalName: n, lei: l }))' \
    "$CSD_MSP_ID" "$CSD_LEGAL_NAME" "$CSD_LEI"
}

# Selects the benchmark's baseline chaincode, which has no state to initialise.
use_benchmark_chaincode() {
  CC_NAME=benchmark
  CC_MODULE_DIR="$REPO_ROOT/bench/chaincode"
  CC_WORKSPACE=''
  CC_PORT_FIELD=BENCHMARK_CHAINCODE_PORT
  CC_PROCESS=benchmark
  CC_STATE=chaincode-benchmark
  CC_INIT_FUNCTION=''
}

# Selects the cash ledger's chaincode, on the cash channel.
use_cash_chaincode() {
  use_cash_channel
  CC_NAME=$CASH_CHAINCODE_NAME
  CC_MODULE_DIR="$REPO_ROOT/cash-chaincode"
  CC_WORKSPACE=cash-chaincode
  CC_PORT_FIELD=CASH_CHAINCODE_PORT
  CC_PROCESS=cash-chaincode
  CC_STATE=chaincode-cash
  # Cash:Initialize, once: records the payment operator as the ledger's operator.
  CC_INIT_QUERY='{"function":"Cash:GetConfig","Args":[]}'
  CC_INIT_FUNCTION=Cash:Initialize
  CC_INIT_REQUEST=cash_init_request
}

cash_init_request() {
  node -e 'process.stdout.write(JSON.stringify({ operatorMspId: process.argv[1] }))' "$(org_var "$CASH_ADMIN_ORG" MSP_ID)"
}

# The organisations of the selected channel that run the selected chaincode:
# those with its port (*_CHAINCODE_PORT: every organisation of the bond
# channel; *_BENCHMARK_CHAINCODE_PORT; *_CASH_CHAINCODE_PORT).
chaincode_orgs() {
  local org port
  for org in $(channel_orgs); do
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

# The endorsement policy of the selected chaincode: the channel
# administrator's peer and at least one other organisation running the
# chaincode, or the administrator's peer alone if no other runs it. On the
# bond channel: the CSD and at least one other member; a supervisor (topology
# ENDORSES=no) runs the chaincode for its own queries but never endorses: it
# reads and does not take part in changes. On the cash channel only the
# payment operator runs the chaincode: OR('PaymentMSP.peer').
endorsement_policy() {
  local others=() org endorses admin joined
  admin=$(channel_admin_org)
  for org in $(chaincode_orgs); do
    endorses="${org^^}_ENDORSES"
    [[ "$org" == "$admin" || "${!endorses:-yes}" == no ]] || others+=("'$(org_var "$org" MSP_ID).peer'")
  done
  if [[ ${#others[@]} -eq 0 ]]; then
    printf "OR('%s.peer')" "$(org_var "$admin" MSP_ID)"
    return 0
  fi
  joined=$(IFS=,; echo "${others[*]}")
  printf "AND('%s.peer', OR(%s))" "$(org_var "$admin" MSP_ID)" "$joined"
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
# organisations' peers (default: every organisation running the selected chaincode).
peer_connection_flags() {
  local org peer_orgs=("$@")
  [[ ${#peer_orgs[@]} -gt 0 ]] || read -r -a peer_orgs <<<"$(chaincode_orgs)"
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
  if [[ -n "$CC_WORKSPACE" ]]; then
    info "building the chaincode $CC_NAME"
    # The shared plumbing first: the chaincode's build reads its types, its server its dist.
    npm run build --workspace chaincode-common --workspace "$CC_WORKSPACE" >>"$LOG_DIR/chaincode-build.log" 2>&1 ||
      die "chaincode build failed; see $LOG_DIR/chaincode-build.log"
  fi
  local deploy_orgs admin
  deploy_orgs=$(chaincode_orgs)
  admin=$(channel_admin_org)

  local committed_version committed_sequence
  committed_version=$(as_org_admin "$admin" && committed_field version)
  committed_sequence=$(as_org_admin "$admin" && committed_field sequence)
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

  local label="${CC_NAME}_${version}" policy paused
  policy=$(endorsement_policy)
  paused=$(pause_agents)
  for org in $deploy_orgs; do
    (
      as_org_admin "$org"
      local dir pkg package_id installed
      dir=$(chaincode_state_dir "$org")
      mkdir -p "$dir"
      pkg=$(package_chaincode "$org" "$label")
      package_id=$(peer lifecycle chaincode calculatepackageid "$pkg")
      # Read whole, then searched: `queryinstalled | grep -q` fails at random under pipefail (see create_channel).
      installed=$(peer lifecycle chaincode queryinstalled 2>/dev/null) || installed=''
      if ! grep -q "$package_id" <<<"$installed"; then
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
    as_org_admin "$admin"
    info "committing $CC_NAME $version (sequence $sequence) on '$CHANNEL_NAME', endorsement policy $policy"
    # Endorsed by the organisations that approved (a peer whose organisation did not refuses to endorse the commit).
    # shellcheck disable=SC2046,SC2086 # the flags and the list of organisations are split into words on purpose
    ordered "$LOG_DIR/chaincode-lifecycle.log" peer lifecycle chaincode commit $(orderer_flags) -C "$CHANNEL_NAME" \
      -n "$CC_NAME" -v "$version" --sequence "$sequence" --signature-policy "$policy" $(peer_connection_flags $deploy_orgs) ||
      die "commit failed; see $LOG_DIR/chaincode-lifecycle.log"
  ) || exit 1
  initialize_ledger
  wait_for_discovery
  resume_agents "$paused"
}

# Returns once every peer that proposes on the selected channel can reach,
# for endorsement, every organisation's peer that endorses there.
wait_for_discovery() {
  info "waiting for the peers of '$CHANNEL_NAME' to discover each other"
  node "$REPO_ROOT/test-network-scripts/lib/wait-discovery.js" "$BOND_NETWORK_HOME/network.json" 90 "$CHANNEL_NAME" ||
    die "the peers did not discover each other; see the peers' logs in $LOG_DIR"
}

# admin_invoke FUNCTION REQUEST_JSON: submits FUNCTION (Contract:Function) of
# the selected chaincode with one JSON request argument as the channel
# administrator's admin, endorsed by every organisation running the chaincode,
# and waits for the commit. Output goes to the lifecycle log.
admin_invoke() {
  local fn=$1 request=$2 call
  call=$(node -e 'process.stdout.write(JSON.stringify({ function: process.argv[1], Args: [process.argv[2]] }))' "$fn" "$request")
  (
    as_org_admin "$(channel_admin_org)"
    # shellcheck disable=SC2046 # orderer_flags and peer_connection_flags print several CLI flags: split on purpose
    peer chaincode invoke $(orderer_flags) -C "$CHANNEL_NAME" -n "$CC_NAME" $(peer_connection_flags) --waitForEvent -c "$call"
  ) >>"$LOG_DIR/chaincode-lifecycle.log" 2>&1
}

# The ledger's initialisation, once (CC_INIT_FUNCTION, as the channel
# administrator's admin): Membership:Initialize records the CSD as the bond
# ledger's authority; Cash:Initialize the payment operator as the cash
# ledger's operator. The benchmark's chaincode has no such state.
initialize_ledger() {
  [[ -n "$CC_INIT_FUNCTION" ]] || return 0
  (
    as_org_admin "$(channel_admin_org)"
    local answer
    for _ in $(seq 1 30); do
      answer=$(peer chaincode query -C "$CHANNEL_NAME" -n "$CC_NAME" -c "$CC_INIT_QUERY" 2>&1) && exit 0
      grep -q NOT_INITIALIZED <<<"$answer" && break
      sleep 1
    done
    grep -q NOT_INITIALIZED <<<"$answer" || die "cannot query the chaincode $CC_NAME: $answer"
    local request
    request=$("$CC_INIT_REQUEST")
    info "initialising the ledger of '$CHANNEL_NAME': $CC_INIT_FUNCTION $request"
    admin_invoke "$CC_INIT_FUNCTION" "$request" || die "$CC_INIT_FUNCTION failed; see $LOG_DIR/chaincode-lifecycle.log"
  ) || exit 1
}
