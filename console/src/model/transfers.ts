/**
 * The transfer ids a browser tab remembers, and what the Transfers screen
 * makes of them. The gateway lists transfers by id only (no route lists a
 * party's transfers), so the console keeps the ids this session instructed
 * or looked up, newest first, in sessionStorage until sign-out.
 */
import type { components } from '../api/schema';
import type { ApiErrorBody } from './errors';

type Transfer = components['schemas']['Transfer'];

/** The sessionStorage item holding the remembered ids (a JSON array, newest first); sign-out removes it. */
export const TRANSFER_IDS_ITEM = 'bond-console.transfer-ids';
/** GET /transfers and POST /transfer-settlements take at most 100 ids. */
export const MAX_TRANSFER_IDS = 100;
/** How many of an id's characters the table shows (the whole id is in its title and copied by "Copy id"). */
export const SHORT_ID_LENGTH = 16;

/** The ids in a stored item: its strings, each once, at most MAX_TRANSFER_IDS; nothing if it is missing or not a JSON array. */
export function parseTransferIds(stored: string | null): string[] {
  if (stored === null) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  const ids = parsed.filter((id): id is string => typeof id === 'string' && id !== '');
  return [...new Set(ids)].slice(0, MAX_TRANSFER_IDS);
}

/** The list with `id` first (moved there if already in it), cut to MAX_TRANSFER_IDS. */
export function rememberTransferId(ids: readonly string[], id: string): string[] {
  return [id, ...ids.filter((known) => known !== id)].slice(0, MAX_TRANSFER_IDS);
}

/** The list without `id`. */
export function forgetTransferId(ids: readonly string[], id: string): string[] {
  return ids.filter((known) => known !== id);
}

/** What the user typed as a transfer id, trimmed; undefined if blank. */
export function typedTransferId(input: string): string | undefined {
  const id = input.trim();
  return id === '' ? undefined : id;
}

/** The first SHORT_ID_LENGTH characters of an id, with an ellipsis when it is longer. */
export function shortTransferId(id: string): string {
  return id.length > SHORT_ID_LENGTH ? `${id.slice(0, SHORT_ID_LENGTH)}…` : id;
}

/** Against payment: a cash leg for the CSD to confirm (cashAmount "0" is free of payment). */
export function isDvp(t: Pick<Transfer, 'cashAmount'>): boolean {
  return t.cashAmount !== '0';
}

/** An affirmed DvP transfer: only the CSD's cash confirmation (or a cancellation) moves it on. */
export function awaitsCash(t: Pick<Transfer, 'status' | 'cashAmount'>): boolean {
  return t.status === 'AFFIRMED' && isDvp(t);
}

/** Still open: a counterparty or the CSD may move it on without this user, so the screen keeps polling. */
export function isOpenTransfer(t: Pick<Transfer, 'status'>): boolean {
  return t.status === 'INSTRUCTED' || t.status === 'AFFIRMED';
}

/** A remembered id that could not be read on its own: why, so the user may forget it. */
export interface UnreadableTransfer {
  transferId: string;
  error: ApiErrorBody;
}

export type TransferLookup = { transferId: string; transfer: Transfer } | UnreadableTransfer;

/** The remembered transfers, in the remembered order, and the ids the gateway refused to read. */
export interface RememberedTransfers {
  transfers: Transfer[];
  unreadable: UnreadableTransfer[];
}

/** Splits one-by-one lookups (after GET /transfers?ids= refused the batch) into the readable and the rest, keeping their order. */
export function splitLookups(lookups: readonly TransferLookup[]): RememberedTransfers {
  const transfers: Transfer[] = [];
  const unreadable: UnreadableTransfer[] = [];
  for (const lookup of lookups) {
    if ('transfer' in lookup) transfers.push(lookup.transfer);
    else unreadable.push(lookup);
  }
  return { transfers, unreadable };
}

/**
 * Whether a refused GET /transfers?ids= is worth reading id by id: the
 * gateway refused the request itself (a 4xx: one id not found or not
 * readable fails the whole batch), not a network failure or an outage.
 */
export function retryOneByOne(status: number): boolean {
  return status >= 400 && status < 500 && status !== 401 && status !== 429;
}
