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

export function parseYmd(date: string): YMD | undefined {
  const match = ISO_DATE.exec(date);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

export function requireDate(value: unknown, field: string): string {
  if (typeof value !== 'string' || parseYmd(value) === undefined) throw invalid(`${field} must be a date YYYY-MM-DD`);
  return value;
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

/** An ISO-8601 instant ("2026-03-01T09:00:00Z"), normalised to UTC with milliseconds. */
export function requireInstant(value: unknown, field: string): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(Date.parse(value))) {
    throw invalid(`${field} must be an ISO-8601 date and time, e.g. 2026-03-01T09:00:00Z`);
  }
  return new Date(value).toISOString();
}
