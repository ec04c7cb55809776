/** A registered user as the directory stores it, for the gateway's unit tests. */
import type { RegisteredUser, UserDirectory } from './directory';

/** `trader1`, an operator registered through the gateway, with its files in `directory`. */
export function registeredTrader(directory: UserDirectory, overrides: Partial<RegisteredUser> = {}): RegisteredUser {
  return {
    user: 'trader1',
    role: 'operator',
    enrollmentId: 'trader1',
    certificateSerial: '0a1b',
    ...directory.filesFor('trader1'),
    apiKey: { id: 'trader1', user: 'trader1', sha256: 'f'.repeat(64) },
    status: 'ACTIVE',
    registeredAt: '2026-11-25T10:00:00.000Z',
    ...overrides,
  };
}
