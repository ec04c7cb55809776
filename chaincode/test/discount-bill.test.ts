/**
 * A discount bill through the contracts on the in-memory ledger (issue 18):
 * allocated and delivered at its issue price below par, the cash legs
 * units × face × price / 100 % rounded half up once per instruction, no
 * coupons, the money-market yield shown with the schedule, and redeemed at
 * par at maturity.
 */
import type { Allocation, Bond, CouponSchedule, Entitlement, PaymentEvent } from '../src/api';
import { TERMS } from './support/fixtures';
import { BANK, contracts, CSD, FUND, ISIN, json, Scenario } from './support/scenario';

const { books, servicing, settlement, bonds } = contracts;

const BILL = {
  ...TERMS,
  shortName: '26 Example Bill 01',
  issueSize: '1200',
  overAllotmentLimit: '0',
  interestType: 'ZERO_COUPON',
  interestRate: undefined,
  interestPaymentFrequency: 'NONE',
  dayCountFraction: 'ACT/365',
  issueDate: '2026-03-02',
  maturityDate: '2026-06-01', // 91 days, a Monday
  recordDateOffset: 1,
  issuePrice: '98.7654',
};

describe('a 91-day discount bill', () => {
  it('settles at its issue price, pays no coupon, shows its yield and is redeemed at par', async () => {
    const scenario = new Scenario();
    await scenario.members();
    await scenario.approvedBond(BILL);
    await scenario.openBook();
    await scenario.bid(BANK, '646');
    await scenario.bid(FUND, '554');
    await scenario.allocate();
    expect((await scenario.ok<Allocation>(books, 'GetAllocation', CSD, ISIN)).issuePrice).toBe('98.7654');

    const instructions = await scenario.startSettlement();
    // 646 × 10000 × 98.7654 % = 6380244.84 → 6380245; 554 × … = 5471603.16 → 5471603 fen.
    expect(instructions.map((i) => [i.receiver, i.units, i.price, i.cashAmount])).toEqual([
      ['BankMSP', '646', '98.7654', '6380245'],
      ['FundMSP', '554', '98.7654', '5471603'],
    ]);
    for (const i of instructions) await scenario.ok(settlement, 'ConfirmCash', CSD, ISIN, i.settlementId);
    await scenario.ok(settlement, 'CompleteIssuance', CSD, ISIN);

    const schedule = await scenario.ok<CouponSchedule>(servicing, 'GetCouponSchedule', BANK, ISIN);
    // (1.2346 / 98.7654) × (365 / 91) × 100 %
    expect(schedule).toMatchObject({ coupons: [], moneyMarketYield: '5.013868', moneyMarketYieldExact: '225314500/44938257' });

    scenario.ledger.now = Scenario.at('2026-05-29'); // the record date: one business day before maturity
    const redemption = await scenario.ok<PaymentEvent>(
      servicing,
      'FixRedemptionEntitlements',
      CSD,
      json({ isin: ISIN, reason: 'MATURITY' }),
    );
    expect(redemption).toMatchObject({ eventId: 'R-MATURITY', price: '100', totalUnits: '1200', totalAmount: '12000000' });
    const { records } = await scenario.ok<{ records: Entitlement[] }>(servicing, 'ListEntitlements', CSD, ISIN, 'R-MATURITY', '100', '');
    expect(records.map((e) => [e.holder, e.units, e.amount])).toEqual([
      ['BankMSP', '646', '6460000'],
      ['FundMSP', '554', '5540000'],
    ]);
    scenario.ledger.now = Scenario.at('2026-06-01');
    for (const e of records) await scenario.ok(servicing, 'ConfirmPayment', BANK, ISIN, 'R-MATURITY', e.holder, e.accountId);
    await scenario.ok(servicing, 'CompletePaymentEvent', CSD, ISIN, 'R-MATURITY');
    expect((await scenario.ok<Bond>(bonds, 'GetBond', CSD, ISIN)).status).toBe('REDEEMED');
  });
});
