/**
 * The statements over the ledger, as the calling member reads it: semt.002,
 * an account's positions at the end of a date, and semt.017, its movements
 * over a period. Both read the bond chaincode's committed events from block
 * 0 up to the channel's height (which bonds the account held and when, its
 * freezes, the movements of a period: a date is no block number, so the
 * whole chain is read), and the holding records the chaincode keeps (each
 * holding's key history, the bond's pledges).
 */
import type { Holding, HoldingHistoryEntry, Pledge } from '@bond-platform/chaincode/api';
import { type BlockSource, readLedgerEvents } from './chain-events';
import type { AccountMovement, AccountRef, IsoMessage, LedgerEvent } from './message';
import { allPages, type LedgerQuery, type LedgerReferenceData } from './reference-data';
import type { StatementBuilders } from './registry';
import { accountMovements, positionsAtEndOf, statementId } from './statement-data';

/** Where a statement is read from, and what builds it. */
export interface StatementLedger {
  source: BlockSource;
  chaincode: string;
  /** Queries of the bond chaincode as the calling user. */
  query: LedgerQuery;
  refs: LedgerReferenceData;
  statements: StatementBuilders;
}

/** The first date any movement can have: the start of a holding's life. */
const BEGINNING = '0000-01-01';

/** An event's movements, with the records it names loaded. */
const movementsWith =
  (ledger: StatementLedger) =>
  (event: LedgerEvent): AccountMovement[] =>
    ledger.statements.movementsOf(event, ledger.refs);

/** When a statement was made: the timestamp of the last block read (now, if none had a timestamp). */
const madeAt = (lastTimestamp: string | undefined): string => lastTimestamp ?? new Date().toISOString();

/**
 * semt.002 for the account at the end of `date`: every bond it held then
 * (those its movements by then name, and those it holds now), with the
 * units, frozen and pledged units of that time.
 */
export async function holdingsStatement(ledger: StatementLedger, account: AccountRef, date: string): Promise<IsoMessage> {
  const read = await readLedgerEvents(ledger.source, ledger.chaincode);
  await ledger.refs.loadMovementRecords(read.events);
  const moved = accountMovements(read.events, movementsWith(ledger), account, BEGINNING, date).map((m) => m.isin);
  const current = (await allPages<Holding>(ledger.query, 'Custody', 'ListHoldingsOfHolder', [account.holder]))
    .filter((h) => h.accountId === account.accountId)
    .map((h) => h.isin);
  const isins = [...new Set([...moved, ...current])].sort();
  const holdings = await Promise.all(
    isins.map(async (isin) => ({
      isin,
      history: (await ledger.query('Custody', 'GetHoldingHistory', [isin, account.holder, account.accountId])) as HoldingHistoryEntry[],
      pledges: await allPages<Pledge>(ledger.query, 'Custody', 'ListPledgesOfBond', [isin, '']),
    })),
  );
  const positions = positionsAtEndOf(holdings, read.events, account, date);
  await ledger.refs.loadBonds(positions.map((p) => p.isin));
  return ledger.statements.statementOfHoldings(
    {
      id: statementId('SEMT002', [account.holder, account.accountId, date, String(read.height)]),
      account,
      statementDate: date,
      createdAt: madeAt(read.lastTimestamp),
      positions,
    },
    ledger.refs,
  );
}

/** semt.017 for the account from `from` to `to` (inclusive dates): the movements of the committed events of those dates. */
export async function transactionsStatement(ledger: StatementLedger, account: AccountRef, from: string, to: string): Promise<IsoMessage> {
  const read = await readLedgerEvents(ledger.source, ledger.chaincode);
  await ledger.refs.loadMovementRecords(read.events);
  const movements = accountMovements(read.events, movementsWith(ledger), account, from, to);
  await ledger.refs.loadBonds(movements.map((m) => m.isin));
  return ledger.statements.statementOfTransactions(
    {
      id: statementId('SEMT017', [account.holder, account.accountId, from, to, String(read.height)]),
      account,
      fromDate: from,
      toDate: to,
      createdAt: madeAt(read.lastTimestamp),
      movements,
    },
    ledger.refs,
  );
}
