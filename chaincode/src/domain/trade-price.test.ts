import fc from 'fast-check';
import type { BondTermsRequest } from '../api/bonds';
import { ErrorCode } from '../api/errors';
import { TERMS } from '../../test/support/fixtures';
import { parseBondTerms } from './bond-terms';
import { BusinessCalendar } from './calendar';
import { accruedPerUnit, couponSchedule, settlementAccrual } from './coupon-schedule';
import { addDays, daysBetween } from './dates';
import { toFraction } from './day-count';
import { formatPercent } from './decimal';
import { dirtyAmount, dirtyPerUnit, priceTrade } from './trade-price';

const weekdays = new BusinessCalendar([]);
const EXPIRES = '2031-01-01T00:00:00.000Z';

function terms(overrides: Record<string, unknown> = {}): BondTermsRequest {
  return parseBondTerms({ ...TERMS, ...overrides });
}

/** priceTrade on the terms' schedule (weekends only), instructed on `today`. */
function price(overrides: Record<string, unknown>, input: Record<string, unknown>, units: bigint, today = '2026-01-05') {
  const t = terms(overrides);
  return priceTrade(input, units, EXPIRES, t, couponSchedule(t, weekdays), today);
}

function refusal(fn: () => unknown): { code?: string; message: string } {
  try {
    fn();
  } catch (e) {
    return { code: (e as { code?: string }).code, message: (e as Error).message };
  }
  throw new Error('accepted');
}

// TERMS: CNY 100.00 a unit (10000 fen), 2.85 % annual, issued 2 Mar 2026, first coupon 2 Mar 2027 (365 days): 285 fen a coupon.
describe('a DvP priced clean: accrued interest and the cash amount, exact', () => {
  it('ACT/ACT ICMA: 300 units at 99.875 settling 15 Sep 2026 (197 days of 365) pay 3042397 fen', () => {
    // Accrued = 285 × 197/365 = 11229/73 = 153.821918 fen a unit; dirty = 9987.5 + 11229/73;
    // 300 × dirty = 2996250 + 3368700/73 = 3042396.575… → 3042397, rounded once.
    const priced = price({}, { cleanPrice: '99.875', settlementDate: '2026-09-15' }, 300n);
    expect(priced).toEqual({
      cleanPrice: '99.875',
      settlementDate: '2026-09-15',
      accruedPerUnit: '153.821918',
      accruedPerUnitExact: '11229/73',
      exCoupon: false,
      cashAmount: '3042397',
    });
    // Rounding earlier would be wrong: the accrued per unit rounded to the fen (154) gives 3042450, the dirty per unit (10141) 3042300.
    expect([(300n * 101415n) / 10n, 300n * 10141n]).toEqual([3042450n, 3042300n]);
  });

  it('ACT/365: 1000 units at 101.25 settling 15 Jan 2028 (319 days, in a 366-day period) pay 10374082 fen', () => {
    // Accrued = 285 × 319/365 = 18183/73 = 249.082192; 1000 × (10125 + 18183/73) = 10125000 + 249082.19… → 10374082.
    const overrides = { dayCountFraction: 'ACT/365', issueDate: '2027-03-02', maturityDate: '2030-03-02' };
    const priced = price(overrides, { cleanPrice: '101.25', settlementDate: '2028-01-15' }, 1000n);
    expect(priced).toMatchObject({ accruedPerUnitExact: '18183/73', accruedPerUnit: '249.082192', cashAmount: '10374082' });
    // ACT/ACT ICMA counts the same days over the period's 366: 285 × 319/366.
    const icma = price({ ...overrides, dayCountFraction: 'ICMA_ACT/ACT' }, { cleanPrice: '101.25', settlementDate: '2028-01-15' }, 1000n);
    expect(icma.accruedPerUnitExact).toBe(toFraction({ num: 285n * 319n, den: 366n }));
  });

  it('a zero-coupon bond accrues nothing: the cash amount is units × price × face value', () => {
    const zero = { interestType: 'ZERO_COUPON', interestRate: undefined, interestPaymentFrequency: 'NONE', issuePrice: '92.5' };
    const priced = price(zero, { cleanPrice: '95.123456', settlementDate: '2027-06-30' }, 7n);
    // 7 × 10000 × 0.95123456 = 66586.4192 → 66586.
    expect(priced).toMatchObject({ accruedPerUnit: '0.000000', accruedPerUnitExact: '0/1', exCoupon: false, cashAmount: '66586' });
  });

  // The coupon goes to the holder at the end of its record date; a trade settling after it and before the period's end
  // settles ex coupon: the seller keeps the coupon and the buyer is paid the interest from settlement to the period's end,
  // as negative accrued interest (UK gilts' ex-dividend rule, ICMA Rule 251's negative accrued).
  it('ex coupon: settling after the record date, accrued is minus the interest from settlement to the coupon date', () => {
    // Record date 5 business days before the 2 Mar 2027 payment: 23 Feb 2027.
    const exTerms = { recordDateOffset: 5 };
    expect(couponSchedule(terms(exTerms), weekdays)[0]).toMatchObject({ recordDate: '2027-02-23', paymentDate: '2027-03-02' });
    const cum = price(exTerms, { cleanPrice: '100', settlementDate: '2027-02-23' }, 100n);
    // On the record date: cum, 358 of 365 days accrued: 285 × 358/365 = 20406/73.
    expect(cum).toMatchObject({ exCoupon: false, accruedPerUnitExact: '20406/73' });
    const ex = price(exTerms, { cleanPrice: '100', settlementDate: '2027-02-24' }, 100n);
    // A day later: ex, −285 × 6/365 = −342/73 (−4.684932); 100 × (10000 − 342/73) = 999531.506… → 999532.
    expect(ex).toEqual({
      cleanPrice: '100',
      settlementDate: '2027-02-24',
      accruedPerUnit: '-4.684932',
      accruedPerUnitExact: '-342/73',
      exCoupon: true,
      cashAmount: '999532',
    });
    // From the coupon date on, the next period accrues from zero, cum again.
    expect(price(exTerms, { cleanPrice: '100', settlementDate: '2027-03-02' }, 100n)).toMatchObject({
      exCoupon: false,
      accruedPerUnitExact: '0/1',
      cashAmount: '1000000',
    });
  });

  it('refuses a cash amount other than the computed one, naming both', () => {
    const refused = refusal(() => price({}, { cleanPrice: '99.875', settlementDate: '2026-09-15', cashAmount: '3042396' }, 300n));
    expect(refused.code).toBe(ErrorCode.INVALID_ARGUMENT);
    expect(refused.message).toContain('cashAmount 3042396');
    expect(refused.message).toContain('3042397');
    expect(price({}, { cleanPrice: '99.875', settlementDate: '2026-09-15', cashAmount: '3042397' }, 300n).cashAmount).toBe('3042397');
  });

  it.each([
    [{ settlementDate: '2026-09-15' }, 'settlementDate goes with cleanPrice'],
    [{ cleanPrice: '99' }, 'needs a settlementDate'],
    [{ cleanPrice: '99.1234567', settlementDate: '2026-09-15' }, 'cleanPrice must be a percentage'],
    [{ cleanPrice: '99', settlementDate: '2026-02-30' }, 'settlementDate'],
    [{ cleanPrice: '99', settlementDate: '2026-01-04' }, 'before today'],
    [{ cleanPrice: '99', settlementDate: '2031-01-02' }, 'after the instruction expires'],
    [{ cleanPrice: '0', settlementDate: '2026-01-05' }, 'gives no cash'],
    [{ cleanPrice: '99', settlementDate: '2026-09-15', cashAmount: '0' }, 'is not the amount'],
  ])('refuses %j (INVALID_ARGUMENT)', (input, message) => {
    const refused = refusal(() => price({}, input, 10n));
    expect(refused.code).toBe(ErrorCode.INVALID_ARGUMENT);
    expect(refused.message).toContain(message);
  });
});

