/**
 * Idempotency keys: a retried request with the same key never makes a second
 * transaction, also across a gateway restart. Records are appended to a
 * file in the gateway's state directory (mode 600): `pending` with the
 * transaction id once the proposal is endorsed and before it is sent for
 * ordering (with the signed transaction, so that a retry whose first outcome
 * is unknown can send the same transaction again: it commits at most once),
 * then `done` (with the response) once it has an outcome. A
 * request refused before ordering writes nothing. A request replayed while
 * its first attempt is pending gets the first outcome (see submission.ts); one
 * replayed with a different body is refused.
 *
 * Records expire after the retention (24 hours by default; a key may be
 * used again after that), and the store keeps at most `maxRecords` (the
 * oldest go first). The file is rewritten with only the live records at
 * start-up and whenever it has grown to twice their number, so it stays
 * bounded.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface StoredOutcome {
  status: number;
  body: unknown;
}

interface IdempotencyRecord {
  key: string;
  fingerprint: string;
  state: 'pending' | 'done' | 'forgotten';
  transactionId?: string;
  /** A pending record's signed transaction envelope (base64). */
  envelope?: string;
  outcome?: StoredOutcome;
  /** When the record was written (ms since the epoch); it expires a retention later. */
  at?: number;
}

export type Replay =
  | { kind: 'new' }
  | { kind: 'done'; outcome: StoredOutcome }
  | { kind: 'pending'; transactionId?: string; envelope?: Uint8Array }
  | { kind: 'mismatch' };

export interface IdempotencyOptions {
  /** How long a key is remembered (default 24 hours). */
  retentionMs?: number;
  /** The most keys remembered at once (default 100,000); beyond it the oldest are forgotten. */
  maxRecords?: number;
  /** The clock, for tests. */
  now?: () => number;
}

export const IDEMPOTENCY_RETENTION_MS = 24 * 3600_000;
export const IDEMPOTENCY_MAX_RECORDS = 100_000;
/** The file is compacted once it holds this many lines more than live records (and at least twice as many). */
const COMPACTION_SLACK = 1_000;

export function fingerprint(method: string, route: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${route} ${JSON.stringify(body ?? null)}`)
    .digest('hex');
}

function parseLine(line: string): IdempotencyRecord | undefined {
  try {
    const record = JSON.parse(line) as IdempotencyRecord;
    return typeof record.key === 'string' && typeof record.fingerprint === 'string' ? record : undefined;
  } catch {
    // A line cut short by a crash while appending: the request it recorded was never answered.
    return undefined;
  }
}

export class IdempotencyStore {
  readonly #records = new Map<string, IdempotencyRecord>();
  readonly #file: string;
  readonly #retentionMs: number;
  readonly #maxRecords: number;
  readonly #now: () => number;
  #lines = 0;

  constructor(stateDir: string, options: IdempotencyOptions = {}) {
    this.#retentionMs = options.retentionMs ?? IDEMPOTENCY_RETENTION_MS;
    this.#maxRecords = options.maxRecords ?? IDEMPOTENCY_MAX_RECORDS;
    this.#now = options.now ?? Date.now;
    mkdirSync(stateDir, { recursive: true });
    this.#file = path.join(stateDir, 'idempotency.jsonl');
    if (existsSync(this.#file)) {
      chmodSync(this.#file, 0o600);
      const loadedAt = this.#now();
      for (const line of readFileSync(this.#file, 'utf8').split('\n')) {
        const record = line.trim() === '' ? undefined : parseLine(line);
        if (!record) continue;
        if (record.state === 'forgotten') this.#records.delete(record.key);
        else this.#remember({ ...record, at: record.at ?? loadedAt });
      }
    }
    this.compact();
  }

  /** How many keys are remembered. */
  get size(): number {
    return this.#records.size;
  }

  check(key: string, print: string): Replay {
    const record = this.#live(key);
    if (!record) return { kind: 'new' };
    if (record.fingerprint !== print) return { kind: 'mismatch' };
    if (record.state === 'done' && record.outcome) return { kind: 'done', outcome: record.outcome };
    return {
      kind: 'pending',
      transactionId: record.transactionId,
      envelope: record.envelope ? Buffer.from(record.envelope, 'base64') : undefined,
    };
  }

  pending(key: string, print: string, transactionId?: string, envelope?: Uint8Array): void {
    this.#write({
      key,
      fingerprint: print,
      state: 'pending',
      transactionId,
      envelope: envelope ? Buffer.from(envelope).toString('base64') : undefined,
      at: this.#now(),
    });
  }

  done(key: string, print: string, outcome: StoredOutcome, transactionId?: string): void {
    this.#write({ key, fingerprint: print, state: 'done', outcome, transactionId, at: this.#now() });
  }

  /** Forgets a key whose request failed before anything reached the ledger, so it can be retried. */
  forget(key: string, print: string): void {
    if (this.#records.get(key)?.fingerprint !== print) return;
    this.#records.delete(key);
    this.#append({ key, fingerprint: print, state: 'forgotten' });
  }

  /** Drops expired records and rewrites the file with the live ones only (to a temporary file, then renamed). */
  compact(): void {
    const cutoff = this.#now() - this.#retentionMs;
    for (const [key, record] of this.#records) if ((record.at ?? 0) <= cutoff) this.#records.delete(key);
    const temporary = `${this.#file}.tmp`;
    const text = [...this.#records.values()].map((record) => `${JSON.stringify(record)}\n`).join('');
    writeFileSync(temporary, text, { mode: 0o600 });
    renameSync(temporary, this.#file);
    this.#lines = this.#records.size;
  }

  #live(key: string): IdempotencyRecord | undefined {
    const record = this.#records.get(key);
    if (record && (record.at ?? 0) <= this.#now() - this.#retentionMs) {
      this.#records.delete(key);
      return undefined;
    }
    return record;
  }

  /** Keeps the record as the newest, forgetting the oldest beyond the bound. */
  #remember(record: IdempotencyRecord): void {
    this.#records.delete(record.key);
    this.#records.set(record.key, record);
    for (const oldest of this.#records.keys()) {
      if (this.#records.size <= this.#maxRecords) break;
      this.#records.delete(oldest);
    }
  }

  #write(record: IdempotencyRecord): void {
    this.#remember(record);
    this.#append(record);
  }

  #append(record: IdempotencyRecord): void {
    appendFileSync(this.#file, `${JSON.stringify(record)}\n`, { mode: 0o600 });
    this.#lines++;
    if (this.#lines > Math.max(2 * this.#records.size, this.#records.size + COMPACTION_SLACK)) this.compact();
  }
}
