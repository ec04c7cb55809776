/**
 * Reading and writing JSON records on the world state. Writes are canonical
 * JSON so every endorser produces identical bytes. The helpers that refuse
 * or follow a chaincode's key layout (pages, ranges, records that must
 * exist) are made by worldState, with the chaincode's key function and its
 * own error (see refusal.ts).
 */
import type { ChaincodeStub, ClientIdentity } from 'fabric-shim-api';
import { canonicalJson } from './canonical-json';
import type { Refuse } from './refusal';

/** Who made a change, when and in which transaction: the shape each chaincode's API publishes as its ChangeStamp. */
export type ChangeStamp = { mspId: string; identity: string; timestamp: string; txId: string };

/** A page of a paginated query, `bookmark` empty on the last: the shape each chaincode's API publishes as its Page. */
export type Page<T> = { records: T[]; bookmark: string; fetchedRecordsCount: number };

/** The value of an index row: Fabric treats an empty value as a delete. */
export const EMPTY = new Uint8Array([0]);

const decoder = new TextDecoder();

export function encodeJson(value: unknown): Uint8Array {
  return Buffer.from(canonicalJson(value), 'utf8');
}

export function decodeJson<T>(bytes: Uint8Array): T {
  return JSON.parse(decoder.decode(bytes)) as T;
}

export async function readRecord<T>(stub: ChaincodeStub, key: string): Promise<T | undefined> {
  const bytes = await stub.getState(key);
  return bytes.length === 0 ? undefined : decodeJson<T>(bytes);
}

export async function writeRecord(stub: ChaincodeStub, key: string, value: unknown): Promise<void> {
  await stub.putState(key, encodeJson(value));
}

/** Writes a record, announces it as the transaction's event, and returns it as canonical JSON. */
export async function recordAndAnnounce(stub: ChaincodeStub, key: string, record: unknown, event: string): Promise<string> {
  await writeRecord(stub, key, record);
  emitEvent(stub, event, record);
  return canonicalJson(record);
}

/** Emits the transaction's single chaincode event (Fabric keeps only the last one set). */
export function emitEvent(stub: ChaincodeStub, name: string, payload: unknown): void {
  stub.setEvent(name, encodeJson(payload));
}

/** Who is changing what, when: from the signed proposal, identical on every endorser. */
export function changeStamp(ctx: { stub: ChaincodeStub; clientIdentity: ClientIdentity }): ChangeStamp {
  return {
    mspId: ctx.clientIdentity.getMSPID(),
    identity: ctx.clientIdentity.getID(),
    timestamp: ctx.stub.getDateTimestamp().toISOString(),
    txId: ctx.stub.getTxID(),
  };
}

export const MAX_PAGE_SIZE = 100;

/** A page from paginated query metadata, which the shim leaves undefined for an empty result. */
export function pageOf<T>(records: T[], metadata: { bookmark?: string; fetchedRecordsCount?: number } | undefined): Page<T> {
  return { records, bookmark: metadata?.bookmark ?? '', fetchedRecordsCount: metadata?.fetchedRecordsCount ?? records.length };
}

export interface HistoryEntry<T> {
  txId: string;
  timestamp: string;
  isDelete: boolean;
  value?: T;
}

export async function historyOf<T>(stub: ChaincodeStub, key: string): Promise<HistoryEntry<T>[]> {
  const entries: HistoryEntry<T>[] = [];
  for await (const modification of stub.getHistoryForKey(key)) {
    const millis = Number(modification.timestamp.seconds) * 1000 + Math.floor(modification.timestamp.nanos / 1e6);
    entries.push({
      txId: modification.txId,
      timestamp: new Date(millis).toISOString(),
      isDelete: modification.isDelete,
      ...(modification.isDelete ? {} : { value: decodeJson<T>(modification.value) }),
    });
  }
  return entries;
}

/**
 * A chaincode's composite key, or the prefix of a partial one, of one of its
 * key types: its keys.ts `key`, which applies the key rule to every attribute.
 */
