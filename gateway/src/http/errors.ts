/**
 * One error model for every response: `{ error: { code, message, txId?, details? } }`.
 * Chaincode refusals keep the chaincode's stable code; Fabric failures map
 * to the status a Fabric engineer would expect. Never a stack trace.
 */
import * as grpc from '@grpc/grpc-js';
import { CommitError, CommitStatusError, EndorseError, GatewayError, StatusCode } from '@hyperledger/fabric-gateway';
import { ErrorCode, parseChaincodeError } from '@bond-platform/chaincode/api';
import { type CashErrorCode, parseCashChaincodeError } from '@bond-platform/cash-chaincode/api';
import type { LedgerName } from '../config';

/**
 * The gateway's own error codes (beside the chaincode's refusal codes,
 * `ErrorCode` in the chaincode API). The README's error table lists each
 * one; a unit test keeps it so.
 */
export const GATEWAY_ERROR_CODES = [
  'BAD_REQUEST',
  'INVALID_JSON',
  'BDT_INVALID',
  'JSON_TOO_DEEP',
  'UNAUTHENTICATED',
  'FABRIC_ACCESS_DENIED',
  'REQUEST_TIMEOUT',
  'CONFLICT',
  'ENDORSEMENT_POLICY_FAILURE',
  'IDEMPOTENCY_KEY_PENDING',
  'USER_EXISTS',
  'API_KEY_IN_USE',
  'USER_NOT_MANAGED',
  'USER_REVOKED',
  'ALREADY_REVOKED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'IDEMPOTENCY_KEY_REUSED',
  'BDT_UNSUPPORTED_FIELDS',
  'RATE_LIMITED',
  'PEER_BUSY',
  'HEADERS_TOO_LARGE',
  'ENDORSEMENT_MISMATCH',
  'RESPONSE_INVALID',
  'TRANSACTION_INVALID',
  'INTERNAL',
  'FABRIC_ERROR',
  'CA_REFUSED',
  'FABRIC_UNAVAILABLE',
  'CA_UNAVAILABLE',
  'CRL_NOT_PUBLISHED',
  'FABRIC_TIMEOUT',
  'CRL_NOT_YET_VISIBLE',
] as const;

export type GatewayErrorCode = (typeof GATEWAY_ERROR_CODES)[number];

/** Every code an error body can carry: a refusal of either ledger's chaincode or the gateway's own. */
export type ApiErrorCode = ErrorCode | CashErrorCode | GatewayErrorCode;

/** The one shape of an error's `details`: each field present only where it applies. */
export interface ErrorDetails {
  /** What is wrong with the request (or the chaincode's result), one finding per entry, e.g. `body/units must be integer`. */
  problems?: string[];
  /** How many more problems there were than `problems` lists (at most MAX_PROBLEMS_LISTED are). */
  problemsNotListed?: number;
  /** An idempotent retry of a request still pending: its transaction and where to poll it. */
  transactionId?: string;
  location?: string;
  /** Endorsing organisations named that are not organisations of the channel. */
  unknownOrganizations?: string[];
  /** The validation code of a transaction invalidated at commit (MVCC_READ_CONFLICT, ENDORSEMENT_POLICY_FAILURE, ...). */
  validationCode?: string;
  /** A BDT document's fields the refusal is about, as JSON Pointers into it (BDT_UNSUPPORTED_FIELDS: every one the platform cannot keep). */
  fields?: string[];
}

export interface ErrorBody {
  error: { code: ApiErrorCode; message: string; txId?: string; requestId?: string; details?: ErrorDetails };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly extra: { txId?: string; details?: ErrorDetails; retryAfterSeconds?: number; alert?: boolean; cause?: unknown } = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The same error without a transaction id: for proposals that never reached the orderer, whose id names nothing on the ledger. */
  withoutTxId(): ApiError {
    if (this.extra.txId === undefined) return this;
    const extra = { ...this.extra };
    delete extra.txId;
    return new ApiError(this.status, this.code, this.message, extra);
  }
}

