/**
 * Every API route, in the order Express matches them: the bond ledger's
 * chaincode operations, the cash ledger's (chaincode operations, then those
 * the gateway answers itself), then the gateway's own routes, then the
 * standards' routes: the ICMA Bond Data Taxonomy in and out
 * (bdt-operations.ts) and the ISO 20022 messages (iso20022-operations.ts). A gateway
 * mounts and documents only the routes of the ledgers it serves
 * (servedRoutes).
 */
import type { LedgerName } from '../config';
import { BDT_OPERATIONS } from './bdt-operations';
import { CASH_GATEWAY_OPERATIONS, CASH_OPERATIONS } from './cash-operations';
import { ISO20022_OPERATIONS } from './iso20022-operations';
import { GATEWAY_OPERATIONS, OPERATIONS, type Route, routeLedger } from './operations';

export const ROUTES: readonly Route[] = [
  ...OPERATIONS,
  ...CASH_OPERATIONS,
  ...CASH_GATEWAY_OPERATIONS,
  ...GATEWAY_OPERATIONS,
  ...BDT_OPERATIONS,
  ...ISO20022_OPERATIONS,
];

/** Both ledgers: every route. */
export const ALL_LEDGERS: ReadonlySet<LedgerName> = new Set(['bond', 'cash']);

/** The routes of a gateway serving `ledgers`: those of its ledgers and those every gateway has. */
export function servedRoutes(ledgers: ReadonlySet<LedgerName>): Route[] {
  return ROUTES.filter((route) => {
    const ledger = routeLedger(route);
    return ledger === undefined || ledgers.has(ledger);
  });
}
