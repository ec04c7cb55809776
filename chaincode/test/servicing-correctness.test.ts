/**
 * Servicing correctness (issue 13): no coupon is lost at redemption, nothing
 * is delivered after the register closes, and entitlements come from the
 * register as it stood at the end of the record date, whenever the fix runs.
 */
import { type Bond, BondEvent, type CouponSchedule, type Entitlement, ErrorCode, type PaymentEvent } from '../src/api';
import { TERMS } from './support/fixtures';
import { BANK, contracts, CSD, FUND, ISIN, json, Scenario, SEC } from './support/scenario';
import type { TestIdentity } from './support/memory-ledger';

const { servicing, custody, settlement } = contracts;
const at = (date: string, hour = 9): number => Scenario.at(date) + (hour - 9) * 3600;

let scenario: Scenario;

beforeEach(async () => {
  scenario = new Scenario();
  await scenario.members();
});

async function entitlements(eventId: string): Promise<Entitlement[]> {
  return (await scenario.ok<{ records: Entitlement[] }>(servicing, 'ListEntitlements', CSD, ISIN, eventId, '100', '')).records;
}

async function pay(eventId: string, holder: string, accountId = 'PROP'): Promise<void> {
  await scenario.ok(servicing, 'ConfirmPayment', BANK, ISIN, eventId, holder, accountId);
}

async function payAll(eventId: string): Promise<void> {
  for (const e of await entitlements(eventId)) if (e.status !== 'PAID') await pay(eventId, e.holder, e.accountId);
}

const fixCoupon = (n: number) => scenario.ok<PaymentEvent>(servicing, 'FixCouponEntitlements', CSD, ISIN, String(n));
const fixMaturity = () => scenario.ok<PaymentEvent>(servicing, 'FixRedemptionEntitlements', CSD, json({ isin: ISIN, reason: 'MATURITY' }));
const complete = (eventId: string) => scenario.ok<PaymentEvent>(servicing, 'CompletePaymentEvent', CSD, ISIN, eventId);

/** A free-of-payment transfer instructed by `from` and affirmed by `to` (settles on affirmation). */
async function transfer(from: TestIdentity, to: TestIdentity, units: string): Promise<string> {
  const expiresAt = new Date((scenario.ledger.now + 30 * 86400) * 1000).toISOString();
  const instruction = await scenario.ok<{ transferId: string }>(
    custody,
    'InstructTransfer',
    from,
    json({ isin: ISIN, fromAccount: 'PROP', to: to.mspId, toAccount: 'PROP', units, cashAmount: '0', expiresAt }),
  );
  await scenario.ok(custody, 'AffirmTransfer', to, instruction.transferId);
  return instruction.transferId;
}

async function instruct(from: TestIdentity, to: TestIdentity, units: string): Promise<string> {
  const expiresAt = new Date((scenario.ledger.now + 30 * 86400) * 1000).toISOString();
  return (
    await scenario.ok<{ transferId: string }>(
      custody,
      'InstructTransfer',
      from,
      json({ isin: ISIN, fromAccount: 'PROP', to: to.mspId, toAccount: 'PROP', units, cashAmount: '0', expiresAt }),
    )
  ).transferId;
}

/** Fixes, pays and completes coupons 1..n on their payment dates. */
async function serviceCoupons(n: number): Promise<void> {
  for (let k = 1; k <= n; k++) {
    scenario.ledger.now = at(`${2026 + k}-03-02`);
    await fixCoupon(k);
    await payAll(`C-00${k}`);
    await complete(`C-00${k}`);
  }
}

