/**
 * Payment events, coupon or redemption alike: fixing their entitlements a
 * page of holdings at a time, the paying agent's confirmations, completion,
 * and the lists the scheduler and the parties read. The rules are in
 * domain/payment-event.ts (states, who services) and
 * domain/servicing-order.ts (record-date register, coupons before principal).
 */
import {
  type Bond,
  ChaincodeError,
  type DueEvent,
  ENTITLEMENTS_FIXED_PER_CALL,
  type Entitlement,
  ErrorCode,
  type Holding,
  type PaymentEvent,
  type Pledge,
  ServicingEvent,
} from '../../api';
import { canonicalJson } from '../../domain/canonical-json';
import { type CouponPeriod, dueEvents, holdingPayment } from '../../domain/coupon-schedule';
import { dateOf, requireDate } from '../../domain/dates';
import { fromFraction } from '../../domain/day-count';
import {
  completedEvent,
  couponEventId,
  type DuePayment,
  eventAfterPage,
  eventToFix,
  isFullyFixed,
  mayConfirmPayment,
  mayConfirmPaymentByProof,
  mayServiceBond,
  paidEntitlement,
  redeemsBond,
  redemptionDateOf,
  requireCompletable,
  requirePayable,
  singlePayee,
} from '../../domain/payment-event';
import { requireCashPaysEntitlement } from '../../domain/cash-lock-proof';
import { couponsDueBy, type EntitlementScope, finalRedemptionBlocker, isEntitled, principalBlocker } from '../../domain/servicing-order';
import { advanceBond, requireBond, requireStatus } from '../../ledger/bonds-store';
import { calendarForBond, missingCalendarYears } from '../../ledger/calendar-store';
import { useCashLock, verifiedCashLock } from '../../ledger/cash-ledger-store';
import type { BondContext } from '../../ledger/context';
import { fixingsForBond, scheduleWithFixings } from '../../ledger/fixings-store';
import { couponPledgesAtEndOf, retireHolding } from '../../ledger/holdings-store';
import { pledgeeShares } from '../../domain/pledge';
import { key, KeyType } from '../../ledger/keys';
import { registerPageAtEndOf } from '../../ledger/register';
import {
  changeStamp,
  emitEvent,
  pageOfRecords,
  parsePageSize,
  readRecord,
  recordAndAnnounce,
  recordsUnder,
  requireRecord,
  writeRecord,
} from '../../ledger/state';

/** A payment event about to be fixed: what is due, and which accounts are entitled. */
export interface EventToFix extends DuePayment {
  scope: EntitlementScope;
}

/** The bond, if the caller is the CSD or the bond's paying agent. */
export async function bondOfServicer(ctx: BondContext, isin: string): Promise<Bond> {
  const bond = await requireBond(ctx, isin);
  if (!mayServiceBond(bond, ctx.auth.mspId, ctx.csd)) {
    throw new ChaincodeError(ErrorCode.NOT_A_PARTY, `only the CSD or the paying agent ${bond.terms.payingAgent} services ${isin}`);
  }
  return bond;
}

/** The bond's coupon periods, on its calendar as loaded (a floating-rate bond's with its published fixings). */
export async function couponScheduleOf(ctx: BondContext, bond: Bond): Promise<CouponPeriod[]> {
  return scheduleWithFixings(ctx, bond, (await calendarForBond(ctx, bond)).calendar);
}

/**
 * Fixes the next page of an event's entitlements: the first call creates
 * the event (FIXING), each call goes through up to ENTITLEMENTS_FIXED_PER_CALL
 * holdings after the last one fixed, and the call that reaches the end of
 * the register makes it ENTITLEMENTS_FIXED. A fixed event is not fixed again.
 */
