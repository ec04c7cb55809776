import { GuardedContext } from '@bond-platform/chaincode-common';
import type { Authorization } from '../domain/access';

/** The transaction context, carrying the access decision made before the function ran (see GuardedContext). */
export class BondContext extends GuardedContext<Authorization> {
  /** The CSD's MSP ID from the ledger's configuration, once initialised. */
  csdMspId?: string;

  /** The CSD's MSP ID; every rule but bootstrap runs only after initialisation. */
  get csd(): string {
    if (this.csdMspId === undefined) throw new Error('the ledger is not initialised');
    return this.csdMspId;
  }
}
