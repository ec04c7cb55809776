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

// A change to the registry made right after a channel or chaincode update may
// be refused for a while: right after add-org.sh commits a new chaincode
// definition, an endorsement may meet a peer still starting it; right after the
// channel update that removes an institution, a peer that has not committed it
// yet may still offer the removed peer as an endorser. Such a refusal (409,
// 5xx) is tried again, after looking whether the last attempt was committed
// after all.
const ATTEMPTS = 5;

/**
 * Makes one change to the registry: `done(attempt)` says (and logs) whether
 * the ledger already shows it, else `submit()` sends it, and an answer with
 * status `expected` is logged by `committed`.
 */
async function change(what, { done, submit, expected, committed }) {
  for (let attempt = 1; ; attempt++) {
    if (await done(attempt)) return;
    const answer = await submit();
    if (answer.status === expected) return committed(answer);
    if (attempt >= ATTEMPTS || !retryable(answer)) throw refusal(what, answer);
    console.log(`the ${what} is not done yet (${answer.status} ${answer.body.error?.code ?? ''}); trying again`);
    await sleep(2000);
  }
}

function admit(call, mspId, legalName, lei, roles) {
  return change('admission', {
    done: async (attempt) => {
      const found = await call('GET', `/members/${encodeURIComponent(mspId)}`);
      if (found.status !== 200) return false;
      console.log(`${mspId} is ${attempt === 1 ? 'already ' : ''}a member (status ${found.body.status})`);
      return true;
    },
    submit: () => call('POST', '/members', { mspId, legalName, lei, roles: roles.split(/\s+/).filter(Boolean) }),
    expected: 201,
    committed: (answer) => console.log(`${mspId} admitted in transaction ${answer.body.transactionId}`),
  });
}

function revoke(call, mspId, reason) {
  return change('revocation', {
    done: async (attempt) => {
      const found = await call('GET', `/members/${encodeURIComponent(mspId)}`);
      if (found.status === 404) {
        console.log(`${mspId} is not in the member registry: nothing to revoke`);
        return true;
      }
      if (found.status !== 200) throw refusal('member query', found);
      if (found.body.status !== 'REVOKED') return false;
      console.log(`${mspId} is ${attempt === 1 ? 'already ' : ''}revoked in the member registry`);
      return true;
    },
    submit: () => call('POST', `/members/${encodeURIComponent(mspId)}/revocation`, { reason }),
    expected: 200,
    committed: (answer) => console.log(`${mspId} revoked in the member registry in transaction ${answer.body.transactionId}`),
  });
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
