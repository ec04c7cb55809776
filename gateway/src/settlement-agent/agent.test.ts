import type { HashLock, Page } from '@bond-platform/chaincode/api';
import pino from 'pino';
import {
  type AgentLedgers,
  type BondLedgerPort,
  type CashLedgerPort,
  type CashLockView,
  CLOCK_MARGIN_MS,
  type EventWatcher,
  reconcile,
  refundDue,
  revealedPreimage,
  SettlementAgent,
  sha256Hex,
} from './agent';

const PREIMAGE = 'a1'.repeat(32);
const HASH = sha256Hex(PREIMAGE);
const T0 = Date.parse('2026-06-01T10:00:00.000Z');
const GRACE_MS = 10_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** A refusal as the ledger ports report it: an error with the chaincode's code. */
const refusal = (code: string, message = code) => Object.assign(new Error(message), { code });

function page<T>(records: T[], pageSize: number, bookmark: string): Page<T> {
  const start = bookmark === '' ? 0 : Number(bookmark);
  const slice = records.slice(start, start + pageSize);
  const next = start + pageSize < records.length ? String(start + pageSize) : '';
  return { records: slice, bookmark: next, fetchedRecordsCount: slice.length };
}

/**
 * Both ledgers in memory with the chaincodes' rules that matter here: a
 * claim needs the right preimage before the expiry, a refund the expiry,
 * and a lock changes once (a second change is INVALID_STATE_TRANSITION on
 * the bond ledger, LOCK_ALREADY_* on the cash ledger).
 */
class FakeLedgers {
  now = T0;
  readonly bond = new Map<string, HashLock>();
  readonly cash = new Map<string, CashLockView>();
  readonly submitted: string[] = [];
  #tx = 0;
  /** Makes the next calls of a function fail (a peer down, a timeout). */
  readonly faults = new Map<string, Error>();

  bondLock(lockId: string, expiresAt: number, hash = HASH): HashLock {
    const lock = {
      lockId,
      isin: 'XS0000000017',
      locker: 'BankMSP',
      accountId: 'PROPRIETARY',
      units: '100',
      hash,
      hashAlgorithm: 'SHA256',
      beneficiary: 'SecuritiesMSP',
      beneficiaryAccountId: 'PROPRIETARY',
      expiresAt: iso(expiresAt),
      status: 'LOCKED',
    } as HashLock;
    this.bond.set(lockId, lock);
    return lock;
  }

  cashLock(lockId: string, expiry: number, hash = HASH): CashLockView {
    const lock: CashLockView = { lockId, status: 'LOCKED', hash, expiry: iso(expiry) };
    this.cash.set(lockId, lock);
    return lock;
  }

  /** The seller claims the cash on the cash ledger, revealing the preimage. */
  claimCash(lockId: string, preimage = PREIMAGE): void {
    const lock = this.cash.get(lockId);
    if (!lock) throw new Error(`no cash lock ${lockId}`);
    Object.assign(lock, { status: 'CLAIMED', preimage });
  }

