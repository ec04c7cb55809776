import fc from 'fast-check';
import { TERMS } from '../../test/support/fixtures';
import { parseBondTerms } from './bond-terms';
import { BusinessCalendar } from './calendar';
import { accruedPerUnit, couponSchedule, holdingPayment, unadjustedCouponDates } from './coupon-schedule';
import { icmaActAct, type Rational, toDecimal, yearFraction } from './day-count';

function eq(r: Rational, num: number, den: number): void {
  expect(r.num * BigInt(den)).toBe(BigInt(num) * r.den);
}

// 30/360 (bond basis) and ACT/360: the ISDA 2006 Definitions §4.16(e),(f) examples with end-of-February
// dates published by ISDA for the 30/360 conventions (also in QuantLib's day-counter test suite).
describe('30/360 bond basis and ACT/360, ISDA end-of-February examples', () => {
  it.each([
    ['2006-08-20', '2007-02-20', 180],
    ['2006-02-28', '2006-08-31', 183], // D2 = 31 stays: D1 is 28
    ['2006-08-31', '2007-02-28', 178], // D1 = 31 → 30
    ['2007-02-28', '2007-08-31', 183],
  ])('30/360 %s → %s = %d/360', (start, end, days) => {
    eq(yearFraction('30/360', start, end), days, 360);
  });

  it('ACT/360 and ACT/365 count actual days, across a leap day', () => {
    eq(yearFraction('ACT/360', '2006-08-31', '2007-02-28'), 181, 360);
    eq(yearFraction('ACT/365', '2008-02-28', '2008-03-01'), 2, 365);
  });
});

// ACT/ACT ICMA: the examples of ISDA's paper "EMU and Market Conventions: Recent Developments" (1998),
// actual/actual section; ISDA's method gives 0.49772438 for the first, ICMA (Rule 251) exactly one half.
describe('ICMA ACT/ACT, ISDA actual/actual paper examples', () => {
  it('regular semi-annual period 1 Nov 2003 – 1 May 2004 is exactly 1/2', () => {
    eq(icmaActAct('2003-11-01', '2004-05-01', [{ start: '2003-11-01', end: '2004-05-01' }], 2), 1, 2);
  });

  it('short first annual period 1 Feb 1999 – 1 Jul 1999 is 150/365', () => {
    const fraction = icmaActAct('1999-02-01', '1999-07-01', [{ start: '1998-07-01', end: '1999-07-01' }], 1);
    eq(fraction, 150, 365);
    expect(toDecimal(fraction, 5)).toBe('0.41096');
  });

  it('long first annual period 1 Feb 1999 – 1 Jul 2000 sums its quasi-coupon periods: 150/365 + 366/366', () => {
    const periods = [
      { start: '1998-07-01', end: '1999-07-01' },
      { start: '1999-07-01', end: '2000-07-01' },
    ];
    expect(toDecimal(icmaActAct('1999-02-01', '2000-07-01', periods, 1), 5)).toBe('1.41096');
  });

  // China interbank, actual/actual by period (QuantLib-users list, "Chinese bond yield", 2016: sourceforge.net/p/quantlib/
  // mailman/message/35231506): quarterly bond 2011-08-15 – 2012-08-15 settling 2012-01-01 has 45 of its current 92-day period left.
  it('China interbank quarterly example: 47 of 92 days accrued on 2012-01-01', () => {
    const period = [{ start: '2011-11-15', end: '2012-02-15' }];
    eq(icmaActAct('2011-11-15', '2012-01-01', period, 4), 47, 4 * 92);
    eq(icmaActAct('2012-01-01', '2012-02-15', period, 4), 45, 4 * 92);
  });
});

describe('coupon schedule', () => {
  const weekdays = new BusinessCalendar([]);

  it('rolls back from maturity in whole periods, each paying face × rate / f', () => {
    const schedule = couponSchedule(parseBondTerms(TERMS), weekdays);
    expect(schedule.map((p) => [p.accrualStart, p.accrualEnd, p.regular])).toEqual([
      ['2026-03-02', '2027-03-02', true],
      ['2027-03-02', '2028-03-02', true],
      ['2028-03-02', '2029-03-02', true],
    ]);
    for (const period of schedule) eq(period.amountPerUnit!, 285, 1); // CNY 100.00 × 2.85 % = 285 fen
  });

  it('keeps month ends when maturity is a month end, through a leap February', () => {
    const dates = unadjustedCouponDates({
      ...parseBondTerms(TERMS),
      interestPaymentFrequency: 'SEMIANNUALLY',
      issueDate: '2023-02-28',
      maturityDate: '2024-08-31',
    });
    expect(dates).toEqual(['2023-08-31', '2024-02-29', '2024-08-31']);
  });

  it('gives an off-cycle issue a short first period measured against its notional period', () => {
    const terms = parseBondTerms({ ...TERMS, issueDate: '2026-04-15' });
    const [first] = couponSchedule(terms, weekdays);
    expect(first).toMatchObject({ accrualStart: '2026-04-15', accrualEnd: '2027-03-02', regular: false });
    eq(first!.yearFraction, 321, 365);
    expect(toDecimal(first!.amountPerUnit!, 4)).toBe('250.6438'); // 10000 × 2.85 % × 321/365
  });

  it('adjusts payment dates on the China interbank calendar and sets record dates in business days', () => {
    // 2027-03-02 is a Tuesday; make it a holiday and the Saturday before it a working day.
    const cal = new BusinessCalendar([
      { calendarId: 'CN-IB', year: 2027, holidays: ['2027-03-02', '2027-03-01'], workingWeekends: ['2027-02-27'] },
    ]);
    const [first] = couponSchedule(parseBondTerms({ ...TERMS, recordDateOffset: 1 }), cal);
    expect(first).toMatchObject({ accrualEnd: '2027-03-02', paymentDate: '2027-03-03', recordDate: '2027-02-27' });
  });

  it('accrues interest linearly within a regular ICMA period', () => {
    const terms = parseBondTerms(TERMS);
    const schedule = couponSchedule(terms, weekdays);
    eq(accruedPerUnit(terms, schedule, '2026-03-02'), 0, 1);
    // 2026-03-02 → 2026-09-01 is 183 of 365 days: 285 × 183/365.
    eq(accruedPerUnit(terms, schedule, '2026-09-01'), 285 * 183, 365);
  });
});

describe('per-holding rounding (property)', () => {
  it('rounds each holding once, half up; the sum differs from the exact total by at most half a minor unit per holding', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 1, max: 400 }),
        (units, num, den) => {
          const perUnit = { num: BigInt(num), den: BigInt(den) };
          const paid = units.reduce((sum, u) => sum + holdingPayment(BigInt(u), perUnit), 0n);
          const exactTimes2Den = units.reduce((sum, u) => sum + BigInt(u), 0n) * perUnit.num * 2n;
          const deviation = paid * 2n * perUnit.den - exactTimes2Den; // (paid − exact) · 2·den
          const bound = BigInt(units.length) * perUnit.den;
          expect(deviation <= bound && deviation >= -bound).toBe(true);
        },
      ),
    );
  });

  it('rounds half up', () => {
    expect(holdingPayment(1n, { num: 5n, den: 2n })).toBe(3n);
    expect(holdingPayment(1n, { num: 7n, den: 3n })).toBe(2n);
  });
});