/** At most this many of a request's problems are listed (a bid may name 10,000 accounts, each wrong). */
export const MAX_PROBLEMS_LISTED = 20;

/** 400 INVALID_ARGUMENT listing what ajv found wrong in `where` (body, query): the first MAX_PROBLEMS_LISTED, and how many more. */
export function validationError(errors: { instancePath?: string; message?: string }[] | null | undefined, where: string): ApiError {
  const all = (errors ?? []).map((e) => `${where}${e.instancePath ?? ''} ${e.message ?? ''}`.trim());
  const problems = all.slice(0, MAX_PROBLEMS_LISTED);
  const more = all.length - problems.length;
  const details: ErrorDetails = more > 0 ? { problems, problemsNotListed: more } : { problems };
  return new ApiError(400, 'INVALID_ARGUMENT', `invalid ${where}: ${problems.join('; ')}${more > 0 ? `; and ${more} more` : ''}`, {
    details,
  });
}

/** HTTP status of each chaincode refusal code. */
export const CHAINCODE_STATUS: Readonly<Record<ErrorCode, number>> = {
  INVALID_ARGUMENT: 400,
  NOT_INITIALIZED: 503,
  ALREADY_INITIALIZED: 409,
  NOT_A_MEMBER: 403,
  MEMBER_SUSPENDED: 403,
  MEMBER_REVOKED: 403,
  ROLE_REQUIRED: 403,
  ADMIN_REQUIRED: 403,
  ATTRIBUTE_REQUIRED: 403,
  READ_ONLY_MEMBER: 403,
  ACCESS_DENIED: 403,
  FUNCTION_NOT_ALLOWED: 404,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  INVALID_STATE_TRANSITION: 409,
  OUTSIDE_WINDOW: 422,
  INSUFFICIENT_HOLDING: 422,
  HOLDING_FROZEN: 422,
  ORDER_BOOK_MISMATCH: 422,
  NOT_A_PARTY: 403,
  // The gateway stamps every proposal with its own clock: only its host's clock being off causes this.
  TIMESTAMP_OUT_OF_RANGE: 503,
  // The coupon waits for its fixing to be published (by the CSD or a benchmark administrator): retry once it is.
  FIXING_MISSING: 409,
  // A hash lock's claim with a preimage that does not hash to the lock's hash: the request is well formed but wrong.
  HASH_MISMATCH: 422,
  // A cash-lock proof that does not verify or does not prove what the step needs, or one too old or too new: get a fresh attestation.
  PROOF_INVALID: 422,
  PROOF_STALE: 422,
};

/**
 * HTTP status of each cash chaincode refusal code. A code both chaincodes
 * have means the same on both ledgers and answers the same status (a unit
 * test keeps them equal); the cash ledger's own codes follow the bond
 * ledger's nearest ones: a lock outside its window as OUTSIDE_WINDOW, a
 * lock already ended as INVALID_STATE_TRANSITION.
 */
export const CASH_CHAINCODE_STATUS: Readonly<Record<CashErrorCode, number>> = {
  INVALID_ARGUMENT: 400,
  NOT_INITIALIZED: 503,
  ALREADY_INITIALIZED: 409,
  ADMIN_REQUIRED: 403,
  OPERATOR_REQUIRED: 403,
  ATTRIBUTE_REQUIRED: 403,
  ACCESS_DENIED: 403,
  FUNCTION_NOT_ALLOWED: 404,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  NOT_A_PARTY: 403,
  TIMESTAMP_OUT_OF_RANGE: 503,
  INSUFFICIENT_FUNDS: 422,
  HASH_MISMATCH: 422,
  LOCK_EXPIRED: 422,
  LOCK_NOT_EXPIRED: 422,
  LOCK_ALREADY_CLAIMED: 409,
  LOCK_ALREADY_REFUNDED: 409,
};

