/**
 * Bids for investor accounts and primary settlement in bounded calls
 * (issue 15): a member splits its bid across accounts, the allocation gives
 * one line per account, and StartPrimarySettlement instructs at most
 * PRIMARY_SETTLEMENT_LINES_PER_CALL lines per call until every line has its
 * instruction. Refusals write nothing.
 */
import {
  type Allocation,
  type Bid,
  type BidReference,
  type Bond,
  BondEvent,
  ErrorCode,
  type Holding,
  MAX_BID_ACCOUNTS,
  PRIMARY_SETTLEMENT_LINES_PER_CALL,
  type PrimarySettlementBatch,
  type SettlementInstruction,
} from '../src/api';
import { MAX_TRANSIENT_BYTES } from '../src/ledger/arguments';
import { TERMS } from './support/fixtures';
import { BANK, contracts, CSD, FUND, ISIN, json, Scenario, SEC } from './support/scenario';
import type { TestIdentity } from './support/memory-ledger';

const { bonds, books, settlement, custody } = contracts;

let scenario: Scenario;

beforeEach(async () => {
  scenario = new Scenario();
  await scenario.members();
});

const accountsOf = (n: number, units = '1', prefix = 'CLIENT-') =>
  Array.from({ length: n }, (_, i) => ({ accountId: `${prefix}${String(i + 1).padStart(5, '0')}`, units }));
const bidFor = (caller: TestIdentity, request: Record<string, unknown>, fn = 'PlaceBid') =>
  scenario.ledger.invokeWith(books, fn, caller, { transient: { bid: { isin: ISIN, ...request } } });
const start = () => scenario.ledger.invoke(settlement, 'StartPrimarySettlement', CSD, ISIN);

