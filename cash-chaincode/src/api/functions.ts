/**
 * The cash chaincode's contracts and their transaction functions, as
 * clients call them, each with how it is called: `submit` for a transaction
 * that is ordered and committed (declared `@Transaction()`), `evaluate` for
 * a query answered by a peer (`@Transaction(false)`).
 * cash-chaincode/test/access-policy-coverage.test.ts checks this table
 * against the contracts' declarations and the access policy.
 */

/** How a transaction function is called. */
export type CashFunctionKind = 'submit' | 'evaluate';

/** Every contract's transaction functions with their kind. */
export const CASH_TRANSACTION_FUNCTIONS = {
  Cash: {
    Initialize: 'submit',
    OpenAccount: 'submit',
    IssueCash: 'submit',
    RedeemCash: 'submit',
    TransferCash: 'submit',
    GetConfig: 'evaluate',
    GetAccount: 'evaluate',
    ListAccounts: 'evaluate',
    GetTotals: 'evaluate',
  },
  Htlc: {
    LockCash: 'submit',
    ClaimCash: 'submit',
    RefundCash: 'submit',
    GetLock: 'evaluate',
    ListOpenLocks: 'evaluate',
    ListLocksByHash: 'evaluate',
    // Submit-kind so the guard checks its transaction time, but it writes nothing and is never submitted.
    AttestLock: 'submit',
  },
} as const satisfies Record<string, Record<string, CashFunctionKind>>;

/** The contract names: `CashContractName.HTLC` is `'Htlc'`. `Cash` is the default contract. */
export const CashContractName = {
  CASH: 'Cash',
  HTLC: 'Htlc',
} as const satisfies Record<string, keyof typeof CASH_TRANSACTION_FUNCTIONS>;
/** A contract's name. */
export type CashContractName = keyof typeof CASH_TRANSACTION_FUNCTIONS;

/** A transaction function of contract `C` (of any contract, for the whole union). */
export type CashFunctionName<C extends CashContractName = CashContractName> = C extends CashContractName
  ? keyof (typeof CASH_TRANSACTION_FUNCTIONS)[C] & string
  : never;

/** `<contract>:<function>`, as the access policy names a function. */
export type QualifiedCashFunction = { [C in CashContractName]: `${C}:${CashFunctionName<C>}` }[CashContractName];

/** The kind of `contract`'s function `fn`, or undefined if the chaincode has no such function. */
export function cashFunctionKind(contract: string, fn: string): CashFunctionKind | undefined {
  const functions: Record<string, CashFunctionKind> | undefined = Object.hasOwn(CASH_TRANSACTION_FUNCTIONS, contract)
    ? CASH_TRANSACTION_FUNCTIONS[contract as CashContractName]
    : undefined;
  return functions && Object.hasOwn(functions, fn) ? functions[fn] : undefined;
}

/** Every transaction function, qualified (`Htlc:GetLock`), with its kind. */
export function qualifiedCashFunctions(): { name: QualifiedCashFunction; kind: CashFunctionKind }[] {
  return Object.entries(CASH_TRANSACTION_FUNCTIONS).flatMap(([contract, functions]) =>
    Object.entries(functions).map(([fn, kind]) => ({ name: `${contract}:${fn}` as QualifiedCashFunction, kind })),
  );
}
