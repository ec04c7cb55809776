import { type Progress, type Send, submitAndTrack } from './progress';

const TX = 'a'.repeat(64);
const json = (status: number, body: unknown) => ({
  response: new Response(JSON.stringify(body), { status }),
  ...(status < 400 ? { data: body } : { error: body }),
});

function recorder() {
  const seen: Progress[] = [];
  return { seen, onProgress: (p: Progress) => seen.push(p) };
}

const noSleep = () => Promise.resolve();

describe('submitAndTrack', () => {
  it('goes Submitted, Ordered, Committed, polling the transaction and replaying the key for the result', async () => {
    const sent: Record<string, string>[] = [];
    const send: Send = (headers) => {
      sent.push(headers);
      return Promise.resolve(
        headers.Prefer === 'respond-async'
          ? json(202, { transactionId: TX, status: 'PENDING' })
          : json(201, { transactionId: TX, blockNumber: '9', result: { isin: 'CNX' } }),
      );
    };
    const statuses = [
      { transactionId: TX, status: 'PENDING' },
      { transactionId: TX, status: 'COMMITTED', valid: true, validationCode: 'VALID' },
    ];
    const { seen, onProgress } = recorder();
    const final = await submitAndTrack(send, 'k1', onProgress, {
      status: () => Promise.resolve(json(200, statuses.shift())),
      sleep: noSleep,
    });
    expect(seen.map((p) => p.stage)).toEqual(['submitted', 'ordered', 'committed']);
    expect(final).toEqual({ stage: 'committed', txId: TX, result: { isin: 'CNX' } });
    expect(sent).toEqual([{ 'Idempotency-Key': 'k1', Prefer: 'respond-async' }, { 'Idempotency-Key': 'k1' }]);
  });

  it('reports the API’s error, and an invalidated transaction with its validation code', async () => {
    const refused: Send = () => Promise.resolve(json(403, { error: { code: 'READ_ONLY_MEMBER', message: 'the regulator cannot write' } }));
    const { onProgress } = recorder();
    expect(await submitAndTrack(refused, 'k', onProgress, { status: jest.fn(), sleep: noSleep })).toEqual({
      stage: 'failed',
      error: { code: 'READ_ONLY_MEMBER', message: 'the regulator cannot write' },
      outcomeUnknown: false,
    });
    const ordered: Send = () => Promise.resolve(json(202, { transactionId: TX, status: 'PENDING' }));
    const invalid = {
      status: () => Promise.resolve(json(200, { status: 'COMMITTED', valid: false, validationCode: 'MVCC_READ_CONFLICT' })),
      sleep: noSleep,
    };
    const final = await submitAndTrack(ordered, 'k', onProgress, invalid);
    expect(final).toMatchObject({ stage: 'failed', txId: TX, error: { code: 'TRANSACTION_INVALID' }, outcomeUnknown: false });
  });

  it('takes a conflict at commit, replayed for the key, as a known outcome', async () => {
    const conflict = { code: 'CONFLICT', message: 'retry', txId: TX, details: { validationCode: 'MVCC_READ_CONFLICT' } };
    const send: Send = () => Promise.resolve(json(409, { error: conflict }));
    const { onProgress } = recorder();
    expect(await submitAndTrack(send, 'k', onProgress, { status: jest.fn(), sleep: noSleep })).toEqual({
      stage: 'failed',
      error: conflict,
      txId: TX,
      outcomeUnknown: false,
    });
  });

  it('polls on while the status query says nothing of the transaction (404, 429, 503, no answer)', async () => {
    const send: Send = (headers) =>
      Promise.resolve(
        headers.Prefer === 'respond-async'
          ? json(202, { transactionId: TX, status: 'PENDING' })
          : json(200, { transactionId: TX, blockNumber: '4', result: {} }),
      );
    const answers = [
      () => Promise.resolve(json(404, { error: { code: 'NOT_FOUND', message: 'not on the ledger' } })),
      () => Promise.resolve(json(429, { error: { code: 'RATE_LIMITED', message: 'slow down' } })),
      () => Promise.resolve(json(503, { error: { code: 'FABRIC_UNAVAILABLE', message: 'down' } })),
      () => Promise.reject(new TypeError('fetch failed')),
      () => Promise.resolve(json(200, { status: 'COMMITTED', valid: true })),
    ];
    const { onProgress } = recorder();
    const final = await submitAndTrack(send, 'k', onProgress, { status: () => answers.shift()!(), sleep: noSleep });
    expect(final).toEqual({ stage: 'committed', txId: TX, result: {} });
  });

  it('gives up polling after a while with the transaction to check later, its outcome unknown', async () => {
    const send: Send = () => Promise.resolve(json(202, { transactionId: TX, status: 'PENDING' }));
    const notYet = () => Promise.resolve(json(404, { error: { code: 'NOT_FOUND', message: 'not on the ledger' } }));
    const { onProgress } = recorder();
    const final = await submitAndTrack(send, 'k', onProgress, { status: notYet, sleep: noSleep });
    expect(final).toMatchObject({ stage: 'failed', txId: TX, outcomeUnknown: true, error: { code: 'FABRIC_TIMEOUT' } });
    expect(final.stage === 'failed' && final.error.message).toMatch(/check the transaction later by its id/);
  });

  it('stops polling on a refused status query, the transaction named and its outcome unknown', async () => {
    const send: Send = () => Promise.resolve(json(202, { transactionId: TX, status: 'PENDING' }));
    const refused = () => Promise.resolve(json(403, { error: { code: 'ACCESS_DENIED', message: 'no' } }));
    const { onProgress } = recorder();
    expect(await submitAndTrack(send, 'k', onProgress, { status: refused, sleep: noSleep })).toEqual({
      stage: 'failed',
      error: { code: 'ACCESS_DENIED', message: 'no' },
      txId: TX,
      outcomeUnknown: true,
    });
  });

  it('follows the transaction of a key whose first attempt is still pending', async () => {
    let calls = 0;
    const send: Send = () =>
      Promise.resolve(
        calls++ === 0
          ? json(409, { error: { code: 'IDEMPOTENCY_KEY_PENDING', message: 'pending', txId: TX } })
          : json(200, { transactionId: TX, blockNumber: '3', result: {} }),
      );
    const { seen, onProgress } = recorder();
    await submitAndTrack(send, 'k', onProgress, {
      status: () => Promise.resolve(json(200, { status: 'COMMITTED', valid: true })),
      sleep: noSleep,
    });
    expect(seen.map((p) => p.stage)).toEqual(['submitted', 'ordered', 'committed']);
  });

  it('takes a plain 201 of a route that is no transaction as done', async () => {
    const send: Send = () => Promise.resolve(json(201, { user: 'trader1', role: 'operator' }));
    const { onProgress } = recorder();
    expect(await submitAndTrack(send, 'k', onProgress, { status: jest.fn(), sleep: noSleep })).toEqual({
      stage: 'committed',
      result: { user: 'trader1', role: 'operator' },
    });
  });

  it('turns a network failure into NETWORK', async () => {
    const send: Send = () => Promise.reject(new TypeError('fetch failed'));
    const { onProgress } = recorder();
    expect(await submitAndTrack(send, 'k', onProgress, { status: jest.fn(), sleep: noSleep })).toMatchObject({
      stage: 'failed',
      error: { code: 'NETWORK' },
      outcomeUnknown: true,
    });
  });

  it('names the transaction when the answer after its commit is lost', async () => {
    const send: Send = (headers) =>
      headers.Prefer === 'respond-async'
        ? Promise.resolve(json(202, { transactionId: TX, status: 'PENDING' }))
        : Promise.reject(new TypeError('fetch failed'));
    const { onProgress } = recorder();
    const committed = () => Promise.resolve(json(200, { status: 'COMMITTED', valid: true }));
    expect(await submitAndTrack(send, 'k', onProgress, { status: committed, sleep: noSleep })).toMatchObject({
      stage: 'failed',
      txId: TX,
      error: { code: 'NETWORK' },
      outcomeUnknown: true,
    });
  });
});
