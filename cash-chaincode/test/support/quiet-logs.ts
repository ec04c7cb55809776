// The contract API logs every decorator at info level; tests only need warnings.
process.env.CORE_CHAINCODE_LOGGING_LEVEL = 'warning';
