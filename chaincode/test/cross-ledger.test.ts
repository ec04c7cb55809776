/**
 * Proof instead of trust through the access guard on the in-memory world
 * state: the CSD's admins register the cash ledger; a bond lock records the
 * cash lock proven to pay for it (HashLocks:AttachCashLock); a primary
 * settlement instruction settles on proof of the claimed cash lock
 * (Settlement:ConfirmCashByProof); a coupon or redemption payment is
 * recorded on proof of the claimed cash lock from the paying agent
 * (Servicing:ConfirmPaymentByProof). Proofs are real envelopes signed with
 * real keys (test/support/cash-proof.ts). Every refusal writes nothing.
 */
import { createHash } from 'node:crypto';
import {
  type CashLedgerRegistration,
  type CashLockUse,
  type Entitlement,
  ErrorCode,
  HASH_LOCK_ESCROW_ACCOUNT,
  type HashLock,
  type Pledge,
  type SettlementInstruction,
} from '../src/api';
import { CrossLedgerContract } from '../src/contracts/cross-ledger-contract';
import { buildProof, type CashLockJson, cashLockJson, testPki } from './support/cash-proof';
import { BANK, contracts, CSD, CSD_ADMIN, FUND, ISIN, json, lockUnitsRequest, Scenario, SEC } from './support/scenario';

const crossLedger = new CrossLedgerContract();
const { custody, hashLocks, servicing, settlement } = contracts;

const PREIMAGE = '5e'.repeat(32);
const HASH = createHash('sha256').update(Buffer.from(PREIMAGE, 'hex')).digest('hex');

let scenario: Scenario;
const iso = (seconds: number): string => new Date(seconds * 1000).toISOString();

const register = (overrides: Record<string, unknown> = {}) =>
  scenario.ok<CashLedgerRegistration>(
    crossLedger,
    'RegisterCashLedger',
    CSD_ADMIN,
    json({
      channel: 'cash',
      chaincode: 'cash',
      organisations: [{ mspId: 'PaymentMSP', rootCertificates: [testPki().paymentCa] }],
      ...overrides,
    }),
  );

/** A proof of `lock`, attested `ageSeconds` before the ledger's now by PaymentMSP's peer. */
const proofOf = (lock: CashLockJson, ageSeconds = 60): string =>
  buildProof({ lock, attestedAtMillis: (scenario.ledger.now - ageSeconds) * 1000 });

describe('the cash ledger registration', () => {
  beforeEach(async () => {
    scenario = new Scenario();
    await scenario.members();
  });

  it("is the CSD admins' to write, with an event, and every member's to read", async () => {
    await scenario.refused(crossLedger, 'GetCashLedger', BANK, ErrorCode.NOT_FOUND, {});
    const request = json({
      channel: 'cash',
      chaincode: 'cash',
      organisations: [{ mspId: 'PaymentMSP', rootCertificates: [testPki().paymentCa] }],
    });
    await scenario.refused(crossLedger, 'RegisterCashLedger', CSD, ErrorCode.ADMIN_REQUIRED, {}, request);
    await scenario.refused(crossLedger, 'RegisterCashLedger', BANK, ErrorCode.ADMIN_REQUIRED, {}, request);
    await scenario.refused(
      crossLedger,
      'RegisterCashLedger',
      CSD_ADMIN,
      ErrorCode.INVALID_ARGUMENT,
      {},
      json({ channel: 'cash', chaincode: 'cash', organisations: [{ mspId: 'PaymentMSP', rootCertificates: ['no PEM'] }] }),
    );
    const invocation = await scenario.ledger.invoke(crossLedger, 'RegisterCashLedger', CSD_ADMIN, request);
    expect(invocation.error).toBeUndefined();
    const registered = JSON.parse(invocation.result!) as CashLedgerRegistration;
    expect(registered).toMatchObject({ channel: 'cash', endorsementPolicy: { mspIds: ['PaymentMSP'] }, maxProofAgeSeconds: 300 });
    expect(invocation.event).toEqual({ name: 'CashLedgerRegistered', payload: registered });
    expect(await scenario.ok(crossLedger, 'GetCashLedger', BANK)).toEqual(registered);
    expect(await scenario.ok(crossLedger, 'GetCashLedger', FUND)).toEqual(registered);
  });
});

