import fc from 'fast-check';
import { formatDecimal, formatMinor, fromScaled, ratio, sumUnits, toScaled } from './decimal';

describe('decimal strings', () => {
  it('scale and unscale without loss', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: 0, max: 8 }), (n, scale) => {
        expect(toScaled(fromScaled(n, scale), scale)).toBe(n);
      }),
    );
    expect(toScaled('1.5', 2)).toBe(150n);
    expect(toScaled('-0.125', 2)).toBe(-12n);
    expect(() => toScaled('1e3', 0)).toThrow('not a decimal');
  });

  it('groups thousands without touching the fraction', () => {
    expect(formatDecimal('1234567.12345')).toBe('1,234,567.12345');
    expect(formatDecimal('-1000')).toBe('-1,000');
    expect(formatDecimal('999')).toBe('999');
    expect(formatDecimal('n/a')).toBe('n/a');
  });

  it('shows minor units in the currency’s digits', () => {
    expect(formatMinor('1014132', 'CNY')).toBe('10,141.32 CNY');
    expect(formatMinor('5', 'EUR')).toBe('0.05 EUR');
    expect(formatMinor('1500', 'JPY')).toBe('1,500 JPY');
    expect(formatMinor('257.88', 'CNY')).toBe('2.5788 CNY');
    expect(formatMinor('153.821918', 'CNY')).toBe('1.53821918 CNY');
    expect(formatMinor('100.50', 'EUR')).toBe('1.005 EUR');
    expect(formatMinor('-12.5', 'CNY')).toBe('-0.125 CNY');
    expect(formatMinor('7.00', 'JPY')).toBe('7 JPY');
  });

  it('sums units far beyond 2^53 exactly', () => {
    expect(sumUnits(['9007199254740993', '1'])).toBe('9007199254740994');
  });

  it('computes ratios for drawing from strings', () => {
    expect(ratio('1', '4')).toBe(0.25);
    expect(ratio('5', '0')).toBe(0);
    expect(ratio('123456789012345678901', '246913578024691357802')).toBe(0.5);
  });
});
