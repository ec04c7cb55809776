#!/usr/bin/env bash
# The bond test network: native Fabric processes on this host, no Docker.
#
#   network.sh up                 start CAs, enrol identities, start orderers and peers
#   network.sh createChannel      create the bond channel and the cash ledger's channel
#                                 and join each one's orderers and peers
#   network.sh deployCC [-ccv V] [-ccs N]
#                                 build, package, install, approve and commit the
#                                 chaincode; start each org's chaincode server
#   network.sh deployBenchmarkCC  the same for the benchmark's baseline chaincode
#                                 (bench/chaincode; npm run bench does this)
#   network.sh deployCashCC [-ccv V] [-ccs N]
#                                 the same for the cash chaincode (cash-chaincode) on
#                                 the cash channel, committed by the payment operator
#   network.sh startGateways      (re)start each organisation's REST gateway and settlement agent
#   network.sh startAgents        start each settlement agent that is not running (e.g. after a kill)
#   network.sh batching [--timeout 250ms] [--max-messages 100] [--preferred-bytes 2097152]
#                                 show the orderers' block cutting, or change it by a
#                                 channel configuration update signed by ORDERER_ORG's admin
#   network.sh stopProcess NAME   stop one process (e.g. peer0-bank); `up` starts it again
#   network.sh startProcess NAME  start one stopped process (and wait until it serves)
#   network.sh cut ORG            namespaces layout: take ORG's link to the network down
#   network.sh heal ORG           ... and up again
#   network.sh down               stop every process of the network (data is kept) and
#                                 remove the namespaces layout's namespaces and bridge
#   network.sh clean              down, then delete all generated state
#   network.sh status             what is running, where, and whether it is healthy
#
# Addresses come from network/topology.env; everything the network writes goes
# under $BOND_NETWORK_HOME (default: .network-state in the clone). BOND_LAYOUT=namespaces
# on the first `up` puts each organisation in its own network namespace (see the
# topology's "Layout"); later commands follow the layout the network was made with.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/ca.sh
source "$REPO_ROOT/test-network-scripts/lib/ca.sh"
# shellcheck source=lib/nodes.sh
source "$REPO_ROOT/test-network-scripts/lib/nodes.sh"
# shellcheck source=lib/channel.sh
source "$REPO_ROOT/test-network-scripts/lib/channel.sh"
# shellcheck source=lib/chaincode.sh
source "$REPO_ROOT/test-network-scripts/lib/chaincode.sh"
# shellcheck source=lib/gateways.sh
source "$REPO_ROOT/test-network-scripts/lib/gateways.sh"
# shellcheck source=lib/namespaces.sh
source "$REPO_ROOT/test-network-scripts/lib/namespaces.sh"
load_topology
use_product_chaincode

# The address a process listens on (HOST:PORT; a gateway's as its base URL).
process_address() {
  local kind=$1 node=$2
  case "$kind" in
    ca) printf '%s:%s' "$(org_var "$node" CA_HOST)" "$(org_var "$node" CA_PORT)" ;;
    orderer) printf '%s:%s' "$(org_var "$node" HOST)" "$(org_var "$node" PORT)" ;;
    peer) printf '%s:%s' "$(org_var "$node" PEER_HOST)" "$(org_var "$node" PEER_PORT)" ;;
    chaincode) printf '%s:%s' "$(org_var "$node" CHAINCODE_HOST)" "$(org_var "$node" CHAINCODE_PORT)" ;;
    benchmark) printf '%s:%s' "$(org_var "$node" CHAINCODE_HOST)" "$(org_var "$node" BENCHMARK_CHAINCODE_PORT)" ;;
    cash-chaincode) printf '%s:%s' "$(org_var "$node" CHAINCODE_HOST)" "$(org_var "$node" CASH_CHAINCODE_PORT)" ;;
    gateway) printf '%s:%s' "$(org_var "$node" PEER_HOST)" "$(org_var "$node" GATEWAY_PORT)" ;;
    agent) printf '%s' "$(org_var "$node" PEER_HOST)" ;;
    *) die "unknown kind of process '$kind'" ;;
  esac
}

# Every address a stopped process of the network would take, as "NAME HOST:PORT".
network_addresses() {
  local name kind node processes
  processes=$(network_processes)
  while read -r name kind node; do
    printf '%s %s\n' "$name" "$(process_address "$kind" "$node")"
  done <<<"$processes"
}

