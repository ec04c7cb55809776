/**
 * Hash time locks (HashLocks:LockUnits, ClaimUnits, RefundUnits) through the
 * access guard on the in-memory world state: locked units stay in the
 * locker's holding and no transfer, freeze, pledge or other lock may take
 * them; a claim with the preimage before the expiry delivers them to the
 * beneficiary; a refund from the expiry frees them; every refusal writes
 * nothing; outstanding never changes.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { type Entitlement, ErrorCode, type HashLock, type HoldingPosition, type Page, type Transfer } from '../src/api';
import type { TestIdentity } from './support/memory-ledger';
import { BANK, BANK_VIEWER, contracts, CSD, CSD_ADMIN, FUND, ISIN, json, Scenario, SEC } from './support/scenario';
import { assertAgainstModel, type Outcome } from './support/model-property';

const { custody, hashLocks, membership, servicing } = contracts;
const at = (date: string): number => Scenario.at(date);

const PREIMAGE = '5e'.repeat(32);
const WRONG = '5f'.repeat(32);
const HASH = createHash('sha256').update(Buffer.from(PREIMAGE, 'hex')).digest('hex');
/** Seconds between a lock and its expiry in these tests. */
const TERM = 20 * 60;

let scenario: Scenario;

const iso = (seconds: number): string => new Date(seconds * 1000).toISOString();

/** A lock of BankMSP's PROP units for SecuritiesMSP's PROP account, expiring TERM seconds from the ledger's now. */
const request = (overrides: Record<string, unknown> = {}) =>
  json({
    isin: ISIN,
    holder: 'BankMSP',
    accountId: 'PROP',
    units: '100',
    hash: HASH,
    hashAlgorithm: 'SHA256',
    beneficiary: 'SecuritiesMSP',
    beneficiaryAccountId: 'PROP',
    expiresAt: iso(scenario.ledger.now + TERM),
    reference: 'TRADE-2026-0601-1',
    ...overrides,
  });

const lock = (overrides: Record<string, unknown> = {}, caller: TestIdentity = BANK): Promise<HashLock> =>
  scenario.ok<HashLock>(hashLocks, 'LockUnits', caller, request(overrides));

async function position(holder = 'BankMSP', accountId = 'PROP'): Promise<HoldingPosition> {
  return scenario.ok<HoldingPosition>(custody, 'GetHolding', CSD, ISIN, holder, accountId);
}

const transferOf = (units: string) =>
  json({
    isin: ISIN,
    fromAccount: 'PROP',
    to: 'SecuritiesMSP',
    toAccount: 'PROP',
    units,
    cashAmount: '0',
    expiresAt: iso(scenario.ledger.now + 3600),
  });

beforeEach(async () => {
  scenario = new Scenario();
  await scenario.members();
  await scenario.issuedBond(); // BankMSP 646, FundMSP 554 in PROP
  scenario.ledger.now = at('2026-06-01');
});

