import fc from 'fast-check';
import { formatInstant, parseInstant, requireInstant } from './instants';

describe('instants', () => {
  it('takes ISO-8601 UTC with seconds and up to milliseconds, and stores it with milliseconds', () => {
    expect(parseInstant('2026-01-05T10:00:00Z')).toBe(Date.UTC(2026, 0, 5, 10));
    expect(parseInstant('2026-01-05T10:00:00.5Z')).toBe(Date.UTC(2026, 0, 5, 10, 0, 0, 500));
    expect(parseInstant('2024-02-29T23:59:59.999Z')).toBe(Date.UTC(2024, 1, 29, 23, 59, 59, 999));
    expect(formatInstant(requireInstant('2026-01-05T10:00:00Z', 'expiry'))).toBe('2026-01-05T10:00:00.000Z');
  });

  it('refuses every other form and impossible dates', () => {
    for (const text of [
      '2026-01-05T10:00Z',
      '2026-01-05T10:00:00',
      '2026-01-05T10:00:00+00:00',
      '2026-01-05T10:00:00.0001Z',
      '2026-01-05 10:00:00Z',
      '2026-01-05',
      '2026-02-29T10:00:00Z',
      '2026-04-31T10:00:00Z',
      '2026-13-01T10:00:00Z',
      '2026-01-05T24:00:00Z',
      '2026-01-05T10:60:00Z',
      '2026-01-05T10:00:60Z',
      '1969-12-31T23:59:59Z',
      '+02026-01-05T10:00:00Z',
      '２０２６-01-05T10:00:00Z',
    ]) {
      expect({ text, millis: parseInstant(text) }).toEqual({ text, millis: undefined });
    }
    expect(() => requireInstant(1767607200000, 'expiry')).toThrow(/^INVALID_ARGUMENT: expiry must be/);
  });

  it('reads back every instant it writes, and its stored form sorts chronologically (property)', () => {
    const instant = fc.integer({ min: 0, max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) });
    fc.assert(
      fc.property(instant, instant, (a, b) => {
        expect(parseInstant(formatInstant(a))).toBe(a);
        expect(formatInstant(a) < formatInstant(b)).toBe(a < b);
      }),
    );
  });
});
