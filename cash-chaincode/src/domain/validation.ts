/**
 * Argument checks shared by the domain rules; each refusal is
 * INVALID_ARGUMENT. The bond platform's input rules, as far as the cash
 * ledger takes input: identifiers (1..n ASCII letters, digits, '.', '-',
 * '_', starting with a letter or digit, never the composite-key separator),
 * JSON request objects, key attributes. They are
 * @bond-platform/chaincode-common's inputRules, bound here to this
 * chaincode's CashChaincodeError.
 */
import { inputRules, type PlumbingErrorCode } from '@bond-platform/chaincode-common';
import { CashChaincodeError, CashErrorCode } from '../api/errors';

export function invalid(message: string): CashChaincodeError {
  return new CashChaincodeError(CashErrorCode.INVALID_ARGUMENT, message);
}

/** This chaincode's error for a refusal of @bond-platform/chaincode-common's plumbing. */
export function refusal(code: PlumbingErrorCode, message: string): CashChaincodeError {
  return new CashChaincodeError(code, message);
}

export const { requireIdentifier, requireMspId, parseJsonObject, requireObject, requireKeyAttribute } = inputRules(refusal);

/** An organisation's name for one of its accounts: an identifier of at most 32 characters. */
export function requireAccountId(value: unknown, field = 'accountId'): string {
  return requireIdentifier(value, field, 32);
}

/** Refuses members a request does not define, so a misspelt optional field is not silently ignored. */
export function requireOnlyFields(object: Record<string, unknown>, allowed: readonly string[], what: string): void {
  const unknown = Object.keys(object).filter((field) => !allowed.includes(field));
  if (unknown.length > 0) throw invalid(`${what} has no field ${unknown.slice(0, 3).join(', ')}; it takes ${allowed.join(', ')}`);
}
