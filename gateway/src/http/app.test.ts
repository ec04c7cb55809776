/**
 * The HTTP layer without Fabric: authentication, admin routes, validation,
 * the error model, idempotent replays and asynchronous answers, over a
 * recording stand-in for the ledger client. (The same routes run against the
 * real network in test/integration/http-api.test.ts.)
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { createApp, createServer } from './app';
import { ApiKeys, issueKey } from './auth';
import type { GatewayConfig } from '../config';
import { ApiError } from './errors';
import type { Accepted, LedgerClient, SubmitRequest } from '../fabric/ledger-client';
import { fingerprint, IdempotencyStore } from './idempotency';
import { Metrics } from './metrics';
import { UserDirectory } from '../users/directory';

const operator = issueKey('operator1');
const admin = issueKey('admin');

const HOLDING = {
  isin: 'CN123',
  holder: 'BankMSP',
  accountId: 'PROP',
  units: '100',
  frozenUnits: '0',
  pledgedUnits: '0',
  availableUnits: '100',
  lastChange: { mspId: 'CSDMSP', identity: 'x509::CN=op::CN=ca', timestamp: '2026-11-25T10:00:00.000Z', txId: 'tx0' },
};

interface SetUpOptions {
  refuse?: string;
  responseValidation?: 'enforce' | 'log';
  bodyLimit?: string;
  bidBodyLimit?: string;
  unauthenticatedPerMinute?: number;
  rateLimitPerMinute?: number;
  /** Commits wait for this promise (default: at once). */
  commitWhen?: Promise<void>;
  /** Endorsement refuses every submit with this chaincode refusal. */
  refuseSubmit?: string;
  stateDir?: string;
}

