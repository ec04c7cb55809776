/**
 * Hash time locks on bond units (the bond side of a hash time-locked
 * delivery versus payment, after Hyperledger Cacti's asset exchange):
 *
 *   LockUnits (holder) ──► LOCKED ──ClaimUnits (beneficiary or CSD; preimage; before expiresAt)──► CLAIMED
 *                                 └─RefundUnits (locker or CSD; from expiresAt on)────────────────► REFUNDED
 *
 * - While LOCKED the units sit in the locker's escrow holding
 *   (HASH_LOCK_ESCROW_ACCOUNT), whose key only the CSD's peers endorse: a
 *   claim moves them to the beneficiary's account, a refund back to the
 *   lock's account, and neither needs the locker's peer.
 * - A claim needs the preimage: exactly 32 bytes as 64 lowercase hex
 *   characters, whose SHA-256 (of the bytes) is the lock's hash. The units
 *   always go to the beneficiary's account fixed in the lock, whoever
 *   claims; the CSD may claim for the beneficiary because the CSD's gateway
 *   runs the settlement agent.
 * - The expiry splits time in two: claims while the transaction time is
 *   before `expiresAt`, refunds from `expiresAt` on (at exactly `expiresAt`
 *   only a refund), so no instant allows both or neither.
 * - Every status change goes through `hashLockTransition`.
 *
 * Pure: the caller supplies the lock, the caller's MSP ID, the CSD's and
 * the transaction's stamp (time from the transaction timestamp only).
 */
import { createHash } from 'node:crypto';
import { type HashAlgorithm, type HashLock, HASH_LOCK_ESCROW_ACCOUNT, type HashLockStatus } from '../api/hash-locks';
import { ChaincodeError, ErrorCode } from '../api/errors';
import type { ChangeStamp } from '../api/membership';
import { requireInstant } from './dates';
import { parseUnits } from './decimal';
import { deliveryBlocker } from './servicing-order';
import { invalid, requireFreeText, requireMspId, requireTradingAccountId } from './validation';

/** The only hash mechanism: SHA-256. */
export const HASH_ALGORITHM: HashAlgorithm = 'SHA256';
/** Bytes of a preimage (the shared secret): 32, written as 64 lowercase hex characters. */
export const PREIMAGE_BYTES = 32;
/**
 * How far ahead of the locking transaction a lock may expire: 7 days. Long
 * enough for the seller's lock of a DvP to outlive the buyer's cash lock by
 * a comfortable margin; short enough that units are never held back long
 * by a counterparty that walks away.
 */
export const MAX_HASH_LOCK_MILLIS = 7 * 24 * 3600 * 1000;
/** Most characters of a lock's reference (a trade or transfer id). */
export const MAX_REFERENCE_LENGTH = 100;

const HEX_64 = /^[0-9a-f]{64}$/;

export const HASH_LOCK_TRANSITIONS: Readonly<Record<HashLockStatus, readonly HashLockStatus[]>> = {
  LOCKED: ['CLAIMED', 'REFUNDED'],
  CLAIMED: [],
  REFUNDED: [],
};

/** The one gate of every status change: refuses (INVALID_STATE_TRANSITION) what the lock's status does not allow. */
export function hashLockTransition(lock: Pick<HashLock, 'lockId' | 'status'>, to: HashLockStatus): HashLockStatus {
  if (!HASH_LOCK_TRANSITIONS[lock.status].includes(to)) {
    throw new ChaincodeError(ErrorCode.INVALID_STATE_TRANSITION, `hash lock ${lock.lockId} is ${lock.status}; it cannot become ${to}`);
  }
  return to;
}

/** From its expiry on (`now`: ISO instant of the transaction), a lock can no longer be claimed and may be refunded. */
export function hasExpired(lock: Pick<HashLock, 'expiresAt'>, now: string): boolean {
  return now >= lock.expiresAt;
}

/** The beneficiary, or the CSD acting as settlement agent for it, claims, and only before the expiry. */
export function mayClaim(lock: Pick<HashLock, 'beneficiary' | 'expiresAt'>, caller: string, csd: string, now: string): boolean {
  return (caller === lock.beneficiary || caller === csd) && !hasExpired(lock, now);
}

