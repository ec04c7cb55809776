import fc from 'fast-check';
import type { BondTermsRequest } from '../api/bonds';
import { ErrorCode } from '../api/errors';
import { TERMS } from '../../test/support/fixtures';
import { parseBondTerms } from './bond-terms';
import { BusinessCalendar } from './calendar';
import { accruedPerUnit, couponGrid, couponSchedule, gridDate, unadjustedCouponDates } from './coupon-schedule';
import { addDays, daysInMonth, fromEpochDay, parseYmd, toEpochDay } from './dates';
import { add, icmaActAct, type Rational, toDecimal, yearFraction, ZERO } from './day-count';

const weekdays = new BusinessCalendar([]);

function eq(r: Rational, num: number, den: number): void {
  expect(r.num * BigInt(den)).toBe(BigInt(num) * r.den);
}

function same(a: Rational, b: Rational): boolean {
  return a.num * b.den === b.num * a.den;
}

function terms(overrides: Record<string, unknown>): BondTermsRequest {
  return parseBondTerms({ ...TERMS, ...overrides });
}

function schedule(overrides: Record<string, unknown>) {
  return couponSchedule(terms(overrides), weekdays);
}

function refusal(overrides: Record<string, unknown>): string {
  try {
    terms(overrides);
  } catch (e) {
    expect((e as { code?: string }).code).toBe(ErrorCode.INVALID_ARGUMENT);
    return (e as Error).message;
  }
  throw new Error('accepted');
}

