# shellcheck shell=bash
# Shared shell helpers for the test-network scripts. Sourced, not run.

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
NETWORK_CONFIG_DIR="$REPO_ROOT/network"
BOND_BIN_CACHE=${BOND_BIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/bond-platform}
# Everything the running network writes: crypto material, ledgers, logs, pid files.
BOND_NETWORK_HOME=${BOND_NETWORK_HOME:-$REPO_ROOT/.network-state}
LOG_DIR="$BOND_NETWORK_HOME/logs"
PID_DIR="$BOND_NETWORK_HOME/pids"
# shellcheck disable=SC2034 # used by the libraries and scripts that source this file
ORG_DIR="$BOND_NETWORK_HOME/organizations"

info() { printf '\033[1m==>\033[0m %s\n' "$*" >&2; }
warn() { printf '\033[33mwarning:\033[0m %s\n' "$*" >&2; }
die() {
  printf '\033[31merror:\033[0m %s\n' "$*" >&2
  exit 1
}

# The layout this network was created with (network/topology.env, "Layout"),
# kept in the state directory: its certificates name the layout's addresses.
LAYOUT_FILE="$BOND_NETWORK_HOME/layout"

# layout_host LOCAL NAMESPACE_ADDRESS: an organisation's host in the current layout.
layout_host() {
  if [[ "$BOND_LAYOUT" == namespaces ]]; then printf '%s' "$2"; else printf '%s' "$1"; fi
}

# Sets BOND_LAYOUT: the state directory's layout, or the one asked for when
# the network is new; refuses a different one than the network was made with.
resolve_layout() {
  local recorded=''
  [[ -f "$LAYOUT_FILE" ]] && recorded=$(<"$LAYOUT_FILE")
  if [[ -z "${BOND_LAYOUT:-}" ]]; then
    BOND_LAYOUT=${recorded:-local}
  elif [[ -n "$recorded" && "$recorded" != "$BOND_LAYOUT" ]]; then
    die "this network was created with the $recorded layout; to use $BOND_LAYOUT, delete it first (network.sh clean)"
  fi
  [[ "$BOND_LAYOUT" == local || "$BOND_LAYOUT" == namespaces ]] || die "BOND_LAYOUT must be local or namespaces, not '$BOND_LAYOUT'"
  export BOND_LAYOUT
}

