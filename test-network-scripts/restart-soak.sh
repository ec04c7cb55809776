#!/usr/bin/env bash
# Restart soak: proves the network comes back after restarts, however often.
#
#   restart-soak.sh [--cycles N] [--transactions N] [--json FILE]
#
# On the running network (started first if it is not):
#   1. commits --transactions transactions through the REST gateways (default 2000);
#   2. full restarts: stops every process of the network and starts it again,
#      --cycles times (default 20); after each, a transaction must commit within 60 s;
#   3. orderer kills: with transactions flowing through the gateways, kills
#      (SIGKILL) one Raft orderer, checks a transaction still commits on the
#      other two, restarts it, and checks it catches up with the channel's
#      height and a transaction commits within 60 s; each orderer in turn,
#      --cycles times.
# Prints cycles attempted, cycles recovered and the slowest recovery of each
# kind, and exits non-zero unless every cycle recovered. The soak's
# transactions update the organisations' contacts and the calendars SOAK-1…6
# (year 2199), which no bond uses.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/workspace.sh
source "$REPO_ROOT/test-network-scripts/lib/workspace.sh"
# shellcheck source=lib/nodes.sh
source "$REPO_ROOT/test-network-scripts/lib/nodes.sh"
load_topology

CYCLES=20
TRANSACTIONS=2000
JSON_OUT=''
# A transaction must commit within this many seconds of a recovery.
COMMIT_DEADLINE=60
# A full start that takes longer than this is a hang (a cold start takes about a minute).
START_DEADLINE=600

while [[ $# -gt 0 ]]; do
  case "$1" in
    --cycles) CYCLES=$2; shift 2 ;;
    --transactions) TRANSACTIONS=$2; shift 2 ;;
    --json) JSON_OUT=$2; shift 2 ;;
    -h | --help) script_usage "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done
[[ "$CYCLES" =~ ^[1-9][0-9]*$ && "$TRANSACTIONS" =~ ^[0-9]+$ ]] || die "--cycles and --transactions take whole numbers"

LOAD="$REPO_ROOT/test-network-scripts/lib/soak-load.js"
NETWORK="$REPO_ROOT/test-network-scripts/network.sh"
SOAK_LOG="$LOG_DIR/restart-soak.log"
mkdir -p "$LOG_DIR"

# probe: seconds until one transaction commits (fails past the deadline).
probe() { node "$LOAD" "$BOND_NETWORK_HOME" probe "$COMMIT_DEADLINE"; }

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
max() { awk -v a="$1" -v b="$2" 'BEGIN { print (b > a ? b : a) }'; }

# The channel's block height on an orderer, from its channel participation API
# (as the CSD's admin; the operations endpoint's /metrics needs a client certificate).
orderer_height() {
  local name=$1 tls="$ORG_DIR/$ORDERER_ORG/users/admin/tls"
  osnadmin channel list --channelID "$CHANNEL_NAME" -o "$(org_var "$name" HOST):$(org_var "$name" ADMIN_PORT)" \
    --ca-file "$tls/ca.crt" --client-cert "$tls/server.crt" --client-key "$tls/server.key" 2>/dev/null |
    sed -n 's/^[[:space:]]*"height": *\([0-9]*\).*/\1/p'
}

# Waits until ORDERER's height reaches the highest of the others; prints seconds.
wait_caught_up() {
  local name=$1 started target mine other
  started=$(now)
  for _ in $(seq 1 $((COMMIT_DEADLINE * 2))); do
    target=0
    for other in $ORDERERS; do
      [[ "$other" == "$name" ]] && continue
      target=$(max "$target" "$(orderer_height "$other" || echo 0)")
    done
    mine=$(orderer_height "$name" || echo 0)
    if [[ -n "$mine" && "$target" -gt 0 ]] && awk -v m="$mine" -v t="$target" 'BEGIN { exit !(m >= t) }'; then
      elapsed "$started"
      return 0
    fi
    sleep 0.5
  done
  elapsed "$started"
  return 1
}

full_restarts() {
  local i started start_seconds probe_seconds
  FULL_RECOVERED=0 FULL_SLOWEST_START=0 FULL_SLOWEST_COMMIT=0
  for i in $(seq 1 "$CYCLES"); do
    "$NETWORK" down >>"$SOAK_LOG" 2>&1
    started=$(now)
    if ! timeout "$START_DEADLINE" bash -c "source '$REPO_ROOT/test-network-scripts/lib/common.sh'; source '$REPO_ROOT/test-network-scripts/lib/workspace.sh'; network_ready" >>"$SOAK_LOG" 2>&1; then
      warn "full restart $i/$CYCLES: the network did not start within ${START_DEADLINE} s (see $SOAK_LOG)"
      continue
    fi
    start_seconds=$(elapsed "$started")
    if probe_seconds=$(probe); then
      FULL_RECOVERED=$((FULL_RECOVERED + 1))
      FULL_SLOWEST_START=$(max "$FULL_SLOWEST_START" "$start_seconds")
      FULL_SLOWEST_COMMIT=$(max "$FULL_SLOWEST_COMMIT" "$probe_seconds")
      info "full restart $i/$CYCLES: started in $start_seconds s, first commit after $probe_seconds s"
    else
      warn "full restart $i/$CYCLES: no transaction committed within $COMMIT_DEADLINE s of the start"
    fi
  done
}

