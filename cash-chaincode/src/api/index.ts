// The cash chaincode's published API: what clients (the gateway) may depend on.
export * from './errors';
export * from './functions';
export * from './cash';
export * from './htlc';
