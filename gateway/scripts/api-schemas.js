// Writes gateway/src/http/api-schemas.json: JSON Schemas of the chaincode's
// published API types (chaincode/src/api), which the OpenAPI document
// publishes, the gateway validates responses against, and the request bodies
// of the route registry (gateway/src/http/operations.ts) are built from.
//   node gateway/scripts/api-schemas.js [--check]
// --check exits 1 if the committed file differs from what the API says now.
'use strict';
const fs = require('fs');
const path = require('path');
const { createGenerator } = require('ts-json-schema-generator');

const root = path.resolve(__dirname, '../..');
const output = path.join(root, 'gateway/src/http/api-schemas.json');

const API_FILES = ['errors', 'membership', 'bonds', 'servicing', 'benchmarks', 'hash-locks', 'cross-ledger'].map((name) =>
  path.join(root, 'chaincode/src/api', `${name}.ts`),
);

/** Every exported interface and type alias of the API files. */
function exportedTypes() {
  const names = new Set();
  for (const file of API_FILES) {
    for (const match of fs.readFileSync(file, 'utf8').matchAll(/^export (?:interface|type) (\w+)\b(?!<)/gm)) names.add(match[1]);
  }
  return [...names];
}

function generate() {
  const definitions = {};
  for (const file of API_FILES) {
    const generator = createGenerator({
      path: file,
      tsconfig: path.join(root, 'chaincode/tsconfig.json'),
      expose: 'export',
      topRef: true,
      jsDoc: 'basic',
      additionalProperties: false,
      skipTypeCheck: true,
    });
    const declared = new Set([...fs.readFileSync(file, 'utf8').matchAll(/^export (?:interface|type) (\w+)\b(?!<)/gm)].map((m) => m[1]));
    for (const name of exportedTypes().filter((n) => declared.has(n))) Object.assign(definitions, generator.createSchema(name).definitions);
  }
  const sorted = Object.fromEntries(
    Object.keys(definitions)
      .sort()
      .map((name) => [name, definitions[name]]),
  );
  return JSON.stringify(sorted, null, 2) + '\n';
}

const text = generate();
if (process.argv.includes('--check')) {
  const current = fs.existsSync(output) ? fs.readFileSync(output, 'utf8') : '';
  if (current !== text) {
    console.error('gateway/src/http/api-schemas.json is out of date: run node gateway/scripts/api-schemas.js');
    process.exit(1);
  }
} else {
  fs.writeFileSync(output, text);
}
