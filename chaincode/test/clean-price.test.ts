/**
 * A DvP priced clean through Custody:InstructTransfer on the in-memory
 * ledger: the chaincode computes the accrued interest to the settlement date
 * from the bond's schedule and the cash amount, records them on the
 * transfer, refuses a cash amount the parties give that differs (writing
 * nothing), and the transfer settles with the computed cash leg.
 */
import { ErrorCode, type Transfer } from '../src/api';
import type { MemoryLedger } from './support/memory-ledger';
import { BANK, contracts, CSD, FUND, HOUR, ISIN, json, Scenario } from './support/scenario';

const { custody } = contracts;

let ledger: MemoryLedger;

beforeEach(async () => {
  const scenario = new Scenario();
  ledger = scenario.ledger;
  await scenario.members();
  await scenario.issuedBond(); // TERMS: 10000 fen a unit, 2.85 % annual ICMA ACT/ACT from 2 Mar 2026; BankMSP 646 units in PROP
  ledger.now = Date.UTC(2026, 8, 15, 9, 0, 0) / 1000; // 15 Sep 2026: 197 days of the first 365-day period
});

const request = (extra: Record<string, unknown>) =>
  json({
    isin: ISIN,
    fromAccount: 'PROP',
    to: FUND.mspId,
    toAccount: 'PROP',
    units: '300',
    expiresAt: new Date((ledger.now + HOUR) * 1000).toISOString(),
    ...extra,
  });

describe('a DvP priced clean', () => {
  it('records the clean price, the accrued interest and the computed cash amount, and settles for it', async () => {
    const transfer = await ledger.ok<Transfer>(
      custody,
      'InstructTransfer',
      BANK,
      request({ cleanPrice: '99.875', settlementDate: '2026-09-15' }),
    );
    // 285 × 197/365 = 11229/73 a unit; 300 × (9987.5 + 11229/73) = 3042396.575… → 3042397 fen.
    expect(transfer).toMatchObject({
      cleanPrice: '99.875',
      settlementDate: '2026-09-15',
      accruedPerUnit: '153.821918',
      accruedPerUnitExact: '11229/73',
      exCoupon: false,
      cashAmount: '3042397',
      status: 'INSTRUCTED',
    });
    await ledger.ok(custody, 'AffirmTransfer', FUND, transfer.transferId);
    const settled = await ledger.ok<Transfer>(custody, 'ConfirmTransferCash', CSD, transfer.transferId);
    expect(settled).toMatchObject({ status: 'SETTLED', cashAmount: '3042397', accruedPerUnitExact: '11229/73' });
  });

  it('accepts the parties’ cash amount when it is the computed one, and refuses another, naming both, writing nothing', async () => {
    const before = ledger.snapshot();
    const { error } = await ledger.invoke(
      custody,
      'InstructTransfer',
      BANK,
      request({ cleanPrice: '99.875', settlementDate: '2026-09-15', cashAmount: '3000000' }),
    );
    expect(error?.message).toBe(`${ErrorCode.INVALID_ARGUMENT}: cashAmount 3000000 is not the amount the clean price gives, 3042397`);
    expect(ledger.snapshot()).toEqual(before);
    const agreed = await ledger.ok<Transfer>(
      custody,
      'InstructTransfer',
      BANK,
      request({ cleanPrice: '99.875', settlementDate: '2026-09-15', cashAmount: '3042397' }),
    );
    expect(agreed.cashAmount).toBe('3042397');
  });

  it('settles from its settlement date on, not before, for the amount priced', async () => {
    const transfer = await ledger.ok<Transfer>(
      custody,
      'InstructTransfer',
      BANK,
      request({ cleanPrice: '100', settlementDate: '2026-09-16', expiresAt: new Date((ledger.now + 72 * HOUR) * 1000).toISOString() }),
    );
    // 285 × 198/365 = 11286/73 a unit; 300 × (10000 + 11286/73) = 3000000 + 3385800/73 = 3046380.82… → 3046381.
    expect([transfer.accruedPerUnitExact, transfer.cashAmount]).toEqual(['11286/73', '3046381']);
    await ledger.ok(custody, 'AffirmTransfer', FUND, transfer.transferId);
    const before = ledger.snapshot();
    const { error } = await ledger.invoke(custody, 'ConfirmTransferCash', CSD, transfer.transferId);
    expect(error?.message).toBe(`${ErrorCode.OUTSIDE_WINDOW}: transfer ${transfer.transferId} settles from 2026-09-16`);
    expect(ledger.snapshot()).toEqual(before);
    ledger.now += 24 * HOUR;
    const settled = await ledger.ok<Transfer>(custody, 'ConfirmTransferCash', CSD, transfer.transferId);
    expect([settled.status, settled.cashAmount]).toEqual(['SETTLED', '3046381']);
  });

  it('leaves an unpriced instruction as it was: the parties’ cash amount, no price fields', async () => {
    const transfer = await ledger.ok<Transfer>(custody, 'InstructTransfer', BANK, request({ cashAmount: '1000' }));
    expect(transfer.cashAmount).toBe('1000');
    expect(Object.keys(transfer)).not.toEqual(expect.arrayContaining(['cleanPrice']));
    expect(Object.keys(transfer)).not.toEqual(expect.arrayContaining(['accruedPerUnitExact']));
  });
});
