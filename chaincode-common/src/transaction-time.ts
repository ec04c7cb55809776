/**
 * How far a write's transaction timestamp may be from the endorsing peer's
 * own clock. A chaincode takes "now" from the transaction timestamp (every
 * deadline: a bond's book windows, notices, record dates and transfer
 * expiry; a cash lock's expiry), and the client chooses that timestamp when
 * it builds the proposal; without this rule a client could backdate or
 * post-date a call across a deadline. Pure but for the refusal: the guard
 * (guarded-contract.ts) reads the two clocks.
 */
import type { Refuse } from './refusal';

/**
 * The tolerance, in milliseconds, either way: 120 s. Wide enough for
 * NTP-synchronised hosts, a gateway's endorsement retries and a slow
 * endorsement round; narrow against any deadline the chaincodes enforce.
 * It also bounds how far anyone can move a cash lock's expiry by choosing a
 * timestamp: the two legs of a delivery versus payment must expire further
 * apart than twice the tolerance plus the time the second claim needs.
 */
export const TX_TIMESTAMP_TOLERANCE_MS = 120_000;

/** True when the transaction time is within `toleranceMillis` (inclusive) of the clock, either way. */
export function timestampWithinTolerance(
  txMillis: number,
  clockMillis: number,
  toleranceMillis: number = TX_TIMESTAMP_TOLERANCE_MS,
): boolean {
  return Number.isFinite(txMillis) && Number.isFinite(clockMillis) && Math.abs(txMillis - clockMillis) <= toleranceMillis;
}

/** Refuses (TIMESTAMP_OUT_OF_RANGE, through `refuse`) a transaction time too far from the clock. */
export function requireTimestampWithinTolerance(
  refuse: Refuse,
  txMillis: number,
  clockMillis: number,
  toleranceMillis: number = TX_TIMESTAMP_TOLERANCE_MS,
): void {
  if (timestampWithinTolerance(txMillis, clockMillis, toleranceMillis)) return;
  const skewSeconds = Math.round((txMillis - clockMillis) / 1000);
  const direction = skewSeconds < 0 ? 'behind' : 'ahead of';
  throw refuse(
    'TIMESTAMP_OUT_OF_RANGE',
    `the transaction timestamp ${isoOrRaw(txMillis)} is ${Math.abs(skewSeconds)} s ${direction} the endorsing peer's clock ` +
      `${isoOrRaw(clockMillis)}; a write is accepted within ${toleranceMillis / 1000} s`,
  );
}

function isoOrRaw(millis: number): string {
  return Number.isFinite(millis) ? new Date(millis).toISOString() : String(millis);
}
