import { createHash } from 'node:crypto';
import type { common } from '@hyperledger/fabric-protos';
import { peer } from '@hyperledger/fabric-protos';
import { rawTestBlock, testBlock } from '../fabric/test-blocks';
import { transactionsOf } from './blocks';
import {
  type BondRecord,
  checkAcknowledged,
  checkCsdEndorsement,
  checkEntitlements,
  checkHashLocks,
  checkHoldingUnits,
  checkOutstanding,
  checkPledges,
  checkRepos,
  type EntitlementRecord,
  formatTable,
  type HashLockCheckOptions,
  type HashLockRecord,
  type HoldingVersion,
  occurrences,
  type PaymentEventRecord,
  parseAcknowledged,
  type PledgeRecord,
  redeemedUnits,
  type RepoRecord,
  unitsAtEndOf,
} from './rules';

const ISIN = 'CNX5FA89R010';
const TX = (n: number) => n.toString(16).padStart(64, '0');

function bond(overrides: Partial<BondRecord> = {}): BondRecord {
  return {
    isin: ISIN,
    status: 'ISSUED',
    maturityDate: '2030-06-01',
    reportedOutstanding: '1000',
    holdings: [
      { isin: ISIN, holder: 'BankMSP', accountId: 'PROPRIETARY', units: '600', frozenUnits: '0' },
      { isin: ISIN, holder: 'SecuritiesMSP', accountId: 'PROPRIETARY', units: '400', frozenUnits: '100' },
    ],
    settlements: [
      { settlementId: 's1', kind: 'PRIMARY', status: 'SETTLED', units: '600' },
      { settlementId: 's2', kind: 'PRIMARY', status: 'SETTLED', units: '400' },
      { settlementId: 's3', kind: 'PRIMARY', status: 'FAILED', units: '50' },
    ],
    ...overrides,
  };
}

describe('outstanding = Σ holdings = issued − redeemed', () => {
  it('passes a consistent bond', () => {
    expect(checkOutstanding([bond()], new Map()).violations).toEqual([]);
  });

  it('reports a chaincode figure that differs from the sum of the register', () => {
    const result = checkOutstanding([bond({ reportedOutstanding: '999' })], new Map());
    expect(result.violations.map((v) => v.message)).toEqual(['outstanding units 999 ≠ Σ holdings 1000 (2 holdings)']);
  });

  it('reports units created from nothing (a holding no settlement issued)', () => {
    const b = bond({ reportedOutstanding: '1001' });
    b.holdings.push({ isin: ISIN, holder: 'BankMSP', accountId: 'OTHER', units: '1' });
    const result = checkOutstanding([b], new Map());
    expect(result.violations).toHaveLength(1);
    expect(result.violations[0]?.message).toMatch(/Σ holdings 1001 ≠ units issued by settled primary settlements 1000 − units redeemed 0/);
  });

  it('counts paid redemptions as retired, and only paid ones', () => {
    const events: PaymentEventRecord[] = [
      {
        isin: ISIN,
        eventId: 'R-MATURITY',
        kind: 'REDEMPTION',
        reason: 'MATURITY',
        recordDate: '2030-05-31',
        holders: 2,
        totalUnits: '1000',
      },
    ];
    const entitlements: EntitlementRecord[] = [
      { isin: ISIN, eventId: 'R-MATURITY', holder: 'BankMSP', accountId: 'PROPRIETARY', units: '600', status: 'PAID' },
      { isin: ISIN, eventId: 'R-MATURITY', holder: 'SecuritiesMSP', accountId: 'PROPRIETARY', units: '400', status: 'DUE' },
    ];
    const redeemed = redeemedUnits(entitlements, events);
    expect(redeemed.get(ISIN)).toBe(600n);
    const partly = bond({
      reportedOutstanding: '400',
      holdings: [{ isin: ISIN, holder: 'SecuritiesMSP', accountId: 'PROPRIETARY', units: '400' }],
    });
    expect(checkOutstanding([partly], redeemed).violations).toEqual([]);
    // A holding deleted without its redemption paid: units lost.
    expect(checkOutstanding([partly], new Map()).violations).toHaveLength(1);
  });

  it('reports an outstanding figure that is not a whole number', () => {
    expect(checkOutstanding([bond({ reportedOutstanding: '1e3' })], new Map()).violations[0]?.message).toMatch(/not a whole number/);
  });
});

