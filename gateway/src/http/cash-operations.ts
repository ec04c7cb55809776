/**
 * The cash ledger's routes (`/cash/...`), served by a gateway configured
 * with `cashLedger`: a route per function of the cash chaincode's published
 * API (cash-chaincode/src/api), on the cash channel. The bodies are the
 * API's request types; the results its types (`cash.` in api-schemas.json).
 * No route names endorsers: the peer's gateway plans the endorsement from
 * the cash chaincode's policy (the payment operator's peer), except the
 * lock attestation, which must carry the operator's endorsement and names it.
 *
 * `Cash:Initialize` has no route: the payment operator's deployment runs it
 * once (network.sh deployCashCC), as the bond chaincode's Initialize.
 */
import { gateway as gatewayProtos } from '@hyperledger/fabric-protos';
import type { CashLock, LockAttestation, Page } from '@bond-platform/cash-chaincode/api';
import { ApiError } from './errors';
import {
  type GatewayOperation,
  instant,
  json,
  type JsonSchema,
  list,
  MSP_ID_PATTERN,
  mspId,
  object,
  one,
  type Operation,
  type OperationInput,
  p,
  page,
  pageArgs,
  paged,
  requestBody,
  text,
} from './operations';
import { resultSchema } from './result-schema';

// --- request rules over the cash API's types (the chaincode stays the authority) ---

const amount = (description: string): JsonSchema =>
  text(`${description} (minor units, a whole number > 0 as a decimal string)`, '^[1-9][0-9]*$');
const currency = text('ISO 4217 currency code', '^[A-Z]{3}$');
const accountId = (description: string): JsonSchema => ({ ...text(description, '^[A-Za-z0-9][A-Za-z0-9._-]*$'), maxLength: 32 });
const accountRef = (description: string): JsonSchema => ({
  ...object({ owner: mspId('the owning organisation'), accountId: accountId("the owner's account id") }),
  description,
});
const accountKey = {
  owner: mspId('the owning organisation'),
  accountId: accountId("the owner's name for the account (at most 32 characters)"),
  currency,
};
const HEX_64 = '^[0-9a-f]{64}$';

/** A lock's id: an identifier, as the cash API's LockCashRequest.lockId. */
const LOCK_ID: JsonSchema = { ...text('lock id', '^[A-Za-z0-9][A-Za-z0-9._-]*$'), maxLength: 64 };

const CASH = 'Cash';
const LOCKS = 'Cash locks';

