import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fingerprint, IdempotencyStore } from './idempotency';

describe('idempotency store', () => {
  const dir = () => mkdtempSync(path.join(os.tmpdir(), 'idem-'));
  const print = fingerprint('POST', '/bond-applications', { shortName: 'A' });

  it('replays a finished outcome, also from a new instance reading the same file', () => {
    const stateDir = dir();
    const store = new IdempotencyStore(stateDir);
    expect(store.check('u:k', print)).toEqual({ kind: 'new' });
    store.pending('u:k', print, 'tx1');
    expect(store.check('u:k', print)).toEqual({ kind: 'pending', transactionId: 'tx1' });
    store.done('u:k', print, { status: 201, body: { transactionId: 'tx1' } }, 'tx1');
    expect(new IdempotencyStore(stateDir).check('u:k', print)).toEqual({ kind: 'done', outcome: { status: 201, body: { transactionId: 'tx1' } } });
  });

  it('refuses the same key for a different request', () => {
    const store = new IdempotencyStore(dir());
    store.pending('u:k', print);
    expect(store.check('u:k', fingerprint('POST', '/bond-applications', { shortName: 'B' }))).toEqual({ kind: 'mismatch' });
  });

  it('forgets a key whose request never reached the ledger, durably', () => {
    const stateDir = dir();
    const store = new IdempotencyStore(stateDir);
    store.pending('u:k', print);
    store.forget('u:k', print);
    expect(new IdempotencyStore(stateDir).check('u:k', print)).toEqual({ kind: 'new' });
  });
});
