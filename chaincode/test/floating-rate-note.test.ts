/**
 * A floating-rate note through the guard on the in-memory world state: the
 * CSD publishes each fixing once, on or after its date (a benchmark
 * administrator too: benchmark-administrator.test.ts); a coupon is refused
 * until its fixing is published, and the due list names the missing fixing;
 * two resets (the first raised to the floor) pay each holder exactly, and
 * the entitlements add up to what the issuer funds.
 */
import fc from 'fast-check';
import { type CouponSchedule, type DueEvent, type Entitlement, ErrorCode, type PaymentEvent, type RateFixing } from '../src/api';
import { TERMS } from './support/fixtures';
import { BANK, contracts, CSD, FUND, ISIN, Scenario, SEC } from './support/scenario';

const { servicing, benchmarks } = contracts;
const at = (date: string): number => Scenario.at(date);

/** SHIBOR 3M + 0.35 %, floor 2 %, cap 4.5 %, fixed one business day before each annual period; ACT/360. */
const FRN = {
  ...TERMS,
  shortName: '26 Example Bank FRN 01',
  interestType: 'FLOATING',
  interestRate: undefined,
  dayCountFraction: 'ACT/360',
  floatingRate: { referenceRate: 'SHIBOR_3M', spread: '0.35', fixingLagBusinessDays: 1, floor: '2', cap: '4.5' },
};

let scenario: Scenario;

async function entitlements(eventId: string): Promise<Entitlement[]> {
  return (await scenario.ok<{ records: Entitlement[] }>(servicing, 'ListEntitlements', CSD, ISIN, eventId, '100', '')).records;
}

function publish(fixingDate: string, rate: string): Promise<RateFixing> {
  return scenario.ok<RateFixing>(benchmarks, 'PublishFixing', CSD, 'SHIBOR_3M', fixingDate, rate);
}

beforeEach(async () => {
  scenario = new Scenario();
  await scenario.members();
  await scenario.issuedBond(FRN);
});

