/**
 * Hash time-locked contracts on the cash ledger, after the semantics of
 * Hyperledger Cacti's asset-exchange protocol (lock / claim / unlock with a
 * hash and a timeout): a payer locks an amount for a beneficiary under the
 * SHA-256 hash of a secret and an expiry; before the expiry only the
 * beneficiary can claim it, by revealing the secret (the preimage), which
 * the lock then records for the other ledger to read; at or after the
 * expiry only the locker can take it back. See cash-chaincode/README.md.
 */
import type { AccountRef, ChangeStamp } from './cash';

/** Hash functions a lock may name. Cacti also knows SHA512; this ledger takes SHA-256 only. */
export const HashAlgorithm = {
  SHA256: 'SHA256',
} as const;
export type HashAlgorithm = (typeof HashAlgorithm)[keyof typeof HashAlgorithm];

export const LockStatus = {
  /** The amount is in the lock: claimable by the beneficiary before expiry, refundable to the locker from expiry on. */
  LOCKED: 'LOCKED',
  /** Final: the beneficiary was credited; `preimage` is the revealed secret. */
  CLAIMED: 'CLAIMED',
  /** Final: the locker was credited back. */
  REFUNDED: 'REFUNDED',
} as const;
export type LockStatus = (typeof LockStatus)[keyof typeof LockStatus];

/** The secret's length: 32 bytes, sent as 64 lowercase hexadecimal characters. */
export const PREIMAGE_BYTES = 32;

/** The longest a lock may run, from the transaction that makes it to its expiry: 30 days. */
export const MAX_LOCK_DURATION_SECONDS = 30 * 24 * 3600;

export interface LockCashRequest {
  /**
   * The lock's ID (an identifier, 1-64 of letters, digits, '.', '-', '_').
   * Optional: without one the lock is called by its transaction's ID. A
   * client that chooses it (e.g. from its settlement reference) can retry
   * safely: a second lock with the same ID is refused ALREADY_EXISTS.
   */
  lockId?: string;
  /** The locker's account: the caller's own. */
  from: AccountRef;
  currency: string;
  /** Minor units, a decimal string > 0. */
  amount: string;
  hashAlgorithm: HashAlgorithm;
  /** SHA-256 of the preimage's bytes: 64 lowercase hexadecimal characters. */
  hash: string;
  /** Who can claim, into which of its accounts (open, same currency). */
  beneficiary: AccountRef;
  /**
   * ISO-8601 UTC instant `YYYY-MM-DDThh:mm:ss[.fff]Z`: a claim needs a
   * transaction time before it, a refund one at or after it. After the
   * lock's transaction time and at most MAX_LOCK_DURATION_SECONDS later.
   */
  expiry: string;
}

export interface CashLock {
  lockId: string;
  status: LockStatus;
  locker: AccountRef;
  beneficiary: AccountRef;
  currency: string;
  amount: string;
  hashAlgorithm: HashAlgorithm;
  hash: string;
  /** Normalised: `YYYY-MM-DDThh:mm:ss.fffZ`. */
  expiry: string;
  locked: ChangeStamp;
  claimed?: ChangeStamp;
  refunded?: ChangeStamp;
  /** The revealed secret (64 lowercase hex characters), once CLAIMED. */
  preimage?: string;
}

/**
 * What `Htlc:AttestLock(lockId)` answers: a lock as the endorsing peer's
 * ledger holds it, on which channel and at which transaction time. It
 * writes nothing and is never submitted: a client endorses it and keeps the
 * endorsed transaction's envelope as a proof the other ledger can verify.
 */
export interface LockAttestation {
  /** The cash channel's ID (the chaincode stub's channel). */
  channel: string;
  lock: CashLock;
  /** ISO-8601 UTC instant: the transaction timestamp of the attestation. */
  attestedAt: string;
}