export async function fixEntitlements(ctx: BondContext, bond: Bond, due: EventToFix): Promise<string> {
  const eventKey = key(ctx.stub, KeyType.PAYMENT_EVENT, bond.isin, due.eventId);
  const existing = await readRecord<PaymentEvent>(ctx.stub, eventKey);
  // A continuation keeps the record date and amount the event was created with.
  // A new event records the years of its dates computed without the CSD's calendar (weekends only).
  const calendarYearsMissing = existing ? undefined : await missingCalendarYears(ctx, bond, [due.recordDate, due.paymentDate]);
  const event = eventToFix(existing, { ...due, calendarYearsMissing }, dateOf(ctx.stub.getDateTimestamp()), changeStamp(ctx));
  const amountPerUnit = existing?.amountPerUnitExact ? fromFraction(existing.amountPerUnitExact) : due.amountPerUnit;
  // The register as it stood at the end of the record date, however late the fix.
  const page = await registerPageAtEndOf(ctx, bond.isin, event.recordDate, existing?.fixedThrough, ENTITLEMENTS_FIXED_PER_CALL);
  const holdings = page.lines.filter((h) => isEntitled(due.scope, h.accountId));
  // Coupons on units pledged with couponsTo PLEDGEE go to the pledgee: its share of the holding's payment.
  const couponPledges = due.kind === 'COUPON' ? await couponPledgesAtEndOf(ctx, bond.isin, event.recordDate) : new Map<string, Pledge[]>();
  let totalUnits = 0n;
  let totalAmount = 0n;
  for (const h of holdings) {
    const units = h.units;
    const amount = holdingPayment(units, amountPerUnit);
    totalUnits += units;
    totalAmount += amount;
    const shares = pledgeeShares(couponPledges.get(`${h.holder}/${h.accountId}`) ?? [], amountPerUnit);
    const entitlement: Entitlement = {
      isin: bond.isin,
      eventId: due.eventId,
      holder: h.holder,
      accountId: h.accountId,
      units: units.toString(),
      amount: amount.toString(),
      ...(shares.length > 0 ? { pledgeeShares: shares } : {}),
      status: 'DUE',
    };
    await writeRecord(ctx.stub, key(ctx.stub, KeyType.ENTITLEMENT, bond.isin, due.eventId, h.holder, h.accountId), entitlement);
  }
  const next = eventAfterPage(event, {
    holders: holdings.length,
    units: totalUnits,
    amount: totalAmount,
    complete: page.complete,
    last: page.last,
  });
  return recordAndAnnounce(
    ctx.stub,
    eventKey,
    next,
    isFullyFixed(next) ? ServicingEvent.ENTITLEMENTS_FIXED : ServicingEvent.ENTITLEMENTS_FIXING,
  );
}

/** The paying agent confirms one holder's payment, on or after the payment date. */
export async function confirmPayment(ctx: BondContext, isin: string, eventId: string, holder: string, accountId: string): Promise<string> {
  const bond = await bondOfServicer(ctx, isin);
  if (!mayConfirmPayment(bond, ctx.auth.mspId)) {
    throw new ChaincodeError(ErrorCode.NOT_A_PARTY, `only the paying agent ${bond.terms.payingAgent} confirms payments`);
  }
  return recordPayment(ctx, bond, eventId, holder, accountId);
}

/**
 * A holder's payment proven instead of confirmed: recorded as
 * confirmPayment records it, on proof (base64 of the cash chaincode's
 * endorsed Htlc:AttestLock envelope, see CrossLedger) of a CLAIMED cash lock
 * from the paying agent to the entitlement's single payee (the holder, or
 * the pledgee its whole coupon goes to) for exactly its amount in the bond's
 * currency. By the paying agent, the holder or the CSD; a cash lock pays one
 * entitlement only.
 */
