/**
 * Servicing: coupon schedules, accrued interest, payment events with their
 * per-holder entitlements, options and redemption. Amounts are minor units
 * as decimal strings; a holder's `amount` is whole. Per-unit figures
 * (`amountPerUnit`, `accruedPerUnit`, `yearFraction`) are shown rounded half
 * up for display (6 or 10 places); each has an `…Exact` companion, the exact
 * rational as "numerator/denominator" in lowest terms, from which a holder's
 * amount is units × numerator / denominator rounded half up once.
 */
import type { ReferenceRate } from './benchmarks';
import type { ChangeStamp } from './membership';

export interface CouponScheduleEntry {
  number: number;
  accrualStart: string;
  /** Unadjusted payment date, the end of the accrual period. */
  accrualEnd: string;
  /** Adjusted with the bond's business-day convention and calendar. */
  paymentDate: string;
  recordDate: string;
  regular: boolean;
  /** Year fraction under the bond's day count, rounded half up to 10 decimals (display). */
  yearFraction: string;
  /** The exact year fraction, "numerator/denominator" in lowest terms. */
  yearFractionExact: string;
  /** Floating-rate note: the date of the reference rate's fixing this period pays on. */
  fixingDate?: string;
  /** Floating-rate note: that fixing, percent, once it is published. */
  fixing?: string;
  /** Floating-rate note: the period's rate, percent (fixing + spread, within floor and cap), once the fixing is published. */
  rate?: string;
  /** Interest per unit, minor units, rounded half up to 6 decimals (display); a floating-rate period's only once its fixing is published. */
  amountPerUnit?: string;
  /** The exact interest per unit, minor units, "numerator/denominator" in lowest terms; as amountPerUnit. */
  amountPerUnitExact?: string;
  /** Amortising or partly called bond: the principal per unit the period accrues on, percent of the original face value. */
  principalPercent?: string;
}

/** A repayment of part of the principal: scheduled (amortisation) or the issuer's partial call. */
export interface PrincipalRepaymentEntry {
  reason: PartialRedemptionReason;
  /** Unadjusted repayment date. */
  date: string;
  paymentDate: string;
  recordDate: string;
  /** Principal repaid per unit, percent of the original face value. */
  percent: string;
  /** Price, percent of the principal repaid (100 for amortisation). */
  price: string;
  /** Principal per unit left after this repayment, percent of the original face value. */
  principalPercentAfter: string;
  /** Minor units per unit, rounded half up to 6 decimals (display). */
  amountPerUnit: string;
  amountPerUnitExact: string;
}

export interface CouponSchedule {
  isin: string;
  specifiedCurrency: string;
  dayCountFraction: string;
  /** Floating-rate note: the reference rate its coupons pay on. */
  referenceRate?: ReferenceRate;
  /** Years the CSD has not loaded for the bond's calendar: those dates are adjusted for weekends only. */
  calendarYearsMissing: number[];
  /**
   * For information only, a zero-coupon bond of at most one year: the simple
   * money-market yield at the issue price, percent, (100 − P) / P × 365 / days
   * from issue to maturity, rounded half up to 6 decimals. Omitted otherwise.
   */
  moneyMarketYield?: string;
  /** That yield exactly, percent, "numerator/denominator" in lowest terms. */
  moneyMarketYieldExact?: string;
  coupons: CouponScheduleEntry[];
  /** Amortising or partly called bond: its principal repayments before the final redemption, by date. */
  principalRepayments?: PrincipalRepaymentEntry[];
}

export interface AccruedInterest {
  isin: string;
  date: string;
  couponNumber?: number;
  /** Minor units per unit, rounded half up to 6 decimals (display). */
  accruedPerUnit: string;
  /** The exact accrued interest per unit, minor units, "numerator/denominator" in lowest terms. */
  accruedPerUnitExact: string;
}

/**
 * COUPON; REDEMPTION retires the units it pays (maturity, call, put);
 * PARTIAL_REDEMPTION repays part of every unit's principal and retires none.
 */
export type PaymentEventKind = 'COUPON' | 'REDEMPTION' | 'PARTIAL_REDEMPTION';
export type RedemptionReason = 'MATURITY' | 'CALL' | 'PUT' | PartialRedemptionReason;
/** A scheduled amortisation, or the issuer's partial call. */
export type PartialRedemptionReason = 'AMORTISATION' | 'PARTIAL_CALL';

/**
 * A coupon or redemption whose entitlements are fixed: from the register as
 * it stood at the end of the record date, however late the fix.
 */
