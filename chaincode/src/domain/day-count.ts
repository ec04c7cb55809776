/**
 * Day-count fractions as exact rationals (bigint numerator/denominator), so
 * interest is computed without rounding until the one documented rounding
 * of an amount to the minor unit.
 *
 * - ACT/360, ACT/365 (fixed): actual days / 360 or 365.
 * - 30/360 (bond basis, ISDA 2006 §4.16(f)): [360·ΔY + 30·ΔM + ΔD] / 360 after
 *   D1 = 31 → 30, and D2 = 31 → 30 when D1 is 30 or 31.
 * - 30E/360 (Eurobond basis, ISDA 2006 §4.16(g)): the same formula after
 *   D1 = 31 → 30 and D2 = 31 → 30, unconditionally.
 * - ACT/ACT ISDA (ISDA 2006 §4.16(b)): days falling in non-leap years / 365
 *   + days falling in leap years / 366 (each day counted in [start, end)).
 * - NL/365 (ACT/365 No-Leap): actual days less the 29 Februaries in
 *   (start, end], over 365 — the leap day accrues nothing.
 * - ICMA ACT/ACT (ICMA Rule 251): within a reference (quasi-coupon) period
 *   [S, E) of a bond paying f coupons a year, days / (f · (E − S)); a period
 *   spanning several reference periods sums its parts. The China interbank
 *   market's actual/actual-by-period convention is the same for a period.
 */
import { DayCountFraction } from '../api/bonds';
import { daysBetween, isLeapYear, parseYmd } from './dates';

export interface Rational {
  num: bigint;
  den: bigint;
}

export const ZERO: Rational = { num: 0n, den: 1n };

export function add(a: Rational, b: Rational): Rational {
  return { num: a.num * b.den + b.num * a.den, den: a.den * b.den };
}

/** A period [start, end) of the reference (quasi-coupon) schedule. */
export interface ReferencePeriod {
  start: string;
  end: string;
}

function thirty360(start: string, end: string): Rational {
  const a = parseYmd(start);
  const b = parseYmd(end);
  if (!a || !b) throw new RangeError('not a date');
  const d1 = a.day === 31 ? 30 : a.day;
  const d2 = b.day === 31 && d1 === 30 ? 30 : b.day;
  return { num: BigInt(360 * (b.year - a.year) + 30 * (b.month - a.month) + (d2 - d1)), den: 360n };
}

function thirtyE360(start: string, end: string): Rational {
  const a = parseYmd(start);
  const b = parseYmd(end);
  if (!a || !b) throw new RangeError('not a date');
  const d1 = Math.min(a.day, 30);
  const d2 = Math.min(b.day, 30);
  return { num: BigInt(360 * (b.year - a.year) + 30 * (b.month - a.month) + (d2 - d1)), den: 360n };
}

function yearOf(date: string): number {
  const ymd = parseYmd(date);
  if (!ymd) throw new RangeError(`not a date: ${date}`);
  return ymd.year;
}

const pad4 = (year: number): string => String(year).padStart(4, '0');

/** ACT/ACT ISDA over [start, end): each year's days over that year's length, summed exactly (denominator 365 · 366). */
function actActIsda(start: string, end: string): Rational {
  if (end < start) return negate(actActIsda(end, start));
  let leapDays = 0;
  let otherDays = 0;
  for (let year = yearOf(start); year <= yearOf(end); year++) {
    const from = year === yearOf(start) ? start : `${pad4(year)}-01-01`;
    const to = year === yearOf(end) ? end : `${pad4(year + 1)}-01-01`;
    if (isLeapYear(year)) leapDays += daysBetween(from, to);
    else otherDays += daysBetween(from, to);
  }
  return { num: BigInt(otherDays) * 366n + BigInt(leapDays) * 365n, den: 365n * 366n };
}

