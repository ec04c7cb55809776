/**
 * An amortising bond with a partial call, through the guard on the
 * in-memory world state: 30 % of the principal repaid on each of the first
 * two coupon dates, the issuer calling a further 20 % at 101 on the second,
 * coupons on the principal outstanding, and maturity repaying the 20 % left.
 * Every unit is repaid alike (pro rata), the units never change, each
 * holder's payment is rounded once, and the entitlements add up to what the
 * issuer funds.
 */
import { type Bond, type CouponSchedule, type DueEvent, type Entitlement, ErrorCode, type PaymentEvent } from '../src/api';
import { TERMS } from './support/fixtures';
import { BANK, contracts, CSD, FUND, ISIN, json, Scenario, SEC } from './support/scenario';

const { servicing, bonds } = contracts;
const at = (date: string): number => Scenario.at(date);

/** 2.85 % annual, 2026-03-02 to 2029-03-02; 30 % repaid on 2027-03-02 and 2028-03-02; callable on 2028-03-02 at 101. */
const AMORTISING = {
  ...TERMS,
  shortName: '26 Example Bank Amort 01',
  amortisationSchedule: [
    { date: '2028-03-02', percent: '30' },
    { date: '2027-03-02', percent: '30' },
  ],
  callSchedule: [{ date: '2028-03-02', price: '101' }],
};

let scenario: Scenario;

async function entitlements(eventId: string): Promise<Entitlement[]> {
  return (await scenario.ok<{ records: Entitlement[] }>(servicing, 'ListEntitlements', CSD, ISIN, eventId, '100', '')).records;
}

/** Fixes an event, pays every holder on `paymentDate`, completes it; returns the event as fixed and the holders' amounts. */
async function service(fix: () => Promise<PaymentEvent>, paymentDate: string): Promise<{ event: PaymentEvent; paid: string[][] }> {
  const event = await fix();
  const own = await entitlements(event.eventId);
  scenario.ledger.now = at(paymentDate);
  for (const e of own) await scenario.ok(servicing, 'ConfirmPayment', BANK, ISIN, event.eventId, e.holder, e.accountId);
  await scenario.ok(servicing, 'CompletePaymentEvent', CSD, ISIN, event.eventId);
  return { event, paid: own.map((e) => [e.holder, e.units, e.amount]) };
}

const coupon = (n: number) => () => scenario.ok<PaymentEvent>(servicing, 'FixCouponEntitlements', CSD, ISIN, String(n));
const redemption = (reason: string, date?: string) => () =>
  scenario.ok<PaymentEvent>(servicing, 'FixRedemptionEntitlements', CSD, json({ isin: ISIN, reason, date }));

beforeEach(async () => {
  scenario = new Scenario();
  await scenario.members();
  await scenario.issuedBond(AMORTISING);
});

