/**
 * The order of servicing, as pure rules: which register an event is fixed
 * from, which accounts it entitles, when the register closes for deliveries,
 * and what must be done before a redemption is paid or completed.
 *
 * - **Record-date register.** Every entitlement is computed from the
 *   holdings as they stood at the end of the event's record date (UTC, the
 *   transaction timestamps' day), whenever the fix runs: a holding's units
 *   are those of its last change on or before that day.
 * - **Register closed.** No delivery of a bond settles once the record date
 *   of the redemption that ends it (maturity, or the call date once called)
 *   has passed, nor on a record date once an event of that date has been
 *   fixed (the fix is the end-of-day register). Primary settlement
 *   credits nothing after the first record date.
 * - **Coupons before principal.** A redemption payment to a holding needs
 *   every coupon due on or before the redemption date fixed, and that
 *   holding's entitlements in them paid; the redemption that ends the bond
 *   completes only when every other payment event is complete and no units
 *   are outstanding.
 */
import type { PaymentEvent } from '../api/servicing';
import type { CouponPeriod } from './coupon-schedule';
import { couponEventId, isFullyFixed, putDateOf } from './payment-event';

/** One version of a holding in its key history. */
export interface HoldingVersion {
  /** ISO-8601 instant of the transaction that wrote it. */
  timestamp: string;
  isDelete: boolean;
  units?: string;
}

/**
 * Units a holding had at the end of `recordDate`, from its key history
 * newest first (commit order, as Fabric returns it): the newest version
 * written on or before that day.
 */
export function unitsAtEndOf(recordDate: string, newestFirst: readonly HoldingVersion[]): bigint {
  const version = newestFirst.find((v) => v.timestamp.slice(0, 10) <= recordDate);
  return version === undefined || version.isDelete ? 0n : BigInt(version.units ?? '0');
}

/**
 * What an event entitles: a coupon, a redemption of the whole bond on a
 * date, the units elected for one put, or a partial redemption of every
 * unit's principal on a date.
 */
export type EntitlementScope =
  | { kind: 'COUPON'; accrualEnd: string }
  | { kind: 'REDEMPTION'; redemptionDate: string }
  | { kind: 'PUT'; account: string }
  | { kind: 'PARTIAL_REDEMPTION'; date: string };

/**
 * Whether an account is entitled under a scope. Units elected for a put are
 * redeemed on the put date: they earn the coupons and partial repayments up
 * to it (the put redeems the principal left after them), and the redemption
 * of the whole bond does not redeem them again.
 */
export function isEntitled(scope: EntitlementScope, accountId: string): boolean {
  const putDate = putDateOf(accountId);
  switch (scope.kind) {
    case 'PUT':
      return accountId === scope.account;
    case 'COUPON':
      return putDate === undefined || putDate >= scope.accrualEnd;
    case 'PARTIAL_REDEMPTION':
      return putDate === undefined || putDate >= scope.date;
    case 'REDEMPTION':
      return putDate === undefined || putDate > scope.redemptionDate;
  }
}

/** The coupon periods due on or before a redemption date (their accrual ends by it). */
export function couponsDueBy(schedule: readonly CouponPeriod[], redemptionDate: string): CouponPeriod[] {
  return schedule.filter((p) => p.accrualEnd <= redemptionDate);
}

/**
 * Why a holding's redemption payment cannot be confirmed yet, or undefined:
 * every coupon due by the redemption must be fixed, and the holding's own
 * entitlement in each of them paid (coupon before principal).
 */
export function principalBlocker(
  dueCoupons: readonly CouponPeriod[],
  fixedEvents: ReadonlySet<string>,
  unpaidOfHolding: ReadonlySet<string>,
): string | undefined {
  for (const period of dueCoupons) {
    const eventId = couponEventId(period.number);
    if (!fixedEvents.has(eventId))
      return `${eventId} is due by this redemption and not fixed yet: coupons are fixed and paid before the principal`;
    if (unpaidOfHolding.has(eventId)) return `the holding's ${eventId} is unpaid: its coupon is paid before its principal`;
  }
  return undefined;
}

/**
 * Why the redemption that ends the bond cannot complete yet, or undefined:
 * every coupon due by it fixed, every other payment event complete, and no
 * units outstanding.
 */
export function finalRedemptionBlocker(
  eventId: string,
  dueCoupons: readonly CouponPeriod[],
  events: readonly Pick<PaymentEvent, 'eventId' | 'status'>[],
  outstandingUnits: bigint,
): string | undefined {
  const fixed = new Set(events.filter(isFullyFixed).map((e) => e.eventId));
  const unfixed = dueCoupons.map((p) => couponEventId(p.number)).filter((id) => !fixed.has(id));
  if (unfixed.length > 0) return `${unfixed.join(', ')} due by ${eventId} not fixed yet`;
  const incomplete = events.filter((e) => e.eventId !== eventId && e.status !== 'COMPLETE').map((e) => e.eventId);
  if (incomplete.length > 0) return `${incomplete.join(', ')} not complete: every coupon is paid before the redemption completes`;
  if (outstandingUnits > 0n) return `${outstandingUnits} units are still outstanding`;
  return undefined;
}

/**
 * Why no delivery of the bond settles today, or undefined. `closesAfter` is
 * the record date of the redemption that ends the bond; `fixedRecordDates`
 * the record dates of the events already fixed.
 */
export function deliveryBlocker(today: string, closesAfter: string, fixedRecordDates: readonly string[]): string | undefined {
  if (today > closesAfter) return `the register closed at the end of the redemption record date ${closesAfter}`;
  if (fixedRecordDates.includes(today)) return `entitlements of record date ${today} are fixed: deliveries settle again from the next day`;
  return undefined;
}
