/**
 * Bad input against the REST API of the running gateways (issue 14), as a
 * seeded, reproducible property suite: malformed JSON, wrong types, huge
 * numbers and strings, negative, zero, fractional and exponent quantities,
 * invalid ISINs and LEIs, impossible dates, NUL, control characters,
 * composite-key separators and unicode look-alikes in identifiers,
 * oversized bodies and headers, unknown routes and methods.
 *
 * Every case must be answered with a documented 4xx (README, "Errors") and
 * the JSON error body, never a 5xx or no answer, and nothing may be written:
 * every peer's ledger height is the same after the run as before (the suite
 * assumes nothing else writes to the network meanwhile).
 *
 *   FUZZ_CASES   number of generated cases: 500 by default; when set, at least 5,000
 *   FUZZ_SEED    the seed (default 14): the same seed and count replay the same cases
 *
 * Requests go over raw HTTP/1.1 sockets so that methods fetch refuses and
 * bytes it would normalise reach the gateway as written. Writes only ever
 * target records that do not exist (or a member that does, to be refused
 * as existing), so a case the gateway wrongly lets through is refused by
 * the chaincode instead of changing the ledger — unless the chaincode is
 * wrong too, which the height comparison catches.
 */
import { connect } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { GATEWAY_STATUS } from '../../src/http/error-table';
import { CHAINCODE_STATUS } from '../../src/http/errors';
import { MSP_ID_PATTERN } from '../../src/http/operations';
import { defaultNetworkHome } from '../../src/ledger-check/test-network';
import { blocksBetween, changedHeights, fuzzCaseCount, fuzzSeed, heights, hostileValues } from './fuzz-support';

// --- what the README documents ---------------------------------------------------------

/** Each status's codes, as the README's error table lists them (it is written from these two tables). */
const DOCUMENTED = new Map<number, string[]>();
for (const [code, status] of Object.entries({ ...CHAINCODE_STATUS, ...GATEWAY_STATUS })) {
  DOCUMENTED.set(status, [...(DOCUMENTED.get(status) ?? []), code]);
}

const CASES = fuzzCaseCount(500);
const SEED = fuzzSeed();
const CONCURRENCY = 8;
const ANSWER_TIMEOUT_MS = 60_000;

// --- the network ---------------------------------------------------------------------------

interface GatewaysFile {
  gateways: Record<string, { mspId: string; baseUrl: string; users: Record<string, { role: string; apiKey: string }> }>;
}
const gateways = (JSON.parse(readFileSync(path.join(defaultNetworkHome(), 'gateways.json'), 'utf8')) as GatewaysFile).gateways;
const ORGS = ['csd', 'bank', 'securities'].filter((org) => gateways[org]);
const USERS = ['admin', 'operator1', 'viewer1'];

/** A bond, transfer, application that does not exist; a member that does. */
const NO_BOND = 'CN0000000000';
const NO_ID = 'f'.repeat(64);
const EXISTING_MEMBER = gateways.bank?.mspId ?? 'BankMSP';

// --- cases ------------------------------------------------------------------------------------

interface FuzzCase {
  family: string;
  org: string;
  user: string;
  method: string;
  /** Already encoded as it goes on the request line. */
  target: string;
  headers?: Record<string, string>;
  body?: string;
  /** Send no Authorization header. */
  anonymous?: boolean;
}

