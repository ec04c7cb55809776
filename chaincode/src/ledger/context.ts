import { Context } from 'fabric-contract-api';
import type { Authorization } from '../domain/access';

/** The transaction context, carrying the access decision made before the function ran. */
export class BondContext extends Context {
  authorization?: Authorization;
  /** The CSD's MSP ID from the ledger's configuration, once initialised. */
  csdMspId?: string;

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
