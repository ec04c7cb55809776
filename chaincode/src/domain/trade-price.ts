/**
 * Secondary trades priced clean: the cash leg of a DvP transfer from its
 * clean price and the accrued interest to its settlement date, so the
 * parties need not compute it. Accrued interest (and the ex-coupon rule) is
 * coupon-schedule.ts's settlementAccrual; this module adds the price and
 * rounds once. Pure: the caller supplies the terms, the schedule and the
 * instruction's date.
 */
import type { BondTermsRequest, Transfer } from '../api/bonds';
import { type CouponPeriod, holdingPayment, settlementAccrual } from './coupon-schedule';
import { requireDate } from './dates';
import { add, type Rational, toDecimal, toFraction } from './day-count';
import { formatPercent, PAR, parsePercent, parseWhole } from './decimal';
import { invalid } from './validation';

/** What pricing adds to a transfer instruction. */
export type TradePrice = Required<
  Pick<Transfer, 'cleanPrice' | 'settlementDate' | 'accruedPerUnit' | 'accruedPerUnitExact' | 'exCoupon' | 'cashAmount'>
>;

/** An instruction that asks to be priced: it names a clean price or a settlement date. */
export function isPriced(input: Record<string, unknown>): boolean {
  return input.cleanPrice !== undefined || input.settlementDate !== undefined;
}

/** Dirty price per unit, minor units, exact: clean price × principal per unit + accrued. */
export function dirtyPerUnit(cleanPrice: bigint, principal: bigint | Rational, accrued: Rational): Rational {
  const { num, den } = typeof principal === 'bigint' ? { num: principal, den: 1n } : principal;
  return add({ num: cleanPrice * num, den: PAR * den }, accrued);
}

/**
 * The cash amount of `units` at a dirty price per unit: units × dirty,
 * rounded half up to the minor unit once (holdingPayment, the rounding of
 * every payment of the platform). Nothing is rounded before.
 */
export function dirtyAmount(units: bigint, dirty: Rational): bigint {
  return holdingPayment(units, dirty);
}

/**
 * Prices an instruction: its clean price and settlement date (both needed),
 * the accrued interest per unit to that date, and the cash amount. A cash
 * amount the parties give too must equal the computed one. The settlement
 * date lies from `today` (the instruction's date) to the expiry's date, and
 * the cash amount must be positive (a priced transfer is DvP).
 */
export function priceTrade(
  input: Record<string, unknown>,
  units: bigint,
  expiresAt: string,
  terms: Pick<BondTermsRequest, 'specifiedDenomination'> & Parameters<typeof settlementAccrual>[0],
  schedule: readonly CouponPeriod[],
  today: string,
): TradePrice {
  if (input.cleanPrice === undefined) throw invalid('settlementDate goes with cleanPrice');
  const cleanPrice = parsePercent(input.cleanPrice, 'cleanPrice');
  if (input.settlementDate === undefined) throw invalid('cleanPrice needs a settlementDate to compute accrued interest to');
  const settlementDate = requireDate(input.settlementDate, 'settlementDate');
  if (settlementDate < today) throw invalid(`settlementDate ${settlementDate} is before today, ${today}`);
  if (settlementDate > expiresAt.slice(0, 10))
    throw invalid(`settlementDate ${settlementDate} is after the instruction expires, ${expiresAt}`);
  const { accrued, exCoupon, principalPercent } = settlementAccrual(terms, schedule, settlementDate);
  // The clean price is a percent of the principal outstanding (an amortising bond's is below the face value).
  const principal: Rational = { num: BigInt(terms.specifiedDenomination) * principalPercent, den: PAR };
  const cash = dirtyAmount(units, dirtyPerUnit(cleanPrice, principal, accrued));
  if (cash <= 0n)
    throw invalid(`a clean price of ${formatPercent(cleanPrice)} % gives no cash to pay (${cash}); free of payment has no price`);
  if (input.cashAmount !== undefined) {
    const given = parseWhole(input.cashAmount, 'cashAmount');
    if (given !== cash) throw invalid(`cashAmount ${given} is not the amount the clean price gives, ${cash}`);
  }
  return {
    cleanPrice: formatPercent(cleanPrice),
    settlementDate,
    accruedPerUnit: toDecimal(accrued, 6),
    accruedPerUnitExact: toFraction(accrued),
    exCoupon,
    cashAmount: cash.toString(),
  };
}
