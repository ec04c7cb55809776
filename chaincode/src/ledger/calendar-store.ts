/** The CSD's calendar years on the ledger, loaded into a BusinessCalendar for a bond's life. */
import type { Bond } from '../api';
import { BusinessCalendar, type CalendarYear, MAX_CALENDAR_ID_LENGTH } from '../domain/calendar';
import { isIdentifier } from '../domain/validation';
import type { BondContext } from './context';
import { key, KeyType } from './keys';
import { readRecord } from './state';

export interface LoadedCalendar {
  calendar: BusinessCalendar;
  /** Years the CSD has not loaded: dates in them are adjusted for weekends only. */
  missingYears: number[];
}

/** The bond's calendar from the year before issue to the year after maturity. */
export async function calendarForBond(ctx: BondContext, bond: Bond): Promise<LoadedCalendar> {
  const first = Number(bond.terms.issueDate.slice(0, 4)) - 1;
  const last = Number(bond.terms.maturityDate.slice(0, 4)) + 1;
  const years: CalendarYear[] = [];
  const missingYears: number[] = [];
  // A calendar id stored before the identifier rule cannot be a key any more: no year of it can have been loaded since.
  const calendarId = isIdentifier(bond.terms.businessDayCalendar, MAX_CALENDAR_ID_LENGTH) ? bond.terms.businessDayCalendar : undefined;
  for (let year = first; year <= last; year++) {
    const found =
      calendarId === undefined
        ? undefined
        : await readRecord<CalendarYear>(ctx.stub, key(ctx.stub, KeyType.CALENDAR, calendarId, String(year)));
    if (found) years.push(found);
    else missingYears.push(year);
  }
  return { calendar: new BusinessCalendar(years), missingYears };
}
