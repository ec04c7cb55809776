/**
 * Size limits of this chaincode's input, checked by the guard before
 * anything of the chaincode or the contract API parses, validates or uses
 * it (see @bond-platform/chaincode-common's arguments.ts): a Node chaincode
 * server is one thread, so an argument must not be able to buy more than a
 * bounded, linear amount of its time. The largest request (a lock) is well
 * under 1 KiB.
 */
import type { ArgumentLimits } from '@bond-platform/chaincode-common';

/** Largest single argument, the function name included, in bytes. */
export const MAX_ARGUMENT_BYTES = 4 * 1024;
/** Largest sum of all arguments of one invocation, in bytes. */
export const MAX_ARGUMENTS_BYTES = 16 * 1024;

export const ARGUMENT_LIMITS: ArgumentLimits = { maxArgumentBytes: MAX_ARGUMENT_BYTES, maxArgumentsBytes: MAX_ARGUMENTS_BYTES };
