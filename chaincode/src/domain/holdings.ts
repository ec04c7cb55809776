/**
 * Holding arithmetic: whole, non-negative units; frozen units never exceed
 * the holding and never move.
 */
import { ChaincodeError, ErrorCode } from '../api/errors';

export function credit(held: bigint, units: bigint): bigint {
  if (units <= 0n) throw new ChaincodeError(ErrorCode.INVALID_ARGUMENT, 'units to credit must be positive');
  return held + units;
}

/** Units left after delivering `units`, or a refusal if they are not free. */
export function debit(held: bigint, frozen: bigint, units: bigint): bigint {
  if (units <= 0n) throw new ChaincodeError(ErrorCode.INVALID_ARGUMENT, 'units to deliver must be positive');
  if (units > held) {
    throw new ChaincodeError(ErrorCode.INSUFFICIENT_HOLDING, `the holding has ${held} units; ${units} are needed`);
  }
  if (units > held - frozen) {
    throw new ChaincodeError(ErrorCode.HOLDING_FROZEN, `${frozen} of the holding's ${held} units are frozen; ${held - frozen} are free`);
  }
  return held - units;
}

/** The new frozen quantity; a freeze can never exceed what is held. */
export function setFrozen(held: bigint, frozen: bigint): bigint {
  if (frozen < 0n) throw new ChaincodeError(ErrorCode.INVALID_ARGUMENT, 'frozen units cannot be negative');
  if (frozen > held) {
    throw new ChaincodeError(ErrorCode.INSUFFICIENT_HOLDING, `cannot freeze ${frozen} units of a holding of ${held}`);
  }
  return frozen;
}
