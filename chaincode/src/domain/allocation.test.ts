import fc from 'fast-check';
import { allocateFixedPrice, allocateTender, exercisableOverAllotment, type OrderBookBid, proRata } from './allocation';
import { PERCENT_SCALE } from './decimal';

const bid = (bidder: string, units: number, rate?: number): OrderBookBid => ({
  bidder,
  accountId: 'PROP',
  units: BigInt(units),
  rate: rate === undefined ? undefined : BigInt(Math.round(rate * 1_000_000)),
});

const unitsOf = (lines: { bidder: string; units: bigint }[]) => Object.fromEntries(lines.map((l) => [l.bidder, Number(l.units)]));

describe('pro rata (fixed price)', () => {
  it('fills every bid when demand does not exceed supply', () => {
    expect(unitsOf(allocateFixedPrice([bid('A', 300), bid('B', 200)], 1000n).lines)).toEqual({ A: 300, B: 200 });
  });

  it('scales down and gives the rounding units to the largest remainders', () => {
    // D = 600, S = 400: 200, 133.33…, 66.66… → floors 200/133/66, one unit left, C has the largest remainder.
    const result = allocateFixedPrice([bid('A', 300), bid('B', 200), bid('C', 100)], 400n);
    expect(unitsOf(result.lines)).toEqual({ A: 200, B: 133, C: 67 });
    expect(result.allocatedUnits).toBe(400n);
  });

  it('breaks equal remainders by bidder MSP ID', () => {
    // Three equal bids, 2 units: each gets 0 whole, remainders equal → A then B.
    expect(unitsOf(proRata([bid('C', 1), bid('B', 1), bid('A', 1)], 2n))).toEqual({ A: 1, B: 1, C: 0 });
  });
});

describe('tender (marginal rate)', () => {
  it('fills from the lowest rate, shares the marginal tier pro rata, and clears at the marginal rate', () => {
    const bids = [bid('A', 400, 2.9), bid('B', 300, 3.0), bid('C', 300, 3.0), bid('D', 500, 3.1)];
    const result = allocateTender(bids, 800n);
    expect(unitsOf(result.lines)).toEqual({ A: 400, B: 200, C: 200, D: 0 });
    expect(result.clearingRate).toBe(3n * PERCENT_SCALE);
  });

  it('clears at the highest bid rate when demand is short', () => {
    const result = allocateTender([bid('A', 100, 2.5), bid('B', 100, 2.75)], 1000n);
    expect(unitsOf(result.lines)).toEqual({ A: 100, B: 100 });
    expect(result.clearingRate).toBe(2_750_000n);
    expect(result.allocatedUnits).toBe(200n);
  });
});

describe('over-allotment', () => {
  it('is capped by the limit and by excess demand', () => {
    expect(exercisableOverAllotment(100n, 150n, 1300n, 1000n)).toBe(100n);
    expect(() => exercisableOverAllotment(200n, 150n, 2000n, 1000n)).toThrow('limit');
    expect(() => exercisableOverAllotment(100n, 150n, 1050n, 1000n)).toThrow('excess demand');
  });
});

describe('allocation invariants (property)', () => {
  const bidsArb = fc
    .uniqueArray(fc.record({ bidder: fc.stringMatching(/^[A-Z][a-z]{1,6}MSP$/), units: fc.integer({ min: 1, max: 10_000 }), rate: fc.integer({ min: 100, max: 110 }) }), {
      selector: (b) => b.bidder,
      minLength: 1,
      maxLength: 12,
    })
    .map((bids) => bids.map((b) => ({ bidder: b.bidder, accountId: 'PROP', units: BigInt(b.units), rate: BigInt(b.rate) * 10_000n })));
  const supplyArb = fc.integer({ min: 1, max: 50_000 }).map(BigInt);

  it('never allocates more than supply or than a bid, in whole non-negative units, whatever the bid order', () => {
    fc.assert(
      fc.property(bidsArb, supplyArb, fc.boolean(), (bids, supply, tender) => {
        const allocate = tender ? allocateTender : allocateFixedPrice;
        const result = allocate(bids, supply);
        const demand = bids.reduce((s, b) => s + b.units, 0n);
        const total = result.lines.reduce((s, l) => s + l.units, 0n);
        expect(total).toBe(result.allocatedUnits);
        expect(total).toBe(demand < supply ? demand : supply);
        for (const line of result.lines) {
          const asked = bids.find((b) => b.bidder === line.bidder)!.units;
          expect(line.units >= 0n && line.units <= asked).toBe(true);
        }
        expect(allocate([...bids].reverse(), supply)).toEqual(result);
      }),
    );
  });

  it('in a tender, fills bids below the marginal rate in full and gives nothing above it', () => {
    fc.assert(
      fc.property(bidsArb, supplyArb, (bids, supply) => {
        const result = allocateTender(bids, supply);
        for (const line of result.lines) {
          const b = bids.find((x) => x.bidder === line.bidder)!;
          if (b.rate < result.clearingRate!) expect(line.units).toBe(b.units);
          if (b.rate > result.clearingRate!) expect(line.units).toBe(0n);
        }
      }),
    );
  });
});
