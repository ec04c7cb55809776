/// <reference types="jest" />
/**
 * Deny-by-default only works if a chaincode's access table and its
 * contracts agree: every transaction function has exactly one rule, and no
 * rule names a function that does not exist. The published function list
 * (each chaincode's api/functions.ts) must be the contracts' declarations
 * too, with each function's kind as declared: `@Transaction()` submits,
 * `@Transaction(false)` evaluates; and the guard's argument count must be
 * what the contract API declares. These are the tests of that, for a
 * chaincode's test/access-policy-coverage.test.ts to run inside its
 * describe block (they use jest's globals: the reference above).
 */
import { type ContractClass, declaredTransactions } from './contract-metadata';

/** A published function, as a chaincode's api/functions.ts lists it. */
export interface PublishedFunction {
  name: string;
  kind: 'submit' | 'evaluate';
}

export interface AccessPolicyCoverage {
  /** The chaincode's contract classes. */
  contracts: readonly ContractClass[];
  /** Its access table, by qualified function name. */
  policy: Readonly<Record<string, { readonly kind: string }>>;
  /** Its published function list. */
  published: readonly PublishedFunction[];
  /** The queries that have a write rule on purpose, in the published list's order; none unless given. */
  queriesWithWriteRule?: readonly string[];
}

const byName = (a: { name: string }, b: { name: string }): number => a.name.localeCompare(b.name);

export function itCoversTheAccessPolicy({ contracts, policy, published, queriesWithWriteRule = [] }: AccessPolicyCoverage): void {
  const declared = declaredTransactions(contracts);

  it('never exposes the transaction context as a client argument', () => {
    for (const transaction of declared) expect(transaction.parameters).not.toContain('ctx');
  });

  it('has one rule per transaction function and none besides', () => {
    expect(declared.map((t) => t.name).sort()).toEqual(Object.keys(policy).sort());
  });

  it('publishes exactly the declared transaction functions, each with its declared kind', () => {
    expect([...published].sort(byName)).toEqual(declared.map(({ name, kind }) => ({ name, kind })).sort(byName));
  });

  it('counts arguments as the contract API declares them, for every transaction function', () => {
    for (const Contract of contracts) {
      const contract = new Contract();
      const transactions = declaredTransactions([Contract]);
      expect(transactions.length).toBeGreaterThan(0);
      for (const { name, parameters } of transactions) {
        // The guard counts a function's declared parameters but the context.
        const method = Reflect.get(contract, name.slice(name.indexOf(':') + 1)) as (...args: unknown[]) => unknown;
        expect(`${name} ${method.length - 1}`).toBe(`${name} ${parameters.length}`);
      }
    }
  });

  it('gives every read rule to a query and no submitted function a read rule, but for the queries named', () => {
    const mismatched = published.filter(({ name, kind }) => (policy[name]?.kind === 'read') !== (kind === 'evaluate'));
    expect(mismatched).toEqual(queriesWithWriteRule.map((name) => ({ name, kind: 'evaluate' })));
  });
}
