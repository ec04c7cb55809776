#!/usr/bin/env node
// npm run check-ledger: the ledger invariant checker (gateway/src/ledger-check),
// compiled with the gateway. Builds the gateway first when its compiled
// checker is missing or older than its sources, then runs it with the
// arguments given (see --help). Exit 0: invariants hold, 1: a violation,
// 2: the ledger could not be checked.
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.resolve(__dirname, '..');
const entry = path.join(root, 'gateway/dist/ledger-check/cli.js');
const sourceDirs = ['gateway/src/ledger-check', 'gateway/src/fabric'].map((dir) => path.join(root, dir));

function newestSource() {
  let newest = 0;
  for (const dir of sourceDirs) {
    for (const name of fs.readdirSync(dir)) {
      if (name.endsWith('.ts') && !name.endsWith('.test.ts')) newest = Math.max(newest, fs.statSync(path.join(dir, name)).mtimeMs);
    }
  }
  return newest;
}

if (!fs.existsSync(entry) || fs.statSync(entry).mtimeMs < newestSource()) {
  process.stderr.write('check-ledger: building the gateway (npm run build -w gateway)\n');
  const built = spawnSync('npm', ['run', '--silent', 'build', '-w', 'gateway'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (built.status !== 0 || !fs.existsSync(entry)) {
    process.stderr.write('check-ledger: the gateway does not build; fix the build (npm run build) and run again\n');
    process.exit(2);
  }
}

require(entry)
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