describe('floating-rate note', () => {
  it('is refused a coupon before its fixing, then pays two resets exactly (the first at the floor)', async () => {
    const schedule = await scenario.ok<CouponSchedule>(servicing, 'GetCouponSchedule', FUND, ISIN);
    expect(schedule.referenceRate).toBe('SHIBOR_3M');
    expect(schedule.coupons.map((c) => [c.number, c.fixingDate, c.rate, c.amountPerUnitExact])).toEqual([
      [1, '2026-02-27', undefined, undefined],
      [2, '2027-03-01', undefined, undefined],
      [3, '2028-03-01', undefined, undefined],
    ]);

    scenario.ledger.now = at('2027-03-01');
    await scenario.refused(servicing, 'FixCouponEntitlements', CSD, ErrorCode.FIXING_MISSING, {}, ISIN, '1');
    await scenario.refused(servicing, 'GetAccruedInterest', FUND, ErrorCode.FIXING_MISSING, {}, ISIN, '2026-06-01');
    const due = await scenario.ok<DueEvent[]>(servicing, 'ListDueEvents', CSD, ISIN, '2027-03-01');
    expect(due).toEqual([
      expect.objectContaining({ eventId: 'C-001', fixed: false, missingFixing: { referenceRate: 'SHIBOR_3M', fixingDate: '2026-02-27' } }),
    ]);

    // 1.5 + 0.35 is below the floor: the period pays 2 %. 10000 × 2 % × 365/360 = 1825/9 per unit.
    expect(await publish('2026-02-27', '1.50')).toMatchObject({ referenceRate: 'SHIBOR_3M', fixingDate: '2026-02-27', rate: '1.5' });
    expect((await scenario.ok<DueEvent[]>(servicing, 'ListDueEvents', CSD, ISIN, '2027-03-01'))[0]?.missingFixing).toBeUndefined();
    const first = await scenario.ok<PaymentEvent>(servicing, 'FixCouponEntitlements', CSD, ISIN, '1');
    expect(first).toMatchObject({
      status: 'ENTITLEMENTS_FIXED',
      amountPerUnitExact: '1825/9',
      holders: 2,
      totalUnits: '1200',
      totalAmount: '243333',
    });
    expect((await entitlements('C-001')).map((e) => [e.holder, e.units, e.amount])).toEqual([
      ['BankMSP', '646', '130994'],
      ['FundMSP', '554', '112339'],
    ]);

    scenario.ledger.now = at('2027-03-02');
    await publish('2027-03-01', '2.9');
    const second = (await scenario.ok<CouponSchedule>(servicing, 'GetCouponSchedule', FUND, ISIN)).coupons[1];
    // 2.9 + 0.35 = 3.25 %: 10000 × 3.25 % × 366/360 = 3965/12 per unit.
    expect(second).toMatchObject({ fixingDate: '2027-03-01', fixing: '2.9', rate: '3.25', amountPerUnitExact: '3965/12' });

    scenario.ledger.now = at('2028-03-01');
    const event = await scenario.ok<PaymentEvent>(servicing, 'FixCouponEntitlements', BANK, ISIN, '2');
    expect(event).toMatchObject({ amountPerUnitExact: '3965/12', totalAmount: '396500' });
    const rows = await entitlements('C-002');
    expect(rows.map((e) => [e.holder, e.amount])).toEqual([
      ['BankMSP', '213449'],
      ['FundMSP', '183051'],
    ]);
    expect(rows.reduce((sum, e) => sum + BigInt(e.amount), 0n).toString()).toBe(event.totalAmount);
  });

  it('publishes each fixing once, from its date; members without the benchmark administrator role are refused', async () => {
    await scenario.refused(benchmarks, 'PublishFixing', CSD, ErrorCode.OUTSIDE_WINDOW, {}, 'SHIBOR_3M', '2026-01-06', '1.5');
    await scenario.refused(benchmarks, 'PublishFixing', BANK, ErrorCode.ROLE_REQUIRED, {}, 'SHIBOR_3M', '2026-01-05', '1.5');
    await scenario.refused(benchmarks, 'PublishFixing', SEC, ErrorCode.ROLE_REQUIRED, {}, 'SHIBOR_3M', '2026-01-05', '1.5');
    await scenario.refused(benchmarks, 'PublishFixing', CSD, ErrorCode.INVALID_ARGUMENT, {}, 'SHIBOR_6M', '2026-01-05', '1.5');
    await publish('2026-01-05', '1.5');
    await scenario.refused(benchmarks, 'PublishFixing', CSD, ErrorCode.ALREADY_EXISTS, {}, 'SHIBOR_3M', '2026-01-05', '1.5');
    await scenario.refused(benchmarks, 'PublishFixing', CSD, ErrorCode.ALREADY_EXISTS, {}, 'SHIBOR_3M', '2026-01-05', '1.6');
    // The same date of another rate is another fixing.
    await scenario.ok(benchmarks, 'PublishFixing', CSD, 'FR007', '2026-01-05', '1.6');
    expect(await scenario.ok<RateFixing>(benchmarks, 'GetFixing', FUND, 'SHIBOR_3M', '2026-01-05')).toMatchObject({ rate: '1.5' });
    await scenario.refused(benchmarks, 'GetFixing', FUND, ErrorCode.NOT_FOUND, {}, 'SHIBOR_3M', '2026-01-02');
    const page = await scenario.ok<{ records: RateFixing[] }>(benchmarks, 'ListFixings', FUND, 'FR007', '10', '');
    expect(page.records.map((f) => [f.referenceRate, f.fixingDate, f.rate])).toEqual([['FR007', '2026-01-05', '1.6']]);
  });

  it('reconciles: Σ entitlements = the event total, each the holding × the exact amount rounded once (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 6_000_000 }), async (fixingMicro) => {
        scenario = new Scenario();
        await scenario.members();
        await scenario.issuedBond(FRN);
        scenario.ledger.now = at('2027-03-01');
        const rate = `${Math.floor(fixingMicro / 1e6)}.${String(fixingMicro % 1e6).padStart(6, '0')}`;
        await publish('2026-02-27', rate);
        const event = await scenario.ok<PaymentEvent>(servicing, 'FixCouponEntitlements', CSD, ISIN, '1');
        const [num, den] = (event.amountPerUnitExact ?? '').split('/').map(BigInt) as [bigint, bigint];
        const rows = await entitlements('C-001');
        for (const e of rows) expect(BigInt(e.amount)).toBe((BigInt(e.units) * num * 2n + den) / (2n * den));
        expect(rows.reduce((sum, e) => sum + BigInt(e.amount), 0n)).toBe(BigInt(event.totalAmount));
        // The period rate: fixing + 0.35 within [2, 4.5], over 365/360 of a year on 10000 minor units.
        const period = Math.min(Math.max(fixingMicro + 350_000, 2_000_000), 4_500_000);
        expect(num * 100_000_000n * 360n).toBe(10000n * BigInt(period) * 365n * den);
      }),
      { numRuns: 8 },
    );
  });
});
