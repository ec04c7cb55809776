import { createHash, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import type { HashLock, HashLockStatus } from '../api/hash-locks';
import { refusal } from '../../test/support/fixtures';
import {
  claimHashLock,
  createHashLock,
  escrowOf,
  HASH_LOCK_TRANSITIONS,
  hashLockTransition,
  hasExpired,
  isPartyTo,
  matchesHash,
  MAX_HASH_LOCK_MILLIS,
  mayClaim,
  mayRefund,
  refundDestination,
  refundHashLock,
  type RegisterWindow,
  requireExpiry,
  sha256OfHex,
} from './hash-lock';
import { available, holdingKeyEndorsers, lock as lockUnits, pledge as addPledge, setFrozen } from './holdings';
import { deliveryBlocker } from './servicing-order';

const ISIN = 'CNTEST000015';
const CSD = 'CSDMSP';
const NOW = '2026-06-01T09:00:00.000Z';
const EXPIRES = '2026-06-01T09:20:00.000Z';
const BEFORE = '2026-06-01T09:19:59.999Z';
const AFTER = '2026-06-01T09:20:00.001Z';
const PREIMAGE = 'a1'.repeat(32);
const HASH = createHash('sha256').update(Buffer.from(PREIMAGE, 'hex')).digest('hex');
/** The register on the lock's day: open, the final redemption's record date years away. */
const OPEN: RegisterWindow = { today: '2026-06-01', closesAfter: '2029-02-28', fixedRecordDates: [] };
const stampAt = (timestamp: string, mspId = 'X') => ({ txId: 'tx-9', timestamp, mspId, identity: 'x509::CN=operator1' });
const request: Record<string, unknown> = {
  holder: 'BankMSP',
  accountId: 'PROP',
  units: '40',
  hash: HASH,
  hashAlgorithm: 'SHA256',
  beneficiary: 'SecuritiesMSP',
  beneficiaryAccountId: 'CLIENT-1',
  expiresAt: EXPIRES,
  reference: 'TRADE-2026-0601-7',
};

function locked(overrides: Partial<HashLock> = {}): HashLock {
  return { ...createHashLock(request, ISIN, 'BankMSP', stampAt(NOW)), ...overrides };
}

const STATUSES = Object.keys(HASH_LOCK_TRANSITIONS) as HashLockStatus[];
const PARTIES = ['BankMSP', 'SecuritiesMSP', CSD, 'FundMSP'];
/** Transaction times around the expiry, with the boundary itself and a millisecond either side drawn often. */
const instant = fc.oneof(
  fc.constantFrom(BEFORE, EXPIRES, AFTER),
  fc.date({ min: new Date(NOW), max: new Date('2026-06-01T09:40:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
);
const hex32 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => Buffer.from(bytes).toString('hex'));

describe('hash lock status machine', () => {
  it('allows exactly LOCKED → CLAIMED | REFUNDED; both are final (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...STATUSES), fc.constantFrom(...STATUSES), (from, to) => {
        const allowed = from === 'LOCKED' && to !== 'LOCKED';
        expect(HASH_LOCK_TRANSITIONS[from].includes(to)).toBe(allowed);
        const answer = refusal(() => hashLockTransition({ lockId: 'l', status: from }, to));
        expect(answer).toBe(allowed ? 'accepted' : `INVALID_STATE_TRANSITION: hash lock l is ${from}; it cannot become ${to}`);
      }),
    );
  });
});

