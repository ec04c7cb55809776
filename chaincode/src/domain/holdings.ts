/**
 * Holding arithmetic: whole, non-negative units; frozen and pledged units
 * together (the encumbered units) never exceed the holding and never move.
 */
import { ChaincodeError, ErrorCode } from '../api/errors';

export function credit(held: bigint, units: bigint): bigint {
  if (units <= 0n) throw new ChaincodeError(ErrorCode.INVALID_ARGUMENT, 'units to credit must be positive');
  return held + units;
}

/** Units free to deliver, freeze or pledge: held − frozen − pledged. */
export function available(held: bigint, frozen: bigint, pledged: bigint): bigint {
  return held - frozen - pledged;
}

/** Units left after delivering `units`, or a refusal if they are not free (`encumbered`: frozen + pledged). */
export function debit(held: bigint, encumbered: bigint, units: bigint): bigint {
  if (units <= 0n) throw new ChaincodeError(ErrorCode.INVALID_ARGUMENT, 'units to deliver must be positive');
  if (units > held) {
    throw new ChaincodeError(ErrorCode.INSUFFICIENT_HOLDING, `the holding has ${held} units; ${units} are needed`);
  }
  if (units > held - encumbered) {
    throw new ChaincodeError(
      ErrorCode.HOLDING_FROZEN,
      `${encumbered} of the holding's ${held} units are frozen or pledged; ${held - encumbered} are free`,
    );
  }
  return held - units;
}

/** The new frozen quantity; frozen and pledged units together can never exceed what is held. */
export function setFrozen(held: bigint, frozen: bigint, pledged = 0n): bigint {
  if (frozen < 0n) throw new ChaincodeError(ErrorCode.INVALID_ARGUMENT, 'frozen units cannot be negative');
  if (frozen + pledged > held) {
    const of = pledged > 0n ? `, ${pledged} of them pledged` : '';
    throw new ChaincodeError(ErrorCode.INSUFFICIENT_HOLDING, `cannot freeze ${frozen} units of a holding of ${held}${of}`);
  }
  return frozen;
}

/** The holding's pledged units after pledging `units` more; refused unless they are free. */
export function pledge(held: bigint, frozen: bigint, pledged: bigint, units: bigint): bigint {
  if (units <= 0n) throw new ChaincodeError(ErrorCode.INVALID_ARGUMENT, 'units to pledge must be positive');
  if (units > held) {
    throw new ChaincodeError(ErrorCode.INSUFFICIENT_HOLDING, `the holding has ${held} units; ${units} are needed`);
  }
  const free = available(held, frozen, pledged);
  if (units > free) {
    throw new ChaincodeError(
      ErrorCode.HOLDING_FROZEN,
      `${frozen} of the holding's ${held} units are frozen and ${pledged} pledged; ${free} are free`,
    );
  }
  return pledged + units;
}
