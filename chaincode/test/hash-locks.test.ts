/**
 * Hash time locks (HashLocks:LockUnits, ClaimUnits, RefundUnits,
 * ListOpenHashLocks) through the access guard on the in-memory world state:
 * a lock moves the units into the locker's escrow holding HTLC-ESCROW,
 * whose key only the CSD's peers endorse, and no transfer, freeze, pledge,
 * put or other lock may take them there; a claim with the preimage before
 * the expiry delivers them from escrow to the beneficiary; a refund from the
 * expiry returns them to the locker's account; every refusal writes
 * nothing; outstanding = Σ holdings never changes.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { KeyEndorsementPolicy } from 'fabric-shim';
import { type Entitlement, ErrorCode, type HashLock, type Holding, type HoldingPosition, type Page, type Transfer } from '../src/api';
import type { TestIdentity } from './support/memory-ledger';
import { TERMS } from './support/fixtures';
import { BANK, BANK_VIEWER, contracts, CSD, CSD_ADMIN, FUND, ISIN, json, lockUnitsRequest, Scenario, SEC } from './support/scenario';
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
  lockUnitsRequest(HASH, iso(scenario.ledger.now + TERM), { reference: 'TRADE-2026-0601-1', ...overrides });

const lock = (overrides: Record<string, unknown> = {}, caller: TestIdentity = BANK): Promise<HashLock> =>
  scenario.ok<HashLock>(hashLocks, 'LockUnits', caller, request(overrides));

async function position(holder = 'BankMSP', accountId = 'PROP'): Promise<HoldingPosition> {
  return scenario.ok<HoldingPosition>(custody, 'GetHolding', CSD, ISIN, holder, accountId);
}

const ESCROW = 'HTLC-ESCROW';

/** The organisations whose peers the holding key's state-based endorsement policy requires. */
function keyPolicyOrgs(holder: string, accountId: string): string[] {
  const holdingKey = `\u0000holding\u0000${ISIN}\u0000${holder}\u0000${accountId}\u0000`;
  const policy = scenario.ledger.validationParameters.get(holdingKey);
  if (!policy) throw new Error(`no key policy on ${holder}/${accountId}`);
  return new KeyEndorsementPolicy(policy).listOrgs();
}

