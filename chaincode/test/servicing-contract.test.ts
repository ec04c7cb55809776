/**
 * Servicing through the guard on the in-memory world state: coupons fixed on
 * the record date and paid per holder, the time checks (too early refused,
 * late recorded), calls and puts, redemption to REDEEMED, default, and the
 * invariants (Σ entitlements reconciles, nothing paid after redemption,
 * nothing redeemed twice).
 */
import fc from 'fast-check';
import { type Bond, type CouponSchedule, type Entitlement, ErrorCode, type PaymentEvent } from '../src/api';
import { TERMS } from './support/fixtures';
import { BANK, contracts, CSD, FUND, ISIN, json, Scenario, SEC } from './support/scenario';

const { servicing, custody } = contracts;
const at = (date: string): number => Scenario.at(date);

let scenario: Scenario;

async function entitlements(eventId: string): Promise<Entitlement[]> {
  return (await scenario.ok<{ records: Entitlement[] }>(servicing, 'ListEntitlements', CSD, ISIN, eventId, '100', '')).records;
}

async function payAll(eventId: string): Promise<void> {
  for (const e of await entitlements(eventId)) {
    await scenario.ok(servicing, 'ConfirmPayment', BANK, ISIN, eventId, e.holder, e.accountId);
  }
}

beforeEach(async () => {
  scenario = new Scenario();
  await scenario.members();
});

describe('coupons', () => {
  beforeEach(async () => {
    await scenario.issuedBond();
  });

  it('derives the schedule and accrued interest from the terms', async () => {
    const schedule = await scenario.ok<CouponSchedule>(servicing, 'GetCouponSchedule', FUND, ISIN);
    expect(schedule.coupons.map((c) => [c.paymentDate, c.recordDate, c.amountPerUnit])).toEqual([
      ['2027-03-02', '2027-03-01', '285.000000'],
      ['2028-03-02', '2028-03-01', '285.000000'],
      ['2029-03-02', '2029-03-01', '285.000000'],
    ]);
    expect(schedule.calendarYearsMissing).toContain(2027);
    const accrued = await scenario.ok<{ accruedPerUnit: string; couponNumber: number }>(servicing, 'GetAccruedInterest', FUND, ISIN, '2026-09-01');
    expect(accrued).toEqual({ isin: ISIN, date: '2026-09-01', couponNumber: 1, accruedPerUnit: '142.890411' }); // 285 × 183/365
  });

  it("lists the events due by a date, and whether each is fixed: the scheduler's work list", async () => {
    const due = (date: string) => scenario.ok<{ eventId: string; fixed: boolean }[]>(servicing, 'ListDueEvents', CSD, ISIN, date);
    expect(await due('2027-02-28')).toEqual([]);
    scenario.ledger.now = at('2027-03-01');
    await scenario.ok(servicing, 'FixCouponEntitlements', CSD, ISIN, '1');
    expect((await due('2028-03-01')).map((e) => [e.eventId, e.fixed])).toEqual([
      ['C-001', true],
      ['C-002', false],
    ]);
    expect((await due('2029-03-01')).map((e) => e.eventId)).toEqual(['C-001', 'C-002', 'C-003', 'R-MATURITY']);
  });

  it('refuses to fix a coupon before its record date, fixes it on the day, and never twice', async () => {
    scenario.ledger.now = at('2027-02-26');
    await scenario.refused(servicing, 'FixCouponEntitlements', CSD, ErrorCode.OUTSIDE_WINDOW, {}, ISIN, '1');
    scenario.ledger.now = at('2027-03-01');
    const event = await scenario.ok<PaymentEvent>(servicing, 'FixCouponEntitlements', BANK, ISIN, '1');
    expect(event).toMatchObject({ eventId: 'C-001', holders: 2, totalUnits: '1200', totalAmount: '342000', fixedLate: false });
    expect((await entitlements('C-001')).map((e) => [e.holder, e.amount])).toEqual([
      ['BankMSP', '184110'],
      ['FundMSP', '157890'],
    ]);
    await scenario.refused(servicing, 'FixCouponEntitlements', CSD, ErrorCode.ALREADY_EXISTS, {}, ISIN, '1');
  });

  it('lets only the CSD or the paying agent fix, and only the paying agent confirm, from the payment date', async () => {
    scenario.ledger.now = at('2027-03-01');
    await scenario.refused(servicing, 'FixCouponEntitlements', SEC, ErrorCode.ROLE_REQUIRED, {}, ISIN, '1');
    await scenario.ok(servicing, 'FixCouponEntitlements', CSD, ISIN, '1');
    await scenario.refused(servicing, 'ConfirmPayment', BANK, ErrorCode.OUTSIDE_WINDOW, {}, ISIN, 'C-001', 'FundMSP', 'PROP');
    await scenario.refused(servicing, 'ConfirmPayment', CSD, ErrorCode.ROLE_REQUIRED, {}, ISIN, 'C-001', 'FundMSP', 'PROP');
    scenario.ledger.now = at('2027-03-02');
    await scenario.refused(servicing, 'CompletePaymentEvent', BANK, ErrorCode.INVALID_STATE_TRANSITION, {}, ISIN, 'C-001');
    await payAll('C-001');
    await scenario.refused(servicing, 'ConfirmPayment', BANK, ErrorCode.INVALID_STATE_TRANSITION, {}, ISIN, 'C-001', 'FundMSP', 'PROP');
    expect((await scenario.ok<PaymentEvent>(servicing, 'CompletePaymentEvent', BANK, ISIN, 'C-001')).status).toBe('COMPLETE');
    expect(await scenario.outstanding()).toBe(1200n);
  });

  it('allows late fixing and payment, and records them as late', async () => {
    scenario.ledger.now = at('2027-03-10');
    expect((await scenario.ok<PaymentEvent>(servicing, 'FixCouponEntitlements', CSD, ISIN, '1')).fixedLate).toBe(true);
    await payAll('C-001');
    expect((await entitlements('C-001')).every((e) => e.paidLate === true)).toBe(true);
  });
});

