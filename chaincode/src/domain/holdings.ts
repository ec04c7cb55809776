/**
 * Holding arithmetic: whole, non-negative units; frozen, pledged and
 * hash-locked units together (the encumbered units) never exceed the
 * holding and never move.
 */
import { ChaincodeError, ErrorCode } from '../api/errors';
import { HASH_LOCK_ESCROW_ACCOUNT } from '../api/hash-locks';

/**
 * The organisations whose peers must endorse every change of a holding's
 * key (its state-based endorsement policy, set when the holding is
 * created): the CSD's and the holder's, so no holding changes without its
 * holder; but a hash lock's escrow holding only the CSD's, so a locker that
 * withholds its peer cannot stall the claim its lock promised (the chaincode
 * alone decides who claims or refunds).
 */
export function holdingKeyEndorsers(csd: string, holder: string, accountId: string): string[] {
  if (accountId === HASH_LOCK_ESCROW_ACCOUNT) return [csd];
  return [...new Set([csd, holder])];
}

export function credit(held: bigint, units: bigint): bigint {
  if (units <= 0n) throw new ChaincodeError(ErrorCode.INVALID_ARGUMENT, 'units to credit must be positive');
  return held + units;
}

/** Units free to deliver, freeze, pledge or lock: held − frozen − pledged − locked. */
export function available(held: bigint, frozen: bigint, pledged: bigint, locked = 0n): bigint {
  return held - frozen - pledged - locked;
}

/** Refuses `units` to `act` on unless they are positive and free (`encumbered`: frozen + pledged + locked). */
function requireFree(act: string, held: bigint, encumbered: bigint, units: bigint): void {
  if (units <= 0n) throw new ChaincodeError(ErrorCode.INVALID_ARGUMENT, `units to ${act} must be positive`);
  if (units > held) {
    throw new ChaincodeError(ErrorCode.INSUFFICIENT_HOLDING, `the holding has ${held} units; ${units} are needed`);
  }
  if (units > held - encumbered) {
    throw new ChaincodeError(
      ErrorCode.HOLDING_FROZEN,
      `${encumbered} of the holding's ${held} units are frozen, pledged or locked; ${held - encumbered} are free`,
    );
  }
}

/** Units left after delivering `units`, or a refusal if they are not free (`encumbered`: frozen + pledged + locked). */
export function debit(held: bigint, encumbered: bigint, units: bigint): bigint {
  requireFree('deliver', held, encumbered, units);
  return held - units;
}

/** The new frozen quantity; frozen, pledged and locked units together can never exceed what is held. */
export function setFrozen(held: bigint, frozen: bigint, pledged = 0n, locked = 0n): bigint {
  if (frozen < 0n) throw new ChaincodeError(ErrorCode.INVALID_ARGUMENT, 'frozen units cannot be negative');
  if (frozen + pledged + locked > held) {
    const of = (pledged > 0n ? `, ${pledged} of them pledged` : '') + (locked > 0n ? `, ${locked} of them locked` : '');
    throw new ChaincodeError(ErrorCode.INSUFFICIENT_HOLDING, `cannot freeze ${frozen} units of a holding of ${held}${of}`);
  }
  return frozen;
}

/** The holding's pledged units after pledging `units` more; refused unless they are free (`locked`: under hash locks). */
export function pledge(held: bigint, frozen: bigint, pledged: bigint, units: bigint, locked = 0n): bigint {
  if (units <= 0n) throw new ChaincodeError(ErrorCode.INVALID_ARGUMENT, 'units to pledge must be positive');
  if (units > held) {
    throw new ChaincodeError(ErrorCode.INSUFFICIENT_HOLDING, `the holding has ${held} units; ${units} are needed`);
  }
  const free = available(held, frozen, pledged, locked);
  if (units > free) {
    const lockedToo = locked > 0n ? ` and ${locked} locked` : '';
    throw new ChaincodeError(
      ErrorCode.HOLDING_FROZEN,
      `${frozen} of the holding's ${held} units are frozen and ${pledged} pledged${lockedToo}; ${free} are free`,
    );
  }
  return pledged + units;
}

/** Refuses a hash lock of `units` unless they are free (`encumbered`: frozen + pledged + already locked). */
export function lock(held: bigint, encumbered: bigint, units: bigint): void {
  requireFree('lock', held, encumbered, units);
}
