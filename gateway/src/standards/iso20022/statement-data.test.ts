/**
 * What the statements state, from the ledger's records: semt.002 (ISO 20022
 * CustodyStatementOfHoldings, MT535) positions at the end of a date with
 * their blocked (frozen) and pledged parts, semt.017 (statement of
 * transactions, MT536) movements of a period.
 */
import fc from 'fast-check';
import type { ChangeStamp, HoldingHistoryEntry, Pledge } from '@bond-platform/chaincode/api';
import type { AccountMovement, LedgerEvent } from './message';
import {
  accountMovements,
  frozenAtEndOf,
  isCalendarDate,
  pledgedAtEndOf,
  pledgeActiveAtEndOf,
  positionsAtEndOf,
  statementId,
  unitsAtEndOf,
} from './statement-data';

const ISIN = 'CND100000012';
const ACCOUNT = { holder: 'BankMSP', accountId: 'PROP' };
const stamp = (timestamp: string): ChangeStamp => ({ mspId: 'BankMSP', identity: 'x509::CN=op', timestamp, txId: timestamp });
const version = (timestamp: string, units?: string): HoldingHistoryEntry => ({
  txId: timestamp,
  timestamp,
  isDelete: units === undefined,
  ...(units === undefined ? {} : { holding: { isin: ISIN, ...ACCOUNT, units, lastChange: stamp(timestamp) } }),
});
/** Newest first, as Custody:GetHoldingHistory answers. */
const HISTORY = [
  version('2026-12-15T02:00:00.000Z'),
  version('2026-11-07T09:00:00.000Z', '50'),
  version('2026-11-03T23:59:59.999Z', '100'),
  version('2026-11-01T08:00:00.000Z', '200'),
];
const pledge = (created: string, status: Pledge['status'], changed = created, units = '20'): Pledge => ({
  pledgeId: created,
  isin: ISIN,
  pledgor: 'BankMSP',
  accountId: 'PROP',
  pledgee: 'SecuritiesMSP',
  units,
  reference: 'loan 1',
  enforceable: true,
  couponsTo: 'PLEDGOR',
  status,
  created: stamp(created),
  lastChange: stamp(changed),
});
const event = (eventName: string, timestamp: string, payload: unknown): LedgerEvent => ({
  blockNumber: '1',
  transactionId: timestamp,
  timestamp,
  eventName,
  payload,
});
const frozen = (timestamp: string, units: string, holder = 'BankMSP') =>
  event('HoldingFrozen', timestamp, { isin: ISIN, holder, accountId: 'PROP', units, reason: 'court order', lastChange: stamp(timestamp) });

describe('positions at the end of a date', () => {
  it("units: the holding's newest version written by the end of the date; none yet, or retired (deleted), is 0", () => {
    expect(
      ['2026-10-31', '2026-11-01', '2026-11-03', '2026-11-06', '2026-11-07', '2026-12-14', '2026-12-15'].map((d) =>
        unitsAtEndOf(HISTORY, d),
      ),
    ).toEqual(['0', '200', '100', '100', '50', '50', '0']);
  });

  it('pledged: pledges made by then and still ACTIVE or ended after that day (a status changes once)', () => {
    const pledges = [
      pledge('2026-11-02T10:00:00.000Z', 'RELEASED', '2026-11-06T10:00:00.000Z'),
      pledge('2026-11-04T10:00:00.000Z', 'ACTIVE', '2026-11-04T10:00:00.000Z', '5'),
      { ...pledge('2026-11-02T10:00:00.000Z', 'ACTIVE'), accountId: 'OTHER' },
      { ...pledge('2026-11-02T10:00:00.000Z', 'ACTIVE'), isin: 'CND100000020' },
    ];
    expect(
      ['2026-11-01', '2026-11-02', '2026-11-04', '2026-11-05', '2026-11-06'].map((d) => pledgedAtEndOf(pledges, ACCOUNT, ISIN, d)),
    ).toEqual(['0', '20', '25', '25', '5']);
    expect(pledgeActiveAtEndOf(pledge('2026-11-02T10:00:00.000Z', 'ENFORCED', '2026-11-02T11:00:00.000Z'), '2026-11-02')).toBe(false);
  });

  it('frozen: the total the last freeze or release of the holding by then recorded', () => {
    const events = [
      frozen('2026-11-05T10:00:00.000Z', '10'),
      frozen('2026-11-05T11:00:00.000Z', '15', 'FundMSP'),
      frozen('2026-11-08T10:00:00.000Z', '0'),
    ];
    expect(['2026-11-04', '2026-11-05', '2026-11-07', '2026-11-08'].map((d) => frozenAtEndOf(events, ACCOUNT, ISIN, d))).toEqual([
      '0',
      '10',
      '10',
      '0',
    ]);
  });

  it('positions: each bond held then, by ISIN, with its frozen and pledged units; a holding with no units then is left out', () => {
    const holdings = [
      { isin: ISIN, history: HISTORY, pledges: [pledge('2026-11-02T10:00:00.000Z', 'ACTIVE')] },
      { isin: 'CND10000000X', history: [version('2026-11-20T10:00:00.000Z', '7')], pledges: [] },
      { isin: 'CND10000009X', history: [version('2026-11-01T10:00:00.000Z', '3')], pledges: [] },
    ];
    expect(positionsAtEndOf(holdings, [frozen('2026-11-05T10:00:00.000Z', '10')], ACCOUNT, '2026-11-06')).toEqual([
      { isin: ISIN, units: '100', frozenUnits: '10', pledgedUnits: '20' },
      { isin: 'CND10000009X', units: '3', frozenUnits: '0', pledgedUnits: '0' },
    ]);
  });
});