/** The cash ledger's chaincode operations. */
export const CASH_OPERATIONS: readonly Operation[] = [
  // --- accounts, issuance, transfers --------------------------------------------------
  {
    operationId: 'getCashConfig',
    result: one('cash.CashConfig'),
    method: 'get',
    path: '/cash/config',
    tag: CASH,
    summary: "The cash ledger's configuration: who its payment operator is",
    ledger: 'cash',
    contract: 'Cash',
    fn: 'GetConfig',
    submit: false,
    args: () => [],
  },
  {
    operationId: 'openCashAccount',
    result: one('cash.Account'),
    method: 'post',
    path: '/cash/accounts',
    tag: CASH,
    summary: "Open an organisation's account in a currency with a zero balance (the payment operator's admin users)",
    ledger: 'cash',
    contract: 'Cash',
    fn: 'OpenAccount',
    submit: true,
    creates: true,
    adminOnly: true,
    body: requestBody('cash.OpenAccountRequest', accountKey),
    args: (i) => [json(i.body)],
  },
  {
    operationId: 'listCashAccounts',
    result: paged('cash.Account'),
    method: 'get',
    path: '/cash/accounts',
    tag: CASH,
    summary: "An organisation's cash accounts (its own, or any for the payment operator), a page at a time",
    ledger: 'cash',
    contract: 'Cash',
    fn: 'ListAccounts',
    submit: false,
    query: {
      owner: {
        schema: { type: 'string', pattern: `^(\\*|${MSP_ID_PATTERN.source.slice(1, -1)})$` },
        description: "whose accounts: an MSP ID (default: the caller's organisation), or * for every account (the payment operator only)",
      },
      ...page,
    },
    args: (i) => [accountsOwner(i), ...pageArgs(i)],
  },
  {
    operationId: 'getCashAccount',
    result: one('cash.Account'),
    method: 'get',
    path: '/cash/accounts/{owner}/{accountId}/{currency}',
    tag: CASH,
    summary: 'An account with its balance (its owner and the payment operator)',
    ledger: 'cash',
    contract: 'Cash',
    fn: 'GetAccount',
    submit: false,
    args: (i) => [p(i, 'owner'), p(i, 'accountId'), p(i, 'currency')],
  },
  {
    operationId: 'issueCash',
    result: one('cash.CashMovement'),
    method: 'post',
    path: '/cash/issuances',
    tag: CASH,
    summary: "Issue (mint) an amount into an open account: the currency's issued total grows by it (the payment operator)",
    ledger: 'cash',
    contract: 'Cash',
    fn: 'IssueCash',
    submit: true,
    body: requestBody('cash.IssueCashRequest', { ...accountKey, amount: amount('amount to issue') }),
    args: (i) => [json(i.body)],
  },
  {
    operationId: 'redeemCash',
    result: one('cash.CashMovement'),
    method: 'post',
    path: '/cash/redemptions',
    tag: CASH,
    summary:
      "Redeem (burn) an amount from an account, at most its balance: the currency's redeemed total grows by it (the payment operator)",
    ledger: 'cash',
    contract: 'Cash',
    fn: 'RedeemCash',
    submit: true,
    body: requestBody('cash.RedeemCashRequest', { ...accountKey, amount: amount('amount to redeem') }),
    args: (i) => [json(i.body)],
  },
  {
    operationId: 'transferCash',
    result: one('cash.CashMovement'),
    method: 'post',
    path: '/cash/transfers',
    tag: CASH,
    summary: 'Pay from an account of the caller’s organisation into another open account in the same currency',
    ledger: 'cash',
    contract: 'Cash',
    fn: 'TransferCash',
    submit: true,
    body: requestBody('cash.TransferCashRequest', {
      from: accountRef("the payer: an account of the caller's organisation"),
      to: accountRef('the payee'),
      currency,
      amount: amount('amount to pay'),
    }),
    args: (i) => [json(i.body)],
  },
  {
    operationId: 'getCashTotals',
    result: one('cash.CurrencyTotals'),
    method: 'get',
    path: '/cash/totals',
    tag: CASH,
    summary: "A currency's totals: issued, redeemed, outstanding = issued − redeemed (every organisation)",
    ledger: 'cash',
    contract: 'Cash',
    fn: 'GetTotals',
    submit: false,
    query: { currency: { schema: currency, required: true, description: 'ISO 4217 currency code' } },
    args: (i) => [i.query.currency ?? ''],
  },

  // --- hash time locks ----------------------------------------------------------------
  {
    operationId: 'lockCash',
    result: one('cash.CashMovement'),
    method: 'post',
    path: '/cash/locks',
    tag: LOCKS,
    summary:
      "Lock an amount of one of the caller's accounts for a beneficiary's account under a SHA-256 hash until an expiry (the lock id is `lockId`, or the transaction id)",
    ledger: 'cash',
    contract: 'Htlc',
    fn: 'LockCash',
    submit: true,
    creates: true,
    body: requestBody('cash.LockCashRequest', {
      lockId: { ...LOCK_ID, description: 'the lock id (optional: the transaction id); a retry with the same id is refused ALREADY_EXISTS' },
      from: accountRef("the locker's account: one of the caller's organisation"),
      currency,
      amount: amount('amount to lock'),
      hashAlgorithm: { description: 'SHA256, the only hash mechanism' },
      hash: text('SHA-256 of the 32-byte preimage, 64 lowercase hexadecimal characters', HEX_64),
      beneficiary: accountRef('who can claim, into which of its accounts'),
      expiry: instant('claims before it, refunds from it on (UTC, YYYY-MM-DDThh:mm:ss[.fff]Z); after now and at most 30 days ahead'),
    }),
    args: (i) => [json(i.body)],
  },
  {
    operationId: 'getCashLock',
    result: one('cash.CashLock'),
    method: 'get',
    path: '/cash/locks/{lockId}',
    tag: LOCKS,
    summary: 'A cash lock: its status, and once claimed its preimage (every organisation)',
    ledger: 'cash',
    contract: 'Htlc',
    fn: 'GetLock',
    submit: false,
    args: (i) => [p(i, 'lockId')],
  },
  {
    operationId: 'claimCash',
    result: one('cash.CashMovement'),
    method: 'post',
    path: '/cash/locks/{lockId}/claim',
    tag: LOCKS,
    summary: "Claim with the preimage before the expiry: the amount goes to the beneficiary's account (the beneficiary)",
    ledger: 'cash',
    contract: 'Htlc',
    fn: 'ClaimCash',
    submit: true,
    body: object({ preimage: text('the 32-byte secret whose SHA-256 is the hash, 64 lowercase hexadecimal characters', HEX_64) }),
    args: (i) => [p(i, 'lockId'), String(i.body.preimage)],
  },
  {
    operationId: 'refundCash',
    result: one('cash.CashMovement'),
    method: 'post',
    path: '/cash/locks/{lockId}/refund',
    tag: LOCKS,
    summary: "From the expiry on, return the amount to the locker's account (the locker, or the payment operator for it)",
    ledger: 'cash',
    contract: 'Htlc',
    fn: 'RefundCash',
    submit: true,
    args: (i) => [p(i, 'lockId')],
  },
];

