import type { components } from '../api/schema';
import { kindOf, may, roleView } from './permissions';
import {
  awaitsCash,
  forgetTransferId,
  isDvp,
  isOpenTransfer,
  MAX_TRANSFER_IDS,
  parseTransferIds,
  rememberTransferId,
  retryOneByOne,
  shortTransferId,
  splitLookups,
  TRANSFER_IDS_ITEM,
  typedTransferId,
} from './transfers';
import { caller } from './callers.fixture';

type Transfer = components['schemas']['Transfer'];

const ID = 'a'.repeat(64);

const transfer = (fields: Partial<Transfer>): Transfer =>
  ({ transferId: ID, from: 'BankMSP', to: 'SecuritiesMSP', status: 'INSTRUCTED', cashAmount: '0', ...fields }) as Transfer;

const me = caller;

describe('remembered transfer ids', () => {
  it('keep the key the browser test reads', () => {
    expect(TRANSFER_IDS_ITEM).toBe('bond-console.transfer-ids');
  });

  it('parse a stored JSON array of ids, and nothing else', () => {
    expect(parseTransferIds(null)).toEqual([]);
    expect(parseTransferIds('not json')).toEqual([]);
    expect(parseTransferIds('{"a":1}')).toEqual([]);
    expect(parseTransferIds('["b","a",3,"","b"]')).toEqual(['b', 'a']);
    const many = JSON.stringify(Array.from({ length: MAX_TRANSFER_IDS + 5 }, (_, i) => `t${i}`));
    expect(parseTransferIds(many)).toHaveLength(MAX_TRANSFER_IDS);
  });

  it('put the newest first, each once, at most the batch limit', () => {
    expect(rememberTransferId([], 'a')).toEqual(['a']);
    expect(rememberTransferId(['b', 'a'], 'a')).toEqual(['a', 'b']);
    expect(rememberTransferId(['b'], 'c')).toEqual(['c', 'b']);
    const full = Array.from({ length: MAX_TRANSFER_IDS }, (_, i) => `t${i}`);
    const after = rememberTransferId(full, 'new');
    expect(after).toHaveLength(MAX_TRANSFER_IDS);
    expect(after[0]).toBe('new');
    expect(after).not.toContain(`t${MAX_TRANSFER_IDS - 1}`);
  });

  it('forget one id and keep the others in order', () => {
    expect(forgetTransferId(['c', 'b', 'a'], 'b')).toEqual(['c', 'a']);
    expect(forgetTransferId(['a'], 'x')).toEqual(['a']);
  });

  it('take a typed id trimmed, and nothing for a blank one', () => {
    expect(typedTransferId(`  ${ID}\n`)).toBe(ID);
    expect(typedTransferId('   ')).toBeUndefined();
  });

  it('show an id’s first characters', () => {
    expect(shortTransferId(ID)).toBe(`${'a'.repeat(16)}…`);
    expect(shortTransferId('short')).toBe('short');
  });
});

describe('reading remembered transfers', () => {
  it('reads one by one only when the gateway refused the batch itself', () => {
    expect(retryOneByOne(404)).toBe(true);
    expect(retryOneByOne(403)).toBe(true);
    expect(retryOneByOne(400)).toBe(true);
    expect(retryOneByOne(401)).toBe(false);
    expect(retryOneByOne(429)).toBe(false);
    expect(retryOneByOne(0)).toBe(false);
    expect(retryOneByOne(503)).toBe(false);
  });

  it('splits lookups into readable transfers and unreadable ids, in order', () => {
    const a = transfer({ transferId: 'a' });
    const c = transfer({ transferId: 'c' });
    const missing = { code: 'NOT_FOUND', message: 'transfer b not found' };
    expect(
      splitLookups([
        { transferId: 'a', transfer: a },
        { transferId: 'b', error: missing },
        { transferId: 'c', transfer: c },
      ]),
    ).toEqual({ transfers: [a, c], unreadable: [{ transferId: 'b', error: missing }] });
  });
});

describe('transfer states', () => {
  it('tell DvP from free of payment, and what awaits the cash', () => {
    expect(isDvp(transfer({ cashAmount: '0' }))).toBe(false);
    expect(isDvp(transfer({ cashAmount: '1000' }))).toBe(true);
    expect(awaitsCash(transfer({ status: 'AFFIRMED', cashAmount: '1000' }))).toBe(true);
    expect(awaitsCash(transfer({ status: 'AFFIRMED', cashAmount: '0' }))).toBe(false);
    expect(awaitsCash(transfer({ status: 'INSTRUCTED', cashAmount: '1000' }))).toBe(false);
    expect(['INSTRUCTED', 'AFFIRMED', 'SETTLED', 'CANCELLED', 'EXPIRED'].map((status) => isOpenTransfer({ status } as Transfer))).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});

describe('the CSD’s transfers', () => {
  const csdOperator = me('CSDMSP', ['CSD'], ['operator']);
  const csdAdmin = me('CSDMSP', ['CSD'], ['admin']);
  const csdViewer = me('CSDMSP', ['CSD'], []);
  const bank = me('BankMSP', ['INVESTOR'], ['operator']);
  const affirmedDvp = transfer({ status: 'AFFIRMED', cashAmount: '1000' });

  it('are on its Transfers screen', () => {
    expect(kindOf(csdOperator)).toBe('csd');
    for (const csd of [csdOperator, csdAdmin, csdViewer]) expect(roleView(csd).screens).toContain('transfers');
  });

  it('let its operators confirm the cash of an affirmed DvP transfer, and no one else', () => {
    expect(may.confirmTransferCash(csdOperator, affirmedDvp)).toBe(true);
    expect(may.confirmTransferCash(csdAdmin, affirmedDvp)).toBe(false);
    expect(may.confirmTransferCash(csdViewer, affirmedDvp)).toBe(false);
    expect(may.confirmTransferCash(bank, affirmedDvp)).toBe(false);
    expect(may.confirmTransferCash(csdOperator, transfer({ status: 'AFFIRMED', cashAmount: '0' }))).toBe(false);
    expect(may.confirmTransferCash(csdOperator, transfer({ status: 'INSTRUCTED', cashAmount: '1000' }))).toBe(false);
    expect(may.confirmTransferCash(csdOperator, transfer({ status: 'SETTLED', cashAmount: '1000' }))).toBe(false);
  });

  it('let its operators cancel an unsettled one (there is no separate fail)', () => {
    expect(may.cancelTransfer(csdOperator, affirmedDvp)).toBe(true);
    expect(may.cancelTransfer(csdViewer, affirmedDvp)).toBe(false);
  });
});
