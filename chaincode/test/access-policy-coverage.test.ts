/**
 * Deny-by-default only works if the policy table and the contracts agree:
 * every transaction function has exactly one rule, and no rule names a
 * function that does not exist.
 */
import 'reflect-metadata';
import { ACCESS_POLICY } from '../src/domain/access-policy';
import { contracts } from '../src/index';

function declaredTransactions(): string[] {
  return contracts.flatMap((ContractClass) => {
    const name = new ContractClass().getName();
    const transactions = (Reflect.getMetadata('fabric:transactions', ContractClass.prototype) ?? []) as TransactionMetadata;
    return transactions.map((t) => `${name}:${t.name}`);
  });
}

type TransactionMetadata = { name: string; parameters?: { name: string }[] }[];

describe('access policy coverage', () => {
  it('never exposes the transaction context as a client argument', () => {
    for (const ContractClass of contracts) {
      const transactions = Reflect.getMetadata('fabric:transactions', ContractClass.prototype) as TransactionMetadata;
      for (const transaction of transactions) {
        expect((transaction.parameters ?? []).map((p) => p.name)).not.toContain('ctx');
      }
    }
  });

  it('has one rule per transaction function and none besides', () => {
    expect(declaredTransactions().sort()).toEqual(Object.keys(ACCESS_POLICY).sort());
  });
});
