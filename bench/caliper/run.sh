#!/usr/bin/env bash
# Runs the Hyperledger Caliper benchmark (bench/caliper) against the RUNNING
# test network: round "baseline" (one key per transaction, benchmark
# chaincode) and round "transfers" (secondary DvP transfers, bond chaincode),
# through Caliper 0.6's fabric-gateway binding. It neither starts nor stops
# the network.
#
#   npm run bench:caliper [-- EXTRA_CALIPER_ARGS...]
#   bash bench/caliper/run.sh [EXTRA_CALIPER_ARGS...]
#
# Needs: the network up (npm start) and the transfer fixture that the
# project's benchmark seeds ($BOND_NETWORK_HOME/bench/transfer-fixture.json;
# npm run bench writes it), and npm run bench not running at the same time
# (both move units across the fixture's account pairs). Caliper is installed
# on first use from the npm registry into $BOND_CALIPER_HOME (default
# ~/.cache/bond-platform/caliper-0.6.0), outside the clone. Rounds are set in bench/caliper/benchmarks/config.yaml
# (or BOND_CALIPER_BENCHCONFIG, a path relative to bench/caliper).
#
# Writes to $BOND_NETWORK_HOME/bench/caliper/: test-network.yaml and
# profiles/ (the generated network configuration), report.html (Caliper's
# report), summary.txt (Caliper's summary table as text) and caliper.log.
# Exit status: Caliper's.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WORKSPACE="$ROOT/bench/caliper"
CALIPER_VERSION=0.6.0
CALIPER_HOME=${BOND_CALIPER_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/bond-platform/caliper-$CALIPER_VERSION}
NETWORK_HOME=${BOND_NETWORK_HOME:-$ROOT/.network-state}
OUT="$NETWORK_HOME/bench/caliper"
BENCHCONFIG=${BOND_CALIPER_BENCHCONFIG:-benchmarks/config.yaml}
CALIPER="$CALIPER_HOME/node_modules/.bin/caliper"

log() { printf '%s\n' "$*" >&2; }

# Caliper CLI plus the fabric-gateway binding (@hyperledger/fabric-gateway, @grpc/grpc-js).
install_caliper() {
  if [[ -x $CALIPER && -d $CALIPER_HOME/node_modules/@hyperledger/fabric-gateway ]]; then
    return 0
  fi
  log "Installing Caliper $CALIPER_VERSION into $CALIPER_HOME (once; a few minutes)"
  mkdir -p "$CALIPER_HOME"
  # A package.json of its own, so npm installs here and not into an enclosing project.
  [[ -f $CALIPER_HOME/package.json ]] || printf '{ "private": true }\n' >"$CALIPER_HOME/package.json"
  npm install --prefix "$CALIPER_HOME" --no-audit --no-fund "@hyperledger/caliper-cli@$CALIPER_VERSION"
  (cd "$CALIPER_HOME" && "$CALIPER" bind --caliper-bind-sut fabric:fabric-gateway --caliper-bind-cwd "$CALIPER_HOME")
}

[[ -f $NETWORK_HOME/network.json ]] || { log "No $NETWORK_HOME/network.json: start the network first (npm start)."; exit 2; }
[[ -f $NETWORK_HOME/bench/transfer-fixture.json ]] || {
  log "No $NETWORK_HOME/bench/transfer-fixture.json: run the project's benchmark once (npm run bench), which seeds it."
  exit 2
}

# npm run bench moves units across the same account pairs: running both at once would make them conflict.
if pgrep -f 'test-network-scripts/bench\.js' >/dev/null; then
  log "npm run bench is running: it uses the same account pairs; run this after it."
  exit 2
fi

install_caliper
mkdir -p "$OUT"
NETWORK_CONFIG=$(node "$WORKSPACE/network-config.js" --network-home "$NETWORK_HOME" --out "$OUT")

export BOND_NETWORK_HOME="$NETWORK_HOME"
export BOND_CALIPER_RUN_ID
BOND_CALIPER_RUN_ID=$(date -u +%Y%m%dT%H%M%SZ)
# The workload modules live in the clone and require @hyperledger/caliper-core from Caliper's install.
export NODE_PATH="$CALIPER_HOME/node_modules${NODE_PATH:+:$NODE_PATH}"

log "Caliper $CALIPER_VERSION: $BENCHCONFIG against $NETWORK_CONFIG (run $BOND_CALIPER_RUN_ID)"
set +e
(cd "$WORKSPACE" && "$CALIPER" launch manager \
  --caliper-workspace "$WORKSPACE" \
  --caliper-networkconfig "$NETWORK_CONFIG" \
  --caliper-benchconfig "$BENCHCONFIG" \
  --caliper-flow-only-test \
  --caliper-report-path "$OUT/report.html" \
  "$@") 2>&1 | tee "$OUT/caliper.log"
status=${PIPESTATUS[0]}
set -e

# Caliper's summary table, without the log's colour codes.
sed 's/\x1b\[[0-9;]*m//g' "$OUT/caliper.log" |
  awk '/### All test results ###/ { found = 1; next } found && /^[+|]/ { print; table = 1; next } table { exit }' >"$OUT/summary.txt"
if [[ -s $OUT/summary.txt ]]; then
  log "Summary: $OUT/summary.txt; report: $OUT/report.html"
else
  log "Caliper printed no summary table (exit status $status); see $OUT/caliper.log"
  [[ $status -ne 0 ]] || status=1
fi
exit "$status"