/** Outstanding, as the chaincode reports it, is Σ of the register's holdings (the escrow holdings among them): the 1200 issued. */
async function expectOutstandingIsSumOfHoldings(): Promise<void> {
  const register = await scenario.ok<Page<Holding>>(custody, 'ListHoldersOfBond', CSD, ISIN, '100', '');
  const sum = register.records.reduce((total, h) => total + BigInt(h.units), 0n);
  expect(sum).toBe(1200n);
  expect(await scenario.outstanding()).toBe(sum);
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
  it("moves the units into the locker's escrow holding (CSD-only key policy); outstanding = Σ holdings; one event; both parties read it", async () => {
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
    expect(await position()).toMatchObject({ units: '546', frozenUnits: '0', pledgedUnits: '0', lockedUnits: '0', availableUnits: '546' });
    // The escrow is the locker's holding, every unit of it encumbered by the lock.
    expect(await position('BankMSP', ESCROW)).toMatchObject({
      holder: 'BankMSP',
      accountId: ESCROW,
      units: '100',
      lockedUnits: '100',
      availableUnits: '0',
    });
    // Only the CSD's peers endorse a change of the escrow, so the locker's peer cannot stall the claim; its own account keeps both.
    expect(keyPolicyOrgs('BankMSP', ESCROW)).toEqual(['CSDMSP']);
    expect(keyPolicyOrgs('BankMSP', 'PROP').sort()).toEqual(['BankMSP', 'CSDMSP']);
    await expectOutstandingIsSumOfHoldings();
    expect(await scenario.ok<HashLock>(hashLocks, 'GetHashLock', SEC, locked.lockId)).toEqual(locked);
    expect(await scenario.ok<HashLock>(hashLocks, 'GetHashLock', BANK, locked.lockId)).toEqual(locked);
    expect((await scenario.ok<Page<HashLock>>(hashLocks, 'ListHashLocks', CSD, ISIN, '', '')).records).toEqual([locked]);

    // A second lock reuses the escrow holding and its policy; the escrow holds the sum of the LOCKED locks.
    await lock({ units: '40', beneficiary: 'FundMSP' });
    expect(await position('BankMSP', ESCROW)).toMatchObject({ units: '140', lockedUnits: '140', availableUnits: '0' });
    expect(keyPolicyOrgs('BankMSP', ESCROW)).toEqual(['CSDMSP']);
    await expectOutstandingIsSumOfHoldings();
  });

  it('keeps escrowed units out of every transfer, pledge, freeze and other lock; each refusal writes nothing', async () => {
    await lock({ units: '600' });
    expect(await position()).toMatchObject({ units: '46', availableUnits: '46' });
    // The escrow account is refused as an input wherever a trading account is named…
    const fromEscrow = JSON.parse(transferOf('1')) as Record<string, unknown>;
    await scenario.refused(custody, 'InstructTransfer', BANK, ErrorCode.INVALID_ARGUMENT, {}, json({ ...fromEscrow, fromAccount: ESCROW }));
    await scenario.refused(custody, 'InstructTransfer', BANK, ErrorCode.INVALID_ARGUMENT, {}, json({ ...fromEscrow, toAccount: ESCROW }));
    await scenario.refused(
      custody,
      'PledgeHolding',
      BANK,
      ErrorCode.INVALID_ARGUMENT,
      {},
      json({ isin: ISIN, holder: 'BankMSP', accountId: ESCROW, pledgee: 'FundMSP', units: '1', reference: 'LOAN-1', enforceable: true }),
    );
    await scenario.refused(hashLocks, 'LockUnits', BANK, ErrorCode.INVALID_ARGUMENT, {}, request({ accountId: ESCROW, units: '1' }));
    await scenario.refused(
      hashLocks,
      'LockUnits',
      FUND,
      ErrorCode.INVALID_ARGUMENT,
      {},
      request({ holder: 'FundMSP', beneficiaryAccountId: ESCROW }),
    );
    // … and the CSD, which may freeze any holding, finds no free unit in it.
    await scenario.refused(
      custody,
      'FreezeHolding',
      CSD,
      ErrorCode.INSUFFICIENT_HOLDING,
      {},
      json({ isin: ISIN, holder: 'BankMSP', accountId: ESCROW, units: '1', reason: 'court order' }),
    );
    // The account the units left holds only what is free.
    await scenario.refused(custody, 'InstructTransfer', BANK, ErrorCode.INSUFFICIENT_HOLDING, {}, transferOf('47'));
    await scenario.refused(hashLocks, 'LockUnits', BANK, ErrorCode.INSUFFICIENT_HOLDING, {}, request({ units: '47' }));
    // An instruction does not encumber: locking what it needs is allowed, and its settlement then finds the units gone.
    const transfer = await scenario.ok<Transfer>(custody, 'InstructTransfer', BANK, transferOf('46'));
    await lock({ units: '1', beneficiary: 'FundMSP' });
    await scenario.refused(custody, 'AffirmTransfer', SEC, ErrorCode.INSUFFICIENT_HOLDING, {}, transfer.transferId);
    expect(await position()).toMatchObject({ units: '45', lockedUnits: '0', availableUnits: '45' });
    expect(await position('BankMSP', ESCROW)).toMatchObject({ units: '601', lockedUnits: '601', availableUnits: '0' });
    await expectOutstandingIsSumOfHoldings();
  });

  it('keeps escrowed units out of a put election', async () => {
    scenario = new Scenario();
    await scenario.members();
    await scenario.issuedBond({ ...TERMS, putSchedule: [{ date: '2028-03-02', price: '100' }] });
    scenario.ledger.now = at('2028-02-01');
    await lock({ units: '100' });
    const put = (accountId: string) => json({ isin: ISIN, putDate: '2028-03-02', accountId, units: '1' });
    await scenario.refused(servicing, 'ExercisePut', BANK, ErrorCode.INVALID_ARGUMENT, {}, put(ESCROW));
    await scenario.ok(servicing, 'ExercisePut', BANK, put('PROP'));
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
    // From escrow to the beneficiary: the locker's account is not written, so its peer's endorsement is not needed.
    expect(await position()).toMatchObject({ units: '546', lockedUnits: '0', availableUnits: '546' });
    expect(await position('BankMSP', ESCROW)).toMatchObject({ units: '0', lockedUnits: '0', availableUnits: '0' });
    expect(await position('SecuritiesMSP')).toMatchObject({ units: '100', lockedUnits: '0', availableUnits: '100' });
    expect(invocation.attemptedWrites.filter((k) => k.startsWith('\u0000holding\u0000'))).toEqual([
      `\u0000holding\u0000${ISIN}\u0000BankMSP\u0000${ESCROW}\u0000`,
      `\u0000holding\u0000${ISIN}\u0000SecuritiesMSP\u0000PROP\u0000`,
    ]);
    expect(keyPolicyOrgs('SecuritiesMSP', 'PROP').sort()).toEqual(['CSDMSP', 'SecuritiesMSP']);
    await expectOutstandingIsSumOfHoldings();
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
    expect(await position('BankMSP', ESCROW)).toMatchObject({ units: '0', lockedUnits: '0' });
    await expectOutstandingIsSumOfHoldings();
  });

  it('is refused with a wrong or malformed preimage, or the hash itself; each refusal writes nothing', async () => {
    const locked = await lock();
    await scenario.refused(hashLocks, 'ClaimUnits', SEC, ErrorCode.HASH_MISMATCH, {}, locked.lockId, WRONG);
    await scenario.refused(hashLocks, 'ClaimUnits', SEC, ErrorCode.HASH_MISMATCH, {}, locked.lockId, HASH);
    await scenario.refused(hashLocks, 'ClaimUnits', SEC, ErrorCode.INVALID_ARGUMENT, {}, locked.lockId, PREIMAGE.toUpperCase());
    await scenario.refused(hashLocks, 'ClaimUnits', SEC, ErrorCode.INVALID_ARGUMENT, {}, locked.lockId, '');
    await scenario.refused(hashLocks, 'ClaimUnits', SEC, ErrorCode.NOT_FOUND, {}, 'tx999999', PREIMAGE);
    expect(await position('BankMSP', ESCROW)).toMatchObject({ units: '100', lockedUnits: '100' });
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
      refundedTo: 'PROP',
      refunded: expect.objectContaining({ mspId: 'BankMSP', timestamp: '2026-06-01T09:20:00.000Z' }) as unknown,
    });
    expect(refunded.preimage).toBeUndefined();
    expect(invocation.event).toEqual({ name: 'UnitsRefunded', payload: refunded });
    // Back from escrow to the account the lock took them from, free; the beneficiary's side is not written.
    expect(await position()).toMatchObject({ units: '646', lockedUnits: '0', availableUnits: '646' });
    expect(await position('BankMSP', ESCROW)).toMatchObject({ units: '0', lockedUnits: '0' });
    expect(invocation.attemptedWrites.filter((k) => k.startsWith('\u0000holding\u0000'))).toEqual([
      `\u0000holding\u0000${ISIN}\u0000BankMSP\u0000${ESCROW}\u0000`,
      `\u0000holding\u0000${ISIN}\u0000BankMSP\u0000PROP\u0000`,
    ]);
    await scenario.refused(hashLocks, 'RefundUnits', BANK, ErrorCode.INVALID_STATE_TRANSITION, {}, locked.lockId);
    await scenario.refused(hashLocks, 'ClaimUnits', SEC, ErrorCode.INVALID_STATE_TRANSITION, {}, locked.lockId, PREIMAGE);
    await expectOutstandingIsSumOfHoldings();
  });

  it('by the CSD for the locker returns the units to the locker’s account', async () => {
    const locked = await lock();
    scenario.ledger.now += TERM;
    expect(await scenario.ok<HashLock>(hashLocks, 'RefundUnits', CSD, locked.lockId)).toMatchObject({
      status: 'REFUNDED',
      refundedTo: 'PROP',
    });
    expect(await position()).toMatchObject({ units: '646', lockedUnits: '0' });
    expect(await position('BankMSP', ESCROW)).toMatchObject({ units: '0' });
  });

  it('returns the units to an account the locker emptied meanwhile, and waits a day on a fixed record date', async () => {
    const locked = await lock({ units: '600' });
    await scenario.ok(
      custody,
      'AffirmTransfer',
      SEC,
      (await scenario.ok<Transfer>(custody, 'InstructTransfer', BANK, transferOf('46'))).transferId,
    );
    expect(await position()).toMatchObject({ units: '0' });
    // The first coupon's record date (2027-03-01), fixed that day: no delivery settles, nor does a refund move units.
    scenario.ledger.now = at('2027-03-01');
    await scenario.ok(servicing, 'FixCouponEntitlements', CSD, ISIN, '1');
    await scenario.refused(hashLocks, 'RefundUnits', BANK, ErrorCode.OUTSIDE_WINDOW, {}, locked.lockId);
    scenario.ledger.now = at('2027-03-02');
    expect((await scenario.ok<HashLock>(hashLocks, 'RefundUnits', BANK, locked.lockId)).refundedTo).toBe('PROP');
    expect(await position()).toMatchObject({ units: '600', availableUnits: '600' });
    await expectOutstandingIsSumOfHoldings();
  });
});

