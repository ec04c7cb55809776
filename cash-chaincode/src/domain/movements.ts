/**
 * Issuing, redeeming and transferring: each takes the records it changes
 * and returns them changed, with the transaction's movement (its full change
 * set, which is also its event). Pure.
 */
import { type Account, type AccountKey, type ChangeStamp, type CurrencyTotals, type CashMovement, MovementKind } from '../api/cash';
import { CashChaincodeError, CashErrorCode } from '../api/errors';
import { balanceChange, credit, debit, describe, parseAccountKey, parseAccountRef, requireOwnAccount, sameAccount } from './accounts';
import { parseAmount } from './amounts';
import { requireCurrency } from './currency';
import { recordIssue, recordRedemption } from './totals';
import { requireOnlyFields } from './validation';

/** An issue or redemption instruction: the account and the amount. */
export interface AccountAmount {
  account: AccountKey;
  amount: bigint;
}

/** A transfer instruction: both accounts (in the one currency) and the amount. */
export interface TransferInstruction {
  from: AccountKey;
  to: AccountKey;
  amount: bigint;
}

export function parseIssueOrRedeemRequest(input: Record<string, unknown>): AccountAmount {
  const account = parseAccountKey(input, 'the request', ['amount']);
  return { account, amount: parseAmount(input.amount) };
}

export function parseTransferRequest(input: Record<string, unknown>): TransferInstruction {
  requireOnlyFields(input, ['from', 'to', 'currency', 'amount'], 'the transfer');
  const currency = requireCurrency(input.currency);
  const from = { ...parseAccountRef(input.from, 'from'), currency };
  const to = { ...parseAccountRef(input.to, 'to'), currency };
  if (sameAccount(from, to)) throw new CashChaincodeError(CashErrorCode.INVALID_ARGUMENT, 'from and to are the same account');
  return { from, to, amount: parseAmount(input.amount) };
}

interface TotalsMovement {
  account: Account;
  totals: CurrencyTotals;
  movement: CashMovement;
}

/** The operator issues `amount` into an account: its balance and the currency's issued total grow alike. */
export function issue(account: Account, totals: CurrencyTotals, amount: bigint, stamp: ChangeStamp): TotalsMovement {
  const credited = credit(account, amount, stamp);
  const newTotals = recordIssue(totals, amount, stamp);
  return {
    account: credited,
    totals: newTotals,
    movement: singleAccountMovement(MovementKind.ISSUE, account, credited, amount, stamp, newTotals),
  };
}

/** The operator redeems `amount` from an account: its balance shrinks and the redeemed total grows alike. */
export function redeem(account: Account, totals: CurrencyTotals, amount: bigint, stamp: ChangeStamp): TotalsMovement {
  const debited = debit(account, amount, stamp);
  const newTotals = recordRedemption(totals, amount, stamp);
  return {
    account: debited,
    totals: newTotals,
    movement: singleAccountMovement(MovementKind.REDEEM, account, debited, amount, stamp, newTotals),
  };
}

/** A participant pays from its own account into another open account in the same currency. */
export function transfer(
  from: Account,
  to: Account,
  callerMspId: string,
  amount: bigint,
  stamp: ChangeStamp,
): { from: Account; to: Account; movement: CashMovement } {
  requireOwnAccount(from, callerMspId, 'pay from');
  if (sameAccount(from, to) || from.currency !== to.currency) {
    throw new CashChaincodeError(CashErrorCode.INVALID_ARGUMENT, `cannot transfer from ${describe(from)} to ${describe(to)}`);
  }
  const debited = debit(from, amount, stamp);
  const credited = credit(to, amount, stamp);
  return {
    from: debited,
    to: credited,
    movement: {
      kind: MovementKind.TRANSFER,
      currency: from.currency,
      amount: amount.toString(),
      changes: [balanceChange(from, debited), balanceChange(to, credited)],
      stamp,
    },
  };
}

/** The movement of a transaction that changes one account's balance. */
export function singleAccountMovement(
  kind: MovementKind,
  before: Account,
  after: Account,
  amount: bigint,
  stamp: ChangeStamp,
  totals?: CurrencyTotals,
): CashMovement {
  return { kind, currency: after.currency, amount: amount.toString(), changes: [balanceChange(before, after)], totals, stamp };
}