// ACT/ACT ICMA (ICMA Rule 251) for irregular first and last periods, by the quasi-coupon rule. The published worked
// examples are those of ISDA's "EMU and Market Conventions: Recent Developments" (1998), actual/actual section, under
// "ISMA" (now ICMA, Rule 251): short first, long first and short final calculation periods. The paper gives no long
// final period; that example is constructed from Rule 251's definition (quasi-coupon periods rolled forward from the
// penultimate coupon date) and marked as such.
describe('stub periods, ICMA Rule 251 worked examples', () => {
  it('short first period: annual, issued 1 Feb 1999, first coupon 1 Jul 1999 = 150/365 (0.41095890), then 1', () => {
    const named = schedule({
      interestPaymentFrequency: 'ANNUALLY',
      issueDate: '1999-02-01',
      firstCouponDate: '1999-07-01',
      maturityDate: '2002-07-01',
    });
    expect(named[0]).toMatchObject({
      accrualStart: '1999-02-01',
      accrualEnd: '1999-07-01',
      regular: false,
      referencePeriods: [{ start: '1998-07-01', end: '1999-07-01' }],
    });
    eq(named[0]!.yearFraction, 150, 365);
    expect(toDecimal(named[0]!.yearFraction, 8)).toBe('0.41095890');
    expect(named[1]).toMatchObject({ accrualStart: '1999-07-01', accrualEnd: '2000-07-01', regular: true });
    eq(named[1]!.yearFraction, 1, 1);
    // The same first coupon date is the one the schedule rolls back to without it.
    expect(schedule({ interestPaymentFrequency: 'ANNUALLY', issueDate: '1999-02-01', maturityDate: '2002-07-01' })).toEqual(named);
  });

  it('long first period: semi-annual, issued 15 Aug 2002, first coupon 15 Jul 2003 = 153/368 + 181/362 (0.91576087), then 1/2', () => {
    const [first, second] = schedule({
      interestPaymentFrequency: 'SEMIANNUALLY',
      issueDate: '2002-08-15',
      firstCouponDate: '2003-07-15',
      maturityDate: '2005-07-15',
    });
    expect(first).toMatchObject({
      accrualStart: '2002-08-15',
      accrualEnd: '2003-07-15',
      regular: false,
      referencePeriods: [
        { start: '2002-07-15', end: '2003-01-15' },
        { start: '2003-01-15', end: '2003-07-15' },
      ],
    });
    expect(same(first!.yearFraction, add({ num: 153n, den: 368n }, { num: 181n, den: 362n }))).toBe(true);
    expect(toDecimal(first!.yearFraction, 8)).toBe('0.91576087');
    expect(second).toMatchObject({ accrualStart: '2003-07-15', accrualEnd: '2004-01-15', regular: true });
    eq(second!.yearFraction, 1, 2);
  });

  it('short final period: semi-annual, penultimate coupon 30 Jan 2000, maturity 30 Jun 2000 = 152/364 (0.41758242), after 1/2', () => {
    const periods = schedule({
      interestPaymentFrequency: 'SEMIANNUALLY',
      issueDate: '1999-07-30',
      penultimateCouponDate: '2000-01-30',
      maturityDate: '2000-06-30',
    });
    expect(periods.map((p) => [p.accrualStart, p.accrualEnd, p.regular])).toEqual([
      ['1999-07-30', '2000-01-30', true],
      ['2000-01-30', '2000-06-30', false],
    ]);
    eq(periods[0]!.yearFraction, 1, 2);
    expect(periods[1]!.referencePeriods).toEqual([{ start: '2000-01-30', end: '2000-07-30' }]);
    eq(periods[1]!.yearFraction, 152, 364);
    expect(toDecimal(periods[1]!.yearFraction, 8)).toBe('0.41758242');
  });

  it('long final period (constructed from Rule 251): penultimate 30 Jan 2000, maturity 30 Sep 2000 = 182/364 + 62/368', () => {
    const periods = schedule({
      interestPaymentFrequency: 'SEMIANNUALLY',
      issueDate: '1999-07-30',
      penultimateCouponDate: '2000-01-30',
      maturityDate: '2000-09-30',
    });
    const last = periods[periods.length - 1]!;
    expect(last).toMatchObject({
      accrualStart: '2000-01-30',
      accrualEnd: '2000-09-30',
      regular: false,
      referencePeriods: [
        { start: '2000-01-30', end: '2000-07-30' },
        { start: '2000-07-30', end: '2001-01-30' },
      ],
    });
    eq(last.yearFraction, 2 * 184 + 2 * 62, 2 * 2 * 184); // 1/2 + 62/368
    expect(toDecimal(last.yearFraction, 8)).toBe('0.66847826');
  });

  it('pays the long first coupon as face × rate × fraction, and accrues it quasi-period by quasi-period', () => {
    const bond = terms({
      interestPaymentFrequency: 'SEMIANNUALLY',
      issueDate: '2002-08-15',
      firstCouponDate: '2003-07-15',
      maturityDate: '2005-07-15',
    });
    const periods = couponSchedule(bond, weekdays);
    // CNY 100.00 at 2.85 %: 285 fen a year.
    expect(same(periods[0]!.amountPerUnit!, { num: 285n * periods[0]!.yearFraction.num, den: periods[0]!.yearFraction.den })).toBe(true);
    eq(accruedPerUnit(bond, periods, '2003-01-15'), 285 * 153, 368);
    expect(same(accruedPerUnit(bond, periods, '2003-04-15'), add({ num: 285n * 153n, den: 368n }, { num: 285n * 90n, den: 362n }))).toBe(
      true,
    );
  });

  it('other conventions count the stub period itself: 30E/360 long first period 15 Aug 2002 – 15 Jul 2003 = 330/360', () => {
    const [first] = schedule({
      dayCountFraction: '30E/360',
      interestPaymentFrequency: 'SEMIANNUALLY',
      issueDate: '2002-08-15',
      firstCouponDate: '2003-07-15',
      maturityDate: '2005-07-15',
    });
    eq(first!.yearFraction, 330, 360);
  });

  it('rolls the regular dates back from the penultimate date, and both stubs can be named together', () => {
    const bond = terms({
      interestPaymentFrequency: 'QUARTERLY',
      issueDate: '2026-01-10',
      firstCouponDate: '2026-05-20',
      penultimateCouponDate: '2027-02-20',
      maturityDate: '2027-04-30',
    });
    expect(unadjustedCouponDates(bond)).toEqual(['2026-05-20', '2026-08-20', '2026-11-20', '2027-02-20', '2027-04-30']);
    const periods = couponSchedule(bond, weekdays);
    expect(periods.map((p) => p.regular)).toEqual([false, true, true, true, false]);
  });

  it('a call date may be a stub schedule coupon date', () => {
    const bond = terms({
      interestPaymentFrequency: 'SEMIANNUALLY',
      issueDate: '2002-08-15',
      firstCouponDate: '2003-07-15',
      maturityDate: '2005-07-15',
      callSchedule: [{ date: '2003-07-15', price: '100' }],
    });
    expect(bond.callSchedule).toEqual([{ date: '2003-07-15', price: '100' }]);
  });

  it('measures a regular period against itself where the grid clamps to the end of February', () => {
    // Semi-annual to 30 Aug 2030: the grid has 28 Feb 2030 and 30 Aug 2029, a regular period of exactly 1/2.
    const periods = schedule({ interestPaymentFrequency: 'SEMIANNUALLY', issueDate: '2029-08-30', maturityDate: '2030-08-30' });
    expect(periods.map((p) => [p.accrualStart, p.accrualEnd, p.regular])).toEqual([
      ['2029-08-30', '2030-02-28', true],
      ['2030-02-28', '2030-08-30', true],
    ]);
    for (const p of periods) eq(p.yearFraction, 1, 2);
  });
});

