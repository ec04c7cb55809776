/**
 * Business-day calendars as the CSD maintains them on the ledger: per year,
 * the holidays and the working weekend days. The China interbank calendar
 * moves working days onto weekends (调休), so "weekday = business day" is
 * wrong there: a listed working weekend day is a business day, a listed
 * holiday is not, otherwise Monday–Friday are.
 */
import type { CalendarYearRequest } from '../api/bonds';
import { addDays, requireDate, weekday } from './dates';
import { invalid, requireIdentifier, requireYear } from './validation';

/** Calendar ids are identifiers of at most 32 characters (e.g. CN-IB). */
export const MAX_CALENDAR_ID_LENGTH = 32;

export function requireCalendarId(value: unknown, field = 'calendarId'): string {
  return requireIdentifier(value, field, MAX_CALENDAR_ID_LENGTH);
}

/**
 * A calendar year as the CSD sets it: the id an identifier, the year in
 * canonical form (a JSON integer or decimal digits), every date real and in
 * that year, holidays on Monday to Friday, working weekend days on Saturday
 * or Sunday (so no date can be in both lists). Lists are sorted, duplicates
 * dropped.
 */
export function parseCalendarYearRequest(input: Record<string, unknown>): CalendarYearRequest {
  const calendarId = requireCalendarId(input.calendarId);
  const year = requireYear(input.year);
  const dates = (value: unknown, field: string, weekend: boolean): string[] => {
    if (!Array.isArray(value) || value.length > 366) throw invalid(`${field} must be an array of at most 366 dates`);
    const list = value.map((d, i) => requireDate(d, `${field}[${i}]`));
    for (const date of list) {
      if (!date.startsWith(`${year}-`)) throw invalid(`${field} must all fall in ${year}`);
      const day = weekday(date);
      if ((day === 0 || day === 6) !== weekend) {
        throw invalid(
          weekend
            ? `${field}: ${date} is not a Saturday or Sunday`
            : `${field}: ${date} is a Saturday or Sunday, never a business day anyway`,
        );
      }
    }
    return [...new Set(list)].sort();
  };
  const holidays = dates(input.holidays, 'holidays', false);
  const workingWeekends = dates(input.workingWeekends, 'workingWeekends', true);
  const both = holidays.find((d) => workingWeekends.includes(d));
  if (both !== undefined) throw invalid(`${both} cannot be both a holiday and a working day`);
  return { calendarId, year, holidays, workingWeekends };
}

export interface CalendarYear {
  calendarId: string;
  year: number;
  /** Weekdays that are not business days. */
  holidays: string[];
  /** Saturdays and Sundays that are business days. */
  workingWeekends: string[];
}

export type BusinessDayConvention = 'FOLLOWING' | 'MODIFIED_FOLLOWING' | 'PRECEDING' | 'UNADJUSTED';
export const BUSINESS_DAY_CONVENTIONS: readonly BusinessDayConvention[] = ['FOLLOWING', 'MODIFIED_FOLLOWING', 'PRECEDING', 'UNADJUSTED'];

export class BusinessCalendar {
  readonly #holidays = new Set<string>();
  readonly #workingWeekends = new Set<string>();

  constructor(years: readonly CalendarYear[]) {
    for (const year of years) {
      year.holidays.forEach((d) => this.#holidays.add(d));
      year.workingWeekends.forEach((d) => this.#workingWeekends.add(d));
    }
  }

  isBusinessDay(date: string): boolean {
    if (this.#workingWeekends.has(date)) return true;
    if (this.#holidays.has(date)) return false;
    const day = weekday(date);
    return day !== 0 && day !== 6;
  }

  adjust(date: string, convention: BusinessDayConvention): string {
    switch (convention) {
      case 'UNADJUSTED':
        return date;
      case 'FOLLOWING':
        return this.#roll(date, 1);
      case 'PRECEDING':
        return this.#roll(date, -1);
      case 'MODIFIED_FOLLOWING': {
        const following = this.#roll(date, 1);
        return following.slice(0, 7) === date.slice(0, 7) ? following : this.#roll(date, -1);
      }
    }
  }

  /** The business day `count` business days before (negative) or after `date`. */
  addBusinessDays(date: string, count: number): string {
    let current = date;
    const step = count < 0 ? -1 : 1;
    for (let remaining = Math.abs(count); remaining > 0;) {
      current = addDays(current, step);
      if (this.isBusinessDay(current)) remaining--;
    }
    return current;
  }

  #roll(date: string, step: 1 | -1): string {
    let current = date;
    // Bounded: no real calendar has a year without business days.
    for (let i = 0; i < 366 && !this.isBusinessDay(current); i++) current = addDays(current, step);
    return current;
  }
}
