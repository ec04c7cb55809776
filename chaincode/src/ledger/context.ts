import { Context } from 'fabric-contract-api';
import type { ChaincodeStub } from 'fabric-shim-api';
import type { Authorization } from '../domain/access';

/** Milliseconds since the epoch, as Date.now. */
export type Clock = () => number;

/** The transaction context, carrying the access decision made before the function ran. */
export class BondContext extends Context {
  authorization?: Authorization;
  /** The CSD's MSP ID from the ledger's configuration, once initialised. */
  csdMspId?: string;
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
  get auth(): Authorization {
    if (!this.authorization) throw new Error('access guard did not run');
    return this.authorization;
  }

  /** The CSD's MSP ID; every rule but bootstrap runs only after initialisation. */
  get csd(): string {
    if (this.csdMspId === undefined) throw new Error('the ledger is not initialised');
    return this.csdMspId;
  }
}