/** NL/365: actual days less each 29 February in (start, end], over 365. */
function noLeap365(start: string, end: string): Rational {
  if (end < start) return negate(noLeap365(end, start));
  let leapDays = 0;
  for (let year = yearOf(start); year <= yearOf(end); year++) {
    const leapDay = `${pad4(year)}-02-29`;
    if (isLeapYear(year) && start < leapDay && leapDay <= end) leapDays++;
  }
  return { num: BigInt(daysBetween(start, end) - leapDays), den: 365n };
}

function negate(value: Rational): Rational {
  return { num: -value.num, den: value.den };
}

/**
 * ICMA ACT/ACT for [start, end), given the reference periods covering it and
 * the coupon frequency f: Σ overlap days / (f · reference period length).
 */
export function icmaActAct(start: string, end: string, referencePeriods: readonly ReferencePeriod[], frequency: number): Rational {
  let total = ZERO;
  for (const period of referencePeriods) {
    const from = start > period.start ? start : period.start;
    const to = end < period.end ? end : period.end;
    const overlap = daysBetween(from, to);
    if (overlap > 0) total = add(total, { num: BigInt(overlap), den: BigInt(frequency * daysBetween(period.start, period.end)) });
  }
  return total;
}

/**
 * The fraction of a year from `start` to `end` under `convention`.
 * ICMA ACT/ACT needs the reference periods and frequency; the others ignore them.
 */
export function yearFraction(
  convention: DayCountFraction,
  start: string,
  end: string,
  reference: { periods: readonly ReferencePeriod[]; frequency: number } = { periods: [], frequency: 1 },
): Rational {
  switch (convention) {
    case DayCountFraction.ACT_360:
      return { num: BigInt(daysBetween(start, end)), den: 360n };
    case DayCountFraction.ACT_365_FIXED:
      return { num: BigInt(daysBetween(start, end)), den: 365n };
    case DayCountFraction.THIRTY_360:
      return thirty360(start, end);
    case DayCountFraction.THIRTY_E_360:
      return thirtyE360(start, end);
    case DayCountFraction.ACT_ACT_ISDA:
      return actActIsda(start, end);
    case DayCountFraction.NL_365:
      return noLeap365(start, end);
    case DayCountFraction.ACT_ACT_ICMA:
      return icmaActAct(start, end, reference.periods, reference.frequency);
  }
}

/** A rational rounded to `places` decimal places (half up, away from zero when negative), as a decimal string. For display only. */
export function toDecimal(value: Rational, places: number): string {
  const negative = value.num < 0n !== value.den < 0n && value.num !== 0n;
  const [num, den] = [value.num < 0n ? -value.num : value.num, value.den < 0n ? -value.den : value.den];
  const scale = 10n ** BigInt(places);
  const scaled = (num * scale * 2n + den) / (2n * den);
  const text = scaled.toString().padStart(places + 1, '0');
  const digits = places === 0 ? text : `${text.slice(0, -places)}.${text.slice(-places)}`;
  return negative && scaled !== 0n ? `-${digits}` : digits;
}

function gcd(a: bigint, b: bigint): bigint {
  let [x, y] = [a < 0n ? -a : a, b < 0n ? -b : b];
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** The rational toFraction wrote ("numerator/denominator"). */
export function fromFraction(text: string): Rational {
  const match = /^(-?[0-9]+)\/([1-9][0-9]*)$/.exec(text);
  if (!match) throw new TypeError(`${text} is not a fraction`);
  return { num: BigInt(match[1] ?? '0'), den: BigInt(match[2] ?? '1') };
}

/** A rational exactly, in lowest terms, as "numerator/denominator" (e.g. "1069893/3650", "285/1"). */
export function toFraction(value: Rational): string {
  const divisor = gcd(value.num, value.den) || 1n;
  const sign = value.den < 0n ? -1n : 1n;
  return `${(sign * value.num) / divisor}/${(sign * value.den) / divisor}`;
}