describe('a lock', () => {
  it("encumbers units that stay in the locker's holding: outstanding is unchanged, one event announces it, both parties read it", async () => {
    const invocation = await scenario.ledger.invoke(hashLocks, 'LockUnits', BANK, request());
    expect(invocation.error).toBeUndefined();
    const locked = JSON.parse(invocation.result!) as HashLock;
    expect(locked).toEqual({
      lockId: invocation.txId,
      isin: ISIN,
      locker: 'BankMSP',
      accountId: 'PROP',
      units: '100',
      hash: HASH,
      hashAlgorithm: 'SHA256',
      beneficiary: 'SecuritiesMSP',
      beneficiaryAccountId: 'PROP',
      expiresAt: '2026-06-01T09:20:00.000Z',
      reference: 'TRADE-2026-0601-1',
      status: 'LOCKED',
      created: expect.objectContaining({ mspId: 'BankMSP', txId: invocation.txId, timestamp: '2026-06-01T09:00:00.000Z' }) as unknown,
    });
    expect(invocation.event).toEqual({ name: 'UnitsLocked', payload: locked });
    expect(await position()).toMatchObject({
      units: '646',
      frozenUnits: '0',
      pledgedUnits: '0',
      lockedUnits: '100',
      availableUnits: '546',
    });
    expect(await scenario.outstanding()).toBe(1200n);
    expect(await scenario.ok<HashLock>(hashLocks, 'GetHashLock', SEC, locked.lockId)).toEqual(locked);
    expect(await scenario.ok<HashLock>(hashLocks, 'GetHashLock', BANK, locked.lockId)).toEqual(locked);
    expect((await scenario.ok<Page<HashLock>>(hashLocks, 'ListHashLocks', CSD, ISIN, '', '')).records).toEqual([locked]);
  });

  it('leaves only the free units to transfer, freeze, pledge or lock again; each refusal writes nothing', async () => {
    await lock({ units: '600' });
    // 646 held, 600 locked: 46 free.
    await scenario.refused(custody, 'InstructTransfer', BANK, ErrorCode.HOLDING_FROZEN, {}, transferOf('47'));
    await scenario.refused(
      custody,
      'PledgeHolding',
      BANK,
      ErrorCode.HOLDING_FROZEN,
      {},
      json({ isin: ISIN, holder: 'BankMSP', accountId: 'PROP', pledgee: 'FundMSP', units: '47', reference: 'LOAN-1', enforceable: true }),
    );
    await scenario.refused(
      custody,
      'FreezeHolding',
      CSD,
      ErrorCode.INSUFFICIENT_HOLDING,
      {},
      json({ isin: ISIN, holder: 'BankMSP', accountId: 'PROP', units: '47', reason: 'court order' }),
    );
    await scenario.refused(hashLocks, 'LockUnits', BANK, ErrorCode.HOLDING_FROZEN, {}, request({ units: '47' }));
    // An instruction does not encumber: locking what it needs is allowed, and its settlement then finds the units locked.
    const transfer = await scenario.ok<Transfer>(custody, 'InstructTransfer', BANK, transferOf('46'));
    await lock({ units: '1', beneficiary: 'FundMSP' });
    await scenario.refused(custody, 'AffirmTransfer', SEC, ErrorCode.HOLDING_FROZEN, {}, transfer.transferId);
    expect(await position()).toMatchObject({ units: '646', lockedUnits: '601', availableUnits: '45' });
    expect(await scenario.outstanding()).toBe(1200n);
  });

  it('is refused to anyone but the holder, to the CSD, for a beneficiary that cannot hold, beyond the holding, and on terms the rules refuse', async () => {
    await scenario.refused(hashLocks, 'LockUnits', FUND, ErrorCode.NOT_A_PARTY, {}, request());
    await scenario.refused(hashLocks, 'LockUnits', CSD, ErrorCode.ROLE_REQUIRED, {}, request({ holder: 'CSDMSP' }));
    await scenario.refused(hashLocks, 'LockUnits', BANK_VIEWER, ErrorCode.ATTRIBUTE_REQUIRED, {}, request());
    await scenario.refused(hashLocks, 'LockUnits', BANK, ErrorCode.INVALID_ARGUMENT, {}, request({ beneficiary: 'NobodyMSP' }));
    // The CSD holds no role that holds bonds: it could only ever claim for someone else.
    await scenario.refused(hashLocks, 'LockUnits', BANK, ErrorCode.INVALID_ARGUMENT, {}, request({ beneficiary: 'CSDMSP' }));
    await scenario.refused(hashLocks, 'LockUnits', BANK, ErrorCode.INSUFFICIENT_HOLDING, {}, request({ units: '647' }));
    await scenario.refused(hashLocks, 'LockUnits', BANK, ErrorCode.NOT_FOUND, {}, request({ accountId: 'OTHER' }));
    await scenario.refused(hashLocks, 'LockUnits', BANK, ErrorCode.NOT_FOUND, {}, request({ isin: 'CNTEST000021' }));
    await scenario.refused(hashLocks, 'LockUnits', BANK, ErrorCode.INVALID_ARGUMENT, {}, request({ hash: HASH.toUpperCase() }));
    await scenario.refused(hashLocks, 'LockUnits', BANK, ErrorCode.INVALID_ARGUMENT, {}, request({ hashAlgorithm: 'SHA3' }));
    const now = scenario.ledger.now;
    await scenario.refused(hashLocks, 'LockUnits', BANK, ErrorCode.INVALID_ARGUMENT, {}, request({ expiresAt: iso(now) }));
    await scenario.refused(hashLocks, 'LockUnits', BANK, ErrorCode.INVALID_ARGUMENT, {}, request({ expiresAt: iso(now + 7 * 86_400 + 1) }));
    expect((await lock({ expiresAt: iso(now + 7 * 86_400) })).expiresAt).toBe('2026-06-08T09:00:00.000Z');
  });
});

