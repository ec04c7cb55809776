/**
 * ISO 6166 ISIN: 2-letter country code, 9-character national code, 1 Luhn
 * check digit computed over the letter-expanded body.
 */
import { expandAlphanumeric, luhnCheckDigit } from './check-digits';

const ISIN_PATTERN = /^[A-Z]{2}[A-Z0-9]{9}[0-9]$/;

export function isinCheckDigit(body: string): number {
  if (!/^[A-Z]{2}[A-Z0-9]{9}$/.test(body)) throw new RangeError('an ISIN body is 2 letters then 9 alphanumerics');
  return luhnCheckDigit(expandAlphanumeric(body));
}

export function isValidIsin(isin: string): boolean {
  return ISIN_PATTERN.test(isin) && isinCheckDigit(isin.slice(0, 11)) === Number(isin[11]);
}

/** Builds an ISIN from a country code and a 9-character national security code. */
export function isinFromNationalCode(country: string, nationalCode: string): string {
  const body = country + nationalCode;
  return body + String(isinCheckDigit(body));
}