  #fault(fn: string): void {
    const fault = this.faults.get(fn);
    if (fault) throw fault;
  }

  #submit(what: string): string {
    this.submitted.push(what);
    return `tx-${++this.#tx}`;
  }

  readonly bondPort: BondLedgerPort = {
    listOpenHashLocks: (pageSize, bookmark) => {
      this.#fault('ListOpenHashLocks');
      const open = [...this.bond.values()].filter((l) => l.status === 'LOCKED').sort((a, b) => a.expiresAt.localeCompare(b.expiresAt));
      return Promise.resolve(page(open, pageSize, bookmark));
    },
    claimUnits: (lock, preimage) => {
      this.#fault('ClaimUnits');
      const stored = this.bond.get(lock.lockId);
      if (!stored) throw refusal('NOT_FOUND');
      if (stored.status !== 'LOCKED') throw refusal('INVALID_STATE_TRANSITION');
      if (sha256Hex(preimage) !== stored.hash) throw refusal('HASH_MISMATCH');
      if (this.now >= Date.parse(stored.expiresAt)) throw refusal('OUTSIDE_WINDOW');
      Object.assign(stored, { status: 'CLAIMED', preimage });
      return Promise.resolve(this.#submit(`ClaimUnits ${lock.lockId}`));
    },
    refundUnits: (lock) => {
      this.#fault('RefundUnits');
      const stored = this.bond.get(lock.lockId);
      if (!stored) throw refusal('NOT_FOUND');
      if (stored.status !== 'LOCKED') throw refusal('INVALID_STATE_TRANSITION');
      if (this.now < Date.parse(stored.expiresAt)) throw refusal('OUTSIDE_WINDOW');
      stored.status = 'REFUNDED';
      return Promise.resolve(this.#submit(`RefundUnits ${lock.lockId}`));
    },
  };

  readonly cashPort: CashLedgerPort = {
    listLocksByHash: (hash) => {
      this.#fault('ListLocksByHash');
      return Promise.resolve([...this.cash.values()].filter((l) => l.hash === hash).map((l) => ({ ...l })));
    },
    listOpenLocks: (pageSize, bookmark) => {
      this.#fault('ListOpenLocks');
      const open = [...this.cash.values()].filter((l) => l.status === 'LOCKED').sort((a, b) => a.expiry.localeCompare(b.expiry));
      return Promise.resolve(page(open, pageSize, bookmark));
    },
    refundCash: (lock) => {
      this.#fault('RefundCash');
      const stored = this.cash.get(lock.lockId);
      if (!stored) throw refusal('NOT_FOUND');
      if (stored.status === 'CLAIMED') throw refusal('LOCK_ALREADY_CLAIMED');
      if (stored.status === 'REFUNDED') throw refusal('LOCK_ALREADY_REFUNDED');
      if (this.now < Date.parse(stored.expiry)) throw refusal('LOCK_NOT_EXPIRED');
      stored.status = 'REFUNDED';
      return Promise.resolve(this.#submit(`RefundCash ${lock.lockId}`));
    },
  };

  csd(): AgentLedgers {
    return { mode: 'csd', bond: this.bondPort, cash: this.cashPort };
  }

  operator(): AgentLedgers {
    return { mode: 'operator', cash: this.cashPort };
  }
}

/** A pino logger writing JSON lines into `lines`. */
function capturingLogger(): { logger: pino.Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(line) });
  return { logger, lines };
}

function options(world: FakeLedgers, logger = pino({ level: 'silent' })) {
  return { now: () => world.now, refundGraceMs: GRACE_MS, logger };
}

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the rules a pass decides by', () => {
  it('takes a preimage only from a CLAIMED cash lock, and only if it hashes to the hash', () => {
    const claimed = { lockId: 'c', status: 'CLAIMED', hash: HASH, expiry: iso(T0), preimage: PREIMAGE };
    expect(revealedPreimage(HASH, [claimed])).toBe(PREIMAGE);
    expect(revealedPreimage(HASH, [{ ...claimed, status: 'LOCKED' }])).toBeUndefined();
    expect(revealedPreimage(HASH, [{ ...claimed, preimage: 'b2'.repeat(32) }])).toBeUndefined();
    expect(revealedPreimage(HASH, [{ ...claimed, preimage: PREIMAGE.toUpperCase() }])).toBeUndefined();
    expect(revealedPreimage(HASH, [{ ...claimed, preimage: undefined }])).toBeUndefined();
    expect(revealedPreimage(HASH, [])).toBeUndefined();
  });

  it('hashes the preimage bytes, not its hex text', () => {
    // SHA-256 of 32 zero bytes.
    expect(sha256Hex('00'.repeat(32))).toBe('66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925');
  });

  it('refunds only once the expiry, the grace and the clock margin have passed', () => {
    const expiry = iso(T0);
    expect(refundDue(expiry, T0 + GRACE_MS + CLOCK_MARGIN_MS - 1, GRACE_MS)).toBe(false);
    expect(refundDue(expiry, T0 + GRACE_MS + CLOCK_MARGIN_MS, GRACE_MS)).toBe(true);
    expect(refundDue(expiry, T0 + CLOCK_MARGIN_MS, 0)).toBe(true);
  });
});