describe('holding units', () => {
  it('passes canonical units with frozen ≤ held', () => {
    const result = checkHoldingUnits(bond().holdings);
    expect([result.checked, result.violations]).toEqual([2, []]);
  });

  it.each([
    ['-5', /negative units '-5'/],
    ['2.5', /fractional units '2.5'/],
    ['1e3', /units '1e3' is not a whole number/],
    ['007', /units '007' is not a whole number/],
    ['', /units '' is not a whole number/],
  ])('reports units %p', (units, message) => {
    const result = checkHoldingUnits([{ isin: ISIN, holder: 'BankMSP', accountId: 'A', units }]);
    expect(result.violations.map((v) => v.message)).toEqual([expect.stringMatching(message)]);
    expect(result.violations[0]?.subject).toBe(`${ISIN}/BankMSP/A`);
  });

  it('reports frozen or pledged units above the holding, together or alone, and broken frozen units', () => {
    const result = checkHoldingUnits([
      { isin: ISIN, holder: 'BankMSP', accountId: 'A', units: '10', frozenUnits: '11' },
      { isin: ISIN, holder: 'BankMSP', accountId: 'B', units: '10', frozenUnits: '0', pledgedUnits: '12' },
      { isin: ISIN, holder: 'BankMSP', accountId: 'C', units: '10', frozenUnits: '-1' },
      { isin: ISIN, holder: 'BankMSP', accountId: 'D', units: '10', frozenUnits: '4', pledgedUnits: '7' },
      { isin: ISIN, holder: 'BankMSP', accountId: 'E', units: '10', frozenUnits: '4', pledgedUnits: '6' },
    ]);
    expect(result.violations.map((v) => v.message)).toEqual([
      'frozen units 11 > held 10',
      'pledged units 12 > held 10',
      "negative frozen units '-1'",
      'frozen 4 + pledged 7 units > held 10',
    ]);
  });
});

