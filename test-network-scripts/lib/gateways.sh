# shellcheck shell=bash
# The REST gateways of the test network: one per organisation with a
# GATEWAY_PORT (each of the bond channel's, and the cash ledger's operator),
# configured from network.json and the topology, started as background
# processes like the network's nodes, and after them the settlement agents
# of the organisations that run one. Sourced.

gateways_up() {
  [[ -f "$REPO_ROOT/gateway/dist/main.js" ]] || die "the gateway is not built (npm run build)"
  node "$REPO_ROOT/test-network-scripts/lib/gateway-setup.js" "$BOND_NETWORK_HOME" || die "could not write the gateway configurations"
  local org host port
  for org in $(gateway_orgs); do
    host=$(org_var "$org" PEER_HOST)
    port=$(org_var "$org" GATEWAY_PORT)
    start_process "gateway-$org" "$host:$port" -- node "$REPO_ROOT/gateway/dist/main.js" --config "$BOND_NETWORK_HOME/gateways/$org/config.json"
  done
  for org in $(gateway_orgs); do
    wait_healthy "gateway-$org" "http://$(org_var "$org" PEER_HOST):$(org_var "$org" GATEWAY_PORT)/readyz"
  done
  info "gateways ready; base URLs and demo API keys: $BOND_NETWORK_HOME/gateways.json"
  agents_up
}
