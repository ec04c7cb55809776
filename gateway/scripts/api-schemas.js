// Writes gateway/src/http/api-schemas.json: JSON Schemas of the chaincodes'
// published API types (chaincode/src/api; cash-chaincode/src/api, each
// named with the prefix `cash.`, since both ledgers have e.g. a ChangeStamp
// of their own), which the OpenAPI document
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

/** Each chaincode's API: its files, its tsconfig, and the prefix its type names get in the schemas. */
const APIS = [
  {
    files: ['errors', 'membership', 'bonds', 'servicing', 'benchmarks', 'hash-locks', 'cross-ledger'],
    dir: 'chaincode/src/api',
    tsconfig: 'chaincode/tsconfig.json',
    prefix: '',
  },
  { files: ['errors', 'cash', 'htlc'], dir: 'cash-chaincode/src/api', tsconfig: 'cash-chaincode/tsconfig.json', prefix: 'cash.' },
];

/** Every exported interface and type alias of an API's files. */
function exportedTypes(files) {
  const names = new Set();
  for (const file of files) {
    for (const match of fs.readFileSync(file, 'utf8').matchAll(/^export (?:interface|type) (\w+)\b(?!<)/gm)) names.add(match[1]);
  }
  return [...names];
}

/** The schemas of one API's types, named with its prefix (references too). */
function apiDefinitions(api) {
  const files = api.files.map((name) => path.join(root, api.dir, `${name}.ts`));
  const definitions = {};
  for (const file of files) {
    const generator = createGenerator({
      path: file,
      tsconfig: path.join(root, api.tsconfig),
      expose: 'export',
      topRef: true,
      jsDoc: 'basic',
      additionalProperties: false,
      skipTypeCheck: true,
    });
    const declared = new Set([...fs.readFileSync(file, 'utf8').matchAll(/^export (?:interface|type) (\w+)\b(?!<)/gm)].map((m) => m[1]));
    for (const name of exportedTypes(files).filter((n) => declared.has(n)))
      Object.assign(definitions, generator.createSchema(name).definitions);
  }
  if (api.prefix === '') return definitions;
  const renamed = JSON.parse(JSON.stringify(definitions).replaceAll('"#/definitions/', `"#/definitions/${api.prefix}`));
  return Object.fromEntries(Object.entries(renamed).map(([name, schema]) => [`${api.prefix}${name}`, schema]));
}

function generate() {
  const definitions = Object.assign({}, ...APIS.map(apiDefinitions));
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