describe('pledges and repos', () => {
  const pledge = (pledgeId: string, overrides: Partial<PledgeRecord> = {}): PledgeRecord => ({
    pledgeId,
    isin: ISIN,
    pledgor: 'BankMSP',
    accountId: 'PROPRIETARY',
    pledgee: 'SecuritiesMSP',
    units: '100',
    status: 'ACTIVE',
    ...overrides,
  });
  const repo = (repoId: string, overrides: Partial<RepoRecord> = {}): RepoRecord => ({
    repoId,
    isin: ISIN,
    borrower: 'BankMSP',
    accountId: 'PROPRIETARY',
    lender: 'SecuritiesMSP',
    units: '100',
    principal: '10000000',
    repurchaseAmount: '10004027',
    status: 'PROPOSED',
    ...overrides,
  });
  /**
   * The bank's 600 units: 150 pledged (an open repo's 100 and a loan's 50),
   * 100 more once pledged to a closed repo and released, 100 to a defaulted
   * one and enforced (units since moved); a repo proposed, one cancelled.
   */
  function pledged(overrides: Partial<BondRecord> = {}): BondRecord {
    const base = bond();
    return bond({
      holdings: [
        { ...base.holdings[0]!, pledgedUnits: '150' },
        { ...base.holdings[1]!, pledgedUnits: '0' },
      ],
      pledges: [
        pledge('P-OPEN'),
        pledge('P-LOAN', { units: '50', pledgee: 'FundMSP' }),
        pledge('P-CLOSED', { status: 'RELEASED' }),
        pledge('P-DEFAULTED', { status: 'ENFORCED' }),
      ],
      repos: [
        repo('R-OPEN', { status: 'OPEN', pledgeId: 'P-OPEN' }),
        repo('R-CLOSED', { status: 'CLOSED', pledgeId: 'P-CLOSED' }),
        repo('R-DEFAULTED', { status: 'DEFAULTED', pledgeId: 'P-DEFAULTED' }),
        repo('R-PROPOSED'),
        repo('R-CANCELLED', { status: 'CANCELLED' }),
      ],
      ...overrides,
    });
  }
  const messages = (result: { violations: { subject: string; message: string }[] }) =>
    result.violations.map((v) => `${v.subject}: ${v.message}`);

  it('pass a consistent ledger: ACTIVE pledges add up to each holding’s pledged units, every repo’s pledge follows its status', () => {
    const b = pledged();
    expect([checkPledges([b]).checked, checkPledges([b]).violations]).toEqual([4, []]);
    expect([checkRepos([b]).checked, checkRepos([b]).violations]).toEqual([5, []]);
    expect(checkHoldingUnits(b.holdings).violations).toEqual([]);
    // A bond read without its pledges and repos (an older reader) has nothing to check.
    expect([checkPledges([bond()]), checkRepos([bond()])].map((r) => [r.checked, r.violations.length])).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });

  it('report pledged units that are not the sum of the ACTIVE pledges, and ACTIVE pledges on a holding not in the register', () => {
    const b = pledged();
    b.pledges!.push(pledge('P-GHOST', { accountId: 'GONE', units: '7' }), pledge('P-EXTRA', { units: '1' }));
    b.holdings[1]!.pledgedUnits = '3';
    expect(messages(checkPledges([b]))).toEqual([
      `${ISIN}/BankMSP/PROPRIETARY: pledged units 150 ≠ Σ ACTIVE pledges 151`,
      `${ISIN}/SecuritiesMSP/PROPRIETARY: pledged units 3 ≠ Σ ACTIVE pledges 0`,
      `${ISIN}/BankMSP/GONE: ACTIVE pledges of 7 units on a holding not in the register`,
    ]);
  });

  it('report negative, fractional or zero pledge units, an unknown status and a pledge of another bond', () => {
    const b = pledged({
      pledges: [
        pledge('P-OPEN'),
        pledge('P-LOAN', { units: '50', pledgee: 'FundMSP' }),
        pledge('P-NEG', { units: '-5', status: 'RELEASED' }),
        pledge('P-FRACTION', { units: '2.5', status: 'RELEASED' }),
        pledge('P-ZERO', { units: '0', status: 'ENFORCED' }),
        pledge('P-ODD', { status: 'EXPIRED' }),
        pledge('P-OTHER', { isin: 'CNOTHER00001', status: 'RELEASED' }),
      ],
      repos: [],
    });
    b.holdings[0]!.pledgedUnits = '250';
    expect(messages(checkPledges([b]))).toEqual([
      `${ISIN}/pledge/P-NEG: negative units '-5'`,
      `${ISIN}/pledge/P-FRACTION: fractional units '2.5'`,
      `${ISIN}/pledge/P-ZERO: units 0`,
      `${ISIN}/pledge/P-ODD: status 'EXPIRED' is not a pledge status`,
      `${ISIN}/pledge/P-OTHER: listed under ${ISIN} but pledges CNOTHER00001`,
      // P-ODD is not ACTIVE, so only the open repo's and the loan's pledges count.
      `${ISIN}/BankMSP/PROPRIETARY: pledged units 250 ≠ Σ ACTIVE pledges 150`,
    ]);
  });

  it('report an open repo without an ACTIVE pledge of its units to its lender, and a closed or defaulted one whose pledge is still ACTIVE', () => {
    const b = pledged();
    b.pledges = [
      ...b.pledges!,
      pledge('P-WRONG', { pledgee: 'FundMSP', units: '99', accountId: 'OTHER', status: 'RELEASED' }),
      pledge('P-STILL', { status: 'ACTIVE', units: '1', pledgor: 'SecuritiesMSP' }),
    ];
    b.repos = [
      repo('R-NO-PLEDGE', { status: 'OPEN' }),
      repo('R-MISSING', { status: 'OPEN', pledgeId: 'P-NOWHERE' }),
      repo('R-WRONG', { status: 'OPEN', pledgeId: 'P-WRONG' }),
      repo('R-CLOSED', { status: 'CLOSED', pledgeId: 'P-STILL', borrower: 'SecuritiesMSP', units: '1' }),
      repo('R-DEFAULTED', { status: 'DEFAULTED', pledgeId: 'P-CLOSED' }),
      repo('R-EARLY', { status: 'AGREED', pledgeId: 'P-OPEN' }),
      repo('R-ODD', { status: 'LOST' }),
    ];
    expect(messages(checkRepos([b]))).toEqual([
      `${ISIN}/repo/R-NO-PLEDGE: OPEN without a pledge`,
      `${ISIN}/repo/R-MISSING: OPEN but its pledge P-NOWHERE is not among the bond's pledges`,
      `${ISIN}/repo/R-WRONG: OPEN but its pledge P-WRONG is RELEASED, not ACTIVE`,
      `${ISIN}/repo/R-WRONG: its pledge P-WRONG has accountId OTHER, the repo PROPRIETARY`,
      `${ISIN}/repo/R-WRONG: its pledge P-WRONG has pledgee FundMSP, the repo SecuritiesMSP`,
      `${ISIN}/repo/R-WRONG: its pledge P-WRONG has units 99, the repo 100`,
      `${ISIN}/repo/R-CLOSED: CLOSED but its pledge P-STILL is ACTIVE, not RELEASED`,
      `${ISIN}/repo/R-DEFAULTED: DEFAULTED but its pledge P-CLOSED is RELEASED, not ENFORCED`,
      `${ISIN}/repo/R-EARLY: AGREED but secured by pledge P-OPEN`,
      `${ISIN}/repo/R-ODD: status 'LOST' is not a repo status`,
    ]);
  });

  it('report negative, zero or fractional repo amounts, and a repurchase below the principal', () => {
    const b = pledged({
      repos: [
        repo('R-NEG', { units: '-1' }),
        repo('R-ZERO', { principal: '0', repurchaseAmount: '0' }),
        repo('R-FRACTION', { repurchaseAmount: '10004027.5' }),
        repo('R-BELOW', { repurchaseAmount: '9999999' }),
      ],
    });
    expect(messages(checkRepos([b]))).toEqual([
      `${ISIN}/repo/R-NEG: negative units '-1'`,
      `${ISIN}/repo/R-ZERO: principal 0`,
      `${ISIN}/repo/R-FRACTION: fractional repurchase amount '10004027.5'`,
      `${ISIN}/repo/R-BELOW: repurchase amount 9999999 < principal 10000000`,
    ]);
  });
});