/** The locker, or the CSD for it, refunds, and only from the expiry on. */
export function mayRefund(lock: Pick<HashLock, 'locker' | 'expiresAt'>, caller: string, csd: string, now: string): boolean {
  return (caller === lock.locker || caller === csd) && hasExpired(lock, now);
}

/** SHA-256 of the bytes a hex string encodes, as 64 lowercase hex characters. */
export function sha256OfHex(hex: string): string {
  return createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex');
}

/** A lock's hash: 64 lowercase hex characters (a SHA-256). */
export function requireHash(value: unknown, field = 'hash'): string {
  if (typeof value !== 'string' || !HEX_64.test(value)) {
    throw invalid(`${field} must be a SHA-256 as 64 lowercase hexadecimal characters`);
  }
  return value;
}

/** A claim's preimage: 32 bytes as 64 lowercase hex characters. */
export function requirePreimage(value: unknown, field = 'preimage'): string {
  if (typeof value !== 'string' || !HEX_64.test(value)) {
    throw invalid(`${field} must be ${PREIMAGE_BYTES} bytes as ${PREIMAGE_BYTES * 2} lowercase hexadecimal characters`);
  }
  return value;
}

/** Whether the preimage hashes to the lock's hash. */
export function matchesHash(lock: Pick<HashLock, 'hash'>, preimage: string): boolean {
  return sha256OfHex(preimage) === lock.hash;
}

/** The lock's expiry from a request: after the transaction time and at most MAX_HASH_LOCK_MILLIS ahead of it. */
export function requireExpiry(value: unknown, now: string): string {
  const expiresAt = requireInstant(value, 'expiresAt');
  if (expiresAt <= now) throw invalid(`expiresAt ${expiresAt} must be after the transaction time ${now}`);
  const latest = new Date(Date.parse(now) + MAX_HASH_LOCK_MILLIS).toISOString();
  if (expiresAt > latest) {
    throw invalid(`expiresAt ${expiresAt} is more than ${MAX_HASH_LOCK_MILLIS / 86_400_000} days ahead: at most ${latest}`);
  }
  return expiresAt;
}

/**
 * A new lock of the caller (the holder) from a HashLockRequest on bond
 * `isin`; its id is the locking transaction's. Checks the request only: the
 * caller checks the bond, the beneficiary's membership and the free units.
 */
export function createHashLock(input: Record<string, unknown>, isin: string, caller: string, stamp: ChangeStamp): HashLock {
  const holder = requireMspId(input.holder, 'holder');
  if (holder !== caller) throw new ChaincodeError(ErrorCode.NOT_A_PARTY, `only ${holder} locks its holding; the caller is ${caller}`);
  const accountId = requireTradingAccountId(input.accountId);
  const beneficiary = requireMspId(input.beneficiary, 'beneficiary');
  const beneficiaryAccountId = requireTradingAccountId(input.beneficiaryAccountId, 'beneficiaryAccountId');
  if (beneficiary === holder && beneficiaryAccountId === accountId) throw invalid('a lock needs a beneficiary account other than its own');
  if (input.hashAlgorithm !== HASH_ALGORITHM) throw invalid(`hashAlgorithm must be ${HASH_ALGORITHM}`);
  const lock: HashLock = {
    lockId: stamp.txId,
    isin,
    locker: holder,
    accountId,
    units: parseUnits(input.units, 'units').toString(),
    hash: requireHash(input.hash),
    hashAlgorithm: HASH_ALGORITHM,
    beneficiary,
    beneficiaryAccountId,
    expiresAt: requireExpiry(input.expiresAt, stamp.timestamp),
    status: 'LOCKED',
    created: stamp,
  };
  if (input.reference !== undefined) lock.reference = requireFreeText(input.reference, 'reference', MAX_REFERENCE_LENGTH);
  return lock;
}

/**
 * The claim: CLAIMED with the preimage recorded (the caller moves the units
 * to the beneficiary). Refused, in this order: not LOCKED
 * (INVALID_STATE_TRANSITION), neither the beneficiary nor the CSD
 * (NOT_A_PARTY), at or after the expiry (OUTSIDE_WINDOW), a malformed
 * preimage (INVALID_ARGUMENT), one that does not hash to the lock's hash
 * (HASH_MISMATCH).
 */