describe('a lock request', () => {
  it('becomes a LOCKED lock of the caller whose id is the transaction id', () => {
    expect(locked()).toEqual({
      lockId: 'tx-9',
      isin: ISIN,
      locker: 'BankMSP',
      accountId: 'PROP',
      units: '40',
      hash: HASH,
      hashAlgorithm: 'SHA256',
      beneficiary: 'SecuritiesMSP',
      beneficiaryAccountId: 'CLIENT-1',
      expiresAt: EXPIRES,
      reference: 'TRADE-2026-0601-7',
      status: 'LOCKED',
      created: stampAt(NOW),
    });
    expect(createHashLock({ ...request, reference: undefined }, ISIN, 'BankMSP', stampAt(NOW))).not.toHaveProperty('reference');
  });

  it.each([
    ['another holder', { holder: 'FundMSP' }, 'NOT_A_PARTY: only FundMSP locks its holding; the caller is BankMSP'],
    ['no units', { units: '0' }, 'INVALID_ARGUMENT'],
    ['fractional units', { units: '1.5' }, 'INVALID_ARGUMENT'],
    ['an upper-case hash', { hash: HASH.toUpperCase() }, 'INVALID_ARGUMENT: hash must be a SHA-256'],
    ['a short hash', { hash: HASH.slice(2) }, 'INVALID_ARGUMENT: hash must be a SHA-256'],
    ['a base64 hash', { hash: Buffer.from(HASH, 'hex').toString('base64') }, 'INVALID_ARGUMENT: hash must be a SHA-256'],
    ['another algorithm', { hashAlgorithm: 'SHA512' }, 'INVALID_ARGUMENT: hashAlgorithm must be SHA256'],
    ['no algorithm', { hashAlgorithm: undefined }, 'INVALID_ARGUMENT: hashAlgorithm must be SHA256'],
    ['its own account as beneficiary', { beneficiary: 'BankMSP', beneficiaryAccountId: 'PROP' }, 'INVALID_ARGUMENT'],
    ['no beneficiary account', { beneficiaryAccountId: undefined }, 'INVALID_ARGUMENT'],
    ['a put account', { beneficiaryAccountId: 'PUT-1' }, 'INVALID_ARGUMENT'],
    [
      'the escrow account to lock from',
      { accountId: 'HTLC-ESCROW' },
      'INVALID_ARGUMENT: accountId HTLC-ESCROW is reserved for units under hash locks',
    ],
    ['a hash lock account to deliver to', { beneficiaryAccountId: 'HTLC-X' }, 'INVALID_ARGUMENT: beneficiaryAccountId HTLC-X is reserved'],
    ['an expiry now', { expiresAt: NOW }, 'INVALID_ARGUMENT: expiresAt 2026-06-01T09:00:00.000Z must be after the transaction time'],
    ['a past expiry', { expiresAt: '2026-05-31T09:00:00Z' }, 'INVALID_ARGUMENT'],
    [
      'an expiry beyond 7 days',
      { expiresAt: '2026-06-08T09:00:00.001Z' },
      'INVALID_ARGUMENT: expiresAt 2026-06-08T09:00:00.001Z is more than 7 days ahead',
    ],
    ['no expiry', { expiresAt: undefined }, 'INVALID_ARGUMENT'],
    ['a reference with a control character', { reference: 'T\u0007' }, 'INVALID_ARGUMENT'],
  ])('is refused with %s', (_what, overrides, expected) => {
    expect(refusal(() => createHashLock({ ...request, ...overrides }, ISIN, 'BankMSP', stampAt(NOW)))).toMatch(new RegExp(`^${expected}`));
  });

  it('lets the beneficiary be the locker itself in another account, and expire exactly 7 days ahead', () => {
    const own = createHashLock({ ...request, beneficiary: 'BankMSP' }, ISIN, 'BankMSP', stampAt(NOW));
    expect([own.beneficiary, own.beneficiaryAccountId]).toEqual(['BankMSP', 'CLIENT-1']);
    expect(requireExpiry('2026-06-08T09:00:00Z', NOW)).toBe('2026-06-08T09:00:00.000Z');
  });

  it('accepts an expiry exactly when it is after the transaction time and at most 7 days ahead (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -3_600_000, max: MAX_HASH_LOCK_MILLIS + 3_600_000 }), (offset) => {
        const expiresAt = new Date(Date.parse(NOW) + offset).toISOString();
        const ok = offset > 0 && offset <= MAX_HASH_LOCK_MILLIS;
        expect(refusal(() => requireExpiry(expiresAt, NOW))).toEqual(ok ? 'accepted' : expect.stringMatching(/^INVALID_ARGUMENT: /));
      }),
    );
  });
});

