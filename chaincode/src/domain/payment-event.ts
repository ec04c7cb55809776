/**
 * A payment event's identity and dates, one rule each. Coupons are C-001,
 * C-002, …; redemptions R-MATURITY, R-CALL and R-PUT-<put date> (the put
 * account's name). An event falling due on an unadjusted date is paid on
 * that date adjusted by the bond's business-day convention, and its record
 * date is recordDateOffset business days before the payment date.
 */
import type { BondTermsRequest } from '../api/bonds';
import { PUT_ACCOUNT_PREFIX, type RedemptionReason } from '../api/servicing';
import type { BusinessCalendar } from './calendar';

export function couponEventId(couponNumber: number): string {
  return `C-${String(couponNumber).padStart(3, '0')}`;
}

/** The account units elected for the put on `putDate` wait in until they are redeemed. */
export function putAccountId(putDate: string): string {
  return `${PUT_ACCOUNT_PREFIX}${putDate}`;
}

/** The put date of a put account (PUT-YYYY-MM-DD), or undefined for any other account. */
export function putDateOf(accountId: string): string | undefined {
  return accountId.startsWith(PUT_ACCOUNT_PREFIX) ? accountId.slice(PUT_ACCOUNT_PREFIX.length) : undefined;
}

/** A redemption's event id; a put's names its date. */
export function redemptionEventId(reason: Exclude<RedemptionReason, 'PUT'>): string;
export function redemptionEventId(reason: 'PUT', putDate: string): string;
export function redemptionEventId(reason: RedemptionReason, putDate?: string): string {
  return reason === 'PUT' ? `R-${putAccountId(putDate ?? '')}` : `R-${reason}`;
}

/** The unadjusted date a redemption event redeems on; published in the API, where the gateway's ledger check reads it too. */
export { redemptionDateOf } from '../api/servicing';

export interface PaymentDates {
  paymentDate: string;
  recordDate: string;
}

/** The payment and record dates of an event falling due on the unadjusted `date`. */
export function paymentDates(
  terms: Pick<BondTermsRequest, 'businessDayConvention' | 'recordDateOffset'>,
  calendar: BusinessCalendar,
  date: string,
): PaymentDates {
  const paymentDate = calendar.adjust(date, terms.businessDayConvention);
  return { paymentDate, recordDate: calendar.addBusinessDays(paymentDate, -terms.recordDateOffset) };
}
