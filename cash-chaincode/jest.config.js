module.exports = require('../chaincode-common/jest-project')('cash-chaincode', {
  setupFiles: ['<rootDir>/test/support/quiet-logs.ts'],
});