describe('the hash', () => {
  it('is SHA-256 of the preimage bytes (not of its hex text), deterministic and lower case', () => {
    expect(sha256OfHex(PREIMAGE)).toBe(HASH);
    expect(sha256OfHex(PREIMAGE)).not.toBe(createHash('sha256').update(PREIMAGE).digest('hex'));
    // The SHA-256 of 32 zero bytes, a published test value.
    expect(sha256OfHex('00'.repeat(32))).toBe('66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925');
  });

  it('matches exactly the preimage it was made from (property)', () => {
    fc.assert(
      fc.property(hex32, hex32, (secret, other) => {
        const lock = { hash: sha256OfHex(secret) };
        expect(matchesHash(lock, secret)).toBe(true);
        expect(matchesHash(lock, other)).toBe(other === secret);
      }),
    );
  });
});

describe('who may claim or refund, and when', () => {
  it('claims: the beneficiary or the CSD, before the expiry; refunds: the locker or the CSD, from the expiry (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PARTIES), instant, (caller, now) => {
        const lock = locked();
        const expired = now >= EXPIRES;
        expect(hasExpired(lock, now)).toBe(expired);
        expect(mayClaim(lock, caller, CSD, now)).toBe((caller === 'SecuritiesMSP' || caller === CSD) && !expired);
        expect(mayRefund(lock, caller, CSD, now)).toBe((caller === 'BankMSP' || caller === CSD) && expired);
        // No instant allows both a claim and a refund, nor neither for the CSD, which may do both.
        expect(mayClaim(lock, CSD, CSD, now)).toBe(!mayRefund(lock, CSD, CSD, now));
      }),
    );
  });

  it('refuses a claim at exactly the expiry and accepts a refund then; one millisecond earlier, the reverse', () => {
    expect(refusal(() => claimHashLock(locked(), 'SecuritiesMSP', CSD, PREIMAGE, stampAt(EXPIRES)))).toBe(
      `OUTSIDE_WINDOW: hash lock tx-9 expired at ${EXPIRES}; it can only be refunded`,
    );
    expect(refundHashLock(locked(), 'BankMSP', CSD, stampAt(EXPIRES), OPEN).status).toBe('REFUNDED');
    expect(claimHashLock(locked(), 'SecuritiesMSP', CSD, PREIMAGE, stampAt(BEFORE)).status).toBe('CLAIMED');
    expect(refusal(() => refundHashLock(locked(), 'BankMSP', CSD, stampAt(BEFORE), OPEN))).toBe(
      `OUTSIDE_WINDOW: hash lock tx-9 can be refunded from ${EXPIRES}, not before`,
    );
  });
});

