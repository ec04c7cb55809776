/**
 * The input rules both chaincodes apply (README "Input rules"), as far as
 * they are the same on both ledgers; each refusal is INVALID_ARGUMENT:
 * - identifiers: 1..n ASCII letters, digits, '.', '-', '_', starting with a
 *   letter or digit (never the composite-key separator U+0000);
 * - JSON request arguments: plain objects;
 * - composite-key attributes: printable ASCII.
 * Every check is a single pass over a string whose length is bounded first,
 * so no argument can make validation super-linear. The rules that refuse
 * are made by inputRules, with the chaincode's own error (see refusal.ts).
 */
import type { Refuse } from './refusal';

/** The identifier character set (one character class, no backtracking). */
const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
export const MAX_IDENTIFIER_LENGTH = 64;

/** Longest key attribute (a transaction ID is 64). */
export const MAX_KEY_ATTRIBUTE_LENGTH = 128;

export function isIdentifier(value: unknown, maxLength = MAX_IDENTIFIER_LENGTH): value is string {
  return typeof value === 'string' && value.length >= 1 && value.length <= maxLength && IDENTIFIER.test(value);
}

/** The shared input rules, refusing with the chaincode's INVALID_ARGUMENT error. */
export function inputRules<E extends Error>(refuse: Refuse<E>) {
  const invalid = (message: string): E => refuse('INVALID_ARGUMENT', message);

  /** An identifier (MSP ID, account ID, calendar ID, lock ID, …): see the rule above. */
  function requireIdentifier(value: unknown, field: string, maxLength = MAX_IDENTIFIER_LENGTH): string {
    if (!isIdentifier(value, maxLength)) {
      throw invalid(`${field} must be 1-${maxLength} letters, digits, '.', '-' or '_', starting with a letter or digit`);
    }
    return value;
  }

  /** Fabric MSP IDs: identifiers of at most 64 characters. */
  function requireMspId(value: unknown, field = 'mspId'): string {
    return requireIdentifier(value, field, 64);
  }

  /** A JSON object (not null, not an array). */
  function requireObject(value: unknown, what: string): Record<string, unknown> {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw invalid(`${what} must be a JSON object`);
    }
    return value as Record<string, unknown>;
  }

  /** Parses a JSON request argument into a plain object. */
  function parseJsonObject(text: string, what: string): Record<string, unknown> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw invalid(`${what} is not valid JSON`);
    }
    return requireObject(parsed, what);
  }

  /**
   * A composite-key attribute: 1-128 printable ASCII characters (U+0021-U+007E).
   * Never the separator U+0000 nor U+10FFFF (the end of a range), so an
   * attribute cannot reach into another key's range.
   */
  function requireKeyAttribute(value: unknown, field = 'key'): string {
    if (typeof value !== 'string' || value.length < 1 || value.length > MAX_KEY_ATTRIBUTE_LENGTH) {
      throw invalid(`${field} must be 1-${MAX_KEY_ATTRIBUTE_LENGTH} printable ASCII characters`);
    }
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      if (code < 0x21 || code > 0x7e) throw invalid(`${field} must be 1-${MAX_KEY_ATTRIBUTE_LENGTH} printable ASCII characters`);
    }
    return value;
  }

  return { invalid, requireIdentifier, requireMspId, requireObject, parseJsonObject, requireKeyAttribute };
}
