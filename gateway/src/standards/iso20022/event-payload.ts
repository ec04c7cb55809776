/**
 * A committed event's payload as the chaincode API types it. Payloads come
 * off the ledger as JSON: a builder names the fields it reads, and a payload
 * without them is an error naming the event, not a message with holes.
 */
import type { LedgerEvent } from './message';

/** The payload of `event` typed as T, once each of `fields` is present in it. */
export function payloadOf<T extends object>(event: LedgerEvent, ...fields: (keyof T & string)[]): T {
  const { payload } = event;
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new Error(`ISO 20022: ${event.eventName} in ${event.transactionId} has no object payload`);
  }
  const missing = fields.filter((field) => (payload as Record<string, unknown>)[field] === undefined);
  if (missing.length > 0) {
    throw new Error(`ISO 20022: ${event.eventName} in ${event.transactionId} lacks ${missing.join(', ')}`);
  }
  return payload as T;
}
