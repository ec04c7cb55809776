// Writes each organisation's REST gateway configuration and API keys for the
// test network, and the newcomer's summary gateways.json: every gateway's
// organisation, base URL and demo API keys per user and role. Keys are
// issued once and kept (hashed in each gateway's key file, in clear only in
// gateways.json, mode 600): test-network material.
// The bond channel's gateways are listed under "gateways"; those of its
// organisations that are on the cash channel (participants, and the CSD as
// an observer) serve the cash ledger too (`cashLedger`: its routes under
// /cash), through the same peer. The cash ledger's operator's gateway (same
// code, serving the cash ledger only) is listed under "cash", so that
// nothing that drives the bond gateways reaches it.
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

// The bond channel's ledger, and the cash ledger's (whose authority is its operator).
const bonds = { channel: network.channel, chaincode: network.chaincode, orderers: network.orderers };
const cash = network.cash && {
  channel: network.cash.channel,
  chaincode: network.cash.chaincode,
  operatorMspId: network.cash.organizations[network.cash.administrator].mspId,
  orderers: network.cash.orderers,
};
// The gateway configuration's cashLedger setting.
const cashLedger = cash && { channel: cash.channel, chaincode: cash.chaincode, operatorMspId: cash.operatorMspId };

// Writes ORG's gateway configuration and key file for the ledgers it serves:
// `bond` (the bond ledger, or none) and `cashLedger` (its configuration
// setting, or none). The bond ledger, where served, is the one its
// revocation lists and readiness check use. Returns its summary entry.
function setUp(org, info, { bond, cashLedger: servedCash }, known) {
  const primary = bond ?? cash;
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
    const kept = known?.users?.[user];
    const issued = kept ? { key: kept.apiKey, record: kept.record } : issueKey(user);
    credentials[user] = { role, apiKey: issued.key, record: issued.record };
    records.push(issued.record);
  }
  fs.writeFileSync(path.join(dir, 'api-keys.json'), JSON.stringify({ keys: records }, null, 2) + '\n', { mode: 0o600 });
  const config = {
    organization: org,
    mspId: info.mspId,
    // The bond ledger's authority (it endorses every bond transaction).
    csdMspId: env('CSD_MSP_ID'),
    listen: { host, port },
    peer: info.peer,
    // Without a bond channel and chaincode the gateway serves the cash ledger only.
    ...(bond ? { channel: bond.channel, chaincode: bond.chaincode } : {}),
    ...(servedCash ? { cashLedger: servedCash } : {}),
    users,
    apiKeysFile: path.join(dir, 'api-keys.json'),
    stateDir: path.join(dir, 'state'),
    // A back office's bulk run or npm run bench sends hundreds a second as one caller: the limit still
    // applies (60,000 a minute per caller), set where a test network's load stays under it.
    rateLimitPerMinute: 60000,
    // The institution's admins register and revoke users at its CA; revocation lists reach the channel through an orderer.
    identities: { ca: info.ca, orderer: primary.orderers[0], channelAdmin: 'admin' },
    // Readiness (/readyz): the peer and a majority of these answer (one ordering service: the primary ledger's).
    orderers: primary.orderers,
  };
  if (info.mspId === env('CSD_MSP_ID')) {
    // The CSD's systems submit due lifecycle events; BOND_SCHEDULER_INTERVAL=0 runs them only on request.
    config.scheduler = { user: 'operator1', intervalSeconds: Number(process.env.BOND_SCHEDULER_INTERVAL ?? 300) };
  }
  if (servedCash && (info.mspId === env('CSD_MSP_ID') || info.mspId === servedCash.operatorMspId)) {
    // The settlement agent (gateway/dist/settlement-agent.js, started with the gateways): the CSD's completes
    // the bond side of cross-ledger DvPs, the operator's refunds expired cash locks.
    config.settlementAgent = {
      user: 'operator1',
      intervalSeconds: Number(process.env.BOND_AGENT_INTERVAL ?? 5),
      refundGraceSeconds: Number(process.env.BOND_AGENT_REFUND_GRACE ?? 10),
    };
  }
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });
  return { mspId: info.mspId, baseUrl: `http://${host}:${port}`, docs: `http://${host}:${port}/docs`, users: credentials };
}

for (const [org, info] of Object.entries(network.organizations)) {
  // An organisation on the cash channel (its peer joined to it) serves the cash ledger too.
  const onCash = cash !== undefined && Object.hasOwn(network.cash.organizations, org);
  summary.gateways[org] = setUp(org, info, { bond: bonds, cashLedger: onCash ? cashLedger : undefined }, previous.gateways[org]);
}
if (cash) {
  // The operator's gateway, where the topology gives it a port: the cash ledger only.
  const operator = network.cash.administrator;
  const entry = { channel: cash.channel, chaincode: cash.chaincode, gateways: {} };
  if (process.env[`${operator.toUpperCase()}_GATEWAY_PORT`] !== undefined) {
    entry.gateways[operator] = setUp(operator, network.cash.organizations[operator], { cashLedger }, previous.cash?.gateways?.[operator]);
  }
  summary.cash = entry;
}
fs.writeFileSync(summaryFile, JSON.stringify(summary, null, 2) + '\n', { mode: 0o600 });
