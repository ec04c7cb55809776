import { Context } from 'fabric-contract-api';
import type { ChaincodeStub } from 'fabric-shim-api';
import type { CashConfig } from '../api/cash';
import type { CashAuthorization } from '../domain/access';

/** Milliseconds since the epoch, as Date.now. */
export type Clock = () => number;

/** The transaction context, carrying the access decision made before the function ran. */
export class CashContext extends Context {
  authorization?: CashAuthorization;
  /** The ledger's configuration, once initialised. */
  config?: CashConfig;
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
  get auth(): CashAuthorization {
    if (!this.authorization) throw new Error('access guard did not run');
    return this.authorization;
  }

  /** The configuration; every function but Initialize runs only after initialisation (the guard refuses it before). */
  get configuration(): CashConfig {
    if (!this.config) throw new Error('the cash ledger is not initialised');
    return this.config;
  }

  /** The transaction time in epoch milliseconds: the only "now" the rules know. */
  get now(): number {
    return this.stub.getDateTimestamp().getTime();
  }
}
