/**
 * The yield of a discount bill, for information only: nothing is priced or
 * paid from it. A zero-coupon bond of at most one year (maturity on or
 * before the issue date plus twelve months) shows the simple money-market
 * yield at its issue price P, ACT/365 as on the China interbank market:
 *
 *   yield % = (100 − P) / P × 365 / D × 100,  D = actual days from issue to maturity.
 *
 * A longer zero-coupon bond would need an annually compounded yield (a root
 * of the price), and a coupon bond its yield to maturity: neither is given.
 */
import type { BondTermsRequest } from '../api/bonds';
import { addMonths, daysBetween } from './dates';
import type { Rational } from './day-count';
import { PAR, parsePercent } from './decimal';

type YieldTerms = Pick<BondTermsRequest, 'interestType' | 'issuePrice' | 'issueDate' | 'maturityDate'>;

/** The money-market yield at the issue price, percent, exact; undefined unless a zero-coupon bond of at most a year priced above 0. */
export function moneyMarketYield(terms: YieldTerms): Rational | undefined {
  if (terms.interestType !== 'ZERO_COUPON') return undefined;
  if (terms.maturityDate > addMonths(terms.issueDate, 12)) return undefined;
  const price = parsePercent(terms.issuePrice, 'issuePrice');
  const days = BigInt(daysBetween(terms.issueDate, terms.maturityDate));
  if (price === 0n || days <= 0n) return undefined;
  // P is fixed point (PAR = 100 %), so (100 − P) / P = (PAR − price) / price.
  return { num: (PAR - price) * 365n * 100n, den: price * days };
}
