/**
 * A payment event (a coupon or a redemption) and its entitlements, one rule
 * each. Pure: the caller supplies the records, the caller's MSP ID and the
 * transaction's date (UTC day of its timestamp).
 *
 * - **Ids and dates.** Coupons are C-001, C-002, …; redemptions R-MATURITY,
 *   R-CALL and R-PUT-<put date> (the put account's name); partial
 *   redemptions R-AMORTISATION-<date> and R-PARTIAL-CALL-<date>
 *   (amortisation.ts). An event falling
 *   due on an unadjusted date is paid on that date adjusted by the bond's
 *   business-day convention, and its record date is recordDateOffset
 *   business days before the payment date.
 * - **Who services.** The CSD or the bond's paying agent fixes entitlements
 *   and completes events; only the paying agent confirms payments on its
 *   word. On proof of the claimed cash lock that paid a single-payee
 *   entitlement, the holder or the CSD may record the payment too.
 * - **States.** An event is FIXING from its first page of holdings (not
 *   before its record date; later is allowed and recorded as fixedLate),
 *   ENTITLEMENTS_FIXED once the register's end is reached, and COMPLETE once
 *   every entitlement is paid. An entitlement is DUE, then PAID (from the
 *   payment date; later is recorded as paidLate). Nothing is paid or
 *   completed while the event is FIXING.
 */
import type { Bond, BondTermsRequest } from '../api/bonds';
import { ChaincodeError, ErrorCode } from '../api/errors';
import type { ChangeStamp } from '../api/membership';
import { type Entitlement, PUT_ACCOUNT_PREFIX, type PaymentEvent, type RedemptionReason } from '../api/servicing';
import type { BusinessCalendar } from './calendar';
import { type Rational, toDecimal, toFraction } from './day-count';
import { someOf } from './messages';

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

// --- who services ------------------------------------------------------------------------

/** The CSD or the bond's paying agent fixes a bond's entitlements and completes its events. */
export function mayServiceBond(bond: Pick<Bond, 'terms'>, caller: string, csd: string): boolean {
  return caller === csd || caller === bond.terms.payingAgent;
}

/** Only the bond's paying agent confirms that a holder was paid. */
export function mayConfirmPayment(bond: Pick<Bond, 'terms'>, caller: string): boolean {
  return caller === bond.terms.payingAgent;
}

/**
 * A payment proven on the cash ledger (ConfirmPaymentByProof) is recorded
 * on the proof, not on the caller's word: the paying agent, the holder or
 * the CSD may send it.
 */
export function mayConfirmPaymentByProof(bond: Pick<Bond, 'terms'>, caller: string, holder: string, csd: string): boolean {
  return caller === bond.terms.payingAgent || caller === holder || caller === csd;
}

/** One party an entitlement pays, and how much (minor units). */
export interface Payee {
  party: string;
  amount: bigint;
}

/**
 * Who an entitlement pays: each pledgee its pledgeeShares (summed per
 * pledgee), the holder the rest; parties due nothing left out, the holder
 * first. An entitlement of nothing pays the holder nothing.
 */
export function payeesOf(entitlement: Pick<Entitlement, 'holder' | 'amount' | 'pledgeeShares'>): Payee[] {
  const amounts = new Map<string, bigint>([[entitlement.holder, BigInt(entitlement.amount)]]);
  for (const share of entitlement.pledgeeShares ?? []) {
    const amount = BigInt(share.amount);
    amounts.set(entitlement.holder, (amounts.get(entitlement.holder) ?? 0n) - amount);
    amounts.set(share.pledgee, (amounts.get(share.pledgee) ?? 0n) + amount);
  }
  const payees = [...amounts].filter(([, amount]) => amount > 0n).map(([party, amount]) => ({ party, amount }));
  return payees.length > 0 ? payees : [{ party: entitlement.holder, amount: 0n }];
}

/**
 * The one party an entitlement pays (what a single cash lock can prove);
 * INVALID_ARGUMENT when it pays several (a coupon shared with pledgees),
 * which the paying agent confirms with ConfirmPayment.
 */
export function singlePayee(entitlement: Pick<Entitlement, 'eventId' | 'holder' | 'accountId' | 'amount' | 'pledgeeShares'>): Payee {
  const payees = payeesOf(entitlement);
  const [payee] = payees;
  if (payees.length !== 1 || payee === undefined) {
    throw new ChaincodeError(
      ErrorCode.INVALID_ARGUMENT,
      `${entitlement.eventId} of ${entitlement.holder}/${entitlement.accountId} pays ${payees.map((p) => p.party).join(', ')}: ` +
        'a proof covers single-payee entitlements only (the paying agent confirms this one with ConfirmPayment)',
    );
  }
  return payee;
}

// --- states ------------------------------------------------------------------------------

/** What is due, as the event that fixes it is created with: the amount per unit exact. */
export type DuePayment = Pick<
  PaymentEvent,
  'isin' | 'eventId' | 'kind' | 'reason' | 'couponNumber' | 'recordDate' | 'paymentDate' | 'price' | 'principalPercent'
> & {
  amountPerUnit: Rational;
  /** Years of its dates without a loaded calendar (flagged on the event when any). */
  calendarYearsMissing?: number[];
};

/**
 * The event the next page of entitlements is fixed into: the one being
 * fixed, or a new FIXING event from the record date on. A fixed event is not
 * fixed again.
 */