# Loads network/topology.env, exported so generated configs can use it.
load_topology() {
  resolve_layout
  set -a
  # shellcheck source=../../network/topology.env
  source "$NETWORK_CONFIG_DIR/topology.env"
  # Institutions onboarded into this network by add-org.sh (each appends itself to ORGS).
  local extra
  for extra in "$BOND_NETWORK_HOME"/topology.d/*.env; do
    # shellcheck disable=SC1090 # written by add-org.sh at run time: nothing to follow statically
    [[ -e "$extra" ]] && source "$extra"
  done
  set +a
}

# Every organisation that runs nodes, one CA and one peer each: the bond
# channel's (ORGS) and those of the cash ledger that are not on it (its
# operator). Needs load_topology.
node_orgs() {
  local org orgs
  read -r -a orgs <<<"$ORGS"
  for org in $CASH_ORGS; do [[ " ${orgs[*]} " == *" $org "* ]] || orgs+=("$org"); done
  printf '%s' "${orgs[*]}"
}

# Every orderer: the bond channel's (ORDERERS) and the cash ledger's (CASH_ORDERERS).
all_orderers() { printf '%s' "$ORDERERS${CASH_ORDERERS:+ $CASH_ORDERERS}"; }

# The organisations with a REST gateway (a GATEWAY_PORT in the topology).
gateway_orgs() {
  local org port
  for org in $(node_orgs); do
    port="${org^^}_GATEWAY_PORT"
    if [[ -n "${!port:-}" ]]; then printf '%s ' "$org"; fi
  done
}

# Every process of the network as the topology describes it, one line each:
# "NAME KIND NODE" with KIND ca, orderer, peer, chaincode, benchmark,
# cash-chaincode, gateway or agent and NODE the organisation (or, for an orderer,
# the orderer) it belongs to. Every organisation in ORGS, onboarded ones and a
# supervisor (ENDORSES=no) too, runs all four of its processes; the cash
# ledger's operator its CA, peer, cash chaincode server and gateway. Needs load_topology.
network_processes() {
  local org orderer
  for org in $(node_orgs); do printf 'ca-%s ca %s\n' "$org" "$org"; done
  for orderer in $(all_orderers); do printf '%s orderer %s\n' "$orderer" "$orderer"; done
  for org in $(node_orgs); do printf 'peer0-%s peer %s\n' "$org" "$org"; done
  for org in $ORGS; do printf 'chaincode-%s chaincode %s\n' "$org" "$org"; done
  # The benchmark's baseline chaincode runs only where npm run bench deployed it.
  for org in $ORGS; do
    if [[ -f "$BOND_NETWORK_HOME/chaincode-benchmark/$org/package-id" ]]; then printf 'benchmark-%s benchmark %s\n' "$org" "$org"; fi
  done
  # The cash chaincode, where it is deployed (network.sh deployCashCC).
  for org in $CASH_ORGS; do
    if [[ -f "$BOND_NETWORK_HOME/chaincode-cash/$org/package-id" ]]; then printf 'cash-chaincode-%s cash-chaincode %s\n' "$org" "$org"; fi
  done
  for org in $(gateway_orgs); do printf 'gateway-%s gateway %s\n' "$org" "$org"; done
  for org in $(agent_orgs); do printf 'agent-%s agent %s\n' "$org" "$org"; done
}

# The organisations whose gateway configuration has a settlement agent
# (gateway-setup.js: the CSD's and the cash ledger's operator's), once written.
agent_orgs() {
  local org
  for org in $(gateway_orgs); do
    if grep -qs '"settlementAgent"' "$BOND_NETWORK_HOME/gateways/$org/config.json"; then printf '%s ' "$org"; fi
  done
}

# The settlement agents (gateway/dist/settlement-agent.js), one per gateway
# configuration with settlementAgent: agent-csd completes the bond side of
# cross-ledger DvPs, agent-payment refunds expired cash locks. Each runs on
# its organisation's host and listens nowhere; one already running is left be.
agents_up() {
  local org
  for org in $(agent_orgs); do
    start_process "agent-$org" "$(org_var "$org" PEER_HOST)" -- node "$REPO_ROOT/gateway/dist/settlement-agent.js" --config "$BOND_NETWORK_HOME/gateways/$org/config.json"
  done
  for org in $(agent_orgs); do
    sleep 0.5
    pid_of "agent-$org" >/dev/null || die "agent-$org exited during start-up; see $LOG_DIR/agent-$org.log"
  done
  [[ -z "$(agent_orgs)" ]] || info "settlement agents running: $(agent_orgs)(logs: $LOG_DIR/agent-<org>.log)"
}

# The settlement agents query the chaincodes every few seconds. While a
# deployment restarts the chaincode servers on a new package before the new
# definition is committed, such a query makes a peer launch the old package
# against a server that already answers as the new one; the launch then waits
# out chaincode.startuptimeout (300 s) and holds up the deployment's own
# calls. So a deployment stops the running agents (pause_agents prints their
# organisations) and starts them again once committed (resume_agents ORGS).
pause_agents() {
  local org
  for org in $(agent_orgs); do
    if pid_of "agent-$org" >/dev/null; then
      stop_process "agent-$org"
      printf '%s ' "$org"
    fi
  done
}
resume_agents() {
  [[ -z "${1// /}" ]] || agents_up
}

# orderer_org ORDERER: the organisation whose CA issues the orderer's identity
# (the topology's <ORDERER>_ORG, e.g. CASHORDERER1_ORG=payment), by default ORDERER_ORG.
orderer_org() {
  local name="${1^^}_ORG"
  printf '%s' "${!name:-$ORDERER_ORG}"
}

# orderer_dir ORDERER: the orderer's MSP and TLS material, issued by its organisation's CA.
orderer_dir() { printf '%s/%s/orderers/%s' "$ORG_DIR" "$(orderer_org "$1")" "$1"; }

# script_usage SCRIPT: the comment block at the top of SCRIPT (after its
# shebang), without the comment marks: the script's whole usage.
script_usage() {
  awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$1"
}

# org_var bank PEER_PORT → value of BANK_PEER_PORT from the topology.
org_var() {
  local name="${1^^}_$2"
  [[ -n "${!name+x}" ]] || die "topology has no $name (network/topology.env)"
  printf '%s' "${!name}"
}

# The Fabric and CA install directories; installs the binaries if missing.
resolve_binaries() {
  local dirs
  dirs=$("$REPO_ROOT/test-network-scripts/install-binaries.sh" --print-dirs) || exit 1
  FABRIC_HOME=$(sed -n 1p <<<"$dirs")
  FABRIC_CA_HOME=$(sed -n 2p <<<"$dirs")
  # The release the install directory holds (fabric-3.1.1 → 3.1.1).
  # shellcheck disable=SC2034 # read by channel.sh (channel_capability)
  FABRIC_RELEASE=${FABRIC_HOME##*/fabric-}
  export PATH="$FABRIC_HOME/bin:$FABRIC_CA_HOME/bin:$PATH"
}

