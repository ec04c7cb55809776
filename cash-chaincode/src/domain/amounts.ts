/**
 * Money as whole numbers of a currency's minor unit, in bigint: parsed from
 * and written as decimal strings, never a float. An amount to move is
 * strictly positive; a balance is never negative.
 */
import { invalid } from './validation';

/** Most digits an amount or balance may have: 10^30 minor units is far beyond any money supply. */
export const MAX_AMOUNT_DIGITS = 30;

const POSITIVE = /^[1-9][0-9]*$/;
const WHOLE = /^(0|[1-9][0-9]*)$/;

/**
 * An amount to issue, redeem, transfer or lock: a decimal string of minor
 * units, > 0, in one canonical form (no sign, no leading zeros, no spaces,
 * no exponent, no fraction, no separators), at most MAX_AMOUNT_DIGITS digits.
 */
export function parseAmount(value: unknown, field = 'amount'): bigint {
  if (typeof value !== 'string' || value.length > MAX_AMOUNT_DIGITS || !POSITIVE.test(value)) {
    throw invalid(`${field} must be a whole number of minor units greater than 0, written as a decimal string, e.g. "125000"`);
  }
  return BigInt(value);
}

/** A balance or total as stored: a canonical decimal string ≥ 0. Throws on a malformed record (never client input). */
export function parseStoredAmount(value: string, what: string): bigint {
  if (!WHOLE.test(value)) throw new Error(`stored ${what} "${value}" is not a whole number of minor units`);
  return BigInt(value);
}

/** A signed decimal string of a change: "-5000", "0", "5000". */
export function formatDelta(before: bigint, after: bigint): string {
  return (after - before).toString();
}
