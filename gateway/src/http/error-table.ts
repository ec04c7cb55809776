/**
 * The README's error table, written from the codes themselves: every
 * chaincode refusal code of both ledgers (`CHAINCODE_STATUS`, and the cash
 * ledger's own codes from `CASH_CHAINCODE_STATUS`) and every gateway code
 * (`GATEWAY_STATUS`) in the row of its HTTP status, with a short note where
 * the code alone does not say when it comes. `npm run docs:errors` writes it
 * into the README; a unit test fails while the README differs.
 */
import { type ApiErrorCode, CASH_CHAINCODE_STATUS, CHAINCODE_STATUS, type GatewayErrorCode } from './errors';

/** The status each of the gateway's own codes answers with. */
export const GATEWAY_STATUS: Readonly<Record<GatewayErrorCode, number>> = {
  BAD_REQUEST: 400,
  INVALID_JSON: 400,
  BDT_INVALID: 400,
  JSON_TOO_DEEP: 400,
  UNAUTHENTICATED: 401,
  FABRIC_ACCESS_DENIED: 403,
  REQUEST_TIMEOUT: 408,
  CONFLICT: 409,
  ENDORSEMENT_POLICY_FAILURE: 409,
  IDEMPOTENCY_KEY_PENDING: 409,
  USER_EXISTS: 409,
  API_KEY_IN_USE: 409,
  USER_NOT_MANAGED: 409,
  USER_REVOKED: 409,
  ALREADY_REVOKED: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_KEY_REUSED: 422,
  BDT_UNSUPPORTED_FIELDS: 422,
  RATE_LIMITED: 429,
  PEER_BUSY: 429,
  HEADERS_TOO_LARGE: 431,
  ENDORSEMENT_MISMATCH: 500,
  RESPONSE_INVALID: 500,
  TRANSACTION_INVALID: 500,
  INTERNAL: 500,
  FABRIC_ERROR: 502,
  CA_REFUSED: 502,
  FABRIC_UNAVAILABLE: 503,
  CA_UNAVAILABLE: 503,
  CRL_NOT_PUBLISHED: 503,
  FABRIC_TIMEOUT: 504,
  CRL_NOT_YET_VISIBLE: 504,
};

/** When a code comes, where its name does not say it. */
const NOTES: Partial<Record<ApiErrorCode, string>> = {
  INVALID_ARGUMENT:
    "OpenAPI schema or chaincode validation, an `Idempotency-Key` over 128 characters, an endorsing organisation that is not the channel's, an event stream position beyond 2^64−1",
  BAD_REQUEST: 'a request HTTP parsing refused',
  BDT_INVALID: 'a BDT document that is malformed or breaks a rule of the platform; `details.fields` and `details.problems` name each',
  BDT_UNSUPPORTED_FIELDS: 'a BDT document with fields or values the platform cannot keep, every one named in `details.fields`',
  FABRIC_ACCESS_DENIED: 'the peer refused the identity',
  NOT_FOUND: 'also an unknown route',
  FUNCTION_NOT_ALLOWED: 'no such chaincode function',
  REQUEST_TIMEOUT: "the request's headers did not arrive in time",
  CONFLICT: 'MVCC after retries',
  IDEMPOTENCY_KEY_PENDING: 'with `Retry-After`',
  ALREADY_REVOKED: 'from the CA; a revocation retry takes it as done',
  PAYLOAD_TOO_LARGE: 'default limit 1 MB',
  UNSUPPORTED_MEDIA_TYPE: 'a charset other than UTF-8, or an unknown content encoding',
  RATE_LIMITED: 'per caller; per client address for failed authentications; with `Retry-After`',
  PEER_BUSY: 'peer concurrency limit; with `Retry-After`',
  HEADERS_TOO_LARGE: 'request line and headers over 16 kB',
  ENDORSEMENT_MISMATCH: 'non-deterministic chaincode; logged as an alert',
  TRANSACTION_INVALID: 'invalidated at commit for another reason than a conflict or the policy; an alert',
  FABRIC_ERROR: 'ordering or other Fabric failure',
  FABRIC_UNAVAILABLE: 'peer, orderer or chaincode unreachable; with `Retry-After`',
  NOT_INITIALIZED: 'the chaincode is not initialised',
  TIMESTAMP_OUT_OF_RANGE: "the gateway's clock is more than 120 s from the peers': fix its time synchronisation",
  CA_UNAVAILABLE: 'with `Retry-After`',
  CRL_NOT_PUBLISHED: 'with `Retry-After`',
  FABRIC_TIMEOUT: 'the outcome is unknown; poll `/transactions/{txId}`',
  CRL_NOT_YET_VISIBLE: 'the revocation list was sent but the peer does not show it yet; retry the revocation',
  HASH_MISMATCH: "a hash lock's claim whose preimage does not hash to the lock's hash",
  OPERATOR_REQUIRED: 'cash ledger: issuing or redeeming by anyone but the payment operator',
  INSUFFICIENT_FUNDS: 'cash ledger: a transfer, lock or redemption larger than the balance',
  LOCK_EXPIRED: "cash ledger: a claim at or after the lock's expiry",
  LOCK_NOT_EXPIRED: "cash ledger: a refund before the lock's expiry",
  LOCK_ALREADY_CLAIMED: 'cash ledger: a claim or refund of a claimed lock',
  LOCK_ALREADY_REFUNDED: 'cash ledger: a claim or refund of a refunded lock',
  PROOF_INVALID:
    'a cash-lock proof whose signatures, certificates, endorsement policy, channel, chaincode or function fail, or whose cash lock does not fit',
  PROOF_STALE: 'a cash-lock proof older than the registered maximum age, or ahead of the transaction time: attest the lock again',
};

/** The cash ledger's own codes (those the bond chaincode has too answer the same status, and are listed once). */
const CASH_ONLY_STATUS = Object.entries(CASH_CHAINCODE_STATUS).filter(([code]) => !Object.hasOwn(CHAINCODE_STATUS, code));

/** The markdown table: one row per status, chaincode codes first, each code with its note. */
export function renderErrorTable(): string {
  const byStatus = new Map<number, string[]>();
  const entries = [...Object.entries(CHAINCODE_STATUS), ...CASH_ONLY_STATUS, ...Object.entries(GATEWAY_STATUS)] as [ApiErrorCode, number][];
  for (const [code, status] of entries) {
    const note = NOTES[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), note === undefined ? `\`${code}\`` : `\`${code}\` (${note})`]);
  }
  const rows = [...byStatus.entries()].sort(([a], [b]) => a - b).map(([status, codes]) => `| ${status} | ${codes.join(', ')} |`);
  return ['| Status | When |', '|---|---|', ...rows].join('\n') + '\n';
}

/** The markers around the generated table in the README. */
export const ERROR_TABLE_MARKERS = { start: '<!-- error-table: written by npm run docs:errors -->', end: '<!-- /error-table -->' } as const;

/** `readme` with the text between the markers replaced by the current table. */
export function withErrorTable(readme: string): string {
  const start = readme.indexOf(ERROR_TABLE_MARKERS.start);
  const end = readme.indexOf(ERROR_TABLE_MARKERS.end);
  if (start < 0 || end < start) throw new Error(`the README has no ${ERROR_TABLE_MARKERS.start} … ${ERROR_TABLE_MARKERS.end} section`);
  return `${readme.slice(0, start + ERROR_TABLE_MARKERS.start.length)}\n${renderErrorTable()}${readme.slice(end)}`;
}
