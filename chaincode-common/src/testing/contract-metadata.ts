/**
 * What fabric-contract-api's decorators declare on a chaincode's contract
 * classes, for the tests that hold a chaincode's access table and published
 * function list to its contracts (test/access-policy-coverage.test.ts).
 * Needs `reflect-metadata` loaded, as the contract API loads it.
 */

/** A contract class as a chaincode's main module exports it. */
export type ContractClass = new () => { getName(): string };

export interface DeclaredTransaction {
  /** `<contract>:<function>`. */
  name: string;
  /** fabric-contract-api tags a submit function (`@Transaction()`) `submitTx`; `@Transaction(false)` evaluates. */
  kind: 'submit' | 'evaluate';
  /** The names of the parameters a client passes. */
  parameters: string[];
}

type TransactionMetadata = { name: string; tag?: string[]; parameters?: { name: string }[] }[];

/** Reflect with reflect-metadata's reader (its global typings are the test's, not this package's). */
const metadata = Reflect as unknown as { getMetadata(key: string, target: object): unknown };

/** Every declared transaction function of the contracts, qualified, with its kind and parameter names. */
export function declaredTransactions(contracts: readonly ContractClass[]): DeclaredTransaction[] {
  return contracts.flatMap((Contract) => {
    const contract = new Contract().getName();
    const transactions = (metadata.getMetadata('fabric:transactions', Contract.prototype as object) ?? []) as TransactionMetadata;
    return transactions.map((t) => ({
      name: `${contract}:${t.name}`,
      kind: (t.tag ?? []).includes('submitTx') ? 'submit' : 'evaluate',
      parameters: (t.parameters ?? []).map((p) => p.name),
    }));
  });
}
