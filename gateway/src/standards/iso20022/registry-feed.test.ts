/**
 * The feed and the statements with the registry's builders (reda.006,
 * sese.023/024/025, semt.013, seev.031/036, semt.002/017) over a bond's
 * life in protobuf blocks, with reference data read through the ledger
 * queries the gateway makes: no event is skipped, every message is valid
 * against its message version's XSD, and a participant's feed holds its own
 * accounts' messages and the static data only.
 */
import { BondEvent, type Entitlement, type HoldingHistoryEntry, ServicingEvent, type Transfer } from '@bond-platform/chaincode/api';
import { type TestTransaction, testBlock } from '../../fabric/test-blocks';
import { ApiError } from '../../http/errors';
import type { BlockSource } from './chain-events';
import { feedReader, type MessagePosition } from './feed';
import { type FeedLedger, readFeedPage } from './ledger-feed';
import { holdingsStatement, transactionsStatement } from './ledger-statements';
import { type IsoMessage, MessageType } from './message';
import { LedgerReferenceData, type LedgerQuery } from './reference-data';
import { EVENT_BUILDERS, STATEMENT_BUILDERS } from './registry';
import { validateMessage } from './schemas';
import { entitlement, paymentEvent } from './servicing-test-ledger';
import {
  BANK_A,
  BANK_B,
  bond,
  BYSTANDER,
  CSD,
  ISIN,
  ISSUER,
  MEMBERS,
  pledge,
  PLEDGEE,
  primaryInstruction,
  stamp,
  transfer,
  txId,
} from './test-ledger';

const at = (day: number) => `2025-06-${String(day).padStart(2, '0')}T02:00:00.000Z`;
const settledTransfer = transfer({ status: 'SETTLED', lastChange: stamp(CSD, at(11)) });
const batchTransfer: Transfer = transfer({
  transferId: txId('7b2'),
  from: BANK_B,
  fromAccount: 'CUSTODY',
  to: BANK_A,
  toAccount: 'TRADING',
  units: '100',
  status: 'SETTLED',
});
const freeze = {
  isin: ISIN,
  holder: BANK_A,
  accountId: 'TRADING',
  units: '30000',
  previousUnits: '20000',
  reason: 'court order',
  lastChange: stamp(CSD, at(12)),
};
const settlement = { ...primaryInstruction(BANK_A, 'TRADING', '600000'), status: 'SETTLED', lastChange: stamp(CSD, at(3)) };
const coupon = paymentEvent({ totalUnits: '1000000', holders: 2 });
const ENTITLEMENTS: Entitlement[] = [
  entitlement(BANK_A, 'TRADING', '600000', '171000000'),
  entitlement(BANK_B, 'CUSTODY', '400000', '114000000'),
];

/** A bond's life, one transaction a block. */
const LIFE: TestTransaction[] = [
  { id: txId('approve'), timestamp: at(1), event: { name: BondEvent.BOND_APPROVED, payload: bond() } },
  {
    id: txId('start'),
    timestamp: at(2),
    event: {
      name: BondEvent.PRIMARY_SETTLEMENT_STARTED,
      payload: {
        isin: ISIN,
        instructions: [primaryInstruction(BANK_A, 'TRADING', '600000'), primaryInstruction(BANK_B, 'CUSTODY', '400000')],
        linesTotal: 2,
        linesDone: 2,
        linesRemaining: 0,
      },
    },
  },
  {
    id: txId('settle'),
    timestamp: at(3),
    event: { name: BondEvent.SETTLEMENT_SETTLED, payload: { settlement } },
  },
  {
    id: txId('instruct'),
    timestamp: at(10),
    event: { name: BondEvent.TRANSFER_INSTRUCTED, payload: transfer() },
  },
  {
    id: txId('settle-t'),
    timestamp: at(11),
    event: { name: BondEvent.TRANSFER_SETTLED, payload: settledTransfer },
  },
  {
    id: txId('freeze'),
    timestamp: at(12),
    event: { name: BondEvent.HOLDING_FROZEN, payload: freeze },
  },
  {
    id: txId('pledge'),
    timestamp: at(13),
    event: { name: BondEvent.HOLDING_PLEDGED, payload: pledge() },
  },
  {
    id: txId('batch'),
    timestamp: at(14),
    event: { name: BondEvent.TRANSFERS_SETTLED, payload: { transferIds: [batchTransfer.transferId], settled: stamp(CSD, at(14)) } },
  },
  { id: txId('fix'), timestamp: at(15), event: { name: ServicingEvent.ENTITLEMENTS_FIXED, payload: coupon } },
  {
    id: txId('pay'),
    timestamp: at(16),
    event: { name: ServicingEvent.PAYMENT_CONFIRMED, payload: entitlement(BANK_A, 'TRADING', '600000', '171000000', { paidAt: at(16) }) },
  },
];
const BLOCKS = LIFE.map((tx, n) => testBlock(n, [tx]));

