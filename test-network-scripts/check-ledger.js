#!/usr/bin/env node
// npm run check-ledger: the ledger invariant checker (gateway/src/ledger-check),
// compiled with the gateway. Builds the gateway first when its compiled
// checker is missing or older than its sources, then runs it with the
// arguments given (see --help). Exit 0: invariants hold, 1: a violation,
// 2: the ledger could not be checked.
'use strict';
const { ensureBuilt } = require('./lib/compiled');

const entry = ensureBuilt(
  'gateway/dist/ledger-check/cli.js',
  ['gateway/src', 'gateway/src/ledger-check', 'gateway/src/fabric'],
  'check-ledger',
);
require(entry)
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
