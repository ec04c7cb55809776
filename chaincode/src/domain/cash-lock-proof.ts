/**
 * Proof instead of trust (issue 17): the cash ledger's registration and the
 * verification of a cash-lock proof, pure and deterministic (no clock, no
 * randomness, no ledger: the caller supplies the registration and the
 * transaction time).
 *
 * A proof is the serialized `common.Envelope` of an endorsed, never
 * submitted transaction of the cash chaincode's `Htlc:AttestLock(lockId)`.
 * It is believed because of what the cash peers signed, not because of who
 * sends it:
 *
 * - each endorsement is an ECDSA signature over proposal_response_payload ‖
 *   endorser (Fabric's endorsement), by a peer certificate (Fabric NodeOU
 *   `peer`) that one of its organisation's registered CAs issued and that is
 *   valid at the transaction time;
 * - the signed proposal_response_payload carries the proposal hash, SHA-256
 *   of channel header ‖ signature header ‖ chaincode proposal payload, which
 *   binds the channel, the timestamp and the function and arguments read
 *   from the envelope to the signatures;
 * - every organisation the CSD's endorsement policy names has endorsed;
 * - the response (status 200) is the LockAttestation JSON: its channel and
 *   lock id are the ones asked for, and its attestedAt is the proposal's
 *   own timestamp, recent enough (maxProofAgeSeconds) and not ahead of the
 *   transaction time by more than the platform's 120 s clock tolerance.
 *
 * Refusals: PROOF_STALE for the time rules, PROOF_INVALID for anything else,
 * each saying what failed.
 */
import { createHash, verify as verifySignature, X509Certificate } from 'node:crypto';
import { isCurrency } from '@bond-platform/chaincode-common';
import { common, msp, peer } from '@hyperledger/fabric-protos';
import type {
  AttachedCashLock,
  AttestedCashLock,
  CashAccountRef,
  CashLedgerOrganisation,
  CashLedgerRegistration,
  CashLockStatus,
  VerifiedCashLock,
} from '../api/cross-ledger';
import { ChaincodeError, ErrorCode } from '../api/errors';
import type { HashLock } from '../api/hash-locks';
import type { ChangeStamp } from '../api/membership';
import type { SettlementInstruction } from '../api/bonds';
import type { Entitlement } from '../api/servicing';
import { parseInstant } from './dates';
import type { Payee } from './payment-event';
import { invalid, requireCanonicalInteger, requireMspId } from './validation';

/** The cash chaincode's function a proof must be of, as Fabric sends it (contract-qualified) and unqualified (a default contract). */
export const ATTEST_FUNCTIONS: readonly string[] = ['Htlc:AttestLock', 'AttestLock'];
export const DEFAULT_MAX_PROOF_AGE_SECONDS = 300;
export const MIN_MAX_PROOF_AGE_SECONDS = 30;
export const MAX_MAX_PROOF_AGE_SECONDS = 3600;
/** How far an attestation may be ahead of the transaction time: the platform's clock tolerance between peers. */
export const MAX_PROOF_LEAD_SECONDS = 120;
/** The least a buyer's cash lock must expire before the seller's bond lock, so the seller can still claim the units after the cash claim reveals the preimage. */
export const MIN_EXPIRY_GAP_SECONDS = 60;
/** Most organisations and root certificates a registration may name, and the longest PEM certificate. */
export const MAX_CASH_ORGANISATIONS = 16;
export const MAX_ROOT_CERTIFICATES = 8;
export const MAX_PEM_LENGTH = 8 * 1024;
/** The longest proof, base64 characters (the chaincode's argument limit bounds it too). */
export const MAX_PROOF_LENGTH = 16 * 1024;

const CHANNEL_NAME = /^[a-z][a-z0-9.-]{0,248}$/;
const CHAINCODE_NAME = /^[A-Za-z0-9]+([-_][A-Za-z0-9]+)*$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const HEX_64 = /^[0-9a-f]{64}$/;
const WHOLE = /^(0|[1-9][0-9]{0,29})$/;
const LOCK_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const MSP_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const ACCOUNT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
const LOCK_STATUSES: readonly CashLockStatus[] = ['LOCKED', 'CLAIMED', 'REFUNDED'];

function proofInvalid(message: string): ChaincodeError {
  return new ChaincodeError(ErrorCode.PROOF_INVALID, message);
}