const refused = () => Promise.reject(new ApiError(403, 'ACCESS_DENIED', 'not yours'));

/** The gateway's ledger queries, as member `mspId` reads: here the CSD reads every transfer, a member its own (as a suspended member would). */
function queries(mspId: string): LedgerQuery {
  const answers: Record<string, (args: string[]) => Promise<unknown>> = {
    ListMembers: () => Promise.resolve({ records: MEMBERS, bookmark: '' }),
    GetBond: (args) => (args[0] === ISIN ? Promise.resolve(bond()) : Promise.reject(new ApiError(404, 'NOT_FOUND', 'no bond'))),
    GetTransfers: () =>
      mspId === CSD || batchTransfer.from === mspId || batchTransfer.to === mspId ? Promise.resolve([batchTransfer]) : refused(),
    GetTransfer: refused,
    // Every member in good standing reads the register's entitlements.
    ListEntitlements: () => Promise.resolve({ records: ENTITLEMENTS, bookmark: '' }),
    ListHoldingsOfHolder: () => Promise.resolve({ records: [], bookmark: '' }),
    GetHoldingHistory: (args) => Promise.resolve(args[1] === BANK_A && args[2] === 'TRADING' ? HISTORY : []),
    ListPledgesOfBond: () => Promise.resolve({ records: [pledge()], bookmark: '' }),
  };
  return (_contract, fn, args) => answers[fn]?.(args) ?? Promise.reject(new Error(`unexpected ${fn}`));
}

/** Bank A's TRADING holding, newest first: 600000 from the primary settlement, 575000 after the transfer, 575100 after the batch. */
const HISTORY: HoldingHistoryEntry[] = [
  [at(14), '575100'],
  [at(11), '575000'],
  [at(3), '600000'],
].map(([timestamp = '', units]) => ({
  txId: timestamp,
  timestamp,
  isDelete: false,
  holding: { isin: ISIN, holder: BANK_A, accountId: 'TRADING', units: units ?? '0', lastChange: stamp(CSD, timestamp) },
}));

const source: BlockSource = {
  height: () => Promise.resolve(BigInt(BLOCKS.length)),
  async *blocks(from, to) {
    for (let n = Number(from); n <= Number(to); n++) yield BLOCKS[n]!;
  },
};

async function feedOf(mspId: string): Promise<{ messages: IsoMessage[]; skipped: number }> {
  const refs = new LedgerReferenceData(queries(mspId));
  await refs.loadMembers();
  const ledger: FeedLedger = { source, chaincode: 'bond', builders: EVENT_BUILDERS, refs };
  const reader = feedReader(mspId, refs.member(mspId));
  const messages: IsoMessage[] = [];
  let skipped = 0;
  let after: MessagePosition | undefined;
  for (;;) {
    const page = await readFeedPage(ledger, { reader, limit: 3, ...(after ? { after } : {}) }, 2);
    messages.push(...page.messages);
    skipped += page.skipped.length;
    after = page.next;
    if (!page.full) return { messages, skipped };
  }
}

