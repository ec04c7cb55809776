/**
 * How far a write's transaction timestamp may be from the endorsing peer's
 * own clock. The cash chaincode takes "now" from the transaction timestamp
 * (a lock's expiry decides between claim and refund), and the client
 * chooses that timestamp when it builds the proposal; without this rule a
 * beneficiary could claim after the expiry by backdating its claim, or a
 * locker refund before it by post-dating its refund. Pure: the guard
 * (ledger/guarded-contract.ts) reads the two clocks.
 *
 * The bond chaincode applies the same rule with the same tolerance
 * (chaincode/src/domain/transaction-time.ts); this is the cash ledger's own
 * module, so the two chaincodes share no code.
 */
import { CashChaincodeError, CashErrorCode } from '../api/errors';

/**
 * The tolerance, in milliseconds, either way: 120 s, as on the bond ledger.
 * Wide enough for NTP-synchronised hosts, a gateway's endorsement retries
 * and a slow endorsement round. It bounds how far anyone can move a lock's
 * expiry by choosing a timestamp: a claim is refused once the peers' clocks
 * are 120 s past the expiry, a refund is refused until they are 120 s
 * before it. The two legs of a DvP must therefore expire further apart than
 * twice the tolerance plus the time the second claim needs.
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

/** Refuses (TIMESTAMP_OUT_OF_RANGE) a transaction time too far from the clock. */
export function requireTimestampWithinTolerance(
  txMillis: number,
  clockMillis: number,
  toleranceMillis: number = TX_TIMESTAMP_TOLERANCE_MS,
): void {
  if (timestampWithinTolerance(txMillis, clockMillis, toleranceMillis)) return;
  const skewSeconds = Math.round((txMillis - clockMillis) / 1000);
  const direction = skewSeconds < 0 ? 'behind' : 'ahead of';
  throw new CashChaincodeError(
    CashErrorCode.TIMESTAMP_OUT_OF_RANGE,
    `the transaction timestamp ${isoOrRaw(txMillis)} is ${Math.abs(skewSeconds)} s ${direction} the endorsing peer's clock ` +
      `${isoOrRaw(clockMillis)}; a write is accepted within ${toleranceMillis / 1000} s`,
  );
}

function isoOrRaw(millis: number): string {
  return Number.isFinite(millis) ? new Date(millis).toISOString() : String(millis);
}
