/**
 * Exact quantities: whole units and minor-unit amounts as bigint, rates and
 * prices as fixed-point bigint (6 decimal places of a percent). Parsed from
 * and formatted to decimal strings; no floating point anywhere.
 */
import { invalid } from './validation';

/** Fixed-point scale for percentages: "3.25" % → 3_250_000n. */
export const PERCENT_SCALE = 1_000_000n;
/** 100 % in fixed point. */
export const PAR = 100n * PERCENT_SCALE;

const WHOLE = /^(0|[1-9][0-9]*)$/;
const PERCENT = /^(0|[1-9][0-9]{0,3})(\.[0-9]{1,6})?$/;
const MAX_DIGITS = 30;

/** A whole number ≥ min, as a decimal string without sign, separators or leading zeros. */
export function parseWhole(value: unknown, field: string, min = 0n): bigint {
  if (typeof value !== 'string' || !WHOLE.test(value) || value.length > MAX_DIGITS) {
    throw invalid(`${field} must be a whole number written as a decimal string, e.g. "1000"`);
  }
  const n = BigInt(value);
  if (n < min) throw invalid(`${field} must be at least ${min}`);
  return n;
}

/** A positive whole number of units. */
export function parseUnits(value: unknown, field: string): bigint {
  return parseWhole(value, field, 1n);
}

/** A percentage with up to 6 decimals ("3.25", "99.875", "100") as fixed point. */
export function parsePercent(value: unknown, field: string): bigint {
  if (typeof value !== 'string' || !PERCENT.test(value)) {
    throw invalid(`${field} must be a percentage as a decimal string with at most 6 decimals, e.g. "3.25"`);
  }
  const [whole = '0', fraction = ''] = value.split('.');
  return BigInt(whole) * PERCENT_SCALE + BigInt(fraction.padEnd(6, '0'));
}

/** A percentage that may be negative ("-0.15"), as fixed point; "-0" is written "0". */
export function parseSignedPercent(value: unknown, field: string): bigint {
  if (typeof value === 'string' && value.startsWith('-')) {
    const magnitude = parsePercent(value.slice(1), field);
    if (magnitude === 0n) throw invalid(`${field} must be written without a sign when zero`);
    return -magnitude;
  }
  return parsePercent(value, field);
}

/** Fixed-point percent back to its shortest decimal string: 3_250_000n → "3.25", -150_000n → "-0.15". */
export function formatPercent(fixed: bigint): string {
  if (fixed < 0n) return `-${formatPercent(-fixed)}`;
  const whole = fixed / PERCENT_SCALE;
  const fraction = (fixed % PERCENT_SCALE).toString().padStart(6, '0').replace(/0+$/, '');
  return fraction === '' ? whole.toString() : `${whole}.${fraction}`;
}

/** a × b / c rounded half up (all non-negative): multiply before divide, one rounding. */
export function mulDivHalfUp(a: bigint, b: bigint, c: bigint): bigint {
  if (c <= 0n) throw new RangeError('divisor must be positive');
  const product = a * b;
  return (product + c / 2n) / c;
}