describe('the final coupon and the redemption (defect 1)', () => {
  beforeEach(async () => {
    await scenario.issuedBond();
    await serviceCoupons(2);
  });

  it('pays each holding its coupon before its principal, and completes the redemption only after every coupon due', async () => {
    scenario.ledger.now = at('2029-03-02');
    await fixMaturity();
    // The final coupon is not fixed yet: no principal is paid and the redemption cannot complete.
    await scenario.refused(
      servicing,
      'ConfirmPayment',
      BANK,
      ErrorCode.INVALID_STATE_TRANSITION,
      {},
      ISIN,
      'R-MATURITY',
      'BankMSP',
      'PROP',
    );
    await fixCoupon(3);
    // Fixed but unpaid to the bank: its principal waits for its coupon.
    await scenario.refused(
      servicing,
      'ConfirmPayment',
      BANK,
      ErrorCode.INVALID_STATE_TRANSITION,
      {},
      ISIN,
      'R-MATURITY',
      'BankMSP',
      'PROP',
    );
    await pay('C-003', 'BankMSP');
    await pay('R-MATURITY', 'BankMSP');
    await pay('C-003', 'FundMSP');
    await pay('R-MATURITY', 'FundMSP');
    expect(await scenario.outstanding()).toBe(0n);
    // Every payment is made, but C-003 is not complete: the redemption, which ends the bond, waits for it.
    await scenario.refused(servicing, 'CompletePaymentEvent', CSD, ErrorCode.INVALID_STATE_TRANSITION, {}, ISIN, 'R-MATURITY');
    await complete('C-003');
    expect((await complete('R-MATURITY')).status).toBe('COMPLETE');
    expect((await scenario.ok<Bond>(contracts.bonds, 'GetBond', FUND, ISIN)).status).toBe('REDEEMED');
    const events = await scenario.ok<PaymentEvent[]>(servicing, 'ListPaymentEvents', CSD, ISIN);
    expect(events.map((e) => [e.eventId, e.status])).toEqual([
      ['C-001', 'COMPLETE'],
      ['C-002', 'COMPLETE'],
      ['C-003', 'COMPLETE'],
      ['R-MATURITY', 'COMPLETE'],
    ]);
  });

  it('refuses every payment once the bond is in default', async () => {
    scenario.ledger.now = at('2029-03-02');
    await fixCoupon(3);
    await pay('C-003', 'BankMSP');
    scenario.ledger.now = at('2029-03-03');
    await scenario.ok(servicing, 'DeclareDefault', CSD, ISIN, 'coupon 3 unpaid to FundMSP');
    await scenario.refused(servicing, 'ConfirmPayment', BANK, ErrorCode.INVALID_STATE_TRANSITION, {}, ISIN, 'C-003', 'FundMSP', 'PROP');
  });

  it('redeems a called bond only after the coupon due on the call date', async () => {
    scenario = new Scenario();
    await scenario.members();
    await scenario.issuedBond({ ...TERMS, callSchedule: [{ date: '2028-03-02', price: '100' }], callNoticeDays: 30 });
    await serviceCoupons(1);
    scenario.ledger.now = at('2028-01-15');
    await scenario.ok(servicing, 'CallBond', SEC, ISIN, '2028-03-02');
    scenario.ledger.now = at('2028-03-02');
    await scenario.ok(servicing, 'FixRedemptionEntitlements', CSD, json({ isin: ISIN, reason: 'CALL' }));
    await scenario.refused(servicing, 'ConfirmPayment', BANK, ErrorCode.INVALID_STATE_TRANSITION, {}, ISIN, 'R-CALL', 'FundMSP', 'PROP');
    await fixCoupon(2);
    await payAll('C-002');
    await payAll('R-CALL');
    await scenario.refused(servicing, 'CompletePaymentEvent', CSD, ErrorCode.INVALID_STATE_TRANSITION, {}, ISIN, 'R-CALL');
    await complete('C-002');
    await complete('R-CALL');
    expect((await scenario.ok<Bond>(contracts.bonds, 'GetBond', FUND, ISIN)).status).toBe('REDEEMED');
  });
});

describe('the register closes for a redemption (defect 2)', () => {
  beforeEach(async () => {
    await scenario.issuedBond();
    await serviceCoupons(2);
  });

  it('settles no delivery once the maturity entitlements are fixed, and the payment retires exactly the entitled units', async () => {
    scenario.ledger.now = at('2029-02-20');
    const pending = await instruct(BANK, SEC, '10');
    scenario.ledger.now = at('2029-03-01'); // the maturity record date
    expect((await fixMaturity()).totalUnits).toBe('1200');
    await scenario.refused(custody, 'AffirmTransfer', SEC, ErrorCode.OUTSIDE_WINDOW, {}, pending);
    await scenario.refused(
      custody,
      'InstructTransfer',
      BANK,
      ErrorCode.OUTSIDE_WINDOW,
      {},
      json({
        isin: ISIN,
        fromAccount: 'PROP',
        to: 'SecuritiesMSP',
        toAccount: 'PROP',
        units: '10',
        cashAmount: '0',
        expiresAt: '2029-03-20T00:00:00Z',
      }),
    );
    scenario.ledger.now = at('2029-03-02');
    await scenario.refused(custody, 'AffirmTransfer', SEC, ErrorCode.OUTSIDE_WINDOW, {}, pending);
    await fixCoupon(3);
    await payAll('C-003');
    await payAll('R-MATURITY');
    await complete('C-003');
    await complete('R-MATURITY');
    const outstanding = await scenario.ok<{ outstandingUnits: string; status: string }>(custody, 'GetOutstanding', CSD, ISIN);
    expect(outstanding).toMatchObject({ outstandingUnits: '0', status: 'REDEEMED' });
  });

  it('settles no delivery after the redemption record date, even before the fix', async () => {
    scenario.ledger.now = at('2029-02-20');
    const pending = await instruct(BANK, SEC, '10');
    scenario.ledger.now = at('2029-03-01', 20); // late on the record date: still in the register
    const early = await instruct(FUND, SEC, '4');
    await scenario.ok(custody, 'AffirmTransfer', SEC, early);
    scenario.ledger.now = at('2029-03-02');
    await scenario.refused(custody, 'AffirmTransfer', SEC, ErrorCode.OUTSIDE_WINDOW, {}, pending);
    const redemption = await fixMaturity();
    expect((await entitlements('R-MATURITY')).map((e) => [e.holder, e.units])).toEqual([
      ['BankMSP', '646'],
      ['FundMSP', '550'],
      ['SecuritiesMSP', '4'],
    ]);
    expect(redemption.totalUnits).toBe('1200');
  });
});

