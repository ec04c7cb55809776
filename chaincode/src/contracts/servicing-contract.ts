/**
 * Servicing: coupons, options, redemption and default. Ledger code cannot
 * wake itself up: the CSD's or the paying agent's systems submit each due
 * event, and the chaincode checks it against the transaction timestamp and
 * the schedule — too early is refused, late is allowed and recorded.
 *
 * A payment event (coupon or redemption) is fixed on its record date: one
 * entitlement per holding, rounded once per holding, at most
 * ENTITLEMENTS_FIXED_PER_CALL holdings per call (the event is FIXING until
 * the last page; nothing is paid or completed before). The paying agent then
 * confirms each payment; a redemption payment retires the holding (which
 * needs the holder's organisation's endorsement, by the holding's
 * key-level policy). When every entitlement is paid the event is complete,
 * and a completed maturity or call redemption makes the bond REDEEMED.
 */
import { Info, Returns, Transaction } from 'fabric-contract-api';
import {
  type AccruedInterest,
  type Bond,
  ChaincodeError,
  type CouponSchedule,
  type DueEvent,
  ENTITLEMENTS_FIXED_PER_CALL,
  type Entitlement,
  ErrorCode,
  type Holding,
  type PaymentEvent,
  PUT_ACCOUNT_PREFIX,
  type PutElection,
  ServicingEvent,
} from '../api';
import { latestCallNotice, mayCallBond, optionOn } from '../domain/bond-options';
import { canonicalJson } from '../domain/canonical-json';
import { accruedPerUnit, type CouponPeriod, couponSchedule, dueEvents, holdingPayment } from '../domain/coupon-schedule';
import { dateOf, requireDate } from '../domain/dates';
import { fromFraction, toDecimal, toFraction } from '../domain/day-count';
import { defaultGrounds } from '../domain/bond-default';
import {
  completedEvent,
  couponEventId,
  type DuePayment,
  eventAfterPage,
  eventToFix,
  isFullyFixed,
  mayConfirmPayment,
  mayServiceBond,
  paidEntitlement,
  paymentDates,
  putAccountId,
  redeemsBond,
  redemptionDateOf,
  redemptionEventId,
  requireCompletable,
  requirePayable,
} from '../domain/payment-event';
import { couponsDueBy, type EntitlementScope, finalRedemptionBlocker, isEntitled, principalBlocker } from '../domain/servicing-order';
import { PAR, parsePercent, parseUnits } from '../domain/decimal';
import { invalid, parseJsonObject, requireAccountId, requireText } from '../domain/validation';
import { advanceBond, requireBond, requireStatus } from '../ledger/bonds-store';
import { calendarForBond } from '../ledger/calendar-store';
import { BondContext } from '../ledger/context';
import { GuardedContract } from '../ledger/guarded-contract';
import { moveUnits, retireHolding } from '../ledger/holdings-store';
import { registerPageAtEndOf, requireDeliveryOpen } from '../ledger/register';
import { key, KeyType } from '../ledger/keys';
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
} from '../ledger/state';

/** A payment event about to be fixed: what is due, and which accounts are entitled. */
interface EventToFix extends DuePayment {
  scope: EntitlementScope;
}

@Info({ title: 'Servicing', description: 'Coupons, options, redemption and default' })
export class ServicingContract extends GuardedContract {
  constructor() {
    super('Servicing');
  }

  @Transaction(false)
  @Returns('string')
  async GetCouponSchedule(ctx: BondContext, isin: string): Promise<string> {
    const bond = await requireBond(ctx, isin);
    const { calendar, missingYears } = await calendarForBond(ctx, bond);
    const schedule: CouponSchedule = {
      isin,
      specifiedCurrency: bond.terms.specifiedCurrency,
      dayCountFraction: bond.terms.dayCountFraction,
      calendarYearsMissing: missingYears,
      coupons: couponSchedule(bond.terms, calendar).map((p) => ({
        number: p.number,
        accrualStart: p.accrualStart,
        accrualEnd: p.accrualEnd,
        paymentDate: p.paymentDate,
        recordDate: p.recordDate,
        regular: p.regular,
        yearFraction: toDecimal(p.yearFraction, 10),
        yearFractionExact: toFraction(p.yearFraction),
        amountPerUnit: toDecimal(p.amountPerUnit, 6),
        amountPerUnitExact: toFraction(p.amountPerUnit),
      })),
    };
    return canonicalJson(schedule);
  }

