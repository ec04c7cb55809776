/** Reference data from the ledger for one request: members page by page, each bond read once, unknown ISINs unknown. */
import { ApiError } from '../../http/errors';
import type { LedgerEvent } from './message';
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

describe('records events name without their contents', () => {
  const event = (eventName: string, payload: unknown, transactionId = 't1'): LedgerEvent => ({
    blockNumber: '3',
    transactionId,
    timestamp: '2026-12-01T10:00:00.000Z',
    eventName,
    payload,
  });

  function records(): { query: LedgerQuery; calls: string[] } {
    const calls: string[] = [];
    const query: LedgerQuery = (contract, fn, args) => {
      calls.push([fn, ...args].join(' ').trim());
      switch (fn) {
        case 'ListMembers':
          return Promise.resolve({ records: [member('BankMSP')], bookmark: '' });
        case 'GetBond':
          return Promise.resolve({ isin: args[0] });
        case 'ListEntitlements':
          return Promise.resolve(
            args[3] === ''
              ? { records: [{ holder: 'BankMSP', units: '60' }], bookmark: 'p2' }
              : { records: [{ holder: 'FundMSP', units: '40' }], bookmark: '' },
          );
        case 'GetTransfers':
          // One of the batch is another member's: the whole batch is refused.
          return Promise.reject(new ApiError(403, 'ACCESS_DENIED', 'not yours'));
        case 'GetTransfer':
          return args[0] === 'T2'
            ? Promise.reject(new ApiError(403, 'ACCESS_DENIED', 'not yours'))
            : Promise.resolve({ transferId: args[0] });
        case 'GetPledge':
          return Promise.resolve({ pledgeId: args[0], pledgee: 'FundMSP' });
        default:
          return Promise.reject(new Error(`unexpected ${contract}:${fn}`));
      }
    };
    return { query, calls };
  }

  it("loads a fixed payment event's entitlements (every page), a batch's transfers (one by one when the batch is refused) and a repo default's pledge", async () => {
    const { query, calls } = records();
    const refs = new LedgerReferenceData(query);
    await refs.loadFor([
      event('EntitlementsFixed', { isin: 'CND100000012', eventId: 'C-001' }),
      event('TransfersSettled', { transferIds: ['T1', 'T2'] }),
      event('RepoDefaulted', { isin: 'CND100000012', repoId: 'R1', pledgeId: 'P1' }),
    ]);
    expect(calls.filter((c) => !c.startsWith('ListMembers') && !c.startsWith('GetBond'))).toEqual([
      'ListEntitlements CND100000012 C-001 100',
      'ListEntitlements CND100000012 C-001 100 p2',
      'GetTransfers {"transferIds":["T1","T2"]}',
      'GetTransfer T1',
      'GetTransfer T2',
      'GetPledge P1',
    ]);
    expect(refs.entitlements('CND100000012', 'C-001')?.map((e) => e.units)).toEqual(['60', '40']);
    expect([refs.transfer('T1')?.transferId, refs.transfer('T2'), refs.pledge('P1')?.pledgee]).toEqual(['T1', undefined, 'FundMSP']);
    expect(refs.entitlements('CND100000012', 'C-002')).toBeUndefined();
  });
});
