// What the workloads read from the running test network's state directory
// ($BOND_NETWORK_HOME, default .network-state in the clone): organisations'
// MSP IDs from network.json and the transfer fixture.
'use strict';
const fs = require('fs');
const path = require('path');

function networkHome() {
  return process.env.BOND_NETWORK_HOME || path.resolve(__dirname, '../../../.network-state');
}

function readJson(file, what) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read ${what} ${file}: ${error.message}`);
  }
}

/** The MSP ID of an organisation named by its key in network.json (csd, bank, ...). */
function mspIdOf(org) {
  const network = readJson(path.join(networkHome(), 'network.json'), 'the test network description');
  const description = network.organizations[org];
  if (!description) throw new Error(`network.json has no organisation ${org} (it has ${Object.keys(network.organizations).join(', ')})`);
  return description.mspId;
}

/** The transfer fixture the project's benchmark seeds: an issued bond and account pairs that hold units. */
function transferFixture(file = path.join(networkHome(), 'bench', 'transfer-fixture.json')) {
  const fixture = readJson(file, 'the transfer fixture');
  const account = (a) => a && typeof a.org === 'string' && typeof a.mspId === 'string' && typeof a.accountId === 'string';
  const valid =
    typeof fixture.isin === 'string' &&
    /^[1-9][0-9]*$/.test(String(fixture.units)) &&
    /^[0-9]+$/.test(String(fixture.cashAmount)) &&
    Array.isArray(fixture.pairs) &&
    fixture.pairs.every((p) => account(p.seller) && account(p.buyer));
  if (!valid) throw new Error(`${file} is not a transfer fixture ({isin, pairs: [{seller, buyer}], units, cashAmount})`);
  return fixture;
}

/** A run-unique tag: run.sh sets one for the whole run; otherwise the worker's start time. */
function runId() {
  return process.env.BOND_CALIPER_RUN_ID || Date.now().toString(36);
}

module.exports = { networkHome, mspIdOf, transferFixture, runId };
