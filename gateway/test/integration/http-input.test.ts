/**
 * Input the gateways refuse themselves, through their HTTP API on the real
 * network (issue 12), and concurrent retries with one Idempotency-Key
 * (issue 13): every refusal is a 4xx with a stable code and the JSON error
 * body, writes nothing and leaves the key usable; a concurrent retry
 * answers the first outcome, with one transaction.
 */
import { connect } from 'node:net';
import type { BondApplication } from '@bond-platform/chaincode/api';
import { termsAround, utcDate } from './bond-steps';
import { Api, ensureMembersOverHttp, mspOf } from './http-client';
import type { ErrorBody } from '../../src/http/errors';

const bank = new Api('bank', 'operator1');
const securities = new Api('securities', 'operator1');

interface Committed<T> {
  transactionId: string;
  blockNumber: string;
  result: T;
}

/** A bond that does not exist: the chaincode refuses it at endorsement, so nothing is ordered. */
const NO_SUCH_BOND = 'CN0000000000';

beforeAll(ensureMembersOverHttp);

describe('bodies the gateway refuses before anything is sent', () => {
  it('400 JSON_TOO_DEEP for a deeply nested body, recording nothing for its Idempotency-Key', async () => {
    const key = `deep-${Date.now()}`;
    const deep = '['.repeat(20_000) + ']'.repeat(20_000);
    const refused = await bank.request<ErrorBody>('POST', `/bonds/${NO_SUCH_BOND}/book/closure`, deep, { 'Idempotency-Key': key });
    expect([refused.status, refused.body.error.code]).toEqual([400, 'JSON_TOO_DEEP']);
    expect(refused.body.error.requestId).toBe(refused.headers.get('x-request-id'));
    // The key was not recorded: the same key with another body is not IDEMPOTENCY_KEY_REUSED but reaches the
    // chaincode, whose access guard refuses the bank (no bookrunner's role) before it looks for the bond.
    const again = await bank.post<ErrorBody>(`/bonds/${NO_SUCH_BOND}/book/closure`, {}, { 'Idempotency-Key': key });
    expect([again.status, again.body.error.code]).toEqual([403, 'ROLE_REQUIRED']);
  });

  it('400 for a body on an operation that takes none, and for an Idempotency-Key over 128 characters', async () => {
    const bodied = await bank.post<ErrorBody>(`/bonds/${NO_SUCH_BOND}/book/closure`, { nested: [[1]] });
    expect([bodied.status, bodied.body.error.code]).toEqual([400, 'INVALID_ARGUMENT']);
    const longKey = await bank.request<ErrorBody>(
      'PUT',
      '/members/me/contact',
      { contactName: 'Desk', email: 'desk@bank.example' },
      { 'Idempotency-Key': 'k'.repeat(129) },
    );
    expect([longKey.status, longKey.body.error.code]).toEqual([400, 'INVALID_ARGUMENT']);
  });

  it('400, not 503, for a payment holder that is not an MSP ID of the channel; a refusal at endorsement carries no txId', async () => {
    const route = `/bonds/${NO_SUCH_BOND}/payment-events/C-001/payments`;
    const nul = await bank.post<ErrorBody>(route, { holder: 'CSD\u0000MSP', accountId: 'PROPRIETARY' });
    expect([nul.status, nul.body.error.code]).toEqual([400, 'INVALID_ARGUMENT']);
    const ghost = await bank.post<ErrorBody>(route, { holder: 'GhostMSP', accountId: 'PROPRIETARY' });
    expect([ghost.status, ghost.body.error.code, ghost.body.error.message]).toEqual([
      400,
      'INVALID_ARGUMENT',
      'not an organisation of the channel: GhostMSP',
    ]);
    // A real member as holder reaches the chaincode, which refuses the unknown bond at endorsement: nothing was ordered, so no txId.
    const refused = await bank.post<ErrorBody>(route, { holder: mspOf('securities'), accountId: 'PROPRIETARY' });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    expect(refused.body.error.txId).toBeUndefined();
  });

  it("answers what Node's HTTP parser refuses with the JSON error body", async () => {
    const url = new URL(bank.baseUrl);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname);
      const chunks: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      socket.on('end', () => {
        resolve(Buffer.concat(chunks).toString('utf8'));
      });
      socket.on('error', reject);
      socket.write(`GET /me HTTP/1.1\r\nHost: ${url.host}\r\nX-Probe: a\u0000b\r\n\r\n`);
    });
    const [head = '', body = ''] = answer.split('\r\n\r\n');
    expect(head.split(' ')[1]).toBe('400');
    expect((JSON.parse(body) as ErrorBody).error.code).toBe('BAD_REQUEST');
  });
});

describe('event stream positions', () => {
  it('400 for a Last-Event-ID or startBlock beyond uint64, instead of a stream that keeps reconnecting', async () => {
    const hash = 'a'.repeat(64);
    const open = (route: string, headers: Record<string, string> = {}) =>
      fetch(`${bank.baseUrl}${route}`, {
        headers: { Authorization: `Bearer ${bank.apiKey}`, ...headers },
        signal: AbortSignal.timeout(10_000),
      });
    for (const response of [
      await open('/events', { 'Last-Event-ID': `18446744073709551616:${hash}` }),
      await open('/events?startBlock=99999999999999999999'),
      await open('/events?startBlock=007'),
    ]) {
      expect(response.status).toBe(400);
      expect(((await response.json()) as ErrorBody).error.code).toBe('INVALID_ARGUMENT');
    }
  });
});

describe('a retry with the same Idempotency-Key while the first request runs', () => {
  it('answers the first outcome (or 202 with its Location when async), with one transaction', async () => {
    const key = `concurrent-${Date.now()}`;
    const body = termsAround(utcDate(), mspOf('bank'), { shortName: 'EXSEC CONCURRENT', interestRate: '2.5' });
    const headers = { 'Idempotency-Key': key };
    const [first, retry, asyncRetry] = await Promise.all([
      securities.post<Committed<BondApplication>>('/bond-applications', body, headers),
      securities.post<Committed<BondApplication>>('/bond-applications', body, headers),
      securities.post<{ transactionId: string; status: string }>('/bond-applications', body, { ...headers, Prefer: 'respond-async' }),
    ]);
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.body).toEqual(first.body);
    expect([first.headers.get('idempotent-replayed'), retry.headers.get('idempotent-replayed')]).toContain('true');
    // The async retry answers 202 with the same transaction while it runs, or its outcome if it already finished.
    expect([201, 202]).toContain(asyncRetry.status);
    expect(asyncRetry.body.transactionId).toBe(first.body.transactionId);
    if (asyncRetry.status === 202) expect(asyncRetry.headers.get('location')).toBe(`/transactions/${first.body.transactionId}`);
    // One application only, filed by that transaction.
    const application = await securities.read<BondApplication>(`/bond-applications/${first.body.result.applicationId}`);
    expect(application.filed.txId).toBe(first.body.transactionId);
  });
});
