/**
 * Bids for investor accounts and primary settlement in bounded calls on the
 * real network (issue 15): the bank bids for 1,010 client accounts in one
 * confidential bid, the securities company for its own book; the allocation
 * divides the bank's share among its accounts (one line each); the CSD's
 * StartPrimarySettlement takes three calls (500 + 500 + 11 lines), and every
 * account that was allocated units ends up holding exactly them.
 *
 * Demand 1,010 + 300 = 1,310 for 1,000 units: the bank's bid gets
 * ⌊1010·1000/1310⌋ = 770 and, with the larger remainder (1,300 against 10),
 * the one unit left: 771; the securities company 229. The 771 go one each to the bank's
 * 1,010 one-unit accounts with equal remainders, so to the first 771 by
 * account id; the other 239 lines are allocated nothing and get no
 * instruction.
 */
import type { Contract } from '@hyperledger/fabric-gateway';
import {
  type Allocation,
  type Bid,
  type Bond,
  type BondApplication,
  ErrorCode,
  type Holding,
  PRIMARY_SETTLEMENT_LINES_PER_CALL,
  type PrimarySettlementBatch,
  type SettlementInstruction,
} from '@bond-platform/chaincode/api';
import { freshNationalCode, privateInput, startPrimarySettlement, termsAround, utcDate } from './bond-steps';
import { expectRefused, json, Participants } from './participants';

const participants = new Participants();
afterAll(() => {
  participants.close();
});

const CSD = () => participants.mspId('csd');
const BANK = () => participants.mspId('bank');
const SECURITIES = () => participants.mspId('securities');
const as = (org: string, contract: string): Contract => participants.contract(org, 'operator1', contract);

const ACCOUNTS = 1010;
const accountId = (n: number) => `CLIENT-${String(n).padStart(4, '0')}`;
const clientAccounts = Array.from({ length: ACCOUNTS }, (_, i) => ({ accountId: accountId(i + 1), units: '1' }));
const ALLOCATED_ACCOUNTS = 771;

const terms = termsAround(utcDate(7, 1), 'BankMSP', {
  shortName: 'EXSEC ACCOUNTS',
  issueDate: utcDate(7),
  maturityDate: utcDate(7, 3),
  businessDayConvention: 'FOLLOWING',
});

let isin = '';
let instructions: SettlementInstruction[] = [];

beforeAll(async () => {
  await participants.ensureFoundingMembers();
});

/** Runs `work` over `items`, `limit` at a time: cash legs of different accounts touch different keys, so they commit side by side. */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