describe('entitlements match the record-date register', () => {
  const history = (...versions: [string, string | undefined][]): HoldingVersion[] =>
    versions.map(([timestamp, units], i) => ({
      txId: TX(i),
      timestamp,
      isDelete: units === undefined,
      ...(units === undefined ? {} : { units }),
    }));

  const coupon: PaymentEventRecord = {
    isin: ISIN,
    eventId: 'C-001',
    kind: 'COUPON',
    recordDate: '2026-06-01',
    holders: 2,
    totalUnits: '1000',
    accrualEnd: '2026-06-01',
  };
  const entitlement = (holder: string, units: string): EntitlementRecord => ({
    isin: ISIN,
    eventId: 'C-001',
    holder,
    accountId: 'PROPRIETARY',
    units,
    status: 'DUE',
  });
  const histories = new Map([
    [
      `${ISIN}/BankMSP/PROPRIETARY`,
      history(['2026-06-02T09:00:00.000Z', '500'], ['2026-06-01T23:59:59.999Z', '600'], ['2026-05-01T10:00:00.000Z', '700']),
    ],
    [`${ISIN}/SecuritiesMSP/PROPRIETARY`, history(['2026-06-02T09:00:00.000Z', '500'], ['2026-05-01T10:00:00.000Z', '400'])],
  ]);
  const b = bond({
    holdings: [
      { isin: ISIN, holder: 'BankMSP', accountId: 'PROPRIETARY', units: '500' },
      { isin: ISIN, holder: 'SecuritiesMSP', accountId: 'PROPRIETARY', units: '500' },
    ],
  });

  it('takes the newest version written on or before the record date; a deletion is 0', () => {
    expect(unitsAtEndOf('2026-06-01', histories.get(`${ISIN}/BankMSP/PROPRIETARY`)!)).toBe(600n);
    expect(unitsAtEndOf('2026-04-30', histories.get(`${ISIN}/BankMSP/PROPRIETARY`)!)).toBe(0n);
    expect(unitsAtEndOf('2026-06-05', history(['2026-06-03T00:00:00.000Z', undefined], ['2026-01-01T00:00:00.000Z', '5']))).toBe(0n);
  });

  it('passes entitlements fixed from the end-of-record-date register', () => {
    const result = checkEntitlements({
      bonds: [b],
      events: [coupon],
      entitlements: [entitlement('BankMSP', '600'), entitlement('SecuritiesMSP', '400')],
      histories,
    });
    expect([result.checked, result.violations]).toEqual([2, []]);
  });

  it('leaves out the retirements of a redemption paid on its own record date', () => {
    const maturity: PaymentEventRecord = {
      isin: ISIN,
      eventId: 'R-MATURITY',
      kind: 'REDEMPTION',
      reason: 'MATURITY',
      recordDate: '2026-06-01',
      holders: 1,
      totalUnits: '600',
    };
    const paidSameDay = new Map([
      [`${ISIN}/BankMSP/PROPRIETARY`, history(['2026-06-01T15:00:00.000Z', undefined], ['2026-05-01T10:00:00.000Z', '600'])],
    ]);
    const paid = (paidTxId?: string): EntitlementRecord => ({
      isin: ISIN,
      eventId: 'R-MATURITY',
      holder: 'BankMSP',
      accountId: 'PROPRIETARY',
      units: '600',
      status: 'PAID',
      ...(paidTxId ? { paidTxId } : {}),
    });
    const redeemed = bond({ reportedOutstanding: '0', holdings: [] });
    // The deletion is the payment's own (TX(0)): the register at the end of the day held 600.
    expect(
      checkEntitlements({ bonds: [redeemed], events: [maturity], entitlements: [paid(TX(0))], histories: paidSameDay }).violations,
    ).toEqual([]);
    // A deletion by any other transaction (a delivery) still counts.
    expect(
      checkEntitlements({ bonds: [redeemed], events: [maturity], entitlements: [paid(TX(9))], histories: paidSameDay }).violations.map(
        (v) => v.message,
      ),
    ).toEqual(['entitled to 600 units, but held 0 at the end of the record date 2026-06-01']);
  });

  it('reports entitlements fixed from the holdings of today instead of the record date', () => {
    const result = checkEntitlements({
      bonds: [b],
      events: [{ ...coupon, totalUnits: '1000' }],
      entitlements: [entitlement('BankMSP', '500'), entitlement('SecuritiesMSP', '500')],
      histories,
    });
    expect(result.violations.map((v) => v.message)).toEqual([
      'entitled to 500 units, but held 600 at the end of the record date 2026-06-01',
      'entitled to 500 units, but held 400 at the end of the record date 2026-06-01',
    ]);
  });

  it('reports a holder missing from the entitlements, and totals that do not add up', () => {
    const result = checkEntitlements({ bonds: [b], events: [coupon], entitlements: [entitlement('BankMSP', '600')], histories });
    expect(result.violations.map((v) => `${v.subject}: ${v.message}`)).toEqual([
      `${ISIN}/C-001 SecuritiesMSP/PROPRIETARY: held 400 units at the end of the record date 2026-06-01 but has no entitlement`,
      `${ISIN}/C-001: event total 1000 units ≠ Σ entitlements 600`,
      `${ISIN}/C-001: event counts 2 holders, 1 entitlements found`,
    ]);
  });

  it('checks an event still being fixed only as far as its fixing has reached', () => {
    const fixing: PaymentEventRecord = {
      ...coupon,
      holders: 1,
      totalUnits: '600',
      fixedThrough: { holder: 'BankMSP', accountId: 'PROPRIETARY' },
    };
    expect(
      checkEntitlements({ bonds: [b], events: [fixing], entitlements: [entitlement('BankMSP', '600')], histories }).violations,
    ).toEqual([]);
    // A holding it has passed without an entitlement is still reported.
    const passed: PaymentEventRecord = { ...fixing, holders: 0, totalUnits: '0' };
    expect(checkEntitlements({ bonds: [b], events: [passed], entitlements: [], histories }).violations.map((v) => v.message)).toEqual([
      'held 600 units at the end of the record date 2026-06-01 but has no entitlement',
    ]);
  });

  it('reports fractional entitlement units, a holding without history and entitlements of an unknown event', () => {
    const result = checkEntitlements({
      bonds: [b],
      events: [{ ...coupon, holders: 3, totalUnits: '1000' }],
      entitlements: [
        entitlement('BankMSP', '600'),
        entitlement('SecuritiesMSP', '400'),
        { ...entitlement('GhostMSP', '0.5') },
        { ...entitlement('BankMSP', '1'), eventId: 'C-009' },
      ],
      histories,
    });
    expect(result.violations.map((v) => v.message)).toEqual([
      "entitlement units '0.5' are not a whole number",
      '1 entitlements of an event that is not on the ledger',
    ]);
  });

  it('applies put accounts: coupons up to the put date, their own put redemption, not the final one', () => {
    const putAccount = 'PUT-2026-06-01';
    const putHistories = new Map([[`${ISIN}/BankMSP/${putAccount}`, history(['2026-03-01T00:00:00.000Z', '100'])]]);
    const withPut = bond({ holdings: [{ isin: ISIN, holder: 'BankMSP', accountId: putAccount, units: '100' }] });
    const base = { isin: ISIN, recordDate: '2026-05-31', holders: 0, totalUnits: '0' };
    const laterCoupon: PaymentEventRecord = { ...base, eventId: 'C-002', kind: 'COUPON', accrualEnd: '2026-12-01' };
    const maturity: PaymentEventRecord = { ...base, eventId: 'R-MATURITY', kind: 'REDEMPTION', reason: 'MATURITY' };
    expect(
      checkEntitlements({ bonds: [withPut], events: [laterCoupon, maturity], entitlements: [], histories: putHistories }).violations,
    ).toEqual([]);
    const put: PaymentEventRecord = { ...base, eventId: `R-${putAccount}`, kind: 'REDEMPTION', reason: 'PUT' };
    expect(
      checkEntitlements({ bonds: [withPut], events: [put], entitlements: [], histories: putHistories }).violations[0]?.message,
    ).toMatch(/held 100 units .* but has no entitlement/);
  });
});