# Generated secrets (CA bootstrap and enrolment passwords) live in the state
# directory, readable only by the operator, and are created on first use.
secret() {
  local file="$BOND_NETWORK_HOME/secrets/$1"
  if [[ ! -s "$file" ]]; then
    mkdir -p "$(dirname "$file")"
    (umask 077 && od -An -N16 -tx1 /dev/urandom | tr -d ' \n' >"$file")
  fi
  cat "$file"
}

# --- processes ----------------------------------------------------------------

pid_of() {
  local file="$PID_DIR/$1.pid"
  [[ -f "$file" ]] && kill -0 "$(cat "$file")" 2>/dev/null && cat "$file"
}

port_in_use() {
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

# start_process NAME HOST:PORT… -- COMMAND…: runs COMMAND in its own session
# with its output in logs/NAME.log; refuses if a listed port is already taken
# (a bare HOST, for a process that listens nowhere, is not checked).
# In the namespaces layout it runs in the namespace of the first HOST.
start_process() {
  local name=$1
  shift
  if pid_of "$name" >/dev/null; then
    info "$name is already running (pid $(pid_of "$name"))"
    return 0
  fi
  local first=$1
  while [[ "$1" != -- ]]; do
    # A bare HOST (no port: a process that listens nowhere) only says where it runs.
    if [[ "$1" == *:* ]] && port_in_use "${1%:*}" "${1##*:}"; then die "cannot start $name: $1 is already in use by another process"; fi
    shift
  done
  shift
  mkdir -p "$LOG_DIR" "$PID_DIR"
  local namespace
  namespace=$(namespace_of_host "${first%:*}")
  if [[ -n "$namespace" ]]; then set -- ip netns exec "$namespace" "$@"; fi
  setsid "$@" >>"$LOG_DIR/$name.log" 2>&1 </dev/null &
  echo $! >"$PID_DIR/$name.pid"
}

# namespace_of_host HOST: in the namespaces layout, the namespace of the
# organisation at HOST (a process listening there runs in it); else nothing.
namespace_of_host() {
  [[ "$BOND_LAYOUT" == namespaces ]] || return 0
  local org
  for org in $(node_orgs); do
    if [[ "$(org_var "$org" NAMESPACE_ADDRESS)" == "$1" ]]; then
      org_var "$org" NAMESPACE
      return 0
    fi
  done
  die "no organisation's namespace has the address $1 (network/topology.env)"
}

# Stops a process group started by start_process; waits for it to exit.
stop_process() {
  local name=$1 pid
  pid=$(pid_of "$name") || {
    rm -f "$PID_DIR/$name.pid"
    return 0
  }
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$PID_DIR/$name.pid"
}

# wait_healthy NAME URL [CAFILE]: polls an operations /healthz (or any URL answering 200).
wait_healthy() {
  local name=$1 url=$2 cafile=${3:-}
  for _ in $(seq 1 120); do
    if curl -fsS ${cafile:+--cacert "$cafile"} -o /dev/null "$url" 2>/dev/null; then return 0; fi
    pid_of "$name" >/dev/null || die "$name exited during start-up; see $LOG_DIR/$name.log"
    sleep 0.5
  done
  die "$name did not become healthy at $url within 60 s; see $LOG_DIR/$name.log"
}
