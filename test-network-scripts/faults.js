#!/usr/bin/env node
// npm run faults: the fault suite (gateway/src/faults), compiled with the
// gateway, against the running network (npm start first; the namespace cut
// needs `npm start -- --namespaces`, the disk-full scenario root). Builds the
// gateway when its compiled suite is missing or stale, then runs it with the
// arguments given (--help: gateway/src/faults/suite.ts's usage).
'use strict';
const fs = require('fs');
const path = require('path');
const { root, ensureBuilt } = require('./lib/compiled');

const home = process.env.BOND_NETWORK_HOME || path.join(root, '.network-state');
if (process.argv.includes('--help') || process.argv.includes('-h')) {
  const source = fs.readFileSync(path.join(root, 'gateway/src/faults/suite.ts'), 'utf8');
  process.stdout.write(source.slice(source.indexOf('/**') + 3, source.indexOf('*/')).replace(/^ \* ?/gm, '') + '\n');
  process.exit(0);
}
if (!fs.existsSync(path.join(home, 'gateways.json'))) {
  process.stderr.write(`faults: no network in ${home}: run npm start first\n`);
  process.exit(2);
}
const entry = ensureBuilt(
  'gateway/dist/faults/suite.js',
  ['gateway/src', 'gateway/src/faults', 'gateway/src/bench', 'gateway/src/ledger-check', 'gateway/src/fabric', 'gateway/src/http'],
  'faults',
);
require(entry)
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