describe("hash locks: escrow = Σ LOCKED, claims reveal the hash's preimage, nothing locked forever", () => {
  const PREIMAGE = '5e'.repeat(32);
  const HASH = createHash('sha256').update(Buffer.from(PREIMAGE, 'hex')).digest('hex');
  const NOW = '2026-06-01T12:00:00.000Z';
  const lock = (lockId: string, overrides: Partial<HashLockRecord> = {}): HashLockRecord => ({
    lockId,
    isin: ISIN,
    locker: 'BankMSP',
    units: '100',
    hash: HASH,
    expiresAt: '2026-06-01T12:30:00.000Z',
    status: 'LOCKED',
    ...overrides,
  });
  /** BankMSP moved 150 of its 750 into escrow under two LOCKED locks; one earlier lock was claimed, one refunded. */
  const withLocks = (hashLocks: HashLockRecord[], escrowUnits: string | null = '150'): BondRecord => {
    const b = bond();
    b.holdings[0]!.units = '450';
    if (escrowUnits !== null) b.holdings.push({ isin: ISIN, holder: 'BankMSP', accountId: 'HTLC-ESCROW', units: escrowUnits });
    return { ...b, hashLocks };
  };
  const consistent = (): HashLockRecord[] => [
    lock('l1'),
    lock('l2', { units: '50' }),
    lock('l3', { status: 'CLAIMED', preimage: PREIMAGE, expiresAt: '2026-06-01T09:00:00.000Z' }),
    lock('l4', { status: 'REFUNDED', refundedTo: 'PROPRIETARY', expiresAt: '2026-06-01T09:00:00.000Z' }),
  ];
  const messages = (b: BondRecord, options: HashLockCheckOptions = { now: NOW }) =>
    checkHashLocks([b], options).violations.map((v) => `${v.subject}: ${v.message}`);

  it('pass a consistent bond: the escrow holds its LOCKED locks, a claim revealed the preimage, nothing is long past its expiry', () => {
    const result = checkHashLocks([withLocks(consistent())], { now: NOW });
    expect(result).toEqual({ check: 'hash-locks', checked: 4, violations: [] });
    // No locks, no escrow: nothing to check.
    expect(checkHashLocks([bond()], { now: NOW }).violations).toEqual([]);
    // An escrow emptied by claims and refunds holds 0.
    expect(messages(withLocks([lock('l3', { status: 'CLAIMED', preimage: PREIMAGE })], '0'))).toEqual([]);
  });

  it('report an escrow that holds more or less than its LOCKED locks, or units in escrow without a lock', () => {
    expect(messages(withLocks(consistent(), '140'))).toEqual([`${ISIN}/BankMSP/HTLC-ESCROW: escrow holds 140 units ≠ Σ LOCKED locks 150`]);
    expect(messages(withLocks(consistent(), null))).toEqual([`${ISIN}/BankMSP/HTLC-ESCROW: escrow holds 0 units ≠ Σ LOCKED locks 150`]);
    const stray = withLocks([], '0');
    stray.holdings.push({ isin: ISIN, holder: 'SecuritiesMSP', accountId: 'HTLC-ESCROW', units: '5' });
    expect(messages(stray)).toEqual([`${ISIN}/SecuritiesMSP/HTLC-ESCROW: escrow holds 5 units ≠ Σ LOCKED locks 0`]);
  });

  it('count units a refund left in escrow after the register closed, until their redemption retires the escrow holding', () => {
    const left = lock('l5', { status: 'REFUNDED', refundedTo: 'HTLC-ESCROW', units: '30' });
    expect(messages(withLocks([...consistent(), left], '180'))).toEqual([]);
    expect(messages(withLocks([left], null))).toEqual([]);
    expect(messages(withLocks([...consistent(), left], '150'))).toEqual([
      `${ISIN}/BankMSP/HTLC-ESCROW: escrow holds 150 units ≠ Σ LOCKED locks 150 + 30 refunded into it after the register closed`,
    ]);
  });

  it('report a CLAIMED lock whose preimage does not hash to its hash, or that has none', () => {
    const b = withLocks([
      lock('l1'),
      lock('l2', { units: '50' }),
      lock('l3', { status: 'CLAIMED', preimage: '5f'.repeat(32) }),
      lock('l4', { status: 'CLAIMED' }),
      // SHA-256 of the hex text, not of the bytes: the encoding both ledgers refuse.
      lock('l5', { status: 'CLAIMED', preimage: PREIMAGE, hash: createHash('sha256').update(PREIMAGE).digest('hex') }),
    ]);
    expect(messages(b)).toEqual([
      `${ISIN}/hash-lock/l3: CLAIMED with a preimage whose SHA-256 is not its hash ${HASH}`,
      `${ISIN}/hash-lock/l4: CLAIMED without a 32-byte preimage`,
      expect.stringMatching(new RegExp(`^${ISIN}/hash-lock/l5: CLAIMED with a preimage whose SHA-256 is not its hash`)),
    ]);
  });

  it('report a lock still LOCKED more than the grace after its expiry (120 s unless told), and not one within it', () => {
    const expiring = (expiresAt: string) => withLocks([lock('l1', { expiresAt }), lock('l2', { units: '50' })]);
    expect(messages(expiring('2026-06-01T11:58:00.000Z'))).toEqual([]);
    expect(messages(expiring('2026-06-01T11:57:59.000Z'))).toEqual([
      `${ISIN}/hash-lock/l1: still LOCKED 121 s after its expiry 2026-06-01T11:57:59.000Z (grace 120 s): locked forever unless refunded`,
    ]);
    expect(messages(expiring('2026-06-01T11:50:00.000Z'), { now: NOW, graceSeconds: 600 })).toEqual([]);
    expect(messages(expiring('2026-06-01T11:59:59.000Z'), { now: NOW, graceSeconds: 0 })).toHaveLength(1);
    // Ended locks are never "locked forever", however old.
    expect(messages(withLocks(consistent()), { now: '2027-01-01T00:00:00.000Z' })).toEqual([
      `${ISIN}/hash-lock/l1: still LOCKED 18444600 s after its expiry 2026-06-01T12:30:00.000Z (grace 120 s): locked forever unless refunded`,
      `${ISIN}/hash-lock/l2: still LOCKED 18444600 s after its expiry 2026-06-01T12:30:00.000Z (grace 120 s): locked forever unless refunded`,
    ]);
  });

  it('report broken units, an unknown status, a lock of another bond and an expiry that is not an instant', () => {
    const b = withLocks([
      lock('l1', { units: '-100' }),
      lock('l2', { status: 'EXPIRED' }),
      lock('l3', { isin: 'CNOTHER00001', status: 'REFUNDED', refundedTo: 'PROPRIETARY' }),
      lock('l4', { expiresAt: 'soon', status: 'REFUNDED', refundedTo: 'PROPRIETARY' }),
    ]);
    expect(messages(b)).toEqual([
      `${ISIN}/hash-lock/l1: negative units '-100'`,
      `${ISIN}/hash-lock/l2: status 'EXPIRED' is not a hash lock status`,
      `${ISIN}/hash-lock/l3: listed under ${ISIN} but locks CNOTHER00001`,
      `${ISIN}/hash-lock/l4: expiresAt 'soon' is not an instant`,
      `${ISIN}/BankMSP/HTLC-ESCROW: escrow holds 150 units ≠ Σ LOCKED locks 0`,
    ]);
  });
});

