/**
 * The guard refuses a write whose transaction timestamp (chosen by the
 * client) is more than the tolerance from the endorsing peer's clock, and
 * writes nothing; queries are not checked. The memory ledger's peer clock is
 * the transaction time unless a test sets `peerClockMillis`.
 */
import { TX_TIMESTAMP_TOLERANCE_MS } from '@bond-platform/chaincode-common';
import { ErrorCode, type Member } from '../src/api';
import { BANK, contracts, CSD, CSD_ADMIN, HOUR, ISIN, json, Scenario } from './support/scenario';

const { membership, books } = contracts;
const contact = json({ contactName: 'Settlement desk', email: 'desk@bank.example' });

describe('transaction timestamp tolerance', () => {
  let s: Scenario;
  /** The transaction time, ms since the epoch. */
  const txMillis = () => s.ledger.now * 1000;

  beforeEach(async () => {
    s = new Scenario();
    await s.members();
  });

  it('refuses a write 121 s in the past, writing nothing', async () => {
    await s.refused(
      membership,
      'UpdateContact',
      BANK,
      ErrorCode.TIMESTAMP_OUT_OF_RANGE,
      { peerClockMillis: txMillis() + 121_000 },
      contact,
    );
  });

  it('refuses a write 121 s in the future, writing nothing', async () => {
    await s.refused(
      membership,
      'UpdateContact',
      BANK,
      ErrorCode.TIMESTAMP_OUT_OF_RANGE,
      { peerClockMillis: txMillis() - 121_000 },
      contact,
    );
  });

  it('accepts a write within the tolerance either way', async () => {
    for (const skew of [0, 119_000, -119_000, TX_TIMESTAMP_TOLERANCE_MS, -TX_TIMESTAMP_TOLERANCE_MS]) {
      const invocation = await s.ledger.invokeWith(membership, 'UpdateContact', BANK, { peerClockMillis: txMillis() + skew }, contact);
      expect(invocation.error).toBeUndefined();
    }
  });

  it('checks every kind of write: the CSD admin, a bootstrap, an operator', async () => {
    const farFuture = { peerClockMillis: txMillis() - 24 * HOUR * 1000 };
    await s.refused(
      membership,
      'AdmitMember',
      CSD_ADMIN,
      ErrorCode.TIMESTAMP_OUT_OF_RANGE,
      farFuture,
      json({ mspId: 'OtherMSP', legalName: 'Other', lei: '969500KSV493XWY0PS33', roles: ['INVESTOR'] }),
    );
    await s.refused(
      membership,
      'Initialize',
      CSD_ADMIN,
      ErrorCode.TIMESTAMP_OUT_OF_RANGE,
      farFuture,
      json({ csdMspId: 'CSDMSP', legalName: 'CSD', lei: '5493001KJTIIGC8Y1R12' }),
    );
    await s.refused(contracts.bonds, 'SetCalendarYear', CSD, ErrorCode.TIMESTAMP_OUT_OF_RANGE, farFuture, json({}));
  });

  it("refuses a bid backdated into a book window that has passed on the peer's clock", async () => {
    await s.approvedBond();
    await s.openBook();
    const bid = (units: string) => ({ transient: { bid: { isin: ISIN, units, accountId: 'PROP' } } });
    // The client sets a transaction time inside the window; the peer's clock says the book closed an hour ago.
    const afterClose = (s.ledger.now + 2 * HOUR) * 1000;
    await s.refused(books, 'PlaceBid', BANK, ErrorCode.TIMESTAMP_OUT_OF_RANGE, { ...bid('10'), peerClockMillis: afterClose });
    // The same bid with an honest timestamp is in the window: only the tolerance refused the one above.
    const honest = await s.ledger.invokeWith(books, 'PlaceBid', BANK, bid('10'));
    expect(honest.error).toBeUndefined();
  });

  it('does not check a query', async () => {
    for (const skew of [-121_000, 121_000, 365 * 24 * HOUR * 1000]) {
      const invocation = await s.ledger.invokeWith(membership, 'GetMember', BANK, { peerClockMillis: txMillis() + skew }, 'BankMSP');
      expect(invocation.error).toBeUndefined();
      expect((JSON.parse(invocation.result ?? 'null') as Member).mspId).toBe('BankMSP');
    }
  });
});
