// Writes the README's error table from the gateway's error codes
// (gateway/src/http/error-table.ts, built to gateway/dist).
//   npm run docs:errors
'use strict';
const fs = require('fs');
const path = require('path');
const { withErrorTable } = require('../dist/http/error-table.js');

const readme = path.resolve(__dirname, '../../README.md');
fs.writeFileSync(readme, withErrorTable(fs.readFileSync(readme, 'utf8')));
