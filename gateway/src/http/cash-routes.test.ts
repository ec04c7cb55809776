/**
 * The cash ledger's routes (issue 17) through the HTTP layer and the real
 * ledger client, whose chaincode contracts are replaced by recording fakes:
 * which ledger, contract, function and arguments each route calls, that the
 * cash chaincode's refusals answer their statuses in the one error model,
 * that a gateway has only the routes of the ledgers it serves, and that the
 * lock attestation answers the endorsed transaction's envelope as its proof.
 */
import type * as grpc from '@grpc/grpc-js';
import { type Contract, StatusCode } from '@hyperledger/fabric-gateway';
import { common, gateway as gatewayProtos } from '@hyperledger/fabric-protos';
import request from 'supertest';
import { CASH_TRANSACTION_FUNCTIONS, type CashLock, cashFunctionKind, type LockAttestation } from '@bond-platform/cash-chaincode/api';
import type { LedgerName } from '../config';
import { LedgerClient } from '../fabric/ledger-client';
import { testApp, testConfig } from './test-app';
import { ApiKeys, issueKey } from './auth';
import { CASH_GATEWAY_OPERATIONS, CASH_OPERATIONS } from './cash-operations';

const operator = issueKey('operator1');
const admin = issueKey('admin');
const asOperator = { Authorization: `Bearer ${operator.key}` };
const asAdmin = { Authorization: `Bearer ${admin.key}` };

const STAMP = { mspId: 'BankMSP', identity: 'x509::CN=op::CN=ca', timestamp: '2026-12-01T10:00:00.000Z', txId: 'tx0' };
const LOCK: CashLock = {
  lockId: 'L1',
  status: 'LOCKED',
  locker: { owner: 'BankMSP', accountId: 'SETTLEMENT' },
  beneficiary: { owner: 'SecuritiesMSP', accountId: 'SETTLEMENT' },
  currency: 'EUR',
  amount: '125000',
  hashAlgorithm: 'SHA256',
  hash: 'ab'.repeat(32),
  expiry: '2026-12-01T11:00:00.000Z',
  locked: STAMP,
};
const ACCOUNT = {
  owner: 'BankMSP',
  accountId: 'SETTLEMENT',
  currency: 'EUR',
  balance: '0',
  minorUnits: 2,
  opened: STAMP,
  lastChange: STAMP,
};
const ATTESTATION: LockAttestation = { channel: 'cash', lock: LOCK, attestedAt: '2026-12-01T10:05:00.000Z' };
const MOVEMENT = { kind: 'LOCK', currency: 'EUR', amount: '125000', changes: [], lock: LOCK, stamp: STAMP };

/** What the fake chaincodes answer, by function (in the published shapes: the gateway checks query results). */
const RESULTS: Record<string, unknown> = {
  GetLock: LOCK,
  ListOpenLocks: { records: [LOCK], bookmark: '', fetchedRecordsCount: 1 },
  ListLocksByHash: [LOCK],
  AttestLock: ATTESTATION,
  GetTotals: { currency: 'EUR', issued: '10', redeemed: '0', outstanding: '10' },
  GetConfig: { operatorMspId: 'PaymentMSP', initialized: { ...STAMP, mspId: 'PaymentMSP' } },
  GetAccount: ACCOUNT,
  ListAccounts: { records: [ACCOUNT], bookmark: '', fetchedRecordsCount: 1 },
};

/** A `gateway.PreparedTransaction` as fabric-gateway serialises an endorsed transaction, around an envelope of known bytes. */
function preparedTransaction(transactionId: string): { bytes: Uint8Array; envelope: Uint8Array } {
  const envelope = new common.Envelope();
  envelope.setPayload(new TextEncoder().encode(`payload of ${transactionId}`));
  envelope.setSignature(new TextEncoder().encode('signature'));
  const prepared = new gatewayProtos.PreparedTransaction();
  prepared.setTransactionId(transactionId);
  prepared.setEnvelope(envelope);
  return { bytes: prepared.serializeBinary(), envelope: envelope.serializeBinary() };
}

interface Call {
  ledger: LedgerName;
  contract: string;
  fn: string;
  args: string[];
  kind: 'evaluate' | 'submit';
  endorsingOrganizations?: string[];
}

interface SetUpOptions {
  ledgers: 'both' | 'cash' | 'bond';
  /** Every call is refused at endorsement with this chaincode message. */
  refuse?: string;
}

