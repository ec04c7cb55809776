/**
 * When the event stream (GET /events) reconnects: after no answer, a
 * time-out, rate limiting or a 5xx, with a growing wait; never after a
 * refusal (401 a key no longer accepted, 403 an organisation that may not
 * read), which would only be refused again.
 */
import { isTransient } from './errors';

/** Whether a stream that failed with `status` (0: no answer, or the connection dropped) is tried again. */
export function reconnects(status: number): boolean {
  return isTransient(status);
}

/** The wait before reconnecting after `failures` failures in a row: 1 s, doubling, at most 30 s. */
export function backoffMs(failures: number): number {
  return Math.min(1000 * 2 ** Math.max(0, failures - 1), 30_000);
}