function proofStale(message: string): ChaincodeError {
  return new ChaincodeError(ErrorCode.PROOF_STALE, message);
}

// --- registration ------------------------------------------------------------------

/**
 * The registration from a CashLedgerRegistrationRequest: names checked,
 * every certificate parsed (a CA certificate, re-encoded as PEM), the
 * policy's organisations registered ones. INVALID_ARGUMENT otherwise.
 */
export function parseCashLedgerRegistration(input: Record<string, unknown>, stamp: ChangeStamp): CashLedgerRegistration {
  if (typeof input.channel !== 'string' || !CHANNEL_NAME.test(input.channel)) throw invalid('channel must be a Fabric channel name');
  if (typeof input.chaincode !== 'string' || !CHAINCODE_NAME.test(input.chaincode) || input.chaincode.length > 64) {
    throw invalid('chaincode must be a Fabric chaincode name');
  }
  const organisations = requireOrganisations(input.organisations);
  const mspIds = organisations.map((o) => o.mspId);
  const policy = input.endorsementPolicy === undefined ? { mspIds: [mspIds[0] ?? ''] } : requirePolicy(input.endorsementPolicy, mspIds);
  const maxProofAgeSeconds =
    input.maxProofAgeSeconds === undefined
      ? DEFAULT_MAX_PROOF_AGE_SECONDS
      : requireCanonicalInteger(input.maxProofAgeSeconds, 'maxProofAgeSeconds', MIN_MAX_PROOF_AGE_SECONDS, MAX_MAX_PROOF_AGE_SECONDS);
  return {
    channel: input.channel,
    chaincode: input.chaincode,
    organisations,
    endorsementPolicy: policy,
    maxProofAgeSeconds,
    registered: stamp,
  };
}

function requireOrganisations(value: unknown): CashLedgerOrganisation[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_CASH_ORGANISATIONS) {
    throw invalid(`organisations must list 1 to ${MAX_CASH_ORGANISATIONS} organisations of the cash channel`);
  }
  const organisations = value.map((entry: unknown, index) => requireOrganisation(entry, `organisations[${index}]`));
  const seen = new Set<string>();
  for (const { mspId } of organisations) {
    if (seen.has(mspId)) throw invalid(`organisation ${mspId} is listed twice`);
    seen.add(mspId);
  }
  return organisations;
}

function requireOrganisation(value: unknown, field: string): CashLedgerOrganisation {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(`${field} must be an object`);
  const { mspId, rootCertificates } = value as Record<string, unknown>;
  const id = requireMspId(mspId, `${field}.mspId`);
  if (!Array.isArray(rootCertificates) || rootCertificates.length === 0 || rootCertificates.length > MAX_ROOT_CERTIFICATES) {
    throw invalid(`${field}.rootCertificates must list 1 to ${MAX_ROOT_CERTIFICATES} PEM certificates`);
  }
  return {
    mspId: id,
    rootCertificates: rootCertificates.map((pem: unknown, i) => requireCaCertificate(pem, `${field}.rootCertificates[${i}]`)),
  };
}

/** A CA certificate in PEM, normalised to the PEM Node writes (so the stored registration is canonical). */
function requireCaCertificate(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length > MAX_PEM_LENGTH || !value.includes('-----BEGIN CERTIFICATE-----')) {
    throw invalid(`${field} must be a PEM certificate of at most ${MAX_PEM_LENGTH} characters`);
  }
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(value);
  } catch {
    throw invalid(`${field} is not a readable X.509 certificate`);
  }
  if (!certificate.ca) throw invalid(`${field} is not a CA certificate (${certificate.subject.replaceAll('\n', ', ')})`);
  return certificate.toString();
}

function requirePolicy(value: unknown, registered: readonly string[]): { mspIds: string[] } {
  const mspIds = (value as { mspIds?: unknown } | null)?.mspIds;
  if (!Array.isArray(mspIds) || mspIds.length === 0) throw invalid('endorsementPolicy.mspIds must list at least one organisation');
  const ids = mspIds.map((id: unknown) => requireMspId(id, 'endorsementPolicy.mspIds'));
  for (const id of ids) {
    if (!registered.includes(id)) throw invalid(`endorsementPolicy names ${id}, which is not one of the registered organisations`);
  }
  if (new Set(ids).size !== ids.length) throw invalid('endorsementPolicy.mspIds names an organisation twice');
  return { mspIds: ids };
}

