import { appendFileSync, chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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
    expect(new IdempotencyStore(stateDir).check('u:k', print)).toEqual({
      kind: 'done',
      outcome: { status: 201, body: { transactionId: 'tx1' } },
    });
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

  const file = (stateDir: string) => path.join(stateDir, 'idempotency.jsonl');
  const lines = (stateDir: string) =>
    readFileSync(file(stateDir), 'utf8')
      .split('\n')
      .filter((l) => l !== '').length;

  it('keeps its file private (mode 600), also one written before by an older gateway', () => {
    const stateDir = dir();
    new IdempotencyStore(stateDir).pending('u:k', print, 'tx1');
    expect(statSync(file(stateDir)).mode & 0o777).toBe(0o600);
    const older = dir();
    writeFileSync(file(older), '', { mode: 0o644 });
    chmodSync(file(older), 0o644);
    new IdempotencyStore(older);
    expect(statSync(file(older)).mode & 0o777).toBe(0o600);
  });

  it('forgets keys after the retention, and rewrites the file with only the live records at start-up', () => {
    const stateDir = dir();
    let now = 1_000_000;
    const store = new IdempotencyStore(stateDir, { retentionMs: 60_000, now: () => now });
    store.done('u:old', print, { status: 200, body: {} }, 'tx1');
    now += 30_000;
    store.done('u:new', print, { status: 200, body: {} }, 'tx2');
    store.pending('u:p', print, 'tx3');
    store.forget('u:p', print);
    expect(lines(stateDir)).toBe(4);
    now += 31_000;
    expect(store.check('u:old', print)).toEqual({ kind: 'new' });
    expect(store.check('u:new', print).kind).toBe('done');
    const reopened = new IdempotencyStore(stateDir, { retentionMs: 60_000, now: () => now });
    expect([reopened.size, lines(stateDir)]).toEqual([1, 1]);
  });

  it('stays bounded: at most maxRecords keys, and the file compacted as it grows', () => {
    const stateDir = dir();
    const store = new IdempotencyStore(stateDir, { maxRecords: 10 });
    for (let i = 0; i < 3000; i++) store.done(`u:k${i}`, print, { status: 200, body: {} }, `tx${i}`);
    expect(store.size).toBe(10);
    expect(store.check('u:k2999', print).kind).toBe('done');
    expect(store.check('u:k0', print).kind).toBe('new');
    expect(lines(stateDir)).toBeLessThanOrEqual(1010);
  });

  it('starts despite a last line cut short by a crash', () => {
    const stateDir = dir();
    new IdempotencyStore(stateDir).done('u:k', print, { status: 201, body: {} }, 'tx1');
    appendFileSync(file(stateDir), '{"key":"u:k2","fingerp');
    expect(new IdempotencyStore(stateDir).check('u:k', print).kind).toBe('done');
  });
});