describe('redemption, options and default', () => {
  it('redeems at maturity: entitlements fixed, holdings retired on payment, bond REDEEMED, then nothing more is paid', async () => {
    await scenario.issuedBond();
    scenario.ledger.now = at('2029-03-01');
    await scenario.ok(servicing, 'FixCouponEntitlements', CSD, ISIN, '3');
    const redemption = await scenario.ok<PaymentEvent>(servicing, 'FixRedemptionEntitlements', CSD, json({ isin: ISIN, reason: 'MATURITY' }));
    expect(redemption).toMatchObject({ eventId: 'R-MATURITY', totalAmount: '12000000', amountPerUnit: '10000.000000' });
    scenario.ledger.now = at('2029-03-02');
    await payAll('C-003');
    await payAll('R-MATURITY');
    expect(await scenario.outstanding()).toBe(0n);
    expect((await scenario.ok<PaymentEvent>(servicing, 'CompletePaymentEvent', CSD, ISIN, 'R-MATURITY')).status).toBe('COMPLETE');
    expect((await scenario.ok<Bond>(contracts.bonds, 'GetBond', FUND, ISIN)).status).toBe('REDEEMED');
    await scenario.refused(servicing, 'FixCouponEntitlements', CSD, ErrorCode.INVALID_STATE_TRANSITION, {}, ISIN, '2');
    await scenario.refused(servicing, 'FixRedemptionEntitlements', CSD, ErrorCode.INVALID_STATE_TRANSITION, {}, json({ isin: ISIN, reason: 'MATURITY' }));
  });

  it('refuses to redeem frozen units until the CSD releases them', async () => {
    await scenario.issuedBond();
    await scenario.ok(custody, 'FreezeHolding', CSD, json({ isin: ISIN, holder: 'FundMSP', accountId: 'PROP', units: '1', reason: 'court order' }));
    scenario.ledger.now = at('2029-03-02');
    await scenario.ok(servicing, 'FixRedemptionEntitlements', CSD, json({ isin: ISIN, reason: 'MATURITY' }));
    await scenario.refused(servicing, 'ConfirmPayment', BANK, ErrorCode.HOLDING_FROZEN, {}, ISIN, 'R-MATURITY', 'FundMSP', 'PROP');
  });

  it('lets the issuer call with notice on a call date, and redeems everyone at the call price', async () => {
    await scenario.issuedBond({ ...TERMS, callSchedule: [{ date: '2028-03-02', price: '100.5' }], callNoticeDays: 30 });
    scenario.ledger.now = at('2028-02-15');
    await scenario.refused(servicing, 'CallBond', SEC, ErrorCode.OUTSIDE_WINDOW, {}, ISIN, '2028-03-02');
    scenario.ledger.now = at('2028-01-15');
    await scenario.refused(servicing, 'CallBond', SEC, ErrorCode.INVALID_ARGUMENT, {}, ISIN, '2027-03-02');
    await scenario.refused(servicing, 'CallBond', BANK, ErrorCode.ROLE_REQUIRED, {}, ISIN, '2028-03-02');
    expect((await scenario.ok<Bond>(servicing, 'CallBond', SEC, ISIN, '2028-03-02')).status).toBe('CALLED');
    scenario.ledger.now = at('2028-03-02');
    const call = await scenario.ok<PaymentEvent>(servicing, 'FixRedemptionEntitlements', BANK, json({ isin: ISIN, reason: 'CALL' }));
    expect(call).toMatchObject({ eventId: 'R-CALL', price: '100.5', totalAmount: '12060000' });
    await scenario.refused(servicing, 'FixCouponEntitlements', CSD, ErrorCode.INVALID_STATE_TRANSITION, {}, ISIN, '3');
    await payAll('R-CALL');
    await scenario.ok(servicing, 'CompletePaymentEvent', CSD, ISIN, 'R-CALL');
    expect((await scenario.ok<Bond>(contracts.bonds, 'GetBond', SEC, ISIN)).status).toBe('REDEEMED');
  });

  it('lets an investor put units up to the record date, and redeems only those on the put date', async () => {
    await scenario.issuedBond({ ...TERMS, putSchedule: [{ date: '2028-03-02', price: '100' }] });
    scenario.ledger.now = at('2028-02-01');
    const election = await scenario.ok<{ accountId: string }>(servicing, 'ExercisePut', FUND, json({ isin: ISIN, putDate: '2028-03-02', accountId: 'PROP', units: '54' }));
    expect(election.accountId).toBe('PUT-2028-03-02');
    await scenario.refused(custody, 'InstructTransfer', FUND, ErrorCode.INVALID_ARGUMENT, {}, json({ isin: ISIN, fromAccount: 'PUT-2028-03-02', to: 'BankMSP', toAccount: 'PROP', units: '1', expiresAt: '2028-02-02T00:00:00Z' }));
    scenario.ledger.now = at('2028-03-02');
    await scenario.refused(servicing, 'ExercisePut', BANK, ErrorCode.OUTSIDE_WINDOW, {}, json({ isin: ISIN, putDate: '2028-03-02', accountId: 'PROP', units: '1' }));
    const put = await scenario.ok<PaymentEvent>(servicing, 'FixRedemptionEntitlements', CSD, json({ isin: ISIN, reason: 'PUT', putDate: '2028-03-02' }));
    expect(put).toMatchObject({ eventId: 'R-PUT-2028-03-02', holders: 1, totalUnits: '54' });
    await payAll('R-PUT-2028-03-02');
    await scenario.ok(servicing, 'CompletePaymentEvent', CSD, ISIN, 'R-PUT-2028-03-02');
    expect(await scenario.outstanding()).toBe(1146n);
    expect((await scenario.ok<Bond>(contracts.bonds, 'GetBond', SEC, ISIN)).status).toBe('ISSUED');
  });

  it('lets the CSD declare a default only once a fixed payment is overdue', async () => {
    await scenario.issuedBond();
    scenario.ledger.now = at('2027-03-01');
    await scenario.refused(servicing, 'DeclareDefault', CSD, ErrorCode.INVALID_STATE_TRANSITION, {}, ISIN, 'no payment');
    await scenario.ok(servicing, 'FixCouponEntitlements', CSD, ISIN, '1');
    scenario.ledger.now = at('2027-03-02');
    await scenario.refused(servicing, 'DeclareDefault', CSD, ErrorCode.INVALID_STATE_TRANSITION, {}, ISIN, 'no payment');
    scenario.ledger.now = at('2027-03-03');
    await scenario.refused(servicing, 'DeclareDefault', BANK, ErrorCode.ROLE_REQUIRED, {}, ISIN, 'no payment');
    expect((await scenario.ok<Bond>(servicing, 'DeclareDefault', CSD, ISIN, 'coupon 1 unpaid')).status).toBe('DEFAULTED');
    await scenario.refused(servicing, 'FixCouponEntitlements', CSD, ErrorCode.INVALID_STATE_TRANSITION, {}, ISIN, '2');
  });
});