describe('acknowledged transactions', () => {
  it('parses JSON lines, accepting txId for transactionId, and reports bad lines', () => {
    const parsed = parseAcknowledged(
      `{"transactionId":"${TX(1)}","idempotencyKey":"k1"}\n\n{"txId":"${TX(2)}"}\nnot json\n{"transactionId":"xyz"}\n`,
    );
    expect(parsed.records).toEqual([
      { transactionId: TX(1), idempotencyKey: 'k1', line: 1 },
      { transactionId: TX(2), line: 3 },
    ]);
    expect(parsed.errors).toEqual(['line 4: not JSON', 'line 5: no transactionId (64 hex digits)']);
  });

  it('passes each acknowledged transaction VALID once, and reports lost, invalid, duplicated and double-acknowledged ones', () => {
    const acks = [
      { transactionId: TX(1), idempotencyKey: 'k1' },
      { transactionId: TX(1), idempotencyKey: 'k1' },
      { transactionId: TX(2) },
      { transactionId: TX(3) },
      { transactionId: TX(4) },
      { transactionId: TX(5), idempotencyKey: 'k5' },
      { transactionId: TX(6), idempotencyKey: 'k5' },
    ];
    const lookups = new Map([
      [TX(1), { found: true, validationCode: 'VALID', occurrences: 1 }],
      [TX(2), { found: false }],
      [TX(3), { found: true, validationCode: 'MVCC_READ_CONFLICT', blockNumber: '7' }],
      [TX(4), { found: true, validationCode: 'VALID', occurrences: 2 }],
      [TX(5), { found: true, validationCode: 'VALID' }],
      [TX(6), { found: true, validationCode: 'VALID' }],
    ]);
    const result = checkAcknowledged(acks, lookups);
    expect(result.checked).toBe(6);
    expect(result.violations.map((v) => `${v.subject.slice(-3)}: ${v.message.replace(/[0-9a-f]{64}/g, 'TX')}`)).toEqual([
      '002: acknowledged but not on the ledger',
      '003: on the ledger as MVCC_READ_CONFLICT in block 7, not VALID',
      '004: occurs 2 times in the blocks scanned',
      ' k5: acknowledged as 2 different transactions: TX, TX',
    ]);
  });
});

