/**
 * The reference data the message builders look up, from the ledger (never
 * gateway state), read as the calling user and kept for one request only:
 * bonds by ISIN (Bonds:GetBond), members by MSP ID (Membership:ListMembers),
 * and the records some events name without their contents. The builders
 * look them up synchronously, so a request loads what a range of events
 * needs before building their messages:
 *
 * - every bond an `isin` field of an event payload names;
 * - EntitlementsFixed: the payment event's entitlements (Servicing:ListEntitlements);
 * - TransfersSettled (a settlement batch): its transfers (Custody:GetTransfers);
 * - RepoDefaulted: the repo's enforced pledge (Custody:GetPledge).
 *
 * A record the caller may not read (or that does not exist) is undefined:
 * a builder leaves out what it needs it for, or throws.
 */
import {
  type Bond,
  BondEvent,
  type ContractName,
  type Entitlement,
  type FunctionName,
  MAX_TRANSFERS_PER_BATCH,
  type Member,
  type Pledge,
  ServicingEvent,
  type Transfer,
} from '@bond-platform/chaincode/api';
import { ApiError } from '../../http/errors';
import { mapLimit } from '../../ledger-check/ledger-reader';
import type { LedgerEvent, ReferenceData } from './message';

/** A query of the bond chaincode as the calling user. */
export type LedgerQuery = (contract: ContractName, fn: FunctionName, args: string[]) => Promise<unknown>;

/** Records per page when reading a paginated list (the chaincode's maximum). */
export const PAGE_SIZE = '100';
/** Ledger reads a request has running at once. */
const CONCURRENCY = 8;

interface Page<T> {
  records: T[];
  bookmark: string;
}

/** Every record of a paginated query (its last two arguments the page size and bookmark), page after page. */
export async function allPages<T>(query: LedgerQuery, contract: ContractName, fn: FunctionName, args: string[]): Promise<T[]> {
  const records: T[] = [];
  const seen = new Set<string>();
  let bookmark = '';
  for (;;) {
    const page = (await query(contract, fn, [...args, PAGE_SIZE, bookmark])) as Page<T>;
    records.push(...page.records);
    if (page.records.length === 0 || page.bookmark === '' || seen.has(page.bookmark)) return records;
    seen.add(page.bookmark);
    bookmark = page.bookmark;
  }
}

/** Every string `isin` field in a value (an event payload), at any depth, each once. */
export function isinsIn(value: unknown, found: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) for (const item of value) isinsIn(item, found);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'isin' && typeof item === 'string') found.add(item);
      else isinsIn(item, found);
    }
  }
  return found;
}