describe('bids for several accounts', () => {
  beforeEach(async () => {
    await scenario.approvedBond();
    await scenario.openBook();
  });

  it('stores the accounts privately, in account order, with the channel seeing only who bid', async () => {
    const placed = await bidFor(BANK, {
      units: '700',
      accounts: [
        { accountId: 'CLIENT-B', units: '250' },
        { accountId: 'CLIENT-A', units: '300' },
        { accountId: 'CLIENT-C', units: '150' },
      ],
    });
    expect(placed.error).toBeUndefined();
    expect(JSON.parse(placed.result!)).toMatchObject({ isin: ISIN, bidder: 'BankMSP', status: 'ACTIVE' });
    expect(placed.result).not.toContain('CLIENT');
    expect([...scenario.ledger.state.values()].map((v) => Buffer.from(v).toString())).not.toContainEqual(
      expect.stringContaining('CLIENT-A'),
    );
    const stored = await scenario.ok<Bid>(books, 'GetBid', BANK, ISIN, 'BankMSP');
    expect(stored).toEqual({
      isin: ISIN,
      bidder: 'BankMSP',
      units: '700',
      accounts: [
        { accountId: 'CLIENT-A', units: '300' },
        { accountId: 'CLIENT-B', units: '250' },
        { accountId: 'CLIENT-C', units: '150' },
      ],
      placedTxId: placed.txId,
    });
  });

  it('keeps a single-account bid as it was: no accounts field', async () => {
    await scenario.bid(FUND, '600');
    expect(Object.keys(await scenario.ok<Bid>(books, 'GetBid', FUND, ISIN, 'FundMSP')).sort()).toEqual([
      'accountId',
      'bidder',
      'isin',
      'placedTxId',
      'units',
    ]);
  });

  it.each([
    ['names accountId and accounts', { units: '2', accountId: 'PROP', accounts: [{ accountId: 'A', units: '2' }] }],
    ['names neither', { units: '2' }],
    ['omits units with accounts', { accounts: [{ accountId: 'A', units: '2' }] }],
    ["states units other than the accounts' sum", { units: '3', accounts: [{ accountId: 'A', units: '2' }] }],
    [
      'names an account twice',
      {
        units: '2',
        accounts: [
          { accountId: 'A', units: '1' },
          { accountId: 'A', units: '1' },
        ],
      },
    ],
    [
      'asks zero units for an account',
      {
        units: '2',
        accounts: [
          { accountId: 'A', units: '2' },
          { accountId: 'B', units: '0' },
        ],
      },
    ],
    ['names a malformed account', { units: '1', accounts: [{ accountId: 'bad account', units: '1' }] }],
    ['names a put account', { units: '1', accounts: [{ accountId: 'PUT-2027-03-02', units: '1' }] }],
    ['names no account in the list', { units: '1', accounts: [] }],
    [`names more than ${MAX_BID_ACCOUNTS} accounts`, { units: String(MAX_BID_ACCOUNTS + 1), accounts: accountsOf(MAX_BID_ACCOUNTS + 1) }],
  ])('refuses a bid that %s (INVALID_ARGUMENT, nothing written)', async (_, request) => {
    await scenario.refused(books, 'PlaceBid', BANK, ErrorCode.INVALID_ARGUMENT, { transient: { bid: { isin: ISIN, ...request } } });
  });

  it('amends a single-account bid into a split one and back, and withdraws it from every private copy', async () => {
    await scenario.bid(BANK, '700');
    await scenario.refused(books, 'AmendBid', BANK, ErrorCode.INVALID_ARGUMENT, {
      transient: { bid: { isin: ISIN, units: '650', accounts: [{ accountId: 'A', units: '600' }] } },
    });
    expect(
      (
        await bidFor(
          BANK,
          {
            units: '650',
            accounts: [
              { accountId: 'A', units: '600' },
              { accountId: 'B', units: '50' },
            ],
          },
          'AmendBid',
        )
      ).error,
    ).toBeUndefined();
    expect((await scenario.ok<Bid>(books, 'GetBid', SEC, ISIN, 'BankMSP')).accounts).toEqual([
      { accountId: 'A', units: '600' },
      { accountId: 'B', units: '50' },
    ]);
    expect((await bidFor(BANK, { units: '640', accountId: 'PROP' }, 'AmendBid')).error).toBeUndefined();
    expect(await scenario.ok<Bid>(books, 'GetBid', CSD, ISIN, 'BankMSP')).not.toHaveProperty('accounts');
    await scenario.ok<BidReference>(books, 'WithdrawBid', BANK, ISIN);
    for (const data of scenario.ledger.privateData.values()) expect(data.size).toBe(0);
  });

  it('fits a bid of the most accounts, at their longest, in the transient data limit', async () => {
    // Units have at most 30 digits, the bid's total too: 10,000 accounts of 26 digits each.
    const widest = Array.from({ length: MAX_BID_ACCOUNTS }, (_, i) => ({
      accountId: `A${String(i).padStart(31, '0')}`,
      units: '9'.repeat(26),
    }));
    const units = (10n ** 26n - 1n) * BigInt(MAX_BID_ACCOUNTS);
    const request = { isin: ISIN, units: units.toString(), accounts: widest };
    expect(Buffer.byteLength(JSON.stringify(request))).toBeLessThan(MAX_TRANSIENT_BYTES); // 860 kB
    expect((await bidFor(BANK, request)).error).toBeUndefined();
  });
});