describe('a cash lock attached to a bond lock', () => {
  /** The bank sells 100 units to the securities company: its bond lock expires in 20 minutes. */
  let bondLock: HashLock;
  /** The securities company's cash lock for the bank, expiring 10 minutes before the bond lock. */
  const cashLock = (overrides: Partial<CashLockJson> = {}): CashLockJson =>
    cashLockJson(HASH, iso(scenario.ledger.now + 10 * 60), { lockId: 'DVP-7', ...overrides });

  beforeEach(async () => {
    scenario = new Scenario();
    await scenario.members();
    await scenario.issuedBond();
    scenario.ledger.now = Scenario.at('2026-06-01');
    await register();
    bondLock = await scenario.ok<HashLock>(hashLocks, 'LockUnits', BANK, lockUnitsRequest(HASH, iso(scenario.ledger.now + 20 * 60)));
  });

  it('is recorded on the bond lock with an event, once; the units stay locked and the claim works as before', async () => {
    const invocation = await scenario.ledger.invoke(hashLocks, 'AttachCashLock', SEC, bondLock.lockId, proofOf(cashLock()));
    expect(invocation.error).toBeUndefined();
    const attached = JSON.parse(invocation.result!) as HashLock;
    expect(attached).toEqual({
      ...bondLock,
      cashLock: {
        lockId: 'DVP-7',
        currency: 'CNY',
        amount: '1000000',
        expiry: '2026-06-01T09:10:00.000Z',
        attestedAt: '2026-06-01T08:59:00.000Z',
        endorsedBy: ['PaymentMSP'],
      },
    });
    expect(invocation.event).toEqual({ name: 'CashLockAttached', payload: attached });
    expect(await scenario.ok(hashLocks, 'GetHashLock', BANK, bondLock.lockId)).toEqual(attached);
    expect(await scenario.ok(custody, 'GetHolding', CSD, ISIN, 'BankMSP', HASH_LOCK_ESCROW_ACCOUNT)).toMatchObject({
      units: '100',
      lockedUnits: '100',
    });
    // Once per bond lock, by anyone, with this proof or a fresh one.
    await scenario.refused(hashLocks, 'AttachCashLock', BANK, ErrorCode.ALREADY_EXISTS, {}, bondLock.lockId, proofOf(cashLock()));
    await scenario.refused(hashLocks, 'AttachCashLock', CSD, ErrorCode.ALREADY_EXISTS, {}, bondLock.lockId, proofOf(cashLock(), 1));
    expect((await scenario.ok<HashLock>(hashLocks, 'ClaimUnits', SEC, bondLock.lockId, PREIMAGE)).status).toBe('CLAIMED');
  });

  it('by the locker or the CSD too, but not by a third institution', async () => {
    await scenario.refused(hashLocks, 'AttachCashLock', FUND, ErrorCode.NOT_A_PARTY, {}, bondLock.lockId, proofOf(cashLock()));
    expect((await scenario.ok<HashLock>(hashLocks, 'AttachCashLock', CSD, bondLock.lockId, proofOf(cashLock()))).cashLock?.lockId).toBe(
      'DVP-7',
    );
  });

  it('is refused for a cash lock of another hash, another beneficiary, too late an expiry, or not LOCKED; each refusal writes nothing', async () => {
    const refused = (lock: CashLockJson, code: string = ErrorCode.PROOF_INVALID) =>
      scenario.refused(hashLocks, 'AttachCashLock', SEC, code, {}, bondLock.lockId, proofOf(lock));
    await refused(cashLock({ hash: 'cd'.repeat(32) }));
    await refused(cashLock({ beneficiary: { owner: 'FundMSP', accountId: 'SETTLEMENT' } }));
    await refused(cashLock({ locker: { owner: 'FundMSP', accountId: 'SETTLEMENT' } }));
    // The bond lock expires at 09:20: the cash lock must expire by 09:19.
    expect((await scenario.ok<HashLock>(hashLocks, 'GetHashLock', SEC, bondLock.lockId)).expiresAt).toBe('2026-06-01T09:20:00.000Z');
    await refused(cashLock({ expiry: '2026-06-01T09:19:00.001Z' }));
    await refused(cashLock({ status: 'CLAIMED', preimage: PREIMAGE }));
    await refused(cashLock({ status: 'REFUNDED' }));
  });

  it('is refused for a forged, stale or foreign proof, and before any cash ledger is registered', async () => {
    const attach = (proof: string, code: string) => scenario.refused(hashLocks, 'AttachCashLock', SEC, code, {}, bondLock.lockId, proof);
    await attach(
      buildProof({ lock: cashLock(), attestedAtMillis: scenario.ledger.nowMillis, flipSignatureBit: true }),
      ErrorCode.PROOF_INVALID,
    );
    await attach(
      buildProof({ lock: cashLock(), attestedAtMillis: scenario.ledger.nowMillis, endorsers: [testPki().roguePeer] }),
      ErrorCode.PROOF_INVALID,
    );
    await attach(buildProof({ lock: cashLock(), attestedAtMillis: scenario.ledger.nowMillis, channel: 'bonds' }), ErrorCode.PROOF_INVALID);
    await attach(proofOf(cashLock(), 301), ErrorCode.PROOF_STALE);
    await attach(proofOf(cashLock(), -121), ErrorCode.PROOF_STALE);
    await attach('not a proof', ErrorCode.PROOF_INVALID);
    const fresh = new Scenario();
    await fresh.members();
    await fresh.refused(hashLocks, 'AttachCashLock', SEC, ErrorCode.NOT_FOUND, {}, bondLock.lockId, proofOf(cashLock()));
  });

  it('is refused once the bond lock is no longer LOCKED or has expired', async () => {
    await scenario.ok(hashLocks, 'ClaimUnits', SEC, bondLock.lockId, PREIMAGE);
    await scenario.refused(hashLocks, 'AttachCashLock', SEC, ErrorCode.INVALID_STATE_TRANSITION, {}, bondLock.lockId, proofOf(cashLock()));
    const later = await scenario.ok<HashLock>(
      hashLocks,
      'LockUnits',
      BANK,
      json({ ...bondLock, holder: 'BankMSP', units: '1', expiresAt: iso(scenario.ledger.now + 60) }),
    );
    scenario.ledger.now += 60;
    await scenario.refused(hashLocks, 'AttachCashLock', SEC, ErrorCode.OUTSIDE_WINDOW, {}, later.lockId, proofOf(cashLock()));
  });

  it('serves one bond lock only: the same cash lock is refused for a second bond lock', async () => {
    await scenario.ok(hashLocks, 'AttachCashLock', SEC, bondLock.lockId, proofOf(cashLock()));
    const second = await scenario.ok<HashLock>(hashLocks, 'LockUnits', BANK, json({ ...bondLock, units: '1', holder: 'BankMSP' }));
    await scenario.refused(hashLocks, 'AttachCashLock', SEC, ErrorCode.ALREADY_EXISTS, {}, second.lockId, proofOf(cashLock()));
  });
});

