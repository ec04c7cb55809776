/**
 * What the payment operator has issued and redeemed per currency. Only
 * issuing and redeeming change a currency's totals; transfers, locks,
 * claims and refunds move money that is already issued. So per currency,
 * Σ balances + Σ amounts of LOCKED locks = issued − redeemed at every
 * commit: the ledger's invariant.
 */
import type { ChangeStamp, CurrencyTotals } from '../api/cash';
import { CashChaincodeError, CashErrorCode } from '../api/errors';
import { parseStoredAmount } from './amounts';

/** A currency's totals before anything was issued in it. */
export function emptyTotals(currency: string): CurrencyTotals {
  return { currency, issued: '0', redeemed: '0', outstanding: '0' };
}

function totalsOf(currency: string, issued: bigint, redeemed: bigint, stamp: ChangeStamp): CurrencyTotals {
  return {
    currency,
    issued: issued.toString(),
    redeemed: redeemed.toString(),
    outstanding: (issued - redeemed).toString(),
    lastChange: stamp,
  };
}

export function recordIssue(totals: CurrencyTotals, amount: bigint, stamp: ChangeStamp): CurrencyTotals {
  if (amount <= 0n) throw new CashChaincodeError(CashErrorCode.INVALID_ARGUMENT, 'an amount to issue must be positive');
  const issued = parseStoredAmount(totals.issued, 'issued total') + amount;
  return totalsOf(totals.currency, issued, parseStoredAmount(totals.redeemed, 'redeemed total'), stamp);
}

/**
 * The totals after redeeming `amount`. The account it is redeemed from is
 * debited first (INSUFFICIENT_FUNDS there), so outstanding cannot go
 * negative while the invariant holds; this refuses it regardless.
 */
export function recordRedemption(totals: CurrencyTotals, amount: bigint, stamp: ChangeStamp): CurrencyTotals {
  if (amount <= 0n) throw new CashChaincodeError(CashErrorCode.INVALID_ARGUMENT, 'an amount to redeem must be positive');
  const issued = parseStoredAmount(totals.issued, 'issued total');
  const redeemed = parseStoredAmount(totals.redeemed, 'redeemed total') + amount;
  if (redeemed > issued) {
    throw new CashChaincodeError(
      CashErrorCode.INSUFFICIENT_FUNDS,
      `${totals.currency}: ${amount} cannot be redeemed; ${issued - redeemed + amount} are outstanding`,
    );
  }
  return totalsOf(totals.currency, issued, redeemed, stamp);
}