function setUp(options: SetUpOptions) {
  const calls: Call[] = [];
  const submitted: string[] = [];
  const cashLedger = { channel: 'cash', chaincode: 'cash', operatorMspId: 'PaymentMSP' };
  const config = testConfig({
    organization: options.ledgers === 'cash' ? 'payment' : 'bank',
    mspId: options.ledgers === 'cash' ? 'PaymentMSP' : 'BankMSP',
    ...(options.ledgers === 'cash' ? {} : { channel: 'bonds', chaincode: 'bond' }),
    ...(options.ledgers === 'bond' ? {} : { cashLedger }),
    users: { operator1: { role: 'operator' }, admin: { role: 'admin' } },
    bodyLimit: '16kb',
    bidBodyLimit: '16kb',
  });
  const ledger = new LedgerClient(config, {} as unknown as grpc.Client);
  // As fabric-gateway reports a chaincode's refusal at endorsement.
  const refusal = () =>
    Object.assign(new Error('10 ABORTED: failed to endorse transaction, see attached details for more info'), {
      name: 'EndorseError',
      code: 10,
      details: [{ address: 'peer0.payment:6051', mspId: 'PaymentMSP', message: `chaincode response 500, ${options.refuse ?? ''}` }],
    });
  ledger.contract = (_user: string, name: string, on: LedgerName) =>
    ({
      evaluateTransaction: (fn: string, ...args: string[]) => {
        calls.push({ ledger: on, contract: name, fn, args, kind: 'evaluate' });
        if (options.refuse) return Promise.reject(refusal());
        return Promise.resolve(new TextEncoder().encode(JSON.stringify(RESULTS[fn] ?? { fn })));
      },
      newProposal: (fn: string, proposal: { arguments: string[]; endorsingOrganizations?: string[] }) => {
        const transactionId = `tx${calls.length}`;
        calls.push({
          ledger: on,
          contract: name,
          fn,
          args: proposal.arguments,
          kind: 'submit',
          endorsingOrganizations: proposal.endorsingOrganizations,
        });
        return {
          getTransactionId: () => transactionId,
          endorse: () => {
            if (options.refuse) return Promise.reject(refusal());
            return Promise.resolve({
              getTransactionId: () => transactionId,
              getResult: () => new TextEncoder().encode(JSON.stringify(RESULTS[fn] ?? MOVEMENT)),
              getBytes: () => preparedTransaction(transactionId).bytes,
              submit: () => {
                submitted.push(transactionId);
                return Promise.resolve({
                  getStatus: () => Promise.resolve({ code: StatusCode.VALID, successful: true, blockNumber: 5n }),
                });
              },
            });
          },
        };
      },
    }) as unknown as Contract;
  const { app } = testApp(config, ledger, new ApiKeys([operator.record, admin.record]));
  return { app, calls, submitted };
}

const errorOf = (response: { body: unknown }) => (response.body as { error: { code: string; message: string } }).error;
const pathsOf = async (app: Parameters<typeof request>[0]) =>
  Object.keys(((await request(app).get('/openapi.json')).body as { paths: Record<string, unknown> }).paths);

const account = { owner: 'BankMSP', accountId: 'SETTLEMENT', currency: 'EUR' };
const lockRequest = {
  lockId: 'L1',
  from: { owner: 'BankMSP', accountId: 'SETTLEMENT' },
  currency: 'EUR',
  amount: '125000',
  hashAlgorithm: 'SHA256',
  hash: 'ab'.repeat(32),
  beneficiary: { owner: 'SecuritiesMSP', accountId: 'SETTLEMENT' },
  expiry: '2026-12-01T11:00:00Z',
};

