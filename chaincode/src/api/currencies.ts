/**
 * The ISO 4217 currencies bonds may be denominated in, with their
 * minor-unit digits: amounts on the ledger are whole minor units, and a
 * client writing an amount in the currency itself (a term sheet, an ISO
 * 20022 message) shifts it by these digits.
 */
export { CURRENCIES, currencyMinorUnits } from '@bond-platform/chaincode-common';
