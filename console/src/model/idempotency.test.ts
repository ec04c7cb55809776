import { keyFor, requestPrint } from './idempotency';

describe('one Idempotency-Key per user action', () => {
  let n = 0;
  const newKey = () => `key-${++n}`;

  it('reuses the key for the same request and makes a new one for a changed request', () => {
    const print = requestPrint('post', '/transfers', { units: '100', isin: 'X' });
    const first = keyFor(undefined, print, newKey);
    expect(keyFor(first, requestPrint('POST', '/transfers', { isin: 'X', units: '100' }), newKey).key).toBe(first.key);
    expect(keyFor(first, requestPrint('POST', '/transfers', { isin: 'X', units: '101' }), newKey).key).not.toBe(first.key);
  });
});