/** ListAccounts' owner: the one asked for, every account for `*` (the chaincode's empty owner), else the caller's organisation. */
function accountsOwner(input: OperationInput): string {
  const owner = input.query.owner;
  if (owner === '*') return '';
  return owner ?? input.mspId;
}

// --- routes the gateway answers itself, on the cash ledger -----------------------------

/** The answer of POST /cash/locks/{lockId}/attestation. */
export interface LockProof {
  /** Base64 of the endorsed, unsubmitted transaction's serialized `common.Envelope`. */
  proof: string;
  attestation: LockAttestation;
}

/**
 * The `common.Envelope` inside a serialized `gateway.PreparedTransaction`
 * (what fabric-gateway's Transaction.getBytes() gives), serialized: the
 * endorsed transaction with its endorsements, as it would go to the orderer.
 */
export function envelopeOf(preparedTransaction: Uint8Array): Uint8Array {
  const envelope = gatewayProtos.PreparedTransaction.deserializeBinary(preparedTransaction).getEnvelope();
  if (!envelope) throw new ApiError(502, 'FABRIC_ERROR', 'the endorsed transaction has no envelope', { alert: true });
  return envelope.serializeBinary();
}

const LOCK_PAGE = resultSchema(paged('cash.CashLock'));
const LOCK_LIST = resultSchema(list('cash.CashLock'));

export const CASH_GATEWAY_OPERATIONS: readonly GatewayOperation[] = [
  {
    operationId: 'listCashLocks',
    method: 'get',
    path: '/cash/locks',
    tag: LOCKS,
    ledger: 'cash',
    summary: 'The open (LOCKED) cash locks a page at a time; or, with `hash`, every lock under that hash, of any status',
    description:
      'Chaincode `Htlc:ListOpenLocks` on the cash ledger (a page, `pageSize` and `cursor`), or with `hash` `Htlc:ListLocksByHash` (a list). Every organisation on the cash channel may read them.',
    query: {
      hash: {
        schema: text('SHA-256 hash, 64 lowercase hexadecimal characters', HEX_64),
        description: 'only the locks under this hash (every status)',
      },
      ...page,
    },
    answer: {
      status: 200,
      description: 'a page of open locks; with `hash`, the list of locks under it',
      schema: { oneOf: [LOCK_PAGE, LOCK_LIST] },
    },
    failures: { '400': 'invalid query (also `hash` together with `pageSize` or `cursor`)' },
    handle: async ({ services, user, input }): Promise<Page<CashLock> | CashLock[]> => {
      const { hash, pageSize, cursor } = input.query;
      if (hash === undefined) return (await services.ledger.evaluateCash(user, 'Htlc', 'ListOpenLocks', pageArgs(input))) as Page<CashLock>;
      if (pageSize !== undefined || cursor !== undefined)
        throw new ApiError(400, 'INVALID_ARGUMENT', 'the locks under a hash come in one list: leave out pageSize and cursor');
      return (await services.ledger.evaluateCash(user, 'Htlc', 'ListLocksByHash', [hash])) as CashLock[];
    },
  },
  {
    operationId: 'attestCashLock',
    method: 'post',
    path: '/cash/locks/{lockId}/attestation',
    tag: LOCKS,
    ledger: 'cash',
    summary:
      "A proof of a cash lock for the bond ledger: the payment operator's peer endorses Htlc:AttestLock, and the endorsed transaction is kept, never submitted",
    description:
      "Endorses (does not submit, so writes nothing) chaincode `Htlc:AttestLock(lockId)` on the cash channel at the payment operator's peer. `proof` is the base64 of the endorsed transaction's serialized `common.Envelope` (its channel header, the proposal and the operator peer's signed response, whose payload is the attestation); `attestation` is that response. Give `proof` to the bond ledger (e.g. `POST /hash-locks/{lockId}/cash-lock`). Every organisation on the cash channel may ask, observers (the CSD) included.",
    answer: {
      status: 200,
      description: 'the proof and the attestation it carries',
      schema: {
        type: 'object',
        additionalProperties: false,
        required: ['proof', 'attestation'],
        properties: {
          proof: { type: 'string', format: 'byte', description: 'base64 of the serialized common.Envelope of the endorsed transaction' },
          attestation: { $ref: '#/components/schemas/cash.LockAttestation' },
        },
      },
    },
    failures: { '404': 'no such lock', '503': "the payment operator's peer is not reachable" },
    handle: async ({ services, user, input }): Promise<LockProof> => {
      const endorsed = await services.ledger.endorse({
        user,
        ledger: 'cash',
        contract: 'Htlc',
        fn: 'AttestLock',
        args: [p(input, 'lockId')],
        // The bond ledger checks the proof against the operator's endorsement: ask its peer, whatever discovery would plan.
        endorsingOrganizations: [services.cashLedger().operatorMspId],
      });
      return {
        proof: Buffer.from(envelopeOf(endorsed.preparedTransaction)).toString('base64'),
        attestation: endorsed.result as LockAttestation,
      };
    },
  },
];
