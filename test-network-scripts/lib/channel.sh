# shellcheck shell=bash
# The application channels: genesis block from configtx, joined on every
# orderer of the channel through the channel participation API (osnadmin;
# there is no system channel) and on every peer of the channel. Sourced by
# network.sh.
#
# The functions act on the selected channel: by default the bond channel
# (the topology's CHANNEL_NAME, its organisations ORGS, the orderers ORDERERS,
# administered by the CSD); after use_cash_channel, the cash ledger's. Select
# it in a subshell: the topology's own names stay the bond channel's.

CHANNEL_BLOCK() { printf '%s/channel-artifacts/%s.block' "$BOND_NETWORK_HOME" "$CHANNEL_NAME"; }

# Selects the cash ledger's channel (network/topology.env, "Cash ledger").
use_cash_channel() {
  CHANNEL_NAME=$CASH_CHANNEL_NAME
  CHANNEL_PROFILE=CashChannel
  CHANNEL_ORGS=$CASH_ORGS
  CHANNEL_ORDERERS=$CASH_ORDERERS
  CHANNEL_ADMIN_ORG=$CASH_ADMIN_ORG
}

# The selected channel's configtx profile, organisations whose peers join it,
# orderers, and the organisation whose admin administers it.
channel_profile() { printf '%s' "${CHANNEL_PROFILE:-BondChannel}"; }
channel_orgs() { printf '%s' "${CHANNEL_ORGS-$ORGS}"; }
channel_orderers() { printf '%s' "${CHANNEL_ORDERERS-$ORDERERS}"; }
channel_admin_org() { printf '%s' "${CHANNEL_ADMIN_ORG:-csd}"; }

# Environment for the peer CLI acting as ORG's admin against ORG's peer.
as_org_admin() {
  local org=$1 msp_id host port
  msp_id=$(org_var "$org" MSP_ID) || return 1
  host=$(org_var "$org" PEER_HOST) || return 1
  port=$(org_var "$org" PEER_PORT) || return 1
  export FABRIC_CFG_PATH="$BOND_NETWORK_HOME/config"
  export CORE_PEER_LOCALMSPID="$msp_id"
  export CORE_PEER_MSPCONFIGPATH="$ORG_DIR/$org/users/admin/msp"
  export CORE_PEER_ADDRESS="$host:$port"
  export CORE_PEER_TLS_ENABLED=true
  export CORE_PEER_TLS_ROOTCERT_FILE="$ORG_DIR/$org/peers/peer0/tls/ca.crt"
}

# Flags the peer CLI needs to reach the selected channel's ordering service (through its first orderer).
orderer_flags() {
  local orderer
  read -r orderer _ <<<"$(channel_orderers)"
  printf -- '-o %s:%s --ordererTLSHostnameOverride %s.%s --tls --cafile %s' \
    "$(org_var "$orderer" HOST)" "$(org_var "$orderer" PORT)" "$orderer" "$(org_var "$(orderer_org "$orderer")" DOMAIN)" \
    "$(orderer_dir "$orderer")/tls/ca.crt"
}

# The channel capability of the running release: V3_0 on Fabric 3 (as its
# sample configtx.yaml sets), V2_0 on the 2.5 fallback, which has no V3_0.
channel_capability() {
  [[ "${FABRIC_RELEASE:-}" == 2.* ]] && echo V2_0 || echo V3_0
}

# The cash channel's application Writers: the admin and client identities of
# its administrator and of each participant (CASH_PARTICIPANTS), e.g.
# OR('PaymentMSP.admin', 'PaymentMSP.client', 'BankMSP.admin', …).
cash_writers_rule() {
  local org msp rule=''
  for org in $CASH_ADMIN_ORG $CASH_PARTICIPANTS; do
    msp=$(org_var "$org" MSP_ID) || return 1
    rule+="${rule:+, }'$msp.admin', '$msp.client'"
  done
  printf 'OR(%s)' "$rule"
}

