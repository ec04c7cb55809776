import fc from 'fast-check';
import type { components } from '../api/schema';
import { distribution, outstandingSeries, pipeline, timeline } from './charts';
import { sumUnits } from './decimal';

type Schemas = components['schemas'];
const stamp = (timestamp: string) => ({ mspId: 'CSDMSP', identity: 'x509::/CN=operator1', timestamp, txId: 't' });

describe('distribution', () => {
  it('adds up a holder’s accounts and puts the largest first', () => {
    const rows = distribution([
      { holder: 'BankMSP', units: '300' },
      { holder: 'FundMSP', units: '500' },
      { holder: 'BankMSP', units: '400' },
    ]);
    expect(rows.map((r) => [r.holder, r.units])).toEqual([
      ['BankMSP', '700'],
      ['FundMSP', '500'],
    ]);
    expect(rows[0]!.share).toBeCloseTo(700 / 1200, 6);
  });

  it('keeps the whole outstanding: units add up, shares sum to one', () => {
    const holding = fc.record({
      holder: fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F'),
      units: fc.bigInt({ min: 0n, max: 10n ** 24n }).map(String),
    });
    fc.assert(
      fc.property(fc.array(holding, { maxLength: 30 }), fc.integer({ min: 1, max: 4 }), (holdings, top) => {
        const rows = distribution(holdings, top);
        expect(sumUnits(rows.map((r) => r.units))).toBe(sumUnits(holdings.map((h) => h.units)));
        expect(rows.length).toBeLessThanOrEqual(top + 1);
        if (rows.length > 0) expect(Math.abs(rows.reduce((s, r) => s + r.share, 0) - 1)).toBeLessThan(1e-5);
      }),
    );
  });
});

describe('outstandingSeries', () => {
  const entry = (timestamp: string, units?: string): Schemas['HoldingHistoryEntry'] => ({
    timestamp,
    txId: timestamp,
    isDelete: units === undefined,
    holding: units === undefined ? undefined : { isin: 'X', holder: 'H', accountId: 'A', units, lastChange: stamp(timestamp) },
  });

  it('sums the holdings after each change', () => {
    const series = outstandingSeries([
      [entry('2026-01-02', '600'), entry('2026-03-01', '500')],
      [entry('2026-01-02', '400'), entry('2026-03-01', '500'), entry('2027-01-02')],
    ]);
    expect(series).toEqual([
      { at: '2026-01-02', units: '1000' },
      { at: '2026-03-01', units: '1000' },
      { at: '2027-01-02', units: '500' },
    ]);
  });

  it('ends at the sum of the last units of every holding', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 5 }), { maxLength: 6 }), (holdings) => {
        let t = 0;
        const histories = holdings.map((units) => units.map((u) => entry(`2026-01-01T00:00:${String(t++).padStart(2, '0')}Z`, String(u))));
        const last = outstandingSeries(histories).at(-1)?.units ?? '0';
        expect(last).toBe(sumUnits(holdings.map((u) => String(u.at(-1)))));
      }),
    );
  });
});

describe('pipeline', () => {
  it('counts instructions per status in settlement order', () => {
    const s = (status: Schemas['SettlementInstruction']['status']) => ({ status });
    expect(pipeline([s('SETTLED'), s('PENDING_CASH'), s('SETTLED')])).toEqual([
      { status: 'PENDING_CASH', count: 1 },
      { status: 'SETTLED', count: 2 },
      { status: 'FAILED', count: 0 },
    ]);
  });
});

describe('timeline', () => {
  const bondAt = (timestamp: string, status: Schemas['BondStatus']): Schemas['BondHistoryEntry'] => ({
    timestamp,
    txId: timestamp,
    isDelete: false,
    bond: { status } as Schemas['Bond'],
  });

  it('runs from the application through each first status to coupons and maturity', () => {
    const milestones = timeline({
      application: { filed: stamp('2026-01-01T09:00:00Z') },
      history: [
        bondAt('2026-01-03T09:00:00Z', 'BOOK_OPEN'),
        bondAt('2026-01-02T09:00:00Z', 'APPROVED'),
        bondAt('2026-01-04T09:00:00Z', 'BOOK_OPEN'),
      ],
      paymentEvents: [{ kind: 'COUPON', couponNumber: 1, paymentDate: '2027-01-02', status: 'COMPLETE' } as Schemas['PaymentEvent']],
      coupons: [
        { number: 1, paymentDate: '2027-01-02' },
        { number: 2, paymentDate: '2028-01-02' },
      ] as Schemas['CouponScheduleEntry'][],
      maturityDate: '2028-01-02',
    });
    expect(milestones.map((m) => [m.label, m.done])).toEqual([
      ['Application', true],
      ['Approved', true],
      ['Book opened', true],
      ['Coupon 1', true],
      ['Coupon 2', false],
      ['Maturity', false],
    ]);
  });
});
