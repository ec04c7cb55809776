/**
 * An in-memory world state for unit tests of the cash contracts: committed
 * state, with each invocation's writes staged and committed only if the
 * function (guard included) returns, as a failed endorsement writes nothing
 * on Fabric. It also records the writes an invocation attempted, so a test
 * can prove a refusal did not even try to write. A test double for the
 * shim (the bond chaincode's test/support/memory-ledger.ts, cut down to
 * what the cash chaincode uses), not a Fabric emulator.
 */
import type { ChaincodeStub, ClientIdentity } from 'fabric-shim-api';
import type { CashGuardedContract } from '../../src/ledger/guarded-contract';

export interface TestIdentity {
  mspId: string;
  /** e.g. "admin" or "operator,admin"; undefined for no bond.role attribute. */
  bondRole?: string;
}

export interface InvokeOptions {
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
  /** The event set, if the invocation succeeded. */
  event?: { name: string; payload: unknown };
  /** Whether the function tried to set an event (even if the invocation then failed). */
  attemptedEvent: boolean;
}

const SEP = '\u0000';

export class MemoryLedger {
  readonly state = new Map<string, Uint8Array>();
  #txCounter = 0;
  /** Transaction clock, milliseconds since the epoch; tests move it. */
  nowMillis = Date.UTC(2026, 0, 5, 9, 0, 0);

  async invoke(contract: CashGuardedContract, fn: string, caller: TestIdentity, ...args: string[]): Promise<Invocation> {
    return this.invokeWith(contract, fn, caller, {}, ...args);
  }

  async invokeWith(
    contract: CashGuardedContract,
    fn: string,
    caller: TestIdentity,
    options: InvokeOptions,
    ...args: string[]
  ): Promise<Invocation> {
    const txId = `tx${String(++this.#txCounter).padStart(6, '0')}`;
    const staged = new Map<string, Uint8Array | null>();
    const invocation: Invocation = { txId, attemptedWrites: [], attemptedEvent: false };
    const stub = this.#stub(`${contract.getName()}:${fn}`, args, txId, staged, invocation);
    const txMillis = this.nowMillis;
    const ctx = contract.createContext(() => options.peerClockMillis ?? txMillis);
    ctx.clientIdentity = identityOf(caller);
    try {
      // As the shim does: the context gets the stub first (the guard's input check runs there), then the before-hook.
      ctx.setChaincodeStub(stub);
      await contract.beforeTransaction(ctx);
      const method = (contract as unknown as Record<string, (...a: unknown[]) => Promise<string>>)[fn];
      if (typeof method !== 'function') throw new Error(`no method ${fn}`);
      invocation.result = await method.call(contract, ctx, ...args);
      for (const [key, value] of staged) {
        if (value === null) this.state.delete(key);
        else this.state.set(key, value);
      }
    } catch (error) {
      invocation.error = error as Error;
      delete invocation.event;
    }
    return invocation;
  }

  /** Invokes and returns the parsed result; fails the test on a refusal. */
  async ok<T>(contract: CashGuardedContract, fn: string, caller: TestIdentity, ...args: string[]): Promise<T> {
    const invocation = await this.invoke(contract, fn, caller, ...args);
    if (invocation.error) throw invocation.error;
    return JSON.parse(invocation.result ?? 'null') as T;
  }

  /** World state as text, for "a refusal writes nothing" checks. */
  snapshot(): Map<string, string> {
    return new Map([...this.state].map(([key, value]) => [key, Buffer.from(value).toString('utf8')] as [string, string]));
  }

  #stub(fcn: string, params: string[], txId: string, staged: Map<string, Uint8Array | null>, invocation: Invocation): ChaincodeStub {
    const txMillis = this.nowMillis;
    const rows = (prefix: string) =>
      [...this.state.keys()]
        .filter((k) => k.startsWith(prefix))
        .sort()
        .map((key) => ({ namespace: 'cash', key, value: this.state.get(key)! }));
    const stub = {
      splitCompositeKey: (compositeKey: string) => {
        const parts = compositeKey.split(SEP).slice(1, -1);
        return { objectType: parts[0], attributes: parts.slice(1) };
      },
      createCompositeKey: (type: string, attrs: string[]) => `${SEP}${type}${SEP}${attrs.map((a) => a + SEP).join('')}`,
      getTxID: () => txId,
      getFunctionAndParameters: () => ({ fcn, params }),
      getArgs: () => [fcn, ...params],
      getDateTimestamp: () => new Date(txMillis),
      // Like Fabric, reads see committed state only (no read-your-writes).
      getState: async (key: string) => this.state.get(key) ?? new Uint8Array(),
      putState: async (key: string, value: Uint8Array) => {
        if (value.length === 0) throw new Error(`putState of an empty value at ${key}: Fabric would delete the key`);
        invocation.attemptedWrites.push(key);
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
      getStateByPartialCompositeKey: (type: string, attrs: string[]) =>
        (async function* () {
          yield* rows(stub.createCompositeKey(type, attrs));
        })(),
      getStateByPartialCompositeKeyWithPagination: async (type: string, attrs: string[], pageSize: number, bookmark?: string) => {
        // As Fabric on LevelDB: a non-empty bookmark replaces the range's start key; the end stays the prefix's.
        const prefix = stub.createCompositeKey(type, attrs);
        const start = bookmark || prefix;
        const end = `${prefix}\u{10ffff}`;
        const keys = [...this.state.keys()].filter((k) => k >= start && k < end).sort();
        const page = keys.slice(0, pageSize);
        return {
          iterator: iteratorOf(page.map((key) => ({ namespace: 'cash', key, value: this.state.get(key)! }))),
          metadata: { fetchedRecordsCount: page.length, bookmark: keys[pageSize] ?? '' },
        };
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
  const cn = `${caller.bondRole ?? 'user'}@${caller.mspId}`;
  return {
    getMSPID: () => caller.mspId,
    getID: () => `x509::/CN=${cn}::/CN=ca.${caller.mspId}`,
    getIDBytes: () => new Uint8Array(),
    getAttributeValue: (name: string) => (name === 'bond.role' ? (caller.bondRole ?? null) : null),
    assertAttributeValue: (name: string, value: string) => name === 'bond.role' && caller.bondRole === value,
  };
}
