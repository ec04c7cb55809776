import fc from 'fast-check';
import { DayCountFraction } from '../api/bonds';
import { addMonths, fromEpochDay, toEpochDay } from './dates';
import { add, type Rational, toDecimal, toFraction, yearFraction } from './day-count';

function eq(r: Rational, num: number, den: number): void {
  expect(r.num * BigInt(den)).toBe(BigInt(num) * r.den);
}

function same(a: Rational, b: Rational): boolean {
  return a.num * b.den === b.num * a.den;
}

// 30E/360 (Eurobond basis), 2006 ISDA Definitions §4.16(g): ISDA's worked examples for the 30/360 conventions of the
// 2006 Definitions (isda.org, "30-360-2006ISDADefs.xls"), sheet 30E/360, Examples 1-3 (day counts D; fraction D/360).
describe('30E/360 Eurobond basis, ISDA 2006 Definitions §4.16(g) worked examples', () => {
  it.each([
    // Example 1: end dates do not involve the last day of February
    ['2006-08-20', '2007-02-20', 180],
    ['2007-02-20', '2007-08-20', 180],
    ['2007-08-20', '2008-02-20', 180],
    ['2008-02-20', '2008-08-20', 180],
    ['2008-08-20', '2009-02-20', 180],
    ['2009-02-20', '2009-08-20', 180],
    // Example 2: end dates include some end-February dates
    ['2006-02-28', '2006-08-31', 182],
    ['2006-08-31', '2007-02-28', 178],
    ['2007-02-28', '2007-08-31', 182],
    ['2007-08-31', '2008-02-29', 179],
    ['2008-02-29', '2008-08-31', 181],
    ['2008-08-31', '2009-02-28', 178],
    ['2009-02-28', '2009-08-31', 182],
    ['2009-08-31', '2010-02-28', 178],
    ['2010-02-28', '2010-08-31', 182],
    ['2010-08-31', '2011-02-28', 178],
    ['2011-02-28', '2011-08-31', 182],
    ['2011-08-31', '2012-02-29', 179],
    // Example 3: miscellaneous calculations
    ['2006-01-31', '2006-02-28', 28],
    ['2006-01-30', '2006-02-28', 28],
    ['2006-02-28', '2006-03-03', 5],
    ['2006-02-14', '2006-02-28', 14],
    ['2006-09-30', '2006-10-31', 30],
    ['2006-10-31', '2006-11-28', 28],
    ['2007-08-31', '2008-02-28', 178],
    ['2008-02-28', '2008-08-28', 180],
    ['2008-02-28', '2008-08-30', 182],
    ['2008-02-28', '2008-08-31', 182], // D2 = 31 → 30 although D1 is 28: where 30/360 bond basis gives 183
    ['2007-02-26', '2008-02-28', 362],
    ['2007-02-26', '2008-02-29', 363],
    ['2008-02-29', '2009-02-28', 359],
    ['2008-02-28', '2008-03-30', 32],
    ['2008-02-28', '2008-03-31', 32], // 30/360 bond basis: 33
  ])('%s → %s = %d/360', (start, end, days) => {
    eq(yearFraction('30E/360', start, end), days, 360);
  });

  it('differs from 30/360 bond basis only when D2 = 31 and D1 < 30', () => {
    eq(yearFraction('30/360', '2008-02-28', '2008-08-31'), 183, 360);
    eq(yearFraction('30/360', '2008-02-28', '2008-03-31'), 33, 360);
  });
});

// ACT/ACT ISDA, 2006 ISDA Definitions §4.16(b): days in a non-leap year / 365 + days in a leap year / 366. Worked examples:
// ISDA, "EMU and Market Conventions: Recent Developments" (1998), the actual/actual section, results under "ISDA".
describe('ACT/ACT ISDA, ISDA "EMU and Market Conventions" (1998) examples', () => {
  it.each([
    // regular semi-annual period: 61/365 + 121/366
    ['2003-11-01', '2004-05-01', 61 * 366 + 121 * 365, '0.49772438'],
    // short first calculation period (first period): 150/365
    ['1999-02-01', '1999-07-01', 150 * 366, '0.41095890'],
    // short first calculation period (second period): 184/365 + 182/366
    ['1999-07-01', '2000-07-01', 184 * 366 + 182 * 365, '1.00137735'],
    // long first calculation period (first period): 334/365
    ['2002-08-15', '2003-07-15', 334 * 366, '0.91506849'],
    // short final calculation period (penultimate period): 155/365 + 29/366
    ['1999-07-30', '2000-01-30', 155 * 366 + 29 * 365, '0.50389251'],
    // short final calculation period (final period): 152/366
    ['2000-01-30', '2000-06-30', 152 * 365, '0.41530055'],
  ])('%s → %s', (start, end, num, decimal) => {
    const fraction = yearFraction('ISDA_ACT/ACT', start, end);
    eq(fraction, num, 365 * 366);
    expect(toDecimal(fraction, 8)).toBe(decimal);
  });

  it('a whole calendar year is exactly 1, leap or not', () => {
    expect(toFraction(yearFraction('ISDA_ACT/ACT', '2024-01-01', '2025-01-01'))).toBe('1/1');
    expect(toFraction(yearFraction('ISDA_ACT/ACT', '2023-01-01', '2024-01-01'))).toBe('1/1');
  });
});

