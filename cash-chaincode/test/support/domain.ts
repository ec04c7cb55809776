/** Helpers shared by the domain rules' unit tests (test/ is not part of the build). */
import { createHash } from 'node:crypto';
import type { Account, ChangeStamp } from '../../src/api/cash';

export const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);

export function stampAt(millis: number, mspId = 'PaymentMSP', txId = 'tx1'): ChangeStamp {
  return { mspId, identity: `x509::/CN=user@${mspId}::/CN=ca`, timestamp: new Date(millis).toISOString(), txId };
}

export const STAMP = stampAt(T0);

export function account(owner: string, balance = '0', accountId = 'SETTLEMENT', currency = 'EUR'): Account {
  return { owner, accountId, currency, balance, minorUnits: 2, opened: STAMP, lastChange: STAMP };
}

/** The stable code of what `fn` throws, or undefined if it returns. */
export function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code ?? 'no code';
  }
}

/** A 32-byte secret as a Buffer and as hex, and its SHA-256 as hex. */
export function secret(byte: number): { bytes: Buffer; preimage: string; hash: string } {
  const bytes = Buffer.alloc(32, byte);
  return { bytes, preimage: bytes.toString('hex'), hash: createHash('sha256').update(bytes).digest('hex') };
}
