import fc from 'fast-check';
import { CashErrorCode } from '../api/errors';
import { type CashLock, HashAlgorithm, MAX_LOCK_DURATION_SECONDS } from '../api/htlc';
import { account, codeOf, secret, STAMP, stampAt, T0 } from '../../test/support/domain';
import { claimCash, type LockInstruction, lockCash, parseLockRequest, parsePreimage, refundCash, requireHash, sha256Hex } from './htlc';

const HOUR = 3600_000;
const S = secret(0xab);

function instruction(overrides: Partial<LockInstruction> = {}): LockInstruction {
  return {
    from: { owner: 'BankMSP', accountId: 'SETTLEMENT', currency: 'EUR' },
    beneficiary: { owner: 'SecuritiesMSP', accountId: 'SETTLEMENT', currency: 'EUR' },
    amount: 600n,
    hashAlgorithm: HashAlgorithm.SHA256,
    hash: S.hash,
    expiry: T0 + HOUR,
    ...overrides,
  };
}

/** A LOCKED lock of 600 from BankMSP to SecuritiesMSP expiring at `expiry`. */
function locked(expiry = T0 + HOUR, hash = S.hash): CashLock {
  return lockCash(account('BankMSP', '1000'), account('SecuritiesMSP'), instruction({ expiry, hash }), 'L1', 'BankMSP', T0, STAMP).lock;
}