/** Each ledger's chaincode error format: how its refusals are found in a message, and their statuses. */
const REFUSALS: Readonly<Record<LedgerName, (text: string) => { status: number; code: ApiErrorCode; message: string } | undefined>> = {
  bond: (text) => {
    const refusal = parseChaincodeError(text);
    return refusal && { status: CHAINCODE_STATUS[refusal.code], ...refusal };
  },
  cash: (text) => {
    const refusal = parseCashChaincodeError(text);
    return refusal && { status: CASH_CHAINCODE_STATUS[refusal.code], ...refusal };
  },
};

interface FabricErrorShape {
  name?: string;
  code?: number;
  message?: string;
  transactionId?: string;
  details?: { address?: string; mspId?: string; message: string }[];
}

/** Texts of a fabric-gateway error and its endorsement details, where a chaincode message may sit. */
function texts(error: FabricErrorShape): string[] {
  return [error.message ?? '', ...(error.details ?? []).map((d) => d.message)];
}

/**
 * The stable chaincode refusal inside a Fabric error, if there is one, in
 * the error format of the chaincode of `ledger` (its published
 * `parseChaincodeError` or `parseCashChaincodeError`).
 */
export function chaincodeRefusal(error: unknown, ledger: LedgerName = 'bond'): ApiError | undefined {
  const fabric = error as FabricErrorShape;
  for (const text of texts(fabric)) {
    const refusal = REFUSALS[ledger](text);
    if (refusal) return new ApiError(refusal.status, refusal.code, refusal.message, { txId: fabric.transactionId });
  }
  return undefined;
}

/**
 * Three outcomes Fabric reports with no status code of their own, only in
 * fixed texts of the peer (Fabric 2.5 source): they are looked for only
 * under the status Fabric gives them, never to decide anything else.
 */
const FABRIC_TEXT = {
  /** internal/pkg/gateway: the endorsers' results differ (an EndorseError, ABORTED, in its details). */
  endorsementsDiffer: 'ProposalResponsePayloads do not match',
  /** internal/peer/node: the peer's gRPC concurrency limiter (UNKNOWN). */
  concurrencyLimit: 'exceeding concurrency limit',
  /** core/endorser: the channel's ACL refused the proposal's creator (FAILED_PRECONDITION, or in an EndorseError's details). */
  accessDenied: 'access denied',
} as const;

function says(error: FabricErrorShape, text: string): boolean {
  return texts(error).some((t) => t.includes(text));
}

/** Which fabric-gateway call failed, by its error class. */
type FabricStage = 'endorse' | 'submit' | 'commitStatus' | 'evaluate';

function stageOf(error: unknown): FabricStage {
  if (error instanceof EndorseError) return 'endorse';
  if (error instanceof CommitStatusError) return 'commitStatus';
  // SubmitError is exported as a type only: its class is known by name.
  if (error instanceof GatewayError && error.name === 'SubmitError') return 'submit';
  return 'evaluate';
}

const accessDenied = (txId?: string) => new ApiError(403, 'FABRIC_ACCESS_DENIED', 'the identity is not allowed on this channel', { txId });
const unreachable = (txId?: string) =>
  new ApiError(503, 'FABRIC_UNAVAILABLE', 'the chaincode or the endorsing peers are not reachable', { txId, retryAfterSeconds: 5 });
const fabricError = (txId?: string) => new ApiError(502, 'FABRIC_ERROR', 'Fabric rejected the transaction', { txId, alert: true });

