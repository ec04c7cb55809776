/**
 * Hash time locks on the ledger: one record per lock (by lock id), an index
 * row per lock of a bond (its list is one range), and, while it is LOCKED,
 * an index row under the locker's escrow holding with the locked units,
 * which holdings-store.ts adds to that holding's encumbered units, and one
 * by expiry (the open locks, soonest expiry first).
 */
import type { HashLock } from '../api';
import { escrowOf } from '../domain/hash-lock';
import type { BondContext } from './context';
import { key, KeyType } from './keys';
import { EMPTY, requireRecord, writeRecord } from './state';

export function hashLockKey(ctx: BondContext, lockId: string): string {
  return key(ctx.stub, KeyType.HASH_LOCK, lockId);
}

export function readHashLock(ctx: BondContext, lockId: string): Promise<HashLock> {
  return requireRecord<HashLock>(ctx.stub, hashLockKey(ctx, lockId), `hash lock ${lockId}`);
}

/**
 * Writes the lock and keeps its indexes in step: the bond's row once; while
 * it is LOCKED, the escrow holding's row (encumbering the units it holds for
 * the lock) and the row by expiry.
 */
export async function writeHashLock(ctx: BondContext, lock: HashLock, isNew: boolean): Promise<void> {
  const escrow = escrowOf(lock);
  const active = key(ctx.stub, KeyType.ACTIVE_HASH_LOCK, escrow.isin, escrow.holder, escrow.accountId, lock.lockId);
  const open = key(ctx.stub, KeyType.OPEN_HASH_LOCK, lock.expiresAt, lock.lockId);
  if (lock.status === 'LOCKED') {
    await writeRecord(ctx.stub, active, { units: lock.units });
    await ctx.stub.putState(open, EMPTY);
  } else {
    await ctx.stub.deleteState(active);
    await ctx.stub.deleteState(open);
  }
  if (isNew) await ctx.stub.putState(key(ctx.stub, KeyType.HASH_LOCK_BY_BOND, lock.isin, lock.lockId), EMPTY);
  await writeRecord(ctx.stub, hashLockKey(ctx, lock.lockId), lock);
}
