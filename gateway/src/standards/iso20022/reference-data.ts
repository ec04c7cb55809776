/**
 * The reference data the message builders look up, from the ledger (never
 * gateway state): bonds by ISIN (Bonds:GetBond) and members by MSP ID
 * (Membership:ListMembers), read as the calling user and kept for one
 * request only. The builders look them up synchronously, so a request loads
 * what a range of events needs before building its messages: the members
 * once, and the bonds the events name (every `isin` field of their payloads).
 */
import type { Bond, ContractName, FunctionName, Member } from '@bond-platform/chaincode/api';
import { ApiError } from '../../http/errors';
import type { LedgerEvent, ReferenceData } from './message';

/** A query of the bond chaincode as the calling user. */
export type LedgerQuery = (contract: ContractName, fn: FunctionName, args: string[]) => Promise<unknown>;

/** Records per page when reading a paginated list (the chaincode's maximum). */
export const PAGE_SIZE = '100';

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

/** Reference data read from the ledger for one request, each record read at most once. */
export class LedgerReferenceData implements ReferenceData {
  readonly #query: LedgerQuery;
  readonly #bonds = new Map<string, Bond | undefined>();
  #members: Map<string, Member> | undefined;

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
    const bonds = await Promise.all(missing.map((isin) => this.#bond(isin)));
    missing.forEach((isin, i) => this.#bonds.set(isin, bonds[i]));
  }

  /** Reads what the events' messages may look up: the members and the bonds their payloads name. */
  async loadFor(events: readonly LedgerEvent[]): Promise<void> {
    await this.loadMembers();
    const isins = new Set<string>();
    for (const event of events) isinsIn(event.payload, isins);
    await this.loadBonds(isins);
  }

  async #bond(isin: string): Promise<Bond | undefined> {
    try {
      return (await this.#query('Bonds', 'GetBond', [isin])) as Bond;
    } catch (error) {
      // An `isin` field that names no bond (an application's proposal, say) is no reference.
      if (error instanceof ApiError && (error.code === 'NOT_FOUND' || error.code === 'INVALID_ARGUMENT')) return undefined;
      throw error;
    }
  }

  bond(isin: string): Bond | undefined {
    return this.#bonds.get(isin);
  }

  member(mspId: string): Member | undefined {
    return this.#members?.get(mspId);
  }
}
