/**
 * One Idempotency-Key per user action: the same request sent again (a double
 * click, a retry after a time-out) carries the key it was first sent with,
 * so the gateway answers the first outcome instead of submitting again; a
 * changed request (other values) is a new action with a new key.
 */
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
