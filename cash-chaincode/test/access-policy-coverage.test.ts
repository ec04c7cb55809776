/**
 * Deny-by-default only works if the policy table and the contracts agree:
 * every transaction function has exactly one rule, and no rule names a
 * function that does not exist. The published function list
 * (api/functions.ts) must be the contracts' declarations too, with each
 * function's kind as declared: `@Transaction()` submits,
 * `@Transaction(false)` evaluates.
 */
import 'reflect-metadata';
import { type CashFunctionKind, qualifiedCashFunctions } from '../src/api/functions';
import { CASH_ACCESS_POLICY } from '../src/domain/access-policy';
import { contracts } from '../src/index';

type TransactionMetadata = { name: string; tag?: string[]; parameters?: { name: string }[] }[];

/** Every declared transaction function, qualified, with its kind (fabric-contract-api tags a submit function `submitTx`). */
function declaredTransactions(): { name: string; kind: CashFunctionKind }[] {
  return contracts.flatMap((ContractClass) => {
    const contract = new ContractClass().getName();
    const transactions = (Reflect.getMetadata('fabric:transactions', ContractClass.prototype) ?? []) as TransactionMetadata;
    return transactions.map((t) => ({ name: `${contract}:${t.name}`, kind: (t.tag ?? []).includes('submitTx') ? 'submit' : 'evaluate' }));
  });
}

const byName = (a: { name: string }, b: { name: string }): number => a.name.localeCompare(b.name);

describe('cash access policy coverage', () => {
  it('never exposes the transaction context as a client argument', () => {
    for (const ContractClass of contracts) {
      const transactions = Reflect.getMetadata('fabric:transactions', ContractClass.prototype) as TransactionMetadata;
      for (const transaction of transactions) {
        expect((transaction.parameters ?? []).map((p) => p.name)).not.toContain('ctx');
      }
    }
  });

  it('has one rule per transaction function and none besides', () => {
    expect(
      declaredTransactions()
        .map((t) => t.name)
        .sort(),
    ).toEqual(Object.keys(CASH_ACCESS_POLICY).sort());
  });

  it('publishes exactly the declared transaction functions, each with its declared kind', () => {
    expect([...qualifiedCashFunctions()].sort(byName)).toEqual(declaredTransactions().sort(byName));
  });

  it('gives every query a read rule and no submitted function one', () => {
    for (const { name, kind } of qualifiedCashFunctions()) {
      expect({ name, read: CASH_ACCESS_POLICY[name].kind === 'read' }).toEqual({ name, read: kind === 'evaluate' });
    }
  });
});