// ACT/365 No-Leap (NL/365; ISO 20022 day-count code A014): actual days, not counting 29 February, over 365 — the
// convention of Chinese exchange-market bonds, whose interest does not accrue on 29 February. Constructed from the
// definition: a 29 February in (start, end] is left out.
describe('NL/365, examples constructed from the definition, straddling 29 February', () => {
  it.each([
    ['2024-02-28', '2024-03-01', 1], // 2 actual days, one of them 29 February
    ['2024-02-28', '2024-02-29', 0], // the leap day accrues nothing
    ['2024-02-29', '2024-03-01', 1],
    ['2024-01-01', '2024-02-29', 58],
    ['2024-02-29', '2024-03-31', 31],
    ['2024-01-01', '2024-03-31', 89], // = 58 + 31: additive across the leap day
    ['2023-03-01', '2024-03-01', 365], // a year containing 29 February 2024 is exactly one year
    ['2023-06-30', '2024-06-30', 365],
    ['2023-02-28', '2023-03-01', 1], // no leap day in a common year
    ['2020-02-15', '2028-02-15', 8 * 365], // 29 Feb 2020 and 2024 left out; 29 Feb 2028 is after the end
    ['2099-12-31', '2101-01-01', 366], // 2100 is not a leap year: no day left out
  ])('%s → %s = %d/365', (start, end, days) => {
    eq(yearFraction('NL/365', start, end), days, 365);
  });

  it('differs from ACT/365 (fixed) exactly by the leap days it skips', () => {
    eq(yearFraction('ACT/365', '2023-03-01', '2024-03-01'), 366, 365);
    eq(yearFraction('NL/365', '2023-03-01', '2024-03-01'), 1, 1);
  });
});

const epochDay = fc.integer({ min: toEpochDay('1950-01-01'), max: toEpochDay('2150-12-31') });
/** Two dates in order. */
const ordered = fc
  .tuple(epochDay, epochDay)
  .map(([a, b]): [string, string] => [fromEpochDay(Math.min(a, b)), fromEpochDay(Math.max(a, b))]);
/** Three dates in order. */
const ordered3 = fc
  .tuple(epochDay, epochDay, epochDay)
  .map((days) => days.sort((x, y) => x - y).map(fromEpochDay) as [string, string, string]);

/** The denominator each convention's fractions are over: exact rationals, never floats. */
const BASE: Record<Exclude<DayCountFraction, 'ICMA_ACT/ACT'>, bigint> = {
  'ACT/360': 360n,
  'ACT/365': 365n,
  'NL/365': 365n,
  '30/360': 360n,
  '30E/360': 360n,
  'ISDA_ACT/ACT': 365n * 366n,
};

describe('day-count properties', () => {
  it('every convention gives a non-negative exact rational over its base for dates in order', () => {
    fc.assert(
      fc.property(ordered, fc.constantFrom(...(Object.keys(BASE) as (keyof typeof BASE)[])), ([start, end], convention) => {
        const fraction = yearFraction(convention, start, end);
        expect(typeof fraction.num).toBe('bigint');
        expect(fraction.den).toBe(BASE[convention]);
        expect(fraction.num >= 0n).toBe(true);
      }),
    );
  });

  it('ACT/ACT ISDA and NL/365 are additive: f(a, c) = f(a, b) + f(b, c), exactly', () => {
    fc.assert(
      fc.property(ordered3, fc.constantFrom('ISDA_ACT/ACT', 'NL/365', 'ACT/365', 'ACT/360'), ([a, b, c], convention) => {
        expect(same(yearFraction(convention, a, c), add(yearFraction(convention, a, b), yearFraction(convention, b, c)))).toBe(true);
      }),
    );
  });

  it('ACT/ACT ISDA splits at year boundaries: the sum of each year’s days over its own length', () => {
    fc.assert(
      fc.property(ordered, ([start, end]) => {
        let expected: Rational = { num: 0n, den: 1n };
        let from = start;
        while (from < end) {
          const year = Number(from.slice(0, 4));
          const next = `${String(year + 1).padStart(4, '0')}-01-01`;
          const to = next < end ? next : end;
          const yearLength = toEpochDay(next) - toEpochDay(`${from.slice(0, 4)}-01-01`);
          expected = add(expected, { num: BigInt(toEpochDay(to) - toEpochDay(from)), den: BigInt(yearLength) });
          from = to;
        }
        expect(same(yearFraction('ISDA_ACT/ACT', start, end), expected)).toBe(true);
      }),
    );
  });

  it('NL/365 counts every anniversary (not of 29 February) as exactly n years', () => {
    fc.assert(
      fc.property(epochDay, fc.integer({ min: 0, max: 40 }), (day, years) => {
        const start = fromEpochDay(day);
        fc.pre(!start.endsWith('-02-29'));
        eq(yearFraction('NL/365', start, addMonths(start, 12 * years)), years, 1);
      }),
    );
  });
});
