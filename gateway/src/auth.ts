/**
 * API keys: every request carries `Authorization: Bearer <key>`, and each
 * key maps to exactly one configured user (one Fabric identity enrolled from
 * the institution's CA), so transactions are signed as that caller. Keys are
 * stored only as SHA-256 hashes; a key reads `bk_<id>_<secret>`, the id
 * finds the record and the hash is compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface ApiKeyRecord {
  id: string;
  user: string;
  sha256: string;
}

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
  readonly #byId: Map<string, ApiKeyRecord>;

  constructor(records: readonly ApiKeyRecord[]) {
    this.#byId = new Map(records.map((r) => [r.id, r]));
  }

  static load(file: string): ApiKeys {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { keys?: ApiKeyRecord[] };
    return new ApiKeys(parsed.keys ?? []);
  }

  /** The user a bearer key belongs to, or undefined. */
  authenticate(authorization: string | undefined): string | undefined {
    const match = /^Bearer (bk_([0-9a-f]{12})_[A-Za-z0-9_-]+)$/.exec(authorization ?? '');
    if (!match) return undefined;
    const [, key = '', id = ''] = match;
    const record = this.#byId.get(id);
    if (!record) return undefined;
    const expected = Buffer.from(record.sha256, 'hex');
    const actual = Buffer.from(hashKey(key), 'hex');
    return expected.length === actual.length && timingSafeEqual(expected, actual) ? record.user : undefined;
  }
}
