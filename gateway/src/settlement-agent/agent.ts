/**
 * The settlement agent of a cross-ledger delivery versus payment (issue 17):
 * the reconcile logic, over an interface of the two ledgers and nothing of
 * Fabric (fabric.ts connects it).
 *
 * Run by the CSD, it completes the bond side: a bond hash lock whose hash
 * has a CLAIMED lock on the cash ledger is claimed with the preimage that
 * cash claim revealed, before the bond lock expires; an expired bond lock is
 * refunded to its locker once the grace has passed. Run by the payment
 * operator, it refunds expired cash locks to their lockers.
 *
 * Every pass reads the whole state again and acts on what it finds
 * (level-triggered), so a pass missed while the agent was down is caught up
 * by the next one, and a pass repeated does no harm: the ledgers refuse a
 * second claim or refund, which counts as already done.
 */
import { createHash } from 'node:crypto';
import type { HashLock, Page } from '@bond-platform/chaincode/api';
import type { Logger } from 'pino';

/** The fields of a cash ledger lock (cash-chaincode's `CashLock`) the agent reads. */
export interface CashLockView {
  lockId: string;
  status: string;
  hash: string;
  /** ISO instant: a claim needs a transaction time before it, a refund one at or after it. */
  expiry: string;
  /** The revealed secret, once CLAIMED. */
  preimage?: string;
}

/** The bond ledger as the CSD's agent uses it (HashLocks contract). Submits resolve with the committed transaction's id. */
export interface BondLedgerPort {
  /** `HashLocks:ListOpenHashLocks`: the LOCKED locks, soonest expiry first. */
  listOpenHashLocks: (pageSize: number, bookmark: string) => Promise<Page<HashLock>>;
  /** `HashLocks:ClaimUnits(lockId, preimage)`, endorsed by the CSD and the beneficiary. */
  claimUnits: (lock: HashLock, preimage: string) => Promise<string>;
  /** `HashLocks:RefundUnits(lockId)`, endorsed by the CSD and the locker. */
  refundUnits: (lock: HashLock) => Promise<string>;
}

/** The cash ledger (Htlc contract). */
export interface CashLedgerPort {
  /** `Htlc:ListLocksByHash(hash)`: the locks of every status under `hash`. */
  listLocksByHash: (hash: string) => Promise<CashLockView[]>;
  /** `Htlc:ListOpenLocks`: the LOCKED locks, soonest expiry first. */
  listOpenLocks: (pageSize: number, bookmark: string) => Promise<Page<CashLockView>>;
  /** `Htlc:RefundCash(lockId)`, by the operator for the locker. */
  refundCash: (lock: CashLockView) => Promise<string>;
}

/** What the agent runs on: the CSD's view of both ledgers, or the operator's of the cash ledger. */
export type AgentLedgers = { mode: 'csd'; bond: BondLedgerPort; cash: CashLedgerPort } | { mode: 'operator'; cash: CashLedgerPort };

/**
 * Refusals meaning someone else got there first (the party itself, or this
 * agent's previous pass): the lock is no longer open. Nothing to retry.
 */
export const ALREADY_DONE: ReadonlySet<string> = new Set([
  'INVALID_STATE_TRANSITION',
  'NOT_FOUND',
  'LOCK_ALREADY_CLAIMED',
  'LOCK_ALREADY_REFUNDED',
]);

/**
 * How far past an expiry the agent waits before a refund, on top of the
 * grace: the endorsing peers check the transaction time against their own
 * clocks, which may lag the agent's a little.
 */
export const CLOCK_MARGIN_MS = 2_000;

/** Locks read per page. */
export const PAGE_SIZE = 100;

export interface AgentAction {
  action: 'ClaimUnits' | 'RefundUnits' | 'RefundCash';
  lockId: string;
  /** The lock's hash (never the preimage). */
  hash: string;
  /** FAILED is retried by the next pass. */
  outcome: 'DONE' | 'ALREADY_DONE' | 'FAILED';
  transactionId?: string;
  /** The refusal's code, when the ledger gave one. */
  code?: string;
  error?: string;
}

export interface PassReport {
  startedAt: string;
  actions: AgentAction[];
  /** Set when the pass could not read the open locks: it did nothing. */
  error?: string;
}

/** SHA-256 of the preimage's 32 bytes (given as 64 lowercase hex characters), in the same form. */
export function sha256Hex(preimageHex: string): string {
  return createHash('sha256').update(Buffer.from(preimageHex, 'hex')).digest('hex');
}

