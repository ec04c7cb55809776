import { CodedError, refuse, thrown } from '../test/coded-error';
import { requireArgumentCount, requireArgumentSizes } from './arguments';

describe('argument limits', () => {
  const limits = { maxArgumentBytes: 8, maxArgumentsBytes: 12 };
  const sizes = (args: string[]): unknown =>
    thrown(() => {
      requireArgumentSizes(refuse, args, limits);
    });
  const count = (fn: string, expected: number, supplied: number): unknown =>
    thrown(() => {
      requireArgumentCount(refuse, fn, expected, supplied);
    });

  it('accept arguments within the limits, counted in UTF-8 bytes', () => {
    expect(sizes(['Fn', '12345678'])).toBeUndefined();
    expect(sizes(['Fn', 'ääää'])).toBeUndefined();
    expect(sizes(['Fn', 'äääää'])).toEqual(new CodedError('INVALID_ARGUMENT', 'argument 1 is 10 bytes; an argument may have at most 8'));
  });

  it('refuse one argument or all of them too large', () => {
    expect(sizes(['Fn', '123456789'])).toEqual(new CodedError('INVALID_ARGUMENT', 'argument 1 is 9 bytes; an argument may have at most 8'));
    expect(sizes(['Fn', '1234567', 'abcd'])).toEqual(new CodedError('INVALID_ARGUMENT', 'the arguments are 13 bytes; at most 12 in all'));
  });

  it('refuse a call with another number of arguments than declared', () => {
    expect(count('Cash:GetTotals', 1, 1)).toBeUndefined();
    expect(count('Cash:GetTotals', 1, 0)).toEqual(new CodedError('INVALID_ARGUMENT', 'Cash:GetTotals takes 1 argument, not 0'));
    expect(count('Htlc:ClaimCash', 2, 3)).toEqual(new CodedError('INVALID_ARGUMENT', 'Htlc:ClaimCash takes 2 arguments, not 3'));
  });
});
