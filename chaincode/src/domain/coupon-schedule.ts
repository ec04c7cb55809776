/**
 * A bond's coupon schedule, derived deterministically from its terms and the
 * CSD's calendar: unadjusted dates rolled back in steps of 12/f months from
 * the penultimate coupon date when the terms name one, else from maturity
 * (end of month kept when that anchor is a month end); a short first period
 * when the issue date is off-cycle; payment dates adjusted with the
 * business-day convention, and record dates a number of business days before
 * payment (both by domain/payment-event.ts).
 *
 * Stub periods (ICMA Rule 251, the quasi-coupon rule): a named first coupon
 * date must lie on that grid; the first period [issue, first coupon) is then
 * short or long, and its reference periods are the quasi-coupon periods of the
 * grid rolled back from the first coupon date until one starts on or before
 * the issue date. A named penultimate coupon date makes [penultimate,
 * maturity) the last period, short or long, whose reference periods are the
 * quasi-coupon periods rolled forward from the penultimate date until one ends
 * on or after maturity. ACT/ACT ICMA sums days / (f · reference length) over
 * them; the other conventions count the period itself.
 *
 * Amounts: the coupon per unit is the exact rational face value × rate ×
 * year fraction. A holder's payment is units × that, rounded half up to the
 * minor unit once (per holding, per payment). The issuer funds the sum of
 * the holders' payments, so the two reconcile exactly; against the
 * unrounded total they differ by at most half a minor unit per holding.
 *
 * Floating-rate notes (domain/floating-rate.ts): each period has a fixing
 * date; its rate and amounts are known once that fixing is published, and
 * are then exact in the same way.
 *
 * Amortising and partly called bonds (domain/amortisation.ts): a period
 * accrues on the principal outstanding at its start, the face value less
 * the repayments dated on or before it; repayments fall on coupon dates, so
 * the principal is constant within a period.
 */
import type { BondTermsRequest, PartialCallNotice } from '../api/bonds';
import type { DueEvent as DueEventRow } from '../api/servicing';
import { partialRedemptionEventId, principalPercentAfter, principalRepayments } from './amortisation';
import type { BusinessCalendar } from './calendar';
import { addMonths, daysInMonth, parseYmd } from './dates';
import { add, type Rational, type ReferencePeriod, yearFraction } from './day-count';
import { PAR, parsePercent } from './decimal';
import { fixingDateOf, fixingMissing, periodRate } from './floating-rate';
import { couponEventId, paymentDates, redemptionEventId } from './payment-event';

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
  /** Principal per unit the period accrues on: fixed-point percent of the original face value (PAR unless the bond amortises). */
  principalPercent: bigint;
  /** Floating-rate note: the period's fixing date, and once published the fixing and the period rate (fixed-point percent). */
  floating?: { fixingDate: string; fixing?: bigint; rate?: bigint };
  /** Minor units per unit, exact; a floating-rate period's only once its fixing is published. */
  amountPerUnit?: Rational;
}

/** A floating-rate note's published fixings of its reference rate: fixing date → rate (fixed-point percent). */
export type Fixings = ReadonlyMap<string, bigint>;
const NO_FIXINGS: Fixings = new Map();

type ScheduleTerms = Pick<
  BondTermsRequest,
  | 'interestPaymentFrequency'
  | 'issueDate'
  | 'maturityDate'
  | 'firstCouponDate'
  | 'penultimateCouponDate'
  | 'dayCountFraction'
  | 'specifiedDenomination'
  | 'interestRate'
  | 'floatingRate'
  | 'businessDayConvention'
  | 'recordDateOffset'
  | 'amortisationSchedule'
>;

function isMonthEnd(date: string): boolean {
  const ymd = parseYmd(date);
  return ymd !== undefined && ymd.day === daysInMonth(ymd.year, ymd.month);
}

export function frequencyOf(terms: Pick<BondTermsRequest, 'interestPaymentFrequency'>): number {
  return FREQUENCY[terms.interestPaymentFrequency];
}

/**
 * The regular coupon grid: dates `anchor − k·(12/f) months` (k an integer;
 * negative k rolls forward), month ends kept when the anchor is one. The
 * anchor is the penultimate coupon date when the terms name one, else maturity.
 */
export interface CouponGrid {
  anchor: string;
  months: number;
  endOfMonth: boolean;
}

