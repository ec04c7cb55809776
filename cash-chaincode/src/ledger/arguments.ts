/**
 * Size limits of a transaction's input, checked before anything of the
 * chaincode or the contract API parses, validates or uses it (as on the bond
 * ledger): a Node chaincode server is one thread, so an argument must not be
 * able to buy more than a bounded, linear amount of its time. The largest
 * request (a lock) is well under 1 KiB.
 */
import { invalid } from '../domain/validation';

/** Largest single argument, the function name included, in bytes. */
export const MAX_ARGUMENT_BYTES = 4 * 1024;
/** Largest sum of all arguments of one invocation, in bytes. */
export const MAX_ARGUMENTS_BYTES = 16 * 1024;

/**
 * Refuses oversized arguments: `args` are the invocation's arguments,
 * function name first, as the shim decoded them; only their byte lengths
 * are measured here.
 */
export function requireArgumentSizes(args: readonly string[]): void {
  let total = 0;
  for (const [index, arg] of args.entries()) {
    const bytes = Buffer.byteLength(arg, 'utf8');
    if (bytes > MAX_ARGUMENT_BYTES) {
      throw invalid(`argument ${index} is ${bytes} bytes; an argument may have at most ${MAX_ARGUMENT_BYTES}`);
    }
    total += bytes;
  }
  if (total > MAX_ARGUMENTS_BYTES) throw invalid(`the arguments are ${total} bytes; at most ${MAX_ARGUMENTS_BYTES} in all`);
}

/** Refuses a call with more or fewer arguments than the function declares (the shim's own refusal has no code). */
export function requireArgumentCount(fn: string, expected: number, supplied: number): void {
  if (expected !== supplied) {
    throw invalid(`${fn} takes ${expected} argument${expected === 1 ? '' : 's'}, not ${supplied}`);
  }
}