describe('a primary settlement instruction settled on proof of the claimed cash lock', () => {
  let instructions: SettlementInstruction[];
  const instruction = (settlementId: string): SettlementInstruction => instructions.find((i) => i.settlementId === settlementId)!;
  /** The bank paid the issuer (the securities company) its PROP account's cash through a claimed cash lock. */
  const paid = (settlementId = 'P-BankMSP-PROP', overrides: Partial<CashLockJson> = {}): CashLockJson => ({
    lockId: `CASH-${settlementId}`,
    status: 'CLAIMED',
    locker: { owner: 'BankMSP', accountId: 'SETTLEMENT' },
    beneficiary: { owner: 'SecuritiesMSP', accountId: 'SETTLEMENT' },
    currency: 'CNY',
    amount: instruction(settlementId).cashAmount,
    hashAlgorithm: 'SHA256',
    hash: HASH,
    expiry: iso(scenario.ledger.now + 600),
    preimage: PREIMAGE,
    ...overrides,
  });

  beforeEach(async () => {
    scenario = new Scenario();
    await scenario.members();
    await scenario.approvedBond();
    await scenario.openBook();
    // The bank splits its bid evenly over two accounts: two instructions of the same cash amount.
    const split = {
      isin: ISIN,
      units: '700',
      accounts: [
        { accountId: 'CLIENT', units: '350' },
        { accountId: 'PROP', units: '350' },
      ],
    };
    await scenario.ledger.okWith(contracts.books, 'PlaceBid', BANK, { transient: { bid: split } });
    await scenario.bid(FUND, '600');
    await scenario.allocate('200');
    instructions = await scenario.startSettlement();
    await register();
  });

  it('credits the investor as ConfirmCash does, by the investor, and records the cash lock as used', async () => {
    expect(instruction('P-BankMSP-PROP')).toMatchObject({
      deliverer: 'SecuritiesMSP',
      receiver: 'BankMSP',
      units: '323',
      cashAmount: '3230000',
    });
    const invocation = await scenario.ledger.invoke(settlement, 'ConfirmCashByProof', BANK, ISIN, 'P-BankMSP-PROP', proofOf(paid()));
    expect(invocation.error).toBeUndefined();
    const settled = JSON.parse(invocation.result!) as SettlementInstruction;
    expect(settled).toMatchObject({ settlementId: 'P-BankMSP-PROP', status: 'SETTLED', lastChange: { mspId: 'BankMSP' } });
    expect(invocation.event).toMatchObject({ name: 'SettlementSettled', payload: { settlement: settled, holding: { units: '323' } } });
    expect(await scenario.ok(custody, 'GetHolding', CSD, ISIN, 'BankMSP', 'PROP')).toMatchObject({ units: '323' });
    const use = [...scenario.ledger.state].find(([key]) => key.startsWith('\u0000cashLockUse\u0000'))?.[1];
    expect(JSON.parse(Buffer.from(use!).toString('utf8')) as CashLockUse).toMatchObject({
      channel: 'cash',
      cashLockId: 'CASH-P-BankMSP-PROP',
      usedBy: 'Settlement:ConfirmCashByProof',
      usedFor: `${ISIN}/P-BankMSP-PROP`,
    });
    await scenario.refused(
      settlement,
      'ConfirmCashByProof',
      BANK,
      ErrorCode.INVALID_STATE_TRANSITION,
      {},
      ISIN,
      'P-BankMSP-PROP',
      proofOf(paid()),
    );
  });

  it('by the issuer or the CSD too, never by another institution', async () => {
    await scenario.refused(settlement, 'ConfirmCashByProof', FUND, ErrorCode.NOT_A_PARTY, {}, ISIN, 'P-BankMSP-PROP', proofOf(paid()));
    expect(
      (await scenario.ok<SettlementInstruction>(settlement, 'ConfirmCashByProof', SEC, ISIN, 'P-BankMSP-PROP', proofOf(paid()))).status,
    ).toBe('SETTLED');
    const fund = paid('P-FundMSP-PROP', { locker: { owner: 'FundMSP', accountId: 'SETTLEMENT' } });
    expect(
      (await scenario.ok<SettlementInstruction>(settlement, 'ConfirmCashByProof', CSD, ISIN, 'P-FundMSP-PROP', proofOf(fund))).status,
    ).toBe('SETTLED');
  });

  it('refuses a cash lock used before, even for an instruction of the same amount', async () => {
    expect(instruction('P-BankMSP-CLIENT').cashAmount).toBe(instruction('P-BankMSP-PROP').cashAmount);
    await scenario.ok(settlement, 'ConfirmCashByProof', BANK, ISIN, 'P-BankMSP-PROP', proofOf(paid()));
    await scenario.refused(settlement, 'ConfirmCashByProof', BANK, ErrorCode.ALREADY_EXISTS, {}, ISIN, 'P-BankMSP-CLIENT', proofOf(paid()));
  });

  it('refuses the wrong amount, payer, payee or currency, a cash lock not CLAIMED, a stale or forged proof; each refusal writes nothing', async () => {
    const refused = (proof: string, code: string = ErrorCode.PROOF_INVALID) =>
      scenario.refused(settlement, 'ConfirmCashByProof', BANK, code, {}, ISIN, 'P-BankMSP-PROP', proof);
    await refused(proofOf(paid('P-BankMSP-PROP', { amount: '3229999' })));
    await refused(proofOf(paid('P-BankMSP-PROP', { amount: '3230001' })));
    await refused(proofOf(paid('P-BankMSP-PROP', { locker: { owner: 'FundMSP', accountId: 'SETTLEMENT' } })));
    await refused(proofOf(paid('P-BankMSP-PROP', { beneficiary: { owner: 'BankMSP', accountId: 'SETTLEMENT' } })));
    await refused(proofOf(paid('P-BankMSP-PROP', { currency: 'EUR' })));
    const unclaimed: CashLockJson = { ...paid(), status: 'LOCKED' };
    delete unclaimed.preimage;
    await refused(proofOf(unclaimed));
    await refused(proofOf(paid(), 301), ErrorCode.PROOF_STALE);
    await refused(buildProof({ lock: paid(), attestedAtMillis: scenario.ledger.nowMillis, flipSignatureBit: true }));
    await scenario.refused(settlement, 'ConfirmCashByProof', BANK, ErrorCode.NOT_FOUND, {}, ISIN, 'P-NobodyMSP-PROP', proofOf(paid()));
  });
});

