module.exports = require('./jest-project')('chaincode-common');
