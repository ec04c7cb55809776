/**
 * A small ledger for the ISO 20022 builders' tests: members with valid
 * LEIs, a CNY fixed-rate bond as the chaincode approves it, and committed
 * events built from the chaincode API's payload types.
 */
import { createHash } from 'node:crypto';
import type {
  Bond,
  BondTermsRequest,
  ChangeStamp,
  HashLock,
  Member,
  Pledge,
  Role,
  SettlementInstruction,
  Transfer,
} from '@bond-platform/chaincode/api';
import type { LedgerEvent, ReferenceData } from './message';

export const CSD = 'CSDMSP';
export const ISSUER = 'IssuerMSP';
export const BANK_A = 'BankAMSP';
export const BANK_B = 'BankBMSP';
export const PLEDGEE = 'PledgeeMSP';
/** A member the events never concern: it must never be a recipient. */
export const BYSTANDER = 'BystanderMSP';

export const ISIN = 'CN2500012344';

/** LEIs with valid ISO 17442 check digits. */
export const LEI: Readonly<Record<string, string>> = {
  [CSD]: '300300CSDCHINA000065',
  [ISSUER]: '549300ISSUERBANK0020',
  [BANK_A]: '549300INVESTORA00054',
  [BANK_B]: '549300INVESTORB00061',
  [PLEDGEE]: '549300PLEDGEEBK00072',
  [BYSTANDER]: '549300BYSTANDER00000',
};

/** A Fabric transaction id (64 hex digits), the same for the same seed. */
export function txId(seed: string): string {
  return createHash('sha256').update(seed).digest('hex');
}

export function stamp(mspId: string, timestamp: string, tx = txId(timestamp.replace(/\D/g, ''))): ChangeStamp {
  return { mspId, identity: `x509::/CN=operator@${mspId}::/CN=ca.${mspId}`, timestamp, txId: tx };
}

function member(mspId: string, legalName: string, roles: Role[]): Member {
  const admitted = stamp(CSD, '2025-01-02T02:00:00.000Z');
  return { mspId, legalName, lei: LEI[mspId] ?? '', roles, status: 'ACTIVE', admitted, lastChange: admitted };
}

export const MEMBERS: readonly Member[] = [
  member(CSD, 'China Central Depository & Clearing Co., Ltd.', ['CSD']),
  member(ISSUER, 'Example Development Bank', ['ISSUER', 'PAYING_AGENT']),
  member(BANK_A, 'Bank A Co., Ltd.', ['INVESTOR', 'UNDERWRITER']),
  member(BANK_B, 'Bank B Co., Ltd.', ['INVESTOR']),
  member(PLEDGEE, 'Pledgee Securities Co., Ltd.', ['INVESTOR', 'CUSTODIAN']),
  member(BYSTANDER, 'Bystander Bank', ['INVESTOR']),
];

export const TERMS: BondTermsRequest = {
  shortName: 'EDB 2.85% 2030',
  specifiedCurrency: 'CNY',
  specifiedDenomination: '10000',
  issueSize: '1000000',
  interestType: 'FIXED',
  interestRate: '2.85',
  bookType: 'FIXED_PRICE',
  interestPaymentFrequency: 'ANNUALLY',
  dayCountFraction: 'ICMA_ACT/ACT',
  issueDate: '2025-03-17',
  maturityDate: '2030-03-17',
  businessDayConvention: 'FOLLOWING',
  businessDayCalendar: 'CN-IB',
  recordDateOffset: 1,
  payingAgent: ISSUER,
  statusOfNote: 'SENIOR_UNSECURED',
  formOfNote: 'REGISTERED',
  issuePrice: '100',
};

/** The bond as the CSD approved it (BondApproved's payload), with optional changes to its terms. */
export function bond(terms: Partial<BondTermsRequest> = {}): Bond {
  const approved = stamp(CSD, '2025-03-03T02:00:00.000Z');
  return {
    isin: ISIN,
    cfi: 'DBFUFR',
    issuer: ISSUER,
    issuerLei: LEI[ISSUER] ?? '',
    applicationId: txId('a1'),
    terms: { ...TERMS, ...terms },
    status: 'APPROVED',
    approved,
    lastChange: approved,
  };
}