function setUp(options: SetUpOptions = {}) {
  const submitted: SubmitRequest[] = [];
  const resubmitted: string[] = [];
  const evaluated: string[][] = [];
  const ledger = {
    evaluate: (_user: string, contract: string, fn: string, args: string[]) => {
      evaluated.push([contract, fn, ...args]);
      if (options.refuse)
        return Promise.reject(Object.assign(new Error(`2 UNKNOWN: chaincode response 500, ${options.refuse}`), { code: 2 }));
      if (fn === 'GetHolding') return Promise.resolve(HOLDING);
      return Promise.resolve(fn === 'GetBook' ? { bookrunner: 'SecuritiesMSP' } : { fn, args });
    },
    submit: (req: SubmitRequest): Promise<Accepted> => {
      submitted.push(req);
      // As the ledger client does: a proposal refused at endorsement is never named for ordering and has no transaction id.
      if (options.refuseSubmit) return Promise.reject(new ApiError(404, 'NOT_FOUND', options.refuseSubmit));
      const transactionId = `tx${submitted.length}`;
      req.beforeOrdering?.(transactionId, new TextEncoder().encode(`envelope of ${transactionId}`));
      const committed = (options.commitWhen ?? Promise.resolve()).then(() => ({ transactionId, blockNumber: '7', result: { ok: true } }));
      return Promise.resolve({ transactionId, result: { ok: true }, committed });
    },
    // Sends a stored envelope again: its transaction id is the first copy's.
    resubmit: (_user: string, envelope: Uint8Array): Promise<Accepted> => {
      const transactionId = new TextDecoder().decode(envelope).replace('envelope of ', '');
      resubmitted.push(transactionId);
      return Promise.resolve({
        transactionId,
        result: { ok: true },
        committed: Promise.resolve({ transactionId, blockNumber: '9', result: { ok: true } }),
      });
    },
    channelOrganizations: () => Promise.resolve(new Set(['BankMSP', 'CSDMSP', 'SecuritiesMSP'])),
    network: () => ({ getChaincodeEvents: () => Promise.reject(new Error('no peer in unit tests')) }),
  } as unknown as LedgerClient;
  const config = {
    organization: 'bank',
    mspId: 'BankMSP',
    csdMspId: 'CSDMSP',
    users: { operator1: { role: 'operator' }, admin: { role: 'admin' } },
    rateLimitPerMinute: options.rateLimitPerMinute ?? 1000,
    unauthenticatedPerMinute: options.unauthenticatedPerMinute ?? 1000,
    bodyLimit: options.bodyLimit ?? '1kb',
    bidBodyLimit: options.bidBodyLimit ?? options.bodyLimit ?? '1kb',
    responseValidation: options.responseValidation ?? 'enforce',
  } as unknown as GatewayConfig;
  const keys = new ApiKeys([operator.record, admin.record]);
  const stateDir = options.stateDir ?? mkdtempSync(path.join(os.tmpdir(), 'gw-'));
  const { app } = createApp({
    config,
    ledger,
    keys,
    users: new UserDirectory(config.users, mkdtempSync(path.join(os.tmpdir(), 'gw-users-'))),
    idempotency: new IdempotencyStore(stateDir),
    metrics: new Metrics(),
    logger: pino({ level: 'silent' }),
    readiness: () => ({ status: 'ready' }),
  });
  return { app, submitted, resubmitted, evaluated, keys, stateDir };
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
    expect(response.body).toEqual({
      error: { code: 'UNAUTHENTICATED', message: expect.any(String) as string, requestId: response.headers['x-request-id'] as string },
    });
  });

  it("checks a gateway route's caller, then its service, then its input: 401, 403, 404 on a gateway without the service, 400", async () => {
    const { app } = setUp();
    const asAdmin = { Authorization: `Bearer ${admin.key}` };
    expect(errorOf(await request(app).get('/admin/users')).code).toBe('UNAUTHENTICATED');
    expect(errorOf(await request(app).get('/admin/users').set(asOperator)).code).toBe('ADMIN_REQUIRED');
    // This gateway has no user administration: the route is there, the service is not, whatever the input.
    const missing = await request(app).post('/admin/users').set(asAdmin).send({ user: 'x' });
    expect([missing.status, errorOf(missing).code]).toEqual([404, 'NOT_FOUND']);
    const malformed = await request(app).get('/events?after=abc').set(asOperator);
    expect([malformed.status, errorOf(malformed).code]).toEqual([400, 'INVALID_ARGUMENT']);
  });

  it('maps a route to its chaincode function and arguments', async () => {
    const { app, evaluated } = setUp();
    const response = await request(app).get('/bonds/CN123/holdings/BankMSP/PROP').set(asOperator);
    expect(response.status).toBe(200);
    expect(evaluated).toEqual([['Custody', 'GetHolding', 'CN123', 'BankMSP', 'PROP']]);
  });

  it('answers a query as JSON with its length and no ETag, and HEAD with the headers alone', async () => {
    const { app } = setUp();
    const response = await request(app).get('/bonds/CN123/holdings/BankMSP/PROP').set(asOperator);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers['content-length']).toBe(String(Buffer.byteLength(JSON.stringify(HOLDING))));
    expect(response.headers.etag).toBeUndefined();
    const head = await request(app).head('/bonds/CN123/holdings/BankMSP/PROP').set(asOperator);
    expect([head.status, head.headers['content-length'], head.text]).toEqual([200, response.headers['content-length'], undefined]);
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
    expect(
      (
        await request(app)
          .post('/members')
          .set({ Authorization: `Bearer ${admin.key}` })
          .send(body)
      ).status,
    ).toBe(201);
    expect(submitted).toHaveLength(1);
  });

  it('refuses invalid input with 400 before anything is sent, and oversize bodies with 413', async () => {
    const { app, submitted } = setUp();
    const bad = await request(app).post('/bonds/CN1/bids').set(asOperator).send({ units: 5, accountId: 'P' });
    expect([bad.status, errorOf(bad).code]).toEqual([400, 'INVALID_ARGUMENT']);
    const big = await request(app)
      .post('/bonds/CN1/bids')
      .set(asOperator)
      .send({ units: '1', accountId: 'x'.repeat(2000) });
    expect(big.status).toBe(413);
    expect(submitted).toHaveLength(0);
  });

  it('reads a body only for an authenticated caller, and takes a larger one for a bid than for anything else', async () => {
    const { app } = setUp({ bodyLimit: '1kb', bidBodyLimit: '8kb' });
    // Unauthenticated: refused before its body is read, malformed or oversize as it may be.
    const anonymous = await request(app).post('/bond-applications').set('Content-Type', 'application/json').send('{"shortName":');
    expect([anonymous.status, errorOf(anonymous).code]).toEqual([401, 'UNAUTHENTICATED']);
    const malformed = await request(app)
      .post('/bond-applications')
      .set(asOperator)
      .set('Content-Type', 'application/json')
      .send('{"shortName":');
    expect([malformed.status, errorOf(malformed).code]).toEqual([400, 'INVALID_JSON']);
    const accounts = Array.from({ length: 60 }, (_, i) => ({ accountId: `INV-${i}`, units: '1' }));
    expect((await request(app).post('/bonds/CN1/bids').set(asOperator).send({ units: '60', accounts })).status).not.toBe(413);
    expect(
      (
        await request(app)
          .post('/bond-applications')
          .set(asOperator)
          .send({ shortName: 'x'.repeat(3000) })
      ).status,
    ).toBe(413);
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

  it("publishes a reference rate fixing from a member's gateway (the chaincode decides who may), and refuses a malformed rate before sending it", async () => {
    // This is the bank's gateway, and its operator: no gateway-side role gate, a benchmark administrator's operators publish here.
    const { app, submitted } = setUp();
    const response = await request(app).put('/benchmarks/SHIBOR_3M/fixings/2027-03-01').set(asOperator).send({ rate: '2.9' });
    expect(response.status).toBe(201);
    expect(submitted[0]).toMatchObject({ contract: 'Benchmarks', fn: 'PublishFixing', args: ['SHIBOR_3M', '2027-03-01', '2.9'] });
    for (const rate of ['-1', 2.9, '2,9']) {
      const bad = await request(app).put('/benchmarks/SHIBOR_3M/fixings/2027-03-01').set(asOperator).send({ rate });
      expect([bad.status, errorOf(bad).code]).toEqual([400, 'INVALID_ARGUMENT']);
    }
    expect(submitted).toHaveLength(1);
  });

  it('answers a floating-rate coupon waiting for its fixing with 409 FIXING_MISSING', async () => {
    const { app } = setUp({ refuse: 'FIXING_MISSING: coupon 2: the SHIBOR_3M fixing of 2027-03-01 is not published yet' });
    const response = await request(app).get('/bonds/CN1/accrued-interest?date=2027-06-01').set(asOperator);
    expect([response.status, errorOf(response).code]).toEqual([409, 'FIXING_MISSING']);
  });

  it('maps chaincode refusals to their status with the stable code', async () => {
    const { app } = setUp({ refuse: 'MEMBER_SUSPENDED: BankMSP is suspended' });
    const response = await request(app).get('/bonds/CN1').set(asOperator);
    expect([response.status, errorOf(response).code, errorOf(response).message]).toEqual([403, 'MEMBER_SUSPENDED', 'BankMSP is suspended']);
  });

  it('replays an Idempotency-Key instead of submitting again, and answers Prefer: respond-async with 202', async () => {
    const { app, submitted } = setUp();
    const contact = { contactName: 'Desk', email: 'desk@bank.example' };
    const first = await request(app)
      .put('/members/me/contact')
      .set({ ...asOperator, 'Idempotency-Key': 'k1' })
      .send(contact);
    const again = await request(app)
      .put('/members/me/contact')
      .set({ ...asOperator, 'Idempotency-Key': 'k1' })
      .send(contact);
    expect([first.status, again.status, again.headers['idempotent-replayed']]).toEqual([200, 200, 'true']);
    expect(again.body).toEqual(first.body);
    expect(submitted).toHaveLength(1);
    const async = await request(app)
      .put('/members/me/contact')
      .set({ ...asOperator, Prefer: 'respond-async' })
      .send(contact);
    expect([async.status, async.headers.location]).toEqual([202, '/transactions/tx2']);
  });
});

