/**
 * The ISO 20022 feed: messages in ledger order with ids `<block>:<txId>:<n>`,
 * each read only by the members it is addressed to (ISO 20022 messages go
 * from the CSD to the account servicer's client: a participant never gets a
 * statement of another's account), every message by the CSD and the
 * regulator, static data (reda.006) by everyone; pages resume after a
 * position with nothing repeated or lost, also from the middle of an event's
 * messages; a builder that fails skips its event only.
 */
import fc from 'fast-check';
import { Role } from '@bond-platform/chaincode/api';
import { peer } from '@hyperledger/fabric-protos';
import { type TestTransaction, testBlock } from '../../fabric/test-blocks';
import type { BlockEvents, BlockSource } from './chain-events';
import {
  eventMessages,
  type FeedReader,
  feedPage,
  feedReader,
  isAddressedTo,
  type MessagePosition,
  messageId,
  parseMessageId,
  UnknownPositionError,
} from './feed';
import { type FeedLedger, readFeedPage, readMessage } from './ledger-feed';
import { type IsoMessage, type LedgerEvent, type MessageBuilders, MessageType } from './message';
import { TEST_BUILDERS, testReferenceData, type TestPledge, type TestTransfer } from './test-builders';

const TX = (n: number): string => n.toString(16).padStart(64, '0');
const AT = '2026-12-01T10:00:00.000Z';
const ISIN = 'CND100000012';
const PARTICIPANTS = ['BankMSP', 'SecuritiesMSP', 'FundMSP'] as const;
const MEMBERS = [
  { mspId: 'CSDMSP', roles: [Role.CSD] },
  { mspId: 'RegulatorMSP', roles: [Role.REGULATOR] },
  ...PARTICIPANTS.map((mspId) => ({ mspId, roles: [Role.INVESTOR] })),
];
const REFS = testReferenceData([{ isin: ISIN }, { isin: 'CND100000020' }], MEMBERS);
const reader = (mspId: string): FeedReader => feedReader(mspId, REFS.member(mspId));
const CSD = reader('CSDMSP');
const REGULATOR = reader('RegulatorMSP');

const transfer = (from: string, to: string, isin = ISIN): TestTransfer => ({
  isin,
  from,
  fromAccount: `${from}-PROP`,
  to,
  toAccount: `${to}-CLIENT`,
  units: '10',
});
const pledge = (pledgor: string, pledgee: string): TestPledge => ({
  isin: ISIN,
  pledgor,
  accountId: `${pledgor}-PROP`,
  pledgee,
  units: '5',
});

/** A block of events for the pure feed, one transaction per event. */
function blockOf(number: number, events: { tx: number; name: string; payload: unknown }[], extraTransactions: string[] = []): BlockEvents {
  return {
    blockNumber: BigInt(number),
    transactionIds: [...events.map((e) => TX(e.tx)), ...extraTransactions],
    timestamp: AT,
    events: events.map((e): LedgerEvent => ({
      blockNumber: String(number),
      transactionId: TX(e.tx),
      timestamp: AT,
      eventName: e.name,
      payload: e.payload,
    })),
  };
}

const ids = (messages: readonly IsoMessage[]): string[] => messages.map((m) => m.id);
const messagesOf = (...args: Parameters<typeof eventMessages>): IsoMessage[] =>
  eventMessages(...args).messages.map(({ message }) => message);

describe('message ids', () => {
  it('are <block>:<txId>:<n>, parsed back; anything else (a block beyond uint64, a short transaction id) is none', () => {
    const position: MessagePosition = { blockNumber: 18446744073709551615n, transactionId: TX(7), n: 2 };
    expect(parseMessageId(messageId(position))).toEqual(position);
    for (const bad of [`18446744073709551616:${TX(1)}:0`, `1:${TX(1).slice(1)}:0`, `01:${TX(1)}:0`, `1:${TX(1)}:-1`, `1:${TX(1)}`, ''])
      expect([bad, parseMessageId(bad)]).toEqual([bad, undefined]);
  });

  it("number an event's messages from 0, in ledger order", () => {
    const page = feedPage(
      [
        blockOf(4, [{ tx: 1, name: 'TransferSettled', payload: transfer('BankMSP', 'FundMSP') }]),
        blockOf(5, [{ tx: 2, name: 'BondApproved', payload: { isin: ISIN } }]),
      ],
      REFS,
      TEST_BUILDERS,
      { reader: CSD, limit: 10 },
    );
    expect(ids(page.messages)).toEqual([`4:${TX(1)}:0`, `4:${TX(1)}:1`, `5:${TX(2)}:0`]);
  });
});