describe('cash routes', () => {
  it('send each request to its cash chaincode function on the cash ledger, with its arguments', async () => {
    const { app, calls } = setUp({ ledgers: 'both' });
    const cases: [string, string, Record<string, unknown> | undefined, number][] = [
      ['get', '/cash/config', undefined, 200],
      ['post', '/cash/issuances', { ...account, amount: '5000' }, 200],
      ['post', '/cash/redemptions', { ...account, amount: '5000' }, 200],
      ['post', '/cash/transfers', { from: lockRequest.from, to: lockRequest.beneficiary, currency: 'EUR', amount: '100' }, 200],
      ['get', '/cash/accounts?pageSize=10&cursor=b1', undefined, 200],
      ['get', '/cash/accounts?owner=SecuritiesMSP', undefined, 200],
      ['get', '/cash/accounts/BankMSP/SETTLEMENT/EUR', undefined, 200],
      ['get', '/cash/totals?currency=EUR', undefined, 200],
      ['post', '/cash/locks', lockRequest, 201],
      ['get', '/cash/locks?pageSize=5', undefined, 200],
      ['get', `/cash/locks?hash=${'ab'.repeat(32)}`, undefined, 200],
      ['get', '/cash/locks/L1', undefined, 200],
      ['post', '/cash/locks/L1/claim', { preimage: 'cd'.repeat(32) }, 200],
      ['post', '/cash/locks/L1/refund', undefined, 200],
    ];
    for (const [method, url, body, status] of cases) {
      const call = request(app)[method as 'get' | 'post'](url).set(asOperator);
      const response = await (body ? call.send(body) : call);
      expect([method, url, response.status]).toEqual([method, url, status]);
    }
    expect(calls.every((c) => c.ledger === 'cash')).toBe(true);
    expect(calls.map((c) => [c.kind, `${c.contract}:${c.fn}`, ...c.args])).toEqual([
      ['evaluate', 'Cash:GetConfig'],
      ['submit', 'Cash:IssueCash', JSON.stringify({ ...account, amount: '5000' })],
      ['submit', 'Cash:RedeemCash', JSON.stringify({ ...account, amount: '5000' })],
      [
        'submit',
        'Cash:TransferCash',
        JSON.stringify({ from: lockRequest.from, to: lockRequest.beneficiary, currency: 'EUR', amount: '100' }),
      ],
      // Without an owner, the caller's own accounts.
      ['evaluate', 'Cash:ListAccounts', 'BankMSP', '10', 'b1'],
      ['evaluate', 'Cash:ListAccounts', 'SecuritiesMSP', '', ''],
      ['evaluate', 'Cash:GetAccount', 'BankMSP', 'SETTLEMENT', 'EUR'],
      ['evaluate', 'Cash:GetTotals', 'EUR'],
      ['submit', 'Htlc:LockCash', JSON.stringify(lockRequest)],
      ['evaluate', 'Htlc:ListOpenLocks', '5', ''],
      ['evaluate', 'Htlc:ListLocksByHash', 'ab'.repeat(32)],
      ['evaluate', 'Htlc:GetLock', 'L1'],
      ['submit', 'Htlc:ClaimCash', 'L1', 'cd'.repeat(32)],
      ['submit', 'Htlc:RefundCash', 'L1'],
    ]);
    // The cash chaincode's policy decides who endorses: the routes name nobody.
    expect(calls.filter((c) => c.kind === 'submit').every((c) => c.endorsingOrganizations === undefined)).toBe(true);
  });

  it("let the payment operator's admin open accounts, and list every account with owner=*", async () => {
    const { app, calls } = setUp({ ledgers: 'cash' });
    expect(errorOf(await request(app).post('/cash/accounts').set(asOperator).send(account)).code).toBe('ADMIN_REQUIRED');
    expect((await request(app).post('/cash/accounts').set(asAdmin).send(account)).status).toBe(201);
    expect((await request(app).get('/cash/accounts?owner=*').set(asOperator)).status).toBe(200);
    expect(calls.map((c) => [`${c.contract}:${c.fn}`, ...c.args])).toEqual([
      ['Cash:OpenAccount', JSON.stringify(account)],
      ['Cash:ListAccounts', '', '', ''],
    ]);
  });

  it('refuse malformed input before anything is sent', async () => {
    const { app, calls } = setUp({ ledgers: 'both' });
    const bad: [string, string, Record<string, unknown>?][] = [
      ['post', '/cash/locks', { ...lockRequest, amount: '-5' }],
      ['post', '/cash/locks', { ...lockRequest, hash: 'AB'.repeat(32) }],
      ['post', '/cash/locks', { ...lockRequest, from: { owner: 'BankMSP' } }],
      ['post', '/cash/issuances', { ...account, currency: 'euro', amount: '1' }],
      ['post', '/cash/locks/L1/claim', { preimage: 'short' }],
      ['get', '/cash/totals'],
      ['get', '/cash/accounts/~/SETTLEMENT/EUR'],
      ['get', `/cash/locks?hash=${'ab'.repeat(32)}&pageSize=5`],
    ];
    for (const [method, url, body] of bad) {
      const call = request(app)[method as 'get' | 'post'](url).set(asOperator);
      const response = await (body ? call.send(body) : call);
      expect([url, response.status, errorOf(response).code]).toEqual([url, 400, 'INVALID_ARGUMENT']);
    }
    expect(calls).toEqual([]);
  });

  it('replay an Idempotency-Key as the bond routes do', async () => {
    const { app, submitted } = setUp({ ledgers: 'both' });
    const send = () =>
      request(app)
        .post('/cash/locks')
        .set({ ...asOperator, 'Idempotency-Key': 'lock-L1' })
        .send(lockRequest);
    const first = await send();
    const again = await send();
    expect([first.status, again.status, again.headers['idempotent-replayed']]).toEqual([201, 201, 'true']);
    expect(again.body).toEqual(first.body);
    expect(first.body).toMatchObject({ transactionId: 'tx0', blockNumber: '5', result: MOVEMENT });
    expect(submitted).toEqual(['tx0']);
  });
});

