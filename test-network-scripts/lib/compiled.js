// The gateway's compiled tools (the ledger checker, the benchmark), built on
// demand: ensureBuilt(ENTRY, SOURCE_DIRS, NAME) builds the gateway when ENTRY
// is missing or older than any non-test .ts file in SOURCE_DIRS (relative to
// the repository; not their subdirectories), and exits 2 with NAME's message when it does not build.
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.resolve(__dirname, '../..');

function newestSource(sourceDirs) {
  let newest = 0;
  for (const dir of sourceDirs.map((d) => path.join(root, d))) {
    for (const name of fs.readdirSync(dir)) {
      if (name.endsWith('.ts') && !name.endsWith('.test.ts')) newest = Math.max(newest, fs.statSync(path.join(dir, name)).mtimeMs);
    }
  }
  return newest;
}

function ensureBuilt(entry, sourceDirs, name) {
  const file = path.join(root, entry);
  if (fs.existsSync(file) && fs.statSync(file).mtimeMs >= newestSource(sourceDirs)) return file;
  process.stderr.write(`${name}: building the gateway (npm run build -w gateway)\n`);
  const built = spawnSync('npm', ['run', '--silent', 'build', '-w', 'gateway'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (built.status !== 0 || !fs.existsSync(file)) {
    process.stderr.write(`${name}: the gateway does not build; fix the build (npm run build) and run again\n`);
    process.exit(2);
  }
  return file;
}

module.exports = { root, ensureBuilt };