describe('the register', () => {
  it('pays coupons on escrowed units to the locker, redeems them only once the lock ends, and a refund after the register closed leaves them in escrow for that', async () => {
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
    // The coupon on the locked units went to the locker: its escrow holding was on the register on the record date.
    const coupon = await scenario.ok<{ records: Entitlement[] }>(servicing, 'ListEntitlements', CSD, ISIN, 'C-003', '100', '');
    expect(coupon.records.filter((e) => e.holder === 'BankMSP').map((e) => [e.accountId, e.units])).toEqual([
      [ESCROW, '100'],
      ['PROP', '546'],
    ]);
    await scenario.ok(servicing, 'ConfirmPayment', BANK, ISIN, 'C-003', 'BankMSP', ESCROW);
    await scenario.refused(hashLocks, 'ClaimUnits', SEC, ErrorCode.OUTSIDE_WINDOW, {}, lockId, PREIMAGE);
    // The free units redeem; the escrowed ones wait for the lock to end.
    await scenario.ok(servicing, 'ConfirmPayment', BANK, ISIN, 'R-MATURITY', 'BankMSP', 'PROP');
    await scenario.refused(servicing, 'ConfirmPayment', BANK, ErrorCode.HOLDING_FROZEN, {}, ISIN, 'R-MATURITY', 'BankMSP', ESCROW);
    scenario.ledger.now = Date.parse('2029-03-05T09:00:00Z') / 1000;
    // The register closed: the units stay in escrow, free, where their redemption entitlement was fixed (PROP is retired).
    expect(await scenario.ok<HashLock>(hashLocks, 'RefundUnits', BANK, lockId)).toMatchObject({ status: 'REFUNDED', refundedTo: ESCROW });
    expect(await position('BankMSP', ESCROW)).toMatchObject({ units: '100', lockedUnits: '0', availableUnits: '100' });
    await scenario.refused(custody, 'GetHolding', CSD, ErrorCode.NOT_FOUND, {}, ISIN, 'BankMSP', 'PROP');
    await scenario.ok(servicing, 'ConfirmPayment', BANK, ISIN, 'R-MATURITY', 'BankMSP', ESCROW);
    await scenario.refused(custody, 'GetHolding', CSD, ErrorCode.NOT_FOUND, {}, ISIN, 'BankMSP', ESCROW);
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

describe('the open locks', () => {
  it('are the LOCKED locks (of every bond), soonest expiry first, a page at a time; a claim or refund takes a lock off the list', async () => {
    const late = await lock({ expiresAt: iso(scenario.ledger.now + 3 * TERM) });
    const soon = await lock({ holder: 'FundMSP', beneficiary: 'BankMSP', units: '50' }, FUND);
    const middle = await lock({ units: '10', beneficiary: 'FundMSP', expiresAt: iso(scenario.ledger.now + 2 * TERM) });
    const open = (caller: TestIdentity, pageSize = '', bookmark = '') =>
      scenario.ok<Page<HashLock>>(hashLocks, 'ListOpenHashLocks', caller, pageSize, bookmark);
    expect((await open(CSD)).records).toEqual([soon, middle, late]);
    const first = await open(CSD, '2');
    expect(first.records).toEqual([soon, middle]);
    expect((await open(CSD, '2', first.bookmark)).records).toEqual([late]);
    // Any member in good standing reads all, as it reads every bond's locks.
    expect((await open(SEC)).records).toEqual([soon, middle, late]);
    await scenario.refused(hashLocks, 'ListOpenHashLocks', CSD, ErrorCode.INVALID_ARGUMENT, {}, '0', '');
    await scenario.refused(hashLocks, 'ListOpenHashLocks', CSD, ErrorCode.INVALID_ARGUMENT, {}, '', 'elsewhere');

    await scenario.ok(hashLocks, 'ClaimUnits', SEC, late.lockId, PREIMAGE);
    scenario.ledger.now += TERM;
    await scenario.ok(hashLocks, 'RefundUnits', FUND, soon.lockId);
    expect((await open(CSD)).records).toEqual([middle]);

    // A suspended member sees only the open locks it is party to.
    const fundToSec = await lock({ holder: 'FundMSP', units: '5' }, FUND);
    await scenario.ok(membership, 'SuspendMember', CSD_ADMIN, json({ mspId: 'FundMSP', reason: 'review' }));
    expect((await open(FUND)).records).toEqual([middle, fundToSec]);
    await scenario.ok(membership, 'SuspendMember', CSD_ADMIN, json({ mspId: 'SecuritiesMSP', reason: 'review' }));
    expect((await open(SEC)).records).toEqual([fundToSec]);
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

  /** The PROP holdings as the steps should leave them (locked units are in escrow, not here), and the locks made. */
  class Model {
    readonly held: Record<string, bigint> = { BankMSP: 646n, FundMSP: 554n, SecuritiesMSP: 0n };
    readonly locks: (HashLock & { expiresAtSeconds: number })[] = [];

    /** What the locker's escrow holding holds: its LOCKED locks' units. */
    locked(h: string): bigint {
      return this.locks.filter((l) => l.status === 'LOCKED' && l.locker === h).reduce((sum, l) => sum + BigInt(l.units), 0n);
    }

    free(h: string): bigint {
      return this.held[h]!;
    }
  }

  type Of<K extends Step['kind']> = Extract<Step, { kind: K }>;

  async function lockStep(model: Model, s: Of<'lock'>): Promise<Outcome> {
    const body = request({ holder: s.locker, beneficiary: s.beneficiary, units: String(s.units) });
    const expected = s.beneficiary !== s.locker && BigInt(s.units) <= model.free(s.locker);
    const invocation = await scenario.ledger.invoke(hashLocks, 'LockUnits', PARTIES[s.locker]!, body);
    if (!invocation.error) {
      model.locks.push({ ...(JSON.parse(invocation.result!) as HashLock), expiresAtSeconds: scenario.ledger.now + TERM });
      model.held[s.locker] = model.held[s.locker]! - BigInt(s.units);
    }
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
    // From escrow to the beneficiary's account, or back to the locker's.
    const to = claim ? l.beneficiary : l.locker;
    model.held[to] = model.held[to]! + BigInt(l.units);
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
      expect([p.units, p.lockedUnits, p.availableUnits]).toEqual([model.held[h], 0n, model.free(h)].map(String));
      // The escrow holds exactly the LOCKED locks' units, none of them free.
      const inEscrow = model.locked(h);
      if (model.locks.some((l) => l.locker === h)) {
        const e = await position(h, ESCROW);
        expect([e.units, e.lockedUnits, e.availableUnits]).toEqual([inEscrow, inEscrow, 0n].map(String));
      }
    }
    const sec = model.held.SecuritiesMSP!;
    if (sec > 0n) expect((await position('SecuritiesMSP')).units).toBe(String(sec));
    await expectOutstandingIsSumOfHoldings();
  }

  it('accepts exactly what the model allows, writes nothing when refused, and keeps outstanding = Σ holdings, escrow included (property)', async () => {
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