describe('a claim', () => {
  it('with the preimage before the expiry delivers the units to the beneficiary and records the preimage; outstanding is unchanged', async () => {
    const locked = await lock();
    scenario.ledger.now += TERM - 1;
    const invocation = await scenario.ledger.invoke(hashLocks, 'ClaimUnits', SEC, locked.lockId, PREIMAGE);
    expect(invocation.error).toBeUndefined();
    const claimed = JSON.parse(invocation.result!) as HashLock;
    expect(claimed).toEqual({
      ...locked,
      status: 'CLAIMED',
      preimage: PREIMAGE,
      claimed: expect.objectContaining({ mspId: 'SecuritiesMSP', txId: invocation.txId, timestamp: '2026-06-01T09:19:59.000Z' }) as unknown,
    });
    expect(invocation.event).toEqual({ name: 'UnitsClaimed', payload: claimed });
    expect(await position()).toMatchObject({ units: '546', lockedUnits: '0', availableUnits: '546' });
    expect(await position('SecuritiesMSP')).toMatchObject({ units: '100', lockedUnits: '0', availableUnits: '100' });
    expect(await scenario.outstanding()).toBe(1200n);
    // The preimage is readable by anyone who reads the lock, for the cash ledger's side to claim with.
    expect((await scenario.ok<HashLock>(hashLocks, 'GetHashLock', BANK, locked.lockId)).preimage).toBe(PREIMAGE);
  });

  it("by the CSD as settlement agent delivers to the beneficiary's account named in the lock", async () => {
    const locked = await lock({ beneficiaryAccountId: 'CLIENT-7' });
    const claimed = await scenario.ok<HashLock>(hashLocks, 'ClaimUnits', CSD, locked.lockId, PREIMAGE);
    expect(claimed).toMatchObject({ status: 'CLAIMED', claimed: { mspId: 'CSDMSP' } });
    expect(await position('SecuritiesMSP', 'CLIENT-7')).toMatchObject({ units: '100' });
    await scenario.refused(custody, 'GetHolding', CSD, ErrorCode.NOT_FOUND, {}, ISIN, 'CSDMSP', 'CLIENT-7');
    expect(await position()).toMatchObject({ units: '546', lockedUnits: '0' });
  });

  it('is refused with a wrong or malformed preimage, or the hash itself; each refusal writes nothing', async () => {
    const locked = await lock();
    await scenario.refused(hashLocks, 'ClaimUnits', SEC, ErrorCode.HASH_MISMATCH, {}, locked.lockId, WRONG);
    await scenario.refused(hashLocks, 'ClaimUnits', SEC, ErrorCode.HASH_MISMATCH, {}, locked.lockId, HASH);
    await scenario.refused(hashLocks, 'ClaimUnits', SEC, ErrorCode.INVALID_ARGUMENT, {}, locked.lockId, PREIMAGE.toUpperCase());
    await scenario.refused(hashLocks, 'ClaimUnits', SEC, ErrorCode.INVALID_ARGUMENT, {}, locked.lockId, '');
    await scenario.refused(hashLocks, 'ClaimUnits', SEC, ErrorCode.NOT_FOUND, {}, 'tx999999', PREIMAGE);
    expect(await position()).toMatchObject({ units: '646', lockedUnits: '100' });
  });

  it('is refused to a third institution, and to the locker, even with the preimage', async () => {
    const locked = await lock();
    await scenario.refused(hashLocks, 'ClaimUnits', FUND, ErrorCode.NOT_A_PARTY, {}, locked.lockId, PREIMAGE);
    await scenario.refused(hashLocks, 'ClaimUnits', BANK, ErrorCode.NOT_A_PARTY, {}, locked.lockId, PREIMAGE);
  });

  it('is refused at exactly the expiry and after it, with the right preimage', async () => {
    const locked = await lock();
    scenario.ledger.now += TERM;
    await scenario.refused(hashLocks, 'ClaimUnits', SEC, ErrorCode.OUTSIDE_WINDOW, {}, locked.lockId, PREIMAGE);
    await scenario.refused(hashLocks, 'ClaimUnits', CSD, ErrorCode.OUTSIDE_WINDOW, {}, locked.lockId, PREIMAGE);
    scenario.ledger.now += 3600;
    await scenario.refused(hashLocks, 'ClaimUnits', SEC, ErrorCode.OUTSIDE_WINDOW, {}, locked.lockId, PREIMAGE);
  });

  it('is refused a second time, by the beneficiary or the CSD', async () => {
    const locked = await lock();
    await scenario.ok(hashLocks, 'ClaimUnits', SEC, locked.lockId, PREIMAGE);
    await scenario.refused(hashLocks, 'ClaimUnits', SEC, ErrorCode.INVALID_STATE_TRANSITION, {}, locked.lockId, PREIMAGE);
    await scenario.refused(hashLocks, 'ClaimUnits', CSD, ErrorCode.INVALID_STATE_TRANSITION, {}, locked.lockId, PREIMAGE);
    await scenario.refused(hashLocks, 'RefundUnits', BANK, ErrorCode.INVALID_STATE_TRANSITION, {}, locked.lockId);
    expect(await position('SecuritiesMSP')).toMatchObject({ units: '100' });
  });
});