describe('who reads a message', () => {
  const settled = messagesOf(
    { blockNumber: '1', transactionId: TX(1), timestamp: AT, eventName: 'TransferSettled', payload: transfer('BankMSP', 'FundMSP') },
    REFS,
    TEST_BUILDERS,
  );

  it('a participant reads the messages addressed to it: the seller its delivery, the buyer its receipt, a third party neither', () => {
    expect(settled.filter((m) => isAddressedTo(m, reader('BankMSP'))).map((m) => m.accounts)).toEqual([
      [{ holder: 'BankMSP', accountId: 'BankMSP-PROP' }],
    ]);
    expect(settled.filter((m) => isAddressedTo(m, reader('FundMSP'))).map((m) => m.accounts)).toEqual([
      [{ holder: 'FundMSP', accountId: 'FundMSP-CLIENT' }],
    ]);
    expect(settled.filter((m) => isAddressedTo(m, reader('SecuritiesMSP')))).toEqual([]);
  });

  it('the CSD and the regulator read every message, by their roles on the ledger (not by their names)', () => {
    expect(settled.every((m) => isAddressedTo(m, CSD) && isAddressedTo(m, REGULATOR))).toBe(true);
    expect(feedReader('CSDMSP', undefined).readsAll).toBe(false);
    expect(feedReader('AnyMSP', { ...REFS.member('BankMSP')!, roles: [Role.REGULATOR] }).readsAll).toBe(true);
  });

  it("a message to '*' (a bond's static data) is read by every member", () => {
    const approval = messagesOf(
      { blockNumber: '1', transactionId: TX(2), timestamp: AT, eventName: 'BondApproved', payload: { isin: ISIN } },
      REFS,
      TEST_BUILDERS,
    );
    for (const mspId of [...PARTICIPANTS, 'NewcomerMSP']) expect(approval.every((m) => isAddressedTo(m, reader(mspId)))).toBe(true);
  });
});

describe('a page of the feed', () => {
  const blocks = [
    blockOf(2, [
      { tx: 1, name: 'TransferSettled', payload: transfer('BankMSP', 'FundMSP') },
      { tx: 2, name: 'BidPlaced', payload: { isin: ISIN } },
    ]),
    blockOf(3, [
      { tx: 3, name: 'Broken', payload: { isin: ISIN } },
      { tx: 4, name: 'HoldingPledged', payload: pledge('FundMSP', 'SecuritiesMSP') },
      { tx: 5, name: 'TransferSettled', payload: transfer('SecuritiesMSP', 'BankMSP', 'CND100000020') },
    ]),
  ];

  it('resumes after a position in the middle of an event: the rest of its messages, then the next events', () => {
    const page = feedPage(blocks, REFS, TEST_BUILDERS, { reader: CSD, limit: 2, after: { blockNumber: 2n, transactionId: TX(1), n: 0 } });
    expect(ids(page.messages)).toEqual([`2:${TX(1)}:1`, `3:${TX(4)}:0`]);
    expect([page.full, page.next && messageId(page.next)]).toEqual([true, `3:${TX(4)}:0`]);
  });

  it('a builder that throws skips its event only, and says which', () => {
    const page = feedPage(blocks, REFS, TEST_BUILDERS, { reader: CSD, limit: 10 });
    expect(ids(page.messages)).toEqual([`2:${TX(1)}:0`, `2:${TX(1)}:1`, `3:${TX(4)}:0`, `3:${TX(5)}:0`, `3:${TX(5)}:1`]);
    expect(page.skipped).toEqual([{ blockNumber: '3', transactionId: TX(3), eventName: 'Broken', error: 'this builder always fails' }]);
  });

  it('skips an event whose builder gives ids not its own id(0)..id(k-1), and one whose reference data is missing', () => {
    const wrong: MessageBuilders = {
      TransferSettled: (event, refs, id) => (TEST_BUILDERS.TransferSettled?.(event, refs, id) ?? []).map((m) => ({ ...m, id: id(5) })),
    };
    const page = feedPage(blocks, REFS, wrong, { reader: CSD, limit: 10 });
    expect([page.messages, page.skipped.map((s) => s.transactionId)]).toEqual([[], [TX(1), TX(5)]]);
    const unknownBond = feedPage([blockOf(1, [{ tx: 9, name: 'BondApproved', payload: { isin: 'XS0000000009' } }])], REFS, TEST_BUILDERS, {
      reader: CSD,
      limit: 10,
    });
    expect(unknownBond.skipped[0]?.error).toBe('no bond XS0000000009 in the reference data');
  });

  it('takes message numbers as slots: a gap is kept, a page resumes after it and ends past the last number', () => {
    const gapped: MessageBuilders = {
      TransferSettled: (event, refs, id) => {
        const [deliver, receive] = TEST_BUILDERS.TransferSettled?.(event, refs, id) ?? [];
        // Slot 1 left empty (say, a record this caller may not read); slot 2 keeps its number.
        return [{ ...receive!, id: id(2) }, deliver!];
      },
    };
    const one = [blockOf(2, [{ tx: 1, name: 'TransferSettled', payload: transfer('BankMSP', 'FundMSP') }])];
    const first = feedPage(one, REFS, gapped, { reader: CSD, limit: 1 });
    expect([ids(first.messages), first.next && messageId(first.next)]).toEqual([[`2:${TX(1)}:0`], `2:${TX(1)}:0`]);
    const rest = feedPage(one, REFS, gapped, { reader: CSD, limit: 5, after: first.next });
    expect([ids(rest.messages), rest.full, rest.next && messageId(rest.next)]).toEqual([[`2:${TX(1)}:2`], false, `2:${TX(1)}:2`]);
  });

  it('filters by message type and ISIN', () => {
    const pledges = feedPage(blocks, REFS, TEST_BUILDERS, { reader: CSD, limit: 10, type: MessageType.INTRA_POSITION_MOVEMENT });
    expect(ids(pledges.messages)).toEqual([`3:${TX(4)}:0`]);
    const second = feedPage(blocks, REFS, TEST_BUILDERS, { reader: reader('BankMSP'), limit: 10, isin: 'CND100000020' });
    expect(ids(second.messages)).toEqual([`3:${TX(5)}:1`]);
  });

  it('a page not full ends at the last transaction read, past all its messages, so the next page repeats nothing', () => {
    const withTail = [...blocks, blockOf(4, [{ tx: 6, name: 'BidPlaced', payload: {} }], [TX(7), ''])];
    const page = feedPage(withTail, REFS, TEST_BUILDERS, { reader: reader('SecuritiesMSP'), limit: 10 });
    expect([ids(page.messages), page.full, page.next && messageId(page.next)]).toEqual([
      [`3:${TX(4)}:0`, `3:${TX(5)}:0`],
      false,
      `4:${TX(7)}:0`,
    ]);
    const endOfEvent = feedPage(blocks, REFS, TEST_BUILDERS, { reader: reader('SecuritiesMSP'), limit: 10 });
    expect(endOfEvent.next && messageId(endOfEvent.next)).toBe(`3:${TX(5)}:1`);
    expect(feedPage(blocks, REFS, TEST_BUILDERS, { reader: CSD, limit: 10, after: endOfEvent.next }).messages).toEqual([]);
  });

  it('refuses a position whose block has no such transaction', () => {
    expect(() =>
      feedPage(blocks, REFS, TEST_BUILDERS, { reader: CSD, limit: 10, after: { blockNumber: 3n, transactionId: TX(1), n: 0 } }),
    ).toThrow(UnknownPositionError);
  });
});

