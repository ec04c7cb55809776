/**
 * The chaincode as fabric-chaincode-node runs it: the shim's own dispatch
 * (ChaincodeFromContract: context, parameter marshalling, before-hook,
 * function, result serialisation) with the contracts and serializers that
 * src/index.ts exports, on a fake stub that counts ledger reads. Pins what
 * the memory-ledger tests cannot see: refusals the shim raises before our
 * hooks, and the system contract.
 */
import 'reflect-metadata';
import { shimDispatch } from '@bond-platform/chaincode-common/testing';
import * as chaincode from '../src';
import { MAX_ARGUMENT_BYTES } from '../src/ledger/arguments';

const records: Record<string, unknown> = {
  '\u0000config\u0000platform\u0000': { csdMspId: 'CSDMSP' },
  '\u0000member\u0000BankMSP\u0000': {
    mspId: 'BankMSP',
    legalName: 'Bank',
    lei: '969500KSV493XWY0PS33',
    roles: ['INVESTOR'],
    status: 'ACTIVE',
  },
};

describe('the chaincode in the shim dispatch', () => {
  const shim = shimDispatch(chaincode, { title: 'bond', channel: 'bond-channel', records });
  const call = shim.call;

  beforeEach(() => {
    shim.resetLedgerReads();
  });

  it('answers a small call normally', async () => {
    const response = await call('Books:GetBook', 'CNTEST000013');
    expect(response.message).toMatch(/^NOT_FOUND: /);
    expect(shim.ledgerReads).toBeGreaterThan(0);
  });

  it('refuses 50 kB and 100 kB arguments before reading the ledger, then answers the next call', async () => {
    for (const size of [MAX_ARGUMENT_BYTES + 1, 50_000, 100_000]) {
      const started = Date.now();
      const response = await call('Books:GetBook', 'A'.repeat(size));
      expect(response.status).toBe(500);
      expect(response.message).toMatch(/^INVALID_ARGUMENT: /);
      expect(response.message!.length).toBeLessThan(300);
      expect(Date.now() - started).toBeLessThan(2_000);
    }
    expect(shim.ledgerReads).toBe(0);
    expect((await call('Books:GetBook', 'CNTEST000013')).message).toMatch(/^NOT_FOUND: /);
  });

  it("refuses a wrong argument count with a stable code, not the shim's own message", async () => {
    for (const args of [[], ['CNTEST000013', 'extra']]) {
      const response = await call('Books:GetBook', ...args);
      expect(response.message).toMatch(/^INVALID_ARGUMENT: Books:GetBook takes 1 argument/);
    }
    expect((await call('ListMembers', '5')).message).toMatch(/^INVALID_ARGUMENT: Membership:ListMembers takes 2 arguments/);
    expect(shim.ledgerReads).toBe(0);
  });

  it('refuses unknown functions with FUNCTION_NOT_ALLOWED', async () => {
    expect((await call('Books:NoSuchFunction', 'x')).message).toMatch(/^FUNCTION_NOT_ALLOWED: /);
  });

  // Found by the chaincode fuzz (issue 14): the contract API refused these with its own text, without a code.
  it('refuses unknown contracts and unknown system functions with FUNCTION_NOT_ALLOWED, before reading the ledger', async () => {
    for (const fcn of [
      'Foo:Bar',
      'Nope:GetBook',
      'books:GetBook',
      'B\u043eoks:GetBook',
      'Settle\u200bment:ConfirmCash',
      'org.hyperledger.fabric:',
      'org.hyperledger.fabric:Foo',
      'Membership:x:GetMember',
    ]) {
      const response = await call(fcn, 'CNTEST000013');
      expect({ fcn, status: response.status, message: response.message }).toEqual({
        fcn,
        status: 500,
        message: `FUNCTION_NOT_ALLOWED: no transaction function ${fcn}`,
      });
    }
    // A name for another contract is not counted against the default contract's function of that name.
    expect((await call('Foo:GetMember')).message).toBe('FUNCTION_NOT_ALLOWED: no transaction function Foo:GetMember');
    expect((await call(`Foo:${'A'.repeat(MAX_ARGUMENT_BYTES)}`)).message).toMatch(/^INVALID_ARGUMENT: argument 0 is /);
    expect(shim.ledgerReads).toBe(0);
    // Known names resolve as before: the default contract without a prefix or with an empty one, and the system contract.
    expect((await call('GetMember', 'NoSuchMSP')).message).toMatch(/^NOT_FOUND: /);
    expect((await call(':GetMember', 'NoSuchMSP')).message).toMatch(/^NOT_FOUND: /);
    expect((await call('org.hyperledger.fabric:GetMetadata')).status).toBe(200);
  });

  it('serves org.hyperledger.fabric:GetMetadata', async () => {
    const response = await call('org.hyperledger.fabric:GetMetadata');
    expect(response.status).toBe(200);
    const metadata = JSON.parse(response.payload!.toString('utf8')) as { contracts: Record<string, { transactions: { name: string }[] }> };
    expect(metadata.contracts.Books?.transactions.map((t) => t.name)).toContain('GetBook');
  });
});