export function couponGrid(terms: Pick<ScheduleTerms, 'interestPaymentFrequency' | 'maturityDate' | 'penultimateCouponDate'>): CouponGrid {
  const anchor = terms.penultimateCouponDate ?? terms.maturityDate;
  return { anchor, months: 12 / (frequencyOf(terms) || 1), endOfMonth: isMonthEnd(anchor) };
}

/** The grid date k steps before the anchor (after it for negative k). */
export function gridDate(grid: CouponGrid, k: number): string {
  return addMonths(grid.anchor, -k * grid.months, grid.endOfMonth);
}

/** Grid steps back from the anchor to `date`, or undefined when `date` is not on or before the anchor on the grid. */
export function gridIndexOf(grid: CouponGrid, date: string): number | undefined {
  for (let k = 0; ; k++) {
    const d = gridDate(grid, k);
    if (d === date) return k;
    if (d < date) return undefined;
  }
}

/** Grid indices of the coupon dates up to the anchor, earliest first: from the first coupon date, else the first grid date after issue. */
function couponIndices(terms: ScheduleTerms, grid: CouponGrid): number[] {
  const indices: number[] = [];
  for (let k = 0; ; k++) {
    const date = gridDate(grid, k);
    if (date <= terms.issueDate || (terms.firstCouponDate !== undefined && date < terms.firstCouponDate)) break;
    indices.push(k);
  }
  return indices.reverse();
}

/** Unadjusted coupon dates after the issue date, ascending, ending at maturity. */
export function unadjustedCouponDates(terms: ScheduleTerms): string[] {
  if (frequencyOf(terms) === 0) return [];
  const grid = couponGrid(terms);
  const dates = couponIndices(terms, grid).map((k) => gridDate(grid, k));
  if (terms.penultimateCouponDate !== undefined) dates.push(terms.maturityDate);
  return dates;
}

/** Quasi-coupon periods of [start, grid date k), rolled back from it until one starts on or before `start`. */
function referencePeriodsBack(grid: CouponGrid, start: string, k: number): ReferencePeriod[] {
  const periods: ReferencePeriod[] = [];
  for (let j = k; gridDate(grid, j) > start; j++) periods.unshift({ start: gridDate(grid, j + 1), end: gridDate(grid, j) });
  return periods;
}

/** Quasi-coupon periods of [anchor, end), rolled forward from the anchor until one ends on or after `end`. */
function referencePeriodsForward(grid: CouponGrid, end: string): ReferencePeriod[] {
  const periods: ReferencePeriod[] = [];
  for (let j = 0; gridDate(grid, -j) < end; j++) periods.push({ start: gridDate(grid, -j), end: gridDate(grid, -j - 1) });
  return periods;
}

/** Per-unit coupon for a year fraction: face value (× principal outstanding) × rate × fraction, exact. */
export function perUnitInterest(
  terms: Pick<BondTermsRequest, 'specifiedDenomination' | 'interestRate'>,
  fraction: Rational,
  principalPercent: bigint = PAR,
): Rational {
  return perUnitInterestAt(terms, parsePercent(terms.interestRate ?? '0', 'interestRate'), fraction, principalPercent);
}

/** Per-unit interest at `rate` (fixed-point percent) for a year fraction on `principalPercent` of the face value, exact. */
export function perUnitInterestAt(
  terms: Pick<BondTermsRequest, 'specifiedDenomination'>,
  rate: bigint,
  fraction: Rational,
  principalPercent: bigint = PAR,
): Rational {
  return { num: BigInt(terms.specifiedDenomination) * principalPercent * rate * fraction.num, den: PAR * PAR * fraction.den };
}

/** A period's rate and amount: the terms' fixed rate, or a floating-rate period's from its fixing when published. */
function periodInterest(
  terms: ScheduleTerms,
  calendar: BusinessCalendar,
  fixings: Fixings,
  start: string,
  fraction: Rational,
  principalPercent: bigint,
): Pick<CouponPeriod, 'floating' | 'amountPerUnit'> {
  const floating = terms.floatingRate;
  if (!floating) return { amountPerUnit: perUnitInterest(terms, fraction, principalPercent) };
  const fixingDate = fixingDateOf(start, floating.fixingLagBusinessDays, calendar);
  const fixing = fixings.get(fixingDate);
  if (fixing === undefined) return { floating: { fixingDate } };
  const rate = periodRate(floating, fixing);
  return { floating: { fixingDate, fixing, rate }, amountPerUnit: perUnitInterestAt(terms, rate, fraction, principalPercent) };
}

/**
 * The bond's coupon periods: with the published fixings a floating-rate
 * note's amounts need, and the issuer's partial calls an amortising or
 * partly called bond's principal needs.
 */