describe('a CSD pass', () => {
  it('claims the bond lock with the preimage the cash claim revealed, and logs the lock and hash, never the preimage', async () => {
    const world = new FakeLedgers();
    world.bondLock('bond-1', T0 + 3600_000);
    world.cashLock('cash-1', T0 + 1800_000);
    const { logger, lines } = capturingLogger();

    expect((await reconcile(world.csd(), options(world, logger))).actions).toEqual([]);
    world.claimCash('cash-1');
    const report = await reconcile(world.csd(), options(world, logger));

    expect(report.actions).toEqual([{ action: 'ClaimUnits', lockId: 'bond-1', hash: HASH, outcome: 'DONE', transactionId: 'tx-1' }]);
    expect(world.bond.get('bond-1')?.status).toBe('CLAIMED');
    const logged = lines.join('');
    expect(logged).toContain('"lockId":"bond-1"');
    expect(logged).toContain(HASH);
    expect(logged).not.toContain(PREIMAGE);
  });

  it('leaves a bond lock whose cash lock is unclaimed, refunded, or under another hash', async () => {
    const world = new FakeLedgers();
    world.bondLock('bond-1', T0 + 3600_000);
    world.cashLock('cash-1', T0 + 1800_000);
    world.cashLock('cash-other', T0 + 1800_000, sha256Hex('c3'.repeat(32)));
    world.claimCash('cash-other', 'c3'.repeat(32));
    world.cash.get('cash-1')!.status = 'REFUNDED';
    expect((await reconcile(world.csd(), options(world))).actions).toEqual([]);
    expect(world.submitted).toEqual([]);
  });

  it('refunds an expired bond lock only after the grace, and never claims it then', async () => {
    const world = new FakeLedgers();
    world.bondLock('bond-1', T0);
    world.cashLock('cash-1', T0 - 60_000);
    world.claimCash('cash-1');
    world.now = T0 + 1000; // expired, within the grace: the locker's own refund goes first; a claim is too late
    expect((await reconcile(world.csd(), options(world))).actions).toEqual([]);
    world.now = T0 + GRACE_MS + CLOCK_MARGIN_MS;
    const report = await reconcile(world.csd(), options(world));
    expect(report.actions).toEqual([{ action: 'RefundUnits', lockId: 'bond-1', hash: HASH, outcome: 'DONE', transactionId: 'tx-1' }]);
    expect(world.bond.get('bond-1')?.status).toBe('REFUNDED');
  });

  it('counts a lock completed by someone else between the listing and its claim as already done, and logs it at info', async () => {
    const world = new FakeLedgers();
    world.bondLock('bond-1', T0 + 3600_000);
    world.cashLock('cash-1', T0 + 1800_000);
    world.claimCash('cash-1');
    // The beneficiary claims through its own gateway after the agent listed the lock.
    const list = world.bondPort.listOpenHashLocks;
    world.bondPort.listOpenHashLocks = async (size, bookmark) => {
      const open = await list(size, bookmark);
      for (const lock of open.records) world.bond.get(lock.lockId)!.status = 'CLAIMED';
      return open;
    };
    const { logger, lines } = capturingLogger();
    const report = await reconcile(world.csd(), options(world, logger));
    expect(report.actions).toEqual([
      { action: 'ClaimUnits', lockId: 'bond-1', hash: HASH, outcome: 'ALREADY_DONE', code: 'INVALID_STATE_TRANSITION' },
    ]);
    expect(lines.map((l) => (JSON.parse(l) as { level: number }).level)).toEqual([30]);
    expect(world.submitted).toEqual([]);
  });

  it('is idempotent: a second pass over a completed claim does nothing', async () => {
    const world = new FakeLedgers();
    world.bondLock('bond-1', T0 + 3600_000);
    world.cashLock('cash-1', T0 + 1800_000);
    world.claimCash('cash-1');
    await reconcile(world.csd(), options(world));
    expect((await reconcile(world.csd(), options(world))).actions).toEqual([]);
    expect(world.submitted).toEqual(['ClaimUnits bond-1']);
  });

  it("isolates one lock's failure: the others are done, the failed one is retried next pass", async () => {
    const world = new FakeLedgers();
    const other = sha256Hex('d4'.repeat(32));
    world.bondLock('bond-1', T0 + 3600_000);
    world.bondLock('bond-2', T0 + 7200_000, other);
    world.cashLock('cash-1', T0 + 1800_000);
    world.cashLock('cash-2', T0 + 1800_000, other);
    world.claimCash('cash-1');
    world.claimCash('cash-2', 'd4'.repeat(32));
    const claim = world.bondPort.claimUnits;
    world.bondPort.claimUnits = (lock, preimage) =>
      lock.lockId === 'bond-1' ? Promise.reject(refusal('FABRIC_UNAVAILABLE', 'the peer is unavailable')) : claim(lock, preimage);

    const first = await reconcile(world.csd(), options(world));
    expect(first.actions.map((a) => [a.lockId, a.outcome, a.code])).toEqual([
      ['bond-1', 'FAILED', 'FABRIC_UNAVAILABLE'],
      ['bond-2', 'DONE', undefined],
    ]);
    world.bondPort.claimUnits = claim;
    const second = await reconcile(world.csd(), options(world));
    expect(second.actions.map((a) => [a.lockId, a.outcome])).toEqual([['bond-1', 'DONE']]);
  });

  it('records a cash ledger that cannot be read as a failed claim of that lock and goes on', async () => {
    const world = new FakeLedgers();
    world.bondLock('bond-1', T0 + 3600_000);
    world.bondLock('bond-2', T0 - 60_000);
    world.now = T0;
    world.faults.set('ListLocksByHash', new Error('cash peer down'));
    const report = await reconcile(world.csd(), options(world));
    expect(report.actions.map((a) => [a.action, a.lockId, a.outcome])).toEqual([
      ['RefundUnits', 'bond-2', 'DONE'],
      ['ClaimUnits', 'bond-1', 'FAILED'],
    ]);
    expect(report.actions[1]?.error).toContain('cash peer down');
  });

  it('reports a listing it cannot read without throwing', async () => {
    const world = new FakeLedgers();
    world.faults.set('ListOpenHashLocks', new Error('bond peer down'));
    const report = await reconcile(world.csd(), options(world));
    expect(report).toMatchObject({ actions: [], error: 'bond peer down' });
  });

  it('reads every page of the open locks', async () => {
    const world = new FakeLedgers();
    for (let i = 0; i < 250; i++) world.bondLock(`bond-${String(i).padStart(3, '0')}`, T0 - 60_000 - i);
    const report = await reconcile(world.csd(), options(world));
    expect(report.actions).toHaveLength(250);
    expect(report.actions.every((a) => a.action === 'RefundUnits' && a.outcome === 'DONE')).toBe(true);
  });
});