const contact = { contactName: 'Desk', email: 'desk@bank.example' };
const lines = (stateDir: string): string[] => {
  const file = path.join(stateDir, 'idempotency.jsonl');
  return existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
    : [];
};

describe('input the gateway refuses itself, with a 4xx and a stable code', () => {
  it('refuses a path parameter naming an organisation that is no MSP ID (found by the REST fuzz: `~`, `..` answered 200 with an empty page)', async () => {
    const { app, evaluated } = setUp();
    for (const route of ['/holders/~/holdings', '/issuers/..%2F/bonds', '/issuers/%E2%80%8BBankMSP/bonds']) {
      const response = await request(app).get(route).set(asOperator);
      expect([route, response.status, errorOf(response).code]).toEqual([route, 400, 'INVALID_ARGUMENT']);
    }
    expect(evaluated).toHaveLength(0);
    await request(app).get('/holders/BankMSP/holdings').set(asOperator);
    expect(evaluated).toEqual([['Custody', 'ListHoldingsOfHolder', 'BankMSP', '', '']]);
  });

  it('passes the pledge and repo lists their filter and page, and refuses a pledgee that is no MSP ID or a missing asOf', async () => {
    const { app, evaluated } = setUp({ responseValidation: 'log' });
    for (const route of ['/pledgees/~/pledges', '/bonds/CN1/pledges?pledgee=..%2F', '/expired-pledges']) {
      const response = await request(app).get(route).set(asOperator);
      expect([route, response.status, errorOf(response).code]).toEqual([route, 400, 'INVALID_ARGUMENT']);
    }
    expect(evaluated).toHaveLength(0);
    for (const route of [
      '/bonds/CN1/pledges',
      '/bonds/CN1/pledges?pledgee=SecuritiesMSP&pageSize=10&cursor=b1',
      '/pledgees/SecuritiesMSP/pledges?pageSize=5',
      '/expired-pledges?asOf=2026-11-25T10:00:00Z',
      '/bonds/CN1/repos?cursor=b2',
    ]) {
      await request(app).get(route).set(asOperator);
    }
    expect(evaluated).toEqual([
      ['Custody', 'ListPledgesOfBond', 'CN1', '', '', ''],
      ['Custody', 'ListPledgesOfBond', 'CN1', 'SecuritiesMSP', '10', 'b1'],
      ['Custody', 'ListPledgesOfPledgee', 'SecuritiesMSP', '5', ''],
      ['Custody', 'ListExpiredPledges', '2026-11-25T10:00:00Z', '', ''],
      ['Custody', 'ListReposOfBond', 'CN1', '', 'b2'],
    ]);
  });

  it('refuses a deeply nested body with 400 JSON_TOO_DEEP before anything serialises it, and any body on a body-less operation', async () => {
    const { app, submitted, stateDir } = setUp({ bodyLimit: '256kb' });
    const deep = '['.repeat(20_000) + ']'.repeat(20_000);
    const response = await request(app)
      .post('/bonds/CN1/book/closure')
      .set({ ...asOperator, 'Idempotency-Key': 'deep', 'Content-Type': 'application/json' })
      .send(deep);
    expect([response.status, errorOf(response).code]).toEqual([400, 'JSON_TOO_DEEP']);
    const nested = await request(app)
      .put('/members/me/contact')
      .set(asOperator)
      .send({ contactName: JSON.parse('['.repeat(40) + ']'.repeat(40)) as unknown, email: 'x@y.z' });
    expect([nested.status, errorOf(nested).code]).toEqual([400, 'JSON_TOO_DEEP']);
    const bodied = await request(app)
      .post('/bonds/CN1/book/closure')
      .set({ ...asOperator, 'Idempotency-Key': 'b' })
      .send({ anything: [1] });
    expect([bodied.status, errorOf(bodied).code]).toEqual([400, 'INVALID_ARGUMENT']);
    expect((await request(app).post('/bonds/CN1/book/closure').set(asOperator).send({})).status).toBe(200);
    expect((await request(app).post('/bonds/CN1/book/closure').set(asOperator)).status).toBe(200);
    expect(submitted).toHaveLength(2);
    expect(lines(stateDir)).toEqual([]);
  });

  it('names as endorsers only MSP IDs of the channel: anything else in a body is a 400, not a Fabric failure', async () => {
    const { app, submitted } = setUp();
    const route = '/bonds/CN1/payment-events/C-001/payments';
    for (const holder of ['CSD\u0000MSP', 'CSD MSP', '../CSDMSP', 'x'.repeat(65)]) {
      const response = await request(app).post(route).set(asOperator).send({ holder, accountId: 'PROP' });
      expect([holder, response.status, errorOf(response).code]).toEqual([holder, 400, 'INVALID_ARGUMENT']);
    }
    const unknown = await request(app).post(route).set(asOperator).send({ holder: 'GhostMSP', accountId: 'PROP' });
    expect([unknown.status, errorOf(unknown).code, errorOf(unknown).message]).toEqual([
      400,
      'INVALID_ARGUMENT',
      'not an organisation of the channel: GhostMSP',
    ]);
    expect(submitted).toHaveLength(0);
    const paid = await request(app).post(route).set(asOperator).send({ holder: 'SecuritiesMSP', accountId: 'PROP' });
    expect(paid.status).toBe(200);
    expect(submitted[0]?.endorsingOrganizations).toEqual(['CSDMSP', 'BankMSP', 'SecuritiesMSP']);
  });

  it('refuses event stream positions beyond uint64 or not in canonical decimal with 400, instead of streaming', async () => {
    const { app } = setUp();
    const hash = 'a'.repeat(64);
    for (const lastEventId of [`18446744073709551616:${hash}`, `99999999999999999999:${hash}`, `007:${hash}`]) {
      const response = await request(app)
        .get('/events')
        .set({ ...asOperator, 'Last-Event-ID': lastEventId })
        .timeout(3000);
      expect([lastEventId, response.status, errorOf(response).code]).toEqual([lastEventId, 400, 'INVALID_ARGUMENT']);
    }
    for (const startBlock of ['99999999999999999999', '18446744073709551616', '01', '-1', '1e3']) {
      const response = await request(app).get(`/events?startBlock=${startBlock}`).set(asOperator).timeout(3000);
      expect([startBlock, response.status]).toEqual([startBlock, 400]);
    }
  });

  it('answers an unsupported charset with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const { app, submitted } = setUp();
    const response = await request(app)
      .put('/members/me/contact')
      .set({ ...asOperator, 'Content-Type': 'application/json; charset=latin1' })
      .send(JSON.stringify(contact));
    expect([response.status, errorOf(response).code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    expect(submitted).toHaveLength(0);
  });
});

describe('the HTTP server', () => {
  it('keeps an idle kept-alive connection open past the 5 s Node closes it after by default', async () => {
    const server = createServer(setUp().app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const { port } = server.address() as { port: number };
    const get = () =>
      new Promise<{ status: number; localPort: number | undefined }>((resolve, reject) => {
        const req = http.get({ host: '127.0.0.1', port, path: '/healthz', agent }, (res) => {
          const localPort = res.socket.localPort;
          res.resume();
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, localPort });
          });
        });
        req.on('error', reject);
      });
    try {
      const first = await get();
      await new Promise((resolve) => setTimeout(resolve, 7_000));
      const second = await get();
      expect([first.status, second.status]).toEqual([200, 200]);
      // The same connection: the client did not have to open a new one.
      expect(second.localPort).toBe(first.localPort);
    } finally {
      agent.destroy();
      server.close();
    }
  }, 15_000);

  /** Requests and responses whose prototype Object.setPrototypeOf changed while `run` ran. */
  async function prototypeChanges(run: () => Promise<void>): Promise<number> {
    const setPrototypeOf = Object.setPrototypeOf.bind(Object) as (object: object, prototype: object | null) => object;
    let changes = 0;
    const spy = jest.spyOn(Object, 'setPrototypeOf').mockImplementation((object: object, prototype: object | null): object => {
      if ((object instanceof http.IncomingMessage || object instanceof http.ServerResponse) && Object.getPrototypeOf(object) !== prototype)
        changes++;
      return setPrototypeOf(object, prototype);
    });
    try {
      await run();
    } finally {
      spy.mockRestore();
    }
    return changes;
  }

  it("gives requests and responses the app's prototypes from the start, so Express changes none (it would for a plain server)", async () => {
    const { app } = setUp();
    const server = createServer(app);
    const served = await prototypeChanges(async () => {
      const response = await request(server).get('/bonds/CN123/holdings/BankMSP/PROP').set(asOperator);
      expect([response.status, response.body]).toEqual([200, HOLDING]);
      expect(response.headers['x-request-id']).toEqual(expect.any(String));
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      const refused = await request(server).get('/me');
      expect([refused.status, errorOf(refused).code]).toEqual([401, 'UNAUTHENTICATED']);
    });
    expect(served).toBe(0);
    const plain = await prototypeChanges(async () => {
      expect((await request(setUp().app).get('/healthz')).status).toBe(200);
    });
    expect(plain).toBe(2);
  });
});