// --- the proof's envelope ----------------------------------------------------------

/** What the envelope says, before anything of it is believed. */
interface DecodedProof {
  channel: string;
  headerType: number;
  txId: string;
  timestampMillis: number;
  /** channel header ‖ signature header ‖ chaincode proposal payload: what the proposal hash covers. */
  proposalBytes: Uint8Array;
  args: string[];
  proposalResponsePayload: Uint8Array;
  endorsements: { endorser: Uint8Array; signature: Uint8Array }[];
  proposalHash: Uint8Array;
  chaincodeName: string;
  responseStatus: number;
  responsePayload: Uint8Array;
}

/** google.protobuf.Timestamp. */
interface ProtoTimestamp {
  getSeconds(): number;
  getNanos(): number;
}

function decodeBase64(value: unknown): Uint8Array {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_PROOF_LENGTH || value.length % 4 !== 0 || !BASE64.test(value)) {
    throw proofInvalid(`the proof must be base64 (padded) of at most ${MAX_PROOF_LENGTH} characters`);
  }
  return Buffer.from(value, 'base64');
}

/** Runs a protobuf decoding step; a failure is the proof's fault. */
function decoded<T>(what: string, decode: () => T | undefined): T {
  let result: T | undefined;
  try {
    result = decode();
  } catch {
    throw proofInvalid(`the proof's ${what} does not decode`);
  }
  if (result === undefined) throw proofInvalid(`the proof has no ${what}`);
  return result;
}

function decodeEnvelope(bytes: Uint8Array): DecodedProof {
  const payload = decoded('envelope payload', () =>
    common.Payload.deserializeBinary(common.Envelope.deserializeBinary(bytes).getPayload_asU8()),
  );
  const header = decoded('header', () => payload.getHeader());
  const channelHeaderBytes = header.getChannelHeader_asU8();
  const channelHeader = decoded('channel header', () => common.ChannelHeader.deserializeBinary(channelHeaderBytes));
  // google-protobuf ships no types for its well-known Timestamp: its two getters, as the message has them.
  const timestamp = decoded('timestamp', () => channelHeader.getTimestamp() as unknown as ProtoTimestamp | undefined);
  const action = decoded('transaction action', () => peer.Transaction.deserializeBinary(payload.getData_asU8()).getActionsList()[0]);
  const actionPayload = decoded('chaincode action payload', () => peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8()));
  const endorsed = decoded('endorsed action', () => actionPayload.getAction());
  const proposalPayloadBytes = actionPayload.getChaincodeProposalPayload_asU8();
  const responsePayloadBytes = endorsed.getProposalResponsePayload_asU8();
  const responsePayload = decoded('proposal response payload', () => peer.ProposalResponsePayload.deserializeBinary(responsePayloadBytes));
  const chaincodeAction = decoded('chaincode action', () => peer.ChaincodeAction.deserializeBinary(responsePayload.getExtension_asU8()));
  const response = decoded('chaincode response', () => chaincodeAction.getResponse());
  return {
    channel: channelHeader.getChannelId(),
    headerType: channelHeader.getType(),
    txId: channelHeader.getTxId(),
    timestampMillis: timestamp.getSeconds() * 1000 + Math.floor(timestamp.getNanos() / 1_000_000),
    proposalBytes: Buffer.concat([channelHeaderBytes, header.getSignatureHeader_asU8(), proposalPayloadBytes]),
    args: decodeArgs(proposalPayloadBytes),
    proposalResponsePayload: responsePayloadBytes,
    endorsements: endorsed.getEndorsementsList().map((e) => ({ endorser: e.getEndorser_asU8(), signature: e.getSignature_asU8() })),
    proposalHash: responsePayload.getProposalHash_asU8(),
    chaincodeName: chaincodeAction.getChaincodeId()?.getName() ?? '',
    responseStatus: response.getStatus(),
    responsePayload: response.getPayload_asU8(),
  };
}