const enc = (value: string): string => {
  try {
    return encodeURIComponent(value);
  } catch {
    // a lone surrogate: its UTF-8 bytes as Node writes them (U+FFFD), percent-encoded
    return Array.from(Buffer.from(value, 'utf8'), (byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');
  }
};

const { badIdentifier, badIsin, badLei, badQuantity, impossibleDate, badInstant, wrongType, malformedJson } = hostileValues({
  existingMember: EXISTING_MEMBER,
  noBond: NO_BOND,
});
const malformedMspId = badIdentifier.filter((id) => !MSP_ID_PATTERN.test(id));

const caller = fc.record({ org: fc.constantFrom(...ORGS), user: fc.constantFrom(...USERS) });
const json = (value: unknown): string => JSON.stringify(value);
const transferBody = (overrides: Record<string, unknown>) =>
  json({
    isin: NO_BOND,
    fromAccount: 'PROPRIETARY',
    to: EXISTING_MEMBER,
    toAccount: 'PROPRIETARY',
    units: '1',
    cashAmount: '0',
    expiresAt: '2099-01-01T00:00:00Z',
    ...overrides,
  });
const freezeBody = (overrides: Record<string, unknown>) =>
  json({ isin: NO_BOND, holder: EXISTING_MEMBER, accountId: 'PROPRIETARY', units: '1', reason: 'fuzz', ...overrides });

/** Routes that take a JSON body, each with a valid-looking body for a record that does not exist (or a member that does). */
const BODY_ROUTES: { method: string; target: string; fields: Record<string, unknown> }[] = [
  { method: 'POST', target: '/transfers', fields: JSON.parse(transferBody({})) as Record<string, unknown> },
  { method: 'POST', target: '/freezes', fields: JSON.parse(freezeBody({})) as Record<string, unknown> },
  { method: 'POST', target: '/freezes/release', fields: JSON.parse(freezeBody({})) as Record<string, unknown> },
  {
    method: 'POST',
    target: '/members',
    fields: { mspId: EXISTING_MEMBER, legalName: 'Fuzz', lei: '969500KSV493XWY0PS33', roles: ['INVESTOR'] },
  },
  { method: 'POST', target: `/bonds/${NO_BOND}/puts`, fields: { putDate: '2030-01-01', accountId: 'PROPRIETARY', units: '1' } },
  { method: 'POST', target: `/bonds/${NO_BOND}/call`, fields: { callDate: '2030-01-01' } },
  { method: 'POST', target: `/bonds/${NO_BOND}/bids`, fields: { units: '1', accountId: 'PROPRIETARY' } },
  {
    method: 'POST',
    target: `/bonds/${NO_BOND}/book`,
    fields: { bookType: 'FIXED_PRICE', opensAt: '2030-01-01T00:00:00Z', closesAt: '2030-01-02T00:00:00Z' },
  },
  { method: 'POST', target: `/bonds/${NO_BOND}/redemptions`, fields: { reason: 'PUT', putDate: '2030-01-01' } },
  {
    method: 'POST',
    target: `/bonds/${NO_BOND}/payment-events/C-001/payments`,
    fields: { holder: EXISTING_MEMBER, accountId: 'PROPRIETARY' },
  },
  { method: 'POST', target: `/bond-applications/${NO_ID}/approval`, fields: { nationalCode: 'X00000000' } },
  { method: 'POST', target: `/bond-applications/${NO_ID}/rejection`, fields: { reason: 'fuzz' } },
  { method: 'POST', target: `/members/${enc('Ghost\u0000MSP')}/suspension`, fields: { reason: 'fuzz' } },
];

const bodyRoute = fc.constantFrom(...BODY_ROUTES);

const families: Record<string, fc.Arbitrary<Omit<FuzzCase, 'family' | 'org' | 'user'>>> = {
  'malformed-json': fc
    .record({ route: bodyRoute, body: malformedJson })
    .map(({ route, body }) => ({ method: route.method, target: route.target, body })),
  'wrong-types': fc.record({ route: bodyRoute, field: fc.nat(), value: wrongType }).map(({ route, field, value }) => {
    const names = Object.keys(route.fields);
    const name = names[field % names.length] ?? 'x';
    return { method: route.method, target: route.target, body: json({ ...route.fields, [name]: value }) };
  }),
  'extra-or-missing-fields': fc
    .record({ route: bodyRoute, drop: fc.nat(), extra: fc.string({ minLength: 1, maxLength: 20 }) })
    .map(({ route, drop, extra }) => {
      const names = Object.keys(route.fields);
      const dropped = names[drop % names.length];
      const fields: Record<string, unknown> =
        drop % 2 === 0
          ? Object.fromEntries(Object.entries(route.fields).filter(([name]) => name !== dropped))
          : { ...route.fields, [`${extra}\u0000`]: extra };
      return { method: route.method, target: route.target, body: json(fields) };
    }),
  quantities: fc
    .record({ units: badQuantity, which: fc.constantFrom('transfer', 'transfer-cash', 'freeze', 'unfreeze', 'put', 'bid', 'allocation') })
    .map(({ units, which }) => {
      switch (which) {
        case 'transfer':
          return { method: 'POST', target: '/transfers', body: transferBody({ units }) };
        case 'transfer-cash':
          return { method: 'POST', target: '/transfers', body: transferBody({ cashAmount: units }) };
        case 'freeze':
          return { method: 'POST', target: '/freezes', body: freezeBody({ units }) };
        case 'unfreeze':
          return { method: 'POST', target: '/freezes/release', body: freezeBody({ units }) };
        case 'put':
          return {
            method: 'POST',
            target: `/bonds/${NO_BOND}/puts`,
            body: json({ putDate: '2030-01-01', accountId: 'PROPRIETARY', units }),
          };
        case 'bid':
          return { method: 'POST', target: `/bonds/${NO_BOND}/bids`, body: json({ units, accountId: 'PROPRIETARY' }) };
        default:
          return { method: 'POST', target: `/bonds/${NO_BOND}/allocation`, body: json({ overAllotmentUnits: units }) };
      }
    }),
  'isin-and-lei': fc.oneof(
    badIsin.map((isin) => ({ method: 'GET', target: `/bonds/${enc(isin)}` })),
    badIsin.map((isin) => ({ method: 'GET', target: `/bonds/${enc(isin)}/outstanding` })),
    badIsin.map((isin) => ({ method: 'POST', target: '/transfers', body: transferBody({ isin }) })),
    badIsin.map((isin) => ({ method: 'POST', target: '/freezes', body: freezeBody({ isin }) })),
    badLei.map((lei) => ({
      method: 'POST',
      target: '/members',
      body: json({ mspId: EXISTING_MEMBER, legalName: 'Fuzz Institution', lei, roles: ['INVESTOR'] }),
    })),
  ),
  dates: fc.oneof(
    impossibleDate.map((date) => ({ method: 'GET', target: `/bonds/${NO_BOND}/accrued-interest?date=${enc(date)}` })),
    impossibleDate.map((date) => ({ method: 'GET', target: `/bonds/${NO_BOND}/due-events?date=${enc(date)}` })),
    impossibleDate.map((callDate) => ({ method: 'POST', target: `/bonds/${NO_BOND}/call`, body: json({ callDate }) })),
    impossibleDate.map((putDate) => ({
      method: 'POST',
      target: `/bonds/${NO_BOND}/puts`,
      body: json({ putDate, accountId: 'PROPRIETARY', units: '1' }),
    })),
    impossibleDate.map((date) => ({
      method: 'PUT',
      target: '/calendars/FUZZ-CAL/2199',
      body: json({ holidays: [date], workingWeekends: [] }),
    })),
    fc
      .tuple(fc.constantFrom('0', '1899', '10000', '-1', '2199.0', '2e3', '\u0662\u0661\u0669\u0669', ''), fc.constant(0))
      .map(([year]) => ({ method: 'GET', target: `/calendars/CN-IB/${enc(year)}` })),
    badInstant.map((expiresAt) => ({ method: 'POST', target: '/transfers', body: transferBody({ expiresAt }) })),
    badInstant.map((asOf) => ({ method: 'GET', target: `/expired-transfers?asOf=${enc(asOf)}` })),
  ),
  // A holder's or issuer's list for a well-formed MSP ID that names nobody is an empty page (as for an issuer
  // without bonds), not an error: only malformed ones must be refused.
  identifiers: fc.oneof(
    badIdentifier.map((id) => ({ method: 'GET', target: `/members/${enc(id)}` })),
    badIdentifier.map((id) => ({ method: 'GET', target: `/members/${enc(id)}/history` })),
    malformedMspId.map((id) => ({ method: 'GET', target: `/holders/${enc(id)}/holdings` })),
    fc.tuple(badIdentifier, badIdentifier).map(([h, a]) => ({ method: 'GET', target: `/bonds/${NO_BOND}/holdings/${enc(h)}/${enc(a)}` })),
    fc
      .tuple(badIdentifier, badIdentifier)
      .map(([h, a]) => ({ method: 'GET', target: `/bonds/${NO_BOND}/holdings/${enc(h)}/${enc(a)}/history` })),
    badIdentifier.map((id) => ({ method: 'GET', target: `/transfers/${enc(id)}` })),
    badIdentifier.map((id) => ({ method: 'GET', target: `/transactions/${enc(id)}` })),
    badIdentifier.map((id) => ({ method: 'GET', target: `/bond-applications/${enc(id)}` })),
    malformedMspId.map((id) => ({ method: 'GET', target: `/issuers/${enc(id)}/bonds` })),
    badIdentifier.map((id) => ({ method: 'GET', target: `/calendars/${enc(id)}/2199` })),
    badIdentifier.map((id) => ({ method: 'POST', target: `/transfers/${enc(id)}/affirmation` })),
    badIdentifier.map((id) => ({ method: 'POST', target: `/bonds/${enc(id)}/book/closure` })),
    badIdentifier.map((id) => ({ method: 'POST', target: `/bonds/${NO_BOND}/payment-events/${enc(id)}/completion` })),
    badIdentifier.map((to) => ({ method: 'POST', target: '/transfers', body: transferBody({ to }) })),
    badIdentifier.map((fromAccount) => ({ method: 'POST', target: '/transfers', body: transferBody({ fromAccount }) })),
    badIdentifier.map((holder) => ({ method: 'POST', target: '/freezes', body: freezeBody({ holder }) })),
    badIdentifier.map((holder) => ({
      method: 'POST',
      target: `/bonds/${NO_BOND}/payment-events/C-001/payments`,
      body: json({ holder, accountId: 'PROPRIETARY' }),
    })),
    badIdentifier.map((mspId) => ({
      method: 'POST',
      target: '/members',
      body: json({ mspId: `${EXISTING_MEMBER}${mspId}`.slice(0, 200), legalName: 'Fuzz\u0000Institution', lei: 'X', roles: ['INVESTOR'] }),
    })),
    fc
      .tuple(badIdentifier, badIdentifier)
      .map(([size, cursor]) => ({ method: 'GET', target: `/members?pageSize=${enc(size)}&cursor=${enc(cursor)}` })),
    badIdentifier.map((status) => ({ method: 'GET', target: `/bonds?status=${enc(status)}` })),
    fc
      .constantFrom(
        '/members/%',
        '/members/%ZZ',
        '/members/%00',
        '/members/%C0%80',
        '/members/%ED%A0%80',
        '/bonds/%E2%80%AECN0000000000',
        '/members/..%2F..%2F',
      )
      .map((target) => ({ method: 'GET', target })),
  ),
  'huge-values': fc.oneof(
    fc
      .integer({ min: 60_000, max: 240_000 })
      .map((n) => ({ method: 'POST', target: '/transfers', body: transferBody({ fromAccount: 'A'.repeat(n) }) })),
    fc
      .integer({ min: 60_000, max: 200_000 })
      .map((n) => ({ method: 'POST', target: '/freezes', body: freezeBody({ reason: '\u0430'.repeat(n) }) })),
    fc
      .integer({ min: 300_000, max: 1_200_000 })
      .map((n) => ({ method: 'POST', target: '/transfers', body: transferBody({ pad: 'x'.repeat(n) }) })),
    fc
      .integer({ min: 33, max: 5_000 })
      .map((depth) => ({ method: 'POST', target: '/transfers', body: `${'['.repeat(depth)}${']'.repeat(depth)}` })),
    fc
      .integer({ min: 129, max: 4_000 })
      .map((n) => ({ method: 'POST', target: `/bonds/${NO_BOND}/book/closure`, headers: { 'Idempotency-Key': 'k'.repeat(n) } })),
    fc.integer({ min: 17_000, max: 80_000 }).map((n) => ({ method: 'GET', target: '/me', headers: { 'X-Fuzz': 'h'.repeat(n) } })),
    fc.integer({ min: 17_000, max: 40_000 }).map((n) => ({ method: 'GET', target: `/members/${'M'.repeat(n)}` })),
    fc.integer({ min: 170, max: 500 }).map((n) => ({
      method: 'GET',
      target: '/me',
      headers: Object.fromEntries(Array.from({ length: n }, (_, i) => [`X-F${i}`, 'v'.repeat(100)])),
    })),
  ),
  'media-types': fc
    .record({
      route: bodyRoute,
      type: fc.constantFrom(
        'application/json; charset=latin1',
        'application/json; charset=utf-16',
        'application/json; charset=\u0000'.replace('\u0000', 'x'),
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
      ),
      encoding: fc.constantFrom(undefined, 'gzip', 'br', 'compress', 'x-unknown'),
    })
    .map(({ route, type, encoding }) => ({
      method: route.method,
      target: route.target,
      body: json(route.fields).replace('PROPRIETARY', 'PROPRIÉTAIRE'),
      headers: { 'Content-Type': type, ...(encoding ? { 'Content-Encoding': encoding } : {}) },
    })),
  'unknown-routes-and-methods': fc.oneof(
    fc
      .tuple(
        fc.constantFrom('PATCH', 'TRACE', 'PROPFIND', 'MKCOL', 'LOCK', 'PURGE', 'FOO', 'get', 'DELETE', 'PUT', 'POST'),
        fc.constantFrom('/me', '/members', '/bonds', `/bonds/${NO_BOND}`, '/transfers', '/freezes', '/members/me/contact', '/nope'),
      )
      .map(([method, target]) => ({ method, target })),
    fc
      .array(fc.stringMatching(/^[a-zA-Z0-9._~-]{1,12}$/), { minLength: 1, maxLength: 6 })
      .map((segments) => ({ method: 'GET', target: `/x-${segments.join('/')}` })),
    fc
      .constantFrom(
        '//me',
        '/me;x',
        '/members/me/contact/extra',
        '/bonds/',
        '/.env',
        '/admin',
        '/admin/users/../../me',
        '/docs/../../etc/passwd',
        '*',
      )
      .map((target) => ({ method: 'GET', target })),
  ),
};

const FAMILY_NAMES = Object.keys(families);
const caseArbitrary: fc.Arbitrary<FuzzCase> = fc
  .tuple(fc.constantFrom(...FAMILY_NAMES), caller, fc.integer())
  .chain(([family, who]) =>
    (families[family] ?? fc.constant({ method: 'GET', target: '/nope' })).map((c): FuzzCase => ({ family, ...who, ...c })),
  );

/** Authentication failures count against the client address (60 a minute): a few, fixed, per gateway. */
const AUTH_CASES: FuzzCase[] = ORGS.flatMap((org) => [
  { family: 'authentication', org, user: 'operator1', method: 'GET', target: '/me', anonymous: true },
  {
    family: 'authentication',
    org,
    user: 'operator1',
    method: 'GET',
    target: '/me',
    anonymous: true,
    headers: { Authorization: 'Bearer \u00ff\u00fe' },
  },
  {
    family: 'authentication',
    org,
    user: 'operator1',
    method: 'GET',
    target: '/me',
    anonymous: true,
    headers: { Authorization: `Bearer ${'k'.repeat(4_000)}` },
  },
  {
    family: 'authentication',
    org,
    user: 'operator1',
    method: 'GET',
    target: '/me',
    anonymous: true,
    headers: { Authorization: `Basic ${Buffer.from('a:b').toString('base64')}` },
  },
]);

// --- sending ---------------------------------------------------------------------------------

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Bytes of a header value as written (Latin-1 for code units < 256, as Node would refuse to send others). */
function rawRequest(c: FuzzCase, host: string, apiKey: string | undefined): Buffer {
  const body = c.body === undefined ? undefined : Buffer.from(c.body, 'utf8');
  const headers: Record<string, string> = {
    Host: host,
    Connection: 'close',
    ...(c.anonymous || !apiKey ? {} : { Authorization: `Bearer ${apiKey}` }),
    ...(body ? { 'Content-Type': 'application/json', 'Content-Length': String(body.length) } : {}),
    ...c.headers,
  };
  if (body) headers['Content-Length'] = String(body.length);
  const head = `${c.method} ${c.target} HTTP/1.1\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n')}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body ?? Buffer.alloc(0)]);
}

function parseAnswer(raw: Buffer): Answer | undefined {
  const split = raw.indexOf('\r\n\r\n');
  if (split < 0) return undefined;
  const [statusLine = '', ...lines] = raw.subarray(0, split).toString('latin1').split('\r\n');
  const status = Number(statusLine.split(' ')[1]);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const at = line.indexOf(':');
    if (at > 0) headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
  }
  let body = raw.subarray(split + 4);
  if (headers['transfer-encoding'] === 'chunked') {
    const chunks: Buffer[] = [];
    for (let at = 0; at < body.length;) {
      const eol = body.indexOf('\r\n', at);
      const size = parseInt(body.subarray(at, eol).toString('latin1'), 16);
      if (!size) break;
      chunks.push(body.subarray(eol + 2, eol + 2 + size));
      at = eol + 2 + size + 2;
    }
    body = Buffer.concat(chunks);
  }
  return { status, headers, body: body.toString('utf8') };
}

function send(c: FuzzCase): Promise<Answer | string> {
  const gateway = gateways[c.org];
  if (!gateway) return Promise.resolve(`no gateway ${c.org}`);
  const url = new URL(gateway.baseUrl);
  const request = rawRequest(c, url.host, gateway.users[c.user]?.apiKey);
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(`no answer within ${ANSWER_TIMEOUT_MS / 1000} s`);
    }, ANSWER_TIMEOUT_MS);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    const finish = (why?: string) => {
      clearTimeout(timer);
      const answer = parseAnswer(Buffer.concat(chunks));
      resolve(answer ?? `no HTTP answer${why ? ` (${why})` : ''}`);
    };
    socket.on('end', () => {
      finish();
    });
    // The gateway may answer (413, 431) and close before it has read everything sent: the answer counts.
    socket.on('error', (error: NodeJS.ErrnoException) => {
      finish(error.code);
    });
    socket.write(request, () => {
      /* written */
    });
  });
}

/** Why an answer breaks the rules, or undefined if it is a documented 4xx with the JSON error body. */
function problemWith(answer: Answer | string): string | undefined {
  if (typeof answer === 'string') return answer;
  if (answer.status < 400 || answer.status >= 500) return `status ${answer.status}`;
  const documented = DOCUMENTED.get(answer.status);
  if (!documented) return `undocumented status ${answer.status}`;
  return errorBodyProblem(answer, documented);
}

/** Why an answer's body is not the JSON error body with a code documented for its status. */
function errorBodyProblem(answer: Answer, documented: readonly string[]): string | undefined {
  if (!/^application\/json/.test(answer.headers['content-type'] ?? ''))
    return `${answer.status} with Content-Type ${answer.headers['content-type'] ?? 'none'}`;
  let body: { error?: { code?: unknown; message?: unknown } };
  try {
    body = JSON.parse(answer.body) as typeof body;
  } catch {
    return `${answer.status} with a body that is not JSON`;
  }
  const code = body.error?.code;
  if (typeof code !== 'string' || typeof body.error?.message !== 'string') return `${answer.status} without the error body`;
  if (!documented.includes(code)) return `${answer.status} ${code} (undocumented code for the status)`;
  return undefined;
}

interface Failure {
  index: number;
  family: string;
  request: string;
  problem: string;
}

const describeCase = (c: FuzzCase): string => {
  const body =
    c.body === undefined ? '' : ` ${JSON.stringify(c.body.length > 160 ? `${c.body.slice(0, 160)}… (${c.body.length} chars)` : c.body)}`;
  const target = c.target.length > 160 ? `${c.target.slice(0, 160)}… (${c.target.length} chars)` : c.target;
  const headers = Object.entries(c.headers ?? {}).map(([k, v]) => `${k}: ${v.length > 40 ? `${v.slice(0, 40)}… (${v.length})` : v}`);
  return `${c.org}/${c.user} ${c.method} ${target}${headers.length ? ` [${headers.slice(0, 3).join('; ')}${headers.length > 3 ? `; +${headers.length - 3}` : ''}]` : ''}${body}`;
};

describe(`fuzzing the REST API: ${CASES} generated cases, seed ${SEED}`, () => {
  jest.setTimeout(Math.max(600_000, CASES * 400));

  it('answers every case with a documented 4xx and the JSON error body, and writes nothing', async () => {
    const cases = [...AUTH_CASES, ...fc.sample(caseArbitrary, { seed: SEED, numRuns: CASES })];
    const before = await heights();
    const failures: Failure[] = [];
    const statuses = new Map<string, number>();
    const perFamily = new Map<string, number>();
    let next = 0;
    const started = Date.now();
    const worker = async () => {
      while (next < cases.length) {
        const index = next++;
        const c = cases[index]!;
        const answer = await send(c);
        perFamily.set(c.family, (perFamily.get(c.family) ?? 0) + 1);
        if (typeof answer !== 'string') {
          let code = '?';
          try {
            code = (JSON.parse(answer.body) as { error?: { code?: string } }).error?.code ?? '?';
          } catch {
            /* counted as a failure below */
          }
          statuses.set(`${answer.status} ${code}`, (statuses.get(`${answer.status} ${code}`) ?? 0) + 1);
        }
        const problem = problemWith(answer);
        if (problem) failures.push({ index, family: c.family, request: describeCase(c), problem });
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const after = await heights();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);

    const summary = [
      `fuzz-http: ${cases.length} cases (${CASES} generated with seed ${SEED}, ${AUTH_CASES.length} fixed authentication cases) in ${seconds} s; ${failures.length} failed`,
      `  families: ${[...perFamily].map(([f, n]) => `${f} ${n}`).join(', ')}`,
      `  answers: ${[...statuses]
        .sort((a, b) => b[1] - a[1])
        .map(([s, n]) => `${s} ×${n}`)
        .join(', ')}`,
      `  ledger heights before ${JSON.stringify(before)}, after ${JSON.stringify(after)}`,
    ];
    const grouped = new Map<string, Failure[]>();
    for (const f of failures) {
      const k = `${f.family}: ${f.problem.replace(/[0-9]+ s$/, '')}`;
      grouped.set(k, [...(grouped.get(k) ?? []), f]);
    }
    for (const [k, list] of grouped) {
      summary.push(`  FAILED ${k} ×${list.length}, e.g.`, ...list.slice(0, 3).map((f) => `    case #${f.index}: ${f.request}`));
    }
    process.stdout.write(`${summary.join('\n')}\n`);

    const changed = changedHeights(before, after);
    // What was written, as one peer has it (at most 20 transactions): the fuzz's own writes, or another writer's.
    const [firstOrg, firstHeight] = Object.entries(before).find(([org, height]) => after[org] !== height) ?? [];
    if (firstOrg !== undefined && firstHeight !== undefined)
      changed.push(...(await blocksBetween(firstOrg, firstHeight, after[firstOrg] ?? firstHeight)));
    expect({ failures: [...grouped.keys()], ledgerChanged: changed }).toEqual({ failures: [], ledgerChanged: [] });
  });
});
