/**
 * ISO 4217 currencies the cash ledger keeps accounts in: the currencies the
 * bond platform settles in (the list, with their minor-unit digits, is
 * @bond-platform/chaincode-common's). Amounts are already in minor units,
 * so the digits only tell a client how to display them.
 */
import { CURRENCIES, currencyMinorUnits, isCurrency } from '@bond-platform/chaincode-common';
import { invalid } from './validation';

export function requireCurrency(value: unknown, field = 'currency'): string {
  if (!isCurrency(value)) throw invalid(`${field} must be an ISO 4217 code the cash ledger keeps: ${CURRENCIES.join(', ')}`);
  return value;
}

export function minorUnits(currency: string): number {
  const digits = currencyMinorUnits(requireCurrency(currency));
  if (digits === undefined) throw invalid(`unknown currency ${currency}`);
  return digits;
}
