import { bookTypeOf } from './book';

describe('bookTypeOf', () => {
  it('keeps the book type the terms record', () => {
    expect(bookTypeOf({ bookType: 'TENDER', interestType: 'FIXED' })).toBe('TENDER');
    expect(bookTypeOf({ bookType: 'FIXED_PRICE', interestType: 'FIXED', interestRate: '3.5' })).toBe('FIXED_PRICE');
  });

  it('tenders a fixed-interest bond without a rate, as the chaincode does', () => {
    expect(bookTypeOf({ interestType: 'FIXED' })).toBe('TENDER');
  });

  it('prices a bond with a fixed rate, a floating or a zero coupon at a fixed price', () => {
    expect(bookTypeOf({ interestType: 'FIXED', interestRate: '3.5' })).toBe('FIXED_PRICE');
    expect(bookTypeOf({ interestType: 'FLOATING' })).toBe('FIXED_PRICE');
    expect(bookTypeOf({ interestType: 'ZERO_COUPON' })).toBe('FIXED_PRICE');
  });
});