describe("the feed with the registry's builders", () => {
  it('builds every event of a bond’s life with nothing skipped, each message valid against its XSD', async () => {
    const { messages, skipped } = await feedOf(CSD);
    expect(skipped).toBe(0);
    expect(new Set(messages.map((m) => m.messageType))).toEqual(
      new Set([
        MessageType.SECURITY_CREATION,
        MessageType.SETTLEMENT_INSTRUCTION,
        MessageType.SETTLEMENT_STATUS_ADVICE,
        MessageType.SETTLEMENT_CONFIRMATION,
        MessageType.INTRA_POSITION_MOVEMENT,
        MessageType.CORPORATE_ACTION_NOTIFICATION,
        MessageType.CORPORATE_ACTION_MOVEMENT_CONFIRMATION,
      ]),
    );
    for (const message of messages) {
      const { errors } = await validateMessage(message.xml, message.messageType);
      expect({ id: message.id, errors }).toEqual({ id: message.id, errors: [] });
    }
    // libxml2 in wasm takes a while per message.
  }, 60_000);

  it("gives a participant its own accounts' messages and the static data, never another's account", async () => {
    const all = (await feedOf(CSD)).messages;
    for (const mspId of [BANK_A, BANK_B, ISSUER, PLEDGEE, BYSTANDER]) {
      const { messages, skipped } = await feedOf(mspId);
      expect(skipped).toBe(0);
      for (const m of messages) {
        expect(m.recipients.includes(mspId) || m.recipients.includes('*')).toBe(true);
        // A pledge's semt.013 goes to its pledgee too: the one message about another's account a member may get.
        const pledgeToPledgee = m.messageType === MessageType.INTRA_POSITION_MOVEMENT && mspId === PLEDGEE;
        if (!pledgeToPledgee) expect([m.id, m.accounts.every((a) => a.holder === mspId)]).toEqual([m.id, true]);
      }
      expect(messages.map((m) => m.id)).toEqual(
        all.filter((m) => m.recipients.includes(mspId) || m.recipients.includes('*')).map((m) => m.id),
      );
    }
    const bystander = (await feedOf(BYSTANDER)).messages;
    expect(bystander.map((m) => m.messageType)).toEqual([MessageType.SECURITY_CREATION]);
    // The freeze's semt.013: the change from the units frozen before it, which the freeze records.
    expect((await feedOf(BANK_A)).messages.filter((m) => m.id.startsWith(`5:${txId('freeze')}`))).toHaveLength(1);
  });

  it("states Bank A's TRADING holdings at a date and its transactions of a period, valid against semt.002 and semt.017", async () => {
    const refs = new LedgerReferenceData(queries(BANK_A));
    await refs.loadMembers();
    const ledger = { source, chaincode: 'bond', query: queries(BANK_A), refs, statements: STATEMENT_BUILDERS };
    const account = { holder: BANK_A, accountId: 'TRADING' };
    const holdings = await holdingsStatement(ledger, account, '2025-07-02');
    expect(holdings.messageType).toBe(MessageType.STATEMENT_OF_HOLDINGS);
    expect((await validateMessage(holdings.xml, holdings.messageType)).errors).toEqual([]);
    // 575100 units then (FaceAmt at CNY 100.00 a unit), 30000 of them frozen (12 June) and 10000 pledged (1 July).
    expect(holdings.xml).toContain('<FaceAmt>57510000.00</FaceAmt>');
    expect(holdings.xml).toContain('<FaceAmt>3000000.00</FaceAmt>');
    expect(holdings.xml).toContain('<FaceAmt>1000000.00</FaceAmt>');
    const transactions = await transactionsStatement(ledger, account, '2025-06-01', '2025-06-30');
    expect((await validateMessage(transactions.xml, transactions.messageType)).errors).toEqual([]);
    // Received 600000 at the primary settlement and 100 from the batch, delivered 25000 by the transfer.
    for (const face of ['60000000.00', '2500000.00', '10000.00']) expect(transactions.xml).toContain(`<FaceAmt>${face}</FaceAmt>`);
  }, 60_000);
});