describe('entitlements from the record-date register (defect 3)', () => {
  beforeEach(async () => {
    await scenario.issuedBond();
  });

  it('pays the holders at the end of the record date, although units moved before a late fix', async () => {
    scenario.ledger.now = at('2027-03-01', 8); // on the record date: counts
    await transfer(BANK, FUND, '46');
    scenario.ledger.now = at('2027-03-02'); // after it: does not
    await transfer(BANK, SEC, '600');
    await transfer(FUND, SEC, '100');
    scenario.ledger.now = at('2027-03-05');
    const event = await fixCoupon(1);
    expect(event).toMatchObject({ holders: 2, totalUnits: '1200', fixedLate: true });
    expect((await entitlements('C-001')).map((e) => [e.holder, e.units, e.amount])).toEqual([
      ['BankMSP', '600', '171000'],
      ['FundMSP', '600', '171000'],
    ]);
    await payAll('C-001');
    expect((await complete('C-001')).status).toBe('COMPLETE');
  });

  it("settles no delivery on a record date once that day's coupon is fixed, and again the day after", async () => {
    const request = json({
      isin: ISIN,
      fromAccount: 'PROP',
      to: 'SecuritiesMSP',
      toAccount: 'PROP',
      units: '10',
      cashAmount: '0',
      expiresAt: '2027-03-20T00:00:00Z',
    });
    scenario.ledger.now = at('2027-03-01');
    await fixCoupon(1);
    await scenario.refused(custody, 'InstructTransfer', BANK, ErrorCode.OUTSIDE_WINDOW, {}, request);
    scenario.ledger.now = at('2027-03-02');
    await scenario.ok(custody, 'InstructTransfer', BANK, request);
  });

  it('keeps a seller who sold out after the record date entitled', async () => {
    scenario.ledger.now = at('2027-03-04');
    await transfer(FUND, SEC, '554');
    scenario.ledger.now = at('2027-03-06');
    await fixCoupon(1);
    expect((await entitlements('C-001')).map((e) => [e.holder, e.units])).toEqual([
      ['BankMSP', '646'],
      ['FundMSP', '554'],
    ]);
  });
});

describe('issuance settlement after a record date (defect 4)', () => {
  it('refuses to start or confirm primary settlement once the first record date has passed', async () => {
    await scenario.approvedBond();
    await scenario.openBook();
    await scenario.bid(BANK, '700');
    await scenario.bid(FUND, '600');
    await scenario.allocate('200');
    const instructions = await scenario.startSettlement();
    scenario.ledger.now = at('2027-03-01', 20); // the first record date: still in time
    await scenario.ok(settlement, 'ConfirmCash', CSD, ISIN, instructions[0]!.settlementId);
    scenario.ledger.now = at('2027-03-02');
    await scenario.refused(settlement, 'ConfirmCash', CSD, ErrorCode.OUTSIDE_WINDOW, {}, ISIN, instructions[1]!.settlementId);
    // The pending instruction fails; the bond is issued with what settled in time.
    await scenario.ok(settlement, 'FailCash', CSD, ISIN, instructions[1]!.settlementId, 'settled too late');
    await scenario.ok(settlement, 'CompleteIssuance', CSD, ISIN);
    expect(await scenario.outstanding()).toBe(BigInt(instructions[0]!.units));
  });

  it('refuses to start primary settlement after the first record date', async () => {
    await scenario.approvedBond();
    await scenario.openBook();
    await scenario.bid(BANK, '700');
    await scenario.allocate();
    scenario.ledger.now = at('2027-03-02');
    await scenario.refused(settlement, 'StartPrimarySettlement', CSD, ErrorCode.OUTSIDE_WINDOW, {}, ISIN);
  });
});