/** Reference data from this ledger, with the optional look-ups the builders may need. */
export function ledgerRefs(
  options: { bond?: Bond; transfers?: Transfer[] } = {},
): ReferenceData & Required<Pick<ReferenceData, 'transfer'>> {
  const theBond = options.bond ?? bond();
  const transfers = new Map((options.transfers ?? []).map((t) => [t.transferId, t]));
  return {
    bond: (isin) => (isin === theBond.isin ? theBond : undefined),
    member: (mspId) => MEMBERS.find((m) => m.mspId === mspId),
    transfer: (transferId) => transfers.get(transferId),
  };
}

/** A committed event of a VALID transaction. */
export function ledgerEvent(eventName: string, payload: unknown, timestamp: string, block = '42', tx = txId(`e${block}`)): LedgerEvent {
  return { blockNumber: block, transactionId: tx, timestamp, eventName, payload };
}

/** The feed's ids for the messages of one event. */
export function idsOf(event: LedgerEvent): (n: number) => string {
  return (n) => `${event.blockNumber}:${event.transactionId}:${n}`;
}

/** A primary settlement instruction as StartPrimarySettlement makes it (issue price 100: cash = units × face value). */
export function primaryInstruction(
  receiver: string,
  receiverAccount: string,
  units: string,
  at = '2025-03-14T02:00:00.000Z',
): SettlementInstruction {
  const created = stamp(CSD, at, txId('51a'));
  return {
    settlementId: `P-${receiver}-${receiverAccount}`,
    isin: ISIN,
    kind: 'PRIMARY',
    deliverer: ISSUER,
    receiver,
    receiverAccount,
    units,
    price: '100',
    cashAmount: (BigInt(units) * BigInt(TERMS.specifiedDenomination)).toString(),
    status: 'PENDING_CASH',
    created,
    lastChange: created,
  };
}

/** A DvP transfer from Bank A's TRADING account to Bank B's CUSTODY account, priced clean, as InstructTransfer records it. */
export function transfer(changes: Partial<Transfer> = {}): Transfer {
  const instructed = stamp(BANK_A, '2025-06-10T03:15:00.000Z', txId('7a1'));
  return {
    transferId: txId('7a1'),
    isin: ISIN,
    from: BANK_A,
    fromAccount: 'TRADING',
    to: BANK_B,
    toAccount: 'CUSTODY',
    units: '25000',
    cleanPrice: '99.875',
    settlementDate: '2025-06-11',
    cashAmount: '251366267',
    accruedPerUnit: '67.150685',
    accruedPerUnitExact: '4902/73',
    exCoupon: false,
    expiresAt: '2025-06-12T09:00:00.000Z',
    status: 'INSTRUCTED',
    instructed,
    lastChange: instructed,
    ...changes,
  };
}

/** Bank A pledges 10000 units of its TRADING holding to the pledgee. */
export function pledge(changes: Partial<Pledge> = {}): Pledge {
  const created = stamp(BANK_A, '2025-07-01T01:00:00.000Z', txId('91e'));
  return {
    pledgeId: txId('91e'),
    isin: ISIN,
    pledgor: BANK_A,
    accountId: 'TRADING',
    pledgee: PLEDGEE,
    units: '10000',
    reference: 'LOAN-2025-0042',
    enforceable: true,
    couponsTo: 'PLEDGOR',
    status: 'ACTIVE',
    created,
    lastChange: created,
    ...changes,
  };
}

/** Bank A locks 5000 units of its TRADING holding for Bank B's CUSTODY account. */
export function hashLock(changes: Partial<HashLock> = {}): HashLock {
  const created = stamp(BANK_A, '2025-08-01T01:00:00.000Z', txId('10c'));
  return {
    lockId: txId('10c'),
    isin: ISIN,
    locker: BANK_A,
    accountId: 'TRADING',
    units: '5000',
    hash: 'b'.repeat(64),
    hashAlgorithm: 'SHA256',
    beneficiary: BANK_B,
    beneficiaryAccountId: 'CUSTODY',
    expiresAt: '2025-08-02T01:00:00.000Z',
    reference: 'DVP-2025-0801-1',
    status: 'LOCKED',
    created,
    ...changes,
  };
}
