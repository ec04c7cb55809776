/**
 * The gateway's error answer `{ error: { code, message, ... } }` in words a
 * back office understands: the code and message as the API gave them, and
 * for the common codes one plain sentence on what it means and what to do.
 * The codes are the gateway's and the chaincode's (README, error table).
 */
export interface ApiErrorBody {
  code: string;
  message: string;
  requestId?: string;
  txId?: string;
  details?: { problems?: string[]; validationCode?: string; transactionId?: string };
}

const EXPLANATIONS: Readonly<Record<string, string>> = {
  UNAUTHENTICATED: 'The API key was not accepted: sign in again with a current key.',
  NOT_A_MEMBER: 'Your organisation is not a member of the platform: the CSD must admit it first.',
  MEMBER_SUSPENDED: 'Your organisation is suspended: it may read its own records but change nothing until the CSD reinstates it.',
  MEMBER_REVOKED: 'Your organisation’s membership was revoked: it can no longer use the platform.',
  READ_ONLY_MEMBER: 'The regulator reads everything and changes nothing.',
  ROLE_REQUIRED: 'Your organisation lacks the member role this step needs (the CSD assigns roles).',
  ADMIN_REQUIRED: 'Only an administrator may do this.',
  ATTRIBUTE_REQUIRED: 'Your user may not do this: it needs an operator (or admin) certificate.',
  ACCESS_DENIED: 'This record is not yours to read.',
  NOT_A_PARTY: 'This step belongs to another party of the instruction.',
  INVALID_ARGUMENT: 'Some input was refused: check the fields named in the message.',
  NOT_FOUND: 'No such record (check the identifier).',
  ALREADY_EXISTS: 'This was done already.',
  INVALID_STATE_TRANSITION: 'The record is not in a state that allows this step any more (another user may have acted): reload it.',
  OUTSIDE_WINDOW: 'This is outside its time window (the book is closed, or the instruction has expired).',
  INSUFFICIENT_HOLDING: 'Not enough free units in the account.',
  HOLDING_FROZEN: 'The units are frozen, pledged or locked and cannot be delivered.',
  CONFLICT: 'Another transaction changed the same records at the same time: try again.',
  IDEMPOTENCY_KEY_PENDING: 'The first attempt is still being decided: wait and try again, nothing will be submitted twice.',
  IDEMPOTENCY_KEY_REUSED: 'This action was already sent with different values: start it again.',
  RATE_LIMITED: 'Too many requests: wait a moment and try again.',
  FABRIC_UNAVAILABLE: 'The ledger cannot be reached right now: try again shortly.',
  FABRIC_TIMEOUT: 'The outcome is not known yet: try again, the same action will not be submitted twice.',
  TIMESTAMP_OUT_OF_RANGE: 'The gateway’s clock is off: tell your operations team.',
  NETWORK: 'The gateway did not answer: check your connection and try again.',
};

/** One plain sentence for the code, if it is a common one. */
export function explain(code: string): string | undefined {
  return Object.hasOwn(EXPLANATIONS, code) ? EXPLANATIONS[code] : undefined;
}

/** The error body out of any answer: the gateway's error model, or a stand-in for a non-JSON failure. */
export function errorOf(body: unknown, status: number): ApiErrorBody {
  const error = (body as { error?: unknown } | null)?.error;
  if (typeof error === 'object' && error !== null && typeof (error as ApiErrorBody).code === 'string') return error as ApiErrorBody;
  return { code: status === 0 ? 'NETWORK' : `HTTP_${status}`, message: status === 0 ? 'no answer' : `the gateway answered ${status}` };
}

/**
 * An HTTP status that says nothing final about the request: no answer
 * (status 0: the network or the connection failed), a time-out, rate
 * limiting or a 5xx. Trying again later may succeed.
 */
export function isTransient(status: number): boolean {
  return status === 0 || status === 408 || status === 429 || status >= 500;
}