// --- the feed over blocks, as a peer delivers them -------------------------------------

type Step =
  | { kind: 'transfer'; from: number; to: number }
  | { kind: 'pledge'; from: number; to: number }
  | { kind: 'approval' | 'broken' | 'quiet' | 'invalid' };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc
    .record({ kind: fc.constantFrom('transfer' as const, 'pledge' as const), from: fc.nat(2), to: fc.nat(2) })
    .filter((s) => s.from !== s.to),
  fc.record({ kind: fc.constantFrom('approval' as const, 'broken' as const, 'quiet' as const, 'invalid' as const) }),
);
const chain = fc.array(fc.array(step, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 8 });

function transactionOf(s: Step, id: string): TestTransaction {
  const at = { id, timestamp: AT };
  const party = (i: number): string => PARTICIPANTS[i] ?? 'BankMSP';
  switch (s.kind) {
    case 'transfer':
      return { ...at, event: { name: 'TransferSettled', payload: transfer(party(s.from), party(s.to)) } };
    case 'pledge':
      return { ...at, event: { name: 'HoldingPledged', payload: pledge(party(s.from), party(s.to)) } };
    case 'approval':
      return { ...at, event: { name: 'BondApproved', payload: { isin: ISIN } } };
    case 'broken':
      return { ...at, event: { name: 'Broken', payload: {} } };
    case 'quiet':
      return at;
    case 'invalid':
      return {
        ...at,
        validationCode: peer.TxValidationCode.MVCC_READ_CONFLICT,
        event: { name: 'TransferSettled', payload: transfer('BankMSP', 'FundMSP') },
      };
  }
}