function decodeArgs(proposalPayloadBytes: Uint8Array): string[] {
  const input = decoded('chaincode input', () => {
    const spec = peer.ChaincodeInvocationSpec.deserializeBinary(
      peer.ChaincodeProposalPayload.deserializeBinary(proposalPayloadBytes).getInput_asU8(),
    );
    return spec.getChaincodeSpec()?.getInput();
  });
  return input.getArgsList_asU8().map((arg) => Buffer.from(arg).toString('utf8'));
}

// --- what the envelope must say ----------------------------------------------------

function requireInvocation(proof: DecodedProof, registration: CashLedgerRegistration): string {
  if (proof.channel !== registration.channel) {
    throw proofInvalid(`the proof is of channel ${JSON.stringify(proof.channel)}, not the registered cash channel ${registration.channel}`);
  }
  if (proof.headerType !== common.HeaderType.ENDORSER_TRANSACTION) throw proofInvalid('the proof is not an endorser transaction');
  if (proof.chaincodeName !== registration.chaincode) {
    throw proofInvalid(`the proof is of chaincode ${JSON.stringify(proof.chaincodeName)}, not the registered ${registration.chaincode}`);
  }
  const [fn = '', lockId = '', ...rest] = proof.args;
  if (!ATTEST_FUNCTIONS.includes(fn) || rest.length > 0) {
    throw proofInvalid(`the proof is of ${JSON.stringify(fn)} with ${proof.args.length - 1} argument(s), not Htlc:AttestLock(lockId)`);
  }
  if (proof.responseStatus !== 200) throw proofInvalid(`the attested call answered status ${proof.responseStatus}, not 200`);
  const proposalHash = createHash('sha256').update(proof.proposalBytes).digest();
  if (!proposalHash.equals(Buffer.from(proof.proposalHash))) {
    throw proofInvalid("the envelope's header or arguments are not the ones the endorsers signed (proposal hash mismatch)");
  }
  return lockId;
}

// --- endorsements ------------------------------------------------------------------

/** "Jan  1 00:00:00 2020 GMT" (Node's X509Certificate validFrom/validTo) as epoch milliseconds. */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const CERT_TIME = /^([A-Z][a-z]{2}) +([0-9]{1,2}) ([0-9]{2}):([0-9]{2}):([0-9]{2}) ([0-9]{4}) GMT$/;

export function certificateTime(text: string): number {
  const m = CERT_TIME.exec(text);
  const month = MONTHS.indexOf(m?.[1] ?? '');
  if (!m || month < 0) throw proofInvalid(`a certificate's validity ${JSON.stringify(text)} is not readable`);
  const [, , day, hour, minute, second, year] = m.map(Number);
  return Date.UTC(year ?? 0, month, day, hour, minute, second);
}

function validAt(certificate: X509Certificate, millis: number): boolean {
  return certificateTime(certificate.validFrom) <= millis && millis <= certificateTime(certificate.validTo);
}

/** The endorser's certificate, if its organisation is registered and one of its CAs issued it, valid now, for a peer. */
function requirePeerCertificate(
  identity: msp.SerializedIdentity,
  registration: CashLedgerRegistration,
  nowMillis: number,
): X509Certificate {
  const mspId = identity.getMspid();
  const organisation = registration.organisations.find((o) => o.mspId === mspId);
  if (!organisation) throw proofInvalid(`an endorsement is by ${JSON.stringify(mspId)}, not a registered organisation of the cash channel`);
  const certificate = decoded(`endorser certificate of ${mspId}`, () => new X509Certificate(Buffer.from(identity.getIdBytes_asU8())));
  const subject = certificate.subject.replaceAll('\n', ', ');
  const issuer = organisation.rootCertificates
    .map((pem) => new X509Certificate(pem))
    .find((ca) => certificate.checkIssued(ca) && certificate.verify(ca.publicKey));
  if (!issuer) throw proofInvalid(`the endorser certificate ${subject} was not issued by a registered CA of ${mspId}`);
  if (!validAt(certificate, nowMillis) || !validAt(issuer, nowMillis)) {
    throw proofInvalid(`the endorser certificate ${subject} or its CA is not valid at the transaction time`);
  }
  if (!certificate.subject.split('\n').includes('OU=peer'))
    throw proofInvalid(`the endorser certificate ${subject} is not a peer's (OU=peer)`);
  if (certificate.publicKey.asymmetricKeyType !== 'ec') throw proofInvalid(`the endorser certificate ${subject} has no ECDSA key`);
  return certificate;
}