export async function confirmPaymentByProof(
  ctx: BondContext,
  isin: string,
  eventId: string,
  holder: string,
  accountId: string,
  proofBase64: string,
): Promise<string> {
  const bond = await requireBond(ctx, isin);
  if (!mayConfirmPaymentByProof(bond, ctx.auth.mspId, holder, ctx.csd)) {
    throw new ChaincodeError(
      ErrorCode.NOT_A_PARTY,
      `only the paying agent ${bond.terms.payingAgent}, the holder ${holder} or the CSD confirm its payment by proof`,
    );
  }
  return recordPayment(ctx, bond, eventId, holder, accountId, async (entitlement) => {
    const payee = singlePayee(entitlement);
    const verified = await verifiedCashLock(ctx, proofBase64);
    requireCashPaysEntitlement(entitlement, payee, bond.terms.payingAgent, bond.terms.specifiedCurrency, verified);
    await useCashLock(ctx, verified, 'Servicing:ConfirmPaymentByProof', `${isin}/${eventId}/${holder}/${accountId}`);
  });
}

/**
 * Records one holder's entitlement PAID, on or after the payment date, with
 * its event; a redemption retires the holding. `proven`, when given, checks
 * what proves the payment once the entitlement is known to be payable, and
 * refuses (before anything is written) if it does not.
 */
async function recordPayment(
  ctx: BondContext,
  bond: Bond,
  eventId: string,
  holder: string,
  accountId: string,
  proven?: (entitlement: Entitlement) => Promise<void>,
): Promise<string> {
  const { isin } = bond;
  // Nothing is paid after redemption or default.
  requireStatus(isin, bond.status, 'ISSUED', 'CALLED');
  const event = await requireRecord<PaymentEvent>(
    ctx.stub,
    key(ctx.stub, KeyType.PAYMENT_EVENT, isin, eventId),
    `payment event ${eventId} of ${isin}`,
  );
  const today = dateOf(ctx.stub.getDateTimestamp());
  requirePayable(event, today);
  const entitlementKey = key(ctx.stub, KeyType.ENTITLEMENT, isin, eventId, holder, accountId);
  const entitlement = await requireRecord<Entitlement>(ctx.stub, entitlementKey, `the entitlement of ${holder}/${accountId} to ${eventId}`);
  const paid = paidEntitlement(entitlement, event, today, changeStamp(ctx));
  if (event.kind === 'REDEMPTION') await requireCouponsPaidBefore(ctx, bond, event, entitlement);
  if (proven) await proven(entitlement);
  if (event.kind === 'REDEMPTION') await retireHolding(ctx, { isin, holder, accountId }, BigInt(entitlement.units));
  return recordAndAnnounce(ctx.stub, entitlementKey, paid, ServicingEvent.PAYMENT_CONFIRMED);
}

/** Coupons before principal: the coupons due by the redemption are fixed, and this holding's are paid. */
async function requireCouponsPaidBefore(ctx: BondContext, bond: Bond, event: PaymentEvent, entitlement: Entitlement): Promise<void> {
  const dueCoupons = couponsDueBy(await couponScheduleOf(ctx, bond), redemptionDateOf(event, bond.terms.maturityDate, bond.call?.callDate));
  const fixed = new Set<string>();
  const unpaid = new Set<string>();
  for (const period of dueCoupons) {
    const eventId = couponEventId(period.number);
    const coupon = await readRecord<PaymentEvent>(ctx.stub, key(ctx.stub, KeyType.PAYMENT_EVENT, bond.isin, eventId));
    if (!coupon || !isFullyFixed(coupon)) continue;
    fixed.add(eventId);
    const own = await readRecord<Entitlement>(
      ctx.stub,
      key(ctx.stub, KeyType.ENTITLEMENT, bond.isin, eventId, entitlement.holder, entitlement.accountId),
    );
    if (own && own.status !== 'PAID') unpaid.add(eventId);
  }
  const blocker = principalBlocker(dueCoupons, fixed, unpaid);
  if (blocker) {
    throw new ChaincodeError(
      ErrorCode.INVALID_STATE_TRANSITION,
      `${event.eventId} of ${entitlement.holder}/${entitlement.accountId} cannot be paid: ${blocker}`,
    );
  }
}

