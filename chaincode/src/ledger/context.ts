import { Context } from 'fabric-contract-api';
import type { Authorization } from '../domain/access';

/** The transaction context, carrying the access decision made before the function ran. */
export class BondContext extends Context {
  authorization?: Authorization;

  /** The access decision; the guard always sets it before a transaction function runs. */
  get auth(): Authorization {
    if (!this.authorization) throw new Error('access guard did not run');
    return this.authorization;
  }
}
