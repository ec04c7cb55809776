/**
 * Issuance and custody contracts through their access guard on the
 * in-memory world state: every step's rule and refusal, private bids, the
 * verified reveal, settlement and transfers, and the custody invariants
 * under random operation sequences (fast-check).
 */
import fc from 'fast-check';
import {
  type Allocation,
  type Bid,
  type Bond,
  type BondApplication,
  ErrorCode,
  type Holding,
  type PrimarySettlementBatch,
  type Transfer,
} from '../src/api';
import type { GuardedContract } from '../src/ledger/guarded-contract';
import { TERMS } from './support/fixtures';
import type { InvokeOptions, MemoryLedger, TestIdentity } from './support/memory-ledger';
import { BANK, BANK_VIEWER, contracts, CSD, FUND, HOUR, ISIN, json, Scenario, SEC } from './support/scenario';

const { bonds, books, settlement, custody } = contracts;

let scenario: Scenario;
let ledger: MemoryLedger;

const refused = (contract: GuardedContract, fn: string, caller: TestIdentity, code: string, options: InvokeOptions, ...args: string[]) =>
  scenario.refused(contract, fn, caller, code, options, ...args);
const members = () => scenario.members();
const approvedBond = (terms: Record<string, unknown> = TERMS) => scenario.approvedBond(terms);
const openBook = (bookType = 'FIXED_PRICE') => scenario.openBook(bookType);
const bid = (caller: TestIdentity, units: string, accountId = 'PROP', rate?: string) => scenario.bid(caller, units, accountId, rate);
const issuedBond = () => scenario.issuedBond();
const outstanding = () => scenario.outstanding();

/** Those of the transfers that are neither settled, cancelled nor expired. */
async function unsettledOf(transferIds: string[]): Promise<string[]> {
  const unsettled: string[] = [];
  for (const id of transferIds) {
    const { status } = await ledger.ok<Transfer>(custody, 'GetTransfer', CSD, id);
    if (status === 'INSTRUCTED' || status === 'AFFIRMED') unsettled.push(id);
  }
  return unsettled;
}

beforeEach(async () => {
  scenario = new Scenario();
  ledger = scenario.ledger;
  await members();
});

