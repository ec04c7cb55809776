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
import type { TestIdentity } from './support/memory-ledger';
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

/** Coupons first..last fixed, paid and completed on their payment dates (coupons are paid before any principal). */
async function serviceCoupons(first: number, last: number): Promise<void> {
  for (let n = first; n <= last; n++) {
    scenario.ledger.now = at(`${2026 + n}-03-02`);
    await scenario.ok(servicing, 'FixCouponEntitlements', CSD, ISIN, String(n));
    await payAll(`C-00${n}`);
    await scenario.ok(servicing, 'CompletePaymentEvent', CSD, ISIN, `C-00${n}`);
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
    const accrued = await scenario.ok<{ accruedPerUnit: string; couponNumber: number }>(
      servicing,
      'GetAccruedInterest',
      FUND,
      ISIN,
      '2026-09-01',
    );
    // 285 × 183/365, exactly 10431/73
    expect(accrued).toEqual({
      isin: ISIN,
      date: '2026-09-01',
      couponNumber: 1,
      accruedPerUnit: '142.890411',
      accruedPerUnitExact: '10431/73',
    });
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

  // Issue 18: dates in a year the CSD has not loaded a calendar for are adjusted for weekends only; that is flagged, not silent.
  it('flags the years without a loaded calendar: on the schedule, and on an event whose dates fall in one', async () => {
    const schedule = await scenario.ok<CouponSchedule>(servicing, 'GetCouponSchedule', BANK, ISIN);
    expect(schedule.calendarYearsMissing).toEqual([2025, 2026, 2027, 2028, 2029, 2030]);
    scenario.ledger.now = at('2027-03-01');
    const flagged = await scenario.ok<PaymentEvent>(servicing, 'FixCouponEntitlements', CSD, ISIN, '1');
    expect(flagged.calendarYearsMissing).toEqual([2027]);

    await scenario.ok(
      contracts.bonds,
      'SetCalendarYear',
      CSD,
      json({ calendarId: 'CN-IB', year: 2028, holidays: [], workingWeekends: [] }),
    );
    expect((await scenario.ok<CouponSchedule>(servicing, 'GetCouponSchedule', BANK, ISIN)).calendarYearsMissing).toEqual([
      2025, 2026, 2027, 2029, 2030,
    ]);
    scenario.ledger.now = at('2028-03-01');
    const loaded = await scenario.ok<PaymentEvent>(servicing, 'FixCouponEntitlements', CSD, ISIN, '2');
    expect(loaded.recordDate).toBe('2028-03-01');
    expect(Object.keys(loaded)).not.toContain('calendarYearsMissing');
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

describe('stub periods through the contract (issue 18)', () => {
  it('applies with a long first and a short last period, stores the dates and schedules them by the quasi-coupon rule', async () => {
    const terms = { ...TERMS, firstCouponDate: '2027-06-15', penultimateCouponDate: '2028-06-15' };
    await scenario.issuedBond(terms);
    const bond = await scenario.ok<Bond>(contracts.bonds, 'GetBond', FUND, ISIN);
    expect(bond.terms).toMatchObject({ firstCouponDate: '2027-06-15', penultimateCouponDate: '2028-06-15' });
    const schedule = await scenario.ok<CouponSchedule>(servicing, 'GetCouponSchedule', FUND, ISIN);
    // Long first: 105/365 of the quasi-period to 15 Jun 2026, then a whole one; short last: 260/365 of 15 Jun 2028 – 15 Jun 2029.
    expect(schedule.coupons.map((c) => [c.accrualStart, c.accrualEnd, c.regular, c.yearFractionExact, c.amountPerUnitExact])).toEqual([
      ['2026-03-02', '2027-06-15', false, '94/73', '26790/73'],
      ['2027-06-15', '2028-06-15', true, '1/1', '285/1'],
      ['2028-06-15', '2029-03-02', false, '52/73', '14820/73'],
    ]);
  });

  it('refuses a first coupon date off the coupon grid', async () => {
    await scenario.refused(
      contracts.bonds,
      'ApplyForBond',
      SEC,
      ErrorCode.INVALID_ARGUMENT,
      {},
      json({ ...TERMS, firstCouponDate: '2027-06-15' }),
    );
  });
});

describe('redemption, options and default', () => {
  it('redeems at maturity: entitlements fixed, holdings retired on payment, bond REDEEMED, then nothing more is paid', async () => {
    await scenario.issuedBond();
    await serviceCoupons(1, 2);
    scenario.ledger.now = at('2029-03-01');
    await scenario.ok(servicing, 'FixCouponEntitlements', CSD, ISIN, '3');
    const redemption = await scenario.ok<PaymentEvent>(
      servicing,
      'FixRedemptionEntitlements',
      CSD,
      json({ isin: ISIN, reason: 'MATURITY' }),
    );
    expect(redemption).toMatchObject({ eventId: 'R-MATURITY', totalAmount: '12000000', amountPerUnit: '10000.000000' });
    scenario.ledger.now = at('2029-03-02');
    await payAll('C-003');
    await payAll('R-MATURITY');
    expect(await scenario.outstanding()).toBe(0n);
    await scenario.ok(servicing, 'CompletePaymentEvent', CSD, ISIN, 'C-003');
    expect((await scenario.ok<PaymentEvent>(servicing, 'CompletePaymentEvent', CSD, ISIN, 'R-MATURITY')).status).toBe('COMPLETE');
    expect((await scenario.ok<Bond>(contracts.bonds, 'GetBond', FUND, ISIN)).status).toBe('REDEEMED');
    await scenario.refused(servicing, 'FixCouponEntitlements', CSD, ErrorCode.INVALID_STATE_TRANSITION, {}, ISIN, '2');
    await scenario.refused(
      servicing,
      'FixRedemptionEntitlements',
      CSD,
      ErrorCode.INVALID_STATE_TRANSITION,
      {},
      json({ isin: ISIN, reason: 'MATURITY' }),
    );
  });

  it('refuses to redeem frozen units until the CSD releases them', async () => {
    await scenario.issuedBond();
    await scenario.ok(
      custody,
      'FreezeHolding',
      CSD,
      json({ isin: ISIN, holder: 'FundMSP', accountId: 'PROP', units: '1', reason: 'court order' }),
    );
    await serviceCoupons(1, 3);
    scenario.ledger.now = at('2029-03-02');
    await scenario.ok(servicing, 'FixRedemptionEntitlements', CSD, json({ isin: ISIN, reason: 'MATURITY' }));
    await scenario.refused(servicing, 'ConfirmPayment', BANK, ErrorCode.HOLDING_FROZEN, {}, ISIN, 'R-MATURITY', 'FundMSP', 'PROP');
  });

  it('lets the issuer call with notice on a call date, and redeems everyone at the call price', async () => {
    await scenario.issuedBond({ ...TERMS, callSchedule: [{ date: '2028-03-02', price: '100.5' }], callNoticeDays: 30 });
    await serviceCoupons(1, 1);
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
    await serviceCoupons(2, 2); // the coupon due on the call date, before the principal
    await payAll('R-CALL');
    await scenario.ok(servicing, 'CompletePaymentEvent', CSD, ISIN, 'R-CALL');
    expect((await scenario.ok<Bond>(contracts.bonds, 'GetBond', SEC, ISIN)).status).toBe('REDEEMED');
  });

  it('lets an investor put units up to the record date, and redeems only those on the put date', async () => {
    await scenario.issuedBond({ ...TERMS, putSchedule: [{ date: '2028-03-02', price: '100' }] });
    scenario.ledger.now = at('2028-02-01');
    const election = await scenario.ok<{ accountId: string }>(
      servicing,
      'ExercisePut',
      FUND,
      json({ isin: ISIN, putDate: '2028-03-02', accountId: 'PROP', units: '54' }),
    );
    expect(election.accountId).toBe('PUT-2028-03-02');
    await scenario.refused(
      custody,
      'InstructTransfer',
      FUND,
      ErrorCode.INVALID_ARGUMENT,
      {},
      json({ isin: ISIN, fromAccount: 'PUT-2028-03-02', to: 'BankMSP', toAccount: 'PROP', units: '1', expiresAt: '2028-02-02T00:00:00Z' }),
    );
    scenario.ledger.now = at('2028-03-02');
    await scenario.refused(
      servicing,
      'ExercisePut',
      BANK,
      ErrorCode.OUTSIDE_WINDOW,
      {},
      json({ isin: ISIN, putDate: '2028-03-02', accountId: 'PROP', units: '1' }),
    );
    const put = await scenario.ok<PaymentEvent>(
      servicing,
      'FixRedemptionEntitlements',
      CSD,
      json({ isin: ISIN, reason: 'PUT', putDate: '2028-03-02' }),
    );
    expect(put).toMatchObject({ eventId: 'R-PUT-2028-03-02', holders: 1, totalUnits: '54' });
    await scenario.refused(
      servicing,
      'ConfirmPayment',
      BANK,
      ErrorCode.INVALID_STATE_TRANSITION,
      {},
      ISIN,
      'R-PUT-2028-03-02',
      'FundMSP',
      'PUT-2028-03-02',
    );
    await serviceCoupons(1, 2); // the put units earn the coupon of the put date, paid before their principal
    expect((await entitlements('C-002')).map((e) => [e.accountId, e.units])).toEqual([
      ['PROP', '646'],
      ['PROP', '500'],
      ['PUT-2028-03-02', '54'],
    ]);
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
          json({
            isin: ISIN,
            fromAccount: 'PROP',
            to: 'SecuritiesMSP',
            toAccount: 'PROP',
            units: String(Math.min(moved, 554)),
            cashAmount: '0',
            expiresAt,
          }),
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
  const HOLDERS = ['BankMSP', 'FundMSP', 'SecuritiesMSP'] as const;
  type Holder = (typeof HOLDERS)[number];
  const identity: Record<Holder, TestIdentity> = { BankMSP: BANK, FundMSP: FUND, SecuritiesMSP: SEC };
  /** Coupon n's record date is the maturity record date for n = 3 (2029-03-01). */
  const RECORD_DATE: Record<string, string> = {
    'C-001': '2027-03-01',
    'C-002': '2028-03-01',
    'C-003': '2029-03-01',
    'R-MATURITY': '2029-03-01',
  };
  const COUPONS = ['C-001', 'C-002', 'C-003'];
  const DATES = [
    '2026-06-01',
    '2027-03-01',
    '2027-03-02',
    '2027-09-01',
    '2028-03-01',
    '2028-03-02',
    '2028-09-01',
    '2029-03-01',
    '2029-03-02',
    '2029-03-05',
  ];

  type Action =
    | { kind: 'advance'; hours: number }
    | { kind: 'transfer'; from: Holder; to: Holder; units: number }
    | { kind: 'fix'; eventId: string }
    | { kind: 'pay'; eventId: string; holder: Holder }
    | { kind: 'complete'; eventId: string };
  const events = [...COUPONS, 'R-MATURITY'];
  const holder = fc.constantFrom(...HOLDERS);
  const action: fc.Arbitrary<Action> = fc.oneof(
    fc.record({ kind: fc.constant('advance' as const), hours: fc.integer({ min: 0, max: 12 }) }),
    fc.record({ kind: fc.constant('transfer' as const), from: holder, to: holder, units: fc.integer({ min: 1, max: 400 }) }),
    fc.record({ kind: fc.constant('fix' as const), eventId: fc.constantFrom(...events) }),
    fc.record({ kind: fc.constant('pay' as const), eventId: fc.constantFrom(...events), holder }),
    fc.record({ kind: fc.constant('complete' as const), eventId: fc.constantFrom(...events) }),
  );

  /** The model: the register after each settled delivery, and every payment confirmed. */
  class Model {
    dateIndex = 0;
    readonly registers: { date: string; units: Map<string, bigint> }[] = [
      {
        date: '0000-00-00',
        units: new Map([
          ['BankMSP', 646n],
          ['FundMSP', 554n],
        ]),
      },
    ];
    readonly paid: string[] = [];
    readonly fixedRecordDates = new Set<string>();
    redeemed = false;

    registerAtEndOf(recordDate: string): Map<string, bigint> {
      return [...this.registers].reverse().find((r) => r.date <= recordDate)!.units;
    }

    get current(): Map<string, bigint> {
      return this.registers[this.registers.length - 1]!.units;
    }
  }

  const invoke = (fn: string, caller: TestIdentity, ...args: string[]) =>
    scenario.ledger.invoke(fn === 'InstructTransfer' || fn === 'AffirmTransfer' ? custody : servicing, fn, caller, ...args);

  function advance(model: Model, hours: number): void {
    // To the next date, or a few minutes on within the day.
    if (hours === 0 && model.dateIndex < DATES.length - 1) {
      model.dateIndex++;
      scenario.ledger.now = at(DATES[model.dateIndex]!);
    } else {
      scenario.ledger.now += hours * 60;
    }
  }

  async function transfer(model: Model, from: Holder, to: Holder, units: number): Promise<void> {
    if (from === to) return;
    const today = DATES[model.dateIndex]!;
    const expiresAt = new Date((scenario.ledger.now + 86400) * 1000).toISOString();
    const request = json({ isin: ISIN, fromAccount: 'PROP', to, toAccount: 'PROP', units: String(units), cashAmount: '0', expiresAt });
    const instructed = await invoke('InstructTransfer', identity[from], request);
    if (instructed.error) return;
    const transferId = (JSON.parse(instructed.result!) as { transferId: string }).transferId;
    if ((await invoke('AffirmTransfer', identity[to], transferId)).error) return;
    const register = new Map(model.current);
    register.set(from, register.get(from)! - BigInt(units));
    register.set(to, (register.get(to) ?? 0n) + BigInt(units));
    model.registers.push({ date: today, units: register });
    // A delivery settles only while the register is open: not after the maturity record date,
    // nor on a record date whose entitlements are already fixed.
    expect(today <= RECORD_DATE['R-MATURITY']!).toBe(true);
    expect(model.fixedRecordDates.has(today)).toBe(false);
  }

  async function fix(model: Model, eventId: string): Promise<void> {
    const fixed =
      eventId === 'R-MATURITY'
        ? await invoke('FixRedemptionEntitlements', CSD, json({ isin: ISIN, reason: 'MATURITY' }))
        : await invoke('FixCouponEntitlements', CSD, ISIN, String(Number(eventId.slice(2))));
    if (fixed.error) return;
    model.fixedRecordDates.add(RECORD_DATE[eventId]!);
    // Entitled: exactly the holders at the end of the record date, however late the fix.
    const expected = [...model.registerAtEndOf(RECORD_DATE[eventId]!)]
      .filter(([, u]) => u > 0n)
      .map(([h, u]) => [h, u.toString()])
      .sort();
    expect((await entitlementsOf(eventId)).map((e) => [e.holder, e.units])).toEqual(expected);
  }

  async function pay(model: Model, eventId: string, holder: Holder): Promise<void> {
    const paid = await invoke('ConfirmPayment', BANK, ISIN, eventId, holder, 'PROP');
    if (paid.error) return;
    expect(model.redeemed).toBe(false); // nothing is paid after redemption
    model.paid.push(`${eventId}/${holder}`);
    if (eventId !== 'R-MATURITY') return;
    // Coupon before principal: the holding's coupons due were all paid already.
    for (const coupon of COUPONS) {
      const own = (await entitlementsOf(coupon)).find((e) => e.holder === holder);
      expect(own === undefined || own.status === 'PAID').toBe(true);
    }
  }

  async function apply(model: Model, step: Action): Promise<void> {
    switch (step.kind) {
      case 'advance':
        advance(model, step.hours);
        return;
      case 'transfer':
        return transfer(model, step.from, step.to, step.units);
      case 'fix':
        return fix(model, step.eventId);
      case 'pay':
        return pay(model, step.eventId, step.holder);
      case 'complete': {
        const completed = await invoke('CompletePaymentEvent', CSD, ISIN, step.eventId);
        if (!completed.error && step.eventId === 'R-MATURITY') model.redeemed = true;
        return;
      }
    }
  }

  async function entitlementsOf(eventId: string): Promise<Entitlement[]> {
    const page = await scenario.ledger.invoke(servicing, 'ListEntitlements', CSD, ISIN, eventId, '100', '');
    return page.error ? [] : (JSON.parse(page.result!) as { records: Entitlement[] }).records;
  }

  /** After the random steps: the servicer does what is left, in the documented order. */
  async function finish(model: Model): Promise<void> {
    model.dateIndex = DATES.length - 1;
    scenario.ledger.now = Math.max(scenario.ledger.now, at('2029-03-05'));
    for (const eventId of events) await apply(model, { kind: 'fix', eventId });
    for (const h of HOLDERS) {
      for (const eventId of events) await apply(model, { kind: 'pay', eventId, holder: h });
    }
    for (const eventId of events) await apply(model, { kind: 'complete', eventId });
  }

  it('pays every coupon due exactly once to the record-date holders, and redeems to zero outstanding, whatever the order of transfers, fixes, payments and completions', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 30 }), async (steps) => {
        scenario = new Scenario();
        await scenario.members();
        await scenario.issuedBond();
        scenario.ledger.now = at(DATES[0]!);
        const model = new Model();
        for (const step of steps) await apply(model, step);
        await finish(model);

        // Whatever happened before, the bond ends REDEEMED with nothing outstanding and nothing unpaid.
        expect(model.redeemed).toBe(true);
        expect((await scenario.ok<Bond>(contracts.bonds, 'GetBond', CSD, ISIN)).status).toBe('REDEEMED');
        expect(await scenario.outstanding()).toBe(0n);
        const fixedEvents = await scenario.ok<PaymentEvent[]>(servicing, 'ListPaymentEvents', CSD, ISIN);
        expect(fixedEvents.map((e) => [e.eventId, e.status])).toEqual(events.map((e) => [e, 'COMPLETE']));
        // Each entitlement paid exactly once, to exactly the record-date holders.
        for (const eventId of events) {
          const holders = [...model.registerAtEndOf(RECORD_DATE[eventId]!)]
            .filter(([, u]) => u > 0n)
            .map(([h]) => `${eventId}/${h}`)
            .sort();
          expect(model.paid.filter((p) => p.startsWith(`${eventId}/`)).sort()).toEqual(holders);
          expect((await entitlementsOf(eventId)).every((e) => e.status === 'PAID')).toBe(true);
        }
        // Nothing more is paid or fixed after redemption.
        for (const h of HOLDERS) expect((await invoke('ConfirmPayment', BANK, ISIN, 'C-003', h, 'PROP')).error).toBeDefined();
        expect((await invoke('FixCouponEntitlements', CSD, ISIN, '3')).error).toBeDefined();
      }),
      { numRuns: 40 },
    );
  });
});
