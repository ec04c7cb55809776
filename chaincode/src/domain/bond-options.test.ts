import fc from 'fast-check';
import { refusal } from '../../test/support/fixtures';
import { latestCallNotice, mayCallBond, optionOn } from './bond-options';
import { addDays, daysBetween } from './dates';

const terms = { callSchedule: [{ date: '2028-03-02', price: '100.5' }], putSchedule: [{ date: '2027-03-02', price: '100' }] };

describe('bond options', () => {
  it('only the issuer calls', () => {
    expect(mayCallBond({ issuer: 'IssuerMSP' }, 'IssuerMSP')).toBe(true);
    for (const caller of ['CSDMSP', 'BankMSP', 'InvestorMSP']) expect(mayCallBond({ issuer: 'IssuerMSP' }, caller)).toBe(false);
  });

  it('a call needs callNoticeDays of notice, 30 unless the terms say otherwise (property)', () => {
    expect(latestCallNotice({}, '2028-03-02')).toBe('2028-02-01'); // 2028 is a leap year
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), (days) => {
        expect(daysBetween(latestCallNotice({ callNoticeDays: days }, '2028-03-02'), '2028-03-02')).toBe(days);
      }),
    );
    expect(latestCallNotice({ callNoticeDays: 10 }, '2028-03-02')).toBe(addDays('2028-03-02', -10));
  });

  it('is exercised on a date of its schedule only', () => {
    expect(optionOn(terms, 'callSchedule', '2028-03-02')).toEqual({ date: '2028-03-02', price: '100.5' });
    expect(optionOn(terms, 'putSchedule', '2027-03-02')).toEqual({ date: '2027-03-02', price: '100' });
    expect(refusal(() => optionOn(terms, 'putSchedule', '2028-03-02'))).toBe(
      "INVALID_ARGUMENT: 2028-03-02 is not a date of the bond's putSchedule",
    );
    expect(refusal(() => optionOn({}, 'callSchedule', '2028-03-02'))).toMatch(/not a date of the bond's callSchedule/);
    expect(refusal(() => optionOn(terms, 'callSchedule', 'soon'))).toMatch(/^INVALID_ARGUMENT: callDate/);
  });
});
