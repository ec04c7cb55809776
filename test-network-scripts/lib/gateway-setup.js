// Writes each organisation's REST gateway configuration and API keys for the
// test network, and the newcomer's summary gateways.json: every gateway's
// organisation, base URL and demo API keys per user and role. Keys are
// issued once and kept (hashed in each gateway's key file, in clear only in
// gateways.json, mode 600): test-network material.
// Usage: node gateway-setup.js STATE_DIR (topology in the environment).
'use strict';
const fs = require('fs');
const path = require('path');
const { issueKey } = require('../../gateway/dist/http/auth.js');

const stateDir = process.argv[2];
const network = JSON.parse(fs.readFileSync(path.join(stateDir, 'network.json'), 'utf8'));
const summaryFile = path.join(stateDir, 'gateways.json');
const previous = fs.existsSync(summaryFile) ? JSON.parse(fs.readFileSync(summaryFile, 'utf8')) : { gateways: {} };
const env = (name) => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`topology variable ${name} is not set`);
  return value;
};
const ROLE_OF = { admin: 'admin', operator1: 'operator', viewer1: 'viewer' };

const summary = {
  notice: 'Test-network material: demo API keys for local use only. Send one as "Authorization: Bearer <apiKey>".',
  gateways: {},
};
for (const [org, info] of Object.entries(network.organizations)) {
  const key = org.toUpperCase();
  const host = env(`${key}_PEER_HOST`);
  const port = Number(env(`${key}_GATEWAY_PORT`));
  const dir = path.join(stateDir, 'gateways', org);
  fs.mkdirSync(dir, { recursive: true });
  const users = {};
  const credentials = {};
  const records = [];
  for (const [user, files] of Object.entries(info.users)) {
    const role = ROLE_OF[user];
    if (!role) continue;
    users[user] = { role, certPath: files.certPath, keyPath: files.keyPath };
    const known = previous.gateways[org]?.users?.[user];
    const issued = known ? { key: known.apiKey, record: known.record } : issueKey(user);
    credentials[user] = { role, apiKey: issued.key, record: issued.record };
    records.push(issued.record);
  }
  fs.writeFileSync(path.join(dir, 'api-keys.json'), JSON.stringify({ keys: records }, null, 2) + '\n', { mode: 0o600 });
  const config = {
    organization: org,
    mspId: info.mspId,
    csdMspId: env('CSD_MSP_ID'),
    listen: { host, port },
    peer: info.peer,
    channel: network.channel,
    chaincode: network.chaincode,
    users,
    apiKeysFile: path.join(dir, 'api-keys.json'),
    stateDir: path.join(dir, 'state'),
    // A back office's bulk run or npm run bench sends hundreds a second as one caller: the limit still
    // applies (60,000 a minute per caller), set where a test network's load stays under it.
    rateLimitPerMinute: 60000,
    // The institution's admins register and revoke users at its CA; revocation lists reach the channel through an orderer.
    identities: { ca: info.ca, orderer: network.orderer, channelAdmin: 'admin' },
    // Readiness (/readyz): the peer and a majority of these answer.
    orderers: network.orderers,
  };
  if (info.mspId === env('CSD_MSP_ID')) {
    // The CSD's systems submit due lifecycle events; BOND_SCHEDULER_INTERVAL=0 runs them only on request.
    config.scheduler = { user: 'operator1', intervalSeconds: Number(process.env.BOND_SCHEDULER_INTERVAL ?? 300) };
  }
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });
  summary.gateways[org] = { mspId: info.mspId, baseUrl: `http://${host}:${port}`, docs: `http://${host}:${port}/docs`, users: credentials };
}
fs.writeFileSync(summaryFile, JSON.stringify(summary, null, 2) + '\n', { mode: 0o600 });
