// Writes the test network's description for clients (integration tests, the
// REST gateways): per organisation of the bond channel its MSP ID, gateway
// peer, CA (with its registrar's certificate and key) and the enrolled users'
// certificate and key files; and an orderer for configuration updates. Under
// "cash", the same for the cash ledger's channel (its organisations, the
// payment operator among them, and its ordering service) with each
// organisation's part in it. Test-network material only.
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

const list = (name) => env(name).split(/\s+/).filter(Boolean);

function describeOrg(org) {
  const key = org.toUpperCase();
  const usersDir = path.join(orgDir, org, 'users');
  const users = {};
  for (const user of fs.readdirSync(usersDir).sort()) {
    users[user] = {
      certPath: path.join(usersDir, user, 'msp', 'signcerts', 'cert.pem'),
      keyPath: path.join(usersDir, user, 'msp', 'keystore', 'key.pem'),
    };
  }
  return {
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

const organizations = Object.fromEntries(list('ORGS').map((org) => [org, describeOrg(org)]));

// An orderer's organisation (its ORG in the topology, else ORDERER_ORG) issues its TLS certificate.
function describeOrderer(name) {
  const key = name.toUpperCase();
  const ordererOrg = process.env[`${key}_ORG`] ?? env('ORDERER_ORG');
  return {
    endpoint: `${env(`${key}_HOST`)}:${env(`${key}_PORT`)}`,
    hostAlias: `${name}.${env(`${ordererOrg.toUpperCase()}_DOMAIN`)}`,
    tlsRootCertPath: path.join(orgDir, ordererOrg, 'msp', 'tlscacerts', 'ca.pem'),
    name,
    // The channel participation API (mutual TLS with the orderer organisation's admin).
    adminEndpoint: `${env(`${key}_HOST`)}:${env(`${key}_ADMIN_PORT`)}`,
  };
}
const orderers = list('ORDERERS').map(describeOrderer);

// The cash ledger: the payment operator administers it and runs its orderers;
// participants propose and submit; observers (the CSD) only read blocks and events.
const cashOrgs = list('CASH_ORGS');
const cashAdmin = env('CASH_ADMIN_ORG');
const cashParticipants = list('CASH_PARTICIPANTS');
const cashOrderers = list('CASH_ORDERERS').map(describeOrderer);
const cash = {
  channel: env('CASH_CHANNEL_NAME'),
  chaincode: env('CASH_CHAINCODE_NAME'),
  administrator: cashAdmin,
  participants: cashParticipants,
  observers: cashOrgs.filter((org) => org !== cashAdmin && !cashParticipants.includes(org)),
  // The organisations whose peers run the cash chaincode and endorse (a *_CASH_CHAINCODE_PORT).
  endorsers: cashOrgs.filter((org) => process.env[`${org.toUpperCase()}_CASH_CHAINCODE_PORT`] !== undefined),
  orderer: cashOrderers[0],
  orderers: cashOrderers,
  organizations: Object.fromEntries(cashOrgs.map((org) => [org, describeOrg(org)])),
};

const description = {
  notice: 'Generated test-network material: demo identities for local testing only.',
  channel: env('CHANNEL_NAME'),
  chaincode: env('CHAINCODE_NAME'),
  // The first orderer: where admin tools send channel updates.
  orderer: orderers[0],
  orderers,
  organizations,
  cash,
};
fs.writeFileSync(output, JSON.stringify(description, null, 2) + '\n', { mode: 0o600 });
