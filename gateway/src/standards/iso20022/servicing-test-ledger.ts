/**
 * Servicing and custody records for the corporate-action and statement
 * builders' tests, built from the chaincode API's types as the chaincode
 * writes them, on test-ledger's members and bond.
 */
import type {
  Bond,
  Entitlement,
  HashLock,
  PaymentEvent,
  Pledge,
  PutElection,
  Repo,
  SettlementInstruction,
  Transfer,
} from '@bond-platform/chaincode/api';
import type { ReferenceData } from './message';
import { bond, CSD, ISIN, ISSUER, ledgerRefs, primaryInstruction, stamp, txId } from './test-ledger';

/** The bond once issued. */
export function issuedBond(terms: Partial<Bond['terms']> = {}): Bond {
  return { ...bond(terms), status: 'ISSUED' };
}

/** A payment event as EntitlementsFixed announces it: coupon 1 of the test bond unless overridden. */
export function paymentEvent(overrides: Partial<PaymentEvent> = {}): PaymentEvent {
  return {
    isin: ISIN,
    eventId: 'C-001',
    kind: 'COUPON',
    couponNumber: 1,
    recordDate: '2026-03-16',
    paymentDate: '2026-03-17',
    amountPerUnit: '285',
    amountPerUnitExact: '285/1',
    holders: 2,
    totalUnits: '1500',
    totalAmount: '427500',
    status: 'ENTITLEMENTS_FIXED',
    fixedLate: false,
    fixed: stamp(ISSUER, '2026-03-17T01:00:00.000Z'),
    ...overrides,
  };
}

/** A holding's entitlement to a payment event, DUE, or PAID with `paidAt`. */
export function entitlement(
  holder: string,
  accountId: string,
  units: string,
  amount: string,
  options: { eventId?: string; paidAt?: string; extra?: Partial<Entitlement> } = {},
): Entitlement {
  const paid = options.paidAt === undefined ? {} : { status: 'PAID' as const, paid: stamp(ISSUER, options.paidAt) };
  return { isin: ISIN, eventId: options.eventId ?? 'C-001', holder, accountId, units, amount, status: 'DUE', ...paid, ...options.extra };
}

/** A primary settlement instruction once SETTLED on the issue date, as SettlementSettled carries it, for `cashAmount`. */
export function settlementInstruction(receiver: string, receiverAccount: string, units: string, cashAmount: string): SettlementInstruction {
  return {
    ...primaryInstruction(receiver, receiverAccount, units),
    settlementId: `S-${receiver}-${receiverAccount}`,
    cashAmount,
    status: 'SETTLED',
    lastChange: stamp(CSD, '2025-03-17T02:00:00.000Z'),
  };
}

export function transfer(
  id: string,
  from: [string, string],
  to: [string, string],
  units: string,
  cashAmount = '0',
  status: Transfer['status'] = 'SETTLED',
): Transfer {
  const instructed = stamp(from[0], '2025-06-02T02:00:00.000Z', txId(id));
  return {
    transferId: txId(id),
    isin: ISIN,
    from: from[0],
    fromAccount: from[1],
    to: to[0],
    toAccount: to[1],
    units,
    cashAmount,
    expiresAt: '2025-06-09T00:00:00.000Z',
    status,
    instructed,
    lastChange: stamp(CSD, '2025-06-03T02:00:00.000Z'),
  };
}

export function hashLock(
  id: string,
  locker: [string, string],
  beneficiary: [string, string],
  units: string,
  extra: Partial<HashLock> = {},
): HashLock {
  return {
    lockId: txId(id),
    isin: ISIN,
    locker: locker[0],
    accountId: locker[1],
    units,
    hash: 'a'.repeat(64),
    hashAlgorithm: 'SHA256',
    beneficiary: beneficiary[0],
    beneficiaryAccountId: beneficiary[1],
    expiresAt: '2025-07-02T00:00:00.000Z',
    status: 'LOCKED',
    created: stamp(locker[0], '2025-07-01T02:00:00.000Z', txId(id)),
    ...extra,
  };
}

export function pledge(id: string, pledgor: [string, string], pledgee: string, units: string, extra: Partial<Pledge> = {}): Pledge {
  const created = stamp(pledgor[0], '2025-08-01T02:00:00.000Z', txId(id));
  return {
    pledgeId: txId(id),
    isin: ISIN,
    pledgor: pledgor[0],
    accountId: pledgor[1],
    pledgee,
    units,
    reference: `LOAN-${id}`,
    enforceable: true,
    couponsTo: 'PLEDGOR',
    status: 'ACTIVE',
    created,
    lastChange: created,
    ...extra,
  };
}

export function repo(id: string, borrower: [string, string], lender: string, units: string, pledgeId: string): Repo {
  const created = stamp(borrower[0], '2025-08-01T02:00:00.000Z', txId(id));
  return {
    repoId: txId(id),
    isin: ISIN,
    borrower: borrower[0],
    accountId: borrower[1],
    lender,
    units,
    principal: '9800000',
    repoRate: '1.85',
    dayCount: 'ACT/365',
    openDate: '2025-08-01',
    termDate: '2025-08-08',
    days: 7,
    interest: '34769/10',
    repurchaseAmount: '9803477',
    status: 'DEFAULTED',
    pledgeId,
    created,
    lastChange: stamp(lender, '2025-08-09T02:00:00.000Z'),
  };
}

export function putElection(holder: string, fromAccount: string, putDate: string, units: string): PutElection {
  return {
    isin: ISIN,
    holder,
    accountId: `PUT-${putDate}`,
    fromAccount,
    units,
    price: '100',
    exercised: stamp(holder, '2027-02-01T02:00:00.000Z'),
  };
}

/** Reference data from this ledger with every optional look-up the builders may use. */
export function servicingRefs(
  options: { bond?: Bond; entitlements?: Entitlement[]; transfers?: Transfer[]; pledges?: Pledge[] } = {},
): ReferenceData & Required<Pick<ReferenceData, 'entitlements' | 'transfer' | 'pledge'>> {
  return {
    ...ledgerRefs({ bond: options.bond ?? issuedBond(), transfers: options.transfers ?? [] }),
    entitlements: (isin, eventId) => (options.entitlements ?? []).filter((e) => e.isin === isin && e.eventId === eventId),
    pledge: (pledgeId) => options.pledges?.find((p) => p.pledgeId === pledgeId),
  };
}