describe('a refund', () => {
  it('is refused before the expiry and to the beneficiary or a third institution; from the expiry the locker takes the units back', async () => {
    const locked = await lock();
    scenario.ledger.now += TERM - 1;
    await scenario.refused(hashLocks, 'RefundUnits', BANK, ErrorCode.OUTSIDE_WINDOW, {}, locked.lockId);
    await scenario.refused(hashLocks, 'RefundUnits', CSD, ErrorCode.OUTSIDE_WINDOW, {}, locked.lockId);
    scenario.ledger.now += 1;
    await scenario.refused(hashLocks, 'RefundUnits', SEC, ErrorCode.NOT_A_PARTY, {}, locked.lockId);
    await scenario.refused(hashLocks, 'RefundUnits', FUND, ErrorCode.NOT_A_PARTY, {}, locked.lockId);
    const invocation = await scenario.ledger.invoke(hashLocks, 'RefundUnits', BANK, locked.lockId);
    expect(invocation.error).toBeUndefined();
    const refunded = JSON.parse(invocation.result!) as HashLock;
    expect(refunded).toEqual({
      ...locked,
      status: 'REFUNDED',
      refunded: expect.objectContaining({ mspId: 'BankMSP', timestamp: '2026-06-01T09:20:00.000Z' }) as unknown,
    });
    expect(refunded.preimage).toBeUndefined();
    expect(invocation.event).toEqual({ name: 'UnitsRefunded', payload: refunded });
    expect(await position()).toMatchObject({ units: '646', lockedUnits: '0', availableUnits: '646' });
    await scenario.refused(hashLocks, 'RefundUnits', BANK, ErrorCode.INVALID_STATE_TRANSITION, {}, locked.lockId);
    await scenario.refused(hashLocks, 'ClaimUnits', SEC, ErrorCode.INVALID_STATE_TRANSITION, {}, locked.lockId, PREIMAGE);
    expect(await scenario.outstanding()).toBe(1200n);
  });

  it('by the CSD for the locker frees the units in the locker’s holding', async () => {
    const locked = await lock();
    scenario.ledger.now += TERM;
    expect((await scenario.ok<HashLock>(hashLocks, 'RefundUnits', CSD, locked.lockId)).status).toBe('REFUNDED');
    expect(await position()).toMatchObject({ units: '646', lockedUnits: '0' });
  });
});

describe('the register', () => {
  it('refuses to redeem locked units and a claim once the register is closed; the refund frees them for redemption', async () => {
    let locked: HashLock | undefined;
    for (const n of [1, 2, 3]) {
      if (n === 3) {
        scenario.ledger.now = at('2029-02-28');
        locked = await lock({ expiresAt: '2029-03-05T09:00:00Z' });
      }
      scenario.ledger.now = at(`${2026 + n}-03-01`);
      await scenario.ok(servicing, 'FixCouponEntitlements', CSD, ISIN, String(n));
      if (n === 3) await scenario.ok(servicing, 'FixRedemptionEntitlements', CSD, json({ isin: ISIN, reason: 'MATURITY' }));
      scenario.ledger.now = at(`${2026 + n}-03-02`);
      await scenario.ok(servicing, 'ConfirmPayment', BANK, ISIN, `C-00${n}`, 'BankMSP', 'PROP');
    }
    const lockId = locked!.lockId;
    // The coupon on the locked units went to the locker: they were in its holding on the record date.
    const coupon = await scenario.ok<{ records: Entitlement[] }>(servicing, 'ListEntitlements', CSD, ISIN, 'C-003', '100', '');
    expect(coupon.records.find((e) => e.holder === 'BankMSP')?.units).toBe('646');
    await scenario.refused(hashLocks, 'ClaimUnits', SEC, ErrorCode.OUTSIDE_WINDOW, {}, lockId, PREIMAGE);
    await scenario.refused(servicing, 'ConfirmPayment', BANK, ErrorCode.HOLDING_FROZEN, {}, ISIN, 'R-MATURITY', 'BankMSP', 'PROP');
    scenario.ledger.now = Date.parse('2029-03-05T09:00:00Z') / 1000;
    await scenario.ok(hashLocks, 'RefundUnits', BANK, lockId);
    await scenario.ok(servicing, 'ConfirmPayment', BANK, ISIN, 'R-MATURITY', 'BankMSP', 'PROP');
  });
});

