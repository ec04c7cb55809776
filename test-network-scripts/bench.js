#!/usr/bin/env node
// npm run bench: the settlement benchmark (gateway/src/bench), compiled with
// the gateway, against the running network (npm start first). Deploys the
// benchmark's baseline chaincode (bench/chaincode) on first use, builds the
// gateway when its compiled benchmark is missing or stale, then runs it with
// the arguments given (see --help in gateway/src/bench/cli.ts).
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { root, ensureBuilt } = require('./lib/compiled');

const home = process.env.BOND_NETWORK_HOME || path.join(root, '.network-state');

function fail(message) {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  const source = fs.readFileSync(path.join(root, 'gateway/src/bench/cli.ts'), 'utf8');
  process.stdout.write(source.slice(source.indexOf('/**') + 3, source.indexOf('*/')).replace(/^ \* ?/gm, '') + '\n');
  process.exit(0);
}
if (!fs.existsSync(path.join(home, 'gateways.json'))) fail(`no network in ${home}: run npm start first`);
if (!fs.existsSync(path.join(home, 'chaincode-benchmark/csd/package-id'))) {
  process.stderr.write('bench: deploying the baseline chaincode (test-network-scripts/network.sh deployBenchmarkCC)\n');
  const deployed = spawnSync('bash', [path.join(root, 'test-network-scripts/network.sh'), 'deployBenchmarkCC'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (deployed.status !== 0) fail('the baseline chaincode could not be deployed; see the output above');
}
const entry = ensureBuilt(
  'gateway/dist/bench/cli.js',
  ['gateway/src', 'gateway/src/bench', 'gateway/src/ledger-check', 'gateway/src/fabric', 'gateway/src/http'],
  'bench',
);

require(entry)
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