export interface PaymentEvent {
  isin: string;
  /** C-001, C-002, …; R-MATURITY, R-CALL, R-PUT-YYYY-MM-DD, R-AMORTISATION-YYYY-MM-DD, R-PARTIAL-CALL-YYYY-MM-DD. */
  eventId: string;
  kind: PaymentEventKind;
  reason?: RedemptionReason;
  couponNumber?: number;
  recordDate: string;
  paymentDate: string;
  /** Redemption price, percent of the principal it repays. */
  price?: string;
  /** A redemption or partial redemption: the principal per unit it repays, percent of the original face value. */
  principalPercent?: string;
  /** Minor units per unit, rounded half up to 6 decimals (display). */
  amountPerUnit: string;
  /** The exact amount per unit, "numerator/denominator" in lowest terms (events fixed before it was published lack it). */
  amountPerUnitExact?: string;
  /** Holdings entitled: those with units at the end of the record date (so far, while FIXING). */
  holders: number;
  totalUnits: string;
  /** Σ of the holders' amounts: what the issuer funds. */
  totalAmount: string;
  /**
   * FIXING while its entitlements are being fixed over several calls (a
   * register of more than ENTITLEMENTS_FIXED_PER_CALL holdings): nothing is
   * paid or completed until it is ENTITLEMENTS_FIXED.
   */
  status: 'FIXING' | 'ENTITLEMENTS_FIXED' | 'COMPLETE';
  /** While FIXING: the last holding whose entitlement is fixed; the next fix call continues after it. */
  fixedThrough?: { holder: string; accountId: string };
  /** Fixed after the record date (allowed, and recorded). */
  fixedLate: boolean;
  /**
   * Years of its record and payment dates for which the CSD had not loaded
   * the bond's calendar when the event was fixed: those dates were adjusted
   * for weekends only. Absent when every year was loaded.
   */
  calendarYearsMissing?: number[];
  /** The call that created the event (its first page of holdings). */
  fixed: ChangeStamp;
  completed?: ChangeStamp;
}

/**
 * Most holdings one FixCouponEntitlements or FixRedemptionEntitlements call
 * goes through; a larger register takes further calls, each continuing
 * where the last stopped, until the event is ENTITLEMENTS_FIXED.
 */
export const ENTITLEMENTS_FIXED_PER_CALL = 500;

/** The part of a holding's coupon paid to a pledgee, for units pledged with couponsTo PLEDGEE. */
export interface PledgeeShare {
  pledgeId: string;
  pledgee: string;
  units: string;
  /** Minor units, out of the entitlement's amount. */
  amount: string;
}

export interface Entitlement {
  isin: string;
  eventId: string;
  holder: string;
  accountId: string;
  units: string;
  /** What the paying agent pays for the holding; any pledgeeShares are paid out of it to the pledgees, the rest to the holder. */
  amount: string;
  /**
   * A coupon on units pledged with couponsTo PLEDGEE at the end of the
   * record date: each pledgee's share of `amount`. Absent when none.
   */
  pledgeeShares?: PledgeeShare[];
  status: 'DUE' | 'PAID';
  paidLate?: boolean;
  paid?: ChangeStamp;
}

export interface CallNotice {
  callDate: string;
  price: string;
  notice: ChangeStamp;
}

/** A coupon or redemption whose record date has come, and whether its entitlements are fixed. */
export interface DueEvent {
  eventId: string;
  isin: string;
  kind: PaymentEventKind;
  couponNumber?: number;
  reason?: 'MATURITY' | 'CALL' | PartialRedemptionReason;
  /** A partial redemption's date (FixRedemptionEntitlements takes it as `date`). */
  redemptionDate?: string;
  recordDate: string;
  paymentDate: string;
  /** Entitlements fixed for every holding (false while the event is still FIXING). */
  fixed: boolean;
  /**
   * A floating-rate coupon whose reference rate fixing is not published
   * yet: it cannot be fixed (FIXING_MISSING) until it is published.
   */
  missingFixing?: { referenceRate: ReferenceRate; fixingDate: string };
}

/** A holder's exercise of a put: the units moved to the put account until redemption. */
export interface PutElection {
  isin: string;
  holder: string;
  /** PUT-<put date>. */
  accountId: string;
  fromAccount: string;
  units: string;
  price: string;
  exercised: ChangeStamp;
}

export interface ExercisePutRequest {
  isin: string;
  putDate: string;
  accountId: string;
  units: string;
}

/** Account prefix holding units elected for a put until they are redeemed; reserved. */
export const PUT_ACCOUNT_PREFIX = 'PUT-';

/**
 * The unadjusted date a redemption event redeems on: a put's or a partial
 * redemption's is in its id (R-PUT-<put date>, R-AMORTISATION-<date>,
 * R-PARTIAL-CALL-<date>), a call's is the call date of the bond's call notice,
 * any other (maturity) the maturity date.
 */
export function redemptionDateOf(event: { eventId: string; reason?: string }, maturityDate: string, callDate: string | undefined): string {
  // A put's or a partial redemption's id ends with its date.
  if (event.reason === 'PUT' || event.reason === 'AMORTISATION' || event.reason === 'PARTIAL_CALL') return event.eventId.slice(-10);
  if (event.reason === 'CALL' && callDate !== undefined) return callDate;
  return maturityDate;
}

export const ServicingEvent = {
  ENTITLEMENTS_FIXED: 'EntitlementsFixed',
  /** A page of holdings fixed, more to come (the event is FIXING). */
  ENTITLEMENTS_FIXING: 'EntitlementsFixing',
  PAYMENT_CONFIRMED: 'PaymentConfirmed',
  EVENT_COMPLETED: 'PaymentEventCompleted',
  BOND_CALLED: 'BondCalled',
  BOND_CALLED_IN_PART: 'BondCalledInPart',
  PUT_EXERCISED: 'PutExercised',
  BOND_REDEEMED: 'BondRedeemed',
  BOND_DEFAULTED: 'BondDefaulted',
} as const;
