import fc from 'fast-check';
import { ChaincodeError, ErrorCode, MAX_TRANSFERS_PER_BATCH } from '../api';
import * as holdings from './holdings';
import {
  type Delivery,
  holdingRefId,
  type HoldingRef,
  netMovements,
  type OpeningPosition,
  parseTransferBatch,
  settleBatch,
  touchedHoldings,
} from './settlement-batch';

const ref = (holder: string, accountId = 'PROP', isin = 'CNTEST000013'): HoldingRef => ({ isin, holder, accountId });
const A = ref('AMSP');
const B = ref('BMSP');
const C = ref('CMSP');
const delivery = (transferId: string, from: HoldingRef, to: HoldingRef, units: number): Delivery => ({
  transferId,
  from,
  to,
  units: BigInt(units),
});
const positions = (entries: [HoldingRef, OpeningPosition][]) => new Map(entries.map(([r, p]) => [holdingRefId(r), p]));

function refusal(fn: () => unknown): { code?: string; message: string } {
  try {
    fn();
  } catch (error) {
    return { code: (error as { code?: string }).code, message: (error as Error).message };
  }
  return { message: 'accepted' };
}

describe('batch requests', () => {
  const ids = (count: number) => Array.from({ length: count }, (_, i) => `t${i}`);

  it('takes 1 to MAX_TRANSFERS_PER_BATCH distinct ids, in order', () => {
    expect(parseTransferBatch(JSON.stringify({ transferIds: ['b', 'a'] }))).toEqual(['b', 'a']);
    expect(parseTransferBatch(JSON.stringify({ transferIds: ids(MAX_TRANSFERS_PER_BATCH) }))).toHaveLength(MAX_TRANSFERS_PER_BATCH);
  });

  it.each([
    ['no list', {}],
    ['an empty list', { transferIds: [] }],
    ['one id too many', { transferIds: ids(MAX_TRANSFERS_PER_BATCH + 1) }],
    ['an id listed twice', { transferIds: ['a', 'b', 'a'] }],
    ['an id that is no key part', { transferIds: ['a b'] }],
    ['an id that is not text', { transferIds: [7] }],
  ])('refuses %s: INVALID_ARGUMENT', (_, request) => {
    expect(refusal(() => parseTransferBatch(JSON.stringify(request))).code).toBe(ErrorCode.INVALID_ARGUMENT);
  });
});

describe('settling a batch', () => {
  it('nets a chain A→B→C and two deliveries out of A: each holding once, opening + net', () => {
    const batch = [delivery('t1', A, B, 30), delivery('t2', B, C, 50), delivery('t3', A, C, 10)];
    const opening = positions([
      [A, { units: 100n, frozen: 0n }],
      [B, { units: 20n, frozen: 0n }],
      [C, {}],
    ]);
    expect(settleBatch(batch, opening)).toEqual([
      { holding: A, units: 60n, created: false },
      { holding: B, units: 0n, created: false },
      { holding: C, units: 60n, created: true },
    ]);
    expect([...netMovements(batch).values()]).toEqual([-40n, -20n, 60n]);
  });

  it('checks gross in the listed order: B may deliver what it received earlier in the batch, not what it receives later', () => {
    const opening = positions([
      [A, { units: 100n, frozen: 0n }],
      [B, { units: 20n, frozen: 0n }],
      [C, {}],
    ]);
    expect(settleBatch([delivery('t1', A, B, 30), delivery('t2', B, C, 50)], opening).map((c) => c.units)).toEqual([70n, 0n, 50n]);
    // The same transfers the other way round net to the same result, but B would deliver 50 while holding 20.
    const refused = refusal(() => settleBatch([delivery('t2', B, C, 50), delivery('t1', A, B, 30)], opening));
    expect(refused.code).toBe(ErrorCode.INSUFFICIENT_HOLDING);
    expect(refused.message).toContain('transfer t2');
  });

  it('never delivers frozen units, whatever the batch brings in later', () => {
    const opening = positions([
      [A, { units: 100n, frozen: 80n }],
      [B, { units: 50n, frozen: 0n }],
    ]);
    const refused = refusal(() => settleBatch([delivery('t1', A, B, 30), delivery('t2', B, A, 30)], opening));
    expect(refused).toMatchObject({ code: ErrorCode.HOLDING_FROZEN });
    expect(refused.message).toMatch(/^HOLDING_FROZEN: batch refused at transfer t1, nothing settled: /);
    expect(settleBatch([delivery('t2', B, A, 30), delivery('t1', A, B, 30)], opening).map((c) => c.units)).toEqual([50n, 100n]);
  });

  it('refuses a delivery out of a holding that does not exist: NOT_FOUND, as a single settlement', () => {
    expect(
      refusal(() =>
        settleBatch(
          [delivery('t1', B, A, 1)],
          positions([
            [A, { units: 1n }],
            [B, { frozen: 0n }],
          ]),
        ),
      ).code,
    ).toBe(ErrorCode.NOT_FOUND);
  });
});

// --- properties ---------------------------------------------------------------------

const HOLDINGS = ['CNTEST000013', 'CNTEST000021'].flatMap((isin) =>
  ['AMSP', 'BMSP', 'CMSP'].flatMap((holder) => ['PROP', 'CLIENT'].map((accountId) => ref(holder, accountId, isin))),
);

