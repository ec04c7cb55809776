# shellcheck shell=bash
# Orderers and peers as native processes (no Docker): each gets its
# configuration from environment overrides on top of the installed
# sampleconfig, its data under nodes/NAME and its log under logs/NAME.log.
# Sourced by network.sh.

# The peer and orderer read core.yaml / orderer.yaml from here. The only file
# changes are the two that environment variables cannot express reliably:
# no Docker endpoint (the peer would otherwise health-check a Docker daemon
# forever) and our own external builder for chaincode as a service.
write_node_config() {
  local dir="$BOND_NETWORK_HOME/config"
  mkdir -p "$dir"
  cp "$FABRIC_HOME/config/orderer.yaml" "$dir/orderer.yaml"
  sed -e 's#^\(\s*endpoint:\) unix:///var/run/docker.sock#\1 ""#' \
    -e "s#^\(\s*path:\) /opt/hyperledger/ccaas_builder#\1 $NETWORK_CONFIG_DIR/builders/ccaas#" \
    -e 's#^\(\s*- name:\) ccaas_builder#\1 bond-ccaas#' \
    "$FABRIC_HOME/config/core.yaml" >"$dir/core.yaml"
  grep -q 'endpoint: ""' "$dir/core.yaml" || die "could not blank vm.endpoint in core.yaml"
  grep -q "path: $NETWORK_CONFIG_DIR/builders/ccaas" "$dir/core.yaml" || die "could not set the external builder in core.yaml"
}

start_orderer() {
  local name=$1 host port admin ops msp_id dir tls data="$BOND_NETWORK_HOME/nodes/$1"
  dir=$(orderer_dir "$name")
  tls="$dir/tls"
  msp_id=$(org_var "$(orderer_org "$name")" MSP_ID)
  host=$(org_var "$name" HOST)
  port=$(org_var "$name" PORT)
  admin=$(org_var "$name" ADMIN_PORT)
  ops=$(org_var "$name" OPS_PORT)
  mkdir -p "$data"
  FABRIC_CFG_PATH="$BOND_NETWORK_HOME/config" \
    FABRIC_LOGGING_SPEC=INFO \
    ORDERER_GENERAL_LISTENADDRESS="$host" \
    ORDERER_GENERAL_LISTENPORT="$port" \
    ORDERER_GENERAL_LOCALMSPID="$msp_id" \
    ORDERER_GENERAL_LOCALMSPDIR="$dir/msp" \
    ORDERER_GENERAL_TLS_ENABLED=true \
    ORDERER_GENERAL_TLS_PRIVATEKEY="$tls/server.key" \
    ORDERER_GENERAL_TLS_CERTIFICATE="$tls/server.crt" \
    ORDERER_GENERAL_TLS_ROOTCAS="[$tls/ca.crt]" \
    ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE="$tls/server.crt" \
    ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY="$tls/server.key" \
    ORDERER_GENERAL_CLUSTER_ROOTCAS="[$tls/ca.crt]" \
    ORDERER_GENERAL_BOOTSTRAPMETHOD=none \
    ORDERER_CHANNELPARTICIPATION_ENABLED=true \
    ORDERER_FILELEDGER_LOCATION="$data/ledger" \
    ORDERER_CONSENSUS_WALDIR="$data/etcdraft/wal" \
    ORDERER_CONSENSUS_SNAPDIR="$data/etcdraft/snapshot" \
    ORDERER_ADMIN_LISTENADDRESS="$host:$admin" \
    ORDERER_ADMIN_TLS_ENABLED=true \
    ORDERER_ADMIN_TLS_PRIVATEKEY="$tls/server.key" \
    ORDERER_ADMIN_TLS_CERTIFICATE="$tls/server.crt" \
    ORDERER_ADMIN_TLS_ROOTCAS="[$tls/ca.crt]" \
    ORDERER_ADMIN_TLS_CLIENTAUTHREQUIRED=true \
    ORDERER_ADMIN_TLS_CLIENTROOTCAS="[$tls/ca.crt]" \
    ORDERER_OPERATIONS_LISTENADDRESS="$host:$ops" \
    ORDERER_OPERATIONS_TLS_ENABLED=true \
    ORDERER_OPERATIONS_TLS_CERTIFICATE="$tls/server.crt" \
    ORDERER_OPERATIONS_TLS_PRIVATEKEY="$tls/server.key" \
    ORDERER_OPERATIONS_TLS_CLIENTAUTHREQUIRED=false \
    ORDERER_OPERATIONS_TLS_CLIENTROOTCAS="[$tls/ca.crt]" \
    ORDERER_METRICS_PROVIDER=prometheus \
    start_process "$name" "$host:$port" "$host:$admin" "$host:$ops" -- orderer
}

