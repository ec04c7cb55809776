/**
 * The cash chaincode as fabric-chaincode-node runs it: the shim's own
 * dispatch (ChaincodeFromContract: context, parameter marshalling,
 * before-hook, function, result serialisation) with the contracts and
 * serializers src/index.ts exports, on a fake stub. Pins what the
 * memory-ledger tests cannot see: refusals the shim would raise before our
 * hooks, and the system contract.
 */
import 'reflect-metadata';
import { shimDispatch } from '@bond-platform/chaincode-common/testing';
import * as chaincode from '../src';
import { MAX_ARGUMENT_BYTES } from '../src/ledger/arguments';

const records: Record<string, unknown> = {
  '\u0000cashConfig\u0000cash\u0000': { operatorMspId: 'PaymentMSP' },
  '\u0000cashTotals\u0000EUR\u0000': { currency: 'EUR', issued: '5', redeemed: '0', outstanding: '5' },
};

describe('the cash chaincode in the shim dispatch', () => {
  const shim = shimDispatch(chaincode, { title: 'cash', channel: 'cash', records });
  const call = shim.call;

  beforeEach(() => {
    shim.resetLedgerReads();
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
    expect(shim.ledgerReads).toBe(0);
  });

  it('refuses oversized arguments before reading the ledger', async () => {
    const response = await call('Htlc:GetLock', 'A'.repeat(MAX_ARGUMENT_BYTES + 1));
    expect(response.message).toMatch(/^INVALID_ARGUMENT: argument 1 is /);
    expect(shim.ledgerReads).toBe(0);
  });

  it('refuses unknown functions and contracts with FUNCTION_NOT_ALLOWED', async () => {
    for (const fcn of ['Cash:NoSuchFunction', 'Foo:GetTotals', 'htlc:GetLock', 'LockCash', 'org.hyperledger.fabric:Foo']) {
      const response = await call(fcn, 'EUR');
      expect({ fcn, message: response.message }).toEqual({ fcn, message: expect.stringMatching(/^FUNCTION_NOT_ALLOWED: /) as string });
    }
    expect((await call('org.hyperledger.fabric:GetMetadata')).status).toBe(200);
  });
});
