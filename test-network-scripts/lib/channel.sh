# The application channel: genesis block from configtx, joined on every
# orderer through the channel participation API (osnadmin; there is no
# system channel) and on every peer. Sourced by network.sh.

CHANNEL_BLOCK() { printf '%s/channel-artifacts/%s.block' "$BOND_NETWORK_HOME" "$CHANNEL_NAME"; }

# Environment for the peer CLI acting as ORG's admin against ORG's peer.
as_org_admin() {
  local org=$1
  export FABRIC_CFG_PATH="$BOND_NETWORK_HOME/config"
  export CORE_PEER_LOCALMSPID=$(org_var "$org" MSP_ID)
  export CORE_PEER_MSPCONFIGPATH="$ORG_DIR/$org/users/admin/msp"
  export CORE_PEER_ADDRESS="$(org_var "$org" PEER_HOST):$(org_var "$org" PEER_PORT)"
  export CORE_PEER_TLS_ENABLED=true
  export CORE_PEER_TLS_ROOTCERT_FILE="$ORG_DIR/$org/peers/peer0/tls/ca.crt"
}

# Flags the peer CLI needs to reach the ordering service.
orderer_flags() {
  printf -- '-o %s:%s --ordererTLSHostnameOverride orderer1.%s --tls --cafile %s' \
    "$ORDERER1_HOST" "$ORDERER1_PORT" "$CSD_DOMAIN" "$ORG_DIR/csd/orderers/orderer1/tls/ca.crt"
}

render_configtx() {
  mkdir -p "$BOND_NETWORK_HOME/channel-artifacts"
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
    FABRIC_CFG_PATH="$BOND_NETWORK_HOME/channel-artifacts" configtxgen -profile BondChannel \
      -outputBlock "$block" -channelID "$CHANNEL_NAME" >>"$LOG_DIR/channel.log" 2>&1 ||
      die "configtxgen failed; see $LOG_DIR/channel.log"
  fi

  local admin_tls="$ORG_DIR/csd/users/admin/tls"
  for orderer in $ORDERERS; do
    local admin_address="$(org_var "$orderer" HOST):$(org_var "$orderer" ADMIN_PORT)"
    if osnadmin channel list -o "$admin_address" --ca-file "$admin_tls/ca.crt" \
      --client-cert "$admin_tls/server.crt" --client-key "$admin_tls/server.key" 2>/dev/null |
      grep -q "\"name\": \"$CHANNEL_NAME\""; then
      continue
    fi
    info "joining $orderer to '$CHANNEL_NAME'"
    osnadmin channel join --channelID "$CHANNEL_NAME" --config-block "$block" -o "$admin_address" \
      --ca-file "$admin_tls/ca.crt" --client-cert "$admin_tls/server.crt" --client-key "$admin_tls/server.key" \
      >>"$LOG_DIR/channel.log" 2>&1 || die "osnadmin could not join $orderer; see $LOG_DIR/channel.log"
  done

  for peer_org in $ORGS; do
    (
      as_org_admin "$peer_org"
      if peer channel list 2>/dev/null | grep -qx "$CHANNEL_NAME"; then exit 0; fi
      info "joining peer0.$(org_var "$peer_org" DOMAIN) to '$CHANNEL_NAME'"
      for attempt in 1 2 3 4 5; do
        peer channel join -b "$block" >>"$LOG_DIR/channel.log" 2>&1 && exit 0
        sleep "$attempt"
      done
      die "peer0 of $peer_org could not join '$CHANNEL_NAME'; see $LOG_DIR/channel.log"
    ) || exit 1
  done
}
