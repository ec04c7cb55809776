/**
 * An in-memory world state for unit tests of either chaincode's contracts:
 * committed state, private data, key-level policies and key history, with
 * each invocation's writes staged and committed only if the function (guard
 * included) returns, as a failed endorsement writes nothing on Fabric. It
 * also records what an invocation attempted (writes, an event) and read, so
 * a test can prove a refusal did not even try to write. It is a test double
 * for the shim, not a Fabric emulator: MVCC, endorsement and the peer's
 * validation are exercised by the integration tests on the real network.
 */
import { createHash } from 'node:crypto';
import type { ChaincodeStub, ClientIdentity } from 'fabric-shim-api';
import type { GuardedContext } from '../context';
import type { AccessRuleKind, GuardedContractBase } from '../guarded-contract';

/** A contract of either chaincode. */
export type TestContract = GuardedContractBase<GuardedContext<unknown>, AccessRuleKind>;

export interface TestIdentity {
  mspId: string;
  /** e.g. "admin" or "operator,admin"; undefined for no bond.role attribute. */
  bondRole?: string;
  cn?: string;
}

export interface HistoryRecord {
  txId: string;
  seconds: number;
  value: Uint8Array;
  isDelete: boolean;
}

export interface InvokeOptions {
  /** Transient data (private inputs), JSON-encoded per key. */
  transient?: Record<string, unknown>;
  /** The executing peer's MSP (ctx.stub.getMspID()); defaults to the caller's own. */
  peerMspId?: string;
  /**
   * The endorsing peer's own clock at endorsement, ms since the epoch, which
   * the guard compares with the transaction timestamp for writes. Defaults
   * to the transaction time, so tests can set any date.
   */
  peerClockMillis?: number;
}

export interface Invocation {
  txId: string;
  result?: string;
  error?: Error;
  /** Keys the function tried to write or delete (even if the invocation then failed). */
  attemptedWrites: string[];
  /** Bytes of the keys and values it wrote to world state: the bulk of a transaction's write set. */
  writtenBytes: number;
  /** What it read, for estimates of a transaction's work: keys read one by one, rows of range queries, key histories and their versions. */
  reads: { keys: number; rangeRows: number; histories: number; historyVersions: number };
  /** The event set, if the invocation succeeded. */
  event?: { name: string; payload: unknown };
  /** Whether the function tried to set an event (even if the invocation then failed). */
  attemptedEvent: boolean;
}

const SEP = '\u0000';
const NAMESPACE = 'chaincode';
/** Staged-write prefixes that keep private data and key policies apart from world state. */
const PRIVATE = '\u0001private\u0001';
const VALIDATION = '\u0001validation\u0001';

export class MemoryLedger {
  readonly state = new Map<string, Uint8Array>();
  /** collection → key → value: private data as a member peer of every collection would hold it. */
  readonly privateData = new Map<string, Map<string, Uint8Array>>();
  /** Key-level endorsement policies set with setStateValidationParameter. */
  readonly validationParameters = new Map<string, Uint8Array>();
  readonly history = new Map<string, HistoryRecord[]>();
  #txCounter = 0;
  /** The channel's ID, as ctx.stub.getChannelID() gives it. */
  channelId = 'test-channel';
  /** Transaction clock, milliseconds since the epoch; tests move it (or `now`, in seconds). */
  nowMillis = Date.UTC(2026, 0, 5, 9, 0, 0);

  /** The transaction clock in seconds since the epoch. */
  get now(): number {
    return this.nowMillis / 1000;
  }

  set now(seconds: number) {
    this.nowMillis = seconds * 1000;
  }

  async invoke(contract: TestContract, fn: string, caller: TestIdentity, ...args: string[]): Promise<Invocation> {
    return this.invokeWith(contract, fn, caller, {}, ...args);
  }

