#!/usr/bin/env bash
# npm test: unit tests, then integration tests against the real network. The
# network is brought up (and deployed) if it is not running, and stopped
# again afterwards if this script started it, whether the tests pass or not.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/workspace.sh
source "$REPO_ROOT/test-network-scripts/lib/workspace.sh"
cd "$REPO_ROOT"

ensure_npm_dependencies
build_workspaces

# The gateway's typed lint reads the chaincode's built API: built just above.
info "lint"
npx eslint .
# Tests included: ts-jest compiles each test file on its own and does not report every type error.
info "typecheck"
npm run typecheck --silent
info "format"
npm run format:check --silent

info "shellcheck"
command -v shellcheck >/dev/null 2>&1 || die "shellcheck is not installed (e.g. apt-get install shellcheck)"
npm run lint:shell --silent

info "unit tests"
npx jest --selectProjects chaincode-common chaincode cash-chaincode gateway console

# The console's browser tests drive Debian's Chromium (puppeteer-core brings no browser).
if [[ -z "${CHROMIUM_PATH:-}" ]] && ! command -v chromium >/dev/null 2>&1; then
  die "Chromium is not installed (e.g. apt-get install chromium, or set CHROMIUM_PATH)"
fi

started_network=false
stop_started_network() {
  if [[ "$started_network" == true ]]; then
    info "stopping the network this test run started"
    "$REPO_ROOT/test-network-scripts/network.sh" down || true
  fi
}
trap stop_started_network EXIT

# The tests trigger the CSD's scheduler themselves; a periodic run could race them.
export BOND_SCHEDULER_INTERVAL=0
if network_running; then
  info "using the running network"
  # Redeploy so the chaincode servers and gateways run the code just built.
  "$REPO_ROOT/test-network-scripts/network.sh" deployCC -ccv "$(chaincode_version)"
  deploy_cash_chaincode
  "$REPO_ROOT/test-network-scripts/network.sh" startGateways
else
  started_network=true
  network_ready
fi

info "integration tests against the network"
npx jest -c gateway/jest.integration.config.js --runInBand

# A few seconds of each benchmark scenario (npm run bench is the full one): it fails on a
# conflict where none can arise, on holdings that do not add up, or on a step that fails.
info "benchmark (short): every scenario for a few seconds"
node "$REPO_ROOT/test-network-scripts/bench.js" --concurrency 4 --duration 3 --rounds 1 --hot-concurrency 4 --hot-duration 3 \
  --fan-out 10 --fan-out-concurrency 4 --query-concurrency 5 --query-duration 1 --out "$BOND_NETWORK_HOME/bench-smoke"

# What the tests left on the ledger must satisfy the register's invariants, read from a peer.
info "ledger invariants (npm run check-ledger)"
node "$REPO_ROOT/test-network-scripts/check-ledger.js"

# Faults under load (npm run faults is the whole suite): an orderer killed and restarted, a REST
# gateway killed with requests in flight; each followed by the ledger check of what was acknowledged.
info "faults (short): an orderer kill and a gateway kill under load"
node "$REPO_ROOT/test-network-scripts/faults.js" --scenarios orderer-kill,gateway-kill --observe 30 --out "$BOND_NETWORK_HOME/faults-smoke"

# Last, since it restarts the network: the short restart soak (npm run soak is the long one).
info "restart soak (short): 3 full restarts, 3 orderer kills under load"
"$REPO_ROOT/test-network-scripts/restart-soak.sh" --cycles 3 --transactions 200
