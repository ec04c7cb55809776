/**
 * Calls to a contract the chaincode does not have, or to a function the
 * contract API's own system contract (`org.hyperledger.fabric`) does not
 * have, are refused like any unknown function: `FUNCTION_NOT_ALLOWED`.
 *
 * fabric-chaincode-node resolves the contract name before any contract code
 * runs and refuses an unknown one with its own text, which carries no code
 * of the published API. So its name resolution is wrapped here, as the
 * bond chaincode does (chaincode/src/ledger/dispatch.ts): a name it would
 * not find goes, whole, to the default contract, whose guard finds no
 * access rule for it and refuses it with the code. Known names resolve
 * exactly as before.
 *
 * The dispatcher is fabric-shim's internal ChaincodeFromContract (pinned
 * ~2.5.8); a unit test (test/shim-pipeline.test.ts) runs the real one.
 */
interface SplitName {
  contractName: string;
  function: string;
}

interface Dispatcher {
  defaultContractName: string;
  contractImplementations: Record<string, unknown>;
  metadata: { contracts: Record<string, { transactions: { name: string }[] } | undefined> };
  _splitFunctionName: (this: Dispatcher, fcn: string) => SplitName;
}

const SYSTEM_CONTRACT = 'org.hyperledger.fabric';
const WRAPPED = Symbol.for('bond-platform.cash.unknown-contracts-refused');

/** Whether the contract API would run an existing function for this split. */
function known(dispatcher: Dispatcher, split: SplitName): boolean {
  if (!Object.prototype.hasOwnProperty.call(dispatcher.contractImplementations, split.contractName)) return false;
  if (split.contractName !== SYSTEM_CONTRACT) return true; // a guarded contract refuses its own unknown functions
  return dispatcher.metadata.contracts[SYSTEM_CONTRACT]?.transactions.some((t) => t.name === split.function) ?? false;
}

/**
 * Wraps the dispatcher's name resolution, once. Called when a contract is
 * constructed, which the dispatcher does before its first call.
 */
export function refuseUnknownContracts(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dispatcherClass = require('fabric-shim/lib/contract-spi/chaincodefromcontract.js') as {
    prototype: Dispatcher & { [WRAPPED]?: true };
  };
  const prototype = dispatcherClass.prototype;
  if (prototype[WRAPPED]) return;
  const split = prototype._splitFunctionName;
  prototype._splitFunctionName = function (this: Dispatcher, fcn: string): SplitName {
    const resolved = split.call(this, fcn);
    return known(this, resolved) ? resolved : { contractName: this.defaultContractName, function: fcn };
  };
  prototype[WRAPPED] = true;
}
