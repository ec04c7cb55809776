/** Argument checks shared by the domain rules; each refusal is INVALID_ARGUMENT. */
import { ChaincodeError, ErrorCode } from '../api/errors';

export function invalid(message: string): ChaincodeError {
  return new ChaincodeError(ErrorCode.INVALID_ARGUMENT, message);
}

/** A trimmed, non-empty string of at most `maxLength` characters. */
export function requireText(value: unknown, field: string, maxLength: number): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(`${field} is required`);
  const text = value.trim();
  if (text.length > maxLength) throw invalid(`${field} is longer than ${maxLength} characters`);
  return text;
}

/** Fabric MSP IDs: letters, digits, dot, dash and underscore. */
export function requireMspId(value: unknown, field = 'mspId'): string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(value)) {
    throw invalid(`${field} must be 1-64 characters of letters, digits, '.', '-' or '_'`);
  }
  return value;
}

/** Parses a JSON request argument into a plain object. */
export function parseJsonObject(text: string, what: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalid(`${what} is not valid JSON`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw invalid(`${what} must be a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

const ACCOUNT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;

/** A securities account of a member (e.g. PROPRIETARY, CLIENT-OMNIBUS). */
export function requireAccountId(value: unknown, field = 'accountId'): string {
  if (typeof value !== 'string' || !ACCOUNT_ID.test(value)) throw invalid(`${field} must be 1-32 letters, digits, '.', '-' or '_'`);
  return value;
}

/** An account a member may bid into or transfer from or to: not one of the reserved PUT-<date> accounts. */
export function requireTradingAccountId(value: unknown, field = 'accountId'): string {
  const account = requireAccountId(value, field);
  if (account.startsWith('PUT-')) throw invalid(`${field} ${account} is reserved for units elected for a put`);
  return account;
}