describe('abuse limits', () => {
  it('refuses an address with 429 and Retry-After once it failed authentication too often, before authenticating', async () => {
    const { app, keys } = setUp({ unauthenticatedPerMinute: 3 });
    const authenticate = jest.spyOn(keys, 'authenticate');
    expect((await request(app).get('/me')).status).toBe(401);
    expect((await request(app).get('/me').set({ Authorization: 'Bearer bk_000000000000_forged_forged_forged_forged' })).status).toBe(401);
    expect((await request(app).get('/me').set({ Authorization: 'Bearer nonsense' })).status).toBe(401);
    expect(authenticate).toHaveBeenCalledTimes(3);
    const limited = await request(app).get('/me');
    expect([limited.status, errorOf(limited).code]).toEqual([429, 'RATE_LIMITED']);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await request(app).get('/me').set(asOperator)).status).toBe(429);
    expect(authenticate).toHaveBeenCalledTimes(3);
    // Public endpoints stay open.
    expect((await request(app).get('/healthz')).status).toBe(200);
  });

  it("limits each caller's requests a minute, with the RateLimit headers on every answer and 429 with Retry-After once over", async () => {
    const { app, evaluated } = setUp({ rateLimitPerMinute: 2 });
    const holding = '/bonds/CN123/holdings/BankMSP/PROP';
    /** The RateLimit header's remaining count; its reset is in the minute. */
    const remaining = (response: { headers: Record<string, string> }) => {
      const [, left, reset] = /^limit=2, remaining=(\d+), reset=(\d+)$/.exec(response.headers.ratelimit ?? '') ?? [];
      expect(Number(reset)).toBeGreaterThan(0);
      expect(Number(reset)).toBeLessThanOrEqual(60);
      return Number(left);
    };
    const first = await request(app).get(holding).set(asOperator);
    expect([first.status, first.headers['ratelimit-policy'], remaining(first)]).toEqual([200, '2;w=60', 1]);
    expect(remaining(await request(app).get(holding).set(asOperator))).toBe(0);
    const limited = await request(app).get(holding).set(asOperator);
    expect([limited.status, errorOf(limited).code, remaining(limited)]).toEqual([429, 'RATE_LIMITED', 0]);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(evaluated).toHaveLength(2);
    // Another caller has its own window.
    expect(
      (
        await request(app)
          .get(holding)
          .set({ Authorization: `Bearer ${admin.key}` })
      ).status,
    ).toBe(200);
  });

  it('counts only failures: authenticated traffic never uses up the address', async () => {
    const { app } = setUp({ unauthenticatedPerMinute: 2 });
    for (let i = 0; i < 5; i++) expect((await request(app).get('/bonds/CN123/holdings/BankMSP/PROP').set(asOperator)).status).toBe(200);
  });

  it('enforces the documented 128 characters for Idempotency-Key', async () => {
    const { app, submitted, stateDir } = setUp();
    const long = await request(app)
      .put('/members/me/contact')
      .set({ ...asOperator, 'Idempotency-Key': 'k'.repeat(129) })
      .send(contact);
    expect([long.status, errorOf(long).code]).toEqual([400, 'INVALID_ARGUMENT']);
    expect(
      (
        await request(app)
          .put('/members/me/contact')
          .set({ ...asOperator, 'Idempotency-Key': 'k'.repeat(8000) })
          .send(contact)
      ).status,
    ).toBe(400);
    expect(submitted).toHaveLength(0);
    expect(lines(stateDir)).toEqual([]);
    expect(
      (
        await request(app)
          .put('/members/me/contact')
          .set({ ...asOperator, 'Idempotency-Key': 'k'.repeat(128) })
          .send(contact)
      ).status,
    ).toBe(200);
  });

  it('records nothing for a refused submission: invalid input, an unknown endorser, or a refusal at endorsement', async () => {
    const { app, stateDir } = setUp({ refuseSubmit: 'bond CN1 does not exist' });
    const key = (k: string) => ({ ...asOperator, 'Idempotency-Key': k });
    expect((await request(app).put('/members/me/contact').set(key('a')).send({ contactName: 1 })).status).toBe(400);
    expect(
      (await request(app).post('/bonds/CN1/payment-events/C-001/payments').set(key('b')).send({ holder: 'GhostMSP', accountId: 'P' }))
        .status,
    ).toBe(400);
    const refused = await request(app).put('/members/me/contact').set(key('c')).send(contact);
    expect([refused.status, errorOf(refused).code, (refused.body as { error: { txId?: string } }).error.txId]).toEqual([
      404,
      'NOT_FOUND',
      undefined,
    ]);
    expect(lines(stateDir)).toEqual([]);
  });
});

