/** Reference data from the ledger for one request: members page by page, each bond read once, unknown ISINs unknown. */
import { ApiError } from '../../http/errors';
import { isinsIn, LedgerReferenceData, type LedgerQuery } from './reference-data';

const member = (mspId: string) => ({ mspId, lei: `${mspId}LEI`, roles: ['INVESTOR'] });

function ledger(): { query: LedgerQuery; calls: string[] } {
  const calls: string[] = [];
  const query: LedgerQuery = (contract, fn, args) => {
    calls.push([contract, fn, ...args].join(' ').trim());
    if (fn === 'ListMembers')
      return Promise.resolve(
        args[1] === '' ? { records: [member('BankMSP')], bookmark: 'b1' } : { records: [member('CSDMSP')], bookmark: '' },
      );
    if (fn === 'GetBond' && args[0] === 'CND100000012') return Promise.resolve({ isin: 'CND100000012', issuer: 'BankMSP' });
    if (fn === 'GetBond' && args[0] === 'BROKEN') return Promise.reject(new ApiError(503, 'FABRIC_UNAVAILABLE', 'peer down'));
    return Promise.reject(new ApiError(404, 'NOT_FOUND', `no bond ${args[0] ?? ''}`));
  };
  return { query, calls };
}

describe('reference data from the ledger', () => {
  it('finds every isin field of an event payload, at any depth, once', () => {
    expect([...isinsIn({ isin: 'A', lines: [{ isin: 'B' }, { isin: 'A' }], nested: { deeper: { isin: 'C' } }, isinCount: 3 })]).toEqual([
      'A',
      'B',
      'C',
    ]);
    expect([...isinsIn('text')]).toEqual([]);
  });

  it('reads the members page by page and each bond once; an ISIN the ledger does not know stays unknown', async () => {
    const { query, calls } = ledger();
    const refs = new LedgerReferenceData(query);
    await refs.loadFor([{ blockNumber: '1', transactionId: 't', timestamp: 'x', eventName: 'E', payload: { isin: 'CND100000012' } }]);
    await refs.loadBonds(['CND100000012', 'XS0000000009']);
    await refs.loadBonds(['XS0000000009']);
    await refs.loadMembers();
    expect(calls).toEqual([
      'Membership ListMembers 100',
      'Membership ListMembers 100 b1',
      'Bonds GetBond CND100000012',
      'Bonds GetBond XS0000000009',
    ]);
    expect([refs.bond('CND100000012')?.issuer, refs.bond('XS0000000009'), refs.member('CSDMSP')?.lei, refs.member('Nobody')]).toEqual([
      'BankMSP',
      undefined,
      'CSDMSPLEI',
      undefined,
    ]);
  });

  it('passes on a failure that is not a missing bond', async () => {
    await expect(new LedgerReferenceData(ledger().query).loadBonds(['BROKEN'])).rejects.toThrow('peer down');
  });
});
