/**
 * Floating-rate notes: the terms of the rate, when each period's fixing is
 * taken, and the period rate it gives. Pure; the caller supplies the
 * calendar and the fixings.
 *
 * - **Fixing date.** `fixingLagBusinessDays` business days before the
 *   period's accrual start on the bond's calendar (lag 0: the start, or the
 *   business day before it when the start is not one).
 * - **Period rate.** fixing + spread, raised to the floor and lowered to the
 *   cap, and never below zero: a coupon is never negative.
 * - **Fixings.** One per reference rate and date, published by the CSD or
 *   a benchmark administrator on or after that date; a second publication
 *   is refused (ALREADY_EXISTS).
 */
import { ReferenceRate } from '../api/benchmarks';
import type { FloatingRateTerms, InterestType } from '../api/bonds';
import { ChaincodeError, ErrorCode } from '../api/errors';
import type { BusinessCalendar } from './calendar';
import { requireDate } from './dates';
import { formatPercent, parsePercent, parseSignedPercent } from './decimal';
import { invalid } from './validation';

/** Longest fixing lag, business days. */
export const MAX_FIXING_LAG = 10;

export function requireReferenceRate(value: unknown, field = 'referenceRate'): ReferenceRate {
  const rates: readonly string[] = Object.values(ReferenceRate);
  if (typeof value !== 'string' || !rates.includes(value)) throw invalid(`${field} must be one of ${rates.join(', ')}`);
  return value as ReferenceRate;
}

function requireFixingLag(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > MAX_FIXING_LAG) {
    throw invalid(`floatingRate.fixingLagBusinessDays must be a whole number of business days from 0 to ${MAX_FIXING_LAG}`);
  }
  return value;
}

function optionalPercent(value: unknown, field: string): bigint | undefined {
  return value === undefined ? undefined : parsePercent(value, field);
}

/** A FLOATING bond's rate terms, normalised; required for FLOATING and refused for any other interest type. */
export function parseFloatingRateTerms(value: unknown, interestType: InterestType): FloatingRateTerms | undefined {
  if (interestType !== 'FLOATING') {
    if (value !== undefined) throw invalid('only a FLOATING bond has floatingRate');
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid('a FLOATING bond needs floatingRate {referenceRate, spread, fixingLagBusinessDays, floor?, cap?}');
  }
  const input = value as Record<string, unknown>;
  const fixingLagBusinessDays = requireFixingLag(input.fixingLagBusinessDays);
  const floor = optionalPercent(input.floor, 'floatingRate.floor');
  const cap = optionalPercent(input.cap, 'floatingRate.cap');
  if (floor !== undefined && cap !== undefined && cap < floor) throw invalid('floatingRate.cap must not be below floatingRate.floor');
  return {
    referenceRate: requireReferenceRate(input.referenceRate, 'floatingRate.referenceRate'),
    spread: formatPercent(parseSignedPercent(input.spread, 'floatingRate.spread')),
    fixingLagBusinessDays,
    floor: floor === undefined ? undefined : formatPercent(floor),
    cap: cap === undefined ? undefined : formatPercent(cap),
  };
}

/** The date of the fixing a period starting on `accrualStart` pays on. */
export function fixingDateOf(accrualStart: string, lag: number, calendar: BusinessCalendar): string {
  return lag === 0 ? calendar.adjust(accrualStart, 'PRECEDING') : calendar.addBusinessDays(accrualStart, -lag);
}

/** The period rate (fixed-point percent) for a fixing: fixing + spread within floor and cap, at least zero. */
export function periodRate(terms: Pick<FloatingRateTerms, 'spread' | 'floor' | 'cap'>, fixing: bigint): bigint {
  let rate = fixing + parseSignedPercent(terms.spread, 'spread');
  if (terms.cap !== undefined) {
    const cap = parsePercent(terms.cap, 'cap');
    if (rate > cap) rate = cap;
  }
  const floor = terms.floor === undefined ? 0n : parsePercent(terms.floor, 'floor');
  return rate < floor ? floor : rate < 0n ? 0n : rate;
}

/** A fixing as it is published: a known rate, a real date not after today, a rate as a percentage. */
export function parseFixing(
  input: { referenceRate: unknown; fixingDate: unknown; rate: unknown },
  today: string,
): { referenceRate: ReferenceRate; fixingDate: string; rate: string } {
  const referenceRate = requireReferenceRate(input.referenceRate);
  const fixingDate = requireDate(input.fixingDate, 'fixingDate');
  const rate = formatPercent(parsePercent(input.rate, 'rate'));
  if (fixingDate > today)
    throw new ChaincodeError(ErrorCode.OUTSIDE_WINDOW, `the ${referenceRate} fixing of ${fixingDate} is published from that date`);
  return { referenceRate, fixingDate, rate };
}

/** The refusal when a floating-rate period's fixing is not on the ledger yet. */
export function fixingMissing(referenceRate: string, fixingDate: string, what: string): ChaincodeError {
  return new ChaincodeError(ErrorCode.FIXING_MISSING, `${what}: the ${referenceRate} fixing of ${fixingDate} is not published yet`);
}
