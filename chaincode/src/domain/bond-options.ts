/**
 * The bond's options: the issuer's call and the holders' puts, on the dates
 * of the terms' schedules. A call needs callNoticeDays' notice (30 unless
 * the terms say otherwise); a put is exercised up to its record date
 * (domain/payment-event.ts).
 */
import type { Bond, BondTermsRequest, OptionDate } from '../api/bonds';
import { addDays, requireDate } from './dates';
import { invalid } from './validation';

/** The issuer, and only the issuer, calls its bond. */
export function mayCallBond(bond: Pick<Bond, 'issuer'>, caller: string): boolean {
  return caller === bond.issuer;
}

/** The last day the issuer may give notice of a call on `callDate`. */
export function latestCallNotice(terms: Pick<BondTermsRequest, 'callNoticeDays'>, callDate: string): string {
  return addDays(callDate, -(terms.callNoticeDays ?? 30));
}

/** The option of the terms' call or put schedule on `date`; refuses a date the schedule does not have. */
export function optionOn(
  terms: Pick<BondTermsRequest, 'callSchedule' | 'putSchedule'>,
  schedule: 'callSchedule' | 'putSchedule',
  date: unknown,
): OptionDate {
  const wanted = requireDate(date, schedule === 'callSchedule' ? 'callDate' : 'putDate');
  const option = (terms[schedule] ?? []).find((o) => o.date === wanted);
  if (!option) throw invalid(`${wanted} is not a date of the bond's ${schedule}`);
  return option;
}
