/**
 * The chaincode's contracts and their transaction functions, as clients
 * call them, each with how it is called: `submit` for a transaction that is
 * ordered and committed (declared `@Transaction()`), `evaluate` for a query
 * answered by a peer (`@Transaction(false)`).
 * chaincode/test/access-policy-coverage.test.ts checks this table against
 * the contracts' declarations and the access policy.
 */

/** How a transaction function is called. */
export type FunctionKind = 'submit' | 'evaluate';

/** Every contract's transaction functions with their kind. */
export const TRANSACTION_FUNCTIONS = {
  Membership: {
    Initialize: 'submit',
    AdmitMember: 'submit',
    ChangeRoles: 'submit',
    SuspendMember: 'submit',
    ReinstateMember: 'submit',
    RevokeMember: 'submit',
    UpdateContact: 'submit',
    CorrectMember: 'submit',
    GetMember: 'evaluate',
    GetMemberContact: 'evaluate',
    ListMembers: 'evaluate',
    GetMemberHistory: 'evaluate',
    WhoAmI: 'evaluate',
  },
  Bonds: {
    ApplyForBond: 'submit',
    ApproveBond: 'submit',
    RejectBond: 'submit',
    SetCalendarYear: 'submit',
    GetCalendarYear: 'evaluate',
    GetApplication: 'evaluate',
    ListApplications: 'evaluate',
    GetBond: 'evaluate',
    ListBondsByStatus: 'evaluate',
    ListBondsByIssuer: 'evaluate',
    GetBondHistory: 'evaluate',
  },
  Books: {
    OpenBook: 'submit',
    PlaceBid: 'submit',
    AmendBid: 'submit',
    WithdrawBid: 'submit',
    CloseBook: 'submit',
    AllocateBook: 'submit',
    GetBook: 'evaluate',
    ListBidReferences: 'evaluate',
    GetBid: 'evaluate',
    GetOrderBook: 'evaluate',
    GetAllocation: 'evaluate',
  },
  Settlement: {
    StartPrimarySettlement: 'submit',
    ConfirmCash: 'submit',
    ConfirmCashByProof: 'submit',
    FailCash: 'submit',
    CompleteIssuance: 'submit',
    ListSettlements: 'evaluate',
    GetSettlement: 'evaluate',
  },
  Custody: {
    InstructTransfer: 'submit',
    AffirmTransfer: 'submit',
    ConfirmTransferCash: 'submit',
    ConfirmTransferCashBatch: 'submit',
    CancelTransfer: 'submit',
    ExpireTransfer: 'submit',
    ListExpiredTransfers: 'evaluate',
    FreezeHolding: 'submit',
    UnfreezeHolding: 'submit',
    PledgeHolding: 'submit',
    ReleasePledge: 'submit',
    EnforcePledge: 'submit',
    GetPledge: 'evaluate',
    ListPledgesOfHolding: 'evaluate',
    ListPledgesOfBond: 'evaluate',
    ListPledgesOfPledgee: 'evaluate',
    ListExpiredPledges: 'evaluate',
    ProposeRepo: 'submit',
    AgreeRepo: 'submit',
    CancelRepo: 'submit',
    ConfirmRepoOpening: 'submit',
    ConfirmRepoClosing: 'submit',
    EnforceRepo: 'submit',
    GetRepo: 'evaluate',
    ListDueRepos: 'evaluate',
    ListReposOfBond: 'evaluate',
    GetHolding: 'evaluate',
    ListHoldersOfBond: 'evaluate',
    ListHoldingsOfHolder: 'evaluate',
    GetOutstanding: 'evaluate',
    GetTransfer: 'evaluate',
    GetTransfers: 'evaluate',
    GetHoldingHistory: 'evaluate',
  },
  Servicing: {
    GetCouponSchedule: 'evaluate',
    GetAccruedInterest: 'evaluate',
    FixCouponEntitlements: 'submit',
    FixRedemptionEntitlements: 'submit',
    ConfirmPayment: 'submit',
    ConfirmPaymentByProof: 'submit',
    CompletePaymentEvent: 'submit',
    CallBond: 'submit',
    CallBondInPart: 'submit',
    ExercisePut: 'submit',
    DeclareDefault: 'submit',
    ListDueEvents: 'evaluate',
    ListPaymentEvents: 'evaluate',
    ListEntitlements: 'evaluate',
  },
  Benchmarks: {
    PublishFixing: 'submit',
    GetFixing: 'evaluate',
    ListFixings: 'evaluate',
  },
  HashLocks: {
    LockUnits: 'submit',
    ClaimUnits: 'submit',
    RefundUnits: 'submit',
    GetHashLock: 'evaluate',
    ListHashLocks: 'evaluate',
    ListOpenHashLocks: 'evaluate',
    AttachCashLock: 'submit',
  },
  CrossLedger: {
    RegisterCashLedger: 'submit',
    GetCashLedger: 'evaluate',
  },
} as const satisfies Record<string, Record<string, FunctionKind>>;

/** The contract names: `ContractName.BOOKS` is `'Books'`. */
export const ContractName = {
  MEMBERSHIP: 'Membership',
  BONDS: 'Bonds',
  BOOKS: 'Books',
  SETTLEMENT: 'Settlement',
  CUSTODY: 'Custody',
  SERVICING: 'Servicing',
  BENCHMARKS: 'Benchmarks',
  HASH_LOCKS: 'HashLocks',
  CROSS_LEDGER: 'CrossLedger',
} as const satisfies Record<string, keyof typeof TRANSACTION_FUNCTIONS>;
/** A contract's name. */
export type ContractName = keyof typeof TRANSACTION_FUNCTIONS;

/** A transaction function of contract `C` (of any contract, for the whole union). */
export type FunctionName<C extends ContractName = ContractName> = C extends ContractName
  ? keyof (typeof TRANSACTION_FUNCTIONS)[C] & string
  : never;

/** A contract and one of its functions: `{ contract: 'Books', fn: 'GetBook' }`. */
export type ContractFunction = { [C in ContractName]: { contract: C; fn: FunctionName<C> } }[ContractName];

/** `<contract>:<function>`, as the access policy names a function. */
export type QualifiedFunction = { [C in ContractName]: `${C}:${FunctionName<C>}` }[ContractName];

/** The kind of `contract`'s function `fn`, or undefined if the chaincode has no such function. */
export function functionKind(contract: string, fn: string): FunctionKind | undefined {
  const functions: Record<string, FunctionKind> | undefined = Object.hasOwn(TRANSACTION_FUNCTIONS, contract)
    ? TRANSACTION_FUNCTIONS[contract as ContractName]
    : undefined;
  return functions && Object.hasOwn(functions, fn) ? functions[fn] : undefined;
}

/** Every transaction function, qualified (`Books:GetBook`), with its kind. */
export function qualifiedFunctions(): { name: QualifiedFunction; kind: FunctionKind }[] {
  return Object.entries(TRANSACTION_FUNCTIONS).flatMap(([contract, functions]) =>
    Object.entries(functions).map(([fn, kind]) => ({ name: `${contract}:${fn}` as QualifiedFunction, kind })),
  );
}