describe('a claim', () => {
  it('records the preimage and the claim stamp; the units stay addressed to the beneficiary whoever claims', () => {
    const byAgent = claimHashLock(locked(), CSD, CSD, PREIMAGE, stampAt(BEFORE, CSD));
    expect(byAgent).toEqual({ ...locked(), status: 'CLAIMED', preimage: PREIMAGE, claimed: stampAt(BEFORE, CSD) });
    expect([byAgent.beneficiary, byAgent.beneficiaryAccountId]).toEqual(['SecuritiesMSP', 'CLIENT-1']);
  });

  it('is refused with a wrong preimage, a malformed one, by a third party, twice, or after a refund', () => {
    const claim = (lock: HashLock, caller: string, preimage: unknown) =>
      refusal(() => claimHashLock(lock, caller, CSD, preimage, stampAt(NOW)));
    expect(claim(locked(), 'SecuritiesMSP', 'b2'.repeat(32))).toBe("HASH_MISMATCH: the preimage's SHA-256 is not hash lock tx-9's hash");
    // The hash itself is not the secret.
    expect(claim(locked(), 'SecuritiesMSP', HASH)).toMatch(/^HASH_MISMATCH: /);
    expect(claim(locked(), 'SecuritiesMSP', PREIMAGE.toUpperCase())).toMatch(/^INVALID_ARGUMENT: preimage must be 32 bytes/);
    expect(claim(locked(), 'SecuritiesMSP', PREIMAGE.slice(2))).toMatch(/^INVALID_ARGUMENT: /);
    expect(claim(locked(), 'SecuritiesMSP', 42)).toMatch(/^INVALID_ARGUMENT: /);
    expect(claim(locked(), 'FundMSP', PREIMAGE)).toBe(
      'NOT_A_PARTY: only the beneficiary SecuritiesMSP, or the CSD for it, claims hash lock tx-9',
    );
    expect(claim(locked(), 'BankMSP', PREIMAGE)).toMatch(/^NOT_A_PARTY: /);
    const claimed = claimHashLock(locked(), 'SecuritiesMSP', CSD, PREIMAGE, stampAt(NOW));
    expect(claim(claimed, 'SecuritiesMSP', PREIMAGE)).toBe('INVALID_STATE_TRANSITION: hash lock tx-9 is CLAIMED; it cannot become CLAIMED');
    expect(claim(locked({ status: 'REFUNDED' }), 'SecuritiesMSP', PREIMAGE)).toMatch(/^INVALID_STATE_TRANSITION: /);
  });

  it('succeeds exactly for the beneficiary or the CSD, before the expiry, with the preimage (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PARTIES), instant, fc.boolean(), hex32, (caller, now, right, wrong) => {
        const preimage = right ? PREIMAGE : wrong;
        const answer = refusal(() => claimHashLock(locked(), caller, CSD, preimage, stampAt(now)));
        const party = caller === 'SecuritiesMSP' || caller === CSD;
        const expected = !party
          ? /^NOT_A_PARTY: /
          : now >= EXPIRES
            ? /^OUTSIDE_WINDOW: /
            : preimage === PREIMAGE
              ? /^accepted$/
              : /^HASH_MISMATCH: /;
        expect(answer).toMatch(expected);
      }),
    );
  });
});

describe('a refund', () => {
  it('records the refund stamp and reveals nothing', () => {
    expect(refundHashLock(locked(), CSD, CSD, stampAt(AFTER, CSD), OPEN)).toEqual({
      ...locked(),
      status: 'REFUNDED',
      refundedTo: 'PROP',
      refunded: stampAt(AFTER, CSD),
    });
  });

  it('leaves the units in escrow once the register has closed for good, and waits a day on a fixed record date', () => {
    const closed = { ...OPEN, today: '2029-03-01' };
    expect(refundHashLock(locked(), 'BankMSP', CSD, stampAt(AFTER), closed).refundedTo).toBe('HTLC-ESCROW');
    const recordDay = { ...OPEN, fixedRecordDates: ['2026-06-01'] };
    expect(refusal(() => refundHashLock(locked(), 'BankMSP', CSD, stampAt(AFTER), recordDay))).toMatch(
      /^OUTSIDE_WINDOW: hash lock tx-9 is refunded from the next day: entitlements of record date 2026-06-01 are fixed/,
    );
    // The final redemption's record date, fixed today: the register closes tonight, the refund goes through tomorrow.
    expect(refusal(() => refundDestination(locked(), { ...OPEN, today: '2029-02-28', fixedRecordDates: ['2029-02-28'] }))).toMatch(
      /^OUTSIDE_WINDOW: /,
    );
  });

  it('goes back to the account exactly when a delivery could settle, else to escrow after the register closed, else waits (property)', () => {
    const day = fc.constantFrom('2029-02-27', '2029-02-28', '2029-03-01', '2029-03-02');
    fc.assert(
      fc.property(day, fc.subarray(['2029-02-27', '2029-02-28', '2029-03-01']), (today, fixedRecordDates) => {
        const register = { today, closesAfter: '2029-02-28', fixedRecordDates };
        const open = deliveryBlocker(today, register.closesAfter, fixedRecordDates) === undefined;
        const answer = refusal(() => refundDestination(locked(), register));
        if (open) expect(refundDestination(locked(), register)).toBe('PROP');
        else if (today > register.closesAfter) expect(refundDestination(locked(), register)).toBe('HTLC-ESCROW');
        else expect(answer).toMatch(/^OUTSIDE_WINDOW: /);
      }),
    );
  });

  it('is refused to the beneficiary or a third party, and once claimed or refunded', () => {
    const refund = (lock: HashLock, caller: string) => refusal(() => refundHashLock(lock, caller, CSD, stampAt(AFTER), OPEN));
    expect(refund(locked(), 'SecuritiesMSP')).toBe('NOT_A_PARTY: only the locker BankMSP, or the CSD for it, refunds hash lock tx-9');
    expect(refund(locked(), 'FundMSP')).toMatch(/^NOT_A_PARTY: /);
    expect(refund(locked({ status: 'CLAIMED' }), 'BankMSP')).toMatch(/^INVALID_STATE_TRANSITION: /);
    expect(refund(locked({ status: 'REFUNDED' }), 'BankMSP')).toMatch(/^INVALID_STATE_TRANSITION: /);
  });
});