describe('a coupon or redemption payment recorded on proof of the claimed cash lock', () => {
  const at = (date: string): number => Scenario.at(date);
  const useRecords = (): CashLockUse[] =>
    [...scenario.ledger.state]
      .filter(([key]) => key.startsWith('\u0000cashLockUse\u0000'))
      .map(([, value]) => JSON.parse(Buffer.from(value).toString('utf8')) as CashLockUse);
  const entitlementOf = async (eventId: string, holder: string): Promise<Entitlement> =>
    (await scenario.ok<{ records: Entitlement[] }>(servicing, 'ListEntitlements', CSD, ISIN, eventId, '100', '')).records.find(
      (e) => e.holder === holder && e.accountId === 'PROP',
    )!;
  /** The paying agent (the bank) paid the fund its C-001 coupon, 554 units × 285 = 157890 fen, through a claimed cash lock. */
  const paid = (overrides: Partial<CashLockJson> = {}): CashLockJson => ({
    lockId: 'PAY-C-001-FundMSP',
    status: 'CLAIMED',
    locker: { owner: 'BankMSP', accountId: 'PAYING-AGENT' },
    beneficiary: { owner: 'FundMSP', accountId: 'SETTLEMENT' },
    currency: 'CNY',
    amount: '157890',
    hashAlgorithm: 'SHA256',
    hash: HASH,
    expiry: iso(scenario.ledger.now + 600),
    preimage: PREIMAGE,
    ...overrides,
  });
  const byProof = (caller: typeof BANK, proof: string, eventId = 'C-001', holder = 'FundMSP') =>
    scenario.ok<Entitlement>(servicing, 'ConfirmPaymentByProof', caller, ISIN, eventId, holder, 'PROP', proof);
  const refusedByProof = (caller: typeof BANK, code: string, proof: string, eventId = 'C-001', holder = 'FundMSP') =>
    scenario.refused(servicing, 'ConfirmPaymentByProof', caller, code, {}, ISIN, eventId, holder, 'PROP', proof);

  beforeEach(async () => {
    scenario = new Scenario();
    await scenario.members();
    await scenario.issuedBond();
    await register();
    scenario.ledger.now = at('2027-03-01');
    await scenario.ok(servicing, 'FixCouponEntitlements', CSD, ISIN, '1');
    scenario.ledger.now = at('2027-03-02');
  });

  it('marks the entitlement PAID with the event ConfirmPayment emits, by the holder, and records the cash lock as used', async () => {
    const due = await entitlementOf('C-001', 'FundMSP');
    expect(due).toMatchObject({ status: 'DUE', units: '554', amount: '157890' });
    const invocation = await scenario.ledger.invoke(
      servicing,
      'ConfirmPaymentByProof',
      FUND,
      ISIN,
      'C-001',
      'FundMSP',
      'PROP',
      proofOf(paid()),
    );
    expect(invocation.error).toBeUndefined();
    const confirmed = JSON.parse(invocation.result!) as Entitlement;
    expect(confirmed).toEqual({ ...due, status: 'PAID', paidLate: false, paid: expect.objectContaining({ mspId: 'FundMSP' }) as unknown });
    expect(await entitlementOf('C-001', 'FundMSP')).toEqual(confirmed);
    // The paying agent's word for the bank's own entitlement: the same record and event, only the stamp differs.
    const trusted = await scenario.ledger.invoke(servicing, 'ConfirmPayment', BANK, ISIN, 'C-001', 'BankMSP', 'PROP');
    expect(invocation.event).toEqual({ name: 'PaymentConfirmed', payload: confirmed });
    expect(trusted.event?.name).toBe(invocation.event?.name);
    expect(Object.keys(JSON.parse(trusted.result!) as Entitlement).sort()).toEqual(Object.keys(confirmed).sort());
    expect(useRecords()).toEqual([
      expect.objectContaining({
        channel: 'cash',
        cashLockId: 'PAY-C-001-FundMSP',
        usedBy: 'Servicing:ConfirmPaymentByProof',
        usedFor: `${ISIN}/C-001/FundMSP/PROP`,
      }),
    ]);
    // Paid once: a second proof is refused as ConfirmPayment refuses a second confirmation.
    await refusedByProof(FUND, ErrorCode.INVALID_STATE_TRANSITION, proofOf(paid({ lockId: 'PAY-AGAIN' })));
    expect((await scenario.ok<{ status: string }>(servicing, 'CompletePaymentEvent', CSD, ISIN, 'C-001')).status).toBe('COMPLETE');
  });

  it('by the paying agent or the CSD too, never by another institution', async () => {
    await refusedByProof(SEC, ErrorCode.NOT_A_PARTY, proofOf(paid()));
    await refusedByProof(
      FUND,
      ErrorCode.NOT_A_PARTY,
      proofOf(paid({ beneficiary: { owner: 'BankMSP', accountId: 'PROP' } })),
      'C-001',
      'BankMSP',
    );
    expect((await byProof(BANK, proofOf(paid()))).status).toBe('PAID');
    const bank = paid({ lockId: 'PAY-C-001-BankMSP', beneficiary: { owner: 'BankMSP', accountId: 'PROP' }, amount: '184110' });
    expect((await byProof(CSD, proofOf(bank), 'C-001', 'BankMSP')).status).toBe('PAID');
  });

  it('refuses the wrong amount, payer, payee or currency, a cash lock not CLAIMED, a stale or forged proof; each refusal writes nothing', async () => {
    const refused = (proof: string, code: string = ErrorCode.PROOF_INVALID) => refusedByProof(FUND, code, proof);
    await refused(proofOf(paid({ amount: '157889' })));
    await refused(proofOf(paid({ amount: '157891' })));
    // Paid by the issuer (or anyone but the bond's paying agent) is not the paying agent's payment.
    await refused(proofOf(paid({ locker: { owner: 'SecuritiesMSP', accountId: 'SETTLEMENT' } })));
    await refused(proofOf(paid({ beneficiary: { owner: 'SecuritiesMSP', accountId: 'SETTLEMENT' } })));
    await refused(proofOf(paid({ currency: 'EUR' })));
    const unclaimed: CashLockJson = { ...paid(), status: 'LOCKED' };
    delete unclaimed.preimage;
    await refused(proofOf(unclaimed));
    await refused(proofOf({ ...unclaimed, status: 'REFUNDED' }));
    await refused(proofOf(paid(), 301), ErrorCode.PROOF_STALE);
    await refused(buildProof({ lock: paid(), attestedAtMillis: scenario.ledger.nowMillis, flipSignatureBit: true }));
    await refused('not a proof');
    expect((await entitlementOf('C-001', 'FundMSP')).status).toBe('DUE');
    expect(useRecords()).toEqual([]);
  });

  it('refuses a cash lock used before, even for an entitlement of the same payee and amount', async () => {
    await byProof(FUND, proofOf(paid()));
    scenario.ledger.now = at('2028-03-01');
    await scenario.ok(servicing, 'FixCouponEntitlements', CSD, ISIN, '2');
    scenario.ledger.now = at('2028-03-02');
    expect(await entitlementOf('C-002', 'FundMSP')).toMatchObject({ amount: '157890', status: 'DUE' });
    await refusedByProof(FUND, ErrorCode.ALREADY_EXISTS, proofOf(paid()), 'C-002');
    expect((await byProof(FUND, proofOf(paid({ lockId: 'PAY-C-002-FundMSP' })), 'C-002')).status).toBe('PAID');
  });

  it('refuses as ConfirmPayment does before the payment date, for an unknown entitlement, and before any cash ledger is registered', async () => {
    scenario.ledger.now = at('2028-03-01');
    await scenario.ok(servicing, 'FixCouponEntitlements', CSD, ISIN, '2');
    await refusedByProof(FUND, ErrorCode.OUTSIDE_WINDOW, proofOf(paid()), 'C-002');
    await refusedByProof(FUND, ErrorCode.NOT_FOUND, proofOf(paid()), 'C-009');
    await scenario.refused(
      servicing,
      'ConfirmPaymentByProof',
      FUND,
      ErrorCode.NOT_FOUND,
      {},
      ISIN,
      'C-001',
      'FundMSP',
      'CLIENT',
      proofOf(paid()),
    );
    const fresh = new Scenario();
    await fresh.members();
    await fresh.issuedBond();
    fresh.ledger.now = at('2027-03-01');
    await fresh.ok(servicing, 'FixCouponEntitlements', CSD, ISIN, '1');
    fresh.ledger.now = at('2027-03-02');
    await fresh.refused(
      servicing,
      'ConfirmPaymentByProof',
      FUND,
      ErrorCode.NOT_FOUND,
      {},
      ISIN,
      'C-001',
      'FundMSP',
      'PROP',
      proofOf(paid()),
    );
  });

  it('pays a redemption as ConfirmPayment does: coupons first, then the holding is retired', async () => {
    for (const n of [2, 3]) {
      scenario.ledger.now = at(`${2026 + n}-03-01`);
      await scenario.ok(servicing, 'FixCouponEntitlements', CSD, ISIN, String(n));
    }
    await scenario.ok(servicing, 'FixRedemptionEntitlements', CSD, json({ isin: ISIN, reason: 'MATURITY' }));
    scenario.ledger.now = at('2029-03-02');
    const redemption = await entitlementOf('R-MATURITY', 'FundMSP');
    const principal = paid({ lockId: 'PAY-R-MATURITY-FundMSP', amount: redemption.amount });
    // Coupons before principal, proven or not.
    await refusedByProof(FUND, ErrorCode.INVALID_STATE_TRANSITION, proofOf(principal), 'R-MATURITY');
    for (const n of [1, 2, 3]) await byProof(FUND, proofOf(paid({ lockId: `PAY-C-00${n}-FundMSP` })), `C-00${n}`);
    expect((await byProof(FUND, proofOf(principal), 'R-MATURITY')).status).toBe('PAID');
    expect(await scenario.outstanding()).toBe(646n);
  });

  it('pays a coupon pledged whole to a pledgee to the pledgee; one shared with the holder is refused: a proof covers single-payee entitlements', async () => {
    const pledge = (units: string, holder = 'FundMSP', caller = FUND) =>
      scenario.ok<Pledge>(
        custody,
        'PledgeHolding',
        caller,
        json({
          isin: ISIN,
          holder,
          accountId: 'PROP',
          pledgee: 'SecuritiesMSP',
          units,
          reference: 'LOAN-42',
          enforceable: true,
          couponsTo: 'PLEDGEE',
        }),
      );
    scenario.ledger.now = at('2028-02-01');
    await pledge('554');
    await pledge('200', 'BankMSP', BANK);
    scenario.ledger.now = at('2028-03-01');
    await scenario.ok(servicing, 'FixCouponEntitlements', CSD, ISIN, '2');
    scenario.ledger.now = at('2028-03-02');
    expect((await entitlementOf('C-002', 'FundMSP')).pledgeeShares).toEqual([
      expect.objectContaining({ pledgee: 'SecuritiesMSP', amount: '157890' }),
    ]);
    const toPledgee = paid({ lockId: 'PAY-C-002-FundMSP', beneficiary: { owner: 'SecuritiesMSP', accountId: 'SETTLEMENT' } });
    await refusedByProof(
      FUND,
      ErrorCode.PROOF_INVALID,
      proofOf({ ...toPledgee, beneficiary: { owner: 'FundMSP', accountId: 'SETTLEMENT' } }),
      'C-002',
    );
    expect((await byProof(FUND, proofOf(toPledgee), 'C-002')).status).toBe('PAID');

    // The bank's 646-unit coupon: 200 units' share to the pledgee, the rest to the bank.
    const shared = paid({ lockId: 'PAY-C-002-BankMSP', beneficiary: { owner: 'BankMSP', accountId: 'PROP' }, amount: '184110' });
    await scenario.refused(
      servicing,
      'ConfirmPaymentByProof',
      BANK,
      ErrorCode.INVALID_ARGUMENT,
      {},
      ISIN,
      'C-002',
      'BankMSP',
      'PROP',
      proofOf(shared),
    );
    const invocation = await scenario.ledger.invoke(
      servicing,
      'ConfirmPaymentByProof',
      BANK,
      ISIN,
      'C-002',
      'BankMSP',
      'PROP',
      proofOf(shared),
    );
    expect(invocation.error?.message).toMatch(/a proof covers single-payee entitlements/);
    expect((await scenario.ok<Entitlement>(servicing, 'ConfirmPayment', BANK, ISIN, 'C-002', 'BankMSP', 'PROP')).status).toBe('PAID');
  });
});
