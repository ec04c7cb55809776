/**
 * The HTTP layer without Fabric: authentication, admin routes, validation,
 * the error model, idempotent replays and asynchronous answers, over a
 * recording stand-in for the ledger client. (The same routes run against the
 * real network in test/integration/http-api.test.ts.)
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { createApp } from './app';
import { ApiKeys, issueKey } from './auth';
import type { GatewayConfig } from './config';
import type { Accepted, LedgerClient, SubmitRequest } from './fabric/ledger-client';
import { IdempotencyStore } from './idempotency';
import { Metrics } from './metrics';
import { UserDirectory } from './users';

const operator = issueKey('operator1');
const admin = issueKey('admin');

const HOLDING = {
  isin: 'CN123',
  holder: 'BankMSP',
  accountId: 'PROP',
  units: '100',
  frozenUnits: '0',
  lastChange: { mspId: 'CSDMSP', identity: 'x509::CN=op::CN=ca', timestamp: '2026-11-25T10:00:00.000Z', txId: 'tx0' },
};

function setUp(options: { refuse?: string; responseValidation?: 'enforce' | 'log' } = {}) {
  const submitted: SubmitRequest[] = [];
  const evaluated: string[][] = [];
  const ledger = {
    evaluate: (_user: string, contract: string, fn: string, args: string[]) => {
      evaluated.push([contract, fn, ...args]);
      if (options.refuse) return Promise.reject(Object.assign(new Error(`2 UNKNOWN: chaincode response 500, ${options.refuse}`), { code: 2 }));
      if (fn === 'GetHolding') return Promise.resolve(HOLDING);
      return Promise.resolve(fn === 'GetBook' ? { bookrunner: 'SecuritiesMSP' } : { fn, args });
    },
    submit: (req: SubmitRequest): Promise<Accepted> => {
      submitted.push(req);
      const transactionId = `tx${submitted.length}`;
      return Promise.resolve({ transactionId, result: { ok: true }, committed: Promise.resolve({ transactionId, blockNumber: '7', result: { ok: true } }) });
    },
  } as unknown as LedgerClient;
  const config = {
    organization: 'bank',
    mspId: 'BankMSP',
    csdMspId: 'CSDMSP',
    users: { operator1: { role: 'operator' }, admin: { role: 'admin' } },
    rateLimitPerMinute: 1000,
    bodyLimit: '1kb',
    responseValidation: options.responseValidation ?? 'enforce',
  } as unknown as GatewayConfig;
  const app = createApp({
    config,
    ledger,
    keys: new ApiKeys([operator.record, admin.record]),
    users: new UserDirectory(config.users, mkdtempSync(path.join(os.tmpdir(), 'gw-users-'))),
    idempotency: new IdempotencyStore(mkdtempSync(path.join(os.tmpdir(), 'gw-'))),
    metrics: new Metrics(),
    logger: pino({ level: 'silent' }),
    isReady: () => true,
  });
  return { app, submitted, evaluated };
}

const asOperator = { Authorization: `Bearer ${operator.key}` };

/** The error body of a supertest response. */
const errorOf = (response: { body: unknown }) => (response.body as { error: { code: string; message: string } }).error;