export function couponSchedule(
  terms: ScheduleTerms,
  calendar: BusinessCalendar,
  fixings: Fixings = NO_FIXINGS,
  partialCalls: readonly PartialCallNotice[] = [],
): CouponPeriod[] {
  const frequency = frequencyOf(terms);
  if (frequency === 0) return [];
  const repayments = principalRepayments(terms, partialCalls);
  const grid = couponGrid(terms);
  const accruals: { start: string; end: string; referencePeriods: ReferencePeriod[] }[] = [];
  let start = terms.issueDate;
  for (const k of couponIndices(terms, grid)) {
    const end = gridDate(grid, k);
    accruals.push({ start, end, referencePeriods: referencePeriodsBack(grid, start, k) });
    start = end;
  }
  if (terms.penultimateCouponDate !== undefined) {
    accruals.push({ start, end: terms.maturityDate, referencePeriods: referencePeriodsForward(grid, terms.maturityDate) });
  }
  return accruals.map(({ start, end, referencePeriods }, index) => {
    const fraction = yearFraction(terms.dayCountFraction, start, end, { periods: referencePeriods, frequency });
    const [only] = referencePeriods;
    const principalPercent = principalPercentAfter(repayments, start);
    return {
      number: index + 1,
      accrualStart: start,
      accrualEnd: end,
      ...paymentDates(terms, calendar, end),
      regular: referencePeriods.length === 1 && only?.start === start && only.end === end,
      referencePeriods,
      yearFraction: fraction,
      principalPercent,
      ...periodInterest(terms, calendar, fixings, start, fraction, principalPercent),
    };
  });
}

/**
 * Interest accrued per unit on `date` since the start of its coupon period
 * (zero outside the schedule); refused (FIXING_MISSING) in a floating-rate
 * period whose fixing is not published.
 */
export function accruedPerUnit(terms: ScheduleTerms, schedule: readonly CouponPeriod[], date: string): Rational {
  const period = schedule.find((p) => p.accrualStart <= date && date < p.accrualEnd);
  if (!period) return { num: 0n, den: 1n };
  const fraction = yearFraction(terms.dayCountFraction, period.accrualStart, date, {
    periods: period.referencePeriods,
    frequency: frequencyOf(terms),
  });
  if (!period.floating) return perUnitInterest(terms, fraction, period.principalPercent);
  return perUnitInterestAt(terms, requirePeriodRate(terms, period), fraction, period.principalPercent);
}

/** A floating-rate period's rate, refused (FIXING_MISSING) while its fixing is not published. */
export function requirePeriodRate(terms: ScheduleTerms, period: CouponPeriod): bigint {
  const rate = period.floating?.rate;
  if (rate === undefined) {
    throw fixingMissing(terms.floatingRate?.referenceRate ?? '', period.floating?.fixingDate ?? '', `coupon ${period.number}`);
  }
  return rate;
}

/** A period's exact amount per unit, refused (FIXING_MISSING) for a floating-rate period whose fixing is not published. */
export function requireAmountPerUnit(terms: ScheduleTerms, period: CouponPeriod): Rational {
  return period.amountPerUnit ?? perUnitInterestAt(terms, requirePeriodRate(terms, period), period.yearFraction, period.principalPercent);
}

/**
 * Interest per unit a buyer pays the seller on a trade settling on `date`,
 * whether it settles ex coupon, and the principal per unit the buyer
 * receives (fixed-point percent of the face value; ex coupon, after the
 * repayment on the period's end, which the seller keeps like the coupon).
 */
export interface SettlementAccrual {
  accrued: Rational;
  exCoupon: boolean;
  principalPercent: bigint;
}

/**
 * Accrued interest per unit on a trade settling on `date`. The coupon of a
 * period goes to whoever holds the bond at the end of its record date, so:
 * cum coupon (settling on or before the record date of the period `date` is
 * in) it is accruedPerUnit, the interest since the period's start, and the
 * buyer receives the coupon; ex coupon (settling after the record date and
 * before the period's end) the seller keeps the whole coupon, and the
 * accrued is negative: accruedPerUnit − the coupon, i.e. minus the interest
 * from `date` to the period's end (the ex-dividend rule of UK gilts and
 * ICMA Rule 251's negative accrued interest). Zero outside the schedule and
 * for a zero-coupon bond.
 */
