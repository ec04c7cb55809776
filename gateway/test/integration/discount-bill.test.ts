/**
 * A discount bill through the gateways' HTTP API (issue 18): a 91-day
 * zero-coupon bill issued at 98.7654 % of par to the bank (646 units) and the
 * securities company (354), CNY 100.00 a unit. The allocation and each primary
 * instruction carry the price, and each cash leg is units × face × price /
 * 100 %, rounded half up once to the fen. The schedule has no coupon and shows
 * the money-market yield (100 − P) / P × 365 / 91 (information only). The
 * bill is redeemed at par: each holder is entitled to units × face.
 *
 * The network's clock is real, so the bill is dated around today, as in
 * servicing-correctness.test.ts: issued 91 days ago, maturing today with its
 * record date today (offset 0, UNADJUSTED), so the issue settles on the
 * record date and the redemption can be fixed at once.
 */
import type {
  Allocation,
  Bond,
  CouponSchedule,
  Entitlement,
  Page,
  PaymentEvent,
  SettlementInstruction,
} from '@bond-platform/chaincode/api';
import { termsAround, utcDate } from './bond-steps';
import { Api, ensureMembersOverHttp, mspOf } from './http-client';
import { issueOverHttp } from './http-issuance';

const csd = new Api('csd', 'operator1');
const bank = new Api('bank', 'operator1');
const securities = new Api('securities', 'operator1');

beforeAll(ensureMembersOverHttp);

describe('a discount bill through the HTTP API', () => {
  it('settles at its issue price, shows its yield, and is redeemed at par', async () => {
    const today = utcDate();
    const terms = termsAround(today, mspOf('bank'), {
      shortName: 'EXSEC BILL 91D',
      interestType: 'ZERO_COUPON',
      interestRate: undefined,
      interestPaymentFrequency: 'NONE',
      dayCountFraction: 'ACT/365',
      issueDate: utcDate(-91),
      maturityDate: today,
      issuePrice: '98.7654',
    });
    const isin = await issueOverHttp({ csd, issuer: securities }, terms, [
      { bidder: bank, units: '646', accountId: 'PROPRIETARY' },
      { bidder: securities, units: '354', accountId: 'PROPRIETARY' },
    ]);

    expect((await csd.read<Allocation>(`/bonds/${isin}/allocation`)).issuePrice).toBe('98.7654');
    const instructions = (await csd.read<Page<SettlementInstruction>>(`/bonds/${isin}/settlements?pageSize=100`)).records;
    // 646 × 10000 × 98.7654 % = 6380244.84 → 6380245 fen; 354 × … = 3496295.16 → 3496295 fen.
    expect(Object.fromEntries(instructions.map((i) => [i.receiver, [i.units, i.price, i.cashAmount, i.status]]))).toEqual({
      [mspOf('bank')]: ['646', '98.7654', '6380245', 'SETTLED'],
      [mspOf('securities')]: ['354', '98.7654', '3496295', 'SETTLED'],
    });

    // (1.2346 / 98.7654) × (365 / 91) × 100 % = 225314500/44938257 % ≈ 5.013868 %.
    const schedule = await bank.read<CouponSchedule>(`/bonds/${isin}/coupon-schedule`);
    expect(schedule).toMatchObject({ coupons: [], moneyMarketYield: '5.013868', moneyMarketYieldExact: '225314500/44938257' });

    const redemption = await csd.ok<PaymentEvent>('POST', `/bonds/${isin}/redemptions`, { reason: 'MATURITY' });
    expect(redemption).toMatchObject({ eventId: 'R-MATURITY', price: '100', totalUnits: '1000', totalAmount: '10000000' });
    const entitlements = (await bank.read<Page<Entitlement>>(`/bonds/${isin}/payment-events/R-MATURITY/entitlements?pageSize=100`)).records;
    expect(Object.fromEntries(entitlements.map((e) => [e.holder, [e.units, e.amount]]))).toEqual({
      [mspOf('bank')]: ['646', '6460000'],
      [mspOf('securities')]: ['354', '3540000'],
    });
    for (const e of entitlements) {
      await bank.ok('POST', `/bonds/${isin}/payment-events/R-MATURITY/payments`, { holder: e.holder, accountId: e.accountId });
    }
    await bank.ok('POST', `/bonds/${isin}/payment-events/R-MATURITY/completion`);
    expect((await securities.read<Bond>(`/bonds/${isin}`)).status).toBe('REDEEMED');
  });
});
