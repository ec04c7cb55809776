/**
 * A chaincode as fabric-chaincode-node runs it, for unit tests: the shim's
 * own dispatch (ChaincodeFromContract: context, parameter marshalling,
 * before-hook, function, result serialisation) with the contracts and
 * serializers a chaincode's main module exports, on a fake stub that serves
 * fixed records and counts ledger reads. It shows what the memory-ledger
 * tests cannot see: refusals the shim raises before the guard's hooks, and
 * the system contract.
 */

export interface ShimResponse {
  status: number;
  message?: string;
  payload?: Buffer;
}

interface Dispatcher {
  invokeFunctionality(stub: unknown): Promise<ShimResponse>;
}
type DispatcherClass = new (contracts: unknown[], serializers: unknown, metadata: object, title: string, version: string) => Dispatcher;

/** A chaincode's main module: its contract classes and serializers. */
export interface ChaincodeModule {
  contracts: readonly unknown[];
  serializers: unknown;
}

export interface ShimDispatchOptions {
  /** The chaincode's name and the channel the fake stub reports. */
  title: string;
  channel: string;
  /** World state by key: the records `getState` returns (as JSON); any other key is empty. */
  records: Readonly<Record<string, unknown>>;
  /** The caller's and the peer's MSP ID; BankMSP unless given. */
  mspId?: string;
  /** The transaction timestamp; 2026-01-05T09:00:00Z unless given. */
  timestamp?: Date;
}

export interface ShimDispatch {
  /** Invokes `fcn` with `args` through the shim's dispatch. */
  call: (fcn: string, ...args: string[]) => Promise<ShimResponse>;
  /** Ledger reads since the last reset. */
  readonly ledgerReads: number;
  resetLedgerReads: () => void;
}

/**
 * The shim's dispatcher over the chaincode's contracts. It replaces the
 * shim's ClientIdentity (built from the creator's certificate, which the
 * fake stub has none of) with one of `mspId` without attributes, and
 * silences the dispatcher's error log of every refusal: the refusals are
 * what the tests expect.
 */
export function shimDispatch(chaincode: ChaincodeModule, options: ShimDispatchOptions): ShimDispatch {
  const { records, mspId = 'BankMSP', timestamp = new Date('2026-01-05T09:00:00Z') } = options;
  class FakeIdentity {
    getMSPID(): string {
      return mspId;
    }
    getID(): string {
      return 'x509::/CN=viewer1::/CN=ca.bank';
    }
    getAttributeValue(): null {
      return null;
    }
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const shim = require('fabric-shim/lib/chaincode.js') as { ClientIdentity: unknown };
  shim.ClientIdentity = FakeIdentity;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ChaincodeFromContract = require('fabric-shim/lib/contract-spi/chaincodefromcontract.js') as DispatcherClass;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const shimLogger = require('fabric-shim/lib/logger.js') as { getLogger(name: string): { silent: boolean } };
  shimLogger.getLogger('contracts-spi/chaincodefromcontract.js').silent = true;

  const dispatcher = new ChaincodeFromContract([...chaincode.contracts], chaincode.serializers, {}, options.title, '0.1.0');
  let ledgerReads = 0;
  return {
    call: (fcn, ...args) =>
      dispatcher.invokeFunctionality({
        getBufferArgs: () => [Buffer.from(fcn), ...args.map((a) => Buffer.from(a))],
        getArgs: () => [fcn, ...args],
        getFunctionAndParameters: () => ({ fcn, params: args }),
        getTxID: () => 'tx1',
        getChannelID: () => options.channel,
        getMspID: () => mspId,
        getDateTimestamp: () => timestamp,
        createCompositeKey: (type: string, attributes: string[]) => `\u0000${type}\u0000${attributes.map((a) => `${a}\u0000`).join('')}`,
        getState: async (key: string) => {
          ledgerReads++;
          const record = records[key];
          return record === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(record));
        },
      }),
    get ledgerReads() {
      return ledgerReads;
    },
    resetLedgerReads: () => {
      ledgerReads = 0;
    },
  };
}