orderer_kills() {
  local i orderer pid flow_out killed_seconds caught_up commit_seconds recovered
  local orderers
  read -r -a orderers <<<"$ORDERERS"
  KILL_RECOVERED=0 KILL_SLOWEST_CATCHUP=0 KILL_SLOWEST_COMMIT=0
  # Global, not local: the EXIT trap runs after this function has returned.
  STOP_FILE=$(mktemp -u)
  flow_out=$(mktemp)
  # The load stops with the soak, however it ends.
  trap 'touch "$STOP_FILE"' EXIT
  node "$LOAD" "$BOND_NETWORK_HOME" flow "$STOP_FILE" >"$flow_out" 2>>"$SOAK_LOG" &
  local flow_pid=$!
  for i in $(seq 1 "$CYCLES"); do
    orderer=${orderers[$(((i - 1) % ${#orderers[@]}))]}
    recovered=true
    pid=$(pid_of "$orderer") || die "$orderer is not running"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid"
    rm -f "$PID_DIR/$orderer.pid"
    # The other two orderers keep a Raft majority: transactions go on committing.
    if ! killed_seconds=$(probe); then
      warn "orderer kill $i/$CYCLES: no commit within $COMMIT_DEADLINE s with $orderer down"
      recovered=false
    fi
    start_orderer "$orderer" >>"$SOAK_LOG" 2>&1
    # Not a job of this shell: its next kill -9 is not reported as "Killed" here.
    disown "$!" 2>/dev/null || true
    wait_orderer "$orderer" >>"$SOAK_LOG" 2>&1
    caught_up=$(wait_caught_up "$orderer") || {
      warn "orderer kill $i/$CYCLES: $orderer did not catch up within $COMMIT_DEADLINE s"
      recovered=false
    }
    commit_seconds=$(probe) || {
      warn "orderer kill $i/$CYCLES: no commit within $COMMIT_DEADLINE s after restarting $orderer"
      recovered=false
    }
    if [[ "$recovered" == true ]]; then
      KILL_RECOVERED=$((KILL_RECOVERED + 1))
      KILL_SLOWEST_CATCHUP=$(max "$KILL_SLOWEST_CATCHUP" "$caught_up")
      KILL_SLOWEST_COMMIT=$(max "$KILL_SLOWEST_COMMIT" "$(max "$killed_seconds" "$commit_seconds")")
      info "orderer kill $i/$CYCLES ($orderer): commit while down after $killed_seconds s, caught up in $caught_up s, commit after restart $commit_seconds s"
    fi
  done
  touch "$STOP_FILE"
  wait "$flow_pid" || true
  FLOW=$(cat "$flow_out")
  trap - EXIT
  rm -f "$STOP_FILE" "$flow_out"
}

main() {
  resolve_binaries
  if ! network_running; then
    info "starting the network"
    network_ready
  fi
  if [[ "$TRANSACTIONS" -gt 0 ]]; then
    info "committing $TRANSACTIONS transactions through the gateways"
    node "$LOAD" "$BOND_NETWORK_HOME" burst "$TRANSACTIONS" >>"$SOAK_LOG"
  fi
  info "full restarts: $CYCLES cycles"
  full_restarts
  info "orderer kills under load: $CYCLES cycles"
  orderer_kills

  printf '\n%-16s %9s %9s  %s\n' SCENARIO ATTEMPTED RECOVERED SLOWEST
  printf '%-16s %9s %9s  %s\n' 'full restart' "$CYCLES" "$FULL_RECOVERED" \
    "start ${FULL_SLOWEST_START} s, then first commit ${FULL_SLOWEST_COMMIT} s"
  printf '%-16s %9s %9s  %s\n' 'orderer kill -9' "$CYCLES" "$KILL_RECOVERED" \
    "catch-up ${KILL_SLOWEST_CATCHUP} s, commit ${KILL_SLOWEST_COMMIT} s"
  printf 'load during the orderer kills: %s\n' "$FLOW"
  if [[ -n "$JSON_OUT" ]]; then
    printf '{"cycles":%s,"transactions":%s,"fullRestart":{"recovered":%s,"slowestStartSeconds":%s,"slowestFirstCommitSeconds":%s},"ordererKill":{"recovered":%s,"slowestCatchUpSeconds":%s,"slowestCommitSeconds":%s},"loadDuringKills":%s}\n' \
      "$CYCLES" "$TRANSACTIONS" "$FULL_RECOVERED" "$FULL_SLOWEST_START" "$FULL_SLOWEST_COMMIT" \
      "$KILL_RECOVERED" "$KILL_SLOWEST_CATCHUP" "$KILL_SLOWEST_COMMIT" "$FLOW" >"$JSON_OUT"
  fi
  [[ "$FULL_RECOVERED" -eq "$CYCLES" && "$KILL_RECOVERED" -eq "$CYCLES" ]]
}

main
