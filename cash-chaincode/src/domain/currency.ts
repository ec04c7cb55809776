/**
 * ISO 4217 currencies the cash ledger keeps accounts in, with their
 * minor-unit digits: the currencies the bond platform settles in. Amounts
 * are already in minor units, so the digits only tell a client how to
 * display them.
 */
import { invalid } from './validation';

const MINOR_UNITS: Readonly<Record<string, number>> = {
  CNY: 2,
  EUR: 2,
  GBP: 2,
  HKD: 2,
  JPY: 0,
  SGD: 2,
  USD: 2,
};

export const CURRENCIES: readonly string[] = Object.keys(MINOR_UNITS);

export function requireCurrency(value: unknown, field = 'currency'): string {
  if (typeof value !== 'string' || !Object.hasOwn(MINOR_UNITS, value)) {
    throw invalid(`${field} must be an ISO 4217 code the cash ledger keeps: ${CURRENCIES.join(', ')}`);
  }
  return value;
}

export function minorUnits(currency: string): number {
  const digits = MINOR_UNITS[requireCurrency(currency)];
  if (digits === undefined) throw invalid(`unknown currency ${currency}`);
  return digits;
}