render_configtx() {
  mkdir -p "$BOND_NETWORK_HOME/channel-artifacts"
  CHANNEL_CAPABILITY=$(channel_capability)
  CASH_WRITERS_RULE=$(cash_writers_rule)
  export CHANNEL_CAPABILITY CASH_WRITERS_RULE
  # Every ${NAME} must be defined: an unset one is a topology error, not an empty string.
  ORG_DIR="$ORG_DIR" perl -pe 's/\$\{(\w+)\}/defined $ENV{$1} ? $ENV{$1} : die "undefined \${$1} in configtx template\n"/ge' \
    "$NETWORK_CONFIG_DIR/configtx.yaml.tmpl" >"$BOND_NETWORK_HOME/channel-artifacts/configtx.yaml"
}

create_channel() {
  local block orderer peer_org
  block=$(CHANNEL_BLOCK)
  if [[ ! -f "$block" ]]; then
    info "generating the genesis block of channel '$CHANNEL_NAME'"
    render_configtx
    FABRIC_CFG_PATH="$BOND_NETWORK_HOME/channel-artifacts" configtxgen -profile "$(channel_profile)" \
      -outputBlock "$block" -channelID "$CHANNEL_NAME" >>"$LOG_DIR/channel.log" 2>&1 ||
      die "configtxgen failed; see $LOG_DIR/channel.log"
  fi

  # The orderers' admin endpoints trust the TLS certificates of their own organisation's CA.
  # A node's list of channels is read whole before it is searched: `list | grep -q` under pipefail
  # fails at random when grep stops at a match before the last line (the lister gets SIGPIPE).
  local admin_tls admin_address channels
  for orderer in $(channel_orderers); do
    admin_tls="$ORG_DIR/$(orderer_org "$orderer")/users/admin/tls"
    admin_address="$(org_var "$orderer" HOST):$(org_var "$orderer" ADMIN_PORT)"
    channels=$(osnadmin channel list -o "$admin_address" --ca-file "$admin_tls/ca.crt" \
      --client-cert "$admin_tls/server.crt" --client-key "$admin_tls/server.key" 2>/dev/null) || channels=''
    if grep -q "\"name\": \"$CHANNEL_NAME\"" <<<"$channels"; then continue; fi
    info "joining $orderer to '$CHANNEL_NAME'"
    osnadmin channel join --channelID "$CHANNEL_NAME" --config-block "$block" -o "$admin_address" \
      --ca-file "$admin_tls/ca.crt" --client-cert "$admin_tls/server.crt" --client-key "$admin_tls/server.key" \
      >>"$LOG_DIR/channel.log" 2>&1 || die "osnadmin could not join $orderer; see $LOG_DIR/channel.log"
  done

  for peer_org in $(channel_orgs); do
    (
      as_org_admin "$peer_org"
      channels=$(peer channel list 2>/dev/null) || channels=''
      if grep -qx "$CHANNEL_NAME" <<<"$channels"; then exit 0; fi
      info "joining peer0.$(org_var "$peer_org" DOMAIN) to '$CHANNEL_NAME'"
      for attempt in 1 2 3 4 5; do
        peer channel join -b "$block" >>"$LOG_DIR/channel.log" 2>&1 && exit 0
        sleep "$attempt"
      done
      die "peer0 of $peer_org could not join '$CHANNEL_NAME'; see $LOG_DIR/channel.log"
    ) || exit 1
  done
}

# channel_height ORG: the height of the channel on ORG's peer (empty, and
# status 0, if it cannot say yet: a peer that just joined may not answer).
channel_height() {
  (
    as_org_admin "$1"
    peer channel getinfo -c "$CHANNEL_NAME" 2>/dev/null | sed -n 's/.*"height":\([0-9]*\).*/\1/p'
  ) || true
}

