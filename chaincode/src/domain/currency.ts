/** ISO 4217 currencies the platform settles in, with their minor-unit digits. */
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

export function requireCurrency(value: unknown): string {
  if (typeof value !== 'string' || !Object.prototype.hasOwnProperty.call(MINOR_UNITS, value)) {
    throw invalid(`currency must be an ISO 4217 code the platform settles in: ${Object.keys(MINOR_UNITS).join(', ')}`);
  }
  return value;
}

export function minorUnits(currency: string): number {
  const digits = MINOR_UNITS[currency];
  if (digits === undefined) throw invalid(`unknown currency ${currency}`);
  return digits;
}
