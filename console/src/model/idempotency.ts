/**
 * One Idempotency-Key per user action: the same request sent again (a double
 * click, a retry after a time-out) carries the key it was first sent with,
 * so the gateway answers the first outcome instead of submitting again; a
 * changed request (other values) is a new action with a new key. The key is
 * kept only while the outcome is unknown (`outcomeUnknown`): once it is
 * known, the next press is a new action with a new key.
 */
import { type ApiErrorBody, isTransient } from './errors';

export interface KeyedAction {
  /** The request as sent: method, path and body. */
  print: string;
  key: string;
}

/** The key for `print`: the previous action's if it is the same request, else a new one. */
export function keyFor(previous: KeyedAction | undefined, print: string, newKey: () => string): KeyedAction {
  return previous?.print === print ? previous : { print, key: newKey() };
}

/** The fingerprint of a request: equal for equal requests whatever the order of the body's keys. */
export function requestPrint(method: string, path: string, body: unknown): string {
  return JSON.stringify([method.toUpperCase(), path, sorted(body)]);
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sorted((value as Record<string, unknown>)[k])]),
  );
}

/**
 * Whether a failed attempt's outcome is still unknown, so that a retry must
 * carry the same key (the gateway then replays, follows or resends that one
 * transaction, never a second). Unknown: no answer (status 0), a time-out,
 * rate limiting, a 5xx, or a key whose first attempt is still pending. Known:
 * a refusal with a code (4xx) or a transaction invalidated at commit (its
 * validation code, e.g. CONFLICT): the gateway keeps and replays that
 * outcome for the key, so a retry needs a new key to be tried again.
 */
export function outcomeUnknown(status: number, error: ApiErrorBody): boolean {
  if (error.details?.validationCode !== undefined) return false;
  if (error.code === 'IDEMPOTENCY_KEY_PENDING') return true;
  return isTransient(status);
}
