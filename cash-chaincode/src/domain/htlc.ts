/**
 * Hash time-locked contracts (HTLC) on cash, after Hyperledger Cacti's
 * asset-exchange protocol: lock / claim / unlock (here: refund) with a
 * SHA-256 hash and an expiry. Pure; "now" is the transaction time the
 * contract passes in, never a clock.
 *
 * - lock: the locker's own account is debited; the amount sits in the lock
 *   (still issued money: it counts in the currency's outstanding total).
 * - claim: only the beneficiary's organisation, only while now < expiry,
 *   only with a preimage whose SHA-256 is the lock's hash; the beneficiary's
 *   account is credited and the preimage is recorded on the lock.
 * - refund: the locker's organisation or the payment operator (for the
 *   locker, so an expired lock is returned even if the locker's systems are
 *   down), only once now ≥ expiry; only ever the locker's account is
 *   credited back.
 * At exactly the expiry a claim is refused and a refund accepted, as in
 * Cacti (its claim needs now < expiry, its unlock now ≥ expiry). A claimed
 * or refunded lock never changes again.
 */
import { createHash } from 'node:crypto';
import { type Account, type AccountKey, type ChangeStamp, type CashMovement, MovementKind } from '../api/cash';
import { CashChaincodeError, CashErrorCode } from '../api/errors';
import { type CashLock, HashAlgorithm, LockStatus, MAX_LOCK_DURATION_SECONDS, PREIMAGE_BYTES } from '../api/htlc';
import { balanceChange, credit, debit, describe, parseAccountRef, requireOwnAccount, sameAccount } from './accounts';
import { parseAmount } from './amounts';
import { requireCurrency } from './currency';
import { formatInstant, requireInstant } from './instants';
import { invalid, requireIdentifier, requireOnlyFields } from './validation';

/** A lock instruction, parsed: both accounts in the lock's currency. */
export interface LockInstruction {
  lockId?: string;
  from: AccountKey;
  beneficiary: AccountKey;
  amount: bigint;
  hashAlgorithm: HashAlgorithm;
  hash: string;
  /** Epoch milliseconds. */
  expiry: number;
}

const LOWER_HEX_64 = /^[0-9a-f]{64}$/;

/** A SHA-256 hash as the lock takes it: 64 lowercase hexadecimal characters. */
export function requireHash(value: unknown, field = 'hash'): string {
  if (typeof value !== 'string' || !LOWER_HEX_64.test(value)) {
    throw invalid(`${field} must be a SHA-256 hash as 64 lowercase hexadecimal characters`);
  }
  return value;
}

/** A preimage as a claim reveals it: PREIMAGE_BYTES bytes as lowercase hexadecimal. */
export function parsePreimage(value: unknown, field = 'preimage'): Buffer {
  if (typeof value !== 'string' || value.length !== PREIMAGE_BYTES * 2 || !LOWER_HEX_64.test(value)) {
    throw invalid(`${field} must be the ${PREIMAGE_BYTES}-byte secret as ${PREIMAGE_BYTES * 2} lowercase hexadecimal characters`);
  }
  return Buffer.from(value, 'hex');
}

/** SHA-256 of some bytes, as lowercase hexadecimal: what a lock's hash is of its preimage. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function parseLockRequest(input: Record<string, unknown>): LockInstruction {
  requireOnlyFields(input, ['lockId', 'from', 'currency', 'amount', 'hashAlgorithm', 'hash', 'beneficiary', 'expiry'], 'the lock');
  const currency = requireCurrency(input.currency);
  const from = { ...parseAccountRef(input.from, 'from'), currency };
  const beneficiary = { ...parseAccountRef(input.beneficiary, 'beneficiary'), currency };
  if (sameAccount(from, beneficiary)) throw invalid('the beneficiary account is the account the cash is locked from');
  if (input.hashAlgorithm !== HashAlgorithm.SHA256) throw invalid(`hashAlgorithm must be ${HashAlgorithm.SHA256}`);
  return {
    ...(input.lockId === undefined ? {} : { lockId: requireIdentifier(input.lockId, 'lockId') }),
    from,
    beneficiary,
    amount: parseAmount(input.amount),
    hashAlgorithm: HashAlgorithm.SHA256,
    hash: requireHash(input.hash),
    expiry: requireInstant(input.expiry, 'expiry'),
  };
}

interface LockResult {
  lock: CashLock;
  /** The account debited (lock) or credited (claim, refund). */
  account: Account;
  movement: CashMovement;
}

/**
 * Locks `instruction.amount` out of the caller's own account `from` for the
 * beneficiary's account until the expiry, which must lie after `now` and at
 * most MAX_LOCK_DURATION_SECONDS after it.
 */
export function lockCash(
  from: Account,
  beneficiary: Account,
  instruction: LockInstruction,
  lockId: string,
  callerMspId: string,
  now: number,
  stamp: ChangeStamp,
): LockResult {
  requireOwnAccount(from, callerMspId, 'lock cash from');
  if (instruction.expiry <= now) {
    throw invalid(`expiry ${formatInstant(instruction.expiry)} must be after the transaction time ${formatInstant(now)}`);
  }
  if (instruction.expiry - now > MAX_LOCK_DURATION_SECONDS * 1000) {
    throw invalid(`expiry ${formatInstant(instruction.expiry)} is more than ${MAX_LOCK_DURATION_SECONDS / 86_400} days away`);
  }
  if (sameAccount(from, beneficiary) || from.currency !== beneficiary.currency) {
    throw invalid(`cannot lock cash from ${describe(from)} for ${describe(beneficiary)}`);
  }
  const debited = debit(from, instruction.amount, stamp);
  const lock: CashLock = {
    lockId,
    status: LockStatus.LOCKED,
    locker: { owner: from.owner, accountId: from.accountId },
    beneficiary: { owner: beneficiary.owner, accountId: beneficiary.accountId },
    currency: from.currency,
    amount: instruction.amount.toString(),
    hashAlgorithm: instruction.hashAlgorithm,
    hash: instruction.hash,
    expiry: formatInstant(instruction.expiry),
    locked: stamp,
  };
  return { lock, account: debited, movement: lockMovement(MovementKind.LOCK, lock, from, debited, stamp) };
}