/** A refund is due once `expiry` plus the grace and the clock margin have passed. */
export function refundDue(expiry: string, nowMs: number, graceMs: number): boolean {
  return nowMs >= Date.parse(expiry) + graceMs + CLOCK_MARGIN_MS;
}

/** A claim is possible only while the transaction time is before the expiry. */
export function claimWindowOpen(expiry: string, nowMs: number): boolean {
  return nowMs < Date.parse(expiry);
}

/**
 * The preimage a CLAIMED cash lock under `hash` revealed, checked against
 * the hash (a cash lock's word is not taken for it), or undefined.
 */
export function revealedPreimage(hash: string, cashLocks: readonly CashLockView[]): string | undefined {
  for (const lock of cashLocks) {
    const preimage = lock.preimage;
    if (lock.status !== 'CLAIMED' || preimage === undefined || !/^[0-9a-f]{64}$/.test(preimage)) continue;
    if (sha256Hex(preimage) === hash) return preimage;
  }
  return undefined;
}

/** Every record of a paged list, page by page until the bookmark is empty (or repeats: a guard against a loop). */
export async function allPages<T>(list: (pageSize: number, bookmark: string) => Promise<Page<T>>): Promise<T[]> {
  const records: T[] = [];
  const seen = new Set<string>();
  let bookmark = '';
  do {
    seen.add(bookmark);
    const page = await list(PAGE_SIZE, bookmark);
    records.push(...page.records);
    bookmark = page.bookmark;
  } while (bookmark !== '' && !seen.has(bookmark));
  return records;
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

export interface ReconcileOptions {
  /** The agent's clock (ms since the epoch). */
  now: () => number;
  refundGraceMs: number;
  logger: Logger;
}

const MESSAGES: Record<AgentAction['action'], string> = {
  ClaimUnits: 'claimed the bond lock with the preimage its cash lock revealed',
  RefundUnits: 'refunded the expired bond lock to its locker',
  RefundCash: 'refunded the expired cash lock to its locker',
};

/** Runs one action and records (and logs) its outcome; never throws, so one lock's failure leaves the others be. */
async function act(
  report: PassReport,
  what: Pick<AgentAction, 'action' | 'lockId' | 'hash'>,
  submit: () => Promise<string>,
  logger: Logger,
): Promise<void> {
  try {
    const transactionId = await submit();
    report.actions.push({ ...what, outcome: 'DONE', transactionId });
    logger.info({ ...what, transactionId }, MESSAGES[what.action]);
  } catch (error) {
    const code = codeOf(error);
    const message = error instanceof Error ? error.message : String(error);
    if (code !== undefined && ALREADY_DONE.has(code)) {
      report.actions.push({ ...what, outcome: 'ALREADY_DONE', code });
      logger.info({ ...what, code }, `${what.action}: already done`);
      return;
    }
    report.actions.push({ ...what, outcome: 'FAILED', ...(code === undefined ? {} : { code }), error: message });
    logger.warn({ ...what, code, err: message }, `${what.action} failed; retried next pass`);
  }
}

/** The CSD's pass: every open bond lock is refunded (expired past the grace), claimed (its cash lock claimed), or left. */
async function reconcileBond(bond: BondLedgerPort, cash: CashLedgerPort, options: ReconcileOptions, report: PassReport): Promise<void> {
  for (const lock of await allPages((size, bookmark) => bond.listOpenHashLocks(size, bookmark))) {
    const what = { lockId: lock.lockId, hash: lock.hash };
    const now = options.now();
    if (refundDue(lock.expiresAt, now, options.refundGraceMs)) {
      await act(report, { action: 'RefundUnits', ...what }, () => bond.refundUnits(lock), options.logger);
    } else if (claimWindowOpen(lock.expiresAt, now)) {
      let preimage: string | undefined;
      try {
        preimage = revealedPreimage(lock.hash, await cash.listLocksByHash(lock.hash));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        report.actions.push({ action: 'ClaimUnits', ...what, outcome: 'FAILED', error: `reading the cash ledger: ${message}` });
        options.logger.warn({ ...what, err: message }, 'could not read the cash locks under the hash; retried next pass');
        continue;
      }
      if (preimage !== undefined) {
        const secret = preimage;
        await act(report, { action: 'ClaimUnits', ...what }, () => bond.claimUnits(lock, secret), options.logger);
      }
    }
    // Expired but within the grace: the locker's own refund goes first.
  }
}

/** The operator's pass: every open cash lock past its expiry and the grace is refunded to its locker. */
async function reconcileCash(cash: CashLedgerPort, options: ReconcileOptions, report: PassReport): Promise<void> {
  for (const lock of await allPages((size, bookmark) => cash.listOpenLocks(size, bookmark))) {
    if (!refundDue(lock.expiry, options.now(), options.refundGraceMs)) continue;
    await act(report, { action: 'RefundCash', lockId: lock.lockId, hash: lock.hash }, () => cash.refundCash(lock), options.logger);
  }
}

/** One reconcile pass over the open locks; never throws (a failure to list is the report's `error`). */
export async function reconcile(ledgers: AgentLedgers, options: ReconcileOptions): Promise<PassReport> {
  const report: PassReport = { startedAt: new Date(options.now()).toISOString(), actions: [] };
  try {
    if (ledgers.mode === 'csd') await reconcileBond(ledgers.bond, ledgers.cash, options, report);
    else await reconcileCash(ledgers.cash, options, report);
  } catch (error) {
    report.error = error instanceof Error ? error.message : String(error);
    options.logger.warn({ err: report.error }, 'settlement pass could not list the open locks; retried next pass');
  }
  return report;
}

/** Subscribes to a ledger's events: calls `onEvent` for each (and on each reconnection); returns the unsubscribe. */
export type EventWatcher = (onEvent: () => void) => () => void;

export interface AgentOptions {
  /** Between passes when no event comes. */
  intervalMs: number;
  refundGraceMs: number;
  /** Events closer together than this start one pass (default 200 ms). */
  debounceMs?: number;
  now?: () => number;
  logger: Logger;
  /** The event streams that start a pass promptly. */
  watchers?: readonly EventWatcher[];
}

/**
 * Runs reconcile passes every `intervalMs` and shortly after any event;
 * passes never overlap: a request during a pass runs one more pass after
 * it (requests during a pass are merged into that one).
 */
export class SettlementAgent {
  readonly #ledgers: AgentLedgers;
  readonly #options: Required<Omit<AgentOptions, 'watchers'>> & { watchers: readonly EventWatcher[] };
  #running?: Promise<PassReport>;
  #again = false;
  #stopped = true;
  #intervalTimer?: NodeJS.Timeout;
  #debounceTimer?: NodeJS.Timeout;
  #unsubscribe: (() => void)[] = [];
  #passes = 0;

  constructor(ledgers: AgentLedgers, options: AgentOptions) {
    this.#ledgers = ledgers;
    this.#options = { debounceMs: 200, now: Date.now, watchers: [], ...options };
  }

  /** Passes completed since the start. */
  get passes(): number {
    return this.#passes;
  }

  /** Subscribes to the events and runs the first pass now (catching up on whatever happened while it was down). */
  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#unsubscribe = this.#options.watchers.map((watch) =>
      watch(() => {
        this.trigger();
      }),
    );
    void this.runPass();
  }

  /** Asks for a pass soon; events arriving together start one. */
  trigger(): void {
    if (this.#stopped || this.#debounceTimer !== undefined) return;
    this.#debounceTimer = setTimeout(() => {
      this.#debounceTimer = undefined;
      void this.runPass();
    }, this.#options.debounceMs);
  }

  /** A pass now, or, while one runs, one more after it; resolves with the report of the last pass run. */
  runPass(): Promise<PassReport> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    clearTimeout(this.#intervalTimer);
    // A function, not a field read: requests made while a pass awaits set it.
    const again = (): boolean => this.#again && !this.#stopped;
    this.#running = (async () => {
      let report: PassReport;
      do {
        this.#again = false;
        report = await reconcile(this.#ledgers, this.#options);
        this.#passes++;
      } while (again());
      return report;
    })().finally(() => {
      this.#running = undefined;
      if (!this.#stopped) this.#intervalTimer = setTimeout(() => void this.runPass(), this.#options.intervalMs);
    });
    return this.#running;
  }

  /** Stops the timers and the event streams; resolves once a pass in progress has finished. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#intervalTimer);
    clearTimeout(this.#debounceTimer);
    this.#debounceTimer = undefined;
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.#unsubscribe = [];
    await this.#running?.catch(() => undefined);
  }
}
