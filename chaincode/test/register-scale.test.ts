/**
 * What grows with the number of holders, at 10,000 (issue 15), on the
 * in-memory ledger: every transaction that grows with the accounts of a
 * book or the holdings of a bond stays within a bound per call, and what a
 * call reads and writes is counted (a shim round trip each on Fabric: a key
 * read or written, a key's history, a batch of range rows). Fabric limits a
 * transaction to AbsoluteMaxBytes (10 MB here), a client's gRPC answer to
 * 4 MiB by default and a chaincode call to 30 s (chaincode.executetimeout).
 */
import {
  type Allocation,
  type Bid,
  ENTITLEMENTS_FIXED_PER_CALL,
  type Holding,
  MAX_BID_ACCOUNTS,
  type PaymentEvent,
  PRIMARY_SETTLEMENT_LINES_PER_CALL,
  type PrimarySettlementBatch,
  type SettlementInstruction,
} from '../src/api';
import { MAX_TRANSIENT_BYTES } from '../src/ledger/arguments';
import { TERMS } from './support/fixtures';
import type { Invocation } from './support/memory-ledger';
import { BANK, contracts, CSD, ISIN, json, Scenario, SEC } from './support/scenario';

const { books, settlement, servicing, custody } = contracts;
const N = MAX_BID_ACCOUNTS;
const MiB = 1024 * 1024;
const accountId = (n: number) => `CLIENT-${String(n).padStart(5, '0')}`;
/** What a transaction carries: its writes, its event and its answer (the proposal response a client receives holds all three). */
const carried = (i: Invocation) =>
  i.writtenBytes + Buffer.byteLength(JSON.stringify(i.event?.payload ?? null)) + Buffer.byteLength(i.result ?? '');

let scenario: Scenario;
const instructions: SettlementInstruction[] = [];

beforeAll(async () => {
  scenario = new Scenario();
  await scenario.members();
  await scenario.approvedBond({ ...TERMS, issueSize: String(N * 10), overAllotmentLimit: '0' });
  await scenario.openBook();
}, 60_000);