describe('gateway HTTP layer', () => {
  it('needs an API key except for health, readiness, metrics and the API document', async () => {
    const { app } = setUp();
    for (const route of ['/healthz', '/readyz', '/openapi.json', '/metrics']) expect((await request(app).get(route)).status).toBe(200);
    const response = await request(app).get('/me');
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ error: { code: 'UNAUTHENTICATED', message: expect.any(String) as string, requestId: response.headers['x-request-id'] as string } });
  });

  it('maps a route to its chaincode function and arguments', async () => {
    const { app, evaluated } = setUp();
    const response = await request(app).get('/bonds/CN123/holdings/BankMSP/PROP').set(asOperator);
    expect(response.status).toBe(200);
    expect(evaluated).toEqual([['Custody', 'GetHolding', 'CN123', 'BankMSP', 'PROP']]);
  });

  it('answers a query only in the shape the document publishes (or only alerts, if so configured)', async () => {
    const { app } = setUp();
    const holding = await request(app).get('/bonds/CN123/holdings/BankMSP/PROP').set(asOperator);
    expect(holding.body).toEqual(HOLDING);
    const malformed = await request(app).get('/bonds/CN123').set(asOperator);
    expect([malformed.status, errorOf(malformed).code]).toEqual([500, 'RESPONSE_INVALID']);
    expect(JSON.stringify(malformed.body)).toContain('must have required property');
    const lenient = setUp({ responseValidation: 'log' });
    expect((await request(lenient.app).get('/bonds/CN123').set(asOperator)).status).toBe(200);
  });

  it('keeps admin routes for admin users', async () => {
    const { app, submitted } = setUp();
    const body = { mspId: 'XMSP', legalName: 'X', lei: '5493001KJTIIGC8Y1R12', roles: ['INVESTOR'] };
    expect(errorOf(await request(app).post('/members').set(asOperator).send(body)).code).toBe('ADMIN_REQUIRED');
    expect((await request(app).post('/members').set({ Authorization: `Bearer ${admin.key}` }).send(body)).status).toBe(201);
    expect(submitted).toHaveLength(1);
  });

  it('refuses invalid input with 400 before anything is sent, and oversize bodies with 413', async () => {
    const { app, submitted } = setUp();
    const bad = await request(app).post('/bonds/CN1/bids').set(asOperator).send({ units: 5, accountId: 'P' });
    expect([bad.status, errorOf(bad).code]).toEqual([400, 'INVALID_ARGUMENT']);
    const big = await request(app).post('/bonds/CN1/bids').set(asOperator).send({ units: '1', accountId: 'x'.repeat(2000) });
    expect(big.status).toBe(413);
    expect(submitted).toHaveLength(0);
  });

  it('sends bids as private data to the CSD, the bidder and the bookrunner', async () => {
    const { app, submitted } = setUp();
    const response = await request(app).post('/bonds/CN1/bids').set(asOperator).send({ units: '100', accountId: 'PROP' });
    expect(response.status).toBe(201);
    expect(submitted[0]).toMatchObject({
      fn: 'PlaceBid',
      args: [],
      transient: { bid: { isin: 'CN1', units: '100', accountId: 'PROP' } },
      endorsingOrganizations: ['CSDMSP', 'BankMSP', 'SecuritiesMSP'],
    });
  });

  it('maps chaincode refusals to their status with the stable code', async () => {
    const { app } = setUp({ refuse: 'MEMBER_SUSPENDED: BankMSP is suspended' });
    const response = await request(app).get('/bonds/CN1').set(asOperator);
    expect([response.status, errorOf(response).code, errorOf(response).message]).toEqual([403, 'MEMBER_SUSPENDED', 'BankMSP is suspended']);
  });

  it('replays an Idempotency-Key instead of submitting again, and answers Prefer: respond-async with 202', async () => {
    const { app, submitted } = setUp();
    const contact = { contactName: 'Desk', email: 'desk@bank.example' };
    const first = await request(app).put('/members/me/contact').set({ ...asOperator, 'Idempotency-Key': 'k1' }).send(contact);
    const again = await request(app).put('/members/me/contact').set({ ...asOperator, 'Idempotency-Key': 'k1' }).send(contact);
    expect([first.status, again.status, again.headers['idempotent-replayed']]).toEqual([200, 200, 'true']);
    expect(again.body).toEqual(first.body);
    expect(submitted).toHaveLength(1);
    const async = await request(app).put('/members/me/contact').set({ ...asOperator, Prefer: 'respond-async' }).send(contact);
    expect([async.status, async.headers.location]).toEqual([202, '/transactions/tx2']);
  });
});
