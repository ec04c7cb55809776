/**
 * Reading and writing JSON records on the world state. Writes are canonical
 * JSON so every endorser produces identical bytes.
 */
import type { ChaincodeStub } from 'fabric-shim-api';
import type { ChangeStamp, Page } from '../api/cash';
import { CashChaincodeError, CashErrorCode } from '../api/errors';
import { canonicalJson } from '../domain/canonical-json';
import { invalid } from '../domain/validation';
import type { CashContext } from './context';
import { key, type CashKeyTypeName } from './keys';

const decoder = new TextDecoder();

/** The value of an index row: Fabric treats an empty value as a delete. */
export const EMPTY = new Uint8Array([0]);

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

/** Reads a record that must exist; NOT_FOUND names `what`. */
export async function requireRecord<T>(stub: ChaincodeStub, key: string, what: string): Promise<T> {
  const record = await readRecord<T>(stub, key);
  if (record === undefined) throw new CashChaincodeError(CashErrorCode.NOT_FOUND, `${what} does not exist`);
  return record;
}

export async function writeRecord(stub: ChaincodeStub, key: string, value: unknown): Promise<void> {
  await stub.putState(key, encodeJson(value));
}

/** Emits the transaction's single chaincode event (Fabric keeps only the last one set). */
export function emitEvent(stub: ChaincodeStub, name: string, payload: unknown): void {
  stub.setEvent(name, encodeJson(payload));
}

/** Who is changing what, when: from the signed proposal, identical on every endorser. */
export function changeStamp(ctx: CashContext): ChangeStamp {
  return {
    mspId: ctx.clientIdentity.getMSPID(),
    identity: ctx.clientIdentity.getID(),
    timestamp: ctx.stub.getDateTimestamp().toISOString(),
    txId: ctx.stub.getTxID(),
  };
}

export const MAX_PAGE_SIZE = 100;

/** Page size from a transaction argument: empty means the maximum; otherwise canonical decimal digits, larger asks capped. */
export function parsePageSize(text: string): number {
  if (text === '') return MAX_PAGE_SIZE;
  if (text.length > 6 || !/^[1-9][0-9]*$/.test(text)) throw invalid('pageSize must be a positive whole number in decimal digits');
  return Math.min(Number(text), MAX_PAGE_SIZE);
}

/**
 * The bookmark of a paginated partial-composite-key query. On LevelDB Fabric
 * uses a non-empty bookmark as the range's start key, so a bookmark outside
 * the query's own prefix would read other records; only one that continues
 * the range (a key under the prefix, as the query hands out) is accepted.
 */
export function requireBookmarkInRange(prefix: string, bookmark: string): void {
  if (bookmark !== '' && !(bookmark.length > prefix.length && bookmark.startsWith(prefix))) {
    throw invalid('bookmark does not continue this query: pass the bookmark of its previous page, or none');
  }
}

/**
 * One page of the keys and values stored under a composite-key prefix.
 * Attributes follow the key rule, the bookmark must lie in the prefix's
 * range, and a row outside the range ends the page.
 */
export async function pageOfRows(
  stub: ChaincodeStub,
  objectType: CashKeyTypeName,
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

/** A page from paginated query metadata, which the shim leaves undefined for an empty result. */
export function pageOf<T>(records: T[], metadata: { bookmark?: string; fetchedRecordsCount?: number } | undefined): Page<T> {
  return { records, bookmark: metadata?.bookmark ?? '', fetchedRecordsCount: metadata?.fetchedRecordsCount ?? records.length };
}

/** One page of the records stored under a composite-key object type (see pageOfRows). */
export async function pageOfRecords<T>(
  stub: ChaincodeStub,
  objectType: CashKeyTypeName,
  attributes: string[],
  pageSize: number,
  bookmark: string,
): Promise<Page<T>> {
  const page = await pageOfRows(stub, objectType, attributes, pageSize, bookmark);
  return { ...page, records: page.records.map((row) => decodeJson<T>(row.value)) };
}