describe(`a book of ${N} accounts and a register of ${N} holdings`, () => {
  it('takes the bid of the most accounts as one private input, well under its limit', async () => {
    const request = {
      isin: ISIN,
      units: String(N * 10),
      accounts: Array.from({ length: N }, (_, i) => ({ accountId: accountId(i + 1), units: '10' })),
    };
    expect(Buffer.byteLength(JSON.stringify(request))).toBeLessThan(MAX_TRANSIENT_BYTES / 2); // 420 kB
    expect((await scenario.ledger.invokeWith(books, 'PlaceBid', BANK, { transient: { bid: request } })).error).toBeUndefined();
  });

  it('allocates it in one transaction of about 2 MB: the record and the answer, with a summary as the event', async () => {
    await scenario.ok(books, 'CloseBook', SEC, ISIN);
    const orderBook = await scenario.ok<Bid[]>(books, 'GetOrderBook', SEC, ISIN);
    const allocation = await scenario.ledger.invokeWith(books, 'AllocateBook', SEC, { transient: { orderBook } }, json({ isin: ISIN }));
    expect((JSON.parse(allocation.result!) as Allocation).lines).toHaveLength(N);
    expect(allocation.event?.payload).toMatchObject({ isin: ISIN, bids: 1, lines: N, allocatedUnits: String(N * 10) });
    expect(Buffer.byteLength(JSON.stringify(allocation.event?.payload))).toBeLessThan(1024);
    expect(carried(allocation)).toBeLessThan(2.5 * MiB); // 1.03 MB record + 1.03 MB answer
  });

  it(`starts primary settlement in ${N / PRIMARY_SETTLEMENT_LINES_PER_CALL} calls of at most ${PRIMARY_SETTLEMENT_LINES_PER_CALL} instructions`, async () => {
    let calls = 0;
    for (let batch: PrimarySettlementBatch | undefined; batch === undefined || batch.linesRemaining > 0; calls++) {
      const call = await scenario.ledger.invoke(settlement, 'StartPrimarySettlement', CSD, ISIN);
      batch = JSON.parse(call.result!) as PrimarySettlementBatch;
      instructions.push(...batch.instructions);
      expect(call.attemptedWrites.length).toBeLessThanOrEqual(PRIMARY_SETTLEMENT_LINES_PER_CALL + 4);
      expect(carried(call)).toBeLessThan(1 * MiB); // 0.8 MB: 277 kB written, 253 kB answer, the same as event
    }
    expect([calls, instructions.length]).toEqual([N / PRIMARY_SETTLEMENT_LINES_PER_CALL, N]);
    const refusal = await scenario.ledger.invoke(settlement, 'CompleteIssuance', CSD, ISIN);
    expect(refusal.error!.message.length).toBeLessThan(500);
  }, 120_000);

  it('completes issuance and answers the outstanding figure with one range read of the bond (10,000 rows, 100 batches of the peer)', async () => {
    // The cash legs as ConfirmCash leaves them, written directly: 10,000 invocations would only repeat what investor-accounts.test.ts checks.
    const { ledger } = scenario;
    const stamp = { mspId: 'CSDMSP', identity: 'x509::/CN=csd', timestamp: new Date(ledger.now * 1000).toISOString(), txId: 'seed' };
    const bytes = (value: unknown) => Buffer.from(JSON.stringify(value));
    for (const i of instructions) {
      const holdingKey = `\u0000holding\u0000${ISIN}\u0000${i.receiver}\u0000${i.receiverAccount}\u0000`;
      const holding: Holding = { isin: ISIN, holder: i.receiver, accountId: i.receiverAccount, units: i.units, lastChange: stamp };
      ledger.state.set(holdingKey, bytes(holding));
      ledger.history.set(holdingKey, [{ txId: 'seed', seconds: ledger.now, value: bytes(holding), isDelete: false }]);
      ledger.state.set(`\u0000settlement\u0000${ISIN}\u0000${i.settlementId}\u0000`, bytes({ ...i, status: 'SETTLED' }));
    }
    const completion = await scenario.ledger.invoke(settlement, 'CompleteIssuance', CSD, ISIN);
    expect(completion.error).toBeUndefined();
    expect(completion.reads.rangeRows).toBe(N);
    const outstanding = await scenario.ledger.invoke(custody, 'GetOutstanding', CSD, ISIN);
    expect(JSON.parse(outstanding.result!)).toMatchObject({ outstandingUnits: String(N * 10), holders: N });
    expect(outstanding.reads.rangeRows).toBe(N);
  });

  it(`fixes a coupon in ${N / ENTITLEMENTS_FIXED_PER_CALL} calls, each reading at most ${ENTITLEMENTS_FIXED_PER_CALL} histories and writing as many entitlements`, async () => {
    scenario.ledger.now = Scenario.at('2027-03-01');
    const calls: Invocation[] = [];
    for (let event: PaymentEvent | undefined; event?.status !== 'ENTITLEMENTS_FIXED';) {
      const call = await scenario.ledger.invoke(servicing, 'FixCouponEntitlements', CSD, ISIN, '1');
      expect(call.error).toBeUndefined();
      event = JSON.parse(call.result!) as PaymentEvent;
      calls.push(call);
    }
    expect(calls).toHaveLength(N / ENTITLEMENTS_FIXED_PER_CALL);
    for (const call of calls) {
      expect(call.reads.histories).toBeLessThanOrEqual(ENTITLEMENTS_FIXED_PER_CALL);
      expect(call.attemptedWrites.length).toBeLessThanOrEqual(ENTITLEMENTS_FIXED_PER_CALL + 1);
      expect(carried(call)).toBeLessThan(200 * 1024); // 93 kB written
    }
    // Passing over the holdings already fixed costs range rows only: the last page reads the whole range.
    expect(calls.at(-1)!.reads.rangeRows).toBe(N);
    const event = JSON.parse(calls.at(-1)!.result!) as PaymentEvent;
    expect(event).toMatchObject({ holders: N, totalUnits: String(N * 10) });
    scenario.ledger.now = Scenario.at('2027-03-02');
    const refusal = await scenario.ledger.invoke(servicing, 'CompletePaymentEvent', CSD, ISIN, 'C-001');
    expect(refusal.error!.message.length).toBeLessThan(500); // it named all 10,000 unpaid holdings: 220 kB
  }, 120_000);
});
