/**
 * Argument checks shared by the domain rules; each refusal is
 * INVALID_ARGUMENT. The bond platform's input rules, as far as the cash
 * ledger takes input: identifiers (1..n ASCII letters, digits, '.', '-',
 * '_', starting with a letter or digit, never the composite-key separator),
 * JSON request objects, key attributes. Every check is a single pass over a
 * string whose length is bounded first.
 */
import { CashChaincodeError, CashErrorCode } from '../api/errors';

export function invalid(message: string): CashChaincodeError {
  return new CashChaincodeError(CashErrorCode.INVALID_ARGUMENT, message);
}

const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
export const MAX_IDENTIFIER_LENGTH = 64;

export function isIdentifier(value: unknown, maxLength = MAX_IDENTIFIER_LENGTH): value is string {
  return typeof value === 'string' && value.length >= 1 && value.length <= maxLength && IDENTIFIER.test(value);
}

/** An identifier (MSP ID, account ID, lock ID): see the rule above. */
export function requireIdentifier(value: unknown, field: string, maxLength = MAX_IDENTIFIER_LENGTH): string {
  if (!isIdentifier(value, maxLength)) {
    throw invalid(`${field} must be 1-${maxLength} letters, digits, '.', '-' or '_', starting with a letter or digit`);
  }
  return value;
}

/** Fabric MSP IDs: identifiers of at most 64 characters. */
export function requireMspId(value: unknown, field = 'mspId'): string {
  return requireIdentifier(value, field, 64);
}

/** An organisation's name for one of its accounts: an identifier of at most 32 characters. */
export function requireAccountId(value: unknown, field = 'accountId'): string {
  return requireIdentifier(value, field, 32);
}

/** Parses a JSON request argument into a plain object. */
export function parseJsonObject(text: string, what: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalid(`${what} is not valid JSON`);
  }
  return requireObject(parsed, what);
}

/** A JSON object (not null, not an array). */
export function requireObject(value: unknown, what: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalid(`${what} must be a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** Refuses members a request does not define, so a misspelt optional field is not silently ignored. */
export function requireOnlyFields(object: Record<string, unknown>, allowed: readonly string[], what: string): void {
  const unknown = Object.keys(object).filter((field) => !allowed.includes(field));
  if (unknown.length > 0) throw invalid(`${what} has no field ${unknown.slice(0, 3).join(', ')}; it takes ${allowed.join(', ')}`);
}

/** Longest key attribute (a transaction ID is 64). */
export const MAX_KEY_ATTRIBUTE_LENGTH = 128;

/**
 * A composite-key attribute: 1-128 printable ASCII characters (U+0021-U+007E).
 * Never the separator U+0000 nor U+10FFFF (the end of a range), so an
 * attribute cannot reach into another key's range.
 */
export function requireKeyAttribute(value: unknown, field = 'key'): string {
  if (typeof value !== 'string' || value.length < 1 || value.length > MAX_KEY_ATTRIBUTE_LENGTH) {
    throw invalid(`${field} must be 1-${MAX_KEY_ATTRIBUTE_LENGTH} printable ASCII characters`);
  }
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x21 || code > 0x7e) throw invalid(`${field} must be 1-${MAX_KEY_ATTRIBUTE_LENGTH} printable ASCII characters`);
  }
  return value;
}
