/**
 * The chaincode functions the gateway calls, each on its ledger: the bond
 * chaincode's (the default: `ledger` left out or 'bond') or the cash
 * chaincode's (`ledger: 'cash'`), as each chaincode's published API names
 * them.
 */
import type { ContractFunction, ContractName, FunctionName } from '@bond-platform/chaincode/api';
import type { CashContractName, CashFunctionName } from '@bond-platform/cash-chaincode/api';

/** A cash chaincode function: a contract and one of its functions. */
export type CashContractFunction = {
  [C in CashContractName]: { contract: C; fn: CashFunctionName<C> };
}[CashContractName];

/** A chaincode function on the ledger it is on: a route declares the one it calls. */
export type ChaincodeFunction = ({ ledger?: 'bond' } & ContractFunction) | ({ ledger: 'cash' } & CashContractFunction);

/** What a call names: a contract and a function of the ledger's chaincode (checked as a pair where a route declares it). */
export type ChaincodeCall =
  | { ledger?: 'bond'; contract: ContractName; fn: FunctionName }
  | { ledger: 'cash'; contract: CashContractName; fn: CashContractFunction['fn'] };
