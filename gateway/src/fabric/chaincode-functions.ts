/**
 * The chaincode functions the gateway calls, each on its ledger: the bond
 * chaincode's (the default: `ledger` left out or 'bond') or the cash
 * chaincode's (`ledger: 'cash'`), as each chaincode's published API names
 * them.
 */
import type { ContractFunction, ContractName, FunctionName } from '@bond-platform/chaincode/api';
import { type CashContractName, type CashFunctionKind, type CashFunctionName, cashFunctionKind } from '@bond-platform/cash-chaincode/api';

/**
 * Htlc functions agreed for cross-ledger DvP (issue 17) that the cash
 * chaincode's published function table does not list yet: the change that
 * implements them adds them there. Declared here only so that their routes
 * exist meanwhile; a unit test (cash-routes.test.ts) fails once the table
 * publishes them, and then this entry goes.
 */
export const PENDING_CASH_FUNCTIONS = {
  Htlc: { ListLocksByHash: 'evaluate', AttestLock: 'submit' },
} as const satisfies Partial<Record<CashContractName, Record<string, CashFunctionKind>>>;

type PendingCashFunctionName<C extends CashContractName> = C extends keyof typeof PENDING_CASH_FUNCTIONS
  ? keyof (typeof PENDING_CASH_FUNCTIONS)[C] & string
  : never;

/** A cash chaincode function: a contract and one of its functions. */
export type CashContractFunction = {
  [C in CashContractName]: { contract: C; fn: CashFunctionName<C> | PendingCashFunctionName<C> };
}[CashContractName];

/** A chaincode function on the ledger it is on: a route declares the one it calls. */
export type ChaincodeFunction = ({ ledger?: 'bond' } & ContractFunction) | ({ ledger: 'cash' } & CashContractFunction);

/** What a call names: a contract and a function of the ledger's chaincode (checked as a pair where a route declares it). */
export type ChaincodeCall =
  | { ledger?: 'bond'; contract: ContractName; fn: FunctionName }
  | { ledger: 'cash'; contract: CashContractName; fn: CashContractFunction['fn'] };

/** How a cash chaincode function is called (published or pending), or undefined if there is no such function. */
export function cashKind(contract: string, fn: string): CashFunctionKind | undefined {
  const pending = (PENDING_CASH_FUNCTIONS as Record<string, Record<string, CashFunctionKind> | undefined>)[contract];
  return cashFunctionKind(contract, fn) ?? (pending && Object.hasOwn(pending, fn) ? pending[fn] : undefined);
}
