#!/usr/bin/env bash
# Onboards an institution into the running network, in one command:
#   1. its Fabric CA, enrolling its admin, peer, users and chaincode server;
#   2. a channel configuration update adding its MSP (with anchor peer),
#      signed by the CSD's admin as the channel's Admins policy requires;
#   3. its peer, joined to the channel; the chaincode definition's next
#      sequence with the institution in the endorsement policy, installed and
#      approved by every organisation, and its own chaincode server;
#   4. its admission to the member registry with its roles, through the
#      CSD's gateway admin route (POST /members, as the CSD's admin);
#   5. its REST gateway.
# Every step is skipped when already done, so a second run changes nothing.
#
#   add-org.sh NAME MSP_ID BASE_PORT "ROLE ROLE…" "LEGAL NAME" LEI
#   e.g. add-org.sh fund FundMSP 10050 "INVESTOR" "Example Fund Management" 5299009FUNDTESTNET22
#
# Ports from BASE_PORT: peer +1, peer chaincode +2, peer operations +3, CA +4,
# gateway +8, chaincode server +9; CA operations BASE_PORT+10004. All on 127.0.0.1,
# or, in the namespaces layout, in a namespace of its own at the next free address.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/ca.sh
source "$REPO_ROOT/test-network-scripts/lib/ca.sh"
# shellcheck source=lib/nodes.sh
source "$REPO_ROOT/test-network-scripts/lib/nodes.sh"
# shellcheck source=lib/channel.sh
source "$REPO_ROOT/test-network-scripts/lib/channel.sh"
# shellcheck source=lib/chaincode.sh
source "$REPO_ROOT/test-network-scripts/lib/chaincode.sh"
# shellcheck source=lib/gateways.sh
source "$REPO_ROOT/test-network-scripts/lib/gateways.sh"
# shellcheck source=lib/workspace.sh
source "$REPO_ROOT/test-network-scripts/lib/workspace.sh"
# shellcheck source=lib/namespaces.sh
source "$REPO_ROOT/test-network-scripts/lib/namespaces.sh"

if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then
  script_usage "${BASH_SOURCE[0]}"
  exit 0
fi
[[ $# -eq 6 ]] || die "usage: add-org.sh NAME MSP_ID BASE_PORT \"ROLES\" \"LEGAL NAME\" LEI (see --help)"
name=$1 msp_id=$2 base=$3 roles=$4 legal_name=$5 lei=$6
[[ "$name" =~ ^[a-z][a-z0-9]{1,15}$ ]] || die "NAME must be 2-16 lower-case letters or digits"
[[ "$msp_id" =~ ^[A-Za-z][A-Za-z0-9.-]{1,63}$ ]] || die "MSP_ID must be letters, digits, '.' or '-'"
[[ "$base" =~ ^[0-9]{4,5}$ ]] || die "BASE_PORT must be a port number"
load_topology
[[ -f "$BOND_NETWORK_HOME/network.json" ]] || die "the network is not set up: run npm start first"
resolve_binaries

# The institution's topology, read by every script from now on.
topology="$BOND_NETWORK_HOME/topology.d/$name.env"
if [[ ! -f "$topology" ]]; then
  key=${name^^}
  mkdir -p "$(dirname "$topology")"
  cat >"$topology" <<EOF
# Onboarded by add-org.sh on $(date -u +%FT%TZ).
ORGS="\$ORGS $name"
${key}_MSP_ID=$msp_id
${key}_DOMAIN=$name.bond.test
${key}_NAMESPACE=bond-$name
${key}_NAMESPACE_ADDRESS=$(next_namespace_address)
${key}_HOST=\$(layout_host 127.0.0.1 "\$${key}_NAMESPACE_ADDRESS")
${key}_CA_HOST=\$${key}_HOST
${key}_CA_PORT=$((base + 4))
${key}_CA_OPS_PORT=$((base + 10004))
${key}_PEER_HOST=\$${key}_HOST
${key}_PEER_PORT=$((base + 1))
${key}_PEER_CC_PORT=$((base + 2))
${key}_PEER_OPS_PORT=$((base + 3))
${key}_CHAINCODE_HOST=\$${key}_HOST
${key}_CHAINCODE_PORT=$((base + 9))
${key}_GATEWAY_PORT=$((base + 8))
EOF
  # A supervisor reads; its peer is left out of the chaincode's endorsement policy.
  if [[ "$roles" == REGULATOR ]]; then echo "${key}_ENDORSES=no" >>"$topology"; fi
fi
load_topology
use_product_chaincode
namespaces_up

info "1/5 certificate authority and identities of $name"
start_ca "$name"
wait_ca "$name"
enroll_org "$name"
node "$REPO_ROOT/test-network-scripts/lib/network-json.js" "$ORG_DIR" "$BOND_NETWORK_HOME/network.json"

info "2/5 channel configuration: adding $msp_id"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fetch_channel_config "$work"
if node "$REPO_ROOT/test-network-scripts/lib/config-update.js" has-org "$work/config.json" "$msp_id"; then
  info "$msp_id is already in the channel configuration"
else
  org_definition "$name" "$work"
  node "$REPO_ROOT/test-network-scripts/lib/config-update.js" add-org "$work/config.json" "$work/org.json" "$msp_id" \
    "$(org_var "$name" PEER_HOST)" "$(org_var "$name" PEER_PORT)" >"$work/modified.json"
  submit_config_update "$work" csd >>"$LOG_DIR/channel.log" || die "the channel update was refused; see $LOG_DIR/channel.log"
fi

info "3/5 peer, channel and chaincode"
start_peer "$name"
wait_peer "$name"
create_channel
wait_caught_up "$name"
# The definition names the organisations in its endorsement policy: one label per set of organisations
# (a count would repeat after a removal and an addition, and the new organisation would be left out).
read -r -a orgs <<<"$ORGS"
deploy_chaincode -ccv "$(chaincode_version)-orgs.$(printf '%s\n' "${orgs[@]}" | sort | sha256sum | cut -c1-8)"

info "4/5 member registry"
# Through the CSD's gateway admin route, as the CSD's admin: the way the CSD's staff admit members.
node "$REPO_ROOT/test-network-scripts/lib/member-registry.js" admit "$BOND_NETWORK_HOME/gateways.json" "$msp_id" "$legal_name" "$lei" "$roles" ||
  die "the CSD could not admit $msp_id (is the CSD's gateway running? npm start)"

info "5/5 REST gateways"
for org in $ORGS; do stop_process "gateway-$org"; done
gateways_up
info "$msp_id is onboarded; its gateway: http://$(org_var "$name" PEER_HOST):$(org_var "$name" GATEWAY_PORT)"