describe('clean-price properties', () => {
  const t = terms();
  const schedule = couponSchedule(t, weekdays);
  const settlement = fc.integer({ min: 0, max: 3 * 365 }).map((d) => addDays('2026-03-02', d));
  const cleanPrice = fc.integer({ min: 1_000_000, max: 200_000_000 }).map((n) => formatPercent(BigInt(n)));

  it('the cash amount is units × (clean × face + accrued) rounded half up once: within half a fen of the exact amount', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 9n }), fc.integer({ min: 1, max: 200_000_000 }), settlement, (units, priceE6, date) => {
        const accrued = settlementAccrual(t, schedule, date).accrued;
        const dirty = dirtyPerUnit(BigInt(priceE6), 10000n, accrued);
        const cash = dirtyAmount(units, dirty);
        // |cash − units × dirty| ≤ ½, ties up: −den < 2 × (cash × den − units × num) ≤ den (den > 0).
        const twice = 2n * (cash * dirty.den - units * dirty.num);
        expect(twice > -dirty.den && twice <= dirty.den).toBe(true);
      }),
    );
  });

  it('cum coupon the accrued is accruedPerUnit; ex coupon it is that less the coupon, which is minus the interest still to accrue', () => {
    const rt = terms({ recordDateOffset: 10 });
    const rs = couponSchedule(rt, weekdays);
    fc.assert(
      fc.property(settlement, (date) => {
        const { accrued, exCoupon } = settlementAccrual(rt, rs, date);
        const plain = accruedPerUnit(rt, rs, date);
        const period = rs.find((p) => p.accrualStart <= date && date < p.accrualEnd)!;
        expect(exCoupon).toBe(date > period.recordDate);
        const coupon = period.amountPerUnit!;
        const expected = exCoupon ? plain.num * coupon.den - coupon.num * plain.den : plain.num * coupon.den;
        expect(accrued.num * plain.den * coupon.den).toBe(expected * accrued.den);
        // Ex coupon, under ICMA ACT/ACT in a regular period: minus 285 × days to the coupon date / the period's days.
        const days = BigInt(daysBetween(period.accrualStart, period.accrualEnd));
        if (exCoupon) expect(accrued.num * days).toBe(-285n * BigInt(daysBetween(date, period.accrualEnd)) * accrued.den);
      }),
    );
  });

  it('accepts exactly the computed cash amount', () => {
    fc.assert(
      fc.property(cleanPrice, settlement, fc.integer({ min: -2, max: 2 }), (clean, date, delta) => {
        const priced = priceTrade({ cleanPrice: clean, settlementDate: date }, 17n, EXPIRES, t, schedule, '2026-01-05');
        const given = (BigInt(priced.cashAmount) + BigInt(delta)).toString();
        const attempt = () =>
          priceTrade({ cleanPrice: clean, settlementDate: date, cashAmount: given }, 17n, EXPIRES, t, schedule, '2026-01-05');
        if (delta === 0) expect(attempt().cashAmount).toBe(priced.cashAmount);
        else expect(attempt).toThrow(`INVALID_ARGUMENT: cashAmount ${given} is not the amount the clean price gives, ${priced.cashAmount}`);
      }),
    );
  });
});
