/**
 * Accounts: an owner (MSP ID), the owner's account ID and a currency; a
 * balance in minor units that never goes negative. Pure: every function
 * takes the records it needs and returns the new ones.
 */
import type { Account, AccountKey, AccountRef, BalanceChange, ChangeStamp, OpenAccountRequest } from '../api/cash';
import { CashChaincodeError, CashErrorCode } from '../api/errors';
import { formatDelta, parseStoredAmount } from './amounts';
import { minorUnits, requireCurrency } from './currency';
import { requireAccountId, requireMspId, requireObject, requireOnlyFields } from './validation';

/** `{ owner, accountId }` of a request. */
export function parseAccountRef(value: unknown, field: string): AccountRef {
  const object = requireObject(value, field);
  requireOnlyFields(object, ['owner', 'accountId'], field);
  return { owner: requireMspId(object.owner, `${field}.owner`), accountId: requireAccountId(object.accountId, `${field}.accountId`) };
}

/** `{ owner, accountId, currency }` at the top level of a request that may have `extra` fields besides. */
export function parseAccountKey(input: Record<string, unknown>, what: string, extra: readonly string[] = []): AccountKey {
  requireOnlyFields(input, ['owner', 'accountId', 'currency', ...extra], what);
  return {
    owner: requireMspId(input.owner, 'owner'),
    accountId: requireAccountId(input.accountId),
    currency: requireCurrency(input.currency),
  };
}

export function parseOpenAccountRequest(input: Record<string, unknown>): OpenAccountRequest {
  return parseAccountKey(input, 'the account');
}

export function keyOf(account: AccountKey): AccountKey {
  return { owner: account.owner, accountId: account.accountId, currency: account.currency };
}

export function describe(account: AccountKey): string {
  return `${account.owner}/${account.accountId} (${account.currency})`;
}

export function sameAccount(a: AccountRef, b: AccountRef): boolean {
  return a.owner === b.owner && a.accountId === b.accountId;
}

/** A new account with a zero balance; ALREADY_EXISTS if there is one. */
export function openAccount(request: OpenAccountRequest, existing: Account | undefined, stamp: ChangeStamp): Account {
  if (existing) throw new CashChaincodeError(CashErrorCode.ALREADY_EXISTS, `the account ${describe(request)} is open already`);
  return { ...keyOf(request), balance: '0', minorUnits: minorUnits(request.currency), opened: stamp, lastChange: stamp };
}

/** Refuses (NOT_A_PARTY) an instruction on an account that is not the caller's own. */
export function requireOwnAccount(account: AccountRef, callerMspId: string, action: string): void {
  if (account.owner !== callerMspId) {
    throw new CashChaincodeError(
      CashErrorCode.NOT_A_PARTY,
      `${callerMspId} cannot ${action} ${account.owner}'s account ${account.accountId}`,
    );
  }
}

export function balanceOf(account: Account): bigint {
  return parseStoredAmount(account.balance, 'balance');
}

/** The account after adding `amount` (> 0). */
export function credit(account: Account, amount: bigint, stamp: ChangeStamp): Account {
  if (amount <= 0n) throw new CashChaincodeError(CashErrorCode.INVALID_ARGUMENT, 'an amount to credit must be positive');
  return { ...account, balance: (balanceOf(account) + amount).toString(), lastChange: stamp };
}

/** The account after taking `amount` (> 0) out; INSUFFICIENT_FUNDS rather than a negative balance. */
export function debit(account: Account, amount: bigint, stamp: ChangeStamp): Account {
  if (amount <= 0n) throw new CashChaincodeError(CashErrorCode.INVALID_ARGUMENT, 'an amount to debit must be positive');
  const balance = balanceOf(account);
  if (amount > balance) {
    throw new CashChaincodeError(
      CashErrorCode.INSUFFICIENT_FUNDS,
      `the account ${describe(account)} holds ${balance} minor units; ${amount} are needed`,
    );
  }
  return { ...account, balance: (balance - amount).toString(), lastChange: stamp };
}

/** One account's balance change, for a movement's change set. */
export function balanceChange(before: Account, after: Account): BalanceChange {
  return {
    account: keyOf(after),
    before: before.balance,
    after: after.balance,
    delta: formatDelta(balanceOf(before), balanceOf(after)),
  };
}