describe('a retry with the same Idempotency-Key while the first request runs', () => {
  it('waits for the first outcome and answers it, without a second transaction', async () => {
    let commit = (): void => undefined;
    const { app, submitted } = setUp({ commitWhen: new Promise<void>((resolve) => (commit = resolve)) });
    const headers = { ...asOperator, 'Idempotency-Key': 'concurrent' };
    const first = request(app)
      .put('/members/me/contact')
      .set(headers)
      .send(contact)
      .then((r) => r);
    while (submitted.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const retry = request(app)
      .put('/members/me/contact')
      .set(headers)
      .send(contact)
      .then((r) => r);
    const asyncRetry = await request(app)
      .put('/members/me/contact')
      .set({ ...headers, Prefer: 'respond-async' })
      .send(contact);
    expect([asyncRetry.status, asyncRetry.headers.location]).toEqual([202, '/transactions/tx1']);
    await new Promise((resolve) => setTimeout(resolve, 100));
    commit();
    const [a, b] = await Promise.all([first, retry]);
    expect([a.status, b.status, b.headers['idempotent-replayed']]).toEqual([200, 200, 'true']);
    expect(b.body).toEqual(a.body);
    expect(b.body).toMatchObject({ transactionId: 'tx1', blockNumber: '7' });
    expect(submitted).toHaveLength(1);
  });

  it('answers 409 IDEMPOTENCY_KEY_PENDING with Retry-After and the transaction when the first outcome is unknown (a restart while pending)', async () => {
    const stateDir = mkdtempSync(path.join(os.tmpdir(), 'gw-'));
    new IdempotencyStore(stateDir).pending('operator1:left-pending', fingerprint('PUT', '/members/me/contact', contact), 'txP');
    const { app, submitted } = setUp({ stateDir });
    const response = await request(app)
      .put('/members/me/contact')
      .set({ ...asOperator, 'Idempotency-Key': 'left-pending' })
      .send(contact);
    expect([response.status, errorOf(response).code, response.headers['retry-after']]).toEqual([409, 'IDEMPOTENCY_KEY_PENDING', '5']);
    expect(response.body).toMatchObject({ error: { txId: 'txP', details: { transactionId: 'txP', location: '/transactions/txP' } } });
    expect(submitted).toHaveLength(0);
  });

  it('sends the same signed transaction again when a retried key’s outcome is unknown, and answers its commit once', async () => {
    const stateDir = mkdtempSync(path.join(os.tmpdir(), 'gw-'));
    const print = fingerprint('PUT', '/members/me/contact', contact);
    new IdempotencyStore(stateDir).pending('operator1:timed-out', print, 'txT', new TextEncoder().encode('envelope of txT'));
    const { app, submitted, resubmitted } = setUp({ stateDir });
    const retry = await request(app)
      .put('/members/me/contact')
      .set({ ...asOperator, 'Idempotency-Key': 'timed-out' })
      .send(contact);
    expect([retry.status, retry.body]).toEqual([200, { transactionId: 'txT', blockNumber: '9', result: { ok: true } }]);
    const again = await request(app)
      .put('/members/me/contact')
      .set({ ...asOperator, 'Idempotency-Key': 'timed-out' })
      .send(contact);
    expect([again.status, again.headers['idempotent-replayed'], again.body]).toEqual([200, 'true', retry.body]);
    // One copy sent again, no new proposal: the ledger can hold the transaction at most once.
    expect([resubmitted, submitted.length]).toEqual([['txT'], 0]);
  });

  it('keeps the key pending when the peer is lost while waiting for the commit, and resends on the retry', async () => {
    const lost = Promise.reject(new ApiError(503, 'FABRIC_UNAVAILABLE', 'the peer or ordering service is unavailable', { txId: 'tx1' }));
    lost.catch(() => undefined);
    const { app, submitted, resubmitted } = setUp({ commitWhen: lost });
    const first = await request(app)
      .put('/members/me/contact')
      .set({ ...asOperator, 'Idempotency-Key': 'peer-lost' })
      .send(contact);
    expect([first.status, errorOf(first).code]).toEqual([503, 'FABRIC_UNAVAILABLE']);
    const retry = await request(app)
      .put('/members/me/contact')
      .set({ ...asOperator, 'Idempotency-Key': 'peer-lost' })
      .send(contact);
    // Not the stored 503: the outcome was unknown, so the same transaction went again and committed.
    expect([retry.status, retry.body]).toEqual([200, { transactionId: 'tx1', blockNumber: '9', result: { ok: true } }]);
    expect([submitted.length, resubmitted]).toEqual([1, ['tx1']]);
  });
});