describe("the cash chaincode's refusals", () => {
  it.each([
    ['LOCK_EXPIRED: lock L1 expired at 2026-12-01T11:00:00.000Z', 422],
    ['LOCK_NOT_EXPIRED: lock L1 expires at 2026-12-01T11:00:00.000Z', 422],
    ['HASH_MISMATCH: the preimage does not hash to the lock hash', 422],
    ['INSUFFICIENT_FUNDS: the balance is 10', 422],
    ['LOCK_ALREADY_CLAIMED: lock L1 was claimed', 409],
    ['LOCK_ALREADY_REFUNDED: lock L1 was refunded', 409],
    ['NOT_A_PARTY: only the beneficiary claims', 403],
    ['OPERATOR_REQUIRED: only the payment operator issues', 403],
    ['NOT_FOUND: no lock L9', 404],
  ])('answer %s with its status and code, in the one error model', async (message, status) => {
    const { app } = setUp({ ledgers: 'both', refuse: message });
    const response = await request(app)
      .post('/cash/locks/L1/claim')
      .set(asOperator)
      .send({ preimage: 'cd'.repeat(32) });
    const code = message.slice(0, message.indexOf(':'));
    expect(response.status).toBe(status);
    // Refused at endorsement: never ordered, so no transaction id.
    expect(response.body).toEqual({
      error: { code, message: message.slice(code.length + 2), requestId: response.headers['x-request-id'] as string },
    });
  });

  it('are read in the cash chaincode’s format only on the cash ledger (a bond route does not take a cash code for its own)', async () => {
    const cash = setUp({ ledgers: 'both', refuse: 'LOCK_EXPIRED: lock L1 expired' });
    const query = await request(cash.app).get('/cash/locks/L1').set(asOperator);
    expect([query.status, errorOf(query).code]).toEqual([422, 'LOCK_EXPIRED']);
    // The same answer from the bond chaincode is no refusal of its own: a failure without a business code.
    const bond = await request(cash.app).get('/hash-locks/L1').set(asOperator);
    expect([bond.status, errorOf(bond).code]).toEqual([503, 'FABRIC_UNAVAILABLE']);
  });
});

