/**
 * ISO 4217 currencies the platform settles in, with their minor-unit
 * digits: the currencies a bond may be denominated in and the cash ledger
 * keeps accounts in. Each chaincode refuses other values with its own
 * words (its requireCurrency).
 */
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

/** Whether `value` is one of the currencies (an own entry: not `toString` or `__proto__`). */
export function isCurrency(value: unknown): value is string {
  return typeof value === 'string' && Object.hasOwn(MINOR_UNITS, value);
}

/** The currency's minor-unit digits, or undefined if it is not one of the currencies. */
export function currencyMinorUnits(currency: string): number | undefined {
  return isCurrency(currency) ? MINOR_UNITS[currency] : undefined;
}