/** The record, or undefined if the ledger refuses it as not there or not the caller's to read (any other failure is thrown). */
async function ifReadable<T>(read: Promise<unknown>): Promise<T | undefined> {
  try {
    return (await read) as T;
  } catch (error) {
    // An `isin` field that names no bond (an application's proposal, say) is INVALID_ARGUMENT: no reference either.
    if (error instanceof ApiError && (error.status === 403 || error.status === 404 || error.code === 'INVALID_ARGUMENT')) return undefined;
    throw error;
  }
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** An event's payload fields (none if it is not a JSON object). */
const payloadFields = (event: LedgerEvent): Record<string, unknown> =>
  (typeof event.payload === 'object' && event.payload !== null && !Array.isArray(event.payload) ? event.payload : {}) as Record<
    string,
    unknown
  >;
/** Reference data read from the ledger for one request, each record read at most once. */
export class LedgerReferenceData implements ReferenceData {
  readonly #query: LedgerQuery;
  readonly #bonds = new Map<string, Bond | undefined>();
  #members: Map<string, Member> | undefined;
  readonly #entitlements = new Map<string, Entitlement[] | undefined>();
  readonly #transfers = new Map<string, Transfer | undefined>();
  readonly #pledges = new Map<string, Pledge | undefined>();

  constructor(query: LedgerQuery) {
    this.#query = query;
  }

  /** Reads the member list (once). */
  async loadMembers(): Promise<void> {
    if (this.#members) return;
    const members = await allPages<Member>(this.#query, 'Membership', 'ListMembers', []);
    this.#members = new Map(members.map((m) => [m.mspId, m]));
  }

  /** Reads the bonds not read yet (an ISIN the ledger does not know stays unknown). */
  async loadBonds(isins: Iterable<string>): Promise<void> {
    const missing = [...new Set(isins)].filter((isin) => !this.#bonds.has(isin));
    const bonds = await mapLimit(missing, CONCURRENCY, (isin) => ifReadable<Bond>(this.#query('Bonds', 'GetBond', [isin])));
    missing.forEach((isin, i) => this.#bonds.set(isin, bonds[i]));
  }

  /**
   * Reads what the events' messages may look up: the members, the bonds
   * their payloads name, and the records their payloads name without their
   * contents.
   */
  async loadFor(events: readonly LedgerEvent[]): Promise<void> {
    await this.loadMembers();
    const isins = new Set<string>();
    const payments: [string, string][] = [];
    for (const event of events) {
      isinsIn(event.payload, isins);
      const payload = payloadFields(event);
      if (event.eventName === ServicingEvent.ENTITLEMENTS_FIXED) payments.push([text(payload.isin) ?? '', text(payload.eventId) ?? '']);
    }
    await this.loadBonds(isins);
    await this.#loadEntitlements(payments);
    await this.loadMovementRecords(events);
  }

  /** Reads the records the events' unit movements need: the transfers of settlement batches, the pledges of repo defaults. */
  async loadMovementRecords(events: readonly LedgerEvent[]): Promise<void> {
    const transferIds: string[] = [];
    const pledgeIds: string[] = [];
    for (const event of events) {
      const payload = payloadFields(event);
      if (event.eventName === BondEvent.TRANSFERS_SETTLED && Array.isArray(payload.transferIds))
        transferIds.push(...payload.transferIds.filter((id): id is string => typeof id === 'string'));
      if (event.eventName === BondEvent.REPO_DEFAULTED && typeof payload.pledgeId === 'string') pledgeIds.push(payload.pledgeId);
    }
    await this.#loadTransfers(transferIds);
    await this.#loadPledges(pledgeIds);
  }

  async #loadEntitlements(payments: readonly [string, string][]): Promise<void> {
    const missing = [...new Map(payments.map(([isin, eventId]) => [`${isin} ${eventId}`, [isin, eventId]])).entries()].filter(
      ([key]) => !this.#entitlements.has(key),
    );
    const read = await mapLimit(missing, CONCURRENCY, ([, [isin = '', eventId = '']]) =>
      ifReadable<Entitlement[]>(allPages<Entitlement>(this.#query, 'Servicing', 'ListEntitlements', [isin, eventId])),
    );
    missing.forEach(([key], i) => this.#entitlements.set(key, read[i]));
  }

  /** Batches as Custody:GetTransfers takes them; a batch refused (a transfer not the caller's) is read transfer by transfer. */
  async #loadTransfers(transferIds: readonly string[]): Promise<void> {
    const missing = [...new Set(transferIds)].filter((id) => !this.#transfers.has(id));
    for (let start = 0; start < missing.length; start += MAX_TRANSFERS_PER_BATCH) {
      const batch = missing.slice(start, start + MAX_TRANSFERS_PER_BATCH);
      const transfers =
        (await ifReadable<Transfer[]>(this.#query('Custody', 'GetTransfers', [JSON.stringify({ transferIds: batch })]))) ??
        (await mapLimit(batch, CONCURRENCY, (id) => ifReadable<Transfer>(this.#query('Custody', 'GetTransfer', [id]))));
      batch.forEach((id, i) => this.#transfers.set(id, transfers[i]));
    }
  }

  async #loadPledges(pledgeIds: readonly string[]): Promise<void> {
    const missing = [...new Set(pledgeIds)].filter((id) => !this.#pledges.has(id));
    const pledges = await mapLimit(missing, CONCURRENCY, (id) => ifReadable<Pledge>(this.#query('Custody', 'GetPledge', [id])));
    missing.forEach((id, i) => this.#pledges.set(id, pledges[i]));
  }

  bond(isin: string): Bond | undefined {
    return this.#bonds.get(isin);
  }

  member(mspId: string): Member | undefined {
    return this.#members?.get(mspId);
  }

  /** A payment event's entitlements (every page), as loaded for its EntitlementsFixed event. */
  entitlements(isin: string, eventId: string): Entitlement[] | undefined {
    return this.#entitlements.get(`${isin} ${eventId}`);
  }

  /** A transfer of a loaded settlement batch. */
  transfer(transferId: string): Transfer | undefined {
    return this.#transfers.get(transferId);
  }

  /** A loaded repo default's pledge. */
  pledge(pledgeId: string): Pledge | undefined {
    return this.#pledges.get(pledgeId);
  }
}
