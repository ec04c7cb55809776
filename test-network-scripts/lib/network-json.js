// Writes the test network's description for clients (integration tests, the
// REST gateways): per organisation its MSP ID, gateway peer, CA (with its
// registrar's certificate and key) and the enrolled users' certificate and
// key files; and an orderer for configuration updates. Test-network material only.
// Usage: node network-json.js ORG_DIR OUTPUT_FILE (topology in the environment).
'use strict';
const fs = require('fs');
const path = require('path');

const [orgDir, output] = process.argv.slice(2);
const env = (name) => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`topology variable ${name} is not set`);
  return value;
};

// The CA's bootstrap registrar, enrolled by fabric-ca-client: its key keeps the CLI's name.
function registrarFiles(mspDir) {
  const keys = fs.readdirSync(path.join(mspDir, 'keystore')).filter((f) => f.endsWith('_sk'));
  if (keys.length !== 1) throw new Error(`expected one registrar key in ${mspDir}/keystore`);
  return { certPath: path.join(mspDir, 'signcerts', 'cert.pem'), keyPath: path.join(mspDir, 'keystore', keys[0]) };
}

const organizations = {};
for (const org of env('ORGS').split(/\s+/).filter(Boolean)) {
  const key = org.toUpperCase();
  const usersDir = path.join(orgDir, org, 'users');
  const users = {};
  for (const user of fs.readdirSync(usersDir).sort()) {
    users[user] = {
      certPath: path.join(usersDir, user, 'msp', 'signcerts', 'cert.pem'),
      keyPath: path.join(usersDir, user, 'msp', 'keystore', 'key.pem'),
    };
  }
  organizations[org] = {
    mspId: env(`${key}_MSP_ID`),
    peer: {
      endpoint: `${env(`${key}_PEER_HOST`)}:${env(`${key}_PEER_PORT`)}`,
      hostAlias: `peer0.${env(`${key}_DOMAIN`)}`,
      tlsRootCertPath: path.join(orgDir, org, 'peers', 'peer0', 'tls', 'ca.crt'),
    },
    ca: {
      url: `https://${env(`${key}_CA_HOST`)}:${env(`${key}_CA_PORT`)}`,
      caName: `ca-${org}`,
      // The CA's TLS certificate is issued by its own root.
      tlsRootCertPath: path.join(path.dirname(orgDir), 'ca', org, 'ca-cert.pem'),
      registrar: registrarFiles(path.join(orgDir, org, 'registrar', 'msp')),
    },
    users,
  };
}

// The orderers' organisation, whose CA issues their TLS certificates.
const ordererOrg = env('ORDERER_ORG');
const orderers = env('ORDERERS')
  .split(/\s+/)
  .filter(Boolean)
  .map((name) => ({
    endpoint: `${env(`${name.toUpperCase()}_HOST`)}:${env(`${name.toUpperCase()}_PORT`)}`,
    hostAlias: `${name}.${env(`${ordererOrg.toUpperCase()}_DOMAIN`)}`,
    tlsRootCertPath: path.join(orgDir, ordererOrg, 'msp', 'tlscacerts', 'ca.pem'),
    name,
    // The channel participation API (mutual TLS with the orderer organisation's admin).
    adminEndpoint: `${env(`${name.toUpperCase()}_HOST`)}:${env(`${name.toUpperCase()}_ADMIN_PORT`)}`,
  }));

const description = {
  notice: 'Generated test-network material: demo identities for local testing only.',
  channel: env('CHANNEL_NAME'),
  chaincode: env('CHAINCODE_NAME'),
  // The first orderer: where admin tools send channel updates.
  orderer: orderers[0],
  orderers,
  organizations,
};
fs.writeFileSync(output, JSON.stringify(description, null, 2) + '\n', { mode: 0o600 });
