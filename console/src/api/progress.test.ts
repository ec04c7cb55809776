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
    });
    const ordered: Send = () => Promise.resolve(json(202, { transactionId: TX, status: 'PENDING' }));
    const invalid = {
      status: () => Promise.resolve(json(200, { status: 'COMMITTED', valid: false, validationCode: 'MVCC_READ_CONFLICT' })),
      sleep: noSleep,
    };
    const final = await submitAndTrack(ordered, 'k', onProgress, invalid);
    expect(final).toMatchObject({ stage: 'failed', txId: TX, error: { code: 'TRANSACTION_INVALID' } });
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
    });
  });
});
