# shellcheck shell=bash
# Fabric CA per organisation: start the CA servers and enrol every identity
# the network needs. One CA per organisation issues both its enrolment
# (signing) certificates and its TLS certificates (`tls` profile), so the
# org's MSP has one root for both. Sourced by network.sh.

ca_home() { printf '%s/ca/%s' "$BOND_NETWORK_HOME" "$1"; }
ca_url() { printf 'https://%s:%s' "$(org_var "$1" CA_HOST)" "$(org_var "$1" CA_PORT)"; }
ca_tls_cert() { printf '%s/tls-cert.pem' "$(ca_home "$1")"; }

start_ca() {
  local org=$1 home host port ops
  home=$(ca_home "$org")
  host=$(org_var "$org" CA_HOST)
  port=$(org_var "$org" CA_PORT)
  ops=$(org_var "$org" CA_OPS_PORT)
  mkdir -p "$home"
  FABRIC_CA_SERVER_OPERATIONS_LISTENADDRESS="$host:$ops" \
    start_process "ca-$org" "$host:$port" "$host:$ops" -- \
    fabric-ca-server start --home "$home" --address "$host" --port "$port" \
    --ca.name "ca-$org" --boot "registrar:$(secret "ca-$org-registrar")" \
    --csr.cn "ca.$(org_var "$org" DOMAIN)" --csr.hosts "$host,localhost,ca.$(org_var "$org" DOMAIN)" \
    --tls.enabled
}

wait_ca() {
  local org=$1
  for _ in $(seq 1 120); do
    [[ -s "$(ca_tls_cert "$org")" ]] && break
    sleep 0.25
  done
  wait_healthy "ca-$org" "$(ca_url "$org")/cainfo" "$(ca_tls_cert "$org")"
}

# ca_client ORG USER PASSWORD COMMAND ARGS…: runs fabric-ca-client against
# ORG's CA, authenticated as USER (enroll) or as the enrolled registrar
# (register; pass '' for USER and PASSWORD).
ca_client() {
  local org=$1 user=$2 password=$3 command=$4 url
  shift 4
  url=$(ca_url "$org")
  [[ -n "$user" ]] && url="https://$user:$password@${url#https://}"
  # `register` echoes the enrolment secret: keep it out of the log.
  FABRIC_CA_CLIENT_HOME="$ORG_DIR/$org/registrar" fabric-ca-client "$command" "$@" \
    --url "$url" --caname "ca-$org" --tls.certfiles "$(ca_tls_cert "$org")" 2>&1 |
    sed -E 's/^(Password:).*/\1 <redacted>/' >>"$LOG_DIR/enroll-$org.log" ||
    die "fabric-ca-client $command failed for $org; see $LOG_DIR/enroll-$org.log"
}

# NodeOUs: the CA puts the identity type (client, peer, admin, orderer) in the
# certificate's OU, so policies can say BankMSP.admin or BankMSP.peer.
write_node_ous() {
  local msp=$1
  cat >"$msp/config.yaml" <<EOF
NodeOUs:
  Enable: true
  ClientOUIdentifier: {Certificate: cacerts/ca.pem, OrganizationalUnitIdentifier: client}
  PeerOUIdentifier: {Certificate: cacerts/ca.pem, OrganizationalUnitIdentifier: peer}
  AdminOUIdentifier: {Certificate: cacerts/ca.pem, OrganizationalUnitIdentifier: admin}
  OrdererOUIdentifier: {Certificate: cacerts/ca.pem, OrganizationalUnitIdentifier: orderer}
EOF
}

# enroll_identity ORG NAME TYPE ATTRS DIR: registers NAME (if new) and enrols
# its signing certificate into DIR/msp. ATTRS: e.g. bond.role=operator:ecert.
enroll_identity() {
  local org=$1 name=$2 type=$3 attrs=$4 dir=$5 password
  [[ -f "$dir/msp/signcerts/cert.pem" ]] && return 0
  password=$(secret "$org-$name")
  ca_client "$org" '' '' register --id.name "$name" --id.secret "$password" --id.type "$type" \
    ${attrs:+--id.attrs "$attrs"}
  ca_client "$org" "$name" "$password" enroll --mspdir "$dir/msp"
  mv "$dir/msp/cacerts/"*.pem "$dir/msp/cacerts/ca.pem"
  mv "$dir/msp/keystore/"*_sk "$dir/msp/keystore/key.pem"
  write_node_ous "$dir/msp"
}