describe("the operator's pass", () => {
  it('refunds expired cash locks past the grace, leaves the others, and counts one already refunded as done', async () => {
    const world = new FakeLedgers();
    world.cashLock('cash-due', T0 - GRACE_MS - CLOCK_MARGIN_MS);
    world.cashLock('cash-in-grace', T0 - 1000);
    world.cashLock('cash-open', T0 + 60_000);
    world.cashLock('cash-raced', T0 - 60_000);
    const refund = world.cashPort.refundCash;
    world.cashPort.refundCash = (lock) => {
      // The locker refunds this one itself between the listing and the agent's refund.
      if (lock.lockId === 'cash-raced') world.cash.get('cash-raced')!.status = 'REFUNDED';
      return refund(lock);
    };
    const report = await reconcile(world.operator(), options(world));
    expect(report.actions.map((a) => [a.action, a.lockId, a.outcome, a.code])).toEqual([
      ['RefundCash', 'cash-raced', 'ALREADY_DONE', 'LOCK_ALREADY_REFUNDED'],
      ['RefundCash', 'cash-due', 'DONE', undefined],
    ]);
    expect(world.cash.get('cash-in-grace')?.status).toBe('LOCKED');
    expect(world.cash.get('cash-open')?.status).toBe('LOCKED');
  });

  it('never touches a claimed cash lock (not open) nor the bond ledger', async () => {
    const world = new FakeLedgers();
    world.cashLock('cash-1', T0 - 600_000);
    world.claimCash('cash-1');
    world.bondLock('bond-1', T0 - 600_000);
    expect((await reconcile(world.operator(), options(world))).actions).toEqual([]);
    expect(world.bond.get('bond-1')?.status).toBe('LOCKED');
  });
});