const openingArb = fc
  .array(fc.option(fc.tuple(fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 40 })), { nil: undefined, freq: 6 }), {
    minLength: HOLDINGS.length,
    maxLength: HOLDINGS.length,
  })
  .map((entries) =>
    positions(
      HOLDINGS.map((h, i) => {
        const entry = entries[i];
        // Frozen units never exceed the holding; a holding that does not exist has none.
        return [h, entry ? { units: BigInt(entry[0]), frozen: (BigInt(entry[0]) * BigInt(entry[1])) / 100n } : { frozen: 0n }];
      }),
    ),
  );

const batchArb = fc
  .array(fc.tuple(fc.nat({ max: HOLDINGS.length - 1 }), fc.nat({ max: 4 }), fc.integer({ min: 1, max: 30 })), {
    minLength: 1,
    maxLength: 12,
  })
  .map((legs) =>
    legs.map(([from, step, units], i) => {
      const source = HOLDINGS[from]!;
      // Another holding of the same bond (the first six are one bond, the last six the other).
      const base = from < 6 ? 0 : 6;
      const target = HOLDINGS[base + ((from - base + 1 + step) % 6)]!;
      return delivery(`t${i}`, source, target, units);
    }),
  );

/** The transfers settled one by one in order, as ConfirmTransferCash would: each debit and credit on the running units. */
function oneByOne(
  batch: readonly Delivery[],
  opening: ReadonlyMap<string, OpeningPosition>,
): Map<string, bigint> | { code: string; transferId: string } {
  const units = new Map([...opening].filter(([, p]) => p.units !== undefined).map(([id, p]) => [id, p.units!]));
  for (const { transferId, from, to, units: moved } of batch) {
    const held = units.get(holdingRefId(from));
    try {
      if (held === undefined) throw new ChaincodeError(ErrorCode.NOT_FOUND, 'no holding');
      units.set(holdingRefId(from), holdings.debit(held, opening.get(holdingRefId(from))?.frozen ?? 0n, moved));
      units.set(holdingRefId(to), holdings.credit(units.get(holdingRefId(to)) ?? 0n, moved));
    } catch (error) {
      return { code: (error as ChaincodeError).code, transferId };
    }
  }
  return units;
}

describe('settlement batch properties', () => {
  it('conserves every bond: the net movements of a bond sum to zero', () => {
    fc.assert(
      fc.property(batchArb, (batch) => {
        const net = netMovements(batch);
        for (const isin of new Set(HOLDINGS.map((h) => h.isin))) {
          const sum = touchedHoldings(batch)
            .filter((h) => h.isin === isin)
            .reduce((total, h) => total + (net.get(holdingRefId(h)) ?? 0n), 0n);
          expect(sum).toBe(0n);
        }
      }),
    );
  });

  it('settles exactly what settling one by one in order settles, to the same holdings, and refuses at the same transfer otherwise', () => {
    fc.assert(
      fc.property(openingArb, batchArb, (opening, batch) => {
        const sequential = oneByOne(batch, opening);
        let closing: ReturnType<typeof settleBatch> | undefined;
        const refused = refusal(() => (closing = settleBatch(batch, opening)));
        if (!(sequential instanceof Map)) {
          expect(refused.code).toBe(sequential.code);
          expect(refused.message).toContain(`batch refused at transfer ${sequential.transferId},`);
          return;
        }
        expect(refused.message).toBe('accepted');
        expect(closing!.map((c) => holdingRefId(c.holding))).toEqual(touchedHoldings(batch).map(holdingRefId));
        for (const c of closing!) {
          const id = holdingRefId(c.holding);
          expect(c.units).toBe(sequential.get(id));
          expect(c.created).toBe(opening.get(id)?.units === undefined);
          // Never negative, never below the frozen units.
          expect(c.units >= (opening.get(id)?.frozen ?? 0n)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('refuses some batches whose net result alone would be covered (the gross rule is the stricter)', () => {
    // Found by the rule itself: a refused batch can still net to non-negative, unfrozen holdings.
    const netCovered = (batch: readonly Delivery[], opening: ReadonlyMap<string, OpeningPosition>) => {
      const net = netMovements(batch);
      return touchedHoldings(batch).every((h) => {
        const p = opening.get(holdingRefId(h))!;
        return (p.units ?? 0n) + net.get(holdingRefId(h))! >= (p.frozen ?? 0n);
      });
    };
    fc.assert(
      fc.property(openingArb, batchArb, (opening, batch) => {
        // Whatever the gross rule accepts, the net rule accepts too.
        if (refusal(() => settleBatch(batch, opening)).message === 'accepted') expect(netCovered(batch, opening)).toBe(true);
      }),
    );
    const opening = positions([
      [A, { units: 0n, frozen: 0n }],
      [B, { units: 10n, frozen: 0n }],
    ]);
    const batch = [delivery('t1', A, B, 10), delivery('t2', B, A, 10)];
    expect(netCovered(batch, opening)).toBe(true);
    expect(refusal(() => settleBatch(batch, opening)).code).toBe(ErrorCode.INSUFFICIENT_HOLDING);
  });
});
