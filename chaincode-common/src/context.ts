import { Context } from 'fabric-contract-api';
import type { ChaincodeStub } from 'fabric-shim-api';

/** Milliseconds since the epoch, as Date.now. */
export type Clock = () => number;

/**
 * The transaction context of a guarded contract (guarded-contract.ts),
 * carrying the access decision `A` made before the function ran. Each
 * chaincode extends it with what its guard reads from the ledger's
 * configuration.
 */
export class GuardedContext<A> extends Context {
  authorization?: A;
  /**
   * The endorsing peer's own clock. Read once, by the guard, to refuse a
   * write whose transaction timestamp is too far from it; everything else
   * takes its time from the transaction timestamp. Tests inject their own.
   */
  readonly peerClock: Clock;
  readonly #checkInput: ((stub: ChaincodeStub) => void) | undefined;

  /** `checkInput` runs on the invocation's stub before anything reads its arguments. */
  constructor(checkInput?: (stub: ChaincodeStub) => void, peerClock: Clock = Date.now) {
    super();
    this.#checkInput = checkInput;
    this.peerClock = peerClock;
  }

  /**
   * The shim sets the stub right after creating the context, before it
   * marshals the parameters (and refuses a wrong count without a code) or
   * runs beforeTransaction: the earliest point the chaincode sees a call.
   */
  setChaincodeStub(stub: ChaincodeStub): void {
    this.#checkInput?.(stub);
    this.stub = stub;
  }

  /** The access decision; the guard always sets it before a transaction function runs. */
  get auth(): A {
    if (this.authorization === undefined) throw new Error('access guard did not run');
    return this.authorization;
  }

  /** The transaction time in epoch milliseconds: the only "now" the rules know. */
  get now(): number {
    return this.stub.getDateTimestamp().getTime();
  }
}