# Refuses to start anything if a port the network needs is held by another
# process (often another clone's network): half a network joined to
# another's nodes is worse than none.
preflight_ports() {
  local name address addresses conflicts=()
  addresses=$(network_addresses)
  while read -r name address; do
    pid_of "$name" >/dev/null && continue
    [[ "$address" == *:* ]] || continue # listens nowhere (a settlement agent)
    port_in_use "${address%:*}" "${address##*:}" && conflicts+=("$address ($name)")
  done <<<"$addresses"
  [[ ${#conflicts[@]} -eq 0 ]] || die "ports already in use by other processes: ${conflicts[*]}; stop them (another clone's network?) or change network/topology.env"
}

network_up() {
  resolve_binaries
  mkdir -p "$BOND_NETWORK_HOME" "$LOG_DIR"
  [[ -f "$LAYOUT_FILE" ]] || printf '%s\n' "$BOND_LAYOUT" >"$LAYOUT_FILE"
  namespaces_up
  preflight_ports
  local org orderer select
  for org in $(node_orgs); do start_ca "$org"; done
  for org in $(node_orgs); do wait_ca "$org"; done
  for org in $(node_orgs); do enroll_org "$org"; done
  node "$REPO_ROOT/test-network-scripts/lib/network-json.js" "$ORG_DIR" "$BOND_NETWORK_HOME/network.json"
  write_node_config
  for orderer in $(all_orderers); do start_orderer "$orderer"; done
  for org in $(node_orgs); do start_peer "$org"; done
  for orderer in $(all_orderers); do wait_orderer "$orderer"; done
  for org in $(node_orgs); do wait_peer "$org"; done
  # Chaincode servers of an earlier deployment come back with the network: the product's, the
  # benchmark's baseline where npm run bench deployed it, and the cash ledger's.
  for select in use_product_chaincode use_benchmark_chaincode use_cash_chaincode; do
    (
      "$select"
      for org in $(chaincode_orgs); do
        if [[ -f "$(chaincode_state_dir "$org")/package-id" ]]; then start_chaincode_server "$org"; fi
      done
    )
  done
  info "network is up ($BOND_LAYOUT layout): $(all_orderers | wc -w) orderers, $(node_orgs | wc -w) peers, $(node_orgs | wc -w) CAs"
}

network_down() {
  local name
  if [[ -d "$PID_DIR" ]]; then
    for file in "$PID_DIR"/*.pid; do
      [[ -e "$file" ]] || continue
      name=$(basename "$file" .pid)
      stop_process "$name"
    done
  fi
  namespaces_down
  info "network stopped (ledgers and crypto material kept in $BOND_NETWORK_HOME; 'clean' deletes them)"
}

network_clean() {
  network_down
  rm -rf "$BOND_NETWORK_HOME"
  info "removed $BOND_NETWORK_HOME"
}

# One line per process: name, pid (or 'stopped'), health, address.
# batching [--timeout D] [--max-messages N] [--preferred-bytes N]: the
# channel's BatchTimeout and BatchSize, changed if any flag is given.
batching() {
  local timeout=- max=- preferred=- work
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --timeout) [[ "${2:-}" =~ ^[0-9]+(ms|s)$ ]] || die "--timeout needs a duration like 250ms or 1s"; timeout=$2; shift 2 ;;
      --max-messages) [[ "${2:-}" =~ ^[1-9][0-9]{0,5}$ ]] || die "--max-messages needs a positive number"; max=$2; shift 2 ;;
      --preferred-bytes) [[ "${2:-}" =~ ^[1-9][0-9]{3,8}$ ]] || die "--preferred-bytes needs a number of bytes"; preferred=$2; shift 2 ;;
      *) die "batching: unknown option '$1' (use --timeout, --max-messages, --preferred-bytes)" ;;
    esac
  done
  resolve_binaries
  work=$(mktemp -d)
  fetch_channel_config "$work"
  if [[ "$timeout$max$preferred" != --- ]]; then
    node "$REPO_ROOT/test-network-scripts/lib/config-update.js" set-batching "$work/config.json" "$timeout" "$max" "$preferred" >"$work/modified.json"
    submit_config_update "$work" "$ORDERER_ORG" >>"$LOG_DIR/channel.log" 2>&1 || die "the orderers refused the update; see $LOG_DIR/channel.log"
    fetch_channel_config "$work"
  fi
  node "$REPO_ROOT/test-network-scripts/lib/config-update.js" batching "$work/config.json"
  echo
  rm -rf "$work"
}

network_status() {
  local name kind node address processes
  printf '%-22s %-8s %-9s %s\n' PROCESS PID HEALTH ADDRESS
  processes=$(network_processes)
  while read -r name kind node; do
    address=$(process_address "$kind" "$node")
    case "$kind" in
      ca) status_line "$name" "https://$address/cainfo" "$(ca_tls_cert "$node")" "$address" ;;
      orderer) status_line "$name" "https://$(org_var "$node" HOST):$(org_var "$node" OPS_PORT)/healthz" "$(orderer_dir "$node")/tls/ca.crt" "$address" ;;
      peer) status_line "$name" "https://$(org_var "$node" PEER_HOST):$(org_var "$node" PEER_OPS_PORT)/healthz" "$ORG_DIR/$node/peers/peer0/tls/ca.crt" "$address" ;;
      chaincode | benchmark | cash-chaincode) status_line "$name" '' '' "$address" ;;
      gateway) status_line "$name" "http://$address/readyz" '' "http://$address" ;;
      agent) status_line "$name" '' '' "$address" ;;
    esac
  done <<<"$processes"
}

status_line() {
  local name=$1 url=$2 cafile=$3 address=$4 pid health=-
  if pid=$(pid_of "$name"); then
    if [[ "$address" != *:* ]]; then
      health=running # listens nowhere: alive is all there is to know
    elif [[ -z "$url" ]]; then
      port_in_use "${address%:*}" "${address##*:}" && health=listening || health=starting
    elif curl -fsS ${cafile:+--cacert "$cafile"} -o /dev/null "$url" 2>/dev/null; then
      health=ok
    else
      health=unhealthy
    fi
  else
    pid=stopped
  fi
  printf '%-22s %-8s %-9s %s\n' "$name" "$pid" "$health" "$address"
}

# start_one NAME: starts one process of the network by its name in `status`.
start_one() {
  local name kind node processes
  processes=$(network_processes)
  while read -r name kind node; do
    [[ "$name" == "$1" ]] || continue
    resolve_binaries
    case "$kind" in
      ca) start_ca "$node" && wait_ca "$node" ;;
      orderer) start_orderer "$node" && wait_orderer "$node" ;;
      peer) start_peer "$node" && wait_peer "$node" ;;
      chaincode) start_chaincode_server "$node" ;;
      benchmark) (use_benchmark_chaincode && start_chaincode_server "$node") ;;
      cash-chaincode) (use_cash_chaincode && start_chaincode_server "$node") ;;
      # Starts the gateways that are not running (this one), leaving the others be.
      gateway) gateways_up ;;
      agent) agents_up ;;
    esac
    return 0
  done <<<"$processes"
  die "the network has no process '$1' (see: network.sh status)"
}

usage() {
  script_usage "${BASH_SOURCE[0]}"
  exit "${1:-0}"
}

main() {
  local command=${1:-}
  [[ -n "$command" ]] || usage 1
  shift
  case "$command" in
    up) network_up ;;
    createChannel)
      resolve_binaries
      create_channel
      (use_cash_channel && create_channel)
      ;;
    deployCC) deploy_chaincode "$@" ;;
    deployBenchmarkCC)
      use_benchmark_chaincode
      deploy_chaincode "$@"
      ;;
    deployCashCC)
      use_cash_chaincode
      [[ -f "$CC_MODULE_DIR/package.json" ]] || die "this clone has no cash chaincode ($CC_MODULE_DIR)"
      deploy_chaincode "$@"
      ;;
    startGateways)
      for org in $(agent_orgs); do stop_process "agent-$org"; done
      for org in $(gateway_orgs); do stop_process "gateway-$org"; done
      gateways_up
      ;;
    startAgents) agents_up ;;
    batching) batching "$@" ;;
    stopProcess)
      [[ -n "${1:-}" ]] || die "stopProcess needs a process name (see: network.sh status)"
      stop_process "$1"
      ;;
    startProcess)
      [[ -n "${1:-}" ]] || die "startProcess needs a process name (see: network.sh status)"
      start_one "$1"
      ;;
    cut | heal)
      [[ -n "${1:-}" ]] || die "$command needs an organisation (one of: $(node_orgs))"
      namespace_link_state "$([[ "$command" == cut ]] && echo down || echo up)" "$1"
      ;;
    down) network_down ;;
    clean) network_clean ;;
    status) network_status ;;
    -h | --help | help) usage 0 ;;
    *)
      warn "unknown command '$command'"
      usage 1
      ;;
  esac
}

main "$@"
