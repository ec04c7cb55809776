// Ten test files import the in-memory ledger from this path: it is @bond-platform/chaincode-common's, re-exported.
export * from '@bond-platform/chaincode-common/testing';
