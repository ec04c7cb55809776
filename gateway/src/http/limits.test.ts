/**
 * What Node's HTTP parser refuses before Express sees it gets the gateway's
 * JSON error body (over a real socket), the depth check is linear and
 * recursion-free, the failure limiter forgets an address after its window,
 * and the caller limiter counts each caller's requests in its own window.
 */
import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import express from 'express';
import { answerClientErrors, CallerLimiter, FailureLimiter, MAX_JSON_DEPTH, nestedDeeperThan } from './limits';

/** Sends raw bytes and returns the raw answer (the server closes the connection). */
function raw(server: Server, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    socket.on('error', reject);
    socket.write(bytes);
  });
}

function parse(answer: string): { status: number; headers: string; body: { error: { code: string; message: string; requestId: string } } } {
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  return {
    status: Number(head.split(' ')[1]),
    headers: head,
    body: JSON.parse(body) as { error: { code: string; message: string; requestId: string } },
  };
}

describe("Node's own refusals", () => {
  let server: Server;
  beforeAll(async () => {
    server = createServer(express().get('/me', (_req, res) => res.json({ ok: true })));
    answerClientErrors(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('answer a NUL in a header with 400 and the JSON error body', async () => {
    const answer = parse(await raw(server, 'GET /me HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0000b\r\n\r\n'));
    expect([answer.status, answer.body.error.code]).toEqual([400, 'BAD_REQUEST']);
    expect(answer.headers).toMatch(/content-type: application\/json/i);
    expect(answer.headers).toContain(`X-Request-Id: ${answer.body.error.requestId}`);
  });

  it('answer a framing error with 400 and the JSON error body', async () => {
    const answer = parse(
      await raw(server, 'POST /me HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'),
    );
    expect([answer.status, answer.body.error.code]).toEqual([400, 'BAD_REQUEST']);
  });

  it('answer a 100 kB path with 431 and the JSON error body', async () => {
    const answer = parse(await raw(server, `GET /${'a'.repeat(100_000)} HTTP/1.1\r\nHost: x\r\n\r\n`));
    expect([answer.status, answer.body.error.code]).toEqual([431, 'HEADERS_TOO_LARGE']);
  });
});

describe('JSON nesting depth', () => {
  it('finds a body nested too deep without recursion, however deep', () => {
    const deep = JSON.parse('['.repeat(200_000) + ']'.repeat(200_000)) as unknown;
    expect(nestedDeeperThan(deep, MAX_JSON_DEPTH)).toBe(true);
    expect(nestedDeeperThan({ a: [{ b: 1 }], c: 'x' }, 3)).toBe(false);
    expect(nestedDeeperThan({ a: [{ b: {} }] }, 3)).toBe(true);
    expect(nestedDeeperThan('text', 0)).toBe(false);
  });
});

describe('the failure limiter', () => {
  it('refuses an address that reached the limit until its window ends, and tracks a bounded number of addresses', () => {
    let now = 0;
    const limiter = new FailureLimiter(2, 60_000, () => now, 3);
    limiter.record('a');
    expect(limiter.blocked('a')).toBeUndefined();
    limiter.record('a');
    expect(limiter.blocked('a')).toBe(60);
    now = 30_500;
    expect(limiter.blocked('a')).toBe(30);
    expect(limiter.blocked('b')).toBeUndefined();
    now = 60_000;
    expect(limiter.blocked('a')).toBeUndefined();
    for (const address of ['b', 'c', 'd', 'e']) {
      limiter.record(address);
      limiter.record(address);
    }
    expect(limiter.blocked('e')).toBe(60);
    expect(limiter.blocked('b')).toBeUndefined();
  });
});

describe('the caller limiter', () => {
  it('limits each caller in its own window, counting refused requests too, and says what remains and when it resets', () => {
    let now = 1_000;
    const limiter = new CallerLimiter(2, 60_000, () => now);
    expect(limiter.hit('a')).toEqual({ remaining: 1, resetSeconds: 60, limited: false });
    now = 11_000;
    expect(limiter.hit('a')).toEqual({ remaining: 0, resetSeconds: 50, limited: false });
    expect(limiter.hit('a')).toEqual({ remaining: 0, resetSeconds: 50, limited: true });
    expect(limiter.hit('b')).toEqual({ remaining: 1, resetSeconds: 60, limited: false });
    now = 60_500;
    expect(limiter.hit('a')).toEqual({ remaining: 0, resetSeconds: 1, limited: true });
    now = 61_000;
    expect(limiter.hit('a')).toEqual({ remaining: 1, resetSeconds: 60, limited: false });
  });
});
