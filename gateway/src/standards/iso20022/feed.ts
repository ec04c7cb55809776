/**
 * The ISO 20022 message feed, pure: the messages of committed chain events
 * in ledger order (block, transaction in the block, message of the event),
 * each id `<block>:<txId>:<n>`; what a member may read of them; and a page
 * of them after a position, like the event stream's Last-Event-ID.
 *
 * Who reads what: a member reads a message iff its MSP ID is among the
 * message's recipients, or the recipients are ['*'] (static data for every
 * member); the CSD and a regulator (by their roles on the ledger) read
 * every message.
 *
 * A builder that throws on one event does not hide the others: the event is
 * skipped (reported in `skipped`, for the caller to log with a warning and
 * to count in its answer), and the feed goes on past it.
 */
import { type Member, Role } from '@bond-platform/chaincode/api';
import type { BlockEvents } from './chain-events';
import type { IsoMessage, LedgerEvent, MessageBuilders, MessageType, ReferenceData } from './message';

/** Where a message stands in ledger order, and where a feed resumes: its id's three parts. */
export interface MessagePosition {
  blockNumber: bigint;
  transactionId: string;
  /** The message's number among its event's messages, from 0. */
  n: number;
}

/** A message id as the API takes it: a block number (uint64), a Fabric transaction id, a message number. */
export const MESSAGE_ID_PATTERN = '^(0|[1-9][0-9]{0,19}):[0-9a-f]{64}:(0|[1-9][0-9]{0,5})$';
const MESSAGE_ID = new RegExp(MESSAGE_ID_PATTERN);
const TRANSACTION_ID = /^[0-9a-f]{64}$/;
const MAX_BLOCK = 2n ** 64n - 1n;

/** `<block>:<txId>:<n>`. */
export function messageId(position: MessagePosition): string {
  return `${position.blockNumber}:${position.transactionId}:${position.n}`;
}

/** The position an id names, or undefined if it is not a message id (a block beyond uint64 included). */
export function parseMessageId(id: string): MessagePosition | undefined {
  if (!MESSAGE_ID.test(id)) return undefined;
  const [block = '', transactionId = '', n = ''] = id.split(':');
  const blockNumber = BigInt(block);
  return blockNumber <= MAX_BLOCK ? { blockNumber, transactionId, n: Number(n) } : undefined;
}

/** Who reads the feed: a member, and whether it reads every message. */
export interface FeedReader {
  mspId: string;
  /** The CSD and a regulator read every message. */
  readsAll: boolean;
}

/** The reader `mspId` is, by its member record on the ledger (none: it reads only what is addressed to it). */
export function feedReader(mspId: string, member: Member | undefined): FeedReader {
  const roles: readonly string[] = member?.roles ?? [];
  return { mspId, readsAll: roles.includes(Role.CSD) || roles.includes(Role.REGULATOR) };
}

/** True if `reader` may read `message`. */
export function isAddressedTo(message: Pick<IsoMessage, 'recipients'>, reader: FeedReader): boolean {
  return reader.readsAll || message.recipients.includes('*') || message.recipients.includes(reader.mspId);
}

/** An event whose builder threw: its messages are left out, the others are not. */
export interface SkippedEvent {
  blockNumber: string;
  transactionId: string;
  eventName: string;
  error: string;
}

/** A message with its number n among its event's messages (its id's last part). */
export interface NumberedMessage {
  n: number;
  message: IsoMessage;
}

/** The messages one event gives, in the order of their numbers, or the event skipped with the reason. */
export type EventMessages = { messages: NumberedMessage[]; skipped?: undefined } | { messages: []; skipped: SkippedEvent };

/** Message numbers the ids take: as many as MESSAGE_ID_PATTERN allows. */
const MAX_NUMBER = 999_999;

/**
 * The messages of an event from the builder registered for its name (none
 * for an event no builder knows), in the order of their numbers. A number is
 * a slot: a builder may leave a slot empty for a caller whose reference data
 * lacks what that message needs, so that an id means the same message
 * whoever asks; numbers need not follow on. A builder that throws, or gives
 * ids that are not this event's id(n), each once, skips the event.
 */
export function eventMessages(event: LedgerEvent, refs: ReferenceData, builders: MessageBuilders): EventMessages {
  const builder = Object.hasOwn(builders, event.eventName) ? builders[event.eventName] : undefined;
  if (!builder) return { messages: [] };
  const prefix = `${event.blockNumber}:${event.transactionId}:`;
  const skip = (error: string): EventMessages => ({
    messages: [],
    skipped: { blockNumber: event.blockNumber, transactionId: event.transactionId, eventName: event.eventName, error },
  });
  let messages: IsoMessage[];
  try {
    messages = builder(event, refs, (n) => `${prefix}${n}`);
  } catch (error) {
    return skip(error instanceof Error ? error.message : String(error));
  }
  const numbered = messages.map((message) => ({
    n:
      message.id.startsWith(prefix) && /^(0|[1-9][0-9]*)$/.test(message.id.slice(prefix.length))
        ? Number(message.id.slice(prefix.length))
        : -1,
    message,
  }));
  if (numbered.some(({ n }) => n < 0 || n > MAX_NUMBER) || new Set(numbered.map(({ n }) => n)).size !== numbered.length)
    return skip(`the builder's message ids are not this event's id(n), each once: ${messages.map((m) => m.id).join(', ')}`);
  return { messages: numbered.sort((a, b) => a.n - b.n) };
}