describe('reading locks', () => {
  it("lists a bond's locks a page at a time; a suspended member sees and reads only the locks it is party to", async () => {
    const bankToSec = await lock();
    const fundToBank = await lock({ holder: 'FundMSP', beneficiary: 'BankMSP', units: '50' }, FUND);
    const first = await scenario.ok<Page<HashLock>>(hashLocks, 'ListHashLocks', CSD, ISIN, '1', '');
    expect(first.records).toEqual([bankToSec]);
    const second = await scenario.ok<Page<HashLock>>(hashLocks, 'ListHashLocks', CSD, ISIN, '1', first.bookmark);
    expect(second.records).toEqual([fundToBank]);
    expect((await scenario.ok<Page<HashLock>>(hashLocks, 'ListHashLocks', FUND, ISIN, '', '')).records).toHaveLength(2);
    await scenario.refused(hashLocks, 'ListHashLocks', CSD, ErrorCode.NOT_FOUND, {}, 'CNTEST000021', '', '');
    await scenario.refused(hashLocks, 'ListHashLocks', CSD, ErrorCode.INVALID_ARGUMENT, {}, ISIN, '', 'elsewhere');

    await scenario.ok(membership, 'SuspendMember', CSD_ADMIN, json({ mspId: 'FundMSP', reason: 'review' }));
    expect((await scenario.ok<Page<HashLock>>(hashLocks, 'ListHashLocks', FUND, ISIN, '', '')).records).toEqual([fundToBank]);
    expect(await scenario.ok<HashLock>(hashLocks, 'GetHashLock', FUND, fundToBank.lockId)).toEqual(fundToBank);
    await scenario.refused(hashLocks, 'GetHashLock', FUND, ErrorCode.ACCESS_DENIED, {}, bankToSec.lockId);
    // A suspended member can neither lock nor refund.
    await scenario.refused(hashLocks, 'LockUnits', FUND, ErrorCode.MEMBER_SUSPENDED, {}, request({ holder: 'FundMSP' }));
    scenario.ledger.now += TERM;
    await scenario.refused(hashLocks, 'RefundUnits', FUND, ErrorCode.MEMBER_SUSPENDED, {}, fundToBank.lockId);
  });
});