/** The MSP IDs of the endorsements, each checked: every endorsement must be valid, not only enough of them. */
function requireEndorsements(proof: DecodedProof, registration: CashLedgerRegistration, nowMillis: number): string[] {
  if (proof.endorsements.length === 0) throw proofInvalid('the proof carries no endorsement');
  const endorsedBy = new Set<string>();
  for (const { endorser, signature } of proof.endorsements) {
    const identity = decoded('endorser identity', () => msp.SerializedIdentity.deserializeBinary(endorser));
    const certificate = requirePeerCertificate(identity, registration, nowMillis);
    const signed = Buffer.concat([proof.proposalResponsePayload, endorser]);
    let valid: boolean;
    try {
      valid = verifySignature('sha256', signed, certificate.publicKey, signature);
    } catch {
      valid = false;
    }
    if (!valid)
      throw proofInvalid(`the endorsement by ${identity.getMspid()}'s peer does not verify: the signed response was altered or forged`);
    endorsedBy.add(identity.getMspid());
  }
  const missing = registration.endorsementPolicy.mspIds.filter((id) => !endorsedBy.has(id));
  if (missing.length > 0) throw proofInvalid(`the endorsement policy is not met: no endorsement by ${missing.join(', ')}`);
  return [...endorsedBy].sort();
}

// --- the attestation ---------------------------------------------------------------

function requireString(value: unknown, pattern: RegExp, field: string): string {
  if (typeof value !== 'string' || !pattern.test(value)) throw proofInvalid(`the attestation's ${field} is malformed`);
  return value;
}

function requireAccount(value: unknown, field: string): CashAccountRef {
  const { owner, accountId } = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  return { owner: requireString(owner, MSP_ID, `${field}.owner`), accountId: requireString(accountId, ACCOUNT_ID, `${field}.accountId`) };
}

function requireAttestedInstant(value: unknown, field: string): number {
  const millis = typeof value === 'string' ? parseInstant(value) : undefined;
  if (millis === undefined) throw proofInvalid(`the attestation's ${field} is not an ISO instant`);
  return millis;
}

function parseAttestedLock(value: unknown): AttestedCashLock {
  if (typeof value !== 'object' || value === null) throw proofInvalid('the attestation has no lock');
  const lock = value as Record<string, unknown>;
  if (!LOCK_STATUSES.includes(lock.status as CashLockStatus)) throw proofInvalid("the attestation's lock status is unknown");
  if (!isCurrency(lock.currency))
    throw proofInvalid(`the attestation's currency ${JSON.stringify(lock.currency)} is not one the platform settles in`);
  if (lock.hashAlgorithm !== 'SHA256') throw proofInvalid("the attestation's hashAlgorithm is not SHA256");
  const attested: AttestedCashLock = {
    lockId: requireString(lock.lockId, LOCK_ID, 'lockId'),
    status: lock.status as CashLockStatus,
    locker: requireAccount(lock.locker, 'locker'),
    beneficiary: requireAccount(lock.beneficiary, 'beneficiary'),
    currency: lock.currency,
    amount: requireString(lock.amount, WHOLE, 'amount'),
    hashAlgorithm: 'SHA256',
    hash: requireString(lock.hash, HEX_64, 'hash'),
    expiry: new Date(requireAttestedInstant(lock.expiry, 'expiry')).toISOString(),
  };
  if (lock.preimage !== undefined) attested.preimage = requireString(lock.preimage, HEX_64, 'preimage');
  return attested;
}

function parseAttestation(bytes: Uint8Array): { channel: unknown; lock: AttestedCashLock; attestedAtMillis: number } {
  let attestation: unknown;
  try {
    attestation = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw proofInvalid('the attested response is not JSON');
  }
  if (typeof attestation !== 'object' || attestation === null) throw proofInvalid('the attested response is not a LockAttestation');
  const { channel, lock, attestedAt } = attestation as Record<string, unknown>;
  return { channel, lock: parseAttestedLock(lock), attestedAtMillis: requireAttestedInstant(attestedAt, 'attestedAt') };
}