  @Transaction(false)
  @Returns('string')
  async GetAccruedInterest(ctx: BondContext, isin: string, date: string): Promise<string> {
    const bond = await requireBond(ctx, isin);
    requireDate(date, 'date');
    const schedule = couponSchedule(bond.terms, (await calendarForBond(ctx, bond)).calendar);
    const period = schedule.find((p) => p.accrualStart <= date && date < p.accrualEnd);
    const accrued = accruedPerUnit(bond.terms, schedule, date);
    const answer: AccruedInterest = {
      isin,
      date,
      couponNumber: period?.number,
      accruedPerUnit: toDecimal(accrued, 6),
      accruedPerUnitExact: toFraction(accrued),
    };
    return canonicalJson(answer);
  }

  /**
   * Fixes a coupon's entitlements from the holdings, on or after its record
   * date: a page of holdings per call; call again while the answer is FIXING.
   */
  @Transaction()
  @Returns('string')
  async FixCouponEntitlements(ctx: BondContext, isin: string, couponNumber: string): Promise<string> {
    const bond = await this.#bondOfServicer(ctx, isin);
    requireStatus(isin, bond.status, 'ISSUED', 'CALLED');
    const period = (await this.#schedule(ctx, bond)).find((p) => String(p.number) === couponNumber);
    if (!period) throw new ChaincodeError(ErrorCode.NOT_FOUND, `${isin} has no coupon ${couponNumber}`);
    if (bond.call && period.accrualEnd > bond.call.callDate) {
      throw new ChaincodeError(ErrorCode.INVALID_STATE_TRANSITION, `${isin} is called on ${bond.call.callDate}; coupon ${couponNumber} is not due`);
    }
    return this.#fix(ctx, bond, {
      isin,
      eventId: couponEventId(period.number),
      kind: 'COUPON',
      couponNumber: period.number,
      recordDate: period.recordDate,
      paymentDate: period.paymentDate,
      amountPerUnit: period.amountPerUnit,
      scope: { kind: 'COUPON', accrualEnd: period.accrualEnd },
    });
  }

  /**
   * Fixes a redemption's entitlements: MATURITY and CALL redeem every
   * holding; PUT (with its date) redeems the units elected for that put.
   */
  @Transaction()
  @Returns('string')
  async FixRedemptionEntitlements(ctx: BondContext, requestJson: string): Promise<string> {
    const input = parseJsonObject(requestJson, 'request');
    const bond = await this.#bondOfServicer(ctx, requireText(input.isin, 'isin', 12));
    const { calendar } = await calendarForBond(ctx, bond);
    const due = (date: string, price: string, extra: Partial<EventToFix>): EventToFix => ({
      isin: bond.isin,
      eventId: '',
      kind: 'REDEMPTION',
      ...paymentDates(bond.terms, calendar, date),
      price,
      amountPerUnit: { num: BigInt(bond.terms.specifiedDenomination) * parsePercent(price, 'price'), den: PAR },
      scope: { kind: 'REDEMPTION', redemptionDate: date },
      ...extra,
    });
    switch (input.reason) {
      case 'MATURITY':
        requireStatus(bond.isin, bond.status, 'ISSUED');
        return this.#fix(ctx, bond, due(bond.terms.maturityDate, '100', { eventId: redemptionEventId('MATURITY'), reason: 'MATURITY' }));
      case 'CALL': {
        requireStatus(bond.isin, bond.status, 'CALLED');
        const call = bond.call;
        if (!call) throw new ChaincodeError(ErrorCode.INVALID_STATE_TRANSITION, `${bond.isin} has no call notice`);
        return this.#fix(ctx, bond, due(call.callDate, call.price, { eventId: redemptionEventId('CALL'), reason: 'CALL' }));
      }
      case 'PUT': {
        requireStatus(bond.isin, bond.status, 'ISSUED', 'CALLED');
        const put = optionOn(bond.terms, 'putSchedule', input.putDate);
        if (bond.call && put.date > bond.call.callDate) {
          throw new ChaincodeError(ErrorCode.INVALID_STATE_TRANSITION, `${bond.isin} is called on ${bond.call.callDate}: the call redeems the units put for ${put.date}`);
        }
        const scope = { kind: 'PUT', account: putAccountId(put.date) } as const;
        return this.#fix(ctx, bond, due(put.date, put.price, { eventId: redemptionEventId('PUT', put.date), reason: 'PUT', scope }));
      }
      default:
        throw invalid('reason must be MATURITY, CALL or PUT');
    }
  }

  /** The paying agent confirms one holder's payment, on or after the payment date. */
  @Transaction()
  @Returns('string')
  async ConfirmPayment(ctx: BondContext, isin: string, eventId: string, holder: string, accountId: string): Promise<string> {
    const bond = await this.#bondOfServicer(ctx, isin);
    if (!mayConfirmPayment(bond, ctx.auth.mspId)) {
      throw new ChaincodeError(ErrorCode.NOT_A_PARTY, `only the paying agent ${bond.terms.payingAgent} confirms payments`);
    }
    // Nothing is paid after redemption or default.
    requireStatus(isin, bond.status, 'ISSUED', 'CALLED');
    const event = await requireRecord<PaymentEvent>(ctx.stub, key(ctx.stub, KeyType.PAYMENT_EVENT, isin, eventId), `payment event ${eventId} of ${isin}`);
    const today = dateOf(ctx.stub.getDateTimestamp());
    requirePayable(event, today);
    const entitlementKey = key(ctx.stub, KeyType.ENTITLEMENT, isin, eventId, holder, accountId);
    const entitlement = await requireRecord<Entitlement>(ctx.stub, entitlementKey, `the entitlement of ${holder}/${accountId} to ${eventId}`);
    const paid = paidEntitlement(entitlement, event, today, changeStamp(ctx));
    if (event.kind === 'REDEMPTION') {
      await this.#requireCouponsPaidBefore(ctx, bond, event, entitlement);
      await retireHolding(ctx, { isin, holder, accountId }, BigInt(entitlement.units));
    }
    return recordAndAnnounce(ctx.stub, entitlementKey, paid, ServicingEvent.PAYMENT_CONFIRMED);
  }

  /** Completes an event once every entitlement is paid; a maturity or call redemption makes the bond REDEEMED. */
  @Transaction()
  @Returns('string')
  async CompletePaymentEvent(ctx: BondContext, isin: string, eventId: string): Promise<string> {
    const bond = await this.#bondOfServicer(ctx, isin);
    const eventKey = key(ctx.stub, KeyType.PAYMENT_EVENT, isin, eventId);
    const event = await requireRecord<PaymentEvent>(ctx.stub, eventKey, `payment event ${eventId} of ${isin}`);
    requireCompletable(event);
    const entitlements = (await recordsUnder<Entitlement>(ctx.stub, KeyType.ENTITLEMENT, [isin, eventId])).map((r) => r.value);
    const completed = completedEvent(event, entitlements, changeStamp(ctx));
    if (redeemsBond(event)) {
      requireStatus(isin, bond.status, 'ISSUED', 'CALLED');
      const events = (await recordsUnder<PaymentEvent>(ctx.stub, KeyType.PAYMENT_EVENT, [isin])).map((r) => r.value);
      const outstanding = (await recordsUnder<Holding>(ctx.stub, KeyType.HOLDING, [isin])).reduce((sum, r) => sum + BigInt(r.value.units), 0n);
      const dueCoupons = couponsDueBy(await this.#schedule(ctx, bond), redemptionDateOf(event, bond.terms.maturityDate, bond.call?.callDate));
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

  /** The issuer calls the bond on a call date of its terms, giving the required notice. */
  @Transaction()
  @Returns('string')
  async CallBond(ctx: BondContext, isin: string, callDate: string): Promise<string> {
    const bond = await requireBond(ctx, isin);
    if (!mayCallBond(bond, ctx.auth.mspId)) throw new ChaincodeError(ErrorCode.NOT_A_PARTY, `only the issuer ${bond.issuer} calls ${isin}`);
    requireStatus(isin, bond.status, 'ISSUED');
    const option = optionOn(bond.terms, 'callSchedule', callDate);
    const latestNotice = latestCallNotice(bond.terms, option.date);
    if (dateOf(ctx.stub.getDateTimestamp()) > latestNotice) {
      throw new ChaincodeError(ErrorCode.OUTSIDE_WINDOW, `a call on ${option.date} needs notice by ${latestNotice}`);
    }
    const called = await advanceBond(ctx, bond, 'CALLED', { call: { callDate: option.date, price: option.price, notice: changeStamp(ctx) } });
    emitEvent(ctx.stub, ServicingEvent.BOND_CALLED, called);
    return canonicalJson(called);
  }

  /**
   * A holder exercises a put for some of its units, up to the put's record
   * date: the units move to its account PUT-<date>, which cannot be
   * transferred, and are redeemed on the put date.
   */
  @Transaction()
  @Returns('string')
  async ExercisePut(ctx: BondContext, requestJson: string): Promise<string> {
    const input = parseJsonObject(requestJson, 'request');
    const bond = await requireBond(ctx, requireText(input.isin, 'isin', 12));
    requireStatus(bond.isin, bond.status, 'ISSUED');
    const put = optionOn(bond.terms, 'putSchedule', input.putDate);
    const { calendar } = await calendarForBond(ctx, bond);
    const { recordDate } = paymentDates(bond.terms, calendar, put.date);
    if (dateOf(ctx.stub.getDateTimestamp()) > recordDate) {
      throw new ChaincodeError(ErrorCode.OUTSIDE_WINDOW, `the put on ${put.date} could be exercised until ${recordDate}`);
    }
    const accountId = requireAccountId(input.accountId);
    if (accountId.startsWith(PUT_ACCOUNT_PREFIX)) throw invalid(`${accountId} is a put account`);
    const units = parseUnits(input.units, 'units');
    await requireDeliveryOpen(ctx, bond);
    const to = { isin: bond.isin, holder: ctx.auth.mspId, accountId: putAccountId(put.date) };
    await moveUnits(ctx, { isin: bond.isin, holder: ctx.auth.mspId, accountId }, to, units);
    const election: PutElection = { ...to, fromAccount: accountId, units: units.toString(), price: put.price, exercised: changeStamp(ctx) };
    emitEvent(ctx.stub, ServicingEvent.PUT_EXERCISED, election);
    return canonicalJson(election);
  }

  /** The CSD declares a default when a fixed payment is unconfirmed after its payment date. */
  @Transaction()
  @Returns('string')
  async DeclareDefault(ctx: BondContext, isin: string, reason: string): Promise<string> {
    const bond = await requireBond(ctx, isin);
    const events = (await recordsUnder<PaymentEvent>(ctx.stub, KeyType.PAYMENT_EVENT, [isin])).map((r) => r.value);
    const overdue = defaultGrounds(bond, events, dateOf(ctx.stub.getDateTimestamp()));
    const defaulted = await advanceBond(ctx, bond, 'DEFAULTED');
    const payload = { isin, reason: requireText(reason, 'reason', 500), overdue, bond: defaulted };
    emitEvent(ctx.stub, ServicingEvent.BOND_DEFAULTED, payload);
    return canonicalJson(defaulted);
  }

  /** The events due by `date` (record date reached), and whether each is fixed yet: the scheduler's work list. */
  @Transaction(false)
  @Returns('string')
  async ListDueEvents(ctx: BondContext, isin: string, date: string): Promise<string> {
    const bond = await requireBond(ctx, isin);
    requireDate(date, 'date');
    const { calendar } = await calendarForBond(ctx, bond);
    const fixed = new Set(
      (await recordsUnder<PaymentEvent>(ctx.stub, KeyType.PAYMENT_EVENT, [isin]))
        .map((r) => r.value)
        .filter(isFullyFixed)
        .map((e) => e.eventId),
    );
    const due = dueEvents(bond.terms, calendar, bond.call, date).map((e): DueEvent => ({ ...e, isin, fixed: fixed.has(e.eventId) }));
    return canonicalJson(due);
  }

  @Transaction(false)
  @Returns('string')
  async ListPaymentEvents(ctx: BondContext, isin: string): Promise<string> {
    await requireBond(ctx, isin);
    return canonicalJson((await recordsUnder<PaymentEvent>(ctx.stub, KeyType.PAYMENT_EVENT, [isin])).map((r) => r.value));
  }

  /** Entitlements and payment status of an event, a page at a time; a suspended member sees its own. */
  @Transaction(false)
  @Returns('string')
  async ListEntitlements(ctx: BondContext, isin: string, eventId: string, pageSize: string, bookmark: string): Promise<string> {
    const page = await pageOfRecords<Entitlement>(ctx.stub, KeyType.ENTITLEMENT, [isin, eventId], parsePageSize(pageSize), bookmark);
    if (ctx.auth.readScope === 'own') page.records = page.records.filter((e) => e.holder === ctx.auth.mspId);
    return canonicalJson(page);
  }

  /**
   * Fixes the next page of an event's entitlements: the first call creates
   * the event (FIXING), each call goes through up to ENTITLEMENTS_FIXED_PER_CALL
   * holdings after the last one fixed, and the call that reaches the end of
   * the register makes it ENTITLEMENTS_FIXED. A fixed event is not fixed again.
   */
  async #fix(ctx: BondContext, bond: Bond, due: EventToFix): Promise<string> {
    const eventKey = key(ctx.stub, KeyType.PAYMENT_EVENT, bond.isin, due.eventId);
    const existing = await readRecord<PaymentEvent>(ctx.stub, eventKey);
    // A continuation keeps the record date and amount the event was created with.
    const event = eventToFix(existing, due, dateOf(ctx.stub.getDateTimestamp()), changeStamp(ctx));
    const amountPerUnit = existing?.amountPerUnitExact ? fromFraction(existing.amountPerUnitExact) : due.amountPerUnit;
    // The register as it stood at the end of the record date, however late the fix.
    const page = await registerPageAtEndOf(ctx, bond.isin, event.recordDate, existing?.fixedThrough, ENTITLEMENTS_FIXED_PER_CALL);
    const holdings = page.lines.filter((h) => isEntitled(due.scope, h.accountId));
    let totalUnits = 0n;
    let totalAmount = 0n;
    for (const h of holdings) {
      const units = h.units;
      const amount = holdingPayment(units, amountPerUnit);
      totalUnits += units;
      totalAmount += amount;
      const entitlement: Entitlement = {
        isin: bond.isin,
        eventId: due.eventId,
        holder: h.holder,
        accountId: h.accountId,
        units: units.toString(),
        amount: amount.toString(),
        status: 'DUE',
      };
      await writeRecord(ctx.stub, key(ctx.stub, KeyType.ENTITLEMENT, bond.isin, due.eventId, h.holder, h.accountId), entitlement);
    }
    const next = eventAfterPage(event, { holders: holdings.length, units: totalUnits, amount: totalAmount, complete: page.complete, last: page.last });
    return recordAndAnnounce(ctx.stub, eventKey, next, isFullyFixed(next) ? ServicingEvent.ENTITLEMENTS_FIXED : ServicingEvent.ENTITLEMENTS_FIXING);
  }

  /** Coupons before principal: the coupons due by the redemption are fixed, and this holding's are paid. */
  async #requireCouponsPaidBefore(ctx: BondContext, bond: Bond, event: PaymentEvent, entitlement: Entitlement): Promise<void> {
    const dueCoupons = couponsDueBy(await this.#schedule(ctx, bond), redemptionDateOf(event, bond.terms.maturityDate, bond.call?.callDate));
    const fixed = new Set<string>();
    const unpaid = new Set<string>();
    for (const period of dueCoupons) {
      const eventId = couponEventId(period.number);
      const coupon = await readRecord<PaymentEvent>(ctx.stub, key(ctx.stub, KeyType.PAYMENT_EVENT, bond.isin, eventId));
      if (!coupon || !isFullyFixed(coupon)) continue;
      fixed.add(eventId);
      const own = await readRecord<Entitlement>(ctx.stub, key(ctx.stub, KeyType.ENTITLEMENT, bond.isin, eventId, entitlement.holder, entitlement.accountId));
      if (own && own.status !== 'PAID') unpaid.add(eventId);
    }
    const blocker = principalBlocker(dueCoupons, fixed, unpaid);
    if (blocker) {
      throw new ChaincodeError(ErrorCode.INVALID_STATE_TRANSITION, `${event.eventId} of ${entitlement.holder}/${entitlement.accountId} cannot be paid: ${blocker}`);
    }
  }

  async #schedule(ctx: BondContext, bond: Bond): Promise<CouponPeriod[]> {
    return couponSchedule(bond.terms, (await calendarForBond(ctx, bond)).calendar);
  }

  /** The bond, if the caller is the CSD or the bond's paying agent. */
  async #bondOfServicer(ctx: BondContext, isin: string): Promise<Bond> {
    const bond = await requireBond(ctx, isin);
    if (!mayServiceBond(bond, ctx.auth.mspId, ctx.csd)) {
      throw new ChaincodeError(ErrorCode.NOT_A_PARTY, `only the CSD or the paying agent ${bond.terms.payingAgent} services ${isin}`);
    }
    return bond;
  }
}
