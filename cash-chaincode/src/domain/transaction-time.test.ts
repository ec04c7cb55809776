import fc from 'fast-check';
import { CashErrorCode } from '../api/errors';
import { codeOf } from '../../test/support/domain';
import { requireTimestampWithinTolerance, timestampWithinTolerance, TX_TIMESTAMP_TOLERANCE_MS } from './transaction-time';

describe('transaction timestamp tolerance', () => {
  const clock = Date.UTC(2026, 0, 5, 9, 0, 0);

  it('accepts up to 120 s either way, inclusive, and refuses beyond: TIMESTAMP_OUT_OF_RANGE', () => {
    expect(TX_TIMESTAMP_TOLERANCE_MS).toBe(120_000);
    for (const skew of [0, 120_000, -120_000])
      expect(
        codeOf(() => {
          requireTimestampWithinTolerance(clock + skew, clock);
        }),
      ).toBeUndefined();
    for (const skew of [120_001, -120_001, 3_600_000]) {
      expect(
        codeOf(() => {
          requireTimestampWithinTolerance(clock + skew, clock);
        }),
      ).toBe(CashErrorCode.TIMESTAMP_OUT_OF_RANGE);
    }
    expect(() => {
      requireTimestampWithinTolerance(clock - 300_000, clock);
    }).toThrow(/is 300 s behind the endorsing peer's clock/);
  });

  it('refuses non-finite times', () => {
    expect(timestampWithinTolerance(Number.NaN, clock)).toBe(false);
    expect(timestampWithinTolerance(clock, Number.POSITIVE_INFINITY)).toBe(false);
  });

  it('is symmetric (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), (skew) => {
        expect(timestampWithinTolerance(clock + skew, clock)).toBe(Math.abs(skew) <= TX_TIMESTAMP_TOLERANCE_MS);
        expect(timestampWithinTolerance(clock, clock + skew)).toBe(timestampWithinTolerance(clock + skew, clock));
      }),
    );
  });
});
