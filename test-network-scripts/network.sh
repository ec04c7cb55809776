#!/usr/bin/env bash
# The bond test network: native Fabric processes on this host, no Docker.
#
#   network.sh up                 start CAs, enrol identities, start orderers and peers
#   network.sh createChannel      create the channel and join every orderer and peer
#   network.sh deployCC [-ccv V] [-ccs N]
#                                 build, package, install, approve and commit the
#                                 chaincode; start each org's chaincode server
#   network.sh startGateways      (re)start each organisation's REST gateway
#   network.sh stopProcess NAME   stop one process (e.g. peer0-bank); `up` starts it again
#   network.sh down               stop every process of the network (data is kept)
#   network.sh clean              down, then delete all generated state
#   network.sh status             what is running, where, and whether it is healthy
#
# Addresses come from network/topology.env; everything the network writes goes
# under $BOND_NETWORK_HOME (default: .network-state in the clone).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$REPO_ROOT/test-network-scripts/lib/ca.sh"
source "$REPO_ROOT/test-network-scripts/lib/nodes.sh"
source "$REPO_ROOT/test-network-scripts/lib/channel.sh"
source "$REPO_ROOT/test-network-scripts/lib/chaincode.sh"
source "$REPO_ROOT/test-network-scripts/lib/gateways.sh"
load_topology

# Every address a stopped process of the network would take, as "NAME HOST:PORT".
network_addresses() {
  local org orderer
  for org in $ORGS; do
    printf 'ca-%s %s:%s\n' "$org" "$(org_var "$org" CA_HOST)" "$(org_var "$org" CA_PORT)"
    printf 'peer0-%s %s:%s\n' "$org" "$(org_var "$org" PEER_HOST)" "$(org_var "$org" PEER_PORT)"
    printf 'chaincode-%s %s:%s\n' "$org" "$(org_var "$org" CHAINCODE_HOST)" "$(org_var "$org" CHAINCODE_PORT)"
    printf 'gateway-%s %s:%s\n' "$org" "$(org_var "$org" PEER_HOST)" "$(org_var "$org" GATEWAY_PORT)"
  done
  for orderer in $ORDERERS; do
    printf '%s %s:%s\n' "$orderer" "$(org_var "$orderer" HOST)" "$(org_var "$orderer" PORT)"
  done
}

# Refuses to start anything if a port the network needs is held by another
# process (often another clone's network): half a network joined to
# another's nodes is worse than none.
preflight_ports() {
  local name address conflicts=()
  while read -r name address; do
    pid_of "$name" >/dev/null && continue
    port_in_use "${address%:*}" "${address##*:}" && conflicts+=("$address ($name)")
  done < <(network_addresses)
  [[ ${#conflicts[@]} -eq 0 ]] || die "ports already in use by other processes: ${conflicts[*]}; stop them (another clone's network?) or change network/topology.env"
}

network_up() {
  resolve_binaries
  mkdir -p "$BOND_NETWORK_HOME" "$LOG_DIR"
  preflight_ports
  local org orderer
  for org in $ORGS; do start_ca "$org"; done
  for org in $ORGS; do wait_ca "$org"; done
  for org in $ORGS; do enroll_org "$org"; done
  node "$REPO_ROOT/test-network-scripts/lib/network-json.js" "$ORG_DIR" "$BOND_NETWORK_HOME/network.json"
  write_node_config
  for orderer in $ORDERERS; do start_orderer "$orderer"; done
  for org in $ORGS; do start_peer "$org"; done
  for orderer in $ORDERERS; do wait_orderer "$orderer"; done
  for org in $ORGS; do wait_peer "$org"; done
  # Chaincode servers of an earlier deployment come back with the network.
  for org in $ORGS; do [[ -f "$(chaincode_state_dir "$org")/package-id" ]] && start_chaincode_server "$org"; done
  info "network is up: $(echo "$ORDERERS" | wc -w) orderers, $(echo "$ORGS" | wc -w) peers, $(echo "$ORGS" | wc -w) CAs"
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
  info "network stopped (ledgers and crypto material kept in $BOND_NETWORK_HOME; 'clean' deletes them)"
}

network_clean() {
  network_down
  rm -rf "$BOND_NETWORK_HOME"
  info "removed $BOND_NETWORK_HOME"
}

# One line per process: name, pid (or 'stopped'), health, address.
network_status() {
  local org orderer
  printf '%-22s %-8s %-9s %s\n' PROCESS PID HEALTH ADDRESS
  for org in $ORGS; do
    status_line "ca-$org" "https://$(org_var "$org" CA_HOST):$(org_var "$org" CA_PORT)/cainfo" "$(ca_tls_cert "$org")" \
      "$(org_var "$org" CA_HOST):$(org_var "$org" CA_PORT)"
  done
  for orderer in $ORDERERS; do
    status_line "$orderer" "https://$(org_var "$orderer" HOST):$(org_var "$orderer" OPS_PORT)/healthz" \
      "$ORG_DIR/csd/orderers/$orderer/tls/ca.crt" "$(org_var "$orderer" HOST):$(org_var "$orderer" PORT)"
  done
  for org in $ORGS; do
    status_line "peer0-$org" "https://$(org_var "$org" PEER_HOST):$(org_var "$org" PEER_OPS_PORT)/healthz" \
      "$ORG_DIR/$org/peers/peer0/tls/ca.crt" "$(org_var "$org" PEER_HOST):$(org_var "$org" PEER_PORT)"
  done
  for org in $ORGS; do
    status_line "chaincode-$org" '' '' "$(org_var "$org" CHAINCODE_HOST):$(org_var "$org" CHAINCODE_PORT)"
  done
  for org in $ORGS; do
    status_line "gateway-$org" "http://$(org_var "$org" PEER_HOST):$(org_var "$org" GATEWAY_PORT)/readyz" '' \
      "http://$(org_var "$org" PEER_HOST):$(org_var "$org" GATEWAY_PORT)"
  done
}

status_line() {
  local name=$1 url=$2 cafile=$3 address=$4 pid health=-
  if pid=$(pid_of "$name"); then
    if [[ -z "$url" ]]; then
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

usage() {
  sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
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
      ;;
    deployCC) deploy_chaincode "$@" ;;
    startGateways)
      for org in $ORGS; do stop_process "gateway-$org"; done
      gateways_up
      ;;
    stopProcess)
      [[ -n "${1:-}" ]] || die "stopProcess needs a process name (see: network.sh status)"
      stop_process "$1"
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
