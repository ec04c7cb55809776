module.exports = {
  displayName: 'gateway',
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: {
    '^@bond-platform/chaincode/api$': '<rootDir>/../chaincode/src/api',
    '^@bond-platform/cash-chaincode/api$': '<rootDir>/../cash-chaincode/src/api',
  },
};