/** The blocks of a generated chain (block 0 holds a config-like transaction without events) as a block source. */
function ledgerOf(steps: Step[][]): FeedLedger & { all: IsoMessage[] } {
  let tx = 0;
  const blocks = [
    testBlock(0, [{ id: TX(++tx), timestamp: AT }]),
    ...steps.map((txs, i) =>
      testBlock(
        i + 1,
        txs.map((s) => transactionOf(s, TX(++tx))),
      ),
    ),
  ];
  const source: BlockSource = {
    height: () => Promise.resolve(BigInt(blocks.length)),
    async *blocks(from, to) {
      for (let n = Number(from); n <= Number(to); n++) yield blocks[n]!;
    },
  };
  const all = steps.flatMap((txs, i) =>
    txs.flatMap((s, j) => {
      const t = transactionOf(s, 'x');
      if (!t.event || t.validationCode !== undefined) return [];
      const event: LedgerEvent = {
        blockNumber: String(i + 1),
        transactionId: '',
        timestamp: AT,
        eventName: t.event.name,
        payload: t.event.payload,
      };
      const before = 1 + steps.slice(0, i).reduce((sum, b) => sum + b.length, 0) + j + 1;
      return messagesOf({ ...event, transactionId: TX(before) }, REFS, TEST_BUILDERS);
    }),
  );
  return { source, chaincode: 'bond', builders: TEST_BUILDERS, refs: { ...REFS, loadFor: () => Promise.resolve() }, all };
}

/** Every page of the reader's feed from the start, resuming each with the last one's `next`. */
async function everyPage(ledger: FeedLedger, feedReaderOf: FeedReader, limit: number, blocksPerStep: number): Promise<IsoMessage[]> {
  const read: IsoMessage[] = [];
  let after: MessagePosition | undefined;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await readFeedPage(ledger, { reader: feedReaderOf, limit, ...(after ? { after } : {}) }, blocksPerStep);
    expect(page.messages.length).toBeLessThanOrEqual(limit);
    read.push(...page.messages);
    after = page.next;
    if (!page.full) {
      // At the end: asking again gives nothing new.
      expect((await readFeedPage(ledger, { reader: feedReaderOf, limit, ...(after ? { after } : {}) }, blocksPerStep)).messages).toEqual(
        [],
      );
      return read;
    }
  }
  throw new Error('the feed never ended');
}

describe('the feed over blocks', () => {
  it('pages resumed with `next` give each of the reader’s messages once, in ledger order, whatever the page size', async () => {
    await fc.assert(
      fc.asyncProperty(
        chain,
        fc.constantFrom(...PARTICIPANTS, 'CSDMSP', 'RegulatorMSP'),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 4 }),
        async (steps, mspId, limit, perStep) => {
          const ledger = ledgerOf(steps);
          const expected = ledger.all.filter((m) => isAddressedTo(m, reader(mspId)));
          expect(ids(await everyPage(ledger, reader(mspId), limit, perStep))).toEqual(ids(expected));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a participant never receives a message about another participant’s account; the CSD and the regulator receive all', async () => {
    await fc.assert(
      fc.asyncProperty(chain, async (steps) => {
        const ledger = ledgerOf(steps);
        for (const mspId of PARTICIPANTS) {
          for (const m of await everyPage(ledger, reader(mspId), 100, 50)) {
            expect(m.recipients.includes(mspId) || m.recipients.includes('*')).toBe(true);
            // Transfers and approvals: only the reader's own accounts (a pledge also goes to its pledgee, by its builder's choice).
            if (m.messageType !== MessageType.INTRA_POSITION_MOVEMENT) expect(m.accounts.every((a) => a.holder === mspId)).toBe(true);
          }
        }
        for (const all of [CSD, REGULATOR]) expect(ids(await everyPage(ledger, all, 100, 50))).toEqual(ids(ledger.all));
      }),
      { numRuns: 40 },
    );
  });

  it('reads one message by its id for a reader it is addressed to, and nothing (the same nothing) for anyone else', async () => {
    const ledger = ledgerOf([[{ kind: 'transfer', from: 0, to: 2 }], [{ kind: 'broken' }]]);
    const id = { blockNumber: 1n, transactionId: TX(2), n: 1 };
    expect((await readMessage(ledger, id, reader('FundMSP'))).message?.accounts).toEqual([
      { holder: 'FundMSP', accountId: 'FundMSP-CLIENT' },
    ]);
    expect(await readMessage(ledger, id, reader('BankMSP'))).toEqual({});
    expect(await readMessage(ledger, { ...id, n: 2 }, CSD)).toEqual({});
    expect(await readMessage(ledger, { ...id, transactionId: TX(9) }, CSD)).toEqual({});
    expect(await readMessage(ledger, { ...id, blockNumber: 9n }, CSD)).toEqual({});
    expect((await readMessage(ledger, { blockNumber: 2n, transactionId: TX(3), n: 0 }, CSD)).skipped?.eventName).toBe('Broken');
  });

  it('refuses to resume from a transaction its block does not have', async () => {
    const ledger = ledgerOf([[{ kind: 'transfer', from: 0, to: 2 }]]);
    await expect(readFeedPage(ledger, { reader: CSD, limit: 5, after: { blockNumber: 1n, transactionId: TX(42), n: 0 } })).rejects.toThrow(
      UnknownPositionError,
    );
  });
});