# wait_caught_up ORG: waits (up to 120 s) until ORG's peer has every block the
# channel administrator's (the CSD's) peer had when called. A peer that just
# joined pulls the channel from the orderers; until it reaches the block that
# added its organisation it refuses its own admins ("creator org unknown").
wait_caught_up() {
  local org=$1 target height
  target=$(channel_height "$(channel_admin_org)")
  [[ -n "$target" ]] || die "cannot read the channel height from the $(channel_admin_org)'s peer"
  for _ in $(seq 1 120); do
    height=$(channel_height "$org")
    [[ -n "$height" && "$height" -ge "$target" ]] && return 0
    sleep 1
  done
  die "peer0 of $org is at block ${height:-?} of $target after 120 s; see $LOG_DIR/peer0-$org.log"
}

# --- channel configuration updates (onboarding) ---------------------------------

# fetch_channel_config DIR: the current config as DIR/config.json (as the channel administrator's, the CSD's, admin).
fetch_channel_config() {
  local dir=$1
  (
    as_org_admin "$(channel_admin_org)"
    # shellcheck disable=SC2046 # orderer_flags and peer_connection_flags print several CLI flags: split on purpose
    peer channel fetch config "$dir/config_block.pb" $(orderer_flags) -c "$CHANNEL_NAME" >>"$LOG_DIR/channel.log" 2>&1
  ) || die "could not fetch the channel configuration; see $LOG_DIR/channel.log"
  configtxlator proto_decode --input "$dir/config_block.pb" --type common.Block --output "$dir/config_block.json"
  node "$REPO_ROOT/test-network-scripts/lib/config-update.js" extract "$dir/config_block.json" >"$dir/config.json"
}

# submit_config_update DIR SIGNER_ORG: computes the update from DIR/config.json
# to DIR/modified.json and submits it signed by SIGNER_ORG's admin. The
# channel's Admins policy decides whether that signature is enough.
submit_config_update() {
  local dir=$1 signer=$2
  configtxlator proto_encode --input "$dir/config.json" --type common.Config --output "$dir/config.pb"
  configtxlator proto_encode --input "$dir/modified.json" --type common.Config --output "$dir/modified.pb"
  configtxlator compute_update --channel_id "$CHANNEL_NAME" --original "$dir/config.pb" --updated "$dir/modified.pb" --output "$dir/update.pb"
  configtxlator proto_decode --input "$dir/update.pb" --type common.ConfigUpdate --output "$dir/update.json"
  node "$REPO_ROOT/test-network-scripts/lib/config-update.js" envelope "$dir/update.json" "$CHANNEL_NAME" >"$dir/envelope.json"
  configtxlator proto_encode --input "$dir/envelope.json" --type common.Envelope --output "$dir/envelope.pb"
  (
    as_org_admin "$signer"
    # shellcheck disable=SC2046 # orderer_flags and peer_connection_flags print several CLI flags: split on purpose
    peer channel update -f "$dir/envelope.pb" -c "$CHANNEL_NAME" $(orderer_flags) 2>&1
  )
}

# org_definition ORG DIR: configtxgen's JSON definition of ORG's MSP, into DIR/org.json.
org_definition() {
  local org=$1 dir=$2
  NEW_MSP_ID=$(org_var "$org" MSP_ID) NEW_ORG=$org ORG_DIR="$ORG_DIR" \
    perl -pe 's/\$\{(\w+)\}/defined $ENV{$1} ? $ENV{$1} : die "undefined \${$1} in org template\n"/ge' \
    "$NETWORK_CONFIG_DIR/org-configtx.yaml.tmpl" >"$dir/configtx.yaml"
  FABRIC_CFG_PATH="$dir" configtxgen -printOrg "$(org_var "$org" MSP_ID)" >"$dir/org.json" 2>>"$LOG_DIR/channel.log" ||
    die "configtxgen could not print the definition of $org; see $LOG_DIR/channel.log"
}
