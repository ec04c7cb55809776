import { expandAlphanumeric, luhnCheckDigit, mod97 } from './check-digits';
import { isinCheckDigit, isinFromNationalCode, isValidIsin } from './isin';
import { isValidLei, leiCheckDigits } from './lei';

// ISIN vectors: Rosetta Code, "Calculate International Securities Identification Number"
// (https://rosettacode.org/wiki/Calculate_International_Securities_Identification_Number), and
// Apache Commons Validator ISINCheckDigit.
describe('ISIN (ISO 6166)', () => {
  it.each([
    ['US037833100', 5],
    ['AU0000XVGZA', 3],
    ['GB000263494', 6],
  ])('check digit of %s is %d', (body, digit) => {
    expect(isinCheckDigit(body)).toBe(digit);
  });

  it('expands letters to two digits before Luhn', () => {
    expect(expandAlphanumeric('AU0000XVGZA')).toBe('103000003331163510');
  });

  it.each(['US0378331005', 'AU0000XVGZA3', 'GB0002634946', 'FR0000988040'])('accepts %s', (isin) => {
    expect(isValidIsin(isin)).toBe(true);
  });

  it.each([
    ['US0373831005', 'transposed digits'],
    ['U50378331005', 'digit in the country code'],
    ['US03378331005', 'thirteen characters'],
    ['us0378331005', 'lower case'],
    ['US037833100X', 'letter as check digit'],
  ])('refuses %s (%s)', (isin) => {
    expect(isValidIsin(isin)).toBe(false);
  });

  it('cannot catch every letter transposition: AU0000VXGZA3 also passes (Rosetta Code notes it)', () => {
    expect(isValidIsin('AU0000VXGZA3')).toBe(true);
  });

  it('builds an ISIN from a country and national code', () => {
    expect(isinFromNationalCode('US', '037833100')).toBe('US0378331005');
  });

  it('computes Luhn from the right with weights 2,1,2…', () => {
    // Luhn's classic example number 7992739871 has check digit 3.
    expect(luhnCheckDigit('7992739871')).toBe(3);
  });
});

// LEI vectors: ISO 17442 with ISO/IEC 7064 MOD 97-10; example LEIs as published with
// the `lei` crate's documentation (https://docs.rs/lei) from the GLEIF register.
describe('LEI (ISO 17442)', () => {
  it.each(['5493001KJTIIGC8Y1R12', '969500KSV493XWY0PS33', '7ZW8QJWVPR4P1S5PX088'])('accepts %s', (lei) => {
    expect(isValidLei(lei)).toBe(true);
    expect(leiCheckDigits(lei.slice(0, 18))).toBe(lei.slice(18));
  });

  it.each([
    ['5493001KJTIIGC8Y1R13', 'wrong check digits'],
    ['5493001KJTIIGC8Y1R1', 'nineteen characters'],
    ['5493001kjtiigc8y1r12', 'lower case'],
    ['5493001KJTIIGC8Y1RAB', 'letters as check digits'],
  ])('refuses %s (%s)', (lei) => {
    expect(isValidLei(lei)).toBe(false);
  });

  it('MOD 97-10 of a valid full LEI is 1', () => {
    expect(mod97(expandAlphanumeric('5493001KJTIIGC8Y1R12'))).toBe(1);
  });
});
