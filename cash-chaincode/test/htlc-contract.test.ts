/**
 * The Htlc contract: lock, claim, refund and the lock queries through the
 * guard on the in-memory world state. The expiry boundaries are pinned to
 * the millisecond: at exactly the expiry a claim is refused (LOCK_EXPIRED)
 * and a refund accepted, as in Cacti. Every refusal is checked to write
 * nothing.
 */
import { canonicalJson, TX_TIMESTAMP_TOLERANCE_MS } from '@bond-platform/chaincode-common';
import {
  CashErrorCode,
  CashEvent,
  type CashLock,
  type CashMovement,
  type CurrencyTotals,
  type LockAttestation,
  type Page,
} from '../src/api';
import { BANK, BANK_VIEWER, contracts, CSD, HOUR, json, PAY, PAY_ADMIN, Scenario, SEC, secret } from './support/scenario';

/** The CSD as an observer of the cash channel: an identity without any role the cash ledger gives. */
const CSD_OBSERVER = { mspId: 'CSDMSP' };

const { htlc, cash } = contracts;
const E = CashErrorCode;
const { preimage, hash } = secret(0xab);
const WRONG = secret(0xcd).preimage;

describe('Htlc', () => {
  let s: Scenario;
  let t0: number;
  /** The lock's expiry: one hour after the lock transaction. */
  let expiry: number;

  const lockRequest = (overrides: Record<string, unknown> = {}) =>
    json({
      lockId: 'DVP-1',
      from: { owner: 'BankMSP', accountId: 'SETTLEMENT' },
      currency: 'EUR',
      amount: '600',
      hashAlgorithm: 'SHA256',
      hash,
      beneficiary: { owner: 'SecuritiesMSP', accountId: 'SETTLEMENT' },
      expiry: new Date(expiry).toISOString(),
      ...overrides,
    });
  const at = (millis: number) => {
    s.ledger.nowMillis = millis;
  };
  const lock = async () => s.ok<CashMovement>(htlc, 'LockCash', BANK, lockRequest());
  const getLock = (id = 'DVP-1') => s.ok<CashLock>(htlc, 'GetLock', CSD, id);

  beforeEach(async () => {
    s = new Scenario();
    await s.ready();
    await s.issue('BankMSP', '1000');
    t0 = s.ledger.nowMillis;
    expiry = t0 + HOUR;
  });

  describe('LockCash', () => {
    it("moves the amount out of the locker's balance into the lock, announced with the change set and the lock", async () => {
      const invocation = await s.ledger.invoke(htlc, 'LockCash', BANK, lockRequest());
      const movement = JSON.parse(invocation.result!) as CashMovement;
      expect(movement).toMatchObject({
        kind: 'LOCK',
        amount: '600',
        changes: [{ account: { owner: 'BankMSP', accountId: 'SETTLEMENT', currency: 'EUR' }, before: '1000', after: '400', delta: '-600' }],
        lock: {
          lockId: 'DVP-1',
          status: 'LOCKED',
          locker: { owner: 'BankMSP', accountId: 'SETTLEMENT' },
          beneficiary: { owner: 'SecuritiesMSP', accountId: 'SETTLEMENT' },
          currency: 'EUR',
          amount: '600',
          hashAlgorithm: 'SHA256',
          hash,
          expiry: new Date(expiry).toISOString(),
        },
      });
      expect(invocation.event).toEqual({ name: CashEvent.CASH_LOCKED, payload: movement });
      expect(await s.balance('BankMSP')).toBe('400');
      // Locked money is still issued money: outstanding = balances + locked.
      expect(await s.ok<CurrencyTotals>(cash, 'GetTotals', BANK, 'EUR')).toMatchObject({ outstanding: '1000' });
      expect(await getLock()).toEqual(movement.lock);
    });

    it('is called by its transaction ID when the request names no lock ID', async () => {
      const invocation = await s.ledger.invoke(htlc, 'LockCash', BANK, lockRequest({ lockId: undefined }));
      const movement = JSON.parse(invocation.result!) as CashMovement;
      expect(movement.lock?.lockId).toBe(invocation.txId);
      expect((await getLock(invocation.txId)).status).toBe('LOCKED');
    });

    it('refuses a lock ID in use (a retried lock locks once): ALREADY_EXISTS', async () => {
      await lock();
      await s.refused(htlc, 'LockCash', BANK, E.ALREADY_EXISTS, lockRequest());
      expect(await s.balance('BankMSP')).toBe('400');
    });

    it("refuses locking another organisation's money, even for the operator: NOT_A_PARTY", async () => {
      await s.refused(htlc, 'LockCash', SEC, E.NOT_A_PARTY, lockRequest());
      await s.refused(htlc, 'LockCash', PAY, E.NOT_A_PARTY, lockRequest());
      await s.refused(htlc, 'LockCash', BANK_VIEWER, E.ATTRIBUTE_REQUIRED, lockRequest());
    });

    it('refuses more than the balance, and accounts that are not open', async () => {
      await s.refused(htlc, 'LockCash', BANK, E.INSUFFICIENT_FUNDS, lockRequest({ amount: '1001' }));
      await s.refused(htlc, 'LockCash', BANK, E.NOT_FOUND, lockRequest({ currency: 'USD' }));
      await s.refused(htlc, 'LockCash', BANK, E.NOT_FOUND, lockRequest({ beneficiary: { owner: 'FundMSP', accountId: 'SETTLEMENT' } }));
    });

    it('needs an expiry after the transaction time and at most 30 days on', async () => {
      const iso = (millis: number) => new Date(millis).toISOString();
      await s.refused(htlc, 'LockCash', BANK, E.INVALID_ARGUMENT, lockRequest({ expiry: iso(t0) }));
      await s.refused(htlc, 'LockCash', BANK, E.INVALID_ARGUMENT, lockRequest({ expiry: iso(t0 - 1) }));
      await s.refused(htlc, 'LockCash', BANK, E.INVALID_ARGUMENT, lockRequest({ expiry: iso(t0 + 30 * 24 * HOUR + 1) }));
      await s.ok(htlc, 'LockCash', BANK, lockRequest({ lockId: 'SHORT', amount: '1', expiry: iso(t0 + 1) }));
      await s.ok(htlc, 'LockCash', BANK, lockRequest({ lockId: 'LONG', amount: '1', expiry: iso(t0 + 30 * 24 * HOUR) }));
    });

    it('takes only SHA256, a lowercase hex hash, an ISO UTC expiry with seconds, and a distinct beneficiary account', async () => {
      for (const overrides of [
        { hashAlgorithm: 'SHA512' },
        { hashAlgorithm: 'sha256' },
        { hashAlgorithm: undefined },
        { hash: hash.toUpperCase() },
        { hash: hash.slice(2) },
        { hash: Buffer.from(hash, 'hex').toString('base64') },
        { expiry: '2026-01-05T10:00Z' },
        { expiry: '2026-01-05T11:00:00+01:00' },
        { expiry: '2026-01-05' },
        { expiry: '2026-02-30T10:00:00Z' },
        { expiry: expiry },
        { beneficiary: { owner: 'BankMSP', accountId: 'SETTLEMENT' } },
        { beneficiary: 'SecuritiesMSP' },
        { lockId: 'DVP 1' },
        { lockId: '' },
        { memo: 'x' },
      ]) {
        await s.refused(htlc, 'LockCash', BANK, E.INVALID_ARGUMENT, lockRequest(overrides));
      }
    });
  });

  describe('ClaimCash', () => {
    beforeEach(lock);

    it('credits the beneficiary and records the preimage on the lock, one event with the change set', async () => {
      at(expiry - 1);
      const invocation = await s.ledger.invoke(htlc, 'ClaimCash', SEC, 'DVP-1', preimage);
      const movement = JSON.parse(invocation.result!) as CashMovement;
      expect(movement).toMatchObject({
        kind: 'CLAIM',
        changes: [
          { account: { owner: 'SecuritiesMSP', accountId: 'SETTLEMENT', currency: 'EUR' }, before: '0', after: '600', delta: '600' },
        ],
        lock: { lockId: 'DVP-1', status: 'CLAIMED', preimage, claimed: { mspId: 'SecuritiesMSP', txId: invocation.txId } },
      });
      expect(invocation.event).toEqual({ name: CashEvent.CASH_CLAIMED, payload: movement });
      expect(await s.balance('SecuritiesMSP')).toBe('600');
      // Any organisation (the CSD's settlement agent) reads the revealed preimage.
      expect((await getLock()).preimage).toBe(preimage);
    });

    it('refuses a wrong preimage: HASH_MISMATCH', async () => {
      await s.refused(htlc, 'ClaimCash', SEC, E.HASH_MISMATCH, 'DVP-1', WRONG);
    });

    it('refuses a claim at exactly the expiry and after it: LOCK_EXPIRED', async () => {
      at(expiry);
      await s.refused(htlc, 'ClaimCash', SEC, E.LOCK_EXPIRED, 'DVP-1', preimage);
      at(expiry + HOUR);
      await s.refused(htlc, 'ClaimCash', SEC, E.LOCK_EXPIRED, 'DVP-1', preimage);
    });

    it('refuses a late claim backdated past the tolerance to look early: TIMESTAMP_OUT_OF_RANGE', async () => {
      // The peers' clocks say the lock expired 3 minutes ago; the client stamps its claim 5 minutes earlier.
      at(expiry - 2 * 60_000);
      await s.refusedWith(htlc, 'ClaimCash', SEC, E.TIMESTAMP_OUT_OF_RANGE, { peerClockMillis: expiry + 3 * 60_000 }, 'DVP-1', preimage);
    });

    it('refuses anyone but the beneficiary, the locker and the operator included: NOT_A_PARTY', async () => {
      for (const caller of [BANK, PAY, CSD]) await s.refused(htlc, 'ClaimCash', caller, E.NOT_A_PARTY, 'DVP-1', preimage);
    });

    it('refuses a second claim: LOCK_ALREADY_CLAIMED; and a refund of a claimed lock', async () => {
      await s.ok(htlc, 'ClaimCash', SEC, 'DVP-1', preimage);
      await s.refused(htlc, 'ClaimCash', SEC, E.LOCK_ALREADY_CLAIMED, 'DVP-1', preimage);
      at(expiry);
      await s.refused(htlc, 'RefundCash', BANK, E.LOCK_ALREADY_CLAIMED, 'DVP-1');
      expect(await s.balance('SecuritiesMSP')).toBe('600');
    });

    it('takes the preimage only as 32 bytes of lowercase hex, and refuses unknown locks', async () => {
      for (const bad of [preimage.toUpperCase(), preimage.slice(2), `${preimage}00`, Buffer.from(preimage, 'hex').toString('base64'), '']) {
        await s.refused(htlc, 'ClaimCash', SEC, E.INVALID_ARGUMENT, 'DVP-1', bad);
      }
      await s.refused(htlc, 'ClaimCash', SEC, E.NOT_FOUND, 'DVP-2', preimage);
      await s.refused(htlc, 'ClaimCash', SEC, E.INVALID_ARGUMENT, 'DVP\u00001', preimage);
    });
  });

  describe('RefundCash', () => {
    beforeEach(lock);

    it('refuses a refund before the expiry, to the millisecond: LOCK_NOT_EXPIRED', async () => {
      await s.refused(htlc, 'RefundCash', BANK, E.LOCK_NOT_EXPIRED, 'DVP-1');
      at(expiry - 1);
      await s.refused(htlc, 'RefundCash', BANK, E.LOCK_NOT_EXPIRED, 'DVP-1');
    });

    it('returns the amount to the locker at exactly the expiry, announced', async () => {
      at(expiry);
      const invocation = await s.ledger.invoke(htlc, 'RefundCash', BANK, 'DVP-1');
      const movement = JSON.parse(invocation.result!) as CashMovement;
      expect(movement).toMatchObject({
        kind: 'REFUND',
        changes: [{ before: '400', after: '1000', delta: '600' }],
        lock: { status: 'REFUNDED', refunded: { mspId: 'BankMSP' } },
      });
      expect(movement.lock?.preimage).toBeUndefined();
      expect(invocation.event).toEqual({ name: CashEvent.CASH_REFUNDED, payload: movement });
      expect(await s.balance('BankMSP')).toBe('1000');
    });

    it('refuses anyone but the locker and the payment operator, the beneficiary and the CSD included: NOT_A_PARTY', async () => {
      at(expiry);
      for (const caller of [SEC, CSD]) await s.refused(htlc, 'RefundCash', caller, E.NOT_A_PARTY, 'DVP-1');
    });

    it("lets the payment operator refund for the locker from the expiry on, into the locker's account only", async () => {
      at(expiry - 1);
      await s.refused(htlc, 'RefundCash', PAY, E.LOCK_NOT_EXPIRED, 'DVP-1');
      at(expiry);
      const invocation = await s.ledger.invoke(htlc, 'RefundCash', PAY, 'DVP-1');
      const movement = JSON.parse(invocation.result!) as CashMovement;
      expect(movement).toMatchObject({
        kind: 'REFUND',
        changes: [{ account: { owner: 'BankMSP', accountId: 'SETTLEMENT', currency: 'EUR' }, before: '400', after: '1000', delta: '600' }],
        lock: { status: 'REFUNDED', refunded: { mspId: 'PaymentMSP' } },
      });
      expect(invocation.event).toEqual({ name: CashEvent.CASH_REFUNDED, payload: movement });
      expect(await s.balance('BankMSP')).toBe('1000');
      // The locker's own retry then reads as done.
      await s.refused(htlc, 'RefundCash', BANK, E.LOCK_ALREADY_REFUNDED, 'DVP-1');
    });

    it('needs bond.role=operator at the payment operator to refund: ATTRIBUTE_REQUIRED', async () => {
      at(expiry);
      await s.refused(htlc, 'RefundCash', PAY_ADMIN, E.ATTRIBUTE_REQUIRED, 'DVP-1');
    });

    it('refuses a second refund, and a claim of a refunded lock: LOCK_ALREADY_REFUNDED', async () => {
      at(expiry + 1);
      await s.ok(htlc, 'RefundCash', BANK, 'DVP-1');
      await s.refused(htlc, 'RefundCash', BANK, E.LOCK_ALREADY_REFUNDED, 'DVP-1');
      await s.refused(htlc, 'ClaimCash', SEC, E.LOCK_ALREADY_REFUNDED, 'DVP-1', preimage);
    });

    it('refuses an early refund post-dated past the tolerance to look late: TIMESTAMP_OUT_OF_RANGE', async () => {
      at(expiry);
      await s.refusedWith(
        htlc,
        'RefundCash',
        BANK,
        E.TIMESTAMP_OUT_OF_RANGE,
        { peerClockMillis: expiry - TX_TIMESTAMP_TOLERANCE_MS - 1 },
        'DVP-1',
      );
    });
  });

  describe('ListOpenLocks', () => {
    it('lists LOCKED locks soonest expiry first, a page at a time, and drops them once claimed or refunded', async () => {
      const iso = (millis: number) => new Date(millis).toISOString();
      await s.ok(htlc, 'LockCash', BANK, lockRequest({ lockId: 'LATE', amount: '1', expiry: iso(t0 + 3 * HOUR) }));
      await s.ok(htlc, 'LockCash', BANK, lockRequest({ lockId: 'EARLY', amount: '1', expiry: iso(t0 + HOUR) }));
      await s.ok(htlc, 'LockCash', BANK, lockRequest({ lockId: 'MIDDLE', amount: '1', expiry: iso(t0 + 2 * HOUR) }));
      const first = await s.ok<Page<CashLock>>(htlc, 'ListOpenLocks', CSD, '2', '');
      expect(first.records.map((l) => l.lockId)).toEqual(['EARLY', 'MIDDLE']);
      const second = await s.ok<Page<CashLock>>(htlc, 'ListOpenLocks', CSD, '2', first.bookmark);
      expect(second.records.map((l) => l.lockId)).toEqual(['LATE']);

      await s.ok(htlc, 'ClaimCash', SEC, 'MIDDLE', preimage);
      at(t0 + HOUR);
      await s.ok(htlc, 'RefundCash', BANK, 'EARLY');
      const open = await s.ok<Page<CashLock>>(htlc, 'ListOpenLocks', BANK, '', '');
      expect(open.records.map((l) => l.lockId)).toEqual(['LATE']);
      expect((await getLock('MIDDLE')).status).toBe('CLAIMED');
      expect((await getLock('EARLY')).status).toBe('REFUNDED');
    });
  });
  describe('ListLocksByHash', () => {
    it("finds every lock under a hash, whatever its status, in lock ID order, and nobody else's", async () => {
      const other = secret(0x01).hash;
      await s.ok(htlc, 'LockCash', BANK, lockRequest({ lockId: 'B-CLAIMED', amount: '1' }));
      await s.ok(htlc, 'LockCash', BANK, lockRequest({ lockId: 'A-REFUNDED', amount: '1' }));
      await s.ok(htlc, 'LockCash', BANK, lockRequest({ lockId: 'C-OPEN', amount: '1', expiry: new Date(expiry + HOUR).toISOString() }));
      await s.ok(htlc, 'LockCash', BANK, lockRequest({ lockId: 'D-OTHER', amount: '1', hash: other }));
      await s.ok(htlc, 'ClaimCash', SEC, 'B-CLAIMED', preimage);
      at(expiry);
      await s.ok(htlc, 'RefundCash', BANK, 'A-REFUNDED');

      const locks = await s.ok<CashLock[]>(htlc, 'ListLocksByHash', CSD_OBSERVER, hash);
      expect(locks.map((l) => [l.lockId, l.status])).toEqual([
        ['A-REFUNDED', 'REFUNDED'],
        ['B-CLAIMED', 'CLAIMED'],
        ['C-OPEN', 'LOCKED'],
      ]);
      expect(locks[1]).toEqual(await getLock('B-CLAIMED'));
      expect((await s.ok<CashLock[]>(htlc, 'ListLocksByHash', BANK, other)).map((l) => l.lockId)).toEqual(['D-OTHER']);
      expect(await s.ok<CashLock[]>(htlc, 'ListLocksByHash', SEC, secret(0x02).hash)).toEqual([]);
    });

    it('writes the hash index row at lock time only', async () => {
      const locked = await s.ledger.invoke(htlc, 'LockCash', BANK, lockRequest());
      expect(locked.attemptedWrites.filter((k) => k.includes('cashLockByHash'))).toEqual([
        `\u0000cashLockByHash\u0000${hash}\u0000DVP-1\u0000`,
      ]);
      const claimed = await s.ledger.invoke(htlc, 'ClaimCash', SEC, 'DVP-1', preimage);
      expect(claimed.attemptedWrites.filter((k) => k.includes('cashLockByHash'))).toEqual([]);
    });

    it('takes only a SHA-256 hash as 64 lowercase hex characters: INVALID_ARGUMENT', async () => {
      for (const bad of [hash.toUpperCase(), hash.slice(1), `${hash}0`, '', 'DVP-1']) {
        await s.refused(htlc, 'ListLocksByHash', BANK, E.INVALID_ARGUMENT, bad);
      }
    });
  });

  describe('AttestLock', () => {
    beforeEach(lock);

    it('returns the lock, the channel and the transaction time as canonical JSON, and writes nothing', async () => {
      s.ledger.channelId = 'cash';
      at(t0 + 1234);
      const before = s.ledger.snapshot();
      const invocation = await s.ledger.invoke(htlc, 'AttestLock', SEC, 'DVP-1');
      expect(invocation.error).toBeUndefined();
      expect(invocation.attemptedWrites).toEqual([]);
      expect(invocation.attemptedEvent).toBe(false);
      expect(s.ledger.snapshot()).toEqual(before);
      const attestation = JSON.parse(invocation.result!) as LockAttestation;
      expect(attestation).toEqual({ channel: 'cash', lock: await getLock(), attestedAt: new Date(t0 + 1234).toISOString() });
      // Canonical JSON, so every endorser signs the same bytes.
      expect(invocation.result).toBe(canonicalJson(attestation));
      expect(invocation.result!.startsWith('{"attestedAt":')).toBe(true);
    });

    it('attests a lock in any status: a claimed one carries its preimage', async () => {
      await s.ok(htlc, 'ClaimCash', SEC, 'DVP-1', preimage);
      const attestation = await s.ok<LockAttestation>(htlc, 'AttestLock', CSD_OBSERVER, 'DVP-1');
      expect(attestation.lock).toMatchObject({ status: 'CLAIMED', preimage });
    });

    it("refuses a transaction time beyond the tolerance of the peer's clock, either way: TIMESTAMP_OUT_OF_RANGE", async () => {
      const now = s.ledger.nowMillis;
      for (const skew of [TX_TIMESTAMP_TOLERANCE_MS + 1, -TX_TIMESTAMP_TOLERANCE_MS - 1]) {
        await s.refusedWith(htlc, 'AttestLock', CSD_OBSERVER, E.TIMESTAMP_OUT_OF_RANGE, { peerClockMillis: now + skew }, 'DVP-1');
      }
      await s.ledger.okWith(htlc, 'AttestLock', CSD_OBSERVER, { peerClockMillis: now + TX_TIMESTAMP_TOLERANCE_MS }, 'DVP-1');
    });

    it('refuses an unknown or malformed lock ID: NOT_FOUND, INVALID_ARGUMENT', async () => {
      await s.refused(htlc, 'AttestLock', BANK, E.NOT_FOUND, 'DVP-2');
      await s.refused(htlc, 'AttestLock', BANK, E.INVALID_ARGUMENT, 'DVP 1');
    });
  });

  describe('the CSD, an observer of the cash channel', () => {
    it('reads and attests locks and reads the totals, with or without a role', async () => {
      await lock();
      for (const csd of [CSD_OBSERVER, CSD]) {
        expect((await s.ok<CashLock>(htlc, 'GetLock', csd, 'DVP-1')).status).toBe('LOCKED');
        expect(await s.ok<CashLock[]>(htlc, 'ListLocksByHash', csd, hash)).toHaveLength(1);
        expect((await s.ok<Page<CashLock>>(htlc, 'ListOpenLocks', csd, '', '')).records).toHaveLength(1);
        expect((await s.ok<LockAttestation>(htlc, 'AttestLock', csd, 'DVP-1')).lock.lockId).toBe('DVP-1');
        expect(await s.ok<CurrencyTotals>(cash, 'GetTotals', csd, 'EUR')).toMatchObject({ outstanding: '1000' });
      }
    });

    it("moves no money and reads no participant's account", async () => {
      await lock();
      const from = { owner: 'BankMSP', accountId: 'SETTLEMENT' };
      const to = { owner: 'SecuritiesMSP', accountId: 'SETTLEMENT' };
      for (const csd of [CSD_OBSERVER, CSD]) {
        const role = csd === CSD ? E.NOT_A_PARTY : E.ATTRIBUTE_REQUIRED;
        await s.refused(cash, 'IssueCash', csd, E.OPERATOR_REQUIRED, json({ ...to, currency: 'EUR', amount: '1' }));
        await s.refused(cash, 'RedeemCash', csd, E.OPERATOR_REQUIRED, json({ ...from, currency: 'EUR', amount: '1' }));
        await s.refused(cash, 'OpenAccount', csd, E.ADMIN_REQUIRED, json({ owner: 'CSDMSP', accountId: 'CASH', currency: 'EUR' }));
        await s.refused(cash, 'TransferCash', csd, role, json({ from, to, currency: 'EUR', amount: '1' }));
        await s.refused(htlc, 'LockCash', csd, role, lockRequest({ lockId: 'CSD-1' }));
        await s.refused(htlc, 'ClaimCash', csd, role, 'DVP-1', preimage);
        await s.refused(cash, 'GetAccount', csd, E.ACCESS_DENIED, 'BankMSP', 'SETTLEMENT', 'EUR');
        await s.refused(cash, 'ListAccounts', csd, E.ACCESS_DENIED, '', '', '');
      }
      at(expiry);
      await s.refused(htlc, 'RefundCash', CSD, E.NOT_A_PARTY, 'DVP-1');
      await s.refused(htlc, 'RefundCash', CSD_OBSERVER, E.ATTRIBUTE_REQUIRED, 'DVP-1');
    });
  });
});
