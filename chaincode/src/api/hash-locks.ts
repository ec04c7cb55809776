/**
 * Hash time-locked delivery of bond units (issue 17): the bond ledger's side
 * of a delivery versus payment against a separate cash ledger, after
 * Hyperledger Cacti's asset-exchange protocol. A holder locks units of one
 * of its holdings for a beneficiary under the SHA-256 hash of a secret and
 * an expiry (Cacti: LockFungibleAsset); the beneficiary, or the CSD's
 * settlement agent on its behalf, claims them with the secret before the
 * expiry (Cacti: ClaimFungibleAsset); from the expiry on, the locker (or
 * the CSD for it) takes the lock back (Cacti: UnlockFungibleAsset, a
 * refund). The lock's status and, once claimed, its secret are queries
 * (Cacti: IsFungibleAssetLocked, GetHTLCHashPreImageByContractId).
 *
 * Encoding, shared with the cash ledger's side: the secret (preimage) is
 * exactly 32 bytes written as 64 lowercase hexadecimal characters, and the
 * hash is SHA-256 of those 32 bytes (not of the hex text), also as 64
 * lowercase hexadecimal characters.
 */
import type { AttachedCashLock } from './cross-ledger';
import type { ChangeStamp } from './membership';

/**
 * Prefix of the accounts hash locks reserve: refused as a trading account in
 * any input (like PUT-), so nothing but a lock's claim or refund moves units
 * out of them.
 */
export const HASH_LOCK_ACCOUNT_PREFIX = 'HTLC-';
/**
 * The locker's escrow account: LockUnits moves the locked units from the
 * locker's account into its holding `HTLC-ESCROW` of the bond, whose key's
 * state-based endorsement policy is the CSD's peers only, so a claim or a
 * refund never needs the locker's peer. The holding is the locker's (on the
 * register, counted in outstanding, entitled to coupons).
 */
export const HASH_LOCK_ESCROW_ACCOUNT = 'HTLC-ESCROW';

/** The one hash mechanism (Cacti: HashMechanism.SHA256). */
export type HashAlgorithm = 'SHA256';

/** LOCKED until claimed with the preimage before the expiry, or refunded from the expiry on. */
export type HashLockStatus = 'LOCKED' | 'CLAIMED' | 'REFUNDED';

/** The holder (the caller) locks units of one of its holdings for a beneficiary. */
export interface HashLockRequest {
  isin: string;
  /** The locker: the calling organisation, which holds the units. */
  holder: string;
  /** The locker's account holding the units. */
  accountId: string;
  units: string;
  /** SHA-256 of the 32-byte preimage: 64 lowercase hexadecimal characters. */
  hash: string;
  hashAlgorithm: HashAlgorithm;
  /** The member the units are delivered to on a claim. */
  beneficiary: string;
  /** The beneficiary's account credited on a claim. */
  beneficiaryAccountId: string;
  /** ISO instant: claims before it, refunds from it on; after the transaction time and at most 7 days ahead of it. */
  expiresAt: string;
  /** The trade or transfer this lock settles, e.g. a trade id shared with the cash ledger's lock. */
  reference?: string;
}

/** The beneficiary (or the CSD's settlement agent for it) claims with the preimage. */
export interface HashLockClaimRequest {
  /** The 32-byte secret whose SHA-256 is the lock's hash: 64 lowercase hexadecimal characters. */
  preimage: string;
}

/**
 * A hash time lock on units of a holding. While LOCKED the units sit in the
 * locker's escrow holding (HASH_LOCK_ESCROW_ACCOUNT: on the register,
 * counted in outstanding, entitled to coupons), encumbered by the lock, so
 * no transfer, freeze, pledge or other lock may take them.
 */
export interface HashLock {
  /** The id of the locking transaction. */
  lockId: string;
  isin: string;
  locker: string;
  /** The locker's account the units came from, and go back to on a refund. */
  accountId: string;
  units: string;
  hash: string;
  hashAlgorithm: HashAlgorithm;
  beneficiary: string;
  beneficiaryAccountId: string;
  expiresAt: string;
  reference?: string;
  status: HashLockStatus;
  /** CLAIMED: the preimage the claim revealed, for the other ledger's side to claim with. */
  preimage?: string;
  /**
   * REFUNDED: the account of the locker the units are in now: the lock's
   * `accountId`, or HASH_LOCK_ESCROW_ACCOUNT if the bond's register had
   * closed for good (its final redemption's record date passed), where the
   * redemption entitlement fixed for the escrow holding retires them.
   */
  refundedTo?: string;
  created: ChangeStamp;
  claimed?: ChangeStamp;
  refunded?: ChangeStamp;
  /** The cash lock on the cash ledger proven (HashLocks:AttachCashLock) to pay for these units. */
  cashLock?: AttachedCashLock;
}

/** Event names of the HashLocks contract, each with the lock as its payload (one per transaction). */
export const HashLockEvent = {
  UNITS_LOCKED: 'UnitsLocked',
  /** The payload carries the revealed preimage. */
  UNITS_CLAIMED: 'UnitsClaimed',
  UNITS_REFUNDED: 'UnitsRefunded',
} as const;