function requireFresh(attestedAtMillis: number, headerMillis: number, txMillis: number, maxAgeSeconds: number): void {
  const at = new Date(attestedAtMillis).toISOString();
  if (attestedAtMillis !== headerMillis) {
    throw proofStale(`the attestation says ${at} but its transaction is of ${new Date(headerMillis).toISOString()}`);
  }
  if (txMillis - attestedAtMillis > maxAgeSeconds * 1000) {
    throw proofStale(`the attestation of ${at} is more than ${maxAgeSeconds} s old: attest the lock again`);
  }
  if (attestedAtMillis - txMillis > MAX_PROOF_LEAD_SECONDS * 1000) {
    throw proofStale(`the attestation of ${at} is more than ${MAX_PROOF_LEAD_SECONDS} s ahead of the transaction time`);
  }
}

/**
 * Verifies a cash-lock proof (base64 of the Envelope) against the registered
 * cash ledger at the transaction time `txTimeIso`, and returns the attested
 * lock. PROOF_INVALID or PROOF_STALE, saying what failed, otherwise.
 */
export function verifyCashLockProof(proofBase64: unknown, registration: CashLedgerRegistration, txTimeIso: string): VerifiedCashLock {
  const txMillis = Date.parse(txTimeIso);
  const proof = decodeEnvelope(decodeBase64(proofBase64));
  const lockId = requireInvocation(proof, registration);
  const endorsedBy = requireEndorsements(proof, registration, txMillis);
  const attestation = parseAttestation(proof.responsePayload);
  if (attestation.channel !== registration.channel)
    throw proofInvalid(`the attestation is of channel ${JSON.stringify(attestation.channel)}`);
  if (attestation.lock.lockId !== lockId)
    throw proofInvalid(`the attestation is of lock ${attestation.lock.lockId}, not the ${lockId} asked for`);
  requireFresh(attestation.attestedAtMillis, proof.timestampMillis, txMillis, registration.maxProofAgeSeconds);
  return {
    channel: registration.channel,
    lock: attestation.lock,
    attestedAt: new Date(attestation.attestedAtMillis).toISOString(),
    attestationTxId: proof.txId,
    endorsedBy,
  };
}

// --- what a proven cash lock may be used for ---------------------------------------

/**
 * Whether a cash lock may be attached to the bond lock by `caller` at `now`
 * (checked before the proof, which costs more): the locker, the beneficiary
 * or the CSD; the lock LOCKED, not expired and without a cash lock yet.
 */
export function requireAttachable(lock: HashLock, caller: string, csd: string, now: string): void {
  if (caller !== lock.locker && caller !== lock.beneficiary && caller !== csd) {
    throw new ChaincodeError(
      ErrorCode.NOT_A_PARTY,
      `only ${lock.locker}, ${lock.beneficiary} or the CSD attach a cash lock to hash lock ${lock.lockId}`,
    );
  }
  if (lock.status !== 'LOCKED')
    throw new ChaincodeError(ErrorCode.INVALID_STATE_TRANSITION, `hash lock ${lock.lockId} is ${lock.status}, not LOCKED`);
  if (now >= lock.expiresAt) throw new ChaincodeError(ErrorCode.OUTSIDE_WINDOW, `hash lock ${lock.lockId} expired at ${lock.expiresAt}`);
  if (lock.cashLock) {
    throw new ChaincodeError(ErrorCode.ALREADY_EXISTS, `hash lock ${lock.lockId} already has cash lock ${lock.cashLock.lockId} attached`);
  }
}

/**
 * The cash lock the bond lock records, if the proven one pays for it: LOCKED
 * under the same hash, from the bond lock's beneficiary (the buyer) to its
 * locker (the seller), expiring at least MIN_EXPIRY_GAP_SECONDS before the
 * bond lock so the seller's claim of the cash leaves time to claim the units.
 */
