/**
 * Reading and writing JSON records on the world state. Writes are canonical
 * JSON so every endorser produces identical bytes.
 */
import type { ChaincodeStub } from 'fabric-shim-api';
import type { ChangeStamp, Page } from '../api';
import { canonicalJson } from '../domain/canonical-json';
import { ChaincodeError, ErrorCode } from '../api/errors';
import { invalid } from '../domain/validation';
import type { BondContext } from './context';

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
export function changeStamp(ctx: BondContext): ChangeStamp {
  return {
    mspId: ctx.clientIdentity.getMSPID(),
    identity: ctx.clientIdentity.getID(),
    timestamp: ctx.stub.getDateTimestamp().toISOString(),
    txId: ctx.stub.getTxID(),
  };
}

export const MAX_PAGE_SIZE = 100;

/** Page size from a transaction argument: empty means the maximum; larger asks are capped. */
export function parsePageSize(text: string): number {
  if (text.trim() === '') return MAX_PAGE_SIZE;
  if (!/^[0-9]+$/.test(text.trim()) || Number(text) < 1) throw invalid('pageSize must be a positive whole number');
  return Math.min(Number(text), MAX_PAGE_SIZE);
}

/** One page of the records stored under a composite-key object type. */
export async function pageOfRecords<T>(
  stub: ChaincodeStub,
  objectType: string,
  attributes: string[],
  pageSize: number,
  bookmark: string,
): Promise<Page<T>> {
  const { iterator, metadata } = await stub.getStateByPartialCompositeKeyWithPagination(
    objectType,
    attributes,
    pageSize,
    bookmark,
  );
  const records: T[] = [];
  try {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      records.push(decodeJson<T>(next.value.value));
    }
  } finally {
    await iterator.close();
  }
  return pageOf(records, metadata);
}

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

/** Reads a record that must exist; NOT_FOUND names `what`. */
export async function requireRecord<T>(stub: ChaincodeStub, key: string, what: string): Promise<T> {
  const record = await readRecord<T>(stub, key);
  if (record === undefined) throw new ChaincodeError(ErrorCode.NOT_FOUND, `${what} does not exist`);
  return record;
}

/** Every record under a composite-key prefix (phantom-protected, usable in update transactions). */
export async function recordsUnder<T>(stub: ChaincodeStub, objectType: string, attributes: string[]): Promise<{ key: string; value: T }[]> {
  const records: { key: string; value: T }[] = [];
  for await (const kv of stub.getStateByPartialCompositeKey(objectType, attributes)) {
    records.push({ key: kv.key, value: decodeJson<T>(kv.value) });
  }
  return records;
}

/** The keys under a composite-key prefix (for index rows whose value is empty). */
export async function keysUnder(stub: ChaincodeStub, objectType: string, attributes: string[]): Promise<string[][]> {
  const keys: string[][] = [];
  for await (const kv of stub.getStateByPartialCompositeKey(objectType, attributes)) {
    keys.push(stub.splitCompositeKey(kv.key).attributes);
  }
  return keys;
}

/** Transient input `name` parsed as JSON; refuses if absent (private inputs never travel as arguments). */
export function transientJson(stub: ChaincodeStub, name: string): unknown {
  const bytes = stub.getTransient().get(name);
  if (bytes === undefined || bytes.length === 0) {
    throw invalid(`the private input '${name}' must be sent as transient data`);
  }
  try {
    return JSON.parse(decoder.decode(bytes));
  } catch {
    throw invalid(`the private input '${name}' is not valid JSON`);
  }
}

export const EMPTY = new Uint8Array([0]);