describe('registration', () => {
  it('lets an issuer apply and the CSD approve, assigning the ISIN from the national code and deriving the CFI', async () => {
    const bond = await approvedBond();
    expect(bond).toMatchObject({ isin: ISIN, cfi: 'DBFUFR', issuer: 'SecuritiesMSP', status: 'APPROVED' });
    const byStatus = await ledger.ok<{ records: Bond[] }>(bonds, 'ListBondsByStatus', BANK, 'APPROVED', '10', '');
    expect(byStatus.records.map((b) => b.isin)).toEqual([ISIN]);
  });

  it('records the governing law and the ratings with the application and the bond, ratings in agency order', async () => {
    const terms = {
      ...TERMS,
      governingLaw: 'PRC_LAW',
      ratings: [
        { agency: 'CCXI', rating: 'AAA', outlook: 'STABLE' },
        { agency: 'FITCH', rating: 'A+' },
      ],
    };
    const application = await ledger.ok<BondApplication>(bonds, 'ApplyForBond', SEC, json(terms));
    expect(application.terms.governingLaw).toBe('PRC_LAW');
    expect(application.terms.ratings).toEqual([
      { agency: 'FITCH', rating: 'A+' },
      { agency: 'CCXI', rating: 'AAA', outlook: 'STABLE' },
    ]);
    expect((await approvedBond(terms)).terms).toMatchObject({ governingLaw: 'PRC_LAW', ratings: application.terms.ratings });
    await refused(bonds, 'ApplyForBond', SEC, ErrorCode.INVALID_ARGUMENT, {}, json({ ...TERMS, governingLaw: 'PRC' }));
  });

  it('refuses applications from non-issuers, from identities without the operator attribute, and with a paying agent lacking the role', async () => {
    await refused(bonds, 'ApplyForBond', BANK, ErrorCode.ROLE_REQUIRED, {}, json(TERMS));
    await refused(bonds, 'ApplyForBond', { mspId: 'SecuritiesMSP' }, ErrorCode.ATTRIBUTE_REQUIRED, {}, json(TERMS));
    await refused(bonds, 'ApplyForBond', SEC, ErrorCode.INVALID_ARGUMENT, {}, json({ ...TERMS, payingAgent: 'FundMSP' }));
  });

  it('refuses approval by anyone but the CSD, a second decision, and a duplicate ISIN', async () => {
    const application = await ledger.ok<BondApplication>(bonds, 'ApplyForBond', SEC, json(TERMS));
    const approve = json({ applicationId: application.applicationId, nationalCode: 'TEST00001' });
    await refused(bonds, 'ApproveBond', SEC, ErrorCode.ROLE_REQUIRED, {}, approve);
    await ledger.ok(bonds, 'ApproveBond', CSD, approve);
    await refused(bonds, 'ApproveBond', CSD, ErrorCode.INVALID_STATE_TRANSITION, {}, approve);
    const second = await ledger.ok<BondApplication>(bonds, 'ApplyForBond', SEC, json(TERMS));
    await refused(
      bonds,
      'ApproveBond',
      CSD,
      ErrorCode.ALREADY_EXISTS,
      {},
      json({ applicationId: second.applicationId, nationalCode: 'TEST00001' }),
    );
    const rejected = await ledger.ok<BondApplication>(
      bonds,
      'RejectBond',
      CSD,
      json({ applicationId: second.applicationId, reason: 'duplicate' }),
    );
    expect(rejected).toMatchObject({ status: 'REJECTED', rejectionReason: 'duplicate' });
  });

  it('keeps the CSD review queue: applications listed by status, each moving from PENDING_APPROVAL once decided', async () => {
    const ids = async (status: string, pageSize = '10', bookmark = '') =>
      (await ledger.ok<{ records: BondApplication[] }>(bonds, 'ListApplications', CSD, status, pageSize, bookmark)).records.map(
        (a) => a.applicationId,
      );
    const filed: string[] = [];
    for (let i = 0; i < 3; i++) filed.push((await ledger.ok<BondApplication>(bonds, 'ApplyForBond', SEC, json(TERMS))).applicationId);
    expect((await ids('PENDING_APPROVAL')).sort()).toEqual([...filed].sort());
    const [approved, rejected, pending] = filed as [string, string, string];
    await ledger.ok(bonds, 'ApproveBond', CSD, json({ applicationId: approved, nationalCode: 'TEST00001' }));
    await ledger.ok(bonds, 'RejectBond', CSD, json({ applicationId: rejected, reason: 'incomplete prospectus' }));
    expect([await ids('PENDING_APPROVAL'), await ids('APPROVED'), await ids('REJECTED')]).toEqual([[pending], [approved], [rejected]]);
    // Any member may read the queue, like the applications themselves; a status outside the three is refused.
    expect(await ledger.ok<{ records: BondApplication[] }>(bonds, 'ListApplications', BANK, 'APPROVED', '10', '')).toMatchObject({
      records: [{ applicationId: approved, status: 'APPROVED' }],
    });
    await refused(bonds, 'ListApplications', CSD, ErrorCode.INVALID_ARGUMENT, {}, 'FILED', '10', '');
  });

  it('keeps calendars as CSD reference data', async () => {
    const year = json({ calendarId: 'CN-IB', year: 2024, holidays: ['2024-02-12'], workingWeekends: ['2024-02-18'] });
    await refused(bonds, 'SetCalendarYear', BANK, ErrorCode.ROLE_REQUIRED, {}, year);
    await ledger.ok(bonds, 'SetCalendarYear', CSD, year);
    await refused(
      bonds,
      'SetCalendarYear',
      CSD,
      ErrorCode.INVALID_ARGUMENT,
      {},
      json({ calendarId: 'CN-IB', year: 2024, holidays: ['2025-01-01'], workingWeekends: [] }),
    );
  });
});

