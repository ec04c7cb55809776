/**
 * One error model for every response: `{ error: { code, message, txId?, details? } }`.
 * Chaincode refusals keep the chaincode's stable code; Fabric failures map
 * to the status a Fabric engineer would expect. Never a stack trace.
 */
import * as grpc from '@grpc/grpc-js';
import { ErrorCode, parseChaincodeError } from '@bond-platform/chaincode/api';

/**
 * The gateway's own error codes (beside the chaincode's refusal codes,
 * `ErrorCode` in the chaincode API). The README's error table lists each
 * one; a unit test keeps it so.
 */
export const GATEWAY_ERROR_CODES = [
  'BAD_REQUEST',
  'INVALID_JSON',
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

/** Every code an error body can carry: a chaincode refusal or the gateway's own. */
export type ApiErrorCode = ErrorCode | GatewayErrorCode;

export interface ErrorBody {
  error: { code: ApiErrorCode; message: string; txId?: string; requestId?: string; details?: unknown };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly extra: { txId?: string; details?: unknown; retryAfterSeconds?: number; alert?: boolean; cause?: unknown } = {},
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

/** 400 INVALID_ARGUMENT listing what ajv found wrong in `where` (body, query). */
export function validationError(errors: { instancePath?: string; message?: string }[] | null | undefined, where: string): ApiError {
  const details = (errors ?? []).map((e) => `${where}${e.instancePath ?? ''} ${e.message ?? ''}`.trim());
  return new ApiError(400, 'INVALID_ARGUMENT', `invalid ${where}: ${details.join('; ')}`, { details });
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

/** The stable chaincode refusal inside a Fabric error, if there is one. */
export function chaincodeRefusal(error: unknown): ApiError | undefined {
  const fabric = error as FabricErrorShape;
  for (const text of texts(fabric)) {
    const refusal = parseChaincodeError(text);
    if (refusal) return new ApiError(CHAINCODE_STATUS[refusal.code], refusal.code, refusal.message, { txId: fabric.transactionId });
  }
  return undefined;
}

/**
 * Maps what fabric-gateway threw to an ApiError: chaincode refusals by their
 * code, then Fabric's own failures by gRPC status and error class.
 */
export function fromFabricError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const refusal = chaincodeRefusal(error);
  if (refusal) return refusal;
  const fabric = error as FabricErrorShape;
  const txId = fabric.transactionId;
  const message = texts(fabric).join(' ');
  if (/ProposalResponsePayloads do not match/.test(message)) {
    return new ApiError(500, 'ENDORSEMENT_MISMATCH', 'the endorsing peers computed different results', { txId, alert: true });
  }
  if (/too many requests|concurrency limit/.test(message)) {
    return new ApiError(429, 'PEER_BUSY', 'the peer is at its concurrency limit; retry later', { txId, retryAfterSeconds: 1 });
  }
  if (/chaincode stream terminated|no combination of peers|failed to find any endorsing peers|No metadata was found/i.test(message)) {
    return new ApiError(503, 'FABRIC_UNAVAILABLE', 'the chaincode or the endorsing peers are not reachable', { txId, retryAfterSeconds: 5 });
  }
  switch (fabric.code) {
    case grpc.status.UNAVAILABLE:
      return new ApiError(503, 'FABRIC_UNAVAILABLE', 'the peer or ordering service is unavailable', { txId, retryAfterSeconds: 5 });
    case grpc.status.DEADLINE_EXCEEDED:
      return new ApiError(504, 'FABRIC_TIMEOUT', 'Fabric did not answer in time; the transaction outcome is unknown: poll its status', { txId });
    case grpc.status.PERMISSION_DENIED:
      return new ApiError(403, 'FABRIC_ACCESS_DENIED', 'the identity is not allowed on this channel', { txId });
    case grpc.status.RESOURCE_EXHAUSTED:
      return new ApiError(429, 'PEER_BUSY', 'the peer is busy; retry later', { txId, retryAfterSeconds: 1 });
    default:
      break;
  }
  if (/access denied/i.test(message)) return new ApiError(403, 'FABRIC_ACCESS_DENIED', 'the identity is not allowed on this channel', { txId });
  return new ApiError(502, 'FABRIC_ERROR', 'Fabric rejected the transaction', { txId, alert: true });
}

/** Commit failures (validation codes): conflicts are 409, policy failures 409 with the code named. */
export function fromCommitStatus(code: number, codeName: string, txId: string): ApiError {
  if (codeName === 'MVCC_READ_CONFLICT' || codeName === 'PHANTOM_READ_CONFLICT') {
    return new ApiError(409, 'CONFLICT', 'a concurrent transaction changed the same records; retry', { txId, details: { validationCode: codeName } });
  }
  if (codeName === 'ENDORSEMENT_POLICY_FAILURE') {
    return new ApiError(409, 'ENDORSEMENT_POLICY_FAILURE', 'the endorsements did not satisfy the policy', { txId, details: { validationCode: codeName } });
  }
  return new ApiError(500, 'TRANSACTION_INVALID', `the transaction was invalidated (${codeName})`, { txId, details: { validationCode: code }, alert: true });
}

export function errorBody(error: ApiError, requestId: string): ErrorBody {
  const body: ErrorBody = { error: { code: error.code, message: error.message, requestId } };
  if (error.extra.txId !== undefined) body.error.txId = error.extra.txId;
  if (error.extra.details !== undefined) body.error.details = error.extra.details;
  return body;
}
