/** The CSD's calendar years on the ledger, loaded into a BusinessCalendar for a bond's life. */
import { isIdentifier } from '@bond-platform/chaincode-common';
import type { Bond } from '../api';
import { BusinessCalendar, type CalendarYear, MAX_CALENDAR_ID_LENGTH } from '../domain/calendar';
import type { BondContext } from './context';
import { key, KeyType } from './keys';
import { readRecord } from './state';

export interface LoadedCalendar {
  calendar: BusinessCalendar;
  /** Years the CSD has not loaded: dates in them are adjusted for weekends only. */
  missingYears: number[];
}

/** A year of the bond's calendar as the CSD loaded it, if it did. */
async function calendarYearOf(ctx: BondContext, bond: Bond, year: number): Promise<CalendarYear | undefined> {
  // A calendar id stored before the identifier rule cannot be a key any more: no year of it can have been loaded since.
  const calendarId = bond.terms.businessDayCalendar;
  if (!isIdentifier(calendarId, MAX_CALENDAR_ID_LENGTH)) return undefined;
  return readRecord<CalendarYear>(ctx.stub, key(ctx.stub, KeyType.CALENDAR, calendarId, String(year)));
}

/** The bond's calendar from the year before issue to the year after maturity. */
export async function calendarForBond(ctx: BondContext, bond: Bond): Promise<LoadedCalendar> {
  const first = Number(bond.terms.issueDate.slice(0, 4)) - 1;
  const last = Number(bond.terms.maturityDate.slice(0, 4)) + 1;
  const years: CalendarYear[] = [];
  const missingYears: number[] = [];
  for (let year = first; year <= last; year++) {
    const found = await calendarYearOf(ctx, bond, year);
    if (found) years.push(found);
    else missingYears.push(year);
  }
  return { calendar: new BusinessCalendar(years), missingYears };
}

/** The years of `dates` (YYYY-MM-DD) the CSD has not loaded the bond's calendar for, ascending. */
export async function missingCalendarYears(ctx: BondContext, bond: Bond, dates: readonly string[]): Promise<number[]> {
  const missing: number[] = [];
  for (const year of [...new Set(dates.map((d) => Number(d.slice(0, 4))))].sort((a, b) => a - b)) {
    if (!(await calendarYearOf(ctx, bond, year))) missing.push(year);
  }
  return missing;
}
