/** Test support for both chaincodes' unit tests (not used by the chaincodes themselves). */
export { type AccessPolicyCoverage, itCoversTheAccessPolicy, type PublishedFunction } from './access-policy-coverage';
export { type ContractClass, type DeclaredTransaction, declaredTransactions } from './contract-metadata';
export {
  type HistoryRecord,
  type Invocation,
  type InvokeOptions,
  MemoryLedger,
  type TestContract,
  type TestIdentity,
} from './memory-ledger';
export { type ChaincodeModule, type ShimDispatch, type ShimDispatchOptions, type ShimResponse, shimDispatch } from './shim-dispatch';
