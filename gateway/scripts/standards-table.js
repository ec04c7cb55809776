// Writes the generated parts of docs/standards.md (the BDT field table, the
// enumerations, the extension's elements and the example document) and the
// example document docs/examples/bdt-cn-interbank-bond.json, from the BDT
// mapping module (gateway/src/standards/bdt, built to gateway/dist).
//   npm run docs:standards
'use strict';
const fs = require('fs');
const path = require('path');
const { EXAMPLE_DOCUMENT_PATH, exampleDocument, withStandardsTables } = require('../dist/standards/bdt/standards-doc.js');

const root = path.resolve(__dirname, '../..');
const standards = path.join(root, 'docs/standards.md');
fs.writeFileSync(standards, withStandardsTables(fs.readFileSync(standards, 'utf8')));
fs.mkdirSync(path.dirname(path.join(root, EXAMPLE_DOCUMENT_PATH)), { recursive: true });
fs.writeFileSync(path.join(root, EXAMPLE_DOCUMENT_PATH), exampleDocument());
