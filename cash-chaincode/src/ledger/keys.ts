/**
 * Ledger key layout of the cash chaincode (its own namespace on the cash
 * channel). Composite keys make "all of a kind" a range query on LevelDB;
 * one key per account keeps payments between different accounts free of
 * MVCC conflicts, and only issuing and redeeming touch a currency's totals.
 */
import type { ChaincodeStub } from 'fabric-shim-api';
import type { AccountKey } from '../api/cash';
import { requireKeyAttribute } from '../domain/validation';

export const CashKeyType = {
  CONFIG: 'cashConfig',
  /** One key per (owner, accountId, currency): "accounts of an owner" is a range. */
  ACCOUNT: 'cashAccount',
  /** One key per currency: issued and redeemed. */
  TOTALS: 'cashTotals',
  LOCK: 'cashLock',
  /** Index rows of LOCKED locks by expiry then lock ID: the soonest to expire first. */
  OPEN_LOCK: 'cashOpenLock',
  /** Index rows of every lock by hash then lock ID, written at lock time: the locks of one DvP, whatever their status. */
  LOCK_BY_HASH: 'cashLockByHash',
} as const;

export type CashKeyTypeName = (typeof CashKeyType)[keyof typeof CashKeyType];

/**
 * A composite key, or the prefix of a partial one, of a registered type.
 * Every attribute is printable ASCII: never the separator U+0000, so no
 * argument reaches into another key's range.
 */
export function key(stub: ChaincodeStub, type: CashKeyTypeName, ...attributes: string[]): string {
  for (const attribute of attributes) requireKeyAttribute(attribute, 'an identifier');
  return stub.createCompositeKey(type, attributes);
}

/** The ledger's one configuration record (the payment operator's MSP ID), written at initialisation. */
export function configKey(stub: ChaincodeStub): string {
  return key(stub, CashKeyType.CONFIG, 'cash');
}

export function accountKey(stub: ChaincodeStub, account: AccountKey): string {
  return key(stub, CashKeyType.ACCOUNT, account.owner, account.accountId, account.currency);
}

export function totalsKey(stub: ChaincodeStub, currency: string): string {
  return key(stub, CashKeyType.TOTALS, currency);
}

export function lockKey(stub: ChaincodeStub, lockId: string): string {
  return key(stub, CashKeyType.LOCK, lockId);
}

/** The hash index row of a lock; never deleted, so a hash finds its claimed and refunded locks too. */
export function lockByHashKey(stub: ChaincodeStub, hash: string, lockId: string): string {
  return key(stub, CashKeyType.LOCK_BY_HASH, hash, lockId);
}

/** `expiry` as stored on the lock (`YYYY-MM-DDThh:mm:ss.fffZ`, which sorts chronologically). */
export function openLockKey(stub: ChaincodeStub, expiry: string, lockId: string): string {
  return key(stub, CashKeyType.OPEN_LOCK, expiry, lockId);
}