describe('stub date validation', () => {
  const semi = { interestPaymentFrequency: 'SEMIANNUALLY', issueDate: '2002-08-15', maturityDate: '2005-07-15' };

  it.each([
    [
      { ...semi, firstCouponDate: '2003-07-16' },
      /firstCouponDate must be on or before maturityDate on its coupon grid \(a whole number of 6-month periods before 2005-07-15\)/,
    ],
    [{ ...semi, firstCouponDate: '2002-08-15' }, /firstCouponDate must fall after the issue date/],
    [{ ...semi, firstCouponDate: '2005-07-15' }, /firstCouponDate must fall after the issue date and before maturity/],
    [{ ...semi, firstCouponDate: '2004-01-15', issueDate: '2002-12-01' }, /at most two regular periods: .* on or after 2003-01-15/],
    [{ ...semi, penultimateCouponDate: '2005-07-15' }, /penultimateCouponDate must fall after the issue date and before maturity/],
    [{ ...semi, penultimateCouponDate: '2002-08-15' }, /penultimateCouponDate must fall after the issue date/],
    [
      { ...semi, penultimateCouponDate: '2004-07-14' },
      /last period may be at most two regular periods: maturityDate must be on or before 2005-07-14/,
    ],
    [{ ...semi, penultimateCouponDate: '2004-10-01', firstCouponDate: '2004-10-15' }, /on or before penultimateCouponDate/],
    [{ ...semi, firstCouponDate: '2003-02-30' }, /firstCouponDate must be a date/],
    [
      { interestType: 'ZERO_COUPON', interestRate: undefined, interestPaymentFrequency: 'NONE', firstCouponDate: '2027-03-02' },
      /zero-coupon bond has no coupon dates/,
    ],
  ])('refuses %j', (overrides, message) => {
    expect(refusal(overrides)).toMatch(message);
  });

  it('records the dates it accepts, and nothing when none is given', () => {
    expect(terms({ ...semi, firstCouponDate: '2003-07-15', penultimateCouponDate: '2005-01-15' })).toMatchObject({
      firstCouponDate: '2003-07-15',
      penultimateCouponDate: '2005-01-15',
    });
    const plain = terms(semi);
    expect(plain.firstCouponDate).toBeUndefined();
    expect(plain.penultimateCouponDate).toBeUndefined();
  });
});

const FREQUENCIES = [
  { name: 'ANNUALLY', f: 1 },
  { name: 'SEMIANNUALLY', f: 2 },
  { name: 'QUARTERLY', f: 4 },
] as const;

function isMonthEnd(date: string): boolean {
  const ymd = parseYmd(date)!;
  return ymd.day === daysInMonth(ymd.year, ymd.month);
}

