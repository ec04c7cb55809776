/**
 * Instants as the cash ledger takes them: ISO-8601 in UTC, with seconds,
 * `YYYY-MM-DDThh:mm:ss[.f{1,3}]Z`, and nothing else (no offsets, no finer
 * fractions, no dates alone): one form, so an expiry means one instant to
 * every client. Stored normalised with milliseconds, as
 * Date.prototype.toISOString writes it, which also sorts chronologically.
 */
import { invalid } from './validation';

const INSTANT = /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,3}))?Z$/;
const EARLIEST_YEAR = 1970;
const LATEST_YEAR = 9999;

/** Epoch milliseconds of a strictly valid instant, or undefined (2026-02-30, T24:00:00, :60, an offset, …). */
export function parseInstant(text: string): number | undefined {
  const m = text.length <= 24 ? INSTANT.exec(text) : null;
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const millis = Number((m[7] ?? '').padEnd(3, '0'));
  if (year < EARLIEST_YEAR || year > LATEST_YEAR || hour > 23 || minute > 59 || second > 59) return undefined;
  const epoch = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const date = new Date(epoch);
  // Date.UTC rolls 2026-02-30 over into March: a date that does not come back as given does not exist.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return epoch;
}

/** An instant argument as epoch milliseconds; INVALID_ARGUMENT unless it has the one accepted form. */
export function requireInstant(value: unknown, field: string): number {
  const millis = typeof value === 'string' ? parseInstant(value) : undefined;
  if (millis === undefined) throw invalid(`${field} must be an ISO-8601 UTC instant with seconds, e.g. 2026-03-01T09:00:00Z`);
  return millis;
}

/** The stored form of an instant: `YYYY-MM-DDThh:mm:ss.fffZ`. */
export function formatInstant(millis: number): string {
  return new Date(millis).toISOString();
}
