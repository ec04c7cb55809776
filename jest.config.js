// One jest run for the whole repository; each workspace is a project so
// `jest --selectProjects chaincode` runs one of them.
module.exports = {
  projects: ['<rootDir>/chaincode-common', '<rootDir>/chaincode', '<rootDir>/cash-chaincode', '<rootDir>/console', '<rootDir>/gateway'],
};