start_peer() {
  local org=$1 host port ccport ops domain msp tls="$ORG_DIR/$1/peers/peer0/tls" data="$BOND_NETWORK_HOME/nodes/peer0-$1"
  host=$(org_var "$org" PEER_HOST)
  port=$(org_var "$org" PEER_PORT)
  ccport=$(org_var "$org" PEER_CC_PORT)
  ops=$(org_var "$org" PEER_OPS_PORT)
  domain=$(org_var "$org" DOMAIN)
  msp=$(org_var "$org" MSP_ID)
  mkdir -p "$data"
  FABRIC_CFG_PATH="$BOND_NETWORK_HOME/config" \
    FABRIC_LOGGING_SPEC=INFO \
    CORE_PEER_ID="peer0.$domain" \
    CORE_PEER_ADDRESS="$host:$port" \
    CORE_PEER_LISTENADDRESS="$host:$port" \
    CORE_PEER_CHAINCODEADDRESS="$host:$ccport" \
    CORE_PEER_CHAINCODELISTENADDRESS="$host:$ccport" \
    CORE_PEER_GOSSIP_BOOTSTRAP="$host:$port" \
    CORE_PEER_GOSSIP_EXTERNALENDPOINT="$host:$port" \
    CORE_PEER_LOCALMSPID="$msp" \
    CORE_PEER_MSPCONFIGPATH="$ORG_DIR/$org/peers/peer0/msp" \
    CORE_PEER_TLS_ENABLED=true \
    CORE_PEER_TLS_CERT_FILE="$tls/server.crt" \
    CORE_PEER_TLS_KEY_FILE="$tls/server.key" \
    CORE_PEER_TLS_ROOTCERT_FILE="$tls/ca.crt" \
    CORE_PEER_FILESYSTEMPATH="$data" \
    CORE_LEDGER_STATE_STATEDATABASE=goleveldb \
    CORE_LEDGER_SNAPSHOTS_ROOTDIR="$data/snapshots" \
    CORE_OPERATIONS_LISTENADDRESS="$host:$ops" \
    CORE_OPERATIONS_TLS_ENABLED=true \
    CORE_OPERATIONS_TLS_CERT_FILE="$tls/server.crt" \
    CORE_OPERATIONS_TLS_KEY_FILE="$tls/server.key" \
    CORE_OPERATIONS_TLS_CLIENTAUTHREQUIRED=false \
    CORE_OPERATIONS_TLS_CLIENTROOTCAS_FILES="$tls/ca.crt" \
    CORE_METRICS_PROVIDER=prometheus \
    CORE_VM_ENDPOINT='' \
    start_process "peer0-$org" "$host:$port" "$host:$ccport" "$host:$ops" -- peer node start
}

# Operations endpoints serve TLS with the node's own certificate.
wait_orderer() {
  wait_healthy "$1" "https://$(org_var "$1" HOST):$(org_var "$1" OPS_PORT)/healthz" "$(orderer_dir "$1")/tls/ca.crt"
}

wait_peer() {
  wait_healthy "peer0-$1" "https://$(org_var "$1" PEER_HOST):$(org_var "$1" PEER_OPS_PORT)/healthz" "$ORG_DIR/$1/peers/peer0/tls/ca.crt"
}
