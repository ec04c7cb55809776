import fc from 'fast-check';
import {
  type AccountDemand,
  allocateBook,
  allocateFixedPrice,
  allocateTender,
  type BookBid,
  exercisableOverAllotment,
  type OrderBookBid,
  proRata,
  splitAmongAccounts,
} from './allocation';
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
    .uniqueArray(
      fc.record({
        bidder: fc.stringMatching(/^[A-Z][a-z]{1,6}MSP$/),
        units: fc.integer({ min: 1, max: 10_000 }),
        rate: fc.integer({ min: 100, max: 110 }),
      }),
      {
        selector: (b) => b.bidder,
        minLength: 1,
        maxLength: 12,
      },
    )
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

describe('bids split across accounts', () => {
  const accountsArb = fc
    .uniqueArray(fc.record({ accountId: fc.stringMatching(/^[A-Z][A-Z0-9-]{0,9}$/), units: fc.integer({ min: 1, max: 5_000 }) }), {
      selector: (a) => a.accountId,
      minLength: 1,
      maxLength: 30,
    })
    .map((accounts) => accounts.map((a) => ({ accountId: a.accountId, units: BigInt(a.units) })));
  const demandOf = (accounts: readonly AccountDemand[]) => accounts.reduce((s, a) => s + a.units, 0n);

  it('divides a bid pro rata and gives the units left to the largest remainders, ties by account id', () => {
    const accounts = [
      { accountId: 'C', units: 100n },
      { accountId: 'A', units: 300n },
      { accountId: 'B', units: 200n },
    ];
    // 400 of 600: 200, 133.33…, 66.66… → one unit left, C has the largest remainder.
    expect(splitAmongAccounts('BankMSP', accounts, 400n).map((l) => [l.accountId, Number(l.units)])).toEqual([
      ['A', 200],
      ['B', 133],
      ['C', 67],
    ]);
    // Equal remainders: the unit goes to the lowest account id.
    expect(
      splitAmongAccounts(
        'BankMSP',
        [
          { accountId: 'Y', units: 1n },
          { accountId: 'X', units: 1n },
        ],
        1n,
      ).map((l) => [l.accountId, Number(l.units)]),
    ).toEqual([
      ['X', 1],
      ['Y', 0],
    ]);
  });

  it('refuses to divide more than the accounts asked for', () => {
    expect(() => splitAmongAccounts('BankMSP', [{ accountId: 'A', units: 5n }], 6n)).toThrow(/^INVALID_ARGUMENT: /);
  });

  it("adds up to the allocation, gives no account more than it asked, and does not depend on the accounts' order (property)", () => {
    fc.assert(
      fc.property(
        accountsArb.chain((accounts) =>
          fc.tuple(
            fc.constant(accounts),
            fc.bigInt({ min: 0n, max: demandOf(accounts) }),
            fc.shuffledSubarray(accounts, { minLength: accounts.length }),
          ),
        ),
        ([accounts, allocated, shuffled]) => {
          const lines = splitAmongAccounts('BankMSP', accounts, allocated);
          expect(lines.reduce((s, l) => s + l.units, 0n)).toBe(allocated);
          for (const line of lines) {
            const asked = accounts.find((a) => a.accountId === line.accountId)!.units;
            expect(line.units >= 0n && line.units <= asked).toBe(true);
          }
          expect(lines.map((l) => l.accountId)).toEqual(accounts.map((a) => a.accountId).sort());
          expect(splitAmongAccounts('BankMSP', shuffled, allocated)).toEqual(lines);
        },
      ),
    );
  });

  const bookArb = fc
    .uniqueArray(
      fc.record({ bidder: fc.stringMatching(/^[A-Z][a-z]{1,6}MSP$/), rate: fc.integer({ min: 100, max: 110 }), accounts: accountsArb }),
      {
        selector: (b) => b.bidder,
        minLength: 1,
        maxLength: 8,
      },
    )
    .map((bids): BookBid[] =>
      bids.map((b) => ({ bidder: b.bidder, rate: BigInt(b.rate) * 10_000n, accounts: b.accounts, units: demandOf(b.accounts) })),
    );

  it("allocates per bid as before, then gives each bid's units to its accounts, one line per account (property)", () => {
    fc.assert(
      fc.property(bookArb, fc.integer({ min: 1, max: 200_000 }).map(BigInt), fc.boolean(), (bids, supply, tender) => {
        const result = allocateBook(bids, supply, tender);
        const perBid = (tender ? allocateTender : allocateFixedPrice)(
          bids.map((b) => ({ bidder: b.bidder, accountId: 'PROP', units: b.units, rate: b.rate })),
          supply,
        );
        expect(result.allocatedUnits).toBe(perBid.allocatedUnits);
        expect(result.clearingRate).toBe(perBid.clearingRate);
        for (const bid of bids) {
          const lines = result.lines.filter((l) => l.bidder === bid.bidder);
          expect(lines.map((l) => l.accountId)).toEqual(bid.accounts.map((a) => a.accountId).sort());
          expect(lines.reduce((s, l) => s + l.units, 0n)).toBe(perBid.lines.find((l) => l.bidder === bid.bidder)!.units);
        }
        const reordered = [...bids].reverse().map((b) => ({ ...b, accounts: [...b.accounts].reverse() }));
        expect(allocateBook(reordered, supply, tender)).toEqual(result);
      }),
    );
  });

  it("keeps a single-account bid's allocation exactly as before", () => {
    const bids = [bid('A', 300), bid('B', 200), bid('C', 100)];
    const book = bids.map((b) => ({ bidder: b.bidder, units: b.units, accounts: [{ accountId: b.accountId, units: b.units }] }));
    expect(allocateBook(book, 400n, false)).toEqual(allocateFixedPrice(bids, 400n));
  });

  it('refuses a book with two bids of one bidder or a bid whose accounts do not add up', () => {
    const one = { bidder: 'A', units: 10n, accounts: [{ accountId: 'X', units: 10n }] };
    expect(() => allocateBook([one, one], 5n, false)).toThrow(/more than one bid/);
    expect(() => allocateBook([{ ...one, units: 11n }], 5n, false)).toThrow(/do not add up/);
  });
});