describe('the ledgers a gateway serves', () => {
  it("the payment operator's gateway (cash only) has no bond routes, in its document or otherwise", async () => {
    const { app, calls } = setUp({ ledgers: 'cash' });
    for (const url of ['/me', '/bonds', '/hash-locks/L1']) {
      const response = await request(app).get(url).set(asOperator);
      expect([url, response.status, errorOf(response).code]).toEqual([url, 404, 'NOT_FOUND']);
    }
    expect(calls).toEqual([]);
    const paths = await pathsOf(app);
    expect(paths.filter((p) => !p.startsWith('/cash/')).sort()).toEqual([
      '/admin/scheduler',
      '/admin/scheduler/run',
      '/admin/users',
      '/admin/users/{user}/enrolment',
      '/admin/users/{user}/revocation',
      '/events',
      '/transactions/{txId}',
    ]);
    expect(paths).toContain('/cash/locks/{lockId}/attestation');
    expect((await request(app).get('/cash/locks/L1').set(asOperator)).status).toBe(200);
  });

  it('a bond-only gateway has no cash routes', async () => {
    const { app, calls } = setUp({ ledgers: 'bond' });
    for (const url of ['/cash/locks', '/cash/locks/L1', '/cash/totals?currency=EUR']) {
      const response = await request(app).get(url).set(asOperator);
      expect([url, response.status]).toEqual([url, 404]);
    }
    expect((await request(app).post('/cash/locks/L1/attestation').set(asOperator)).status).toBe(404);
    expect(calls).toEqual([]);
    const paths = await pathsOf(app);
    expect(paths.filter((p) => p.startsWith('/cash/'))).toEqual([]);
    expect(paths).toContain('/hash-locks/{lockId}');
  });

  it('a gateway serving both has both, each going to its own ledger', async () => {
    const { app, calls } = setUp({ ledgers: 'both' });
    await request(app).get('/hash-locks/L1').set(asOperator);
    await request(app).get('/cash/locks/L1').set(asOperator);
    expect(calls.map((c) => [c.ledger, c.contract, c.fn])).toEqual([
      ['bond', 'HashLocks', 'GetHashLock'],
      ['cash', 'Htlc', 'GetLock'],
    ]);
    const paths = await pathsOf(app);
    expect(paths).toEqual(expect.arrayContaining(['/me', '/hash-locks/{lockId}', '/cash/locks', '/cash/locks/{lockId}/attestation']));
  });
});

describe('POST /cash/locks/{lockId}/attestation', () => {
  it("endorses Htlc:AttestLock at the payment operator's peer, never submits it, and answers the envelope as the proof", async () => {
    const { app, calls, submitted } = setUp({ ledgers: 'both' });
    const response = await request(app).post('/cash/locks/L1/attestation').set(asOperator);
    expect(response.status).toBe(200);
    expect(calls).toEqual([
      { ledger: 'cash', contract: 'Htlc', fn: 'AttestLock', args: ['L1'], kind: 'submit', endorsingOrganizations: ['PaymentMSP'] },
    ]);
    expect(submitted).toEqual([]);
    const body = response.body as { proof: string; attestation: LockAttestation };
    expect(body.attestation).toEqual(ATTESTATION);
    // The proof is the common.Envelope inside the prepared transaction, not the prepared transaction itself.
    const { bytes, envelope } = preparedTransaction('tx0');
    expect(body.proof).toBe(Buffer.from(envelope).toString('base64'));
    expect(body.proof).not.toBe(Buffer.from(bytes).toString('base64'));
    expect(new TextDecoder().decode(common.Envelope.deserializeBinary(Buffer.from(body.proof, 'base64')).getPayload_asU8())).toBe(
      'payload of tx0',
    );
  });

  it('answers a refusal (an unknown lock) in the one error model, without a transaction id', async () => {
    const { app } = setUp({ ledgers: 'cash', refuse: 'NOT_FOUND: no lock L9' });
    const response = await request(app).post('/cash/locks/L9/attestation').set(asOperator);
    expect([response.status, errorOf(response).code]).toEqual([404, 'NOT_FOUND']);
    expect((response.body as { error: { txId?: string } }).error.txId).toBeUndefined();
  });
});

describe('the cash route table against the cash chaincode API', () => {
  it('calls only published (or agreed, pending) functions, submitting transactions and evaluating queries', () => {
    const wrong = CASH_OPERATIONS.filter(
      (op) => op.ledger !== 'cash' || cashFunctionKind(op.contract, op.fn) !== (op.submit ? 'submit' : 'evaluate'),
    );
    expect(wrong.map((op) => op.operationId)).toEqual([]);
    expect(CASH_GATEWAY_OPERATIONS.every((op) => op.ledger === 'cash' && op.path.startsWith('/cash/'))).toBe(true);
  });

  it('has a route for every function but Initialize (run once by the deployment)', () => {
    const routed = new Set([
      ...CASH_OPERATIONS.map((op) => `${op.contract}:${op.fn}`),
      // GET /cash/locks: ListOpenLocks, or ListLocksByHash with a hash; the attestation route endorses AttestLock.
      'Htlc:ListOpenLocks',
      'Htlc:ListLocksByHash',
      'Htlc:AttestLock',
    ]);
    const functions = Object.entries(CASH_TRANSACTION_FUNCTIONS).flatMap(([contract, fns]) =>
      Object.keys(fns).map((fn) => `${contract}:${fn}`),
    );
    expect(functions.filter((fn) => !routed.has(fn))).toEqual(['Cash:Initialize']);
  });
});