describe('entitlements reconcile (property)', () => {
  it('Σ per-holder amounts = the event total, within half a minor unit per holder of coupon × outstanding', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1199 }), fc.constantFrom('2.85', '3.333', '1.125', '4.0001'), async (moved, rate) => {
        scenario = new Scenario();
        await scenario.members();
        await scenario.issuedBond({ ...TERMS, interestRate: rate, issueDate: '2026-04-15' }); // short first period: non-integer per unit
        const expiresAt = new Date((scenario.ledger.now + 3600) * 1000).toISOString();
        const from = moved <= 646 ? BANK : FUND;
        const transfer = await scenario.ok<{ transferId: string }>(
          custody,
          'InstructTransfer',
          from,
          json({ isin: ISIN, fromAccount: 'PROP', to: 'SecuritiesMSP', toAccount: 'PROP', units: String(Math.min(moved, 554)), cashAmount: '0', expiresAt }),
        );
        await scenario.ok(custody, 'AffirmTransfer', SEC, transfer.transferId);
        scenario.ledger.now = at('2027-03-01');
        const event = await scenario.ok<PaymentEvent>(servicing, 'FixCouponEntitlements', CSD, ISIN, '1');
        const rows = await entitlements('C-001');
        const sum = rows.reduce((s, e) => s + BigInt(e.amount), 0n);
        expect(sum).toBe(BigInt(event.totalAmount));
        // |Σ − perUnit × outstanding| ≤ holders / 2, with perUnit given to 6 decimals (≤ 0.5e-6 off per unit).
        const exactMicro = BigInt(event.amountPerUnit.replace('.', '')) * 1200n;
        const deviation = sum * 1_000_000n - exactMicro;
        const bound = BigInt(rows.length) * 500_000n + 1200n;
        expect(deviation <= bound && deviation >= -bound).toBe(true);
      }),
      { numRuns: 15 },
    );
  });
});

