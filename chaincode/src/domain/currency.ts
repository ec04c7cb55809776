/** ISO 4217 currencies the platform settles in (the list is @bond-platform/chaincode-common's). */
import { CURRENCIES, isCurrency } from '@bond-platform/chaincode-common';
import { invalid } from './validation';

export function requireCurrency(value: unknown): string {
  if (!isCurrency(value)) throw invalid(`currency must be an ISO 4217 code the platform settles in: ${CURRENCIES.join(', ')}`);
  return value;
}
