import fc from 'fast-check';
import { CashErrorCode } from '../api/errors';
import { codeOf } from '../../test/support/domain';
import { formatDelta, MAX_AMOUNT_DIGITS, parseAmount, parseStoredAmount } from './amounts';

describe('amounts', () => {
  it('takes canonical decimal strings of minor units > 0 up to 30 digits', () => {
    expect(parseAmount('1')).toBe(1n);
    expect(parseAmount('125000')).toBe(125000n);
    expect(parseAmount('9'.repeat(MAX_AMOUNT_DIGITS))).toBe(10n ** 30n - 1n);
  });

  it('refuses zero, signs, exponents, fractions, leading zeros, spaces, separators, other types and 31 digits', () => {
    for (const value of [
      '0',
      '-5',
      '+5',
      '5e2',
      '5E2',
      '5.0',
      '0.5',
      '05',
      ' 5',
      '5 ',
      '5,000',
      '5_000',
      '0x5',
      '',
      '1'.repeat(31),
      5,
      5n,
      null,
      undefined,
      {},
    ]) {
      expect({ value, code: codeOf(() => parseAmount(value)) }).toEqual({ value, code: CashErrorCode.INVALID_ARGUMENT });
    }
  });

  it('reads back every positive bigint it writes (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 30n - 1n }), (n) => {
        expect(parseAmount(n.toString())).toBe(n);
      }),
    );
  });

  it('reads stored balances (zero included) and refuses a malformed record', () => {
    expect(parseStoredAmount('0', 'balance')).toBe(0n);
    expect(() => parseStoredAmount('-1', 'balance')).toThrow(/not a whole number/);
  });

  it('writes signed deltas', () => {
    expect(formatDelta(1000n, 400n)).toBe('-600');
    expect(formatDelta(0n, 600n)).toBe('600');
  });
});
