import { ApiKeys, hashKey, issueKey } from './auth';

describe('API keys', () => {
  const alice = issueKey('operator1');
  const keys = new ApiKeys([alice.record, issueKey('admin').record]);

  it('stores only a hash and maps a key to its one user', () => {
    expect(alice.record.sha256).toBe(hashKey(alice.key));
    const secret = alice.key.slice('bk_'.length + 12 + 1); // base64url: may itself contain '_'
    expect(secret.length).toBeGreaterThan(30);
    expect(JSON.stringify(alice.record)).not.toContain(secret);
    expect(keys.authenticate(`Bearer ${alice.key}`)).toBe('operator1');
  });

  it.each([undefined, '', 'Basic abc', `Bearer ${alice.key}x`, `Bearer bk_000000000000_${'a'.repeat(32)}`, alice.key, 'Bearer bk_short'])(
    'refuses %p',
    (header) => {
      expect(keys.authenticate(header)).toBeUndefined();
    },
  );

  it('accepts a key the caller made, known only by its hash, until the user is withdrawn', () => {
    const own = `bk_${'Z9-_'.repeat(10)}`;
    const later = new ApiKeys([]);
    later.add({ id: 'trader', user: 'trader', sha256: hashKey(own) });
    expect(later.has(hashKey(own))).toBe(true);
    expect(later.authenticate(`Bearer ${own}`)).toBe('trader');
    later.removeUser('trader');
    expect(later.authenticate(`Bearer ${own}`)).toBeUndefined();
  });
});