/** What each gRPC status of a fabric-gateway error (GatewayError.code) means to the caller. */
const BY_GRPC_STATUS: Partial<Record<number, (error: FabricErrorShape, stage: FabricStage, txId?: string) => ApiError>> = {
  [grpc.status.UNAVAILABLE]: (_e, _s, txId) =>
    new ApiError(503, 'FABRIC_UNAVAILABLE', 'the peer or ordering service is unavailable', { txId, retryAfterSeconds: 5 }),
  [grpc.status.DEADLINE_EXCEEDED]: (_e, _s, txId) =>
    new ApiError(504, 'FABRIC_TIMEOUT', 'Fabric did not answer in time; the transaction outcome is unknown: poll its status', { txId }),
  [grpc.status.PERMISSION_DENIED]: (_e, _s, txId) => accessDenied(txId),
  [grpc.status.RESOURCE_EXHAUSTED]: (_e, _s, txId) =>
    new ApiError(429, 'PEER_BUSY', 'the peer is busy; retry later', { txId, retryAfterSeconds: 1 }),
  // The peer refused the proposal before running it, or the gateway found no endorsers (no peers, chaincode not defined on the channel).
  [grpc.status.FAILED_PRECONDITION]: (e, _s, txId) => (says(e, FABRIC_TEXT.accessDenied) ? accessDenied(txId) : unreachable(txId)),
  // No endorser answered with a chaincode result (the chaincode crashed or could not start), or the orderer refused the transaction.
  [grpc.status.ABORTED]: (e, stage, txId) => {
    if (stage === 'submit' || stage === 'commitStatus') return fabricError(txId);
    if (says(e, FABRIC_TEXT.endorsementsDiffer))
      return new ApiError(500, 'ENDORSEMENT_MISMATCH', 'the endorsing peers computed different results', { txId, alert: true });
    return says(e, FABRIC_TEXT.accessDenied) ? accessDenied(txId) : unreachable(txId);
  },
  // A chaincode answer outside the chaincode's error format, or the peer's concurrency limit.
  [grpc.status.UNKNOWN]: (e, _s, txId) =>
    says(e, FABRIC_TEXT.concurrencyLimit)
      ? new ApiError(429, 'PEER_BUSY', 'the peer is at its concurrency limit; retry later', { txId, retryAfterSeconds: 1 })
      : fabricError(txId),
};

const STATUS_NAMES: Readonly<Record<number, string>> = Object.fromEntries(Object.entries(StatusCode).map(([name, code]) => [code, name]));

/** A transaction validation code's name (MVCC_READ_CONFLICT, ...). */
export function validationCodeName(code: number): string {
  return STATUS_NAMES[code] ?? String(code);
}

/**
 * Maps what fabric-gateway threw to an ApiError: chaincode refusals by
 * their code (the message format of the chaincode of `ledger`, the
 * ledger the call went to); a CommitError by its
 * validation code; every other failure by its gRPC status and the call that
 * failed (EndorseError, SubmitError, CommitStatusError, or a GatewayError
 * from an evaluation).
 */
export function fromFabricError(error: unknown, ledger: LedgerName = 'bond'): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof CommitError) return fromCommitStatus(error.code, validationCodeName(error.code), error.transactionId);
  const refusal = chaincodeRefusal(error, ledger);
  if (refusal) return refusal;
  const fabric = error as FabricErrorShape;
  const classify = fabric.code === undefined ? undefined : BY_GRPC_STATUS[fabric.code];
  return classify ? classify(fabric, stageOf(error), fabric.transactionId) : fabricError(fabric.transactionId);
}

/** Commit failures (validation codes): conflicts are 409, policy failures 409 with the code named. */
export function fromCommitStatus(code: number, codeName: string, txId: string): ApiError {
  const details = { validationCode: codeName };
  if (codeName === 'MVCC_READ_CONFLICT' || codeName === 'PHANTOM_READ_CONFLICT') {
    return new ApiError(409, 'CONFLICT', 'a concurrent transaction changed the same records; retry', { txId, details });
  }
  if (codeName === 'ENDORSEMENT_POLICY_FAILURE') {
    return new ApiError(409, 'ENDORSEMENT_POLICY_FAILURE', 'the endorsements did not satisfy the policy', { txId, details });
  }
  return new ApiError(500, 'TRANSACTION_INVALID', `the transaction was invalidated (${codeName}, validation code ${code})`, {
    txId,
    details,
    alert: true,
  });
}

export function errorBody(error: ApiError, requestId: string): ErrorBody {
  const body: ErrorBody = { error: { code: error.code, message: error.message, requestId } };
  if (error.extra.txId !== undefined) body.error.txId = error.extra.txId;
  if (error.extra.details !== undefined) body.error.details = error.extra.details;
  return body;
}