export function cashLockFor(lock: HashLock, verified: VerifiedCashLock, now: string): AttachedCashLock {
  const cash = verified.lock;
  const latestExpiry = new Date(Date.parse(lock.expiresAt) - MIN_EXPIRY_GAP_SECONDS * 1000).toISOString();
  if (cash.status !== 'LOCKED') throw proofInvalid(`cash lock ${cash.lockId} is ${cash.status}, not LOCKED`);
  if (cash.hash !== lock.hash) throw proofInvalid(`cash lock ${cash.lockId} is under another hash than hash lock ${lock.lockId}`);
  if (cash.beneficiary.owner !== lock.locker)
    throw proofInvalid(`cash lock ${cash.lockId} pays ${cash.beneficiary.owner}, not the seller ${lock.locker}`);
  if (cash.locker.owner !== lock.beneficiary)
    throw proofInvalid(`cash lock ${cash.lockId} is ${cash.locker.owner}'s, not the buyer ${lock.beneficiary}'s`);
  if (cash.expiry > latestExpiry) {
    throw proofInvalid(
      `cash lock ${cash.lockId} expires at ${cash.expiry}; it must expire by ${latestExpiry}, ${MIN_EXPIRY_GAP_SECONDS} s before the bond lock`,
    );
  }
  if (cash.expiry <= now) throw proofInvalid(`cash lock ${cash.lockId} expired at ${cash.expiry}`);
  return {
    lockId: cash.lockId,
    currency: cash.currency,
    amount: cash.amount,
    expiry: cash.expiry,
    attestedAt: verified.attestedAt,
    endorsedBy: verified.endorsedBy,
  };
}

/**
 * Whether the proven cash lock pays a primary settlement instruction: CLAIMED
 * by the issuer (the deliverer) from the investor (the receiver), in the
 * bond's currency, for exactly the instruction's cash amount. Both ledgers
 * count amounts in the currency's ISO 4217 minor units, so the conversion is
 * exact when the amount is a whole number of them (refused otherwise).
 */
export function requireCashPays(instruction: SettlementInstruction, currency: string, verified: VerifiedCashLock): void {
  const cash = verified.lock;
  if (!WHOLE.test(instruction.cashAmount)) {
    throw proofInvalid(
      `settlement ${instruction.settlementId}'s cash amount ${instruction.cashAmount} is not a whole number of minor units`,
    );
  }
  if (cash.status !== 'CLAIMED') throw proofInvalid(`cash lock ${cash.lockId} is ${cash.status}, not CLAIMED: the cash has not been paid`);
  if (cash.beneficiary.owner !== instruction.deliverer)
    throw proofInvalid(`cash lock ${cash.lockId} paid ${cash.beneficiary.owner}, not the issuer ${instruction.deliverer}`);
  if (cash.locker.owner !== instruction.receiver)
    throw proofInvalid(`cash lock ${cash.lockId} is ${cash.locker.owner}'s, not the investor ${instruction.receiver}'s`);
  if (cash.currency !== currency) throw proofInvalid(`cash lock ${cash.lockId} pays ${cash.currency}, not the bond's ${currency}`);
  if (BigInt(cash.amount) !== BigInt(instruction.cashAmount)) {
    throw proofInvalid(
      `cash lock ${cash.lockId} paid ${cash.amount}, not the ${instruction.cashAmount} settlement ${instruction.settlementId} needs`,
    );
  }
}

/**
 * Whether the proven cash lock paid an entitlement's single payee (see
 * payment-event.ts singlePayee): CLAIMED by the payee from the bond's paying
 * agent, in the bond's currency, for exactly the payee's amount. Entitlement
 * amounts are minor units of the currency already, as the cash ledger's.
 */
export function requireCashPaysEntitlement(
  entitlement: Pick<Entitlement, 'eventId' | 'holder' | 'accountId'>,
  payee: Payee,
  payingAgent: string,
  currency: string,
  verified: VerifiedCashLock,
): void {
  const cash = verified.lock;
  const what = `${entitlement.eventId} of ${entitlement.holder}/${entitlement.accountId}`;
  if (cash.status !== 'CLAIMED') throw proofInvalid(`cash lock ${cash.lockId} is ${cash.status}, not CLAIMED: the cash has not been paid`);
  if (cash.beneficiary.owner !== payee.party)
    throw proofInvalid(`cash lock ${cash.lockId} paid ${cash.beneficiary.owner}, not ${payee.party}, whom ${what} pays`);
  if (cash.locker.owner !== payingAgent)
    throw proofInvalid(`cash lock ${cash.lockId} is ${cash.locker.owner}'s, not the paying agent ${payingAgent}'s`);
  if (cash.currency !== currency) throw proofInvalid(`cash lock ${cash.lockId} pays ${cash.currency}, not the bond's ${currency}`);
  if (BigInt(cash.amount) !== payee.amount) {
    throw proofInvalid(`cash lock ${cash.lockId} paid ${cash.amount}, not the ${payee.amount} ${what} pays`);
  }
}
