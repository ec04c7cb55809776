/**
 * API keys: every request carries `Authorization: Bearer <key>`, and each
 * key maps to exactly one user (one Fabric identity enrolled from the
 * institution's CA), so transactions are signed as that caller. Keys are
 * stored only as SHA-256 hashes and found by the hash of what is presented:
 * a key is `bk_` and at least 32 random URL-safe characters, too long to
 * guess, so looking its hash up reveals nothing useful about stored keys.
 *
 * Keys for registered users are brought by the caller as a hash
 * (`apiKeySha256`): the gateway never sees or returns the key itself.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface ApiKeyRecord {
  /** Names the key in lists and logs; not secret. */
  id: string;
  user: string;
  sha256: string;
}

export const API_KEY_FORMAT = /^bk_[A-Za-z0-9_-]{32,200}$/;

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A new key for `user` and the record to store (the key itself is shown once and never stored). */
export function issueKey(user: string): { key: string; record: ApiKeyRecord } {
  const id = randomBytes(6).toString('hex');
  const key = `bk_${id}_${randomBytes(24).toString('base64url')}`;
  return { key, record: { id, user, sha256: hashKey(key) } };
}

export class ApiKeys {
  readonly #byHash: Map<string, ApiKeyRecord>;

  constructor(records: readonly ApiKeyRecord[]) {
    this.#byHash = new Map(records.map((r) => [r.sha256, r]));
  }

  static load(file: string): ApiKeys {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { keys?: ApiKeyRecord[] };
    return new ApiKeys(parsed.keys ?? []);
  }

  /** The user a bearer key belongs to, or undefined. */
  authenticate(authorization: string | undefined): string | undefined {
    const key = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
    if (key === undefined || !API_KEY_FORMAT.test(key)) return undefined;
    return this.#byHash.get(hashKey(key))?.user;
  }

  /** True if some key already has this hash. */
  has(sha256: string): boolean {
    return this.#byHash.has(sha256);
  }

  add(record: ApiKeyRecord): void {
    this.#byHash.set(record.sha256, record);
  }

  /** Withdraws every key of `user`. */
  removeUser(user: string): void {
    for (const [sha256, record] of this.#byHash) if (record.user === user) this.#byHash.delete(sha256);
  }
}
