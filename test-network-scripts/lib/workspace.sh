# shellcheck shell=bash
# npm workspace steps shared by start.sh and test.sh. Sourced.

# Installs npm dependencies when missing or older than the lock file.
ensure_npm_dependencies() {
  if [[ ! -d "$REPO_ROOT/node_modules" || "$REPO_ROOT/package-lock.json" -nt "$REPO_ROOT/node_modules/.package-lock.json" ]]; then
    info "installing npm dependencies (npm ci)"
    (cd "$REPO_ROOT" && npm ci --no-audit --no-fund) >&2 || die "npm ci failed"
  fi
}

build_workspaces() {
  info "building the chaincode and gateway"
  (cd "$REPO_ROOT" && npm run build --silent) >&2 || die "the TypeScript build failed"
}

chaincode_version() {
  node -p "require('$REPO_ROOT/chaincode/package.json').version"
}

# Deploys the cash ledger's chaincode (its package's version), if this clone has it.
deploy_cash_chaincode() {
  if [[ ! -f "$REPO_ROOT/cash-chaincode/package.json" ]]; then
    warn "no cash chaincode in this clone (cash-chaincode/): the cash channel runs without one"
    return 0
  fi
  "$REPO_ROOT/test-network-scripts/network.sh" deployCashCC -ccv "$(node -p "require('$REPO_ROOT/cash-chaincode/package.json').version")"
}

# Brings the whole network to a running, deployed state with its gateways (idempotent):
# the bond channel and the cash ledger's channel, each with its chaincode.
network_ready() {
  "$REPO_ROOT/test-network-scripts/network.sh" up
  "$REPO_ROOT/test-network-scripts/network.sh" createChannel
  "$REPO_ROOT/test-network-scripts/network.sh" deployCC -ccv "$(chaincode_version)"
  deploy_cash_chaincode
  "$REPO_ROOT/test-network-scripts/network.sh" startGateways
}

# True if every process of the network is running (pid files alive), onboarded
# institutions' included. In a subshell: the topology is read as it is now
# (add-org.sh may have extended it) without exporting it into the caller.
network_running() (
  load_topology
  local name processes
  processes=$(network_processes)
  while read -r name _; do
    pid_of "$name" >/dev/null || return 1
  done <<<"$processes"
)