# enroll_tls ORG NAME FQDN HOST DIR: a TLS server/client certificate for HOST
# and FQDN into DIR/tls/{server.crt,server.key,ca.crt}. NAME must be enrolled.
enroll_tls() {
  local org=$1 name=$2 fqdn=$3 host=$4 dir=$5 work
  [[ -f "$dir/tls/server.crt" ]] && return 0
  work="$dir/tls-enroll"
  ca_client "$org" "$name" "$(secret "$org-$name")" enroll \
    --enrollment.profile tls --csr.hosts "$fqdn,$host,localhost" --mspdir "$work"
  mkdir -p "$dir/tls"
  cp "$work/signcerts/"*.pem "$dir/tls/server.crt"
  cp "$work/keystore/"*_sk "$dir/tls/server.key"
  cp "$work/tlscacerts/"*.pem "$dir/tls/ca.crt"
  rm -rf "$work"
}

# The org's MSP as the channel configuration sees it: its root CA, for both
# signing and TLS certificates, and the NodeOU rules.
write_org_msp() {
  local org=$1 msp="$ORG_DIR/$1/msp"
  mkdir -p "$msp/cacerts" "$msp/tlscacerts"
  cp "$ORG_DIR/$org/registrar/msp/cacerts/"*.pem "$msp/cacerts/ca.pem"
  cp "$msp/cacerts/ca.pem" "$msp/tlscacerts/ca.pem"
  write_node_ous "$msp"
}

# Every identity of one organisation. Users' certificates carry the role
# attribute the chaincode reads (bond.role): admin administers, operator
# signs instructions; viewer1 has none and may only read.
enroll_org() {
  local org=$1 domain host
  domain=$(org_var "$org" DOMAIN)
  host=$(org_var "$org" PEER_HOST)
  mkdir -p "$ORG_DIR/$org" "$LOG_DIR"
  if [[ ! -f "$ORG_DIR/$org/registrar/msp/signcerts/cert.pem" ]]; then
    ca_client "$org" registrar "$(secret "ca-$org-registrar")" enroll
  fi
  write_org_msp "$org"

  enroll_identity "$org" peer0 peer '' "$ORG_DIR/$org/peers/peer0"
  enroll_tls "$org" peer0 "peer0.$domain" "$host" "$ORG_DIR/$org/peers/peer0"
  enroll_identity "$org" admin admin 'bond.role=admin:ecert' "$ORG_DIR/$org/users/admin"
  enroll_tls "$org" admin "admin.$domain" "$host" "$ORG_DIR/$org/users/admin"
  enroll_identity "$org" operator1 client 'bond.role=operator:ecert' "$ORG_DIR/$org/users/operator1"
  enroll_identity "$org" viewer1 client '' "$ORG_DIR/$org/users/viewer1"
  # The org's chaincode server: a TLS identity only.
  enroll_identity "$org" chaincode client '' "$ORG_DIR/$org/chaincode"
  enroll_tls "$org" chaincode "chaincode.$domain" "$(org_var "$org" CHAINCODE_HOST)" "$ORG_DIR/$org/chaincode"

  # An ordering organisation (the CSD; the payment operator) also enrols its orderers.
  local orderer
  for orderer in $(all_orderers); do
    [[ "$(orderer_org "$orderer")" == "$org" ]] || continue
    enroll_identity "$org" "$orderer" orderer '' "$(orderer_dir "$orderer")"
    enroll_tls "$org" "$orderer" "$orderer.$domain" "$(org_var "$orderer" HOST)" "$(orderer_dir "$orderer")"
  done
}