describe('movements of a period', () => {
  const movementsOf = (e: LedgerEvent): AccountMovement[] => {
    const { from, to } = e.payload as { from: string; to: string };
    const base = {
      isin: ISIN,
      units: '10',
      reason: 'TRANSFER',
      transactionId: e.transactionId,
      blockNumber: e.blockNumber,
      timestamp: e.timestamp,
    };
    return [
      { ...base, account: { holder: from, accountId: 'PROP' }, direction: 'DELI' },
      { ...base, account: { holder: to, accountId: 'PROP' }, direction: 'RECE' },
    ];
  };

  it("the account's movements of the events whose transactions fall within the dates, inclusive, in ledger order", () => {
    const events = [
      event('TransferSettled', '2026-10-31T23:59:59.999Z', { from: 'BankMSP', to: 'FundMSP' }),
      event('TransferSettled', '2026-11-01T00:00:00.000Z', { from: 'FundMSP', to: 'BankMSP' }),
      event('TransferSettled', '2026-11-02T12:00:00.000Z', { from: 'FundMSP', to: 'SecuritiesMSP' }),
      event('TransferSettled', '2026-11-30T23:59:59.999Z', { from: 'BankMSP', to: 'SecuritiesMSP' }),
      event('TransferSettled', '2026-12-01T00:00:00.000Z', { from: 'BankMSP', to: 'FundMSP' }),
    ];
    expect(accountMovements(events, movementsOf, ACCOUNT, '2026-11-01', '2026-11-30').map((m) => [m.timestamp, m.direction])).toEqual([
      ['2026-11-01T00:00:00.000Z', 'RECE'],
      ['2026-11-30T23:59:59.999Z', 'DELI'],
    ]);
  });
});

describe('statement dates and ids', () => {
  it('takes real calendar dates only', () => {
    expect(['2026-02-28', '2028-02-29', '2026-12-31'].every(isCalendarDate)).toBe(true);
    expect(['2026-02-29', '2026-13-01', '2026-1-01', '2026-04-31', ''].some(isCalendarDate)).toBe(false);
  });

  it('gives a statement an ISO 20022 Max35Text id, the same for the same statement of the same ledger height', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 5 }), (parts) => {
        const id = statementId('SEMT002', parts);
        expect(id).toMatch(/^SEMT002-[0-9A-F]{24}$/);
        expect(id.length).toBeLessThanOrEqual(35);
        expect(statementId('SEMT002', parts)).toBe(id);
      }),
    );
    expect(statementId('SEMT017', ['BankMSP', 'PROP', '10'])).not.toBe(statementId('SEMT017', ['BankMSP', 'PROP', '11']));
  });
});