export function settlementAccrual(terms: ScheduleTerms, schedule: readonly CouponPeriod[], date: string): SettlementAccrual {
  const accrued = accruedPerUnit(terms, schedule, date);
  const index = schedule.findIndex((p) => p.accrualStart <= date && date < p.accrualEnd);
  const period = schedule[index];
  // Outside the schedule: before the first period (nothing repaid yet), or a zero-coupon bond.
  if (!period) return { accrued, exCoupon: false, principalPercent: PAR };
  if (date <= period.recordDate) return { accrued, exCoupon: false, principalPercent: period.principalPercent };
  const coupon = requireAmountPerUnit(terms, period);
  const principalPercent = schedule[index + 1]?.principalPercent ?? period.principalPercent;
  return { accrued: add(accrued, { num: -coupon.num, den: coupon.den }), exCoupon: true, principalPercent };
}

/** A holding's payment: units × per-unit amount, rounded half up to the minor unit, once. */
export function holdingPayment(units: bigint, perUnit: Rational): bigint {
  return (units * perUnit.num * 2n + perUnit.den) / (2n * perUnit.den);
}

/** A due event as the schedule sees it; the API's DueEvent adds the bond and whether it is fixed. */
export type DueEvent = Omit<DueEventRow, 'isin' | 'fixed'>;

/** The coupons whose record date has come by `today` (up to the call date once called); a floating one names a missing fixing. */
function dueCoupons(
  terms: ScheduleTerms,
  schedule: readonly CouponPeriod[],
  call: { callDate: string } | undefined,
  today: string,
): DueEvent[] {
  const floating = terms.floatingRate;
  return schedule
    .filter((period) => (!call || period.accrualEnd <= call.callDate) && period.recordDate <= today)
    .map((period) => ({
      eventId: couponEventId(period.number),
      kind: 'COUPON',
      couponNumber: period.number,
      recordDate: period.recordDate,
      paymentDate: period.paymentDate,
      missingFixing:
        floating && period.floating && period.floating.rate === undefined
          ? { referenceRate: floating.referenceRate, fixingDate: period.floating.fixingDate }
          : undefined,
    }));
}

/** The partial redemptions whose record date has come by `today` (up to the call date once called). */
function duePartialRedemptions(
  terms: ScheduleTerms,
  calendar: BusinessCalendar,
  call: { callDate: string } | undefined,
  today: string,
  partialCalls: readonly PartialCallNotice[],
): DueEvent[] {
  return principalRepayments(terms, partialCalls)
    .filter((repayment) => !call || repayment.date <= call.callDate)
    .map((repayment) => ({ repayment, dates: paymentDates(terms, calendar, repayment.date) }))
    .filter(({ dates }) => dates.recordDate <= today)
    .map(({ repayment, dates }) => ({
      eventId: partialRedemptionEventId(repayment.reason, repayment.date),
      kind: 'PARTIAL_REDEMPTION',
      reason: repayment.reason,
      redemptionDate: repayment.date,
      ...dates,
    }));
}

/**
 * The coupon and redemption events whose record date has come by `today`:
 * what the servicer's scheduler submits (puts are fixed by whoever services
 * the put, once elections are in). A called bond pays coupons and partial
 * redemptions up to its call date and is redeemed on it instead of at maturity.
 */
export function dueEvents(
  terms: ScheduleTerms,
  calendar: BusinessCalendar,
  call: { callDate: string } | undefined,
  today: string,
  fixings: Fixings = NO_FIXINGS,
  partialCalls: readonly PartialCallNotice[] = [],
): DueEvent[] {
  const due: DueEvent[] = [
    ...dueCoupons(terms, couponSchedule(terms, calendar, fixings, partialCalls), call, today),
    ...duePartialRedemptions(terms, calendar, call, today, partialCalls),
  ];
  const { paymentDate, recordDate } = finalRedemption(terms, calendar, call);
  if (recordDate <= today) {
    due.push({
      eventId: redemptionEventId(call ? 'CALL' : 'MATURITY'),
      kind: 'REDEMPTION',
      reason: call ? 'CALL' : 'MATURITY',
      recordDate,
      paymentDate,
    });
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
  return { redemptionDate, ...paymentDates(terms, calendar, redemptionDate) };
}

/** The first record date of the bond: its first coupon's, or (zero coupon) its redemption's. */
export function firstRecordDate(terms: ScheduleTerms, calendar: BusinessCalendar): string {
  return couponSchedule(terms, calendar)[0]?.recordDate ?? finalRedemption(terms, calendar, undefined).recordDate;
}
