/**
 * Size limits of this chaincode's input, checked by the guard before
 * anything of the chaincode or the contract API parses, validates or uses
 * it (see @bond-platform/chaincode-common's arguments.ts). A Node chaincode
 * server is one thread: an argument must not be able to buy more than a
 * bounded, linear amount of its time, and must not travel on into keys,
 * ledger reads or error texts.
 *
 * The largest request a client sends (bond terms with call and put
 * schedules, or a calendar year of 366 dates) is well under 8 KiB.
 */
import type { ArgumentLimits } from '@bond-platform/chaincode-common';

/** Largest single argument, the function name included, in bytes. */
export const MAX_ARGUMENT_BYTES = 16 * 1024;
/** Largest sum of all arguments of one invocation, in bytes. */
export const MAX_ARGUMENTS_BYTES = 64 * 1024;
/** Largest transient (private) input per name, in bytes: a revealed order book of some thousands of bids. */
export const MAX_TRANSIENT_BYTES = 1024 * 1024;

export const ARGUMENT_LIMITS: ArgumentLimits = { maxArgumentBytes: MAX_ARGUMENT_BYTES, maxArgumentsBytes: MAX_ARGUMENTS_BYTES };
