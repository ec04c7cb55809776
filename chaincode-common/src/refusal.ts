/**
 * How the shared plumbing refuses. Each chaincode publishes its own error
 * codes and throws its own error class (`ChaincodeError`,
 * `CashChaincodeError`), and its rules rely on that class (a settlement
 * batch re-words a refusal of its own class). So nothing here throws a
 * coded error of its own: every function that refuses takes the chaincode's
 * `Refuse` hook, or is made by a factory that does (inputRules, worldState),
 * and raises the chaincode's error through it.
 */

/** The codes the plumbing refuses with; both chaincodes publish them, with the same meaning. */
export const PlumbingErrorCode = {
  /** An argument is missing, malformed, out of range or too large. */
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  /** A record that must exist does not. */
  NOT_FOUND: 'NOT_FOUND',
  /** The function has no access rule. */
  FUNCTION_NOT_ALLOWED: 'FUNCTION_NOT_ALLOWED',
  /** A write's transaction timestamp is too far from the endorsing peer's clock. */
  TIMESTAMP_OUT_OF_RANGE: 'TIMESTAMP_OUT_OF_RANGE',
} as const;

export type PlumbingErrorCode = (typeof PlumbingErrorCode)[keyof typeof PlumbingErrorCode];

/** Builds the chaincode's own error (`CODE: message`, its class) for one of the plumbing's refusals. */
export type Refuse<E extends Error = Error> = (code: PlumbingErrorCode, message: string) => E;
