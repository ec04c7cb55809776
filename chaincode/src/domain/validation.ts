/**
 * Argument checks shared by the domain rules; each refusal is INVALID_ARGUMENT.
 *
 * One rule for what may enter the ledger (README "Input rules"):
 * - identifiers: 1..n ASCII letters, digits, '.', '-', '_', starting with a
 *   letter or digit (never the composite-key separator U+0000);
 * - free text: trimmed, normalised to NFC, 1..n code points, without control
 *   characters (C0, DEL, C1), bidirectional controls, zero-width or other
 *   invisible format characters, lone surrogates or noncharacters;
 * - whole numbers and years: one canonical decimal form.
 * Every check is a single pass over a string whose length is bounded first,
 * so no argument can make validation super-linear.
 *
 * The rules the cash chaincode applies too (identifiers, MSP IDs, JSON
 * request objects, key attributes) are @bond-platform/chaincode-common's
 * inputRules, bound here to this chaincode's ChaincodeError.
 */
import { inputRules, type PlumbingErrorCode } from '@bond-platform/chaincode-common';
import { ChaincodeError, ErrorCode } from '../api/errors';
import { HASH_LOCK_ACCOUNT_PREFIX } from '../api/hash-locks';
import { PUT_ACCOUNT_PREFIX } from '../api/servicing';

export function invalid(message: string): ChaincodeError {
  return new ChaincodeError(ErrorCode.INVALID_ARGUMENT, message);
}

/** This chaincode's error for a refusal of @bond-platform/chaincode-common's plumbing. */
export function refusal(code: PlumbingErrorCode, message: string): ChaincodeError {
  return new ChaincodeError(code, message);
}

// --- identifiers, JSON requests, ledger keys ---------------------------------------

export const { requireIdentifier, requireMspId, parseJsonObject, requireKeyAttribute } = inputRules(refusal);

/** A securities account of a member (e.g. PROPRIETARY, CLIENT-OMNIBUS): an identifier of at most 32 characters. */
export function requireAccountId(value: unknown, field = 'accountId'): string {
  return requireIdentifier(value, field, 32);
}

/**
 * An account a member may bid into, transfer, pledge, lock or elect from or
 * to: not one of the reserved PUT-<date> accounts, nor a hash lock's HTLC-
 * account (its units move only by the lock's claim or refund).
 */
export function requireTradingAccountId(value: unknown, field = 'accountId'): string {
  const account = requireAccountId(value, field);
  if (account.startsWith(PUT_ACCOUNT_PREFIX)) throw invalid(`${field} ${account} is reserved for units elected for a put`);
  if (account.startsWith(HASH_LOCK_ACCOUNT_PREFIX)) throw invalid(`${field} ${account} is reserved for units under hash locks`);
  return account;
}

// --- free text ---------------------------------------------------------------------

const REFUSED_IN_FREE_TEXT: readonly (readonly [number, number])[] = [
  [0x0000, 0x001f], // C0 controls (NUL, TAB, LF, CR, U+001F …)
  [0x007f, 0x009f], // DEL and C1 controls (U+0085 NEL …)
  [0x00ad, 0x00ad], // soft hyphen
  [0x061c, 0x061c], // Arabic letter mark
  [0x180e, 0x180e], // Mongolian vowel separator
  [0x200b, 0x200f], // zero-width space, non-joiner, joiner; LRM, RLM
  [0x2028, 0x202e], // line and paragraph separators; LRE, RLE, PDF, LRO, RLO
  [0x2060, 0x206f], // word joiner, invisible operators; LRI, RLI, FSI, PDI; deprecated format controls
  [0xd800, 0xdfff], // lone surrogates
  [0xfdd0, 0xfdef], // noncharacters
  [0xfeff, 0xfeff], // zero-width no-break space (BOM)
  [0xfff9, 0xfffb], // interlinear annotation controls
  [0xe0000, 0xe007f], // tag characters
];

