/**
 * Size and count limits of a transaction's input, checked by the guard
 * before anything of the chaincode or the contract API parses, validates or
 * uses it. A Node chaincode server is one thread: an argument must not be
 * able to buy more than a bounded, linear amount of its time, and must not
 * travel on into keys, ledger reads or error texts. Each chaincode sets its
 * own limits after the largest request it takes.
 */
import type { Refuse } from './refusal';

export interface ArgumentLimits {
  /** Largest single argument, the function name included, in bytes. */
  readonly maxArgumentBytes: number;
  /** Largest sum of all arguments of one invocation, in bytes. */
  readonly maxArgumentsBytes: number;
}

/**
 * Refuses (INVALID_ARGUMENT) oversized arguments: `args` are the
 * invocation's arguments, function name first, as the shim decoded them
 * (UTF-8, a linear step it takes for every call); only their byte lengths
 * are measured here.
 */
export function requireArgumentSizes(refuse: Refuse, args: readonly string[], limits: ArgumentLimits): void {
  const { maxArgumentBytes, maxArgumentsBytes } = limits;
  let total = 0;
  for (const [index, arg] of args.entries()) {
    const bytes = Buffer.byteLength(arg, 'utf8');
    if (bytes > maxArgumentBytes) {
      throw refuse('INVALID_ARGUMENT', `argument ${index} is ${bytes} bytes; an argument may have at most ${maxArgumentBytes}`);
    }
    total += bytes;
  }
  if (total > maxArgumentsBytes) throw refuse('INVALID_ARGUMENT', `the arguments are ${total} bytes; at most ${maxArgumentsBytes} in all`);
}

/** Refuses (INVALID_ARGUMENT) a call with more or fewer arguments than the function declares (the shim's own refusal has no code). */
export function requireArgumentCount(refuse: Refuse, fn: string, expected: number, supplied: number): void {
  if (expected !== supplied) {
    throw refuse('INVALID_ARGUMENT', `${fn} takes ${expected} argument${expected === 1 ? '' : 's'}, not ${supplied}`);
  }
}
