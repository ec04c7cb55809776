/**
 * Proof instead of trust (issue 17): the bond ledger learns what a cash lock
 * on the separate cash ledger is from a proof, not from a party's word. The
 * CSD registers the cash ledger (its channel, its chaincode, the root
 * certificates of its organisations and the endorsement policy a proof must
 * meet); a proof is the endorsed but never submitted transaction of the
 * cash chaincode's `Htlc:AttestLock(lockId)`, whose response (a
 * LockAttestation) the cash peers signed. The bond chaincode verifies the
 * signatures against the registered certificates, deterministically.
 *
 * Proof format: base64 of the serialized `common.Envelope` of that
 * transaction (fabric-gateway: `contract.newProposal('AttestLock',
 * {arguments: [lockId]}).endorse()`, the PreparedTransaction's envelope).
 */
import type { ChangeStamp } from './membership';

/** One organisation of the cash channel whose peers may endorse a proof. */
export interface CashLedgerOrganisation {
  /** Its MSP ID on the cash channel. */
  mspId: string;
  /**
   * PEM certificates of the CAs that issue its peers' certificates directly
   * (its MSP's root CA, or the intermediate CA where it has one).
   */
  rootCertificates: string[];
}

/** Which organisations' peers must have endorsed a proof: every one listed. */
export interface CashLedgerEndorsementPolicy {
  mspIds: string[];
}

/** The CSD registers (or replaces) the cash ledger the bond ledger accepts proofs from. */
export interface CashLedgerRegistrationRequest {
  /** The cash channel's name, e.g. "cash". */
  channel: string;
  /** The cash chaincode's name on that channel. */
  chaincode: string;
  organisations: CashLedgerOrganisation[];
  /** Default: every proof endorsed by the first organisation's peers. */
  endorsementPolicy?: CashLedgerEndorsementPolicy;
  /** How old an attestation may be when the bond ledger uses it, seconds: 30..3600, default 300. */
  maxProofAgeSeconds?: number;
}

/** The registered cash ledger, as stored (certificates normalised to PEM). */
export interface CashLedgerRegistration {
  channel: string;
  chaincode: string;
  organisations: CashLedgerOrganisation[];
  endorsementPolicy: CashLedgerEndorsementPolicy;
  maxProofAgeSeconds: number;
  registered: ChangeStamp;
}

/** An account on the cash ledger (the cash chaincode's AccountRef). */
export interface CashAccountRef {
  /** The owning organisation's MSP ID. */
  owner: string;
  accountId: string;
}

/** LOCKED until claimed with the preimage or refunded after its expiry (the cash chaincode's LockStatus). */
export type CashLockStatus = 'LOCKED' | 'CLAIMED' | 'REFUNDED';

/** What the bond ledger takes from an attested cash lock (a subset of the cash chaincode's CashLock). */
export interface AttestedCashLock {
  lockId: string;
  status: CashLockStatus;
  locker: CashAccountRef;
  beneficiary: CashAccountRef;
  /** ISO 4217; the same minor units as the bond ledger's amounts. */
  currency: string;
  /** Minor units, a whole number as a decimal string. */
  amount: string;
  hashAlgorithm: 'SHA256';
  /** SHA-256 of the preimage, 64 lowercase hexadecimal characters. */
  hash: string;
  /** ISO instant: the cash claim is possible before it. */
  expiry: string;
  /** CLAIMED: the revealed preimage. */
  preimage?: string;
}

/** A cash lock whose attestation verified against the registered cash ledger. */
export interface VerifiedCashLock {
  /** The cash channel the attestation came from. */
  channel: string;
  lock: AttestedCashLock;
  /** The attestation's transaction time (= its channel header's timestamp). */
  attestedAt: string;
  /** The attestation transaction's id (never committed). */
  attestationTxId: string;
  /** MSP IDs whose peers validly endorsed the attestation, sorted. */
  endorsedBy: string[];
}

/** What a bond hash lock records of the cash lock proven to pay for it. */
export interface AttachedCashLock {
  lockId: string;
  currency: string;
  amount: string;
  expiry: string;
  attestedAt: string;
  endorsedBy: string[];
}

/** Record of a cash lock the bond ledger has used (attached to a hash lock, settled an instruction, or paid an entitlement): it serves once. */
export interface CashLockUse {
  channel: string;
  cashLockId: string;
  /** `HashLocks:AttachCashLock`, `Settlement:ConfirmCashByProof` or `Servicing:ConfirmPaymentByProof`. */
  usedBy: string;
  /** The hash lock's id, `<isin>/<settlementId>`, or `<isin>/<eventId>/<holder>/<accountId>` (the entitlement). */
  usedFor: string;
  used: ChangeStamp;
}

/** Event names of the cross-ledger functions. */
export const CrossLedgerEvent = {
  /** The payload is the CashLedgerRegistration. */
  CASH_LEDGER_REGISTERED: 'CashLedgerRegistered',
  /** The payload is the bond hash lock with its `cashLock`. */
  CASH_LOCK_ATTACHED: 'CashLockAttached',
} as const;
