// Writes the test network's description for clients (integration tests, the
// REST gateways): per organisation its MSP ID, gateway peer and the enrolled
// users' certificate and key files. Test-network material only.
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
    users,
  };
}

const description = {
  notice: 'Generated test-network material: demo identities for local testing only.',
  channel: env('CHANNEL_NAME'),
  chaincode: env('CHAINCODE_NAME'),
  organizations,
};
fs.writeFileSync(output, JSON.stringify(description, null, 2) + '\n', { mode: 0o600 });