describe('the agent', () => {
  /** An event source the test fires by hand. */
  function manualEvents(): { watcher: EventWatcher; fire: () => void; subscribed: () => number } {
    const listeners = new Set<() => void>();
    return {
      watcher: (onEvent) => {
        listeners.add(onEvent);
        return () => listeners.delete(onEvent);
      },
      fire: () => {
        for (const listener of listeners) listener();
      },
      subscribed: () => listeners.size,
    };
  }

  it('catches up after it was killed: the cash claim made while it was down is completed by the next instance', async () => {
    const world = new FakeLedgers();
    world.bondLock('bond-1', T0 + 3600_000);
    world.cashLock('cash-1', T0 + 1800_000);
    const events = manualEvents();
    const first = new SettlementAgent(world.csd(), { ...options(world), intervalMs: 60_000, watchers: [events.watcher] });
    first.start();
    await first.runPass();
    await first.stop();
    expect(events.subscribed()).toBe(0);

    // While no agent runs, the seller claims the cash: the event goes unheard.
    world.claimCash('cash-1');
    events.fire();
    expect(world.bond.get('bond-1')?.status).toBe('LOCKED');

    const second = new SettlementAgent(world.csd(), { ...options(world), intervalMs: 60_000 });
    second.start(); // its first pass runs at once
    await second.runPass();
    await second.stop();
    expect(world.bond.get('bond-1')?.status).toBe('CLAIMED');
    expect(world.submitted).toEqual(['ClaimUnits bond-1']);
  });

  it('never overlaps passes: requests during a pass make one more pass after it', async () => {
    const world = new FakeLedgers();
    const gate = deferred();
    let inPass = 0;
    let maxInPass = 0;
    let listed = 0;
    const list = world.bondPort.listOpenHashLocks;
    world.bondPort.listOpenHashLocks = async (size, bookmark) => {
      inPass++;
      maxInPass = Math.max(maxInPass, inPass);
      listed++;
      if (listed === 1) await gate.promise;
      inPass--;
      return list(size, bookmark);
    };
    const agent = new SettlementAgent(world.csd(), { ...options(world), intervalMs: 60_000 });
    agent.start();
    const during = [agent.runPass(), agent.runPass(), agent.runPass()];
    gate.resolve();
    await Promise.all(during);
    await agent.stop();
    expect(maxInPass).toBe(1);
    expect(listed).toBe(2);
    expect(agent.passes).toBe(2);
  });

  it('runs a pass shortly after events (a burst makes one), and every interval without them', async () => {
    const world = new FakeLedgers();
    const events = manualEvents();
    const agent = new SettlementAgent(world.csd(), { ...options(world), intervalMs: 300, debounceMs: 20, watchers: [events.watcher] });
    agent.start();
    await agent.runPass();
    const before = agent.passes;
    for (let i = 0; i < 5; i++) events.fire();
    await sleep(60);
    expect(agent.passes).toBe(before + 1);
    await sleep(450);
    expect(agent.passes).toBeGreaterThanOrEqual(before + 2);
    await agent.stop();
    const stopped = agent.passes;
    events.fire();
    await sleep(200);
    expect(agent.passes).toBe(stopped);
  });

  it('claims promptly when the cash claim event comes', async () => {
    const world = new FakeLedgers();
    world.bondLock('bond-1', T0 + 3600_000);
    world.cashLock('cash-1', T0 + 1800_000);
    const events = manualEvents();
    const agent = new SettlementAgent(world.csd(), { ...options(world), intervalMs: 60_000, debounceMs: 10, watchers: [events.watcher] });
    agent.start();
    await agent.runPass();
    world.claimCash('cash-1');
    events.fire();
    await sleep(50);
    await agent.stop();
    expect(world.bond.get('bond-1')?.status).toBe('CLAIMED');
  });

  it('in operator mode refunds expired cash locks as its passes come', async () => {
    const world = new FakeLedgers();
    world.cashLock('cash-1', T0 + 1000);
    const agent = new SettlementAgent(world.operator(), { ...options(world), intervalMs: 60_000 });
    agent.start();
    await agent.runPass();
    expect(world.cash.get('cash-1')?.status).toBe('LOCKED');
    world.now = T0 + 1000 + GRACE_MS + CLOCK_MARGIN_MS;
    await agent.runPass();
    await agent.stop();
    expect(world.cash.get('cash-1')?.status).toBe('REFUNDED');
  });
});
