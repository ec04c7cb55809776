import type * as grpc from '@grpc/grpc-js';
import type { ChaincodeEvent, Contract, Network } from '@hyperledger/fabric-gateway';
import type { HashLock } from '@bond-platform/chaincode/api';
import pino from 'pino';
import { parseConfig, type GatewayConfig } from '../config';
import { LedgerClient, type SubmitRequest } from '../fabric/ledger-client';
import { agentMode, bondLedger, cashLedger, chaincodeEventWatcher } from './fabric';

function config(mspId: string, extra: Record<string, unknown> = {}): GatewayConfig {
  return parseConfig({
    organization: 'org',
    mspId,
    csdMspId: mspId === 'PaymentMSP' ? 'PaymentMSP' : 'CSDMSP',
    listen: { port: 3001 },
    peer: { endpoint: 'peer0:7051', tlsRootCertPath: '/tls/ca.pem' },
    channel: mspId === 'PaymentMSP' ? 'cash' : 'bonds',
    chaincode: mspId === 'PaymentMSP' ? 'cash' : 'bond',
    users: { operator1: { role: 'operator', certPath: '/c', keyPath: '/k' } },
    apiKeysFile: '/keys.json',
    stateDir: '/state',
    settlementAgent: { user: 'operator1' },
    ...extra,
  });
}
const cashLedgerConfig = { cashLedger: { channel: 'cash', chaincode: 'cash', operatorMspId: 'PaymentMSP' } };

/** A Fabric endorsement refusal as fabric-gateway reports it: gRPC's message outside, the chaincode's inside. */
function endorseError(chaincodeMessage: string): Error {
  return Object.assign(new Error('10 ABORTED: failed to endorse transaction, see attached details for more info'), {
    code: 10,
    details: [{ address: 'peer0:7051', mspId: 'PaymentMSP', message: `chaincode response 500, ${chaincodeMessage}` }],
  });
}

describe('which agent a configuration runs', () => {
  it("is the operator's for the cash ledger's operator, the CSD's for the CSD, and no one else's", () => {
    expect(agentMode(config('PaymentMSP', cashLedgerConfig))).toBe('operator');
    expect(agentMode(config('CSDMSP', cashLedgerConfig))).toBe('csd');
    expect(() => agentMode(config('BankMSP', cashLedgerConfig))).toThrow('not for BankMSP');
    expect(() => agentMode(config('CSDMSP'))).toThrow('needs cashLedger');
  });
});

describe('the bond ledger', () => {
  const lock = { lockId: 'L1', locker: 'BankMSP', beneficiary: 'SecuritiesMSP' } as HashLock;

  it('claims endorsed by the CSD and the beneficiary, refunds by the CSD and the locker, and lists open locks a page at a time', async () => {
    const ledger = new LedgerClient(config('CSDMSP', cashLedgerConfig), {} as unknown as grpc.Client);
    const submitted: SubmitRequest[] = [];
    ledger.submit = (request) => {
      submitted.push(request);
      const committed = Promise.resolve({ transactionId: `tx-${submitted.length}`, blockNumber: '7', result: null });
      return Promise.resolve({ transactionId: `tx-${submitted.length}`, result: null, committed });
    };
    const evaluated: unknown[][] = [];
    ledger.evaluate = (...args) => {
      evaluated.push(args);
      return Promise.resolve({ records: [], bookmark: '', fetchedRecordsCount: 0 });
    };
    const bond = bondLedger(ledger, 'operator1');
    expect(await bond.claimUnits(lock, 'ab'.repeat(32))).toBe('tx-1');
    expect(await bond.refundUnits(lock)).toBe('tx-2');
    await bond.listOpenHashLocks(100, 'b1');
    expect(submitted).toEqual([
      {
        user: 'operator1',
        contract: 'HashLocks',
        fn: 'ClaimUnits',
        args: ['L1', 'ab'.repeat(32)],
        endorsingOrganizations: ['CSDMSP', 'SecuritiesMSP'],
      },
      { user: 'operator1', contract: 'HashLocks', fn: 'RefundUnits', args: ['L1'], endorsingOrganizations: ['CSDMSP', 'BankMSP'] },
    ]);
    expect(evaluated).toEqual([['operator1', 'HashLocks', 'ListOpenHashLocks', ['100', 'b1']]]);
  });
});

describe('the cash ledger', () => {
  function cashWith(contract: Partial<Contract>): ReturnType<typeof cashLedger> {
    const ledger = new LedgerClient(config('CSDMSP', cashLedgerConfig), {} as unknown as grpc.Client);
    ledger.contract = () => contract as Contract;
    return cashLedger(ledger, 'operator1');
  }

  it('decodes the locks under a hash', async () => {
    const locks = [{ lockId: 'C1', status: 'CLAIMED', hash: 'h', expiry: '2026-06-01T10:00:00.000Z', preimage: 'p' }];
    const cash = cashWith({
      evaluateTransaction: (fn: string) => Promise.resolve(new TextEncoder().encode(fn === 'ListLocksByHash' ? JSON.stringify(locks) : '')),
    });
    expect(await cash.listLocksByHash('h')).toEqual(locks);
  });

  it("keeps the cash chaincode's refusal code, read from the endorsers' details", async () => {
    const refused = cashWith({ evaluateTransaction: () => Promise.reject(endorseError('LOCK_ALREADY_CLAIMED: lock C1 was claimed')) });
    await expect(refused.listLocksByHash('h')).rejects.toMatchObject({ code: 'LOCK_ALREADY_CLAIMED' });
  });

  it("refunds on the cash ledger through the gateway's submission and answers the committed transaction id", async () => {
    const ledger = new LedgerClient(config('CSDMSP', cashLedgerConfig), {} as unknown as grpc.Client);
    const submitted: SubmitRequest[] = [];
    ledger.submit = (request) => {
      submitted.push(request);
      const committed = Promise.resolve({ transactionId: 'tx-refund', blockNumber: '3', result: null });
      return Promise.resolve({ transactionId: 'tx-refund', result: null, committed });
    };
    const lock = { lockId: 'C1', status: 'LOCKED', hash: 'h', expiry: '2026-06-01T10:00:00.000Z' };
    expect(await cashLedger(ledger, 'operator1').refundCash(lock)).toBe('tx-refund');
    expect(submitted).toEqual([{ user: 'operator1', ledger: 'cash', contract: 'Htlc', fn: 'RefundCash', args: ['C1'] }]);
  });
});

describe('the event watcher', () => {
  it('calls back on each event and each (re)connection, reconnects after a failure, and stops when closed', async () => {
    let connections = 0;
    let closed = false;
    const network = {
      getChaincodeEvents: () => {
        connections++;
        if (connections === 1) return Promise.reject(new Error('peer restarting'));
        async function* events(): AsyncGenerator<ChaincodeEvent> {
          yield {} as ChaincodeEvent;
          yield {} as ChaincodeEvent;
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
        return Promise.resolve(
          Object.assign(events(), {
            close: () => {
              closed = true;
            },
          }),
        );
      },
    } as unknown as Network;
    let calls = 0;
    const stop = chaincodeEventWatcher(() => network, 'bond', pino({ level: 'silent' }), 5)(() => calls++);
    await new Promise((resolve) => setTimeout(resolve, 50));
    stop();
    expect(connections).toBe(2);
    expect(calls).toBe(3); // the reconnection and two events
    expect(closed).toBe(true);
  });
});
