#!/usr/bin/env bash
# Removes an institution from the channel: a configuration update taking its
# MSP out of the Application group (so its peer can no longer endorse or
# receive new blocks), then its revocation in the member registry through the
# CSD's gateway admin route (POST /members/{mspId}/revocation, as the CSD's
# admin), as add-org.sh admits through it. Its past transactions stay on the
# ledger and verifiable.
#
#   remove-org.sh MSP_ID [--as ORG]
#
# --as ORG signs the channel update as ORG's admin instead of the CSD's: only
# the CSD's signature satisfies the channel's Admins policy, so any other is
# refused (the integration tests use this to show it).
#
# On the test network, an institution onboarded by add-org.sh is then no
# longer started by npm start (its topology file is kept as NAME.env.removed);
# its running nodes are left alone until npm stop, as a real institution's
# would be, and show that they receive no further blocks.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/channel.sh
source "$REPO_ROOT/test-network-scripts/lib/channel.sh"

if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then
  script_usage "${BASH_SOURCE[0]}"
  exit 0
fi
[[ $# -eq 1 || ( $# -eq 3 && "$2" == --as ) ]] || die "usage: remove-org.sh MSP_ID [--as ORG] (see --help)"
msp_id=$1 signer=${3:-csd}
load_topology
resolve_binaries
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fetch_channel_config "$work"
if node "$REPO_ROOT/test-network-scripts/lib/config-update.js" has-org "$work/config.json" "$msp_id"; then
  node "$REPO_ROOT/test-network-scripts/lib/config-update.js" remove-org "$work/config.json" "$msp_id" >"$work/modified.json"
  if ! output=$(submit_config_update "$work" "$signer"); then
    echo "$output" >&2
    die "the channel update signed by $signer's admin was refused"
  fi
  info "$msp_id removed from channel '$CHANNEL_NAME'"
elif [[ "$signer" == csd ]]; then
  info "$msp_id is not in channel '$CHANNEL_NAME' (any more)"
else
  die "$msp_id is not in the channel"
fi
[[ "$signer" == csd ]] || exit 0

# The removed institution's nodes are no longer part of this network: later commands neither start
# them nor wait for its peer (which receives no more blocks).
for topology in "$BOND_NETWORK_HOME"/topology.d/*.env; do
  if [[ ! -e "$topology" ]] || ! grep -qx "[A-Z0-9]*_MSP_ID=$msp_id" "$topology"; then continue; fi
  mv "$topology" "$topology.removed"
  load_topology
  node "$REPO_ROOT/test-network-scripts/lib/network-json.js" "$ORG_DIR" "$BOND_NETWORK_HOME/network.json"
  info "$(basename "$topology" .env) will not be started again; its running nodes stop with npm stop"
done

# Through the CSD's gateway admin route, as the CSD's admin: the way the CSD's staff revoke members.
node "$REPO_ROOT/test-network-scripts/lib/member-registry.js" revoke "$BOND_NETWORK_HOME/gateways.json" "$msp_id" "removed from the channel" ||
  die "$msp_id is out of the channel but could not be revoked in the registry (is the CSD's gateway running? npm start); run this command again"