/** Completes an event once every entitlement is paid; a maturity or call redemption makes the bond REDEEMED. */
export async function completePaymentEvent(ctx: BondContext, isin: string, eventId: string): Promise<string> {
  const bond = await bondOfServicer(ctx, isin);
  const eventKey = key(ctx.stub, KeyType.PAYMENT_EVENT, isin, eventId);
  const event = await requireRecord<PaymentEvent>(ctx.stub, eventKey, `payment event ${eventId} of ${isin}`);
  requireCompletable(event);
  const entitlements = (await recordsUnder<Entitlement>(ctx.stub, KeyType.ENTITLEMENT, [isin, eventId])).map((r) => r.value);
  const completed = completedEvent(event, entitlements, changeStamp(ctx));
  if (redeemsBond(event)) {
    requireStatus(isin, bond.status, 'ISSUED', 'CALLED');
    const events = (await recordsUnder<PaymentEvent>(ctx.stub, KeyType.PAYMENT_EVENT, [isin])).map((r) => r.value);
    const outstanding = (await recordsUnder<Holding>(ctx.stub, KeyType.HOLDING, [isin])).reduce(
      (sum, r) => sum + BigInt(r.value.units),
      0n,
    );
    const dueCoupons = couponsDueBy(
      await couponScheduleOf(ctx, bond),
      redemptionDateOf(event, bond.terms.maturityDate, bond.call?.callDate),
    );
    const blocker = finalRedemptionBlocker(eventId, dueCoupons, events, outstanding);
    if (blocker) throw new ChaincodeError(ErrorCode.INVALID_STATE_TRANSITION, `${eventId} of ${isin} cannot complete: ${blocker}`);
  }
  await writeRecord(ctx.stub, eventKey, completed);
  if (redeemsBond(event)) {
    await advanceBond(ctx, bond, 'REDEEMED');
    emitEvent(ctx.stub, ServicingEvent.BOND_REDEEMED, { isin, event: completed });
  } else {
    emitEvent(ctx.stub, ServicingEvent.EVENT_COMPLETED, completed);
  }
  return canonicalJson(completed);
}

/**
 * The events due by `date` (record date reached), and whether each is fixed
 * yet: the scheduler's work list. A floating-rate coupon whose fixing is not
 * published names it (missingFixing).
 */
export async function listDueEvents(ctx: BondContext, isin: string, date: string): Promise<string> {
  const bond = await requireBond(ctx, isin);
  requireDate(date, 'date');
  const { calendar } = await calendarForBond(ctx, bond);
  const fixed = new Set(
    (await recordsUnder<PaymentEvent>(ctx.stub, KeyType.PAYMENT_EVENT, [isin]))
      .map((r) => r.value)
      .filter(isFullyFixed)
      .map((e) => e.eventId),
  );
  const fixings = await fixingsForBond(ctx, bond, calendar);
  const due = dueEvents(bond.terms, calendar, bond.call, date, fixings, bond.partialCalls).map((e): DueEvent => ({
    ...e,
    isin,
    fixed: fixed.has(e.eventId),
  }));
  return canonicalJson(due);
}

export async function listPaymentEvents(ctx: BondContext, isin: string): Promise<string> {
  await requireBond(ctx, isin);
  return canonicalJson((await recordsUnder<PaymentEvent>(ctx.stub, KeyType.PAYMENT_EVENT, [isin])).map((r) => r.value));
}

/** Entitlements and payment status of an event, a page at a time; a suspended member sees its own. */
export async function listEntitlements(
  ctx: BondContext,
  isin: string,
  eventId: string,
  pageSize: string,
  bookmark: string,
): Promise<string> {
  const page = await pageOfRecords<Entitlement>(ctx.stub, KeyType.ENTITLEMENT, [isin, eventId], parsePageSize(pageSize), bookmark);
  if (ctx.auth.readScope === 'own') page.records = page.records.filter((e) => e.holder === ctx.auth.mspId);
  return canonicalJson(page);
}
