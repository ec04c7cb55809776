// Admits an institution to the member registry through the CSD's REST
// gateway, as the CSD's admin (test network: the demo key in gateways.json).
// Already a member: nothing to do.
// Usage: node admit-member.js GATEWAYS_JSON MSP_ID "LEGAL NAME" LEI "ROLE ROLE…"
'use strict';
const fs = require('fs');

async function main() {
  const [file, mspId, legalName, lei, roles] = process.argv.slice(2);
  const csd = JSON.parse(fs.readFileSync(file, 'utf8')).gateways.csd;
  const apiKey = csd?.users?.admin?.apiKey;
  if (!apiKey) throw new Error(`no CSD admin key in ${file}`);
  const headers = { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' };
  const found = await fetch(`${csd.baseUrl}/members/${encodeURIComponent(mspId)}`, { headers });
  if (found.status === 200) {
    console.log(`${mspId} is already a member (status ${(await found.json()).status})`);
    return;
  }
  const admitted = await fetch(`${csd.baseUrl}/members`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ mspId, legalName, lei, roles: roles.split(/\s+/).filter(Boolean) }),
  });
  const body = await admitted.json();
  if (admitted.status !== 201) throw new Error(`the CSD's gateway refused the admission: ${admitted.status} ${JSON.stringify(body.error ?? body)}`);
  console.log(`${mspId} admitted in transaction ${body.transactionId}`);
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
