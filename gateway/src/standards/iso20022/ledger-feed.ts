/**
 * The feed over the ledger: a page of a member's messages read from the
 * channel's blocks after a position, and one message by its id. Blocks are
 * read from the position's block up to the height the channel had when the
 * request began, a few at a time: the reference data their events name is
 * loaded (ledger reads as the caller), then the page goes on (feed.ts) until
 * it is full, and the blocks stop coming.
 */
import { type BlockEvents, type BlockSource, readBlockEvents } from './chain-events';
import { eventMessages, type FeedPage, type FeedQuery, feedPage, isAddressedTo, type MessagePosition, type SkippedEvent } from './feed';
import type { IsoMessage, LedgerEvent, MessageBuilders, ReferenceData } from './message';

/** Reference data that can be loaded ahead of the builders' lookups. */
export interface LoadingReferenceData extends ReferenceData {
  /** Loads what the events' messages may look up. */
  loadFor(events: readonly LedgerEvent[]): Promise<void>;
}

/** Where the feed reads: the channel's blocks, the chaincode whose events count, the builders by event name. */
export interface FeedLedger {
  source: BlockSource;
  chaincode: string;
  builders: MessageBuilders;
  refs: LoadingReferenceData;
}

/** Blocks a page reads before building their messages. */
const BLOCKS_PER_STEP = 50;

/** Groups of up to `size` consecutive items. */
async function* inGroups<T>(items: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let group: T[] = [];
  for await (const item of items) {
    group.push(item);
    if (group.length >= size) {
      yield group;
      group = [];
    }
  }
  if (group.length > 0) yield group;
}

/**
 * The reader's next page after `query.after` (from block 0 without one), up
 * to the channel's current height. Throws UnknownPositionError if `after`
 * names a transaction its block does not have.
 */
export async function readFeedPage(ledger: FeedLedger, query: FeedQuery, blocksPerStep = BLOCKS_PER_STEP): Promise<FeedPage> {
  const height = await ledger.source.height();
  const page: FeedPage = { messages: [], full: false, skipped: [], ...(query.after ? { next: query.after } : {}) };
  const from = query.after?.blockNumber ?? 0n;
  const blocks = readBlockEvents(ledger.source, ledger.chaincode, from, height - 1n);
  for await (const group of inGroups(blocks, blocksPerStep)) {
    await ledger.refs.loadFor(group.flatMap((b: BlockEvents) => b.events));
    const step = feedPage(group, ledger.refs, ledger.builders, {
      ...query,
      limit: query.limit - page.messages.length,
      ...(page.next ? { after: page.next } : {}),
    });
    page.messages.push(...step.messages);
    page.skipped.push(...step.skipped);
    if (step.next) page.next = step.next;
    if (step.full) {
      page.full = true;
      break;
    }
  }
  return page;
}

/** One message by its position, if the reader may read it (else undefined, as for no such message), and a skipped event. */
export async function readMessage(
  ledger: FeedLedger,
  position: MessagePosition,
  reader: FeedQuery['reader'],
): Promise<{ message?: IsoMessage; skipped?: SkippedEvent }> {
  if (position.blockNumber >= (await ledger.source.height())) return {};
  for await (const block of readBlockEvents(ledger.source, ledger.chaincode, position.blockNumber, position.blockNumber)) {
    const event = block.events.find((e) => e.transactionId === position.transactionId);
    if (!event) return {};
    await ledger.refs.loadFor([event]);
    const built = eventMessages(event, ledger.refs, ledger.builders);
    const message = built.messages.find(({ n }) => n === position.n)?.message;
    return { ...(message && isAddressedTo(message, reader) ? { message } : {}), ...(built.skipped ? { skipped: built.skipped } : {}) };
  }
  return {};
}