/** Terms with random stubs that the validation must accept: first and last periods of up to two regular periods. */
const stubTerms = fc
  .record({
    frequency: fc.constantFrom(...FREQUENCIES),
    anchor: fc.integer({ min: toEpochDay('2030-01-01'), max: toEpochDay('2060-12-31') }),
    lastDays: fc.option(fc.integer({ min: 1, max: 56 }), { nil: undefined }),
    regularPeriods: fc.integer({ min: 0, max: 6 }),
    firstDays: fc.integer({ min: 1, max: 56 }),
    nameFirst: fc.boolean(),
    dayCountFraction: fc.constantFrom('ICMA_ACT/ACT', 'ISDA_ACT/ACT', 'NL/365', 'ACT/365', 'ACT/360', '30/360', '30E/360'),
  })
  .map(({ frequency: { name, f }, anchor, lastDays, regularPeriods, firstDays, nameFirst, dayCountFraction }) => {
    const months = 12 / f;
    const anchorDate = fromEpochDay(anchor);
    // A regular period has at least 28 · (12/f) days, so a last period of up to 56 · (12/f) days is at most two of them.
    const penultimateCouponDate = lastDays === undefined ? undefined : anchorDate;
    const maturityDate = lastDays === undefined ? anchorDate : addDays(anchorDate, lastDays * months);
    const grid = couponGrid({ interestPaymentFrequency: name, maturityDate, penultimateCouponDate });
    const firstCoupon = gridDate(grid, regularPeriods);
    // Named (before maturity): a first period of up to two regular periods; rolled back: up to one.
    const named = nameFirst && firstCoupon < maturityDate;
    const issueDate = addDays(firstCoupon, -Math.ceil((firstDays * months) / (named ? 1 : 2)));
    return {
      frequency: f,
      overrides: {
        interestPaymentFrequency: name,
        dayCountFraction,
        issueDate,
        maturityDate,
        ...(penultimateCouponDate === undefined ? {} : { penultimateCouponDate }),
        ...(named ? { firstCouponDate: firstCoupon } : {}),
      },
    };
  });

describe('stub period properties', () => {
  it('the periods run from issue to maturity without gaps, regular ones exactly 1/f under ICMA, stubs above 0 and at most 2/f', () => {
    fc.assert(
      fc.property(stubTerms, ({ frequency, overrides }) => {
        const bond = terms(overrides);
        const periods = couponSchedule(bond, weekdays);
        expect(periods[0]!.accrualStart).toBe(bond.issueDate);
        expect(periods[periods.length - 1]!.accrualEnd).toBe(bond.maturityDate);
        expect(periods.slice(1).map((p) => p.accrualStart)).toEqual(periods.slice(0, -1).map((p) => p.accrualEnd));
        let total = ZERO;
        for (const p of periods) {
          const icma = icmaActAct(p.accrualStart, p.accrualEnd, p.referencePeriods, frequency);
          if (p.regular) eq(icma, 1, frequency);
          expect(icma.num > 0n && icma.num * BigInt(frequency) <= 2n * icma.den).toBe(true);
          total = add(total, p.yearFraction);
        }
        // Additive conventions: the periods' fractions sum to the whole life's.
        if (['ISDA_ACT/ACT', 'NL/365', 'ACT/365', 'ACT/360'].includes(bond.dayCountFraction)) {
          expect(same(total, yearFraction(bond.dayCountFraction, bond.issueDate, bond.maturityDate))).toBe(true);
        }
      }),
    );
  });

  it('naming the first and penultimate coupon dates the schedule already has changes nothing', () => {
    fc.assert(
      fc.property(stubTerms, ({ overrides }) => {
        const plain: Record<string, unknown> = { ...overrides };
        delete plain.firstCouponDate;
        delete plain.penultimateCouponDate;
        const bond = terms(plain);
        const expected = couponSchedule(bond, weekdays);
        const dates = unadjustedCouponDates(bond);
        fc.pre(dates.length >= 2);
        expect(couponSchedule(terms({ ...plain, firstCouponDate: dates[0] }), weekdays)).toEqual(expected);
        const penultimate = dates[dates.length - 2];
        // The grid keeps month ends when its anchor is one; a penultimate date agrees with maturity's grid when both are, or neither.
        if (penultimate !== undefined && isMonthEnd(penultimate) === isMonthEnd(bond.maturityDate)) {
          expect(couponSchedule(terms({ ...plain, penultimateCouponDate: penultimate }), weekdays)).toEqual(expected);
        }
      }),
    );
  });
});
