/**
 * What the statements state, worked out from what the ledger recorded
 * (pure): an account's position in a bond at the end of a date (semt.002:
 * units from the holding's key history, pledged units from the pledges'
 * records, frozen units from the last freeze event by then) and its
 * movements over a period (semt.017: the movements of the committed events
 * of those dates). Dates are UTC calendar dates, YYYY-MM-DD; a change
 * counts by the end of a date if its transaction timestamp falls on or
 * before it. Unit counts are whole numbers as decimal strings, summed as BigInt.
 */
import { createHash } from 'node:crypto';
import { BondEvent, type Freeze, type HoldingHistoryEntry, type Pledge } from '@bond-platform/chaincode/api';
import type { AccountMovement, AccountRef, LedgerEvent, StatementPosition } from './message';

/** True for a real calendar date YYYY-MM-DD (no 2027-02-30). */
export function isCalendarDate(text: string): boolean {
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00.000Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** True if an ISO-8601 UTC timestamp falls on or before `date`. */
export function byEndOf(timestamp: string, date: string): boolean {
  return timestamp.slice(0, 10) <= date;
}

/** True if an ISO-8601 UTC timestamp falls within from..to (inclusive dates). */
export function within(timestamp: string, from: string, to: string): boolean {
  const day = timestamp.slice(0, 10);
  return day >= from && day <= to;
}

const isAccount = (account: AccountRef, holder: string, accountId: string): boolean =>
  account.holder === holder && account.accountId === accountId;

/**
 * A holding's units at the end of `date`, from its key history (newest
 * first, as Custody:GetHoldingHistory gives it): the newest version written
 * by then; "0" if none was, or if the newest by then is a deletion (a
 * redeemed holding is retired).
 */
export function unitsAtEndOf(history: readonly HoldingHistoryEntry[], date: string): string {
  const version = history.find((entry) => byEndOf(entry.timestamp, date));
  return version && !version.isDelete ? (version.holding?.units ?? '0') : '0';
}

/**
 * A pledge holds its units at the end of `date` if it was made by then and
 * is still ACTIVE or ended (released, enforced) after that day: its status
 * changes once, so its record alone tells (as the chaincode's own rule for
 * coupons to pledgees).
 */
export function pledgeActiveAtEndOf(pledge: Pick<Pledge, 'status' | 'created' | 'lastChange'>, date: string): boolean {
  if (!byEndOf(pledge.created.timestamp, date)) return false;
  return pledge.status === 'ACTIVE' || !byEndOf(pledge.lastChange.timestamp, date);
}

/** Units of the account's holding in `isin` under pledges active at the end of `date`. */
export function pledgedAtEndOf(pledges: readonly Pledge[], account: AccountRef, isin: string, date: string): string {
  return pledges
    .filter((p) => p.isin === isin && p.pledgor === account.holder && p.accountId === account.accountId && pledgeActiveAtEndOf(p, date))
    .reduce((sum, p) => sum + BigInt(p.units), 0n)
    .toString();
}

/**
 * The account's frozen units in `isin` at the end of `date`: what the last
 * HoldingFrozen event of that holding by then set (a freeze and a release
 * both record the total frozen after them); "0" if there was none.
 */
export function frozenAtEndOf(events: readonly LedgerEvent[], account: AccountRef, isin: string, date: string): string {
  let frozen = '0';
  for (const event of events) {
    if (event.eventName !== BondEvent.HOLDING_FROZEN || !byEndOf(event.timestamp, date)) continue;
    const freeze = event.payload as Partial<Freeze>;
    if (freeze.isin === isin && freeze.holder === account.holder && freeze.accountId === account.accountId) frozen = freeze.units ?? '0';
  }
  return frozen;
}

/** The movements of the account the events record whose transactions fall within from..to, in ledger order. */
export function accountMovements(
  events: readonly LedgerEvent[],
  movementsOf: (event: LedgerEvent) => AccountMovement[],
  account: AccountRef,
  from: string,
  to: string,
): AccountMovement[] {
  return events
    .filter((event) => within(event.timestamp, from, to))
    .flatMap(movementsOf)
    .filter((m) => isAccount(m.account, account.holder, account.accountId));
}

/** What the ledger says of one holding, for its position at a date. */
export interface HoldingRecords {
  isin: string;
  history: readonly HoldingHistoryEntry[];
  pledges: readonly Pledge[];
}

/**
 * The account's positions at the end of `date`, by ISIN: units from each
 * holding's history, pledged and frozen units then; holdings with no units
 * then are left out.
 */
export function positionsAtEndOf(
  holdings: readonly HoldingRecords[],
  events: readonly LedgerEvent[],
  account: AccountRef,
  date: string,
): StatementPosition[] {
  return holdings
    .map((h) => ({
      isin: h.isin,
      units: unitsAtEndOf(h.history, date),
      frozenUnits: frozenAtEndOf(events, account, h.isin, date),
      pledgedUnits: pledgedAtEndOf(h.pledges, account, h.isin, date),
    }))
    .filter((p) => BigInt(p.units) > 0n)
    .sort((a, b) => (a.isin < b.isin ? -1 : a.isin > b.isin ? 1 : 0));
}

/**
 * A statement's id (ISO 20022 Max35Text): the message name and a digest of
 * what it states and of the ledger height it was read at, so the same
 * statement of the same ledger has the same id.
 */
export function statementId(message: 'SEMT002' | 'SEMT017', parts: readonly string[]): string {
  return `${message}-${createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 24).toUpperCase()}`;
}
