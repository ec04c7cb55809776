/**
 * Check-digit algorithms of the securities identifiers. Pure functions: no
 * Fabric, no state. Letters expand to two digits (A=10 … Z=35) in both.
 */

/** Expands `0-9A-Z` into a digit string, A=10 … Z=35; other characters are a programming error. */
export function expandAlphanumeric(text: string): string {
  let digits = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code >= 48 && code <= 57) digits += ch;
    else if (code >= 65 && code <= 90) digits += String(code - 55);
    else throw new RangeError(`not an upper-case alphanumeric character: ${JSON.stringify(ch)}`);
  }
  return digits;
}

/** ISO/IEC 7064 MOD 97-10 remainder of a digit string, streamed so no bigint is needed. */
export function mod97(digits: string): number {
  let remainder = 0;
  for (const ch of digits) remainder = (remainder * 10 + Number(ch)) % 97;
  return remainder;
}

/**
 * Luhn check digit for a digit string: weights 2,1,2,… from the rightmost
 * digit, two-digit products folded, check = (10 − sum mod 10) mod 10.
 */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  let double = true;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = Number(digits[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return (10 - (sum % 10)) % 10;
}
