/**
 * A small ledger for the ISO 20022 builders' tests: members with valid
 * LEIs, a CNY fixed-rate bond as the chaincode approves it, and committed
 * events built from the chaincode API's payload types.
 */
import type { Bond, BondTermsRequest, ChangeStamp, Member, Role, Transfer } from '@bond-platform/chaincode/api';
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

/** A 64-hex-digit Fabric transaction id, distinct per seed. */
export function txId(seed: string): string {
  return seed
    .padEnd(64, '0')
    .replace(/[^0-9a-f]/g, 'f')
    .slice(0, 64);
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
export function ledgerRefs(options: { bond?: Bond; transfers?: Transfer[]; frozenBefore?: string } = {}): ReferenceData {
  const theBond = options.bond ?? bond();
  const transfers = new Map((options.transfers ?? []).map((t) => [t.transferId, t]));
  return {
    bond: (isin) => (isin === theBond.isin ? theBond : undefined),
    member: (mspId) => MEMBERS.find((m) => m.mspId === mspId),
    transfer: (transferId) => transfers.get(transferId),
    frozenUnitsBefore: () => options.frozenBefore,
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
