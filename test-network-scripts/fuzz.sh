#!/usr/bin/env bash
# Bad-input fuzzing (issue 14) against the running test network.
#
#   fuzz.sh [--cases N] [--seed S]
#
# Runs both seeded fuzz suites with FUZZ_CASES=N (default 5000; each suite
# runs at least 5,000 cases whatever N is) and FUZZ_SEED=S (default 14):
#   gateway/test/integration/fuzz-http.test.ts       the REST gateways' API
#   gateway/test/integration/fuzz-chaincode.test.ts  the chaincode's arguments through fabric-gateway
# The same seed and count replay the same cases; a failure names its case
# and how to replay it. Prints the cases each suite tried and their total,
# and exits non-zero if a suite failed. The network must be up (npm start);
# the REST suite also expects nobody else to write meanwhile (it compares
# ledger heights). Output is kept in $BOND_NETWORK_HOME/logs/fuzz.log.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/workspace.sh
source "$REPO_ROOT/test-network-scripts/lib/workspace.sh"
# shellcheck source=lib/nodes.sh
source "$REPO_ROOT/test-network-scripts/lib/nodes.sh"
load_topology

CASES=5000
SEED=14
while [[ $# -gt 0 ]]; do
  case "$1" in
    --cases) CASES=${2:-}; shift 2 ;;
    --seed) SEED=${2:-}; shift 2 ;;
    -h | --help) script_usage "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done
[[ "$CASES" =~ ^[1-9][0-9]*$ && "$SEED" =~ ^[0-9]+$ ]] || die "--cases and --seed take whole numbers"
network_running || die "the test network is not running: start it with npm start"

FUZZ_LOG="$LOG_DIR/fuzz.log"
mkdir -p "$LOG_DIR"
info "fuzzing with FUZZ_CASES=$CASES FUZZ_SEED=$SEED (output also in $FUZZ_LOG)"
status=0
# FUZZ_CHAINCODE_CASES would override FUZZ_CASES for the chaincode suite: the count here is FUZZ_CASES alone.
(cd "$REPO_ROOT" && env -u FUZZ_CHAINCODE_CASES -u FUZZ_ONLY FUZZ_CASES="$CASES" FUZZ_SEED="$SEED" \
  npx jest -c gateway/jest.integration.config.js --runInBand fuzz-http fuzz-chaincode) 2>&1 | tee "$FUZZ_LOG" || status=$?

# Each suite prints "fuzz-<name>: <count> cases …" once it has run its cases.
http=$(sed -n 's/^fuzz-http: \([0-9]*\) cases.*/\1/p' "$FUZZ_LOG" | tail -1)
chaincode=$(sed -n 's/^fuzz-chaincode: \([0-9]*\) cases.*/\1/p' "$FUZZ_LOG" | tail -1)
printf 'fuzz: %s REST cases + %s chaincode cases = %s cases tried (seed %s)\n' \
  "${http:-0}" "${chaincode:-0}" "$((${http:-0} + ${chaincode:-0}))" "$SEED"
if [[ -z "$http" || -z "$chaincode" ]]; then
  warn "a suite stopped before it ran its cases; see $FUZZ_LOG"
  [[ "$status" -ne 0 ]] || status=1
fi
exit "$status"
