/**
 * What the gateway's command-line tools (npm run bench, faults,
 * check-ledger) share: a usage mistake is an error of its own kind, printed
 * as one line, and the tool exits 2.
 */

/** A mistake in the command line (an unknown flag, a value out of range). */
export class UsageError extends Error {}

/**
 * The options `parse` reads from `argv`; on a UsageError, undefined after
 * printing "program: message" (the caller then exits 2). Other errors are thrown.
 */
export function parseOrReport<T>(program: string, argv: readonly string[], parse: (argv: readonly string[]) => T): T | undefined {
  try {
    return parse(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${program}: ${error.message}\n`);
    return undefined;
  }
}
