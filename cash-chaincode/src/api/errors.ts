/**
 * Stable error codes of the cash chaincode's published API.
 *
 * Fabric hands a chaincode error to the client only as a message string, so
 * every refusal is thrown as `CODE: readable message`, as the bond chaincode
 * does. A code that the bond chaincode also has (INVALID_ARGUMENT,
 * NOT_FOUND, NOT_A_PARTY, …) means the same thing here, so a client maps
 * both ledgers' refusals with one table; the codes from INSUFFICIENT_FUNDS
 * on are the cash ledger's own. The list only ever grows.
 */
export const CashErrorCode = {
  /** An argument is missing, malformed or out of range. */
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  /** The cash ledger has not been initialised with the payment operator's identity yet. */
  NOT_INITIALIZED: 'NOT_INITIALIZED',
  /** Initialisation was already done; it runs once. */
  ALREADY_INITIALIZED: 'ALREADY_INITIALIZED',
  /** The function needs an identity of the payment operator carrying bond.role=admin. */
  ADMIN_REQUIRED: 'ADMIN_REQUIRED',
  /** The function is the payment operator's (issuing or redeeming): the caller's organisation is not the operator. */
  OPERATOR_REQUIRED: 'OPERATOR_REQUIRED',
  /** The caller's certificate lacks the bond.role attribute value the function needs. */
  ATTRIBUTE_REQUIRED: 'ATTRIBUTE_REQUIRED',
  /** The caller may not read this record (another organisation's account). */
  ACCESS_DENIED: 'ACCESS_DENIED',
  /** The function has no access rule and is therefore refused. */
  FUNCTION_NOT_ALLOWED: 'FUNCTION_NOT_ALLOWED',
  /** The requested record does not exist. */
  NOT_FOUND: 'NOT_FOUND',
  /** A record with that key exists already (an account, a lock ID). */
  ALREADY_EXISTS: 'ALREADY_EXISTS',
  /**
   * The caller is not the party this step belongs to: the account to debit
   * is not its own, it is not a lock's beneficiary (claim) or its locker (refund).
   */
  NOT_A_PARTY: 'NOT_A_PARTY',
  /**
   * A write's transaction timestamp (which the client sets in its proposal)
   * is further from the endorsing peer's clock than the tolerance (120 s).
   */
  TIMESTAMP_OUT_OF_RANGE: 'TIMESTAMP_OUT_OF_RANGE',
  /** The account's balance is smaller than the amount to debit (transfer, lock or redemption). */
  INSUFFICIENT_FUNDS: 'INSUFFICIENT_FUNDS',
  /** The preimage does not hash (SHA-256) to the lock's hash. */
  HASH_MISMATCH: 'HASH_MISMATCH',
  /** A claim at or after the lock's expiry (transaction time ≥ expiry): only a refund is possible now. */
  LOCK_EXPIRED: 'LOCK_EXPIRED',
  /** A refund before the lock's expiry (transaction time < expiry): only a claim is possible now. */
  LOCK_NOT_EXPIRED: 'LOCK_NOT_EXPIRED',
  /** The lock was claimed already: its preimage is on the lock; it cannot change again. */
  LOCK_ALREADY_CLAIMED: 'LOCK_ALREADY_CLAIMED',
  /** The lock was refunded already; it cannot change again. */
  LOCK_ALREADY_REFUNDED: 'LOCK_ALREADY_REFUNDED',
} as const;

export type CashErrorCode = (typeof CashErrorCode)[keyof typeof CashErrorCode];

const KNOWN_CODES: ReadonlySet<string> = new Set(Object.values(CashErrorCode));

/** A refusal with a stable code. Thrown by domain rules and contracts alike. */
export class CashChaincodeError extends Error {
  readonly code: CashErrorCode;

  constructor(code: CashErrorCode, message: string) {
    super(`${code}: ${message}`);
    this.name = 'CashChaincodeError';
    this.code = code;
  }

  /** The message without the code prefix. */
  get detail(): string {
    return this.message.slice(this.code.length + 2);
  }
}

export interface ParsedCashChaincodeError {
  code: CashErrorCode;
  message: string;
}

/**
 * Finds `CODE: message` in an error text that may carry transport prefixes,
 * e.g. `chaincode response 500, HASH_MISMATCH: ...`. Returns undefined when
 * the text holds no known code (then the failure is not a business refusal).
 */
export function parseCashChaincodeError(text: string): ParsedCashChaincodeError | undefined {
  for (const match of text.matchAll(/\b([A-Z][A-Z_]+): /g)) {
    const code = match[1];
    if (code !== undefined && KNOWN_CODES.has(code)) {
      return { code: code as CashErrorCode, message: text.slice(match.index + match[0].length) };
    }
  }
  return undefined;
}
