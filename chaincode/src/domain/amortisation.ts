/**
 * Principal repaid before the final redemption: an amortising (or fixed
 * sinking-fund) bond's scheduled repayments, and the issuer's partial calls.
 *
 * Each repayment repays every unit the same percent of its original face
 * value, so it is pro rata across holdings by construction (the pool-factor
 * method of amortising and partly called notes; the number of units never
 * changes). The principal outstanding per unit after the repayments up to a
 * date is the face value × (100 − Σ their percents) %; coupons accrue on the
 * principal outstanding at the start of their period, and the final
 * redemption (maturity, call or put) repays what is left at its price.
 *
 * Amounts are exact rationals per unit; a holding's payment is units × that,
 * rounded half up to the minor unit once (coupon-schedule.ts's
 * holdingPayment), and the issuer funds the sum of the holdings' payments,
 * so the two reconcile exactly, as coupons do.
 *
 * Drawing by lot (a sinking fund that redeems whole units chosen at random)
 * is not offered: a chaincode has no fair source of randomness that the
 * issuer could not steer, and the pro rata factor repays every holder alike.
 */
import type { AmortisationDate, BondTermsRequest, PartialCallNotice } from '../api/bonds';
import type { PartialRedemptionReason } from '../api/servicing';
import { ChaincodeError, ErrorCode } from '../api/errors';
import { requireDate } from './dates';
import type { Rational } from './day-count';
import { formatPercent, PAR, parsePercent } from './decimal';
import { invalid } from './validation';

/** One repayment of part of every unit's principal. */
export interface PrincipalRepayment {
  reason: PartialRedemptionReason;
  /** Unadjusted date. */
  date: string;
  /** Principal repaid per unit, fixed-point percent of the original face value. */
  percent: bigint;
  /** Fixed-point percent of the principal repaid (PAR for amortisation). */
  price: bigint;
}

type AmortisingTerms = Pick<BondTermsRequest, 'amortisationSchedule'>;

/**
 * The terms' amortisation schedule, normalised: dates after issue and
 * before maturity, each once, ascending; each percent above zero, together
 * under 100 (maturity repays the rest). Whether the dates are coupon dates
 * is bond-terms.ts's check, with the options'.
 */
export function parseAmortisationSchedule(value: unknown, issueDate: string, maturityDate: string): AmortisationDate[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) throw invalid('amortisationSchedule must be a non-empty array of {date, percent}');
  const schedule = value.map((entry: unknown, i) => {
    const item = (entry ?? {}) as Record<string, unknown>;
    const field = `amortisationSchedule[${i}]`;
    const date = requireDate(item.date, `${field}.date`);
    if (date <= issueDate || date >= maturityDate) throw invalid(`${field}.date must fall after the issue date and before maturity`);
    const percent = parsePercent(item.percent, `${field}.percent`);
    if (percent === 0n) throw invalid(`${field}.percent must be above zero`);
    return { date, percent };
  });
  schedule.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  for (let i = 1; i < schedule.length; i++) {
    if (schedule[i]?.date === schedule[i - 1]?.date) throw invalid(`amortisationSchedule names ${schedule[i]?.date} twice`);
  }
  const total = schedule.reduce((sum, r) => sum + r.percent, 0n);
  if (total >= PAR) {
    throw invalid(`amortisationSchedule repays ${formatPercent(total)} % before maturity: it must leave principal for maturity to repay`);
  }
  return schedule.map((r) => ({ date: r.date, percent: formatPercent(r.percent) }));
}

/** Every repayment of part of the principal, scheduled or called, by date (a date's amortisation before its partial call). */
export function principalRepayments(terms: AmortisingTerms, partialCalls: readonly PartialCallNotice[] = []): PrincipalRepayment[] {
  const repayments: PrincipalRepayment[] = [
    ...(terms.amortisationSchedule ?? []).map((r): PrincipalRepayment => ({
      reason: 'AMORTISATION',
      date: r.date,
      percent: parsePercent(r.percent, 'percent'),
      price: PAR,
    })),
    ...partialCalls.map((c): PrincipalRepayment => ({
      reason: 'PARTIAL_CALL',
      date: c.callDate,
      percent: parsePercent(c.percent, 'percent'),
      price: parsePercent(c.price, 'price'),
    })),
  ];
  return repayments.sort((a, b) => (a.date !== b.date ? (a.date < b.date ? -1 : 1) : a.reason === 'AMORTISATION' ? -1 : 1));
}

/** Principal per unit left after the repayments dated on or before `date`: fixed-point percent of the original face value. */
export function principalPercentAfter(repayments: readonly PrincipalRepayment[], date: string): bigint {
  return repayments.reduce((left, r) => (r.date <= date ? left - r.percent : left), PAR);
}

/** Whether a bond repays principal before its final redemption (the coupon schedule then shows each period's principal). */
export function amortises(repayments: readonly PrincipalRepayment[]): boolean {
  return repayments.length > 0;
}

/** Face value × principal percent × price percent, minor units per unit, exact. */
export function principalAmountPerUnit(specifiedDenomination: string, principalPercent: bigint, price: bigint): Rational {
  return { num: BigInt(specifiedDenomination) * principalPercent * price, den: PAR * PAR };
}

/** The event id of a partial redemption: R-AMORTISATION-<date> or R-PARTIAL-CALL-<date>. */
export function partialRedemptionEventId(reason: PartialRedemptionReason, date: string): string {
  return `R-${reason.replace('_', '-')}-${date}`;
}

/** The repayment of `reason` on `date`, or NOT_FOUND. */
export function requireRepayment(
  repayments: readonly PrincipalRepayment[],
  reason: PartialRedemptionReason,
  date: unknown,
): PrincipalRepayment {
  const on = requireDate(date, 'date');
  const found = repayments.find((r) => r.reason === reason && r.date === on);
  if (!found) {
    const what = reason === 'AMORTISATION' ? 'a scheduled amortisation' : 'a partial call';
    throw new ChaincodeError(ErrorCode.NOT_FOUND, `the bond has no ${what} on ${on}`);
  }
  return found;
}

/**
 * A partial call for `percent` of the original face value on `callDate`:
 * above zero, once per call date, and leaving principal outstanding after
 * the call and after every scheduled amortisation that follows it (a call of
 * everything left is a full call, CallBond).
 */
export function requirePartialCallPercent(
  terms: AmortisingTerms,
  partialCalls: readonly PartialCallNotice[],
  callDate: string,
  percentText: unknown,
): bigint {
  const percent = parsePercent(percentText, 'percent');
  if (percent === 0n) throw invalid('percent must be above zero');
  if (partialCalls.some((c) => c.callDate === callDate)) {
    throw new ChaincodeError(ErrorCode.ALREADY_EXISTS, `a partial call on ${callDate} is noticed already`);
  }
  const repayments = principalRepayments(terms, partialCalls);
  const scheduledLater = repayments.filter((r) => r.date > callDate).reduce((sum, r) => sum + r.percent, 0n);
  const room = principalPercentAfter(repayments, callDate) - scheduledLater;
  if (percent >= room) {
    throw invalid(
      `a partial call may repay less than ${formatPercent(room)} % on ${callDate} (the principal left after it and the amortisation scheduled later); call the bond to repay it all`,
    );
  }
  return percent;
}