  async invokeWith(
    contract: TestContract,
    fn: string,
    caller: TestIdentity,
    options: InvokeOptions,
    ...args: string[]
  ): Promise<Invocation> {
    const txId = `tx${String(++this.#txCounter).padStart(6, '0')}`;
    const staged = new Map<string, Uint8Array | null>();
    const invocation: Invocation = {
      txId,
      attemptedWrites: [],
      writtenBytes: 0,
      reads: { keys: 0, rangeRows: 0, histories: 0, historyVersions: 0 },
      attemptedEvent: false,
    };
    const transient = new Map(
      Object.entries(options.transient ?? {}).map(([k, v]) => [k, Buffer.from(JSON.stringify(v))] as [string, Uint8Array]),
    );
    const txMillis = this.nowMillis;
    const stub = this.#stub(`${contract.getName()}:${fn}`, args, txId, staged, invocation, {
      transient,
      peerMspId: options.peerMspId ?? caller.mspId,
      txMillis,
    });
    const ctx = contract.createContext(() => options.peerClockMillis ?? txMillis);
    ctx.clientIdentity = identityOf(caller);
    try {
      // As the shim does: the context gets the stub first (the guard's input check runs there), then the before-hook.
      ctx.setChaincodeStub(stub);
      await contract.beforeTransaction(ctx);
      const method = (contract as unknown as Record<string, (...a: unknown[]) => Promise<string>>)[fn];
      if (typeof method !== 'function') throw new Error(`no method ${fn}`);
      invocation.result = await method.call(contract, ctx, ...args);
      this.#commit(txId, staged);
    } catch (error) {
      invocation.error = error as Error;
      delete invocation.event;
    }
    return invocation;
  }

  /** Invokes and returns the parsed result; fails the test on a refusal. */
  async ok<T>(contract: TestContract, fn: string, caller: TestIdentity, ...args: string[]): Promise<T> {
    return this.okWith<T>(contract, fn, caller, {}, ...args);
  }

  async okWith<T>(contract: TestContract, fn: string, caller: TestIdentity, options: InvokeOptions, ...args: string[]): Promise<T> {
    const invocation = await this.invokeWith(contract, fn, caller, options, ...args);
    if (invocation.error) throw invocation.error;
    return JSON.parse(invocation.result ?? 'null') as T;
  }

  /** World state, private data and key policies, for "a refusal writes nothing" checks. */
  snapshot(): Map<string, string> {
    const text = (value: Uint8Array) => Buffer.from(value).toString('utf8');
    return new Map([
      ...[...this.state].map(([key, value]) => [key, text(value)] as [string, string]),
      ...[...this.privateData].flatMap(([collection, data]) =>
        [...data].map(([key, value]) => [`${collection}/${key}`, text(value)] as [string, string]),
      ),
      ...[...this.validationParameters].map(([key, value]) => [`policy/${key}`, text(value)] as [string, string]),
    ]);
  }

  #commit(txId: string, staged: Map<string, Uint8Array | null>): void {
    for (const [key, value] of staged) {
      if (key.startsWith(PRIVATE)) {
        const [collection = '', privateKey = ''] = key.slice(PRIVATE.length).split(PRIVATE);
        const data = this.privateData.get(collection) ?? new Map<string, Uint8Array>();
        if (value === null) data.delete(privateKey);
        else data.set(privateKey, value);
        this.privateData.set(collection, data);
        continue;
      }
      if (key.startsWith(VALIDATION)) {
        if (value !== null) this.validationParameters.set(key.slice(VALIDATION.length), value);
        continue;
      }
      if (value === null) this.state.delete(key);
      else this.state.set(key, value);
      const records = this.history.get(key) ?? [];
      records.push({ txId, seconds: this.now, value: value ?? new Uint8Array(), isDelete: value === null });
      this.history.set(key, records);
    }
  }

  #stub(
    fcn: string,
    params: string[],
    txId: string,
    staged: Map<string, Uint8Array | null>,
    invocation: Invocation,
    context: { transient: Map<string, Uint8Array>; peerMspId: string; txMillis: number },
  ): ChaincodeStub {
    const privateOf = (collection: string) => this.privateData.get(collection) ?? new Map<string, Uint8Array>();
    const rangeOf = (map: Map<string, Uint8Array>, prefix: string) =>
      (async function* () {
        for (const key of [...map.keys()].filter((k) => k.startsWith(prefix)).sort()) {
          invocation.reads.rangeRows++;
          yield { namespace: NAMESPACE, key, value: map.get(key)! };
        }
      })();
    const stub = {
      getMspID: () => context.peerMspId,
      getChannelID: () => this.channelId,
      getTransient: () => context.transient,
      splitCompositeKey: (compositeKey: string) => {
        const parts = compositeKey.split(SEP).slice(1, -1);
        return { objectType: parts[0], attributes: parts.slice(1) };
      },
      getStateByPartialCompositeKey: (type: string, attrs: string[]) => rangeOf(this.state, stub.createCompositeKey(type, attrs)),
      getPrivateData: async (collection: string, key: string) => privateOf(collection).get(key) ?? new Uint8Array(),
      getPrivateDataHash: async (collection: string, key: string) => {
        const value = privateOf(collection).get(key);
        return value ? createHash('sha256').update(value).digest() : new Uint8Array();
      },
      putPrivateData: async (collection: string, key: string, value: Uint8Array) => {
        invocation.attemptedWrites.push(`${collection}/${key}`);
        staged.set(`${PRIVATE}${collection}${PRIVATE}${key}`, value);
      },
      deletePrivateData: async (collection: string, key: string) => {
        invocation.attemptedWrites.push(`${collection}/${key}`);
        staged.set(`${PRIVATE}${collection}${PRIVATE}${key}`, null);
      },
      getPrivateDataByPartialCompositeKey: (collection: string, type: string, attrs: string[]) =>
        rangeOf(privateOf(collection), stub.createCompositeKey(type, attrs)),
      setStateValidationParameter: async (key: string, policy: Uint8Array) => {
        staged.set(`${VALIDATION}${key}`, policy);
      },
      getTxID: () => txId,
      getFunctionAndParameters: () => ({ fcn, params }),
      getArgs: () => [fcn, ...params],
      getDateTimestamp: () => new Date(context.txMillis),
      getTxTimestamp: () => ({ seconds: Math.floor(context.txMillis / 1000), nanos: (context.txMillis % 1000) * 1e6 }),
      createCompositeKey: (type: string, attrs: string[]) => `${SEP}${type}${SEP}${attrs.map((a) => a + SEP).join('')}`,
      // Like Fabric, reads see committed state only (no read-your-writes).
      getState: async (key: string) => {
        invocation.reads.keys++;
        return this.state.get(key) ?? new Uint8Array();
      },
      putState: async (key: string, value: Uint8Array) => {
        if (value.length === 0) throw new Error(`putState of an empty value at ${key}: Fabric would delete the key`);
        invocation.attemptedWrites.push(key);
        invocation.writtenBytes += Buffer.byteLength(key) + value.length;
        staged.set(key, value);
      },
      deleteState: async (key: string) => {
        invocation.attemptedWrites.push(key);
        staged.set(key, null);
      },
      setEvent: (name: string, payload: Uint8Array) => {
        invocation.attemptedEvent = true;
        invocation.event = { name, payload: JSON.parse(Buffer.from(payload).toString('utf8')) };
      },
      getStateByPartialCompositeKeyWithPagination: async (type: string, attrs: string[], pageSize: number, bookmark?: string) => {
        // As Fabric on LevelDB: a non-empty bookmark replaces the range's start key; the end stays the prefix's.
        const prefix = stub.createCompositeKey(type, attrs);
        const start = bookmark || prefix;
        const end = `${prefix}\u{10ffff}`;
        const keys = [...this.state.keys()].filter((k) => k >= start && k < end).sort();
        const page = keys.slice(0, pageSize);
        return {
          iterator: iteratorOf(page.map((key) => ({ namespace: NAMESPACE, key, value: this.state.get(key)! }))),
          metadata: { fetchedRecordsCount: page.length, bookmark: keys[pageSize] ?? '' },
        };
      },
      getHistoryForKey: (key: string) => {
        // Fabric (since v2.0) returns a key's history newest first.
        const records = [...(this.history.get(key) ?? [])].reverse();
        invocation.reads.histories++;
        return (async function* () {
          for (const r of records) {
            invocation.reads.historyVersions++;
            yield { txId: r.txId, value: r.value, isDelete: r.isDelete, timestamp: { seconds: r.seconds, nanos: 0 } };
          }
        })();
      },
    };
    return stub as unknown as ChaincodeStub;
  }
}

function iteratorOf<T>(items: T[]): { next(): Promise<{ done: boolean; value: T }>; close(): Promise<void> } {
  let index = 0;
  return {
    next: async () => (index < items.length ? { done: false, value: items[index++]! } : { done: true, value: undefined as T }),
    close: async () => undefined,
  };
}

function identityOf(caller: TestIdentity): ClientIdentity {
  const cn = caller.cn ?? `${caller.bondRole ?? 'user'}@${caller.mspId}`;
  return {
    getMSPID: () => caller.mspId,
    getID: () => `x509::/CN=${cn}::/CN=ca.${caller.mspId}`,
    getIDBytes: () => new Uint8Array(),
    getAttributeValue: (name: string) => (name === 'bond.role' ? (caller.bondRole ?? null) : null),
    assertAttributeValue: (name: string, value: string) => name === 'bond.role' && caller.bondRole === value,
  };
}