/**
 * Whether a code point may appear in free text. Fixed ranges rather than
 * Unicode property classes, so every endorser decides alike whatever its
 * Node's Unicode version. U+xFFFE and U+xFFFF (U+10FFFF included) are
 * noncharacters too.
 */
export function isFreeTextCodePoint(cp: number): boolean {
  if ((cp & 0xfffe) === 0xfffe) return false;
  return !REFUSED_IN_FREE_TEXT.some(([from, to]) => cp >= from && cp <= to);
}

/** Normalises free text (NFC, trimmed) or says why it is refused. Linear in the text's length. */
export function normaliseFreeText(value: string, maxLength: number): { text: string } | { problem: string } {
  // Far longer than any text the limit admits (even fully decomposed): refused before normalising.
  if (value.length > maxLength * 4 + 64) return { problem: `is longer than ${maxLength} characters` };
  const normalised = value.normalize('NFC');
  // Checked before trimming: a trailing CR LF or tab is refused, not silently dropped.
  for (const ch of normalised) {
    if (!isFreeTextCodePoint(ch.codePointAt(0) ?? 0)) {
      return { problem: 'contains a control, bidirectional, zero-width or other invisible character' };
    }
  }
  const text = normalised.trim();
  if (text === '') return { problem: 'is required' };
  if (codePointCount(text) > maxLength) return { problem: `is longer than ${maxLength} characters` };
  return { text };
}

/** Code points of a string without lone surrogates: each pair counts once. */
function codePointCount(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xdc00 && code <= 0xdfff) count--;
  }
  return count;
}

/** Free text (a legal name, a reason, a contact name): normalised NFC and trimmed, at most `maxLength` code points. */
export function requireFreeText(value: unknown, field: string, maxLength: number): string {
  if (typeof value !== 'string') throw invalid(`${field} is required`);
  const result = normaliseFreeText(value, maxLength);
  if ('problem' in result) throw invalid(`${field} ${result.problem}`);
  return result.text;
}

/** Any text argument: the free-text rule (identifiers are checked again where they become keys). */
export function requireText(value: unknown, field: string, maxLength: number): string {
  return requireFreeText(value, field, maxLength);
}

/** An e-mail address: free text without whitespace, one '@', a dotted domain (checked in one pass, no regex). */
export function requireEmail(value: unknown, field = 'email'): string {
  const email = requireFreeText(value, field, 254);
  const at = email.indexOf('@');
  const domain = email.slice(at + 1);
  const local = email.slice(0, Math.max(at, 0));
  const wellFormed =
    at > 0 &&
    local.length <= 64 &&
    !domain.includes('@') &&
    !/\s/u.test(email) &&
    domain.split('.').length >= 2 &&
    domain.split('.').every((label) => label !== '');
  if (!wellFormed) throw invalid(`${field} is not an e-mail address`);
  return email;
}

// --- numbers -----------------------------------------------------------------------

const CANONICAL_WHOLE = /^(0|[1-9][0-9]*)$/;

/**
 * A whole number in one canonical form: a JSON integer, or a decimal string
 * without sign, leading zeros, spaces, exponent, fraction or radix prefix.
 */
export function requireCanonicalInteger(value: unknown, field: string, min: number, max: number): number {
  let number: number | undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value)) number = value;
  else if (typeof value === 'string' && value.length <= 15 && CANONICAL_WHOLE.test(value)) number = Number(value);
  if (number === undefined || number < min || number > max) {
    throw invalid(`${field} must be a whole number from ${min} to ${max} in decimal digits`);
  }
  return number;
}

/** Calendar years the CSD maintains. */
export const MIN_CALENDAR_YEAR = 1900;
export const MAX_CALENDAR_YEAR = 2200;

export function requireYear(value: unknown, field = 'year'): number {
  return requireCanonicalInteger(value, field, MIN_CALENDAR_YEAR, MAX_CALENDAR_YEAR);
}
