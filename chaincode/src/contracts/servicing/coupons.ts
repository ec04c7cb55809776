/** Coupons: the schedule, accrued interest, and fixing a coupon's entitlements. */
import { type AccruedInterest, type Bond, ChaincodeError, type CouponSchedule, ErrorCode, type PrincipalRepaymentEntry } from '../../api';
import { amortises, principalAmountPerUnit, principalRepayments } from '../../domain/amortisation';
import type { BusinessCalendar } from '../../domain/calendar';
import { canonicalJson } from '../../domain/canonical-json';
import { accruedPerUnit, requireAmountPerUnit } from '../../domain/coupon-schedule';
import { requireDate } from '../../domain/dates';
import { moneyMarketYield } from '../../domain/discount-yield';
import { formatPercent, PAR } from '../../domain/decimal';
import { toDecimal, toFraction } from '../../domain/day-count';
import { couponEventId, paymentDates } from '../../domain/payment-event';
import { requireBond, requireStatus } from '../../ledger/bonds-store';
import { calendarForBond } from '../../ledger/calendar-store';
import type { BondContext } from '../../ledger/context';
import { scheduleWithFixings } from '../../ledger/fixings-store';
import { bondOfServicer, couponScheduleOf, fixEntitlements } from './payment-events';

export async function getCouponSchedule(ctx: BondContext, isin: string): Promise<string> {
  const bond = await requireBond(ctx, isin);
  const { calendar, missingYears } = await calendarForBond(ctx, bond);
  const yieldPercent = moneyMarketYield(bond.terms);
  const repayments = principalRepaymentEntries(bond, calendar);
  const schedule: CouponSchedule = {
    isin,
    specifiedCurrency: bond.terms.specifiedCurrency,
    dayCountFraction: bond.terms.dayCountFraction,
    referenceRate: bond.terms.floatingRate?.referenceRate,
    calendarYearsMissing: missingYears,
    moneyMarketYield: yieldPercent && toDecimal(yieldPercent, 6),
    moneyMarketYieldExact: yieldPercent && toFraction(yieldPercent),
    coupons: (await scheduleWithFixings(ctx, bond, calendar)).map((p) => ({
      number: p.number,
      accrualStart: p.accrualStart,
      accrualEnd: p.accrualEnd,
      paymentDate: p.paymentDate,
      recordDate: p.recordDate,
      regular: p.regular,
      yearFraction: toDecimal(p.yearFraction, 10),
      yearFractionExact: toFraction(p.yearFraction),
      fixingDate: p.floating?.fixingDate,
      fixing: p.floating?.fixing === undefined ? undefined : formatPercent(p.floating.fixing),
      rate: p.floating?.rate === undefined ? undefined : formatPercent(p.floating.rate),
      amountPerUnit: p.amountPerUnit && toDecimal(p.amountPerUnit, 6),
      amountPerUnitExact: p.amountPerUnit && toFraction(p.amountPerUnit),
      principalPercent: repayments ? formatPercent(p.principalPercent) : undefined,
    })),
    principalRepayments: repayments,
  };
  return canonicalJson(schedule);
}

/** An amortising or partly called bond's principal repayments before its final redemption; undefined for any other bond. */
function principalRepaymentEntries(bond: Bond, calendar: BusinessCalendar): PrincipalRepaymentEntry[] | undefined {
  const repayments = principalRepayments(bond.terms, bond.partialCalls);
  if (!amortises(repayments)) return undefined;
  let left = PAR;
  return repayments.map((r) => {
    const amount = principalAmountPerUnit(bond.terms.specifiedDenomination, r.percent, r.price);
    left -= r.percent;
    return {
      reason: r.reason,
      date: r.date,
      ...paymentDates(bond.terms, calendar, r.date),
      percent: formatPercent(r.percent),
      price: formatPercent(r.price),
      principalPercentAfter: formatPercent(left),
      amountPerUnit: toDecimal(amount, 6),
      amountPerUnitExact: toFraction(amount),
    };
  });
}

export async function getAccruedInterest(ctx: BondContext, isin: string, date: string): Promise<string> {
  const bond = await requireBond(ctx, isin);
  requireDate(date, 'date');
  const schedule = await scheduleWithFixings(ctx, bond, (await calendarForBond(ctx, bond)).calendar);
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
 * A floating-rate coupon is refused (FIXING_MISSING) until its fixing is published.
 */
export async function fixCouponEntitlements(ctx: BondContext, isin: string, couponNumber: string): Promise<string> {
  const bond = await bondOfServicer(ctx, isin);
  requireStatus(isin, bond.status, 'ISSUED', 'CALLED');
  const period = (await couponScheduleOf(ctx, bond)).find((p) => String(p.number) === couponNumber);
  if (!period) throw new ChaincodeError(ErrorCode.NOT_FOUND, `${isin} has no coupon ${couponNumber}`);
  if (bond.call && period.accrualEnd > bond.call.callDate) {
    throw new ChaincodeError(
      ErrorCode.INVALID_STATE_TRANSITION,
      `${isin} is called on ${bond.call.callDate}; coupon ${couponNumber} is not due`,
    );
  }
  const amountPerUnit = requireAmountPerUnit(bond.terms, period);
  return fixEntitlements(ctx, bond, {
    isin,
    eventId: couponEventId(period.number),
    kind: 'COUPON',
    couponNumber: period.number,
    recordDate: period.recordDate,
    paymentDate: period.paymentDate,
    amountPerUnit,
    scope: { kind: 'COUPON', accrualEnd: period.accrualEnd },
  });
}
