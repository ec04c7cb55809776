/**
 * The cash chaincode as fabric-chaincode-node runs it: the shim's own
 * dispatch (ChaincodeFromContract: context, parameter marshalling,
 * before-hook, function, result serialisation) with the contracts and
 * serializers src/index.ts exports, on a fake stub. Pins what the
 * memory-ledger tests cannot see: refusals the shim would raise before our
 * hooks, and the system contract.
 */
import 'reflect-metadata';
import * as chaincode from '../src';
import { MAX_ARGUMENT_BYTES } from '../src/ledger/arguments';

interface ShimResponse {
  status: number;
  message?: string;
  payload?: Buffer;
}
interface Dispatcher {
  invokeFunctionality(stub: unknown): Promise<ShimResponse>;
}
type DispatcherClass = new (contracts: unknown[], serializers: unknown, metadata: object, title: string, version: string) => Dispatcher;

// The shim builds a ClientIdentity from the creator's certificate; the fake stub has none.
class FakeIdentity {
  getMSPID(): string {
    return 'BankMSP';
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
// The dispatcher logs every refused invocation at error level: the refusals are what this test expects.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const shimLogger = require('fabric-shim/lib/logger.js') as { getLogger(name: string): { silent: boolean } };
shimLogger.getLogger('contracts-spi/chaincodefromcontract.js').silent = true;

const records: Record<string, unknown> = {
  '\u0000cashConfig\u0000cash\u0000': { operatorMspId: 'PaymentMSP' },
  '\u0000cashTotals\u0000EUR\u0000': { currency: 'EUR', issued: '5', redeemed: '0', outstanding: '5' },
};

describe('the cash chaincode in the shim dispatch', () => {
  const dispatcher = new ChaincodeFromContract([...chaincode.contracts], chaincode.serializers, {}, 'cash', '0.1.0');
  let ledgerReads = 0;

  const call = (fcn: string, ...args: string[]): Promise<ShimResponse> =>
    dispatcher.invokeFunctionality({
      getBufferArgs: () => [Buffer.from(fcn), ...args.map((a) => Buffer.from(a))],
      getArgs: () => [fcn, ...args],
      getFunctionAndParameters: () => ({ fcn, params: args }),
      getTxID: () => 'tx1',
      getChannelID: () => 'cash',
      getMspID: () => 'BankMSP',
      getDateTimestamp: () => new Date('2026-01-05T09:00:00Z'),
      createCompositeKey: (type: string, attributes: string[]) => `\u0000${type}\u0000${attributes.map((a) => `${a}\u0000`).join('')}`,
      getState: async (key: string) => {
        ledgerReads++;
        const record = records[key];
        return record === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(record));
      },
    });

  beforeEach(() => {
    ledgerReads = 0;
  });

  it('answers a query through the default contract and by its qualified name', async () => {
    for (const fcn of ['GetTotals', 'Cash:GetTotals']) {
      const response = await call(fcn, 'EUR');
      expect(response.status).toBe(200);
      expect(JSON.parse(response.payload!.toString())).toEqual(records['\u0000cashTotals\u0000EUR\u0000']);
    }
    expect((await call('Htlc:GetLock', 'L1')).message).toBe('NOT_FOUND: lock L1 does not exist');
  });

  it("refuses a wrong argument count with a stable code, not the shim's own message", async () => {
    expect((await call('Htlc:ClaimCash', 'L1')).message).toMatch(/^INVALID_ARGUMENT: Htlc:ClaimCash takes 2 arguments, not 1/);
    expect((await call('Cash:GetTotals')).message).toMatch(/^INVALID_ARGUMENT: Cash:GetTotals takes 1 argument, not 0/);
    expect(ledgerReads).toBe(0);
  });

  it('refuses oversized arguments before reading the ledger', async () => {
    const response = await call('Htlc:GetLock', 'A'.repeat(MAX_ARGUMENT_BYTES + 1));
    expect(response.message).toMatch(/^INVALID_ARGUMENT: argument 1 is /);
    expect(ledgerReads).toBe(0);
  });

  it('refuses unknown functions and contracts with FUNCTION_NOT_ALLOWED', async () => {
    for (const fcn of ['Cash:NoSuchFunction', 'Foo:GetTotals', 'htlc:GetLock', 'LockCash', 'org.hyperledger.fabric:Foo']) {
      const response = await call(fcn, 'EUR');
      expect({ fcn, message: response.message }).toEqual({ fcn, message: expect.stringMatching(/^FUNCTION_NOT_ALLOWED: /) as string });
    }
    expect((await call('org.hyperledger.fabric:GetMetadata')).status).toBe(200);
  });

  it('counts arguments as the contract API declares them, for every transaction function', () => {
    for (const Contract of chaincode.contracts) {
      const contract = new Contract();
      const declared = Reflect.getMetadata('fabric:transactions', contract) as { name: string; parameters: unknown[] }[];
      expect(declared.length).toBeGreaterThan(0);
      for (const { name, parameters } of declared) {
        const method = Reflect.get(contract, name) as (...args: unknown[]) => unknown;
        expect(`${contract.getName()}:${name} ${method.length - 1}`).toBe(`${contract.getName()}:${name} ${parameters.length}`);
      }
    }
  });
});