describe('allocation to accounts', () => {
  beforeEach(async () => {
    await scenario.approvedBond();
    await scenario.openBook();
  });

  it("divides each bid's allocation among its accounts, one line per account, verified against the bids' hashes", async () => {
    const accounts = [
      { accountId: 'CLIENT-A', units: '300' },
      { accountId: 'CLIENT-B', units: '250' },
      { accountId: 'CLIENT-C', units: '150' },
    ];
    expect((await bidFor(BANK, { units: '700', accounts })).error).toBeUndefined();
    await scenario.bid(FUND, '600');
    await scenario.ok(books, 'CloseBook', SEC, ISIN);
    const orderBook = await scenario.ok<Bid[]>(books, 'GetOrderBook', SEC, ISIN);
    const allocate = (book: unknown) => ({ transient: { orderBook: book } });
    // Any change to a revealed account breaks the bid's hash.
    const tampered = orderBook.map((b) =>
      b.bidder === 'BankMSP' ? { ...b, accounts: [{ ...accounts[0]!, units: '301' }, accounts[1], { ...accounts[2]!, units: '149' }] } : b,
    );
    await scenario.refused(
      books,
      'AllocateBook',
      SEC,
      ErrorCode.ORDER_BOOK_MISMATCH,
      allocate(tampered),
      json({ isin: ISIN, overAllotmentUnits: '200' }),
    );
    const reordered = orderBook.map((b) => (b.accounts ? { ...b, accounts: [...b.accounts].reverse() } : b));
    await scenario.refused(
      books,
      'AllocateBook',
      SEC,
      ErrorCode.ORDER_BOOK_MISMATCH,
      allocate(reordered),
      json({ isin: ISIN, overAllotmentUnits: '200' }),
    );

    const allocation = await scenario.ledger.okWith<Allocation>(
      books,
      'AllocateBook',
      SEC,
      allocate(orderBook),
      json({ isin: ISIN, overAllotmentUnits: '200' }),
    );
    // The bank's bid gets 646 as before; 646 × 300/700 = 276.86, × 250/700 = 230.71, × 150/700 = 138.43: the two units left go to A and B.
    expect(allocation.lines).toEqual([
      { bidder: 'BankMSP', accountId: 'CLIENT-A', units: '277' },
      { bidder: 'BankMSP', accountId: 'CLIENT-B', units: '231' },
      { bidder: 'BankMSP', accountId: 'CLIENT-C', units: '138' },
      { bidder: 'FundMSP', accountId: 'PROP', units: '554' },
    ]);
    expect(allocation.orderBook).toEqual(orderBook);
  });

  it('gives nothing to the accounts of a tender bid above the marginal rate', async () => {
    scenario = new Scenario();
    await scenario.members();
    await scenario.approvedBond({ ...TERMS, interestRate: undefined });
    await scenario.openBook('TENDER');
    expect((await bidFor(BANK, { units: '900', rate: '2.8', accounts: accountsOf(3, '300') })).error).toBeUndefined();
    expect((await bidFor(FUND, { units: '400', rate: '2.9', accounts: accountsOf(2, '200', 'F-') })).error).toBeUndefined();
    await scenario.ok(books, 'CloseBook', SEC, ISIN);
    const orderBook = await scenario.ok<Bid[]>(books, 'GetOrderBook', CSD, ISIN);
    const allocation = await scenario.ledger.okWith<Allocation>(
      books,
      'AllocateBook',
      SEC,
      { transient: { orderBook } },
      json({ isin: ISIN }),
    );
    expect(allocation.clearingRate).toBe('2.9');
    expect(allocation.lines.map((l) => [l.accountId, l.units])).toEqual([
      ['CLIENT-00001', '300'],
      ['CLIENT-00002', '300'],
      ['CLIENT-00003', '300'],
      ['F-00001', '50'],
      ['F-00002', '50'],
    ]);
  });
});