describe('the escrow', () => {
  it("is the locker's own HTLC-ESCROW holding of the bond, whose key only the CSD's peers endorse", () => {
    expect(escrowOf(locked())).toEqual({ isin: ISIN, holder: 'BankMSP', accountId: 'HTLC-ESCROW' });
    expect(holdingKeyEndorsers(CSD, 'BankMSP', 'HTLC-ESCROW')).toEqual([CSD]);
    // Every other holding: the CSD's and the holder's peers (once, for the CSD's own).
    expect(holdingKeyEndorsers(CSD, 'BankMSP', 'PROP')).toEqual([CSD, 'BankMSP']);
    expect(holdingKeyEndorsers(CSD, 'BankMSP', 'HTLC-ESCROW-2')).toEqual([CSD, 'BankMSP']);
    expect(holdingKeyEndorsers(CSD, CSD, 'PROP')).toEqual([CSD]);
  });
});

describe('parties', () => {
  it('are the locker and the beneficiary', () => {
    expect(PARTIES.filter((p) => isPartyTo(locked(), p))).toEqual(['BankMSP', 'SecuritiesMSP']);
  });
});

describe('locked units in the holding arithmetic', () => {
  it('locks only free units: held − frozen − pledged − locked (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 1000n }),
        fc.bigInt({ min: 0n, max: 400n }),
        fc.bigInt({ min: 0n, max: 400n }),
        fc.bigInt({ min: 0n, max: 400n }),
        fc.bigInt({ min: 1n, max: 1000n }),
        (held, frozen, pledged, locked, units) => {
          fc.pre(frozen + pledged + locked <= held);
          const free = available(held, frozen, pledged, locked);
          const answer = refusal(() => {
            lockUnits(held, frozen + pledged + locked, units);
          });
          const expected = units > held ? /^INSUFFICIENT_HOLDING: / : units > free ? /^HOLDING_FROZEN: / : /^accepted$/;
          expect(answer).toMatch(expected);
          // A freeze or a pledge may not take locked units either.
          expect(refusal(() => setFrozen(held, frozen + units, pledged, locked))).toEqual(
            units <= free ? 'accepted' : expect.stringMatching(/^INSUFFICIENT_HOLDING: /),
          );
          expect(refusal(() => addPledge(held, frozen, pledged, units, locked))).toMatch(expected);
        },
      ),
    );
  });

  it('refuses a lock of no units', () => {
    expect(
      refusal(() => {
        lockUnits(10n, 0n, 0n);
      }),
    ).toMatch(/^INVALID_ARGUMENT: /);
  });
});

describe('a random secret', () => {
  it('round-trips through the lock: the claim with it is accepted', () => {
    const secret = randomBytes(32).toString('hex');
    const lock = locked({ hash: sha256OfHex(secret) });
    expect(claimHashLock(lock, 'SecuritiesMSP', CSD, secret, stampAt(NOW)).preimage).toBe(secret);
  });
});
