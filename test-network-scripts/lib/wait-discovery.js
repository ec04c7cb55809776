// Waits until every organisation's gateway peer can plan an endorsement by
// every organisation, i.e. gossip discovery has found all peers. After a
// restart this takes some seconds; until then cross-organisation
// transactions fail with "failed to find any endorsing peers".
// On the cash ledger's channel (CHANNEL = network.json's cash.channel): every
// organisation that may propose there (the operator and the participants; an
// observer may not) can plan an endorsement by the organisations running the
// cash chaincode.
// Usage: node wait-discovery.js NETWORK_JSON [TIMEOUT_SECONDS] [CHANNEL]
'use strict';
const fs = require('fs');
const crypto = require('crypto');
const grpc = require('@grpc/grpc-js');
const { connect, hash, signers } = require('@hyperledger/fabric-gateway');

const [file, timeoutSeconds = '90', channel] = process.argv.slice(2);
const description = JSON.parse(fs.readFileSync(file, 'utf8'));
const cash = description.cash !== undefined && channel === description.cash.channel ? description.cash : undefined;
if (channel !== undefined && cash === undefined && channel !== description.channel) {
  console.error(`${file} describes no channel '${channel}'`);
  process.exit(1);
}
// The channel's view: its name, chaincode and organisations; who proposes, who endorses; a read-only probe.
const network = cash ?? description;
const orgs = cash
  ? [cash.administrator, ...cash.participants].map((org) => cash.organizations[org])
  : Object.values(description.organizations);
const everyone = cash ? cash.endorsers.map((org) => cash.organizations[org].mspId) : orgs.map((o) => o.mspId);
const [probeContract, probeFunction] = cash ? ['Cash', 'GetConfig'] : ['Membership', 'WhoAmI'];
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
        const contract = gateway.getNetwork(network.channel).getContract(network.chaincode, probeContract);
        // Endorse only: nothing is submitted, so nothing is written.
        await contract.newProposal(probeFunction, { endorsingOrganizations: everyone }).endorse();
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
