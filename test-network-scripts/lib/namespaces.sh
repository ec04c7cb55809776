# shellcheck shell=bash
# The "namespaces" layout (network/topology.env, "Layout"): each organisation's
# nodes in its own Linux network namespace with its own address, the
# namespaces joined to the host by veth pairs on one bridge, so that an
# organisation can be cut off the network and healed (the fault suite does).
# Nothing here runs in the local layout. Needs root and iproute2. Sourced.

# Every namespace this network created, one per line: npm stop removes them
# all, those of institutions removed since included.
NAMESPACES_FILE="$BOND_NETWORK_HOME/namespaces"

# The host side of an organisation's veth pair (interface names: 15 bytes at most).
namespace_link() { printf 'bv-%s' "${1:0:12}"; }

# The address after the highest one any organisation's namespace has (for add-org.sh).
next_namespace_address() {
  local org last=0 octet
  for org in $(node_orgs); do
    octet=$(org_var "$org" NAMESPACE_ADDRESS)
    octet=${octet##*.}
    ((octet > last)) && last=$octet
  done
  ((last < 254)) || die "no free address left in ${NAMESPACE_BRIDGE_ADDRESS%.*}.0/$NAMESPACE_PREFIX_LENGTH"
  printf '%s.%s' "${NAMESPACE_BRIDGE_ADDRESS%.*}" $((last + 1))
}

namespaces_required() {
  [[ "$EUID" -eq 0 ]] || die "the namespaces layout needs root (ip netns); run as root or use the local layout"
  command -v ip >/dev/null 2>&1 || die "the namespaces layout needs iproute2 (apt-get install iproute2)"
}

# Creates the bridge and every organisation's namespace and link (idempotent).
namespaces_up() {
  [[ "$BOND_LAYOUT" == namespaces ]] || return 0
  namespaces_required
  local org ns link
  if ! ip link show "$NAMESPACE_BRIDGE" >/dev/null 2>&1; then
    ip link add "$NAMESPACE_BRIDGE" type bridge
    ip addr add "$NAMESPACE_BRIDGE_ADDRESS/$NAMESPACE_PREFIX_LENGTH" dev "$NAMESPACE_BRIDGE"
  fi
  ip link set "$NAMESPACE_BRIDGE" up
  for org in $(node_orgs); do
    ns=$(org_var "$org" NAMESPACE)
    link=$(namespace_link "$org")
    [[ -e "/run/netns/$ns" ]] || ip netns add "$ns"
    grep -qsx "$ns" "$NAMESPACES_FILE" || printf '%s\n' "$ns" >>"$NAMESPACES_FILE"
    ip -n "$ns" link set lo up
    if ! ip link show "$link" >/dev/null 2>&1; then
      ip link add "$link" type veth peer name eth0 netns "$ns"
      ip link set "$link" master "$NAMESPACE_BRIDGE"
      ip -n "$ns" addr add "$(org_var "$org" NAMESPACE_ADDRESS)/$NAMESPACE_PREFIX_LENGTH" dev eth0
    fi
    ip link set "$link" up
    ip -n "$ns" link set eth0 up
  done
}

# Removes what namespaces_up made; the network's processes must be stopped first.
namespaces_down() {
  [[ "$BOND_LAYOUT" == namespaces ]] || return 0
  namespaces_required
  local ns
  # Deleting a namespace deletes its end of each veth pair, and with it the host's end.
  if [[ -f "$NAMESPACES_FILE" ]]; then
    while read -r ns; do
      if [[ -e "/run/netns/$ns" ]]; then ip netns del "$ns"; fi
    done <"$NAMESPACES_FILE"
    rm -f "$NAMESPACES_FILE"
  fi
  ip link del "$NAMESPACE_BRIDGE" 2>/dev/null || true
  info "removed the network namespaces and the bridge $NAMESPACE_BRIDGE"
}

# cut ORG | heal ORG: takes an organisation's link to the bridge down or up.
# Its nodes keep running and reach each other inside the namespace; nothing
# else reaches them, as when an institution's site loses its connection.
namespace_link_state() {
  local state=$1 org=$2
  [[ "$BOND_LAYOUT" == namespaces ]] || die "cut and heal need the namespaces layout (npm start -- --namespaces)"
  namespaces_required
  org_var "$org" NAMESPACE >/dev/null
  ip link set "$(namespace_link "$org")" "$state"
  info "$org's link to the network is $state"
}
