import { GuardedContext } from '@bond-platform/chaincode-common';
import type { CashConfig } from '../api/cash';
import type { CashAuthorization } from '../domain/access';

/** The transaction context, carrying the access decision made before the function ran (see GuardedContext). */
export class CashContext extends GuardedContext<CashAuthorization> {
  /** The ledger's configuration, once initialised. */
  config?: CashConfig;

  /** The configuration; every function but Initialize runs only after initialisation (the guard refuses it before). */
  get configuration(): CashConfig {
    if (!this.config) throw new Error('the cash ledger is not initialised');
    return this.config;
  }
}
