/**
 * A bond's coupon schedule, derived deterministically from its terms and the
 * CSD's calendar: unadjusted dates rolled back from maturity in steps of
 * 12/f months (end of month kept when maturity is a month end), a short first
 * period when the issue date is off-cycle, payment dates adjusted with the
 * business-day convention, and record dates a number of business days before
 * payment.
 *
 * Amounts: the coupon per unit is the exact rational face value × rate ×
 * year fraction. A holder's payment is units × that, rounded half up to the
 * minor unit once (per holding, per payment). The issuer funds the sum of
 * the holders' payments, so the two reconcile exactly; against the
 * unrounded total they differ by at most half a minor unit per holding.
 */
import type { BondTermsRequest } from '../api/bonds';
import type { DueEvent as DueEventRow } from '../api/servicing';
import type { BusinessCalendar } from './calendar';
import { addMonths, daysInMonth, parseYmd } from './dates';
import { type Rational, type ReferencePeriod, yearFraction } from './day-count';
import { PAR, parsePercent } from './decimal';

const FREQUENCY: Record<BondTermsRequest['interestPaymentFrequency'], number> = { ANNUALLY: 1, SEMIANNUALLY: 2, QUARTERLY: 4, NONE: 0 };

export interface CouponPeriod {
  number: number;
  accrualStart: string;
  /** Also the unadjusted payment date. */
  accrualEnd: string;
  paymentDate: string;
  recordDate: string;
  regular: boolean;
  referencePeriods: ReferencePeriod[];
  yearFraction: Rational;
  /** Minor units per unit, exact. */
  amountPerUnit: Rational;
}

type ScheduleTerms = Pick<
  BondTermsRequest,
  | 'interestPaymentFrequency'
  | 'issueDate'
  | 'maturityDate'
  | 'dayCountFraction'
  | 'specifiedDenomination'
  | 'interestRate'
  | 'businessDayConvention'
  | 'recordDateOffset'
>;

function isMonthEnd(date: string): boolean {
  const ymd = parseYmd(date);
  return ymd !== undefined && ymd.day === daysInMonth(ymd.year, ymd.month);
}

export function frequencyOf(terms: Pick<BondTermsRequest, 'interestPaymentFrequency'>): number {
  return FREQUENCY[terms.interestPaymentFrequency];
}

/** Unadjusted coupon dates after the issue date, ascending, ending at maturity. */
export function unadjustedCouponDates(terms: ScheduleTerms): string[] {
  const frequency = frequencyOf(terms);
  if (frequency === 0) return [];
  const months = 12 / frequency;
  const endOfMonth = isMonthEnd(terms.maturityDate);
  const dates: string[] = [];
  for (let k = 0; ; k++) {
    const date = addMonths(terms.maturityDate, -k * months, endOfMonth);
    if (date <= terms.issueDate) break;
    dates.push(date);
  }
  return dates.reverse();
}

/** Per-unit coupon for a year fraction: face value × rate × fraction, exact. */
export function perUnitInterest(terms: Pick<BondTermsRequest, 'specifiedDenomination' | 'interestRate'>, fraction: Rational): Rational {
  const rate = parsePercent(terms.interestRate ?? '0', 'interestRate');
  return { num: BigInt(terms.specifiedDenomination) * rate * fraction.num, den: PAR * fraction.den };
}

export function couponSchedule(terms: ScheduleTerms, calendar: BusinessCalendar): CouponPeriod[] {
  const frequency = frequencyOf(terms);
  const months = 12 / (frequency || 1);
  const endOfMonth = isMonthEnd(terms.maturityDate);
  let start = terms.issueDate;
  return unadjustedCouponDates(terms).map((end, index) => {
    const notionalStart = addMonths(end, -months, endOfMonth);
    const referencePeriods = [{ start: notionalStart, end }];
    const fraction = yearFraction(terms.dayCountFraction, start, end, { periods: referencePeriods, frequency });
    const paymentDate = calendar.adjust(end, terms.businessDayConvention);
    const period: CouponPeriod = {
      number: index + 1,
      accrualStart: start,
      accrualEnd: end,
      paymentDate,
      recordDate: calendar.addBusinessDays(paymentDate, -terms.recordDateOffset),
      regular: notionalStart === start,
      referencePeriods,
      yearFraction: fraction,
      amountPerUnit: perUnitInterest(terms, fraction),
    };
    start = end;
    return period;
  });
}

/** Interest accrued per unit on `date` since the start of its coupon period (zero outside the schedule). */
export function accruedPerUnit(terms: ScheduleTerms, schedule: readonly CouponPeriod[], date: string): Rational {
  const period = schedule.find((p) => p.accrualStart <= date && date < p.accrualEnd);
  if (!period) return { num: 0n, den: 1n };
  const fraction = yearFraction(terms.dayCountFraction, period.accrualStart, date, {
    periods: period.referencePeriods,
    frequency: frequencyOf(terms),
  });
  return perUnitInterest(terms, fraction);
}

/** A holding's payment: units × per-unit amount, rounded half up to the minor unit, once. */
export function holdingPayment(units: bigint, perUnit: Rational): bigint {
  return (units * perUnit.num * 2n + perUnit.den) / (2n * perUnit.den);
}

/** A due event as the schedule sees it; the API's DueEvent adds the bond and whether it is fixed. */
export type DueEvent = Omit<DueEventRow, 'isin' | 'fixed'>;

/**
 * The coupon and redemption events whose record date has come by `today`:
 * what the servicer's scheduler submits (puts are fixed by whoever services
 * the put, once elections are in). A called bond pays coupons up to its
 * call date and is redeemed on it instead of at maturity.
 */
export function dueEvents(
  terms: ScheduleTerms,
  calendar: BusinessCalendar,
  call: { callDate: string } | undefined,
  today: string,
): DueEvent[] {
  const due: DueEvent[] = [];
  for (const period of couponSchedule(terms, calendar)) {
    if (call && period.accrualEnd > call.callDate) break;
    if (period.recordDate <= today) {
      due.push({ eventId: `C-${String(period.number).padStart(3, '0')}`, kind: 'COUPON', couponNumber: period.number, recordDate: period.recordDate, paymentDate: period.paymentDate });
    }
  }
  const { paymentDate, recordDate } = finalRedemption(terms, calendar, call);
  if (recordDate <= today) {
    due.push({ eventId: call ? 'R-CALL' : 'R-MATURITY', kind: 'REDEMPTION', reason: call ? 'CALL' : 'MATURITY', recordDate, paymentDate });
  }
  return due;
}

/** The redemption that ends the bond (at maturity, or on the call date once called): its dates. */
export function finalRedemption(
  terms: ScheduleTerms,
  calendar: BusinessCalendar,
  call: { callDate: string } | undefined,
): { redemptionDate: string; paymentDate: string; recordDate: string } {
  const redemptionDate = call ? call.callDate : terms.maturityDate;
  const paymentDate = calendar.adjust(redemptionDate, terms.businessDayConvention);
  return { redemptionDate, paymentDate, recordDate: calendar.addBusinessDays(paymentDate, -terms.recordDateOffset) };
}

/** The first record date of the bond: its first coupon's, or (zero coupon) its redemption's. */
export function firstRecordDate(terms: ScheduleTerms, calendar: BusinessCalendar): string {
  return couponSchedule(terms, calendar)[0]?.recordDate ?? finalRedemption(terms, calendar, undefined).recordDate;
}