describe('bookbuilding', () => {
  beforeEach(async () => {
    await approvedBond();
  });

  it('lets only the issuer or lead underwriter open the book, once', async () => {
    const at = (s: number) => new Date((ledger.now + s) * 1000).toISOString();
    const request = json({ isin: ISIN, bookType: 'FIXED_PRICE', opensAt: at(0), closesAt: at(HOUR) });
    await refused(books, 'OpenBook', FUND, ErrorCode.ROLE_REQUIRED, {}, request);
    await refused(
      books,
      'OpenBook',
      SEC,
      ErrorCode.INVALID_ARGUMENT,
      {},
      json({ isin: ISIN, bookType: 'TENDER', opensAt: at(0), closesAt: at(HOUR) }),
    );
    await ledger.ok(books, 'OpenBook', SEC, request);
    await refused(books, 'OpenBook', SEC, ErrorCode.INVALID_STATE_TRANSITION, {}, request);
  });

  it('lets the CSD close a book only once its window has passed', async () => {
    await openBook();
    await refused(books, 'CloseBook', CSD, ErrorCode.NOT_A_PARTY, {}, ISIN);
    ledger.now += 2 * HOUR;
    expect((await ledger.ok<{ status: string }>(books, 'CloseBook', CSD, ISIN)).status).toBe('CLOSED');
  });

  it('stores a bid privately for the bidder, the CSD and the bookrunner; the channel gets a reference without the amount', async () => {
    await openBook();
    const placed = await bid(BANK, '700');
    expect(placed.error).toBeUndefined();
    expect(placed.result).not.toContain('700');
    expect([...ledger.privateData.keys()].sort()).toEqual(['_implicit_org_BankMSP', '_implicit_org_CSDMSP', '_implicit_org_SecuritiesMSP']);
    expect([...ledger.state.values()].map((v) => Buffer.from(v).toString())).not.toContainEqual(expect.stringContaining('"units":"700"'));

    expect(await ledger.ok<Bid>(books, 'GetBid', BANK, ISIN, 'BankMSP')).toMatchObject({ units: '700', accountId: 'PROP' });
    await bid(FUND, '100');
    await refused(books, 'GetBid', FUND, ErrorCode.ACCESS_DENIED, {}, ISIN, 'BankMSP');
    await refused(books, 'GetOrderBook', FUND, ErrorCode.ACCESS_DENIED, {}, ISIN);
    await refused(books, 'GetBid', BANK, ErrorCode.ACCESS_DENIED, { peerMspId: 'CSDMSP' }, ISIN, 'BankMSP');
    expect((await ledger.ok<Bid[]>(books, 'GetOrderBook', SEC, ISIN)).map((b) => b.bidder)).toEqual(['BankMSP', 'FundMSP']);
  });

  it('refuses bids without transient input, twice, outside the window, or with a rate in a fixed-price book', async () => {
    await openBook();
    await refused(books, 'PlaceBid', BANK, ErrorCode.INVALID_ARGUMENT, {});
    await bid(BANK, '700');
    await refused(books, 'PlaceBid', BANK, ErrorCode.ALREADY_EXISTS, { transient: { bid: { isin: ISIN, units: '1', accountId: 'PROP' } } });
    await refused(books, 'PlaceBid', FUND, ErrorCode.INVALID_ARGUMENT, {
      transient: { bid: { isin: ISIN, units: '1', accountId: 'PROP', rate: '3' } },
    });
    await refused(books, 'PlaceBid', { mspId: 'SecuritiesMSP' }, ErrorCode.ATTRIBUTE_REQUIRED, {
      transient: { bid: { isin: ISIN, units: '1', accountId: 'PROP' } },
    });
    ledger.now += 2 * HOUR;
    await refused(books, 'PlaceBid', FUND, ErrorCode.OUTSIDE_WINDOW, { transient: { bid: { isin: ISIN, units: '1', accountId: 'PROP' } } });
  });

  it('amends and withdraws a bid, removing it from every private copy', async () => {
    await openBook();
    await bid(BANK, '700');
    await ledger.okWith(books, 'AmendBid', BANK, { transient: { bid: { isin: ISIN, units: '650', accountId: 'PROP' } } });
    expect((await ledger.ok<Bid>(books, 'GetBid', SEC, ISIN, 'BankMSP')).units).toBe('650');
    await ledger.ok(books, 'WithdrawBid', BANK, ISIN);
    for (const data of ledger.privateData.values()) expect(data.size).toBe(0);
    await refused(books, 'WithdrawBid', BANK, ErrorCode.NOT_FOUND, {}, ISIN);
  });

  it('allocates only a closed book, only against the exact revealed bids', async () => {
    await openBook();
    await bid(BANK, '700');
    await bid(FUND, '600', 'CLIENT-1');
    const orderBook = await ledger.ok<Bid[]>(books, 'GetOrderBook', SEC, ISIN);
    const allocate = (book: unknown, request: object = { isin: ISIN }) => ({
      options: { transient: { orderBook: book } },
      args: json(request),
    });
    let a = allocate(orderBook);
    await refused(books, 'AllocateBook', SEC, ErrorCode.INVALID_STATE_TRANSITION, a.options, a.args);
    await refused(books, 'CloseBook', BANK, ErrorCode.ROLE_REQUIRED, {}, ISIN);
    await ledger.ok(books, 'CloseBook', SEC, ISIN);

    a = allocate(orderBook.map((b) => (b.bidder === 'FundMSP' ? { ...b, units: '60' } : b)));
    await refused(books, 'AllocateBook', SEC, ErrorCode.ORDER_BOOK_MISMATCH, a.options, a.args);
    a = allocate(orderBook.slice(1));
    await refused(books, 'AllocateBook', SEC, ErrorCode.ORDER_BOOK_MISMATCH, a.options, a.args);
    a = allocate(orderBook, { isin: ISIN, overAllotmentUnits: '201' });
    await refused(books, 'AllocateBook', SEC, ErrorCode.INVALID_ARGUMENT, a.options, a.args);

    a = allocate(orderBook, { isin: ISIN, overAllotmentUnits: '200' });
    const allocation = await ledger.okWith<Allocation>(books, 'AllocateBook', SEC, a.options, a.args);
    expect(allocation.lines.map((l) => [l.bidder, l.units])).toEqual([
      ['BankMSP', '646'],
      ['FundMSP', '554'],
    ]);
    expect((await ledger.ok<Bond>(bonds, 'GetBond', BANK, ISIN)).status).toBe('ALLOCATED');
  });

  it('clears a tender at the marginal rate and fixes the coupon there', async () => {
    scenario = new Scenario();
    ledger = scenario.ledger;
    await members();
    await approvedBond({ ...TERMS, interestRate: undefined });
    await openBook('TENDER');
    await bid(BANK, '800', 'PROP', '2.8');
    await bid(FUND, '600', 'PROP', '2.9');
    await refused(books, 'PlaceBid', SEC, ErrorCode.INVALID_ARGUMENT, {
      transient: { bid: { isin: ISIN, units: '1', accountId: 'PROP' } },
    });
    await ledger.ok(books, 'CloseBook', SEC, ISIN);
    const orderBook = await ledger.ok<Bid[]>(books, 'GetOrderBook', CSD, ISIN);
    const allocation = await ledger.okWith<Allocation>(books, 'AllocateBook', SEC, { transient: { orderBook } }, json({ isin: ISIN }));
    expect(allocation.clearingRate).toBe('2.9');
    expect(allocation.lines.map((l) => l.units)).toEqual(['800', '200']);
    expect((await ledger.ok<Bond>(bonds, 'GetBond', BANK, ISIN)).terms.interestRate).toBe('2.9');
  });
});