/** What a page asks for. */
export interface FeedQuery {
  reader: FeedReader;
  /** Resume after this position (a message id, or a `next` given before). */
  after?: MessagePosition;
  /** Messages at most, ≥ 1. */
  limit: number;
  type?: MessageType;
  isin?: string;
}

/** A page of the feed. */
export interface FeedPage {
  /** The reader's messages after the position, in ledger order, at most `limit`. */
  messages: IsoMessage[];
  /** The page holds `limit` messages: more may follow before the end of the blocks read. */
  full: boolean;
  /**
   * Where the next page starts: the last message of a full page; otherwise
   * the end of the blocks read (the last transaction read, past all its
   * messages). A position, not a promise of a message: it may name a
   * transaction without messages, or messages of others. Undefined when
   * nothing was read that has an id and no `after` was given.
   */
  next?: MessagePosition;
  /** Events skipped because their builder failed, in the range read. */
  skipped: SkippedEvent[];
}

/** A resume position that names no transaction of its block. */
export class UnknownPositionError extends Error {
  constructor(readonly position: MessagePosition) {
    super(`block ${position.blockNumber} has no transaction ${position.transactionId}`);
    this.name = 'UnknownPositionError';
  }
}

/** Where the reading starts in a block: transactions before `index` are behind the position. */
function startIn(block: BlockEvents, after: MessagePosition | undefined): number | undefined {
  if (!after || block.blockNumber > after.blockNumber) return 0;
  if (block.blockNumber < after.blockNumber) return undefined;
  const index = block.transactionIds.indexOf(after.transactionId);
  if (index < 0) throw new UnknownPositionError(after);
  return index;
}

/** The position after everything of the block's last transaction with a Fabric transaction id (`lastNumbers`: its event's last message number). */
function endOf(block: BlockEvents, lastNumbers: ReadonlyMap<string, number>): MessagePosition | undefined {
  const transactionId = [...block.transactionIds].reverse().find((id) => TRANSACTION_ID.test(id));
  if (transactionId === undefined) return undefined;
  return { blockNumber: block.blockNumber, transactionId, n: lastNumbers.get(transactionId) ?? 0 };
}

function wanted(message: IsoMessage, query: FeedQuery): boolean {
  return (
    isAddressedTo(message, query.reader) &&
    (query.type === undefined || message.messageType === query.type) &&
    (query.isin === undefined || message.isin === query.isin)
  );
}

/** The messages of the event after the position that the query wants, each with its number. */
function wantedMessages(event: LedgerEvent, messages: NumberedMessage[], query: FeedQuery): NumberedMessage[] {
  const { after } = query;
  const resumesHere = after !== undefined && event.blockNumber === String(after.blockNumber) && event.transactionId === after.transactionId;
  return messages.filter(({ message, n }) => !(resumesHere && n <= after.n) && wanted(message, query));
}

/**
 * A page of the reader's messages from blocks read in ledger order, after
 * `query.after`: in its block, the transactions up to the position's are
 * behind it, and of its own transaction's messages those numbered up to n.
 * Throws UnknownPositionError if the position's block is read and has no
 * such transaction.
 */
export function feedPage(blocks: readonly BlockEvents[], refs: ReferenceData, builders: MessageBuilders, query: FeedQuery): FeedPage {
  const page: FeedPage = { messages: [], full: false, skipped: [], ...(query.after ? { next: query.after } : {}) };
  for (const block of blocks) {
    const start = startIn(block, query.after);
    if (start === undefined) continue;
    const lastNumbers = new Map<string, number>();
    for (const event of block.events.filter((e) => block.transactionIds.indexOf(e.transactionId) >= start)) {
      const built = eventMessages(event, refs, builders);
      if (built.skipped) page.skipped.push(built.skipped);
      lastNumbers.set(event.transactionId, built.messages.at(-1)?.n ?? 0);
      for (const { message, n } of wantedMessages(event, built.messages, query)) {
        page.messages.push(message);
        if (page.messages.length >= query.limit) {
          return { ...page, full: true, next: { blockNumber: block.blockNumber, transactionId: event.transactionId, n } };
        }
      }
    }
    page.next = endOf(block, lastNumbers) ?? page.next;
  }
  return page;
}
