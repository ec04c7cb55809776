/**
 * Calendar dates as ISO-8601 strings (YYYY-MM-DD) and whole days since
 * 1970-01-01. Pure arithmetic on the proleptic Gregorian calendar in UTC:
 * no clock, no time zone, so every endorser agrees.
 */
import { invalid } from './validation';

const ISO_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const MS_PER_DAY = 86_400_000;

export interface YMD {
  year: number;
  month: number;
  day: number;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

/** Years a date argument may have: no year 0000, four digits. */
export const MIN_DATE_YEAR = 1900;
export const MAX_DATE_YEAR = 9999;

export function parseYmd(date: string): YMD | undefined {
  const match = ISO_DATE.exec(date);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

/** A calendar date YYYY-MM-DD that exists (no 2025-02-30), years 1900-9999. */
export function requireDate(value: unknown, field: string): string {
  const ymd = typeof value === 'string' && value.length === 10 ? parseYmd(value) : undefined;
  if (ymd === undefined || ymd.year < MIN_DATE_YEAR) throw invalid(`${field} must be a date YYYY-MM-DD from ${MIN_DATE_YEAR}`);
  return value as string;
}

export function toEpochDay(date: string): number {
  const ymd = parseYmd(date);
  if (!ymd) throw new RangeError(`not a date: ${date}`);
  return Date.UTC(ymd.year, ymd.month - 1, ymd.day) / MS_PER_DAY;
}

export function fromEpochDay(epochDay: number): string {
  return new Date(epochDay * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return fromEpochDay(toEpochDay(date) + days);
}

/** Actual days from `from` to `to` (negative if `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return toEpochDay(to) - toEpochDay(from);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  return (((toEpochDay(date) + 4) % 7) + 7) % 7;
}

/** Adds months, clamping the day to the month's end (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: string, months: number, endOfMonth = false): string {
  const ymd = parseYmd(date);
  if (!ymd) throw new RangeError(`not a date: ${date}`);
  const index = ymd.year * 12 + (ymd.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = daysInMonth(year, month);
  const day = endOfMonth ? last : Math.min(ymd.day, last);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The UTC calendar date of a transaction timestamp. */
export function dateOf(timestamp: Date): string {
  return timestamp.toISOString().slice(0, 10);
}

/**
 * `YYYY-MM-DDThh:mm[:ss[.fff…]]` then `Z` or `±hh:mm`: one pass of a regular
 * expression without nested repetition, then range checks.
 */
const ISO_INSTANT =
  /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,9}))?)?(?:(Z)|([+-])([0-9]{2}):([0-9]{2}))$/;
export const MIN_INSTANT_YEAR = 1970;
const LATEST_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** Epoch milliseconds of a strictly valid instant, or undefined (2025-02-30, T24:00, :60, year before 1970, offsets past ±23:59). */
export function parseInstant(text: string): number | undefined {
  const m = text.length <= 40 ? ISO_INSTANT.exec(text) : null;
  if (!m) return undefined;
  const [year, month, day, hour, minute, second, fraction, , sign, offsetHours, offsetMinutes] = (m.slice(1) as (string | undefined)[]).map(
    (part) => part ?? '',
  );
  const ymd = parseYmd(`${year}-${month}-${day}`);
  const time = [hour, minute, second || '0', offsetHours || '0', offsetMinutes || '0'].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (!ymd || ymd.year < MIN_INSTANT_YEAR || !timeInRange(time)) return undefined;
  const [h, mi, sec, oh, om] = time;
  const millis = Number(String(fraction).padEnd(3, '0').slice(0, 3));
  const offset = (sign === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  return Date.UTC(ymd.year, ymd.month - 1, ymd.day, h, mi, sec, millis) - offset;
}

/** Hour 0-23, minute and second 0-59 (no T24:00, no leap second), offset up to 23:59. */
function timeInRange([hour, minute, second, offsetHours, offsetMinutes]: readonly number[]): boolean {
  return (
    [hour, offsetHours].every((h) => h !== undefined && h <= 23) && [minute, second, offsetMinutes].every((x) => x !== undefined && x <= 59)
  );
}

/** An ISO-8601 instant ("2026-03-01T09:00:00Z"), normalised to UTC with milliseconds (finer digits are dropped). */
export function requireInstant(value: unknown, field: string): string {
  const millis = typeof value === 'string' ? parseInstant(value) : undefined;
  if (millis === undefined || millis < 0 || millis > LATEST_INSTANT) {
    throw invalid(`${field} must be an ISO-8601 date and time, e.g. 2026-03-01T09:00:00Z`);
  }
  return new Date(millis).toISOString();
}
