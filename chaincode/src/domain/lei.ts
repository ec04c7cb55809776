/** ISO 17442 Legal Entity Identifier: 18 alphanumerics then 2 MOD 97-10 check digits. */
import { expandAlphanumeric, mod97 } from './check-digits';

const LEI_PATTERN = /^[A-Z0-9]{18}[0-9]{2}$/;

export function isValidLei(lei: string): boolean {
  return LEI_PATTERN.test(lei) && mod97(expandAlphanumeric(lei)) === 1;
}

/** The two check digits for an 18-character LEI base: 98 − (base·100 mod 97). */
export function leiCheckDigits(base: string): string {
  if (!/^[A-Z0-9]{18}$/.test(base)) throw new RangeError('an LEI base is 18 upper-case alphanumerics');
  return String(98 - mod97(expandAlphanumeric(base + '00'))).padStart(2, '0');
}
