/** A chaincode's coded error, as the plumbing's tests bind the refusal hook to (test/ is not part of the build). */
import type { PlumbingErrorCode, Refuse } from '../src/refusal';

export class CodedError extends Error {
  constructor(
    readonly code: PlumbingErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'CodedError';
  }

  /** The message without the code prefix. */
  get detail(): string {
    return this.message.slice(this.code.length + 2);
  }
}

export const refuse: Refuse<CodedError> = (code, message) => new CodedError(code, message);

/** The error `fn` throws, or undefined if it returns. */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error;
  }
}
