#!/usr/bin/env bash
# Removes an institution from the channel: a configuration update taking its
# MSP out of the Application group (so its peer can no longer endorse or
# receive new blocks), then its revocation in the member registry. Its past
# transactions stay on the ledger and verifiable.
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
for lib in ca nodes channel chaincode; do source "$REPO_ROOT/test-network-scripts/lib/$lib.sh"; done

[[ $# -eq 1 || ( $# -eq 3 && "$2" == --as ) ]] || die "usage: remove-org.sh MSP_ID [--as ORG]"
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
  [[ -e "$topology" ]] && grep -qx "[A-Z0-9]*_MSP_ID=$msp_id" "$topology" || continue
  mv "$topology" "$topology.removed"
  load_topology
  node "$REPO_ROOT/test-network-scripts/lib/network-json.js" "$ORG_DIR" "$BOND_NETWORK_HOME/network.json"
  info "$(basename "$topology" .env) will not be started again; its running nodes stop with npm stop"
done

member=$(as_org_admin csd && peer chaincode query -C "$CHANNEL_NAME" -n "$CHAINCODE_NAME" \
  -c "{\"function\":\"Membership:GetMember\",\"Args\":[\"$msp_id\"]}" 2>/dev/null) || member=''
if [[ "$member" == *'"status":"REVOKED"'* ]]; then
  info "$msp_id is already revoked in the member registry"
elif [[ -n "$member" ]]; then
  csd_invoke RevokeMember "$(node -e 'process.stdout.write(JSON.stringify({ mspId: process.argv[1], reason: "removed from the channel" }))' "$msp_id")" ||
    die "$msp_id is out of the channel but could not be revoked in the registry; run this command again, and see $LOG_DIR/chaincode-lifecycle.log"
  info "$msp_id revoked in the member registry"
fi
