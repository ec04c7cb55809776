/**
 * Idempotency keys: a retried request with the same key never makes a second
 * transaction, also across a gateway restart. Records are appended to a
 * file in the gateway's state directory: `pending` (with the transaction id)
 * before the transaction is sent, then `done` (with the response) once it
 * has an outcome. A request replayed while its first attempt is pending gets
 * the transaction id to poll; one replayed with a different body is refused.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
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
  outcome?: StoredOutcome;
}

export type Replay =
  | { kind: 'new' }
  | { kind: 'done'; outcome: StoredOutcome }
  | { kind: 'pending'; transactionId?: string }
  | { kind: 'mismatch' };

export function fingerprint(method: string, route: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${route} ${JSON.stringify(body ?? null)}`).digest('hex');
}

export class IdempotencyStore {
  readonly #records = new Map<string, IdempotencyRecord>();
  readonly #file: string;

  constructor(stateDir: string) {
    mkdirSync(stateDir, { recursive: true });
    this.#file = path.join(stateDir, 'idempotency.jsonl');
    if (existsSync(this.#file)) {
      for (const line of readFileSync(this.#file, 'utf8').split('\n')) {
        if (line.trim() === '') continue;
        const record = JSON.parse(line) as IdempotencyRecord;
        if (record.state === 'forgotten') this.#records.delete(record.key);
        else this.#records.set(record.key, record);
      }
    }
  }

  check(key: string, print: string): Replay {
    const record = this.#records.get(key);
    if (!record) return { kind: 'new' };
    if (record.fingerprint !== print) return { kind: 'mismatch' };
    if (record.state === 'done' && record.outcome) return { kind: 'done', outcome: record.outcome };
    return { kind: 'pending', transactionId: record.transactionId };
  }

  pending(key: string, print: string, transactionId?: string): void {
    this.#write({ key, fingerprint: print, state: 'pending', transactionId });
  }

  done(key: string, print: string, outcome: StoredOutcome, transactionId?: string): void {
    this.#write({ key, fingerprint: print, state: 'done', outcome, transactionId });
  }

  /** Forgets a key whose request failed before anything reached the ledger, so it can be retried. */
  forget(key: string, print: string): void {
    if (this.#records.get(key)?.fingerprint !== print) return;
    this.#records.delete(key);
    appendFileSync(this.#file, `${JSON.stringify({ key, fingerprint: print, state: 'forgotten' })}\n`);
  }

  #write(record: IdempotencyRecord): void {
    this.#records.set(record.key, record);
    appendFileSync(this.#file, `${JSON.stringify(record)}\n`);
  }
}
