// Integration tests: run against the real test network (see README), one file at a time.
module.exports = {
  displayName: 'integration',
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/integration'],
  testMatch: ['**/*.test.ts'],
  testTimeout: 120_000,
  moduleNameMapper: { '^@bond-platform/chaincode/api$': '<rootDir>/../chaincode/src/api' },
};
