/**
 * The hash lock routes (issue 17): what each sends to the chaincode and
 * which organisations it has endorse. A lock debits the locker's holding
 * into its escrow (CSD + locker); a claim moves escrow to the beneficiary's
 * account (CSD + beneficiary), a refund back to the locker's (CSD +
 * locker): the escrow's key policy is the CSD's peers only, so neither
 * waits on the other party's peers.
 */
import type { HashLock } from '@bond-platform/chaincode/api';
import type { PreparationContext } from './operations';
import { input, operation } from './test-fixtures';

const LOCK: Pick<HashLock, 'lockId' | 'locker' | 'beneficiary'> = { lockId: 'tx1', locker: 'BankMSP', beneficiary: 'SecuritiesMSP' };

function preparation(): { ctx: PreparationContext; evaluated: string[][] } {
  const evaluated: string[][] = [];
  const ctx: PreparationContext = {
    csdMspId: 'CSDMSP',
    evaluate: <T>(contract: string, fn: string, args: string[]) => {
      evaluated.push([contract, fn, ...args]);
      return Promise.resolve(LOCK as T);
    },
  };
  return { ctx, evaluated };
}

describe('hash lock routes', () => {
  it("lock: the caller is the locker; the CSD's and the caller's peers endorse", async () => {
    const op = operation('lockUnits');
    const body = { accountId: 'PROP', units: '10', hash: 'ab'.repeat(32), hashAlgorithm: 'SHA256', beneficiary: 'SecuritiesMSP' };
    const call = input('BankMSP', { isin: 'CN123' }, body);
    expect([op.contract, op.fn, op.submit, op.creates]).toEqual(['HashLocks', 'LockUnits', true, true]);
    expect(JSON.parse(op.args(call)[0]!)).toEqual({ ...body, isin: 'CN123', holder: 'BankMSP' });
    const { ctx } = preparation();
    expect(await op.endorsers?.(call, ctx)).toEqual(['CSDMSP', 'BankMSP']);
  });

  it("claim: the preimage goes as an argument; the CSD's and the beneficiary's peers endorse, never the locker's", async () => {
    const op = operation('claimUnits');
    const { ctx, evaluated } = preparation();
    const byAgent = input('CSDMSP', { lockId: 'tx1' }, { preimage: 'cd'.repeat(32) });
    expect(op.args(byAgent)).toEqual(['tx1', 'cd'.repeat(32)]);
    expect(await op.endorsers?.(byAgent, ctx)).toEqual(['CSDMSP', 'SecuritiesMSP']);
    expect(await op.endorsers?.(input('SecuritiesMSP', { lockId: 'tx1' }), ctx)).toEqual(['CSDMSP', 'SecuritiesMSP']);
    expect(evaluated[0]).toEqual(['HashLocks', 'GetHashLock', 'tx1']);
  });

  it("refund: the CSD's, the caller's and the locker's peers endorse, never the beneficiary's", async () => {
    const op = operation('refundUnits');
    const { ctx } = preparation();
    expect(op.args(input('BankMSP', { lockId: 'tx1' }))).toEqual(['tx1']);
    expect(await op.endorsers?.(input('BankMSP', { lockId: 'tx1' }), ctx)).toEqual(['CSDMSP', 'BankMSP']);
    expect(await op.endorsers?.(input('CSDMSP', { lockId: 'tx1' }), ctx)).toEqual(['CSDMSP', 'BankMSP']);
  });

  it('reads: a lock by id, a bond’s locks and the open locks of every bond a page at a time', () => {
    expect(operation('getHashLock').args(input('BankMSP', { lockId: 'tx1' }))).toEqual(['tx1']);
    const list = operation('listHashLocks');
    expect(list.args({ mspId: 'BankMSP', params: { isin: 'CN123' }, query: { pageSize: '5', cursor: 'b' }, body: {} })).toEqual([
      'CN123',
      '5',
      'b',
    ]);
    expect(list.result).toEqual({ type: 'HashLock', as: 'page' });
    const open = operation('listOpenHashLocks');
    expect([open.method, open.path, open.contract, open.fn, open.submit]).toEqual([
      'get',
      '/hash-locks',
      'HashLocks',
      'ListOpenHashLocks',
      false,
    ]);
    expect(open.args({ mspId: 'BankMSP', params: {}, query: { pageSize: '5', cursor: 'b' }, body: {} })).toEqual(['5', 'b']);
    expect(open.args(input('BankMSP', {}))).toEqual(['', '']);
    expect(open.result).toEqual({ type: 'HashLock', as: 'page' });
  });
});