export type KeyFunction<K extends string> = (stub: ChaincodeStub, objectType: K, ...attributes: string[]) => string;

/**
 * The world-state helpers that refuse or follow the chaincode's key layout:
 * refusals through `refuse`, keys and prefixes through `key`, so an object
 * type is one of the chaincode's key types.
 */
export function worldState<K extends string>(refuse: Refuse, key: KeyFunction<K>) {
  /** Page size from a transaction argument: empty means the maximum; otherwise canonical decimal digits, larger asks capped. */
  function parsePageSize(text: string): number {
    if (text === '') return MAX_PAGE_SIZE;
    if (text.length > 6 || !/^[1-9][0-9]*$/.test(text)) {
      throw refuse('INVALID_ARGUMENT', 'pageSize must be a positive whole number in decimal digits');
    }
    return Math.min(Number(text), MAX_PAGE_SIZE);
  }

  /**
   * The bookmark of a paginated partial-composite-key query. On LevelDB Fabric
   * uses a non-empty bookmark as the range's start key, so a bookmark outside
   * the query's own prefix would read other records; only one that continues
   * the range (a key under the prefix, as the query hands out) is accepted.
   */
  function requireBookmarkInRange(prefix: string, bookmark: string): void {
    if (bookmark !== '' && !(bookmark.length > prefix.length && bookmark.startsWith(prefix))) {
      throw refuse('INVALID_ARGUMENT', 'bookmark does not continue this query: pass the bookmark of its previous page, or none');
    }
  }

  /**
   * One page of the keys and values stored under a composite-key prefix: the
   * one place every paginated query goes through. Attributes follow the key
   * rule, the bookmark must lie in the prefix's range, and a row outside the
   * range ends the page, so nothing of another type or partition is returned.
   */
  async function pageOfRows(
    stub: ChaincodeStub,
    objectType: K,
    attributes: string[],
    pageSize: number,
    bookmark: string,
  ): Promise<Page<{ key: string; value: Uint8Array }>> {
    const prefix = key(stub, objectType, ...attributes);
    requireBookmarkInRange(prefix, bookmark);
    const { iterator, metadata } = await stub.getStateByPartialCompositeKeyWithPagination(objectType, attributes, pageSize, bookmark);
    const rows: { key: string; value: Uint8Array }[] = [];
    try {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        if (!next.value.key.startsWith(prefix)) return { records: rows, bookmark: '', fetchedRecordsCount: rows.length };
        rows.push({ key: next.value.key, value: next.value.value });
      }
    } finally {
      await iterator.close();
    }
    return pageOf(rows, metadata);
  }

  /** One page of the records stored under a composite-key object type (see pageOfRows). */
  async function pageOfRecords<T>(
    stub: ChaincodeStub,
    objectType: K,
    attributes: string[],
    pageSize: number,
    bookmark: string,
  ): Promise<Page<T>> {
    const page = await pageOfRows(stub, objectType, attributes, pageSize, bookmark);
    return { ...page, records: page.records.map((row) => decodeJson<T>(row.value)) };
  }

  /** Reads a record that must exist; NOT_FOUND names `what`. */
  async function requireRecord<T>(stub: ChaincodeStub, recordKey: string, what: string): Promise<T> {
    const record = await readRecord<T>(stub, recordKey);
    if (record === undefined) throw refuse('NOT_FOUND', `${what} does not exist`);
    return record;
  }

  /** Every record under a composite-key prefix (phantom-protected, usable in update transactions). */
  async function recordsUnder<T>(stub: ChaincodeStub, objectType: K, attributes: string[]): Promise<{ key: string; value: T }[]> {
    key(stub, objectType, ...attributes); // the key rule for every attribute
    const records: { key: string; value: T }[] = [];
    for await (const kv of stub.getStateByPartialCompositeKey(objectType, attributes)) {
      records.push({ key: kv.key, value: decodeJson<T>(kv.value) });
    }
    return records;
  }

  return { parsePageSize, requireBookmarkInRange, pageOfRows, pageOfRecords, requireRecord, recordsUnder };
}
