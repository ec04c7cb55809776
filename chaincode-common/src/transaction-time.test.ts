import fc from 'fast-check';
import { CodedError, refuse } from '../test/coded-error';
import { requireTimestampWithinTolerance, timestampWithinTolerance, TX_TIMESTAMP_TOLERANCE_MS } from './transaction-time';

describe('transaction timestamp tolerance', () => {
  const clock = Date.UTC(2026, 0, 5, 9, 0, 0);

  it('is 120 s either way', () => {
    expect(TX_TIMESTAMP_TOLERANCE_MS).toBe(120_000);
  });

  it('accepts a timestamp up to the tolerance behind or ahead of the clock, inclusive', () => {
    for (const offset of [0, 1, -1, 119_999, -119_999, 120_000, -120_000]) {
      expect(timestampWithinTolerance(clock + offset, clock)).toBe(true);
    }
  });

  it('refuses a timestamp beyond the tolerance, either way', () => {
    for (const offset of [120_001, -120_001, 121_000, -121_000, 3_600_000, -3_600_000]) {
      expect(timestampWithinTolerance(clock + offset, clock)).toBe(false);
    }
  });

  it('takes the tolerance as a parameter', () => {
    expect(timestampWithinTolerance(clock + 5_000, clock, 5_000)).toBe(true);
    expect(timestampWithinTolerance(clock + 5_001, clock, 5_000)).toBe(false);
  });

  it('refuses a time that is not a number (an unreadable timestamp)', () => {
    expect(timestampWithinTolerance(Number.NaN, clock)).toBe(false);
    expect(timestampWithinTolerance(clock, Number.NaN)).toBe(false);
    expect(timestampWithinTolerance(Number.POSITIVE_INFINITY, clock)).toBe(false);
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

  it("throws the chaincode's TIMESTAMP_OUT_OF_RANGE naming the skew and its direction", () => {
    expect(() => {
      requireTimestampWithinTolerance(refuse, clock, clock);
    }).not.toThrow();
    const refusal = (tx: number) => {
      try {
        requireTimestampWithinTolerance(refuse, tx, clock);
      } catch (error) {
        return error as CodedError;
      }
      throw new Error('accepted');
    };
    const backdated = refusal(clock - 3_600_000);
    expect(backdated).toBeInstanceOf(CodedError);
    expect(backdated.code).toBe('TIMESTAMP_OUT_OF_RANGE');
    expect(backdated.message).toBe(
      "TIMESTAMP_OUT_OF_RANGE: the transaction timestamp 2026-01-05T08:00:00.000Z is 3600 s behind the endorsing peer's clock 2026-01-05T09:00:00.000Z; a write is accepted within 120 s",
    );
    expect(refusal(clock + 121_000).detail).toMatch(/ is 121 s ahead of the endorsing peer's clock /);
    expect(refusal(clock - 300_000).detail).toMatch(/ is 300 s behind the endorsing peer's clock /);
  });
});
