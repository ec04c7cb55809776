// The jest project of a chaincode workspace (chaincode-common/, chaincode/, cash-chaincode/): TypeScript through
// ts-jest, tests next to the sources and in test/, and @bond-platform/chaincode-common from its sources rather
// than its build, so a change there is tested in both chaincodes without building it first.
const path = require('path');

module.exports = function chaincodeProject(displayName, options = {}) {
  return {
    displayName,
    preset: 'ts-jest',
    testEnvironment: 'node',
    roots: ['<rootDir>/src', '<rootDir>/test'],
    testMatch: ['**/*.test.ts'],
    testPathIgnorePatterns: ['/node_modules/', '/dist/'],
    moduleNameMapper: { '^@bond-platform/chaincode-common(/testing)?$': `${path.join(__dirname, 'src')}$1` },
    ...options,
  };
};