describe('settlement and custody', () => {
  it('settles DvP per allocation: cash at the issue price, holdings with a holder-and-CSD endorsement policy', async () => {
    await approvedBond();
    await openBook();
    await bid(BANK, '700');
    await bid(FUND, '600');
    await ledger.ok(books, 'CloseBook', SEC, ISIN);
    const orderBook = await ledger.ok<Bid[]>(books, 'GetOrderBook', SEC, ISIN);
    await ledger.okWith(books, 'AllocateBook', SEC, { transient: { orderBook } }, json({ isin: ISIN }));
    await refused(settlement, 'StartPrimarySettlement', SEC, ErrorCode.ROLE_REQUIRED, {}, ISIN);
    const [bankLeg, fundLeg] = (await ledger.ok<PrimarySettlementBatch>(settlement, 'StartPrimarySettlement', CSD, ISIN)).instructions;
    expect(bankLeg).toMatchObject({ receiver: 'BankMSP', units: '538', cashAmount: '5380000', status: 'PENDING_CASH' });

    await ledger.ok(settlement, 'ConfirmCash', CSD, ISIN, bankLeg!.settlementId);
    await refused(settlement, 'ConfirmCash', CSD, ErrorCode.INVALID_STATE_TRANSITION, {}, ISIN, bankLeg!.settlementId);
    await refused(settlement, 'CompleteIssuance', CSD, ErrorCode.INVALID_STATE_TRANSITION, {}, ISIN);
    await ledger.ok(settlement, 'FailCash', CSD, ISIN, fundLeg!.settlementId, 'no cash');
    await ledger.ok(settlement, 'CompleteIssuance', CSD, ISIN);
    expect(await outstanding()).toBe(538n);
    await refused(custody, 'GetHolding', BANK, ErrorCode.NOT_FOUND, {}, ISIN, 'FundMSP', 'PROP');
    const policies = [...ledger.validationParameters.keys()];
    expect(policies).toHaveLength(1);
    expect(policies[0]).toContain('BankMSP');
  });

  it('transfers DvP only once affirmed by the buyer and confirmed by the CSD', async () => {
    await issuedBond();
    const expiresAt = new Date((ledger.now + HOUR) * 1000).toISOString();
    const request = { isin: ISIN, fromAccount: 'PROP', to: 'FundMSP', toAccount: 'PROP', units: '100', cashAmount: '1000000', expiresAt };
    await refused(custody, 'InstructTransfer', BANK, ErrorCode.INSUFFICIENT_HOLDING, {}, json({ ...request, units: '647' }));
    await refused(custody, 'InstructTransfer', BANK_VIEWER, ErrorCode.ATTRIBUTE_REQUIRED, {}, json(request));
    const transfer = await ledger.ok<Transfer>(custody, 'InstructTransfer', BANK, json(request));
    await refused(custody, 'ConfirmTransferCash', CSD, ErrorCode.INVALID_STATE_TRANSITION, {}, transfer.transferId);
    await refused(custody, 'AffirmTransfer', SEC, ErrorCode.NOT_A_PARTY, {}, transfer.transferId);
    await ledger.ok(custody, 'AffirmTransfer', FUND, transfer.transferId);
    await ledger.ok(custody, 'ConfirmTransferCash', CSD, transfer.transferId);
    const fund = await ledger.ok<Holding>(custody, 'GetHolding', FUND, ISIN, 'FundMSP', 'PROP');
    expect(fund.units).toBe('654');
    await refused(custody, 'CancelTransfer', BANK, ErrorCode.INVALID_STATE_TRANSITION, {}, transfer.transferId);
    expect(await outstanding()).toBe(1200n);
  });

  it('never moves frozen units, and lets the buyer cancel an expired instruction', async () => {
    await issuedBond();
    const freeze = { isin: ISIN, holder: 'BankMSP', accountId: 'PROP', units: '600', reason: 'pledge' };
    await refused(custody, 'FreezeHolding', BANK, ErrorCode.ROLE_REQUIRED, {}, json(freeze));
    await refused(custody, 'FreezeHolding', CSD, ErrorCode.INSUFFICIENT_HOLDING, {}, json({ ...freeze, units: '647' }));
    await ledger.ok(custody, 'FreezeHolding', CSD, json(freeze));
    const expiresAt = new Date((ledger.now + 60) * 1000).toISOString();
    const fop = { isin: ISIN, fromAccount: 'PROP', to: 'FundMSP', toAccount: 'PROP', units: '46', cashAmount: '0', expiresAt };
    await refused(custody, 'InstructTransfer', BANK, ErrorCode.HOLDING_FROZEN, {}, json({ ...fop, units: '47' }));
    const transfer = await ledger.ok<Transfer>(custody, 'InstructTransfer', BANK, json(fop));
    ledger.now += 120;
    await refused(custody, 'AffirmTransfer', FUND, ErrorCode.OUTSIDE_WINDOW, {}, transfer.transferId);
    await refused(custody, 'CancelTransfer', SEC, ErrorCode.NOT_A_PARTY, {}, transfer.transferId);
    expect((await ledger.ok<Transfer>(custody, 'CancelTransfer', FUND, transfer.transferId)).status).toBe('CANCELLED');
  });

  it('expires unsettled instructions once past their expiry: found through the index, marked by the CSD only', async () => {
    await issuedBond();
    const at = (seconds: number) => new Date((ledger.now + seconds) * 1000).toISOString();
    const fop = { isin: ISIN, fromAccount: 'PROP', to: 'FundMSP', toAccount: 'PROP', units: '10', cashAmount: '0' };
    const late = await ledger.ok<Transfer>(custody, 'InstructTransfer', BANK, json({ ...fop, expiresAt: at(7200) }));
    const early = await ledger.ok<Transfer>(custody, 'InstructTransfer', BANK, json({ ...fop, expiresAt: at(60) }));
    const affirmedDvp = await ledger.ok<Transfer>(custody, 'InstructTransfer', BANK, json({ ...fop, cashAmount: '5', expiresAt: at(120) }));
    await ledger.ok(custody, 'AffirmTransfer', FUND, affirmedDvp.transferId);
    const settled = await ledger.ok<Transfer>(custody, 'InstructTransfer', BANK, json({ ...fop, expiresAt: at(30) }));
    await ledger.ok(custody, 'AffirmTransfer', FUND, settled.transferId);

    await refused(custody, 'ExpireTransfer', CSD, ErrorCode.OUTSIDE_WINDOW, {}, early.transferId);
    expect(await ledger.ok<Transfer[]>(custody, 'ListExpiredTransfers', CSD, at(0))).toEqual([]);
    ledger.now += 600;
    const due = await ledger.ok<Transfer[]>(custody, 'ListExpiredTransfers', CSD, at(0));
    expect(due.map((t) => t.transferId)).toEqual([early.transferId, affirmedDvp.transferId]);
    await refused(custody, 'ListExpiredTransfers', BANK, ErrorCode.ROLE_REQUIRED, {}, at(0));
    await refused(custody, 'ListExpiredTransfers', CSD, ErrorCode.INVALID_ARGUMENT, {}, 'yesterday');
    await refused(custody, 'ExpireTransfer', BANK, ErrorCode.ROLE_REQUIRED, {}, early.transferId);
    await refused(custody, 'ExpireTransfer', CSD, ErrorCode.INVALID_STATE_TRANSITION, {}, settled.transferId);

    for (const { transferId } of due)
      expect((await ledger.ok<Transfer>(custody, 'ExpireTransfer', CSD, transferId)).status).toBe('EXPIRED');
    await refused(custody, 'ExpireTransfer', CSD, ErrorCode.INVALID_STATE_TRANSITION, {}, early.transferId);
    await refused(custody, 'CancelTransfer', BANK, ErrorCode.INVALID_STATE_TRANSITION, {}, early.transferId);
    expect(await ledger.ok<Transfer[]>(custody, 'ListExpiredTransfers', CSD, at(0))).toEqual([]);
    expect((await ledger.ok<Transfer[]>(custody, 'ListExpiredTransfers', CSD, at(7200))).map((t) => t.transferId)).toEqual([
      late.transferId,
    ]);
  });

  it('keeps outstanding = Σ holdings, holdings whole and non-negative, frozen ≤ held, under random operations (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            op: fc.constantFrom('fop', 'dvp', 'freeze', 'unfreeze', 'cancel'),
            from: fc.constantFrom(BANK, FUND),
            units: fc.integer({ min: 1, max: 700 }),
          }),
          { maxLength: 8 },
        ),
        async (ops) => {
          scenario = new Scenario();
          ledger = scenario.ledger;
          await members();
          await issuedBond();
          const instructedIds: string[] = [];
          for (const { op, from, units } of ops) {
            const to = from === BANK ? FUND : BANK;
            const expiresAt = new Date((ledger.now + HOUR) * 1000).toISOString();
            const request = { isin: ISIN, fromAccount: 'PROP', to: to.mspId, toAccount: 'PROP', units: String(units), expiresAt };
            if (op === 'freeze' || op === 'unfreeze') {
              await ledger.invoke(
                custody,
                op === 'freeze' ? 'FreezeHolding' : 'UnfreezeHolding',
                CSD,
                json({ isin: ISIN, holder: from.mspId, accountId: 'PROP', units: String(units), reason: 'r' }),
              );
              continue;
            }
            const instructed = await ledger.invoke(
              custody,
              'InstructTransfer',
              from,
              json({ ...request, cashAmount: op === 'dvp' ? '5' : '0' }),
            );
            if (instructed.error) continue;
            const { transferId } = JSON.parse(instructed.result!) as Transfer;
            instructedIds.push(transferId);
            if (op === 'cancel') await ledger.invoke(custody, 'CancelTransfer', from, transferId);
            else await ledger.invoke(custody, 'AffirmTransfer', to, transferId);
            if (op === 'dvp') await ledger.invoke(custody, 'ConfirmTransferCash', CSD, transferId);
          }
          expect(await outstanding()).toBe(1200n);
          for (const holder of ['BankMSP', 'FundMSP']) {
            const holding = await ledger.ok<Holding & { frozenUnits: string }>(custody, 'GetHolding', CSD, ISIN, holder, 'PROP');
            expect(BigInt(holding.units) >= 0n).toBe(true);
            expect(BigInt(holding.frozenUnits) <= BigInt(holding.units)).toBe(true);
          }
          // The index of open instructions lists exactly those still unsettled.
          const listed = await ledger.ok<Transfer[]>(
            custody,
            'ListExpiredTransfers',
            CSD,
            new Date((ledger.now + 2 * HOUR) * 1000).toISOString(),
          );
          expect(listed.map((t) => t.transferId).sort()).toEqual((await unsettledOf(instructedIds)).sort());
        },
      ),
      { numRuns: 25 },
    );
  });
});
