// Waits until every organisation's gateway peer can plan an endorsement by
// every organisation, i.e. gossip discovery has found all peers. After a
// restart this takes some seconds; until then cross-organisation
// transactions fail with "failed to find any endorsing peers".
// Usage: node wait-discovery.js NETWORK_JSON [TIMEOUT_SECONDS]
'use strict';
const fs = require('fs');
const crypto = require('crypto');
const grpc = require('@grpc/grpc-js');
const { connect, hash, signers } = require('@hyperledger/fabric-gateway');

const [file, timeoutSeconds = '90'] = process.argv.slice(2);
const network = JSON.parse(fs.readFileSync(file, 'utf8'));
const orgs = Object.values(network.organizations);
const everyone = orgs.map((o) => o.mspId);
const deadline = Date.now() + Number(timeoutSeconds) * 1000;
// UNAVAILABLE ("failed to find any endorsing peers") and FAILED_PRECONDITION
// ("no combination of peers…"): the gateway cannot plan the endorsement yet.
const NOT_YET = new Set([grpc.status.UNAVAILABLE, grpc.status.FAILED_PRECONDITION]);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function ready(org) {
  const client = new grpc.Client(org.peer.endpoint, grpc.credentials.createSsl(fs.readFileSync(org.peer.tlsRootCertPath)), {
    'grpc.ssl_target_name_override': org.peer.hostAlias,
  });
  const user = org.users.admin;
  const gateway = connect({
    client,
    identity: { mspId: org.mspId, credentials: fs.readFileSync(user.certPath) },
    signer: signers.newPrivateKeySigner(crypto.createPrivateKey(fs.readFileSync(user.keyPath))),
    hash: hash.sha256,
  });
  try {
    for (;;) {
      try {
        const contract = gateway.getNetwork(network.channel).getContract(network.chaincode, 'Membership');
        // Endorse only: nothing is submitted, so nothing is written.
        await contract.newProposal('WhoAmI', { endorsingOrganizations: everyone }).endorse();
        return;
      } catch (error) {
        // Every peer answered (a chaincode refusal such as NOT_A_MEMBER before the
        // members are admitted still means the peers were found): discovery works.
        if (!NOT_YET.has(error.code)) return;
        if (Date.now() > deadline) throw new Error(`${org.mspId}'s peer cannot reach every organisation: ${error.message}`);
        await sleep(1000);
      }
    }
  } finally {
    gateway.close();
    client.close();
  }
}

Promise.all(orgs.map(ready)).then(
  () => process.exit(0),
  (error) => {
    console.error(error.message);
    process.exit(1);
  },
);