describe('SHA-256 hash lock', () => {
  it('hashes with SHA-256 (FIPS 180-2 test vector) to lowercase hex', () => {
    expect(sha256Hex(Buffer.from('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex(Buffer.alloc(32))).toBe('66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925');
  });

  it('takes hashes and preimages as lowercase hex of 32 bytes only', () => {
    expect(requireHash(S.hash)).toBe(S.hash);
    expect(parsePreimage(S.preimage).equals(S.bytes)).toBe(true);
    for (const bad of [S.hash.toUpperCase(), S.hash.slice(1), `${S.hash}0`, S.bytes.toString('base64'), `0x${S.hash.slice(2)}`, '', 42]) {
      expect(codeOf(() => requireHash(bad))).toBe(CashErrorCode.INVALID_ARGUMENT);
      expect(codeOf(() => parsePreimage(bad))).toBe(CashErrorCode.INVALID_ARGUMENT);
    }
  });

  it('lets the right preimage claim and refuses every other one: HASH_MISMATCH (property)', () => {
    const lock = locked();
    const now = T0 + 1;
    expect(claimCash(lock, account('SecuritiesMSP'), 'SecuritiesMSP', S.bytes, now, STAMP).lock.preimage).toBe(S.preimage);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => {
        fc.pre(!Buffer.from(bytes).equals(S.bytes));
        expect(codeOf(() => claimCash(lock, account('SecuritiesMSP'), 'SecuritiesMSP', Buffer.from(bytes), now, STAMP))).toBe(
          CashErrorCode.HASH_MISMATCH,
        );
      }),
    );
  });
});

describe('lockCash', () => {
  it("debits the locker's own account into a LOCKED lock with a normalised expiry", () => {
    const result = lockCash(account('BankMSP', '1000'), account('SecuritiesMSP'), instruction(), 'L1', 'BankMSP', T0, STAMP);
    expect(result.account.balance).toBe('400');
    expect(result.lock).toEqual({
      lockId: 'L1',
      status: 'LOCKED',
      locker: { owner: 'BankMSP', accountId: 'SETTLEMENT' },
      beneficiary: { owner: 'SecuritiesMSP', accountId: 'SETTLEMENT' },
      currency: 'EUR',
      amount: '600',
      hashAlgorithm: 'SHA256',
      hash: S.hash,
      expiry: new Date(T0 + HOUR).toISOString(),
      locked: STAMP,
    });
    expect(result.movement).toMatchObject({ kind: 'LOCK', changes: [{ delta: '-600' }], lock: result.lock });
  });

  it('refuses another organisation as locker, too little money, and expiries not after now or beyond 30 days', () => {
    const lock = (i: LockInstruction, caller = 'BankMSP', balance = '1000') =>
      codeOf(() => lockCash(account('BankMSP', balance), account('SecuritiesMSP'), i, 'L1', caller, T0, STAMP));
    expect(lock(instruction(), 'SecuritiesMSP')).toBe(CashErrorCode.NOT_A_PARTY);
    expect(lock(instruction(), 'BankMSP', '599')).toBe(CashErrorCode.INSUFFICIENT_FUNDS);
    expect(lock(instruction({ expiry: T0 }))).toBe(CashErrorCode.INVALID_ARGUMENT);
    expect(lock(instruction({ expiry: T0 + MAX_LOCK_DURATION_SECONDS * 1000 + 1 }))).toBe(CashErrorCode.INVALID_ARGUMENT);
    expect(lock(instruction({ expiry: T0 + 1 }))).toBeUndefined();
    expect(lock(instruction({ expiry: T0 + MAX_LOCK_DURATION_SECONDS * 1000 }))).toBeUndefined();
  });

  it('parses a lock request strictly', () => {
    const request = {
      lockId: 'DVP-1',
      from: { owner: 'BankMSP', accountId: 'SETTLEMENT' },
      currency: 'EUR',
      amount: '600',
      hashAlgorithm: 'SHA256',
      hash: S.hash,
      beneficiary: { owner: 'SecuritiesMSP', accountId: 'SETTLEMENT' },
      expiry: '2026-01-05T10:00:00Z',
    };
    expect(parseLockRequest(request)).toEqual({ ...instruction(), lockId: 'DVP-1' });
    expect(parseLockRequest({ ...request, lockId: undefined }).lockId).toBeUndefined();
    for (const bad of [
      { hashAlgorithm: 'SHA512' },
      { amount: '0' },
      { currency: 'EURO' },
      { expiry: '2026-01-05T10:00:00+01:00' },
      { extra: 1 },
    ]) {
      expect(codeOf(() => parseLockRequest({ ...request, ...bad }))).toBe(CashErrorCode.INVALID_ARGUMENT);
    }
  });
});

describe('claim and refund around the expiry', () => {
  const expiry = T0 + HOUR;
  const claim = (lock: CashLock, now: number, caller = 'SecuritiesMSP', preimage = S.bytes) =>
    claimCash(lock, account('SecuritiesMSP'), caller, preimage, now, stampAt(now, caller));
  const refund = (lock: CashLock, now: number, caller = 'BankMSP') =>
    refundCash(lock, account('BankMSP', '400'), caller, 'PaymentMSP', now, stampAt(now, caller));

  it('claims up to 1 ms before the expiry; refuses at exactly the expiry and after: LOCK_EXPIRED', () => {
    expect(claim(locked(), expiry - 1).account.balance).toBe('600');
    expect(codeOf(() => claim(locked(), expiry))).toBe(CashErrorCode.LOCK_EXPIRED);
    expect(codeOf(() => claim(locked(), expiry + 1))).toBe(CashErrorCode.LOCK_EXPIRED);
  });

  it('refunds from exactly the expiry on; refuses 1 ms before: LOCK_NOT_EXPIRED', () => {
    expect(codeOf(() => refund(locked(), expiry - 1))).toBe(CashErrorCode.LOCK_NOT_EXPIRED);
    expect(refund(locked(), expiry).account.balance).toBe('1000');
    expect(refund(locked(), expiry + 1).lock.status).toBe('REFUNDED');
  });

  it('at any transaction time, exactly one of claim and refund is open to its party (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: T0 + 1, max: T0 + 24 * HOUR }), fc.integer({ min: T0 - HOUR, max: T0 + 48 * HOUR }), (exp, now) => {
        const lock = locked(exp);
        const claimCode = codeOf(() => claim(lock, now));
        const refundCode = codeOf(() => refund(lock, now));
        expect([claimCode === undefined, refundCode === undefined]).toEqual(now < exp ? [true, false] : [false, true]);
        expect(claimCode ?? refundCode).toBe(now < exp ? CashErrorCode.LOCK_NOT_EXPIRED : CashErrorCode.LOCK_EXPIRED);
      }),
    );
  });

  it('lets only the beneficiary claim, and only the locker or the payment operator refund: NOT_A_PARTY', () => {
    for (const caller of ['BankMSP', 'PaymentMSP', 'CSDMSP'])
      expect(codeOf(() => claim(locked(), T0 + 1, caller))).toBe(CashErrorCode.NOT_A_PARTY);
    for (const caller of ['SecuritiesMSP', 'CSDMSP'])
      expect(codeOf(() => refund(locked(), expiry, caller))).toBe(CashErrorCode.NOT_A_PARTY);
  });

  it("lets the payment operator refund for the locker, from the expiry on, crediting only the locker's account", () => {
    expect(codeOf(() => refund(locked(), expiry - 1, 'PaymentMSP'))).toBe(CashErrorCode.LOCK_NOT_EXPIRED);
    const result = refund(locked(), expiry, 'PaymentMSP');
    expect(result.account).toMatchObject({ owner: 'BankMSP', accountId: 'SETTLEMENT', balance: '1000' });
    expect(result.lock).toMatchObject({ status: 'REFUNDED', refunded: { mspId: 'PaymentMSP' } });
    expect(result.movement.changes.map((c) => c.account.owner)).toEqual(['BankMSP']);
    // Never to the operator's own account, even if the contract handed it one.
    expect(() => refundCash(locked(), account('PaymentMSP'), 'PaymentMSP', 'PaymentMSP', expiry, STAMP)).toThrow(/pays out on refund/);
  });

  it('never changes a claimed or refunded lock again', () => {
    const claimed = claim(locked(), T0 + 1).lock;
    expect(claimed).toMatchObject({ status: 'CLAIMED', preimage: S.preimage });
    expect(codeOf(() => claim(claimed, T0 + 2))).toBe(CashErrorCode.LOCK_ALREADY_CLAIMED);
    expect(codeOf(() => refund(claimed, expiry))).toBe(CashErrorCode.LOCK_ALREADY_CLAIMED);
    const refunded = refund(locked(), expiry).lock;
    expect(codeOf(() => refund(refunded, expiry + 1))).toBe(CashErrorCode.LOCK_ALREADY_REFUNDED);
    expect(codeOf(() => claim(refunded, T0 + 1))).toBe(CashErrorCode.LOCK_ALREADY_REFUNDED);
  });

  it('pays out only to the account the lock names (a wiring error, not a refusal)', () => {
    const lock = locked();
    expect(() => claimCash(lock, account('SecuritiesMSP', '0', 'OTHER'), 'SecuritiesMSP', S.bytes, T0 + 1, STAMP)).toThrow(
      /pays out on claim/,
    );
    expect(() => refundCash(lock, account('SecuritiesMSP'), 'BankMSP', 'PaymentMSP', expiry, STAMP)).toThrow(/pays out on refund/);
  });
});