describe('primary settlement in bounded calls', () => {
  /** A bond whose book is 1,201 one-unit accounts of the bank: 1,200 are allocated (1,000 + 200 over-allotted), one gets nothing. */
  async function allocatedToManyAccounts(): Promise<void> {
    await scenario.approvedBond();
    await scenario.openBook();
    expect((await bidFor(BANK, { units: '1201', accounts: accountsOf(1201) })).error).toBeUndefined();
    await scenario.allocate('200');
  }

  it(`instructs at most ${PRIMARY_SETTLEMENT_LINES_PER_CALL} lines per call and is called again until every line has its instruction`, async () => {
    await allocatedToManyAccounts();
    const first = await start();
    const batch = JSON.parse(first.result!) as PrimarySettlementBatch;
    expect(batch).toMatchObject({ isin: ISIN, linesTotal: 1201, linesDone: 500, linesRemaining: 701 });
    expect(batch.instructions).toHaveLength(500);
    expect(first.event).toEqual({ name: BondEvent.PRIMARY_SETTLEMENT_STARTED, payload: batch });
    // Instructions, the progress record and the bond (with its status index rows): nothing more.
    expect(first.attemptedWrites.length).toBeLessThanOrEqual(PRIMARY_SETTLEMENT_LINES_PER_CALL + 4);
    expect((await scenario.ok<Bond>(bonds, 'GetBond', CSD, ISIN)).status).toBe('SETTLING');
    await scenario.refused(settlement, 'CompleteIssuance', CSD, ErrorCode.INVALID_STATE_TRANSITION, {}, ISIN);
    expect((await scenario.ledger.invoke(settlement, 'CompleteIssuance', CSD, ISIN)).error?.message).toMatch(
      /701 allocation line\(s\) .* no settlement instruction yet/,
    );

    const second = await scenario.ok<PrimarySettlementBatch>(settlement, 'StartPrimarySettlement', CSD, ISIN);
    expect(second).toMatchObject({ linesDone: 1000, linesRemaining: 201 });
    const third = await scenario.ok<PrimarySettlementBatch>(settlement, 'StartPrimarySettlement', CSD, ISIN);
    // The last of the 1,201 lines was allocated nothing: it needs no instruction.
    expect(third).toMatchObject({ linesDone: 1201, linesRemaining: 0 });
    expect(third.instructions).toHaveLength(200);
    await scenario.refused(settlement, 'StartPrimarySettlement', CSD, ErrorCode.INVALID_STATE_TRANSITION, {}, ISIN);

    const all = [...batch.instructions, ...second.instructions, ...third.instructions];
    expect(new Set(all.map((i) => i.settlementId)).size).toBe(1200);
    expect(all.map((i) => i.receiverAccount)).toEqual(accountsOf(1200).map((a) => a.accountId));
    const listed: SettlementInstruction[] = [];
    for (let bookmark = '', more = true; more;) {
      const page = await scenario.ok<{ records: SettlementInstruction[]; bookmark: string }>(
        settlement,
        'ListSettlements',
        CSD,
        ISIN,
        '100',
        bookmark,
      );
      listed.push(...page.records);
      bookmark = page.bookmark;
      more = bookmark !== '';
    }
    expect(listed).toHaveLength(1200);

    // Pending cash legs still block completion, and the refusal names at most ten of them.
    const pendingRefusal = await scenario.ledger.invoke(settlement, 'CompleteIssuance', CSD, ISIN);
    expect(pendingRefusal.error?.message).toMatch(/still pending for .* and 1190 more$/);
    for (const instruction of all) await scenario.ok(settlement, 'ConfirmCash', CSD, ISIN, instruction.settlementId);
    expect((await scenario.ok<Bond>(settlement, 'CompleteIssuance', CSD, ISIN)).status).toBe('ISSUED');
    expect(await scenario.outstanding()).toBe(1200n);
    expect(await scenario.ok<Holding>(custody, 'GetHolding', BANK, ISIN, 'BankMSP', 'CLIENT-00777')).toMatchObject({ units: '1' });
    await scenario.refused(custody, 'GetHolding', BANK, ErrorCode.NOT_FOUND, {}, ISIN, 'BankMSP', 'CLIENT-01201');
  });

  it('refuses to start settlement by anyone but the CSD, or before allocation, writing nothing', async () => {
    await scenario.approvedBond();
    await scenario.refused(settlement, 'StartPrimarySettlement', CSD, ErrorCode.INVALID_STATE_TRANSITION, {}, ISIN);
    await scenario.openBook();
    await scenario.bid(BANK, '700');
    await scenario.allocate();
    await scenario.refused(settlement, 'StartPrimarySettlement', SEC, ErrorCode.ROLE_REQUIRED, {}, ISIN);
  });

  it('completes issuance after the first record date with the lines it instructed in time: the rest are never issued', async () => {
    await allocatedToManyAccounts();
    const first = await scenario.ok<PrimarySettlementBatch>(settlement, 'StartPrimarySettlement', CSD, ISIN);
    for (const instruction of first.instructions.slice(0, 10))
      await scenario.ok(settlement, 'ConfirmCash', CSD, ISIN, instruction.settlementId);
    for (const instruction of first.instructions.slice(10))
      await scenario.ok(settlement, 'FailCash', CSD, ISIN, instruction.settlementId, 'no cash');
    scenario.ledger.now = Scenario.at('2027-03-02'); // after the first record date (1 March 2027)
    await scenario.refused(settlement, 'StartPrimarySettlement', CSD, ErrorCode.OUTSIDE_WINDOW, {}, ISIN);
    expect((await scenario.ok<Bond>(settlement, 'CompleteIssuance', CSD, ISIN)).status).toBe('ISSUED');
    expect(await scenario.outstanding()).toBe(10n);
  });
});