/** The account a lock pays out to on claim (the beneficiary's) or on refund (the locker's). */
export function payoutAccount(lock: CashLock, kind: 'claim' | 'refund'): AccountKey {
  return { ...(kind === 'claim' ? lock.beneficiary : lock.locker), currency: lock.currency };
}

/**
 * The beneficiary claims a LOCKED lock before its expiry with the preimage
 * of its hash; its account (`beneficiary`) is credited and the preimage
 * recorded on the lock.
 */
export function claimCash(
  lock: CashLock,
  beneficiary: Account,
  callerMspId: string,
  preimage: Buffer,
  now: number,
  stamp: ChangeStamp,
): LockResult {
  requireLocked(lock);
  if (callerMspId !== lock.beneficiary.owner) {
    throw new CashChaincodeError(
      CashErrorCode.NOT_A_PARTY,
      `only ${lock.beneficiary.owner}, the beneficiary, can claim lock ${lock.lockId}; ${callerMspId} cannot`,
    );
  }
  const expiry = Date.parse(lock.expiry);
  if (now >= expiry) {
    throw new CashChaincodeError(
      CashErrorCode.LOCK_EXPIRED,
      `lock ${lock.lockId} expired at ${lock.expiry}; a claim needs a transaction time before it (this one is ${formatInstant(now)})`,
    );
  }
  if (sha256Hex(preimage) !== lock.hash) {
    throw new CashChaincodeError(CashErrorCode.HASH_MISMATCH, `the preimage does not hash (SHA-256) to lock ${lock.lockId}'s hash`);
  }
  requirePayoutAccount(lock, beneficiary, 'claim');
  const credited = credit(beneficiary, BigInt(lock.amount), stamp);
  const claimed: CashLock = { ...lock, status: LockStatus.CLAIMED, claimed: stamp, preimage: preimage.toString('hex') };
  return { lock: claimed, account: credited, movement: lockMovement(MovementKind.CLAIM, claimed, beneficiary, credited, stamp) };
}

/**
 * A LOCKED lock goes back to its locker at or after its expiry; the
 * locker's account (`locker`) is credited. The locker's organisation may
 * ask for it, and so may the payment operator `operatorMspId` on the
 * locker's behalf: the money has nowhere else to go, so the operator's
 * refund only frees what would otherwise stay locked.
 */
export function refundCash(
  lock: CashLock,
  locker: Account,
  callerMspId: string,
  operatorMspId: string,
  now: number,
  stamp: ChangeStamp,
): LockResult {
  requireLocked(lock);
  if (callerMspId !== lock.locker.owner && callerMspId !== operatorMspId) {
    throw new CashChaincodeError(
      CashErrorCode.NOT_A_PARTY,
      `only ${lock.locker.owner}, the locker, or the payment operator ${operatorMspId} can return lock ${lock.lockId} to the locker; ${callerMspId} cannot`,
    );
  }
  const expiry = Date.parse(lock.expiry);
  if (now < expiry) {
    throw new CashChaincodeError(
      CashErrorCode.LOCK_NOT_EXPIRED,
      `lock ${lock.lockId} expires at ${lock.expiry}; a refund needs a transaction time at or after it (this one is ${formatInstant(now)})`,
    );
  }
  requirePayoutAccount(lock, locker, 'refund');
  const credited = credit(locker, BigInt(lock.amount), stamp);
  const refunded: CashLock = { ...lock, status: LockStatus.REFUNDED, refunded: stamp };
  return { lock: refunded, account: credited, movement: lockMovement(MovementKind.REFUND, refunded, locker, credited, stamp) };
}

/** Refuses a lock that was claimed or refunded already, each with its own code. */
export function requireLocked(lock: CashLock): void {
  if (lock.status === LockStatus.CLAIMED) {
    throw new CashChaincodeError(
      CashErrorCode.LOCK_ALREADY_CLAIMED,
      `lock ${lock.lockId} was claimed at ${lock.claimed?.timestamp ?? '?'}`,
    );
  }
  if (lock.status === LockStatus.REFUNDED) {
    throw new CashChaincodeError(
      CashErrorCode.LOCK_ALREADY_REFUNDED,
      `lock ${lock.lockId} was refunded at ${lock.refunded?.timestamp ?? '?'}`,
    );
  }
}

function requirePayoutAccount(lock: CashLock, account: Account, kind: 'claim' | 'refund'): void {
  const expected = payoutAccount(lock, kind);
  if (!sameAccount(account, expected) || account.currency !== expected.currency) {
    throw new Error(`lock ${lock.lockId} pays out on ${kind} to ${describe(expected)}, not to ${describe(account)}`);
  }
}

function lockMovement(kind: MovementKind, lock: CashLock, before: Account, after: Account, stamp: ChangeStamp): CashMovement {
  return {
    kind,
    currency: lock.currency,
    amount: lock.amount,
    changes: [balanceChange(before, after)],
    lock,
    stamp,
  };
}
