import { mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type RegisteredUser, UserDirectory } from './directory';
import { registeredTrader } from './test-fixtures';

const configured = { admin: { role: 'admin' as const, certPath: '/c', keyPath: '/k' } };

const trader = (directory: UserDirectory): RegisteredUser => registeredTrader(directory);

describe('the user directory', () => {
  it('keeps registered users across restarts, their keys private, and never lists a key', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'users-'));
    const directory = new UserDirectory(configured, dir);
    directory.add(trader(directory), 'CERT', 'KEY');
    expect(statSync(directory.filesFor('trader1').keyPath).mode & 0o777).toBe(0o600);

    const reopened = new UserDirectory(configured, dir);
    expect(reopened.identity('trader1')?.role).toBe('operator');
    expect(reopened.activeKeys()).toHaveLength(1);
    expect(reopened.list().map((u) => [u.user, u.source, u.status])).toEqual([
      ['admin', 'CONFIGURED', 'ACTIVE'],
      ['trader1', 'REGISTERED', 'ACTIVE'],
    ]);
    expect(JSON.stringify(reopened.list())).not.toMatch(/sha256|keyPath|KEY/);
  });

  it('leaves a revoked user listed but with no identity to sign as and no API key', () => {
    const directory = new UserDirectory(configured, mkdtempSync(path.join(os.tmpdir(), 'users-')));
    const record = trader(directory);
    directory.add(record, 'CERT', 'KEY');
    directory.update({
      ...record,
      status: 'REVOKED',
      revokedAt: '2026-11-25T11:00:00.000Z',
      revocationReason: 'left',
      revocationPublished: false,
    });
    expect(directory.identity('trader1')).toBeUndefined();
    expect(directory.activeKeys()).toEqual([]);
    expect(directory.exists('trader1')).toBe(true);
    expect(directory.list().find((u) => u.user === 'trader1')).toMatchObject({ status: 'REVOKED', revocationPublished: false });
  });

  it('knows no user by the name of an object property (constructor, __proto__, toString)', () => {
    const directory = new UserDirectory(configured, mkdtempSync(path.join(os.tmpdir(), 'users-')));
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      expect([name, directory.exists(name), directory.identity(name), directory.role(name)]).toEqual([name, false, undefined, undefined]);
    }
    expect(directory.exists('admin')).toBe(true);
  });
});
