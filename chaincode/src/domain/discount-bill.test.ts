/**
 * Discount bills and zero-coupon bonds (issue 18): terms at a price below
 * par with no coupon, the primary cash leg units × face × price / 100 %
 * rounded half up once, redemption at par, and the money-market yield.
 *
 * The yield is the China interbank money-market yield of a discount bond
 * with at most one year to maturity, as in the People's Bank of China's
 * notice on the interbank bond yield-to-maturity standard (银发〔2007〕200号,
 * 关于完善全国银行间债券市场债券到期收益率计算标准有关事项的通知), used by
 * CFETS and ChinaBond: y = (FV − PV) / PV ÷ (D / TY), FV the face value (100),
 * PV the price, D the actual days to maturity. This platform fixes TY at 365
 * (ACT/365); the notice may count the current year's days (366 in a leap
 * year): its text was not at hand to check, so a bill spanning 29 February
 * may differ from the published figure.
 */
import fc from 'fast-check';
import { TERMS } from '../../test/support/fixtures';
import { BusinessCalendar } from './calendar';
import { couponSchedule, finalRedemption } from './coupon-schedule';
import { parseBondTerms } from './bond-terms';
import { toDecimal, toFraction } from './day-count';
import { formatPercent } from './decimal';
import { moneyMarketYield } from './discount-yield';
import { primaryCash } from './primary-settlement';

const BILL = {
  ...TERMS,
  shortName: '26 Example Bill 01',
  interestType: 'ZERO_COUPON',
  interestRate: undefined,
  interestPaymentFrequency: 'NONE',
  dayCountFraction: 'ACT/365',
  issueDate: '2026-03-02',
  maturityDate: '2026-06-01', // 91 days
  issuePrice: '98.765',
};

describe('discount bill terms', () => {
  it('accepts a zero-coupon bond below par with frequency NONE and no rate, on a fixed-price book', () => {
    expect(parseBondTerms(BILL)).toMatchObject({
      interestType: 'ZERO_COUPON',
      interestPaymentFrequency: 'NONE',
      issuePrice: '98.765',
      bookType: 'FIXED_PRICE',
    });
    expect(parseBondTerms(BILL).interestRate).toBeUndefined();
  });

  it('refuses a rate, a coupon frequency, or a tender for it', () => {
    expect(() => parseBondTerms({ ...BILL, interestRate: '1.5' })).toThrow('no interestRate');
    expect(() => parseBondTerms({ ...BILL, interestPaymentFrequency: 'ANNUALLY' })).toThrow('zero-coupon');
    expect(() => parseBondTerms({ ...BILL, bookType: 'TENDER' })).toThrow('TENDER');
  });

  it('has no coupons and is redeemed at par on the maturity date', () => {
    const terms = parseBondTerms(BILL);
    const calendar = new BusinessCalendar([]);
    expect(couponSchedule(terms, calendar)).toEqual([]);
    expect(finalRedemption(terms, calendar, undefined)).toMatchObject({ paymentDate: '2026-06-01' });
  });
});

describe('the primary cash leg of a discount bill', () => {
  it('is units × face × price / 100, exact when it is whole', () => {
    // 646 × 10000 × 98.765 % = 6380219 fen; 554 × … = 5471581 fen.
    expect(primaryCash(646n, 10000n, 98_765_000n)).toBe(6380219n);
    expect(primaryCash(554n, 10000n, 98_765_000n)).toBe(5471581n);
  });

  it('rounds half up once, to the minor unit', () => {
    expect(primaryCash(646n, 10000n, 98_765_400n)).toBe(6380245n); // 6380244.84
    expect(primaryCash(554n, 10000n, 98_765_400n)).toBe(5471603n); // 5471603.16
    expect(primaryCash(20n, 10n, 98_750_000n)).toBe(198n); // 197.5
  });
});

describe('the money-market yield of a discount bill', () => {
  it('is (100 − P) / P × 365 / D, exact: 98.765 for 91 days', () => {
    // (1.235 / 98.765) × (365 / 91) × 100 = 693500/138271 % = 5.0155130… %
    const y = moneyMarketYield(parseBondTerms(BILL));
    expect(y && toFraction(y)).toBe('693500/138271');
    expect(y && toDecimal(y, 6)).toBe('5.015513');
  });

  it('is 0 at par and negative above it', () => {
    expect(toFraction(moneyMarketYield({ ...BILL, issuePrice: '100' } as never) ?? { num: 1n, den: 0n })).toBe('0/1');
    expect(toDecimal(moneyMarketYield({ ...BILL, issuePrice: '100.5' } as never) ?? { num: 0n, den: 1n }, 6)).toBe('-1.995517');
  });

  it('is shown only for a zero-coupon bond of at most one year priced above 0', () => {
    expect(moneyMarketYield({ ...BILL, maturityDate: '2027-03-02' } as never)).toBeDefined();
    expect(moneyMarketYield({ ...BILL, maturityDate: '2027-03-03' } as never)).toBeUndefined();
    expect(moneyMarketYield({ ...BILL, interestType: 'FIXED' } as never)).toBeUndefined();
    expect(moneyMarketYield({ ...BILL, issuePrice: '0' } as never)).toBeUndefined();
  });

  it('is positive exactly when the price is below par, and recovers the price', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200_000_000 }), fc.integer({ min: 1, max: 365 }), (fixed, days) => {
        const maturityDate = new Date(Date.UTC(2026, 2, 2 + days)).toISOString().slice(0, 10);
        const y = moneyMarketYield({ ...BILL, issuePrice: formatPercent(BigInt(fixed)), maturityDate } as never);
        if (y === undefined) return false;
        const sign = y.num > 0n ? 1 : y.num < 0n ? -1 : 0;
        // P (1 + y/100 × D/365) = 100: exact inversion of the formula.
        const recovered = BigInt(fixed) * (y.den * 100n * 365n + y.num * BigInt(days)) === 100_000_000n * y.den * 100n * 365n;
        return sign === Math.sign(100_000_000 - fixed) && recovered;
      }),
    );
  });
});
