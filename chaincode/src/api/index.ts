// The chaincode's published API: what clients may depend on.
export * from './errors';
export * from './functions';
export * from './membership';
export * from './bonds';
export * from './servicing';
export * from './benchmarks';
export * from './hash-locks';
export * from './cross-ledger';
export * from './currencies';