describe('holdings under any sequence of locks, claims, refunds, transfers and the passing of time', () => {
  const PARTIES: Record<string, TestIdentity> = { BankMSP: BANK, FundMSP: FUND, SecuritiesMSP: SEC };
  const LOCKERS = ['BankMSP', 'FundMSP'] as const;
  type Step =
    | { kind: 'lock'; locker: string; beneficiary: string; units: number }
    | { kind: 'claim'; index: number; byCsd: boolean; rightPreimage: boolean }
    | { kind: 'refund'; index: number; byCsd: boolean }
    | { kind: 'transfer'; from: string; units: number }
    | { kind: 'wait'; seconds: number };
  const units = fc.integer({ min: 1, max: 700 });
  const index = fc.nat(20);
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({
      kind: fc.constant('lock' as const),
      locker: fc.constantFrom(...LOCKERS),
      beneficiary: fc.constantFrom('BankMSP', 'FundMSP', 'SecuritiesMSP'),
      units,
    }),
    fc.record({ kind: fc.constant('claim' as const), index, byCsd: fc.boolean(), rightPreimage: fc.boolean() }),
    fc.record({ kind: fc.constant('refund' as const), index, byCsd: fc.boolean() }),
    fc.record({ kind: fc.constant('transfer' as const), from: fc.constantFrom(...LOCKERS), units }),
    // Around the lock term, so expiries are crossed and met exactly.
    fc.record({ kind: fc.constant('wait' as const), seconds: fc.constantFrom(1, TERM - 1, TERM, 600) }),
  );

  /** The PROP holdings as the steps should leave them, and the locks made. */
  class Model {
    readonly held: Record<string, bigint> = { BankMSP: 646n, FundMSP: 554n, SecuritiesMSP: 0n };
    readonly locks: (HashLock & { expiresAtSeconds: number })[] = [];

    locked(h: string): bigint {
      return this.locks.filter((l) => l.status === 'LOCKED' && l.locker === h).reduce((sum, l) => sum + BigInt(l.units), 0n);
    }

    free(h: string): bigint {
      return this.held[h]! - this.locked(h);
    }
  }

  type Of<K extends Step['kind']> = Extract<Step, { kind: K }>;

  async function lockStep(model: Model, s: Of<'lock'>): Promise<Outcome> {
    const body = request({ holder: s.locker, beneficiary: s.beneficiary, units: String(s.units) });
    const expected = s.beneficiary !== s.locker && BigInt(s.units) <= model.free(s.locker);
    const invocation = await scenario.ledger.invoke(hashLocks, 'LockUnits', PARTIES[s.locker]!, body);
    if (!invocation.error)
      model.locks.push({ ...(JSON.parse(invocation.result!) as HashLock), expiresAtSeconds: scenario.ledger.now + TERM });
    return { error: invocation.error, expected };
  }

  /** The beneficiary or the CSD claims, or the locker or the CSD refunds, one of the locks made (undefined: none made yet). */
  async function endStep(model: Model, s: Of<'claim' | 'refund'>): Promise<Outcome> {
    const l = model.locks[s.index % Math.max(model.locks.length, 1)];
    if (!l) return undefined;
    const expired = scenario.ledger.now >= l.expiresAtSeconds;
    const claim = s.kind === 'claim';
    const caller = s.byCsd ? CSD : PARTIES[claim ? l.beneficiary : l.locker]!;
    const expected = l.status === 'LOCKED' && (claim ? !expired && s.rightPreimage : expired);
    const invocation = claim
      ? await scenario.ledger.invoke(hashLocks, 'ClaimUnits', caller, l.lockId, s.rightPreimage ? PREIMAGE : WRONG)
      : await scenario.ledger.invoke(hashLocks, 'RefundUnits', caller, l.lockId);
    if (invocation.error) return { error: invocation.error, expected };
    l.status = claim ? 'CLAIMED' : 'REFUNDED';
    if (claim) {
      model.held[l.locker] = model.held[l.locker]! - BigInt(l.units);
      model.held[l.beneficiary] = model.held[l.beneficiary]! + BigInt(l.units);
    }
    return { expected };
  }

  /** A free-of-payment transfer to the securities company, which affirms it (settling it). */
  async function transferStep(model: Model, s: Of<'transfer'>): Promise<Outcome> {
    const expected = BigInt(s.units) <= model.free(s.from);
    const invocation = await scenario.ledger.invoke(custody, 'InstructTransfer', PARTIES[s.from]!, transferOf(String(s.units)));
    if (invocation.error) return { error: invocation.error, expected };
    const transfer = JSON.parse(invocation.result!) as Transfer;
    expect((await scenario.ledger.invoke(custody, 'AffirmTransfer', SEC, transfer.transferId)).error).toBeUndefined();
    model.held[s.from] = model.held[s.from]! - BigInt(s.units);
    model.held.SecuritiesMSP = model.held.SecuritiesMSP! + BigInt(s.units);
    return { expected };
  }

  function apply(model: Model, s: Step): Promise<Outcome> {
    switch (s.kind) {
      case 'lock':
        return lockStep(model, s);
      case 'claim':
      case 'refund':
        return endStep(model, s);
      case 'transfer':
        return transferStep(model, s);
      default:
        scenario.ledger.now += s.seconds;
        return Promise.resolve(undefined);
    }
  }

  async function expectPositions(model: Model): Promise<void> {
    for (const h of LOCKERS) {
      const p = await position(h);
      expect([p.units, p.lockedUnits, p.availableUnits]).toEqual([model.held[h], model.locked(h), model.free(h)].map(String));
    }
    const sec = model.held.SecuritiesMSP!;
    if (sec > 0n) expect((await position('SecuritiesMSP')).units).toBe(String(sec));
  }

  it('accepts exactly what the model allows, writes nothing when refused, and never changes outstanding (property)', async () => {
    await assertAgainstModel(step, {
      start: (fresh) => {
        scenario = fresh;
        return new Model();
      },
      apply,
      expectPositions,
    });
  });
});