export function eventToFix(existing: PaymentEvent | undefined, due: DuePayment, today: string, stamp: ChangeStamp): PaymentEvent {
  if (existing && isFullyFixed(existing)) {
    throw new ChaincodeError(ErrorCode.ALREADY_EXISTS, `${due.eventId} of ${due.isin} is already fixed`);
  }
  // A continuation keeps the record date and amount the event was created with.
  if (existing) return existing;
  if (today < due.recordDate) {
    throw new ChaincodeError(ErrorCode.OUTSIDE_WINDOW, `${due.eventId} of ${due.isin} can be fixed from its record date ${due.recordDate}`);
  }
  return {
    isin: due.isin,
    eventId: due.eventId,
    kind: due.kind,
    reason: due.reason,
    couponNumber: due.couponNumber,
    recordDate: due.recordDate,
    paymentDate: due.paymentDate,
    price: due.price,
    principalPercent: due.principalPercent,
    amountPerUnit: toDecimal(due.amountPerUnit, 6),
    amountPerUnitExact: toFraction(due.amountPerUnit),
    holders: 0,
    totalUnits: '0',
    totalAmount: '0',
    status: 'FIXING',
    fixedLate: today > due.recordDate,
    ...(due.calendarYearsMissing?.length ? { calendarYearsMissing: due.calendarYearsMissing } : {}),
    fixed: stamp,
  };
}

/** What one page of holdings adds to an event being fixed. */
export interface FixedPage {
  holders: number;
  units: bigint;
  amount: bigint;
  /** The register's end was reached: the event is fixed. */
  complete: boolean;
  /** The last holding the page went through. */
  last?: { holder: string; accountId: string };
}

/**
 * An event after one more page of its register: totals carried over, FIXING
 * (with where the next page starts) until the end of the register, then
 * ENTITLEMENTS_FIXED.
 */
export function eventAfterPage(event: PaymentEvent, page: FixedPage): PaymentEvent {
  if (event.status !== 'FIXING') throw new TypeError(`${event.eventId} is ${event.status}, not being fixed`);
  return {
    ...event,
    holders: event.holders + page.holders,
    totalUnits: (BigInt(event.totalUnits) + page.units).toString(),
    totalAmount: (BigInt(event.totalAmount) + page.amount).toString(),
    status: page.complete ? 'ENTITLEMENTS_FIXED' : 'FIXING',
    fixedThrough: page.complete ? undefined : (page.last ?? event.fixedThrough),
  };
}

/** Whether an event's entitlements are fixed for every holding (a FIXING event's are not yet). */
export function isFullyFixed(event: Pick<PaymentEvent, 'status'>): boolean {
  return event.status !== 'FIXING';
}

/** Refuses payments and completion while an event's entitlements are still being fixed. */
export function requireFullyFixed(event: Pick<PaymentEvent, 'isin' | 'eventId' | 'status'>): void {
  if (!isFullyFixed(event)) {
    throw new ChaincodeError(
      ErrorCode.INVALID_STATE_TRANSITION,
      `the entitlements of ${event.eventId} of ${event.isin} are still being fixed: call the fix again until it is ENTITLEMENTS_FIXED`,
    );
  }
}

/** An event's payments are confirmed once it is fully fixed, on or after its payment date. */
export function requirePayable(event: PaymentEvent, today: string): void {
  requireFullyFixed(event);
  if (today < event.paymentDate) {
    throw new ChaincodeError(ErrorCode.OUTSIDE_WINDOW, `${event.eventId} of ${event.isin} is payable from ${event.paymentDate}`);
  }
}

/** A DUE entitlement, PAID: late if after the payment date. A PAID one is not paid again. */
export function paidEntitlement(
  entitlement: Entitlement,
  event: Pick<PaymentEvent, 'paymentDate'>,
  today: string,
  stamp: ChangeStamp,
): Entitlement {
  if (entitlement.status === 'PAID') {
    throw new ChaincodeError(
      ErrorCode.INVALID_STATE_TRANSITION,
      `${entitlement.holder}/${entitlement.accountId} was already paid for ${entitlement.eventId}`,
    );
  }
  return { ...entitlement, status: 'PAID', paidLate: today > event.paymentDate, paid: stamp };
}

/** An event is completed once: fully fixed, and not already complete. */
export function requireCompletable(event: PaymentEvent): void {
  if (event.status === 'COMPLETE')
    throw new ChaincodeError(ErrorCode.INVALID_STATE_TRANSITION, `${event.eventId} of ${event.isin} is complete`);
  requireFullyFixed(event);
}

/** The event COMPLETE, when every one of its entitlements is PAID. */
export function completedEvent(event: PaymentEvent, entitlements: readonly Entitlement[], stamp: ChangeStamp): PaymentEvent {
  const unpaid = entitlements.filter((e) => e.status !== 'PAID');
  if (unpaid.length > 0) {
    throw new ChaincodeError(
      ErrorCode.INVALID_STATE_TRANSITION,
      `${unpaid.length} payment(s) of ${event.eventId} are unconfirmed: ${someOf(unpaid.map((e) => `${e.holder}/${e.accountId}`))}`,
    );
  }
  return { ...event, status: 'COMPLETE', completed: stamp };
}

/** A completed maturity or call redemption ends the bond: it becomes REDEEMED. A put redeems only the units put. */
export function redeemsBond(event: Pick<PaymentEvent, 'reason'>): boolean {
  return event.reason === 'MATURITY' || event.reason === 'CALL';
}
