#!/usr/bin/env bash
# npm start: installs what is missing, brings the network up (the bond
# channel and the cash ledger's channel), deploys both chaincodes, and
# returns with everything running in the background.
#
#   npm start [-- --namespaces]
#
# --namespaces: each organisation's nodes in its own network namespace at its
# own address (network/topology.env, "Layout"; needs root). Chosen when the
# network is first created; later starts keep the layout it was made with.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --namespaces) export BOND_LAYOUT=namespaces; shift ;;
    -h | --help) script_usage "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done
# shellcheck source=lib/workspace.sh
source "$REPO_ROOT/test-network-scripts/lib/workspace.sh"

ensure_npm_dependencies
build_workspaces
network_ready
echo
"$REPO_ROOT/test-network-scripts/network.sh" status
# shellcheck disable=SC2016 # JavaScript's template literal, not the shell's
consoles=$(node -e 'const { gateways } = require(process.argv[1]);
console.log(Object.entries(gateways).map(([org, g]) => `${org} ${g.baseUrl}/console/`).join("  "));' "$BOND_NETWORK_HOME/gateways.json")
cat <<MESSAGE

The network is running: the bond ledger (channel bonds) and the cash ledger (channel cash).
  State, logs and crypto material: $BOND_NETWORK_HOME
  REST gateways, their API docs (/docs) and demo API keys: $BOND_NETWORK_HOME/gateways.json
  Web console (sign in with a demo API key): $consoles
  Test network description (peers, demo identities): $BOND_NETWORK_HOME/network.json
  Logs: $LOG_DIR/<process>.log
  Status: test-network-scripts/network.sh status      Stop: npm stop
MESSAGE
