/**
 * Stable error codes of the chaincode's published API.
 *
 * Fabric hands a chaincode error to the client only as a message string, so
 * every refusal is thrown as `CODE: readable message`. Clients (the gateway)
 * parse the code with `parseChaincodeError`; the code list and its meaning
 * are part of the API and only ever grow.
 */
export const ErrorCode = {
  /** An argument is missing, malformed or out of range. */
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  /** The ledger has not been initialised with the CSD's identity yet. */
  NOT_INITIALIZED: 'NOT_INITIALIZED',
  /** Initialisation was already done; it runs once. */
  ALREADY_INITIALIZED: 'ALREADY_INITIALIZED',
  /** The caller's organisation is not in the member registry. */
  NOT_A_MEMBER: 'NOT_A_MEMBER',
  /** The caller's organisation is suspended: it may read its own data only. */
  MEMBER_SUSPENDED: 'MEMBER_SUSPENDED',
  /** The caller's organisation was revoked: it gets nothing. */
  MEMBER_REVOKED: 'MEMBER_REVOKED',
  /** The caller's organisation lacks the member role the function needs. */
  ROLE_REQUIRED: 'ROLE_REQUIRED',
  /** The function needs a CSD identity carrying the admin role attribute. */
  ADMIN_REQUIRED: 'ADMIN_REQUIRED',
  /** The caller's certificate lacks the role attribute the function needs. */
  ATTRIBUTE_REQUIRED: 'ATTRIBUTE_REQUIRED',
  /** Read-only members (the regulator) cannot write. */
  READ_ONLY_MEMBER: 'READ_ONLY_MEMBER',
  /** The caller may not read this record. */
  ACCESS_DENIED: 'ACCESS_DENIED',
  /** The function has no access rule and is therefore refused. */
  FUNCTION_NOT_ALLOWED: 'FUNCTION_NOT_ALLOWED',
  /** The requested record does not exist. */
  NOT_FOUND: 'NOT_FOUND',
  /** A record with that key exists already. */
  ALREADY_EXISTS: 'ALREADY_EXISTS',
  /** The record's current state does not allow this change. */
  INVALID_STATE_TRANSITION: 'INVALID_STATE_TRANSITION',
  /** The transaction time is outside the window the function allows (too early, or after a deadline). */
  OUTSIDE_WINDOW: 'OUTSIDE_WINDOW',
  /** The holding has fewer free units than the instruction needs. */
  INSUFFICIENT_HOLDING: 'INSUFFICIENT_HOLDING',
  /** The units are frozen (judicial freeze or pledge). */
  HOLDING_FROZEN: 'HOLDING_FROZEN',
  /** A revealed order book does not match the bids' hashes on the ledger. */
  ORDER_BOOK_MISMATCH: 'ORDER_BOOK_MISMATCH',
  /** The caller is not the party this step belongs to (e.g. not the buyer of a transfer). */
  NOT_A_PARTY: 'NOT_A_PARTY',
  /**
   * A write's transaction timestamp (which the client sets in its proposal)
   * is further from the endorsing peer's clock than the platform's tolerance
   * (120 s): the client's clock is wrong, or the proposal was backdated or
   * post-dated.
   */
  TIMESTAMP_OUT_OF_RANGE: 'TIMESTAMP_OUT_OF_RANGE',
  /** A floating-rate coupon's reference rate fixing is not published yet: the coupon cannot be fixed (or its interest known) before it is. */
  FIXING_MISSING: 'FIXING_MISSING',
  /** A hash lock's claim gave a preimage whose SHA-256 is not the lock's hash. */
  HASH_MISMATCH: 'HASH_MISMATCH',
  /**
   * A cash-lock proof that does not verify (malformed, another channel,
   * chaincode or function, a signature, certificate or endorsement policy
   * that fails) or that does not prove what the step needs (a cash lock of
   * another hash, party, amount, currency, status, or a too late expiry).
   */
  PROOF_INVALID: 'PROOF_INVALID',
  /** A cash-lock proof whose attestation is older than the registered maximum age, too far in the future, or not stamped with its own transaction time. */
  PROOF_STALE: 'PROOF_STALE',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const KNOWN_CODES: ReadonlySet<string> = new Set(Object.values(ErrorCode));

/** A refusal with a stable code. Thrown by domain rules and contracts alike. */
export class ChaincodeError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(`${code}: ${message}`);
    this.name = 'ChaincodeError';
    this.code = code;
  }

  /** The message without the code prefix. */
  get detail(): string {
    return this.message.slice(this.code.length + 2);
  }
}

export interface ParsedChaincodeError {
  code: ErrorCode;
  message: string;
}

/**
 * Finds `CODE: message` in an error text that may carry transport prefixes,
 * e.g. `chaincode response 500, NOT_A_MEMBER: ...`. Returns undefined when the
 * text holds no known code (then the failure is not a business refusal).
 */
export function parseChaincodeError(text: string): ParsedChaincodeError | undefined {
  for (const match of text.matchAll(/\b([A-Z][A-Z_]+): /g)) {
    const code = match[1];
    if (code !== undefined && KNOWN_CODES.has(code)) {
      return { code: code as ErrorCode, message: text.slice(match.index + match[0].length) };
    }
  }
  return undefined;
}