describe('bid amendments (defect 5)', () => {
  it('announces an amendment as BidAmended, not BidPlaced', async () => {
    await scenario.approvedBond();
    await scenario.openBook();
    expect((await scenario.bid(BANK, '700')).event?.name).toBe(BondEvent.BID_PLACED);
    const amended = await scenario.ledger.invokeWith(contracts.books, 'AmendBid', BANK, {
      transient: { bid: { isin: ISIN, units: '650', accountId: 'PROP' } },
    });
    expect(amended.error).toBeUndefined();
    expect(amended.event?.name).toBe(BondEvent.BID_AMENDED);
    expect(BondEvent.BID_AMENDED).toBe('BidAmended');
  });
});

describe('tender terms at application (defect 6)', () => {
  it('refuses a tender application that fixes the rate, and a fixed-price one that does not', async () => {
    await scenario.refused(contracts.bonds, 'ApplyForBond', SEC, ErrorCode.INVALID_ARGUMENT, {}, json({ ...TERMS, bookType: 'TENDER' }));
    await scenario.refused(
      contracts.bonds,
      'ApplyForBond',
      SEC,
      ErrorCode.INVALID_ARGUMENT,
      {},
      json({ ...TERMS, interestRate: undefined, bookType: 'FIXED_PRICE' }),
    );
    await scenario.refused(contracts.bonds, 'ApplyForBond', SEC, ErrorCode.INVALID_ARGUMENT, {}, json({ ...TERMS, bookType: 'AUCTION' }));
  });

  it('records the book type the terms imply, and opens only that book', async () => {
    const tender = await scenario.approvedBond({ ...TERMS, interestRate: undefined });
    expect(tender.terms.bookType).toBe('TENDER');
    const opensAt = new Date(scenario.ledger.now * 1000).toISOString();
    const closesAt = new Date((scenario.ledger.now + 3600) * 1000).toISOString();
    await scenario.refused(
      contracts.books,
      'OpenBook',
      SEC,
      ErrorCode.INVALID_ARGUMENT,
      {},
      json({ isin: ISIN, bookType: 'FIXED_PRICE', opensAt, closesAt }),
    );
    await scenario.openBook('TENDER');
  });
});

describe('exact amounts beside the display rounding (defect 7)', () => {
  it('gives the year fraction, coupon and accrued interest per unit as exact fractions', async () => {
    await scenario.issuedBond({ ...TERMS, interestRate: '3.333', issueDate: '2026-04-15' });
    const schedule = await scenario.ok<CouponSchedule>(servicing, 'GetCouponSchedule', FUND, ISIN);
    const first = schedule.coupons[0]!;
    // Short first period 2026-04-15 → 2027-03-02 of the regular year 2026-03-02 → 2027-03-02: 321/365.
    expect(first.yearFraction).toBe('0.8794520548');
    expect(first.yearFractionExact).toBe('321/365');
    // 10000 × 3.333 % × 321/365 = 333.3 × 321 / 365 = 106989.3 / 365 = 1069893/3650.
    expect(first.amountPerUnitExact).toBe('1069893/3650');
    expect(first.amountPerUnit).toBe('293.121370');
    const accrued = await scenario.ok<{ accruedPerUnit: string; accruedPerUnitExact: string }>(
      servicing,
      'GetAccruedInterest',
      FUND,
      ISIN,
      '2026-09-01',
    );
    // 139 days: 333.3 × 139 / 365 = 46328.7/365 = 463287/3650.
    expect(accrued.accruedPerUnitExact).toBe('463287/3650');
    scenario.ledger.now = at('2027-03-01');
    const event = await fixCoupon(1);
    expect(event.amountPerUnitExact).toBe('1069893/3650');
    for (const e of await entitlements('C-001')) {
      // A client checks each amount from the exact value: units × num / den, rounded half up once.
      const exact = (BigInt(e.units) * 1069893n * 2n + 3650n) / (2n * 3650n);
      expect(e.amount).toBe(exact.toString());
    }
  });
});