/** A block of endorser transactions of a chaincode endorsed by the MSP IDs given, with their validation codes. */
function block(number: number, txs: { id: string; chaincode: string; endorsers: string[]; code: number }[]): common.Block {
  return testBlock(
    number,
    txs.map(({ id, chaincode, endorsers, code }) => ({ id, chaincode, endorsers, validationCode: code })),
  );
}

describe('occurrences of a transaction id', () => {
  const tx = (id: string, validationCode: string, blockNumber: number) => ({
    blockNumber,
    transactionId: id,
    type: 'ENDORSER_TRANSACTION',
    validationCode,
    chaincode: 'bond',
    endorserMspIds: ['CSDMSP'],
  });

  it('leaves out a copy the peers marked DUPLICATE_TXID (it wrote nothing), and counts everything else', () => {
    const counts = occurrences([tx('a', 'VALID', 1), tx('a', 'DUPLICATE_TXID', 3), tx('b', 'MVCC_READ_CONFLICT', 2)]);
    expect(Object.fromEntries(counts)).toEqual({ a: 1, b: 1 });
  });
});

describe('every VALID bond transaction was endorsed by the CSD', () => {
  const VALID = peer.TxValidationCode.VALID;
  const POLICY = peer.TxValidationCode.ENDORSEMENT_POLICY_FAILURE;

  it('decodes a block: ids, validation codes, chaincode and endorsers', () => {
    const txs = transactionsOf(block(5, [{ id: TX(1), chaincode: 'bond', endorsers: ['CSDMSP', 'BankMSP'], code: VALID }]));
    expect(txs).toEqual([
      {
        blockNumber: 5,
        transactionId: TX(1),
        type: 'ENDORSER_TRANSACTION',
        validationCode: 'VALID',
        chaincode: 'bond',
        endorserMspIds: ['BankMSP', 'CSDMSP'],
      },
    ]);
  });

  it('reports a VALID bond transaction without the CSD; ignores invalid ones and other chaincodes', () => {
    const txs = transactionsOf(
      block(9, [
        { id: TX(1), chaincode: 'bond', endorsers: ['CSDMSP', 'BankMSP'], code: VALID },
        { id: TX(2), chaincode: 'bond', endorsers: ['BankMSP', 'SecuritiesMSP'], code: VALID },
        { id: TX(3), chaincode: 'bond', endorsers: ['BankMSP'], code: POLICY },
        { id: TX(4), chaincode: '_lifecycle', endorsers: ['BankMSP'], code: VALID },
      ]),
    );
    const result = checkCsdEndorsement(txs, 'bond', 'CSDMSP');
    expect(result.checked).toBe(2);
    expect(result.violations).toEqual([
      {
        check: 'csd-endorsement',
        subject: TX(2),
        message: 'VALID bond transaction in block 9 endorsed by BankMSP, SecuritiesMSP, not CSDMSP',
      },
    ]);
  });

  it('reports a VALID transaction that cannot be decoded', () => {
    const broken = rawTestBlock(3, [Uint8Array.from([0xff, 0xff, 0xff])], [VALID]);
    expect(checkCsdEndorsement(transactionsOf(broken), 'bond', 'CSDMSP').violations[0]?.message).toMatch(/cannot be decoded/);
  });
});

describe('the report table', () => {
  it('lists each check with counts and the violations', () => {
    const table = formatTable([
      checkHoldingUnits([{ isin: ISIN, holder: 'BankMSP', accountId: 'A', units: '-1' }]),
      checkOutstanding([bond()], new Map()),
    ]);
    expect(table.split('\n')).toEqual([
      'check          checked  violations  result',
      '-------------  -------  ----------  --------',
      'holding-units        1           1  VIOLATED',
      'outstanding          1           0  ok',
      '',
      'violations:',
      `  [holding-units] ${ISIN}/BankMSP/A: negative units '-1'`,
    ]);
  });
});