describe('amortising bond with a partial call', () => {
  it('repays principal pro rata, pays coupons on what is outstanding, and redeems the rest at maturity', async () => {
    const bond = await scenario.ok<Bond>(bonds, 'GetBond', FUND, ISIN);
    // ISO 10962: amortization plan with call feature.
    expect(bond.cfi).toBe('DBFUBR');
    expect(bond.terms.amortisationSchedule).toEqual([
      { date: '2027-03-02', percent: '30' },
      { date: '2028-03-02', percent: '30' },
    ]);
    let schedule = await scenario.ok<CouponSchedule>(servicing, 'GetCouponSchedule', FUND, ISIN);
    expect(schedule.coupons.map((c) => [c.number, c.principalPercent, c.amountPerUnitExact])).toEqual([
      [1, '100', '285/1'],
      [2, '70', '399/2'],
      [3, '40', '114/1'],
    ]);

    // Year 1: the coupon on the whole face value, then 30 % of it repaid: 3000 per unit.
    scenario.ledger.now = at('2027-03-01');
    const due = await scenario.ok<DueEvent[]>(servicing, 'ListDueEvents', CSD, ISIN, '2027-03-01');
    expect(due.map((e) => [e.eventId, e.kind, e.reason, e.redemptionDate, e.recordDate])).toEqual([
      ['C-001', 'COUPON', undefined, undefined, '2027-03-01'],
      ['R-AMORTISATION-2027-03-02', 'PARTIAL_REDEMPTION', 'AMORTISATION', '2027-03-02', '2027-03-01'],
    ]);
    await service(coupon(1), '2027-03-02');
    scenario.ledger.now = at('2027-03-01');
    const first = await service(redemption('AMORTISATION', '2027-03-02'), '2027-03-02');
    expect(first.event).toMatchObject({ kind: 'PARTIAL_REDEMPTION', principalPercent: '30', price: '100', totalAmount: '3600000' });
    expect(first.paid).toEqual([
      ['BankMSP', '646', '1938000'],
      ['FundMSP', '554', '1662000'],
    ]);
    expect(await scenario.outstanding()).toBe(1200n);

    // The issuer calls 20 % more on 2028-03-02, with the call's 30 days' notice; it may not call all that is left.
    scenario.ledger.now = at('2028-01-10');
    await scenario.refused(servicing, 'CallBondInPart', SEC, ErrorCode.INVALID_ARGUMENT, {}, ISIN, '2028-03-02', '40');
    await scenario.refused(servicing, 'CallBondInPart', FUND, ErrorCode.ROLE_REQUIRED, {}, ISIN, '2028-03-02', '20');
    await scenario.refused(servicing, 'CallBondInPart', SEC, ErrorCode.INVALID_ARGUMENT, {}, ISIN, '2028-06-02', '20');
    const called = await scenario.ok<Bond>(servicing, 'CallBondInPart', SEC, ISIN, '2028-03-02', '20');
    expect(called.status).toBe('ISSUED');
    expect(called.partialCalls).toEqual([expect.objectContaining({ callDate: '2028-03-02', percent: '20', price: '101' })]);
    await scenario.refused(servicing, 'CallBondInPart', SEC, ErrorCode.ALREADY_EXISTS, {}, ISIN, '2028-03-02', '5');
    schedule = await scenario.ok<CouponSchedule>(servicing, 'GetCouponSchedule', FUND, ISIN);
    expect(schedule.coupons.map((c) => [c.principalPercent, c.amountPerUnitExact])[2]).toEqual(['20', '57/1']);
    expect(
      schedule.principalRepayments?.map((r) => [r.reason, r.date, r.percent, r.price, r.principalPercentAfter, r.amountPerUnit]),
    ).toEqual([
      ['AMORTISATION', '2027-03-02', '30', '100', '70', '3000.000000'],
      ['AMORTISATION', '2028-03-02', '30', '100', '40', '3000.000000'],
      ['PARTIAL_CALL', '2028-03-02', '20', '101', '20', '2020.000000'],
    ]);

    // Year 2: the coupon on 70 % (199.5 per unit, one rounding per holding), then 30 % at par and 20 % at 101.
    scenario.ledger.now = at('2028-03-01');
    const second = await service(coupon(2), '2028-03-02');
    expect(second.paid).toEqual([
      ['BankMSP', '646', '128877'],
      ['FundMSP', '554', '110523'],
    ]);
    scenario.ledger.now = at('2028-03-01');
    await service(redemption('AMORTISATION', '2028-03-02'), '2028-03-02');
    scenario.ledger.now = at('2028-03-01');
    const partialCall = await service(redemption('PARTIAL_CALL', '2028-03-02'), '2028-03-02');
    expect(partialCall.event).toMatchObject({
      eventId: 'R-PARTIAL-CALL-2028-03-02',
      principalPercent: '20',
      price: '101',
      totalAmount: '2424000',
    });
    expect(partialCall.paid).toEqual([
      ['BankMSP', '646', '1304920'],
      ['FundMSP', '554', '1119080'],
    ]);
    const accrued = await scenario.ok<{ accruedPerUnitExact: string }>(servicing, 'GetAccruedInterest', FUND, ISIN, '2028-09-01');
    // 10000 × 20 % × 2.85 % × 183/365.
    expect(accrued.accruedPerUnitExact).toBe('10431/365');

    // Maturity: the last coupon on 20 %, and the 20 % left at par.
    scenario.ledger.now = at('2029-03-01');
    await service(coupon(3), '2029-03-02');
    scenario.ledger.now = at('2029-03-01');
    const maturity = await service(redemption('MATURITY'), '2029-03-02');
    expect(maturity.event).toMatchObject({ principalPercent: '20', amountPerUnit: '2000.000000', totalAmount: '2400000' });
    expect(await scenario.outstanding()).toBe(0n);
    expect((await scenario.ok<Bond>(bonds, 'GetBond', FUND, ISIN)).status).toBe('REDEEMED');

    // Every unit got its face value back, and 1 % on the 20 % called: 3000 + 3000 + 2020 + 2000.
    const events = await scenario.ok<PaymentEvent[]>(servicing, 'ListPaymentEvents', CSD, ISIN);
    const principal = events.filter((e) => e.kind !== 'COUPON').reduce((sum, e) => sum + BigInt(e.totalAmount), 0n);
    expect(principal).toBe(1200n * 10020n);
  });

  it('refuses a partial redemption that is not on the schedule, or before its record date, writing nothing', async () => {
    scenario.ledger.now = at('2027-02-26');
    await scenario.refused(
      servicing,
      'FixRedemptionEntitlements',
      CSD,
      ErrorCode.OUTSIDE_WINDOW,
      {},
      json({ isin: ISIN, reason: 'AMORTISATION', date: '2027-03-02' }),
    );
    scenario.ledger.now = at('2027-03-01');
    await scenario.refused(
      servicing,
      'FixRedemptionEntitlements',
      CSD,
      ErrorCode.NOT_FOUND,
      {},
      json({ isin: ISIN, reason: 'PARTIAL_CALL', date: '2027-03-02' }),
    );
    await scenario.refused(
      servicing,
      'FixRedemptionEntitlements',
      CSD,
      ErrorCode.INVALID_ARGUMENT,
      {},
      json({ isin: ISIN, reason: 'AMORTISATION', date: '2027-3-2' }),
    );
  });

  it('is refused at application when the repayments do not fit the bond', async () => {
    const apply = (terms: Record<string, unknown>) =>
      scenario.refused(bonds, 'ApplyForBond', SEC, ErrorCode.INVALID_ARGUMENT, {}, json(terms));
    await apply({ ...AMORTISING, amortisationSchedule: [{ date: '2027-06-02', percent: '30' }] });
    await apply({
      ...AMORTISING,
      amortisationSchedule: [
        { date: '2027-03-02', percent: '60' },
        { date: '2028-03-02', percent: '40' },
      ],
    });
    await apply({ ...AMORTISING, amortisationSchedule: [{ date: '2027-03-02', percent: '0' }] });
    await apply({ ...AMORTISING, amortisationSchedule: [] });
  });
});
