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

  it.each([undefined, '', 'Basic abc', `Bearer ${alice.key}x`, `Bearer bk_000000000000_${'a'.repeat(32)}`, alice.key])('refuses %p', (header) => {
    expect(keys.authenticate(header)).toBeUndefined();
  });
});
