/**
 * Money and quantities arrive as decimal strings (minor units, whole units,
 * percentages) and stay strings: nothing here parses them into floating
 * point. Sums and comparisons use BigInt; a chart's geometry may ask for a
 * ratio of two of them, computed on scaled integers.
 */
import { currencyMinorUnits } from '../../../chaincode-common/src/currency';

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** Whether `value` is a plain decimal string (optional minus, digits, optional fraction). */
export function isDecimal(value: string): boolean {
  return DECIMAL.test(value);
}

/** `value` as an integer of `scale` fractional digits (truncated beyond them); throws on anything but a decimal string. */
export function toScaled(value: string, scale: number): bigint {
  const match = DECIMAL.exec(value.trim());
  if (!match) throw new Error(`not a decimal: ${JSON.stringify(value)}`);
  const [, sign = '', whole = '0', fraction = ''] = match;
  const digits = BigInt(whole + fraction.slice(0, scale).padEnd(scale, '0'));
  return sign === '-' ? -digits : digits;
}

/** An integer of `scale` fractional digits back as a decimal string, trailing fractional zeros kept to `scale`. */
export function fromScaled(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = scale > 0 ? `.${digits.slice(digits.length - scale)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** The sum of whole-unit decimal strings. */
export function sumUnits(values: readonly string[]): string {
  return values.reduce((total, v) => total + toScaled(v, 0), 0n).toString();
}

/** `part / whole` as a number in [0, 1] for drawing only (6 significant decimals; 0 when the whole is 0). */
export function ratio(part: string, whole: string): number {
  const scale = 18;
  const denominator = toScaled(whole, scale);
  if (denominator === 0n) return 0;
  const millionths = (toScaled(part, scale) * 1_000_000n) / denominator;
  return Number(millionths) / 1_000_000;
}

/** Groups the whole part in threes with commas: "1234567.5" → "1,234,567.5". */
export function formatDecimal(value: string): string {
  const match = DECIMAL.exec(value);
  if (!match) return value;
  const [, sign = '', whole = '0', fraction] = match;
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/**
 * Minor units as an amount of the currency, the decimal point moved exactly:
 * "1014132" CNY → "10,141.32 CNY"; a per-unit figure keeps its fraction
 * ("257.88" fen → "2.5788 CNY").
 */
export function formatMinor(minor: string, currency: string): string {
  const digits = currencyMinorUnits(currency) ?? 2;
  const match = DECIMAL.exec(minor);
  if (!match) return `${minor} ${currency}`;
  const fractionDigits = match[3]?.length ?? 0;
  const shifted = fromScaled(toScaled(minor, fractionDigits), digits + fractionDigits);
  // Trailing zeros beyond the currency's own digits say nothing.
  const trimmed = fractionDigits === 0 ? shifted : shifted.replace(new RegExp(`(\\.\\d{${digits}}\\d*?)0+$`), '$1').replace(/\.$/, '');
  return `${formatDecimal(trimmed)} ${currency}`;
}

/** A percentage as shown on a term sheet: "2.85" → "2.85 %". */
export function formatPercent(value: string): string {
  return `${value} %`;
}
