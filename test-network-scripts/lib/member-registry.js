// The CSD's member registry through the CSD's REST gateway, as the CSD's
// admin (test network: the demo key in gateways.json), the way the CSD's staff
// use it: add-org.sh admits an institution, remove-org.sh revokes one.
// Both are idempotent: an existing member is not admitted again, a revoked
// one is not revoked again, and one that was never admitted has nothing to revoke.
// Usage: node member-registry.js admit GATEWAYS_JSON MSP_ID "LEGAL NAME" LEI "ROLE ROLE…"
//        node member-registry.js revoke GATEWAYS_JSON MSP_ID "REASON"
'use strict';
const fs = require('fs');

/** The CSD gateway's base URL and a request helper authenticated as its admin. */
function csdAdmin(file) {
  const csd = JSON.parse(fs.readFileSync(file, 'utf8')).gateways.csd;
  const apiKey = csd?.users?.admin?.apiKey;
  if (!apiKey) throw new Error(`no CSD admin key in ${file}`);
  const headers = { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' };
  return async (method, path, body) => {
    const response = await fetch(`${csd.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: await response.json().catch(() => ({})) };
  };
}

const refusal = (what, answer) =>
  new Error(`the CSD's gateway refused the ${what}: ${answer.status} ${JSON.stringify(answer.body.error ?? answer.body)}`);

const retryable = (answer) => answer.status === 409 || answer.status >= 500;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Right after add-org.sh commits a new chaincode definition, an endorsement may
// meet a peer still starting the new chaincode: such a refusal is tried again,
// after looking whether the last attempt was committed after all.
const ADMIT_ATTEMPTS = 5;

async function admit(call, mspId, legalName, lei, roles) {
  for (let attempt = 1; ; attempt++) {
    const found = await call('GET', `/members/${encodeURIComponent(mspId)}`);
    if (found.status === 200) {
      console.log(`${mspId} is ${attempt === 1 ? 'already ' : ''}a member (status ${found.body.status})`);
      return;
    }
    const admitted = await call('POST', '/members', { mspId, legalName, lei, roles: roles.split(/\s+/).filter(Boolean) });
    if (admitted.status === 201) {
      console.log(`${mspId} admitted in transaction ${admitted.body.transactionId}`);
      return;
    }
    if (attempt >= ADMIT_ATTEMPTS || !retryable(admitted)) throw refusal('admission', admitted);
    console.log(`admission of ${mspId} not done yet (${admitted.status} ${admitted.body.error?.code ?? ''}); trying again`);
    await sleep(2000);
  }
}

// Right after the channel update that removes an institution, a peer that has not committed it yet
// may still offer the removed institution's peer as an endorser: such a refusal is tried again.
const REVOKE_ATTEMPTS = 5;

async function revoke(call, mspId, reason) {
  for (let attempt = 1; ; attempt++) {
    const found = await call('GET', `/members/${encodeURIComponent(mspId)}`);
    if (found.status === 404) {
      console.log(`${mspId} is not in the member registry: nothing to revoke`);
      return;
    }
    if (found.status !== 200) throw refusal('member query', found);
    if (found.body.status === 'REVOKED') {
      console.log(`${mspId} is ${attempt === 1 ? 'already ' : ''}revoked in the member registry`);
      return;
    }
    const revoked = await call('POST', `/members/${encodeURIComponent(mspId)}/revocation`, { reason });
    if (revoked.status === 200) {
      console.log(`${mspId} revoked in the member registry in transaction ${revoked.body.transactionId}`);
      return;
    }
    if (attempt >= REVOKE_ATTEMPTS || !retryable(revoked)) throw refusal('revocation', revoked);
    await sleep(2000);
  }
}

async function main() {
  const [command, file, ...args] = process.argv.slice(2);
  const call = csdAdmin(file);
  if (command === 'admit' && args.length === 4) return admit(call, ...args);
  if (command === 'revoke' && args.length === 2) return revoke(call, ...args);
  throw new Error('usage: member-registry.js admit GATEWAYS_JSON MSP_ID "LEGAL NAME" LEI "ROLES" | revoke GATEWAYS_JSON MSP_ID "REASON"');
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