describe('bids for investor accounts, settled in bounded calls, on the network', () => {
  it("takes a bid split across the bank's client accounts, confidentially", async () => {
    const application = json<BondApplication>(await as('securities', 'Bonds').submitTransaction('ApplyForBond', JSON.stringify(terms)));
    const bond = json<Bond>(
      await as('csd', 'Bonds').submitTransaction(
        'ApproveBond',
        JSON.stringify({ applicationId: application.applicationId, nationalCode: freshNationalCode() }),
      ),
    );
    isin = bond.isin;
    const now = Date.now();
    await as('securities', 'Books').submitTransaction(
      'OpenBook',
      JSON.stringify({
        isin,
        bookType: 'FIXED_PRICE',
        opensAt: new Date(now - 60_000).toISOString(),
        closesAt: new Date(now + 600_000).toISOString(),
      }),
    );
    const bankBid = { isin, units: String(ACCOUNTS), accounts: [...clientAccounts].reverse() };
    // units must equal the accounts' sum: refused at endorsement, nothing written.
    await expectRefused(
      as('bank', 'Books').submit('PlaceBid', {
        transientData: privateInput({ bid: { ...bankBid, units: String(ACCOUNTS + 1) } }),
        endorsingOrganizations: [CSD(), BANK(), SECURITIES()],
      }),
      ErrorCode.INVALID_ARGUMENT,
    );
    await as('bank', 'Books').submit('PlaceBid', {
      transientData: privateInput({ bid: bankBid }),
      endorsingOrganizations: [CSD(), BANK(), SECURITIES()],
    });
    await as('securities', 'Books').submit('PlaceBid', {
      transientData: privateInput({ bid: { isin, units: '300', accountId: 'UW-BOOK' } }),
      endorsingOrganizations: [CSD(), SECURITIES()],
    });

    // Stored in account order, whatever order it was sent in; only the bidder, the CSD and the bookrunner read it.
    const own = json<Bid>(await as('bank', 'Books').evaluateTransaction('GetBid', isin, BANK()));
    expect(own).toMatchObject({ bidder: BANK(), units: String(ACCOUNTS), accounts: clientAccounts });
    expect(own).not.toHaveProperty('accountId');
  });

  it("allocates per bid, then divides the bank's share among its accounts: one line per account", async () => {
    await as('securities', 'Books').submitTransaction('CloseBook', isin);
    const orderBook = json<Bid[]>(await as('securities', 'Books').evaluateTransaction('GetOrderBook', isin));
    // A revealed account changed by one unit breaks the bid's hash.
    const tampered = orderBook.map((b) =>
      b.accounts ? { ...b, accounts: b.accounts.map((a, i) => (i === 0 ? { ...a, units: '2' } : a)), units: String(ACCOUNTS + 1) } : b,
    );
    await expectRefused(
      as('securities', 'Books').submit('AllocateBook', {
        arguments: [JSON.stringify({ isin })],
        transientData: privateInput({ orderBook: tampered }),
        endorsingOrganizations: [CSD(), SECURITIES()],
      }),
      ErrorCode.ORDER_BOOK_MISMATCH,
    );
    await as('securities', 'Books').submit('AllocateBook', {
      arguments: [JSON.stringify({ isin })],
      transientData: privateInput({ orderBook }),
      endorsingOrganizations: [CSD(), SECURITIES()],
    });

    const allocation = json<Allocation>(await as('bank', 'Books').evaluateTransaction('GetAllocation', isin));
    expect(allocation.lines).toHaveLength(ACCOUNTS + 1);
    const bankLines = allocation.lines.filter((l) => l.bidder === BANK());
    expect(bankLines.map((l) => l.accountId)).toEqual(clientAccounts.map((a) => a.accountId));
    expect(bankLines.reduce((sum, l) => sum + BigInt(l.units), 0n)).toBe(BigInt(ALLOCATED_ACCOUNTS));
    expect(bankLines.filter((l) => l.units === '1').map((l) => l.accountId)).toEqual(
      clientAccounts.slice(0, ALLOCATED_ACCOUNTS).map((a) => a.accountId),
    );
    expect(allocation.lines.find((l) => l.bidder === SECURITIES())).toMatchObject({ accountId: 'UW-BOOK', units: '229' });
  });

  it(`instructs at most ${PRIMARY_SETTLEMENT_LINES_PER_CALL} lines per StartPrimarySettlement: three calls for ${ACCOUNTS + 1} lines`, async () => {
    const settlement = as('csd', 'Settlement');
    const first = json<PrimarySettlementBatch>(await settlement.submitTransaction('StartPrimarySettlement', isin));
    expect(first).toMatchObject({ linesTotal: ACCOUNTS + 1, linesDone: 500, linesRemaining: ACCOUNTS + 1 - 500 });
    expect(json<Bond>(await as('bank', 'Bonds').evaluateTransaction('GetBond', isin)).status).toBe('SETTLING');
    // Issuance cannot complete while lines lack their instruction.
    await expectRefused(settlement.submitTransaction('CompleteIssuance', isin), ErrorCode.INVALID_STATE_TRANSITION);

    const rest = await startPrimarySettlement(settlement, isin);
    expect(rest.batches.map((b) => [b.linesDone, b.linesRemaining])).toEqual([
      [1000, 11],
      [ACCOUNTS + 1, 0],
    ]);
    await expectRefused(settlement.submitTransaction('StartPrimarySettlement', isin), ErrorCode.INVALID_STATE_TRANSITION);
    instructions = [...first.instructions, ...rest];
    // An instruction per line with units: the bank's 771 allocated accounts and the securities company's book.
    expect(instructions).toHaveLength(ALLOCATED_ACCOUNTS + 1);
    expect(new Set(instructions.map((i) => i.settlementId)).size).toBe(instructions.length);
  });

  it(
    'credits every allocated account with its units once the cash is confirmed, and issues the bond',
    async () => {
      await expectRefused(as('csd', 'Settlement').submitTransaction('CompleteIssuance', isin), ErrorCode.INVALID_STATE_TRANSITION);
      // 772 transactions: a few minutes on the test network.
      await inParallel(instructions, 16, (i) => as('csd', 'Settlement').submitTransaction('ConfirmCash', isin, i.settlementId));
      expect(json<Bond>(await as('csd', 'Settlement').submitTransaction('CompleteIssuance', isin)).status).toBe('ISSUED');

      const holders: Holding[] = [];
      for (let bookmark = '', more = true; more;) {
        const page = json<{ records: Holding[]; bookmark: string }>(
          await as('bank', 'Custody').evaluateTransaction('ListHoldersOfBond', isin, '100', bookmark),
        );
        holders.push(...page.records);
        bookmark = page.bookmark;
        more = bookmark !== '' && page.records.length > 0;
      }
      const held = new Map(holders.map((h) => [`${h.holder}/${h.accountId}`, h.units]));
      for (const [n, account] of clientAccounts.entries()) {
        expect([account.accountId, held.get(`${BANK()}/${account.accountId}`)]).toEqual([
          account.accountId,
          n < ALLOCATED_ACCOUNTS ? '1' : undefined,
        ]);
      }
      expect(held.get(`${SECURITIES()}/UW-BOOK`)).toBe('229');
      expect(holders).toHaveLength(ALLOCATED_ACCOUNTS + 1);
      const outstanding = json<{ outstandingUnits: string; holders: number }>(
        await as('bank', 'Custody').evaluateTransaction('GetOutstanding', isin),
      );
      expect(outstanding).toMatchObject({ outstandingUnits: '1000', holders: ALLOCATED_ACCOUNTS + 1 });
    },
    15 * 60_000,
  );
});
