// A dozen modules import canonical JSON from this path: it is @bond-platform/chaincode-common's, re-exported.
export { canonicalJson } from '@bond-platform/chaincode-common';
