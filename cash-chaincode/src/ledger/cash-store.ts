/**
 * The cash ledger's records on the world state: accounts, currency totals,
 * locks and the open-lock index. Writes are collected by the contracts and
 * done only after every rule of the transaction has passed, so a refusal
 * writes nothing.
 */
import { EMPTY, readRecord, writeRecord } from '@bond-platform/chaincode-common';
import type { Account, AccountKey, CurrencyTotals } from '../api/cash';
import { type CashLock, LockStatus } from '../api/htlc';
import { describe } from '../domain/accounts';
import { emptyTotals } from '../domain/totals';
import type { CashContext } from './context';
import { accountKey, CashKeyType, lockByHashKey, lockKey, openLockKey, totalsKey } from './keys';
import { requireRecord } from './state';

export function readAccount(ctx: CashContext, account: AccountKey): Promise<Account | undefined> {
  return readRecord<Account>(ctx.stub, accountKey(ctx.stub, account));
}

/** An open account; NOT_FOUND otherwise. */
export function requireAccount(ctx: CashContext, account: AccountKey): Promise<Account> {
  return requireRecord<Account>(ctx.stub, accountKey(ctx.stub, account), `the account ${describe(account)}`);
}

export function writeAccount(ctx: CashContext, account: Account): Promise<void> {
  return writeRecord(ctx.stub, accountKey(ctx.stub, account), account);
}

/** A currency's totals; zeros while nothing was issued in it. */
export async function readTotals(ctx: CashContext, currency: string): Promise<CurrencyTotals> {
  return (await readRecord<CurrencyTotals>(ctx.stub, totalsKey(ctx.stub, currency))) ?? emptyTotals(currency);
}

export function writeTotals(ctx: CashContext, totals: CurrencyTotals): Promise<void> {
  return writeRecord(ctx.stub, totalsKey(ctx.stub, totals.currency), totals);
}

export function readLock(ctx: CashContext, lockId: string): Promise<CashLock | undefined> {
  return readRecord<CashLock>(ctx.stub, lockKey(ctx.stub, lockId));
}

/** A lock; NOT_FOUND otherwise. */
export function requireLock(ctx: CashContext, lockId: string): Promise<CashLock> {
  return requireRecord<CashLock>(ctx.stub, lockKey(ctx.stub, lockId), `lock ${lockId}`);
}

/**
 * Writes a lock and keeps the open-lock index in step with its status. A
 * lock is LOCKED only when it is made, so that is also when its hash index
 * row is written (claim and refund leave it: the row never changes).
 */
export async function writeLock(ctx: CashContext, lock: CashLock): Promise<void> {
  await writeRecord(ctx.stub, lockKey(ctx.stub, lock.lockId), lock);
  const index = openLockKey(ctx.stub, lock.expiry, lock.lockId);
  if (lock.status === LockStatus.LOCKED) {
    await ctx.stub.putState(index, EMPTY);
    await ctx.stub.putState(lockByHashKey(ctx.stub, lock.hash, lock.lockId), EMPTY);
  } else {
    await ctx.stub.deleteState(index);
  }
}

/** Every lock under `hash` (a valid hash: the caller checked it), in lock ID order, whatever its status. */
export async function locksByHash(ctx: CashContext, hash: string): Promise<CashLock[]> {
  const locks: CashLock[] = [];
  for await (const row of ctx.stub.getStateByPartialCompositeKey(CashKeyType.LOCK_BY_HASH, [hash])) {
    const [, lockId = ''] = ctx.stub.splitCompositeKey(row.key).attributes;
    locks.push(await requireLock(ctx, lockId));
  }
  return locks;
}
