import { keyFor, outcomeUnknown, requestPrint } from './idempotency';

describe('one Idempotency-Key per user action', () => {
  let n = 0;
  const newKey = () => `key-${++n}`;

  it('reuses the key for the same request and makes a new one for a changed request', () => {
    const print = requestPrint('post', '/transfers', { units: '100', isin: 'X' });
    const first = keyFor(undefined, print, newKey);
    expect(keyFor(first, requestPrint('POST', '/transfers', { isin: 'X', units: '100' }), newKey).key).toBe(first.key);
    expect(keyFor(first, requestPrint('POST', '/transfers', { isin: 'X', units: '101' }), newKey).key).not.toBe(first.key);
  });

  it('keeps the key while the outcome is unknown and drops it once it is known', () => {
    const code = (c: string) => ({ code: c, message: '' });
    // Unknown: a retry with the key follows, replays or resends the same transaction.
    expect(outcomeUnknown(0, code('NETWORK'))).toBe(true);
    expect(outcomeUnknown(504, code('FABRIC_TIMEOUT'))).toBe(true);
    expect(outcomeUnknown(503, code('FABRIC_UNAVAILABLE'))).toBe(true);
    expect(outcomeUnknown(502, code('HTTP_502'))).toBe(true);
    expect(outcomeUnknown(429, code('RATE_LIMITED'))).toBe(true);
    expect(outcomeUnknown(409, code('IDEMPOTENCY_KEY_PENDING'))).toBe(true);
    // Known: the gateway would replay this outcome for the key forever.
    expect(outcomeUnknown(409, { code: 'CONFLICT', message: 'retry', details: { validationCode: 'MVCC_READ_CONFLICT' } })).toBe(false);
    expect(outcomeUnknown(409, code('CONFLICT'))).toBe(false);
    expect(outcomeUnknown(500, { code: 'TRANSACTION_INVALID', message: '', details: { validationCode: 'BAD_PAYLOAD' } })).toBe(false);
    expect(outcomeUnknown(403, code('MEMBER_SUSPENDED'))).toBe(false);
    expect(outcomeUnknown(400, code('INVALID_ARGUMENT'))).toBe(false);
    expect(outcomeUnknown(422, code('IDEMPOTENCY_KEY_REUSED'))).toBe(false);
  });
});