export function claimHashLock(lock: HashLock, caller: string, csd: string, preimage: unknown, stamp: ChangeStamp): HashLock {
  const status = hashLockTransition(lock, 'CLAIMED');
  if (caller !== lock.beneficiary && caller !== csd) {
    throw new ChaincodeError(
      ErrorCode.NOT_A_PARTY,
      `only the beneficiary ${lock.beneficiary}, or the CSD for it, claims hash lock ${lock.lockId}`,
    );
  }
  if (!mayClaim(lock, caller, csd, stamp.timestamp)) {
    throw new ChaincodeError(ErrorCode.OUTSIDE_WINDOW, `hash lock ${lock.lockId} expired at ${lock.expiresAt}; it can only be refunded`);
  }
  const secret = requirePreimage(preimage);
  if (!matchesHash(lock, secret)) {
    throw new ChaincodeError(ErrorCode.HASH_MISMATCH, `the preimage's SHA-256 is not hash lock ${lock.lockId}'s hash`);
  }
  return { ...lock, status, preimage: secret, claimed: stamp };
}

/** The holding a lock's units sit in while it is LOCKED: the locker's escrow holding of the bond. */
export function escrowOf(lock: Pick<HashLock, 'isin' | 'locker'>): { isin: string; holder: string; accountId: string } {
  return { isin: lock.isin, holder: lock.locker, accountId: HASH_LOCK_ESCROW_ACCOUNT };
}

/** What the bond's register allows today (ledger/register.ts reads it): the day, the last day it is open, the record dates fixed. */
export interface RegisterWindow {
  today: string;
  /** The final redemption's record date: after it nothing delivers any more. */
  closesAfter: string;
  fixedRecordDates: readonly string[];
}

/**
 * The account a refund leaves the units in. While deliveries settle: the
 * lock's account. Once the register has closed for good: the escrow
 * holding, free, because the final redemption fixed its entitlement on that
 * holding and retires them from it (moving them would leave that
 * entitlement without its units). On a record date whose entitlements are
 * fixed today nothing moves (OUTSIDE_WINDOW): the refund goes through the
 * next day.
 */
export function refundDestination(lock: Pick<HashLock, 'lockId' | 'accountId'>, register: RegisterWindow): string {
  const blocker = deliveryBlocker(register.today, register.closesAfter, register.fixedRecordDates);
  if (blocker === undefined) return lock.accountId;
  if (register.today > register.closesAfter) return HASH_LOCK_ESCROW_ACCOUNT;
  throw new ChaincodeError(ErrorCode.OUTSIDE_WINDOW, `hash lock ${lock.lockId} is refunded from the next day: ${blocker}`);
}

/**
 * The refund: REFUNDED, the units free again, in the account
 * refundDestination names (`refundedTo`). Refused, in this order: not
 * LOCKED (INVALID_STATE_TRANSITION), neither the locker nor the CSD
 * (NOT_A_PARTY), before the expiry or on a fixed record date
 * (OUTSIDE_WINDOW).
 */
export function refundHashLock(lock: HashLock, caller: string, csd: string, stamp: ChangeStamp, register: RegisterWindow): HashLock {
  const status = hashLockTransition(lock, 'REFUNDED');
  if (caller !== lock.locker && caller !== csd) {
    throw new ChaincodeError(ErrorCode.NOT_A_PARTY, `only the locker ${lock.locker}, or the CSD for it, refunds hash lock ${lock.lockId}`);
  }
  if (!mayRefund(lock, caller, csd, stamp.timestamp)) {
    throw new ChaincodeError(ErrorCode.OUTSIDE_WINDOW, `hash lock ${lock.lockId} can be refunded from ${lock.expiresAt}, not before`);
  }
  return { ...lock, status, refundedTo: refundDestination(lock, register), refunded: stamp };
}

/** Whether the caller is a party to the lock (its locker or beneficiary): what a suspended member may still read. */
export function isPartyTo(lock: Pick<HashLock, 'locker' | 'beneficiary'>, mspId: string): boolean {
  return mspId === lock.locker || mspId === lock.beneficiary;
}