describe('redemption invariants (property)', () => {
  type Call = 'fixCoupon' | 'fixMaturity' | 'payCoupon' | 'payRedemption' | 'completeRedemption' | 'default';

  /** Applies one servicing call; returns whether it was refused, and the holders it retired. */
  async function apply(call: Call): Promise<{ refused: boolean; retired: string[] }> {
    const invoke = (fn: string, ...args: string[]) => scenario.ledger.invoke(servicing, fn, fn === 'ConfirmPayment' ? BANK : CSD, ...args);
    const pay = async (eventId: string) => {
      const retired: string[] = [];
      for (const holder of ['BankMSP', 'FundMSP']) {
        if (!(await invoke('ConfirmPayment', ISIN, eventId, holder, 'PROP')).error && eventId === 'R-MATURITY') retired.push(holder);
      }
      return { refused: false, retired };
    };
    const refusedIf = async (invocation: Promise<{ error?: Error }>) => ({ refused: (await invocation).error !== undefined, retired: [] });
    switch (call) {
      case 'fixCoupon':
        return refusedIf(invoke('FixCouponEntitlements', ISIN, '3'));
      case 'fixMaturity':
        return refusedIf(invoke('FixRedemptionEntitlements', json({ isin: ISIN, reason: 'MATURITY' })));
      case 'payCoupon':
        return pay('C-003');
      case 'payRedemption':
        return pay('R-MATURITY');
      case 'completeRedemption':
        return refusedIf(invoke('CompletePaymentEvent', ISIN, 'R-MATURITY'));
      case 'default':
        return refusedIf(invoke('DeclareDefault', ISIN, 'overdue'));
    }
  }

  it('pays nothing after redemption and redeems nothing twice, whatever the order of servicing calls', async () => {
    const calls: Call[] = ['fixCoupon', 'fixMaturity', 'payCoupon', 'payRedemption', 'completeRedemption', 'default'];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...calls), { minLength: 1, maxLength: 10 }), async (sequence) => {
        scenario = new Scenario();
        await scenario.members();
        await scenario.issuedBond();
        scenario.ledger.now = at('2029-03-05');
        const retired: string[] = [];
        let redeemed = false;
        for (const call of sequence) {
          const outcome = await apply(call);
          if (redeemed && (call === 'fixCoupon' || call === 'fixMaturity')) expect(outcome.refused).toBe(true);
          if (call === 'completeRedemption' && !outcome.refused) redeemed = true;
          retired.push(...outcome.retired);
        }
        // Each holding is retired at most once, and outstanding falls by exactly what was retired.
        expect(new Set(retired).size).toBe(retired.length);
        const units: Record<string, bigint> = { BankMSP: 646n, FundMSP: 554n };
        expect(await scenario.outstanding()).toBe(retired.reduce((left, holder) => left - (units[holder] ?? 0n), 1200n));
      }),
      { numRuns: 20 },
    );
  });
});
