module.exports = require('../chaincode-common/jest-project')('chaincode', {
  setupFiles: ['<rootDir>/test/support/quiet-logs.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/test/integration/'],
});
