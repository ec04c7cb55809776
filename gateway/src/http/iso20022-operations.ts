/**
 * The ISO 20022 routes (issue 19), answered by the gateway from the bond
 * ledger as the caller reads it, never from gateway state: the feed of the
 * messages the CSD sends its participants (generated from committed chain
 * events, each read only by the members it is addressed to, and by the CSD
 * and the regulator), one message as XML, and the holdings (semt.002) and
 * transactions (semt.017) statements of an account.
 */
import { ErrorCode } from '@bond-platform/chaincode/api';
import type { Response } from 'express';
import {
  feedReader,
  type FeedReader,
  MESSAGE_ID_PATTERN,
  messageId,
  parseMessageId,
  type SkippedEvent,
  UnknownPositionError,
} from '../standards/iso20022/feed';
import { type FeedLedger, readFeedPage, readMessage } from '../standards/iso20022/ledger-feed';
import { holdingsStatement, type StatementLedger, transactionsStatement } from '../standards/iso20022/ledger-statements';
import { type IsoMessage, MessageType } from '../standards/iso20022/message';
import { type LedgerQuery, LedgerReferenceData } from '../standards/iso20022/reference-data';
import { isCalendarDate } from '../standards/iso20022/statement-data';
import { ApiError } from './errors';
import { type GatewayCall, type GatewayOperation, type JsonSchema, mspId, text } from './operations';

const TAG = 'Standards';
const ISIN_PATTERN = '^[A-Z]{2}[A-Z0-9]{9}[0-9]$';
/** 1 to 500, in decimal digits. */
const LIMIT_PATTERN = '^([1-9]|[1-9][0-9]|[1-4][0-9]{2}|500)$';
const DEFAULT_LIMIT = 100;
const DATE_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$';
const ACCOUNT_ID: JsonSchema = { ...text('the account, as the ledger names it', '^[A-Za-z0-9][A-Za-z0-9._-]*$'), maxLength: 32 };
const XML: JsonSchema = { type: 'string', description: 'an ISO 20022 Document, UTF-8' };

const MESSAGE_SUMMARY: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'messageType', 'accounts', 'recipients', 'createdAt'],
  properties: {
    id: { type: 'string', pattern: MESSAGE_ID_PATTERN, description: '<block>:<txId>:<n>: GET /iso20022/messages/{id} gives the XML' },
    messageType: { type: 'string', enum: Object.values(MessageType) },
    isin: { type: 'string' },
    accounts: {
      type: 'array',
      description: 'the accounts the message is about (none for static data)',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['holder', 'accountId'],
        properties: { holder: { type: 'string' }, accountId: { type: 'string' } },
      },
    },
    recipients: { type: 'array', items: { type: 'string' }, description: "MSP IDs the message is addressed to, or ['*'] for every member" },
    createdAt: { type: 'string', format: 'date-time', description: "the event's transaction timestamp" },
  },
};

/** The answer of GET /iso20022/messages. */
export interface MessageFeedAnswer {
  messages: Omit<IsoMessage, 'xml'>[];
  next: string | null;
  skipped: number;
}

const FEED_ANSWER: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['messages', 'next', 'skipped'],
  properties: {
    messages: { type: 'array', items: MESSAGE_SUMMARY },
    next: {
      type: 'string',
      nullable: true,
      pattern: MESSAGE_ID_PATTERN,
      description:
        'resume after this position (pass it as `after`): the last message of a full page, else the end of the blocks read; a position, which may name no message of yours. Null only when nothing was read',
    },
    skipped: {
      type: 'integer',
      minimum: 0,
      description:
        'events in the blocks read whose messages could not be built (the gateway logs each with a warning): their messages are missing',
    },
  },
};

/** Queries of the bond chaincode as the caller. */
function ledgerQuery(call: GatewayCall): LedgerQuery {
  return (contract, fn, args) => call.services.ledger.evaluate(call.user, contract, fn, args);
}

/** The members, the caller's record among them, and the ledger reads of this request (each record read once). */
async function readerOf(call: GatewayCall): Promise<{ refs: LedgerReferenceData; reader: FeedReader }> {
  const refs = new LedgerReferenceData(ledgerQuery(call));
  await refs.loadMembers();
  return { refs, reader: feedReader(call.input.mspId, refs.member(call.input.mspId)) };
}

function feedLedger(call: GatewayCall, refs: LedgerReferenceData): FeedLedger {
  const { iso20022 } = call.services;
  return { source: iso20022.blocks(call.user), chaincode: iso20022.chaincode, builders: iso20022.builders, refs };
}

function logSkipped(call: GatewayCall, skipped: readonly SkippedEvent[]): void {
  for (const event of skipped)
    call.services.iso20022.logger.warn(
      { ...event },
      'ISO 20022: an event was skipped: its message builder failed; its messages are missing',
    );
}

function sendXml(res: Response, xml: string): void {
  res.status(200).type('application/xml').send(xml);
}

/** A message's metadata: everything but its XML. */
const summary = (m: IsoMessage): Omit<IsoMessage, 'xml'> => ({
  id: m.id,
  messageType: m.messageType,
  ...(m.isin === undefined ? {} : { isin: m.isin }),
  accounts: m.accounts,
  recipients: m.recipients,
  createdAt: m.createdAt,
});

/** A query date: a real calendar date, not after today (UTC): a statement states what happened. */
function pastDate(call: GatewayCall, name: string): string {
  const date = call.input.query[name] ?? '';
  if (!isCalendarDate(date)) throw new ApiError(400, 'INVALID_ARGUMENT', `${name} must be a calendar date, YYYY-MM-DD`);
  if (date > new Date().toISOString().slice(0, 10)) throw new ApiError(400, 'INVALID_ARGUMENT', `${name} must not be after today (UTC)`);
  return date;
}

/**
 * The statement's account, if the caller may have its statement: the holder
 * itself, the CSD or a regulator (403 ACCESS_DENIED otherwise); and what it
 * is read from.
 */
async function statementLedger(call: GatewayCall): Promise<{ ledger: StatementLedger; account: { holder: string; accountId: string } }> {
  const { statements } = call.services.iso20022;
  const account = { holder: call.input.query.holder ?? '', accountId: call.input.query.accountId ?? '' };
  const { refs, reader } = await readerOf(call);
  if (!reader.readsAll && reader.mspId !== account.holder)
    throw new ApiError(403, ErrorCode.ACCESS_DENIED, `only ${account.holder}, the CSD and a regulator may have this account's statements`);
  const { source, chaincode } = feedLedger(call, refs);
  return { ledger: { source, chaincode, query: ledgerQuery(call), refs, statements }, account };
}

const ACCOUNT_QUERY = {
  holder: { schema: mspId('the holder'), required: true, description: "the account's holder (MSP ID)" },
  accountId: { schema: ACCOUNT_ID, required: true, description: "the holder's account" },
};
const STATEMENT_FAILURES = {
  '400': 'invalid query: missing holder or account, a date that is no calendar date or is after today, from after to',
  '403': 'ACCESS_DENIED: only the holder, the CSD and a regulator may have an account’s statements',
};

export const ISO20022_OPERATIONS: readonly GatewayOperation[] = [
  {
    operationId: 'listIso20022Messages',
    method: 'get',
    path: '/iso20022/messages',
    tag: TAG,
    ledger: 'bond',
    summary: "The caller's ISO 20022 messages generated from committed chain events, in ledger order, after a position (metadata only)",
    description:
      'A feed since a checkpoint, as the event stream resumes after Last-Event-ID: each message is generated from a committed event of the bond chaincode (never from gateway state) and addressed to the members whose accounts it concerns; a member reads those addressed to it and those for every member (static data), the CSD and the regulator read all. Pass `next` as `after` for the next page; a page ends at the channel height it began at. The XML of a message: GET /iso20022/messages/{id}.',
    query: {
      after: {
        schema: { type: 'string', pattern: MESSAGE_ID_PATTERN },
        description: 'resume after this message id or `next` (<block>:<txId>:<n>)',
      },
      limit: { schema: { type: 'string', pattern: LIMIT_PATTERN }, description: `messages at most, 1 to 500 (default ${DEFAULT_LIMIT})` },
      type: { schema: { type: 'string', enum: Object.values(MessageType) }, description: 'only messages of this message version' },
      isin: { schema: { type: 'string', pattern: ISIN_PATTERN }, description: 'only messages about this bond' },
    },
    answer: { status: 200, description: 'a page of message metadata and where to resume', schema: FEED_ANSWER },
    failures: { '400': 'invalid query (also `after` naming a transaction its block does not have)' },
    handle: async (call): Promise<MessageFeedAnswer> => {
      const { query } = call.input;
      const after = query.after === undefined ? undefined : parseMessageId(query.after);
      if (query.after !== undefined && after === undefined)
        throw new ApiError(400, 'INVALID_ARGUMENT', 'after must be a message id <block>:<txId>:<n> (a block number up to 2^64-1)');
      const { refs, reader } = await readerOf(call);
      try {
        const page = await readFeedPage(feedLedger(call, refs), {
          reader,
          limit: query.limit === undefined ? DEFAULT_LIMIT : Number(query.limit),
          ...(after ? { after } : {}),
          ...(query.type ? { type: query.type as MessageType } : {}),
          ...(query.isin ? { isin: query.isin } : {}),
        });
        logSkipped(call, page.skipped);
        return { messages: page.messages.map(summary), next: page.next ? messageId(page.next) : null, skipped: page.skipped.length };
      } catch (error) {
        if (error instanceof UnknownPositionError)
          throw new ApiError(400, 'INVALID_ARGUMENT', `after names no transaction of its block: ${error.message}`);
        throw error;
      }
    },
  },
  {
    operationId: 'getIso20022Message',
    method: 'get',
    path: '/iso20022/messages/{id}',
    tag: TAG,
    ledger: 'bond',
    summary: 'One ISO 20022 message as XML, by its id <block>:<txId>:<n>, if it is addressed to the caller',
    description:
      'Generated again from the committed event (the ledger is the record; the gateway keeps no messages). A message that is not the caller’s is answered as one that does not exist.',
    answer: { status: 200, description: 'the message', schema: XML, mediaType: 'application/xml' },
    failures: { '400': 'not a message id', '404': 'no such message, or not addressed to the caller' },
    handle: async (call) => {
      const position = parseMessageId(call.input.params.id ?? '');
      if (!position) throw new ApiError(400, 'INVALID_ARGUMENT', 'a message id is <block>:<txId>:<n> (a block number up to 2^64-1)');
      const { refs, reader } = await readerOf(call);
      const { message, skipped } = await readMessage(feedLedger(call, refs), position, reader);
      logSkipped(call, skipped ? [skipped] : []);
      if (!message) throw new ApiError(404, 'NOT_FOUND', `no message ${messageId(position)}`);
      sendXml(call.res, message.xml);
      return undefined;
    },
  },
  {
    operationId: 'getHoldingsStatement',
    method: 'get',
    path: '/iso20022/statements/holdings',
    tag: TAG,
    ledger: 'bond',
    summary: "semt.002 statement of holdings: an account's positions at the end of a date (the holder, the CSD, a regulator)",
    description:
      "Each bond the account held at the end of `date` (UTC) with its units, frozen and pledged units as the ledger recorded them then: units from the holding's key history, pledges from their records, freezes from the committed events. Reads the chain from its first block.",
    query: {
      ...ACCOUNT_QUERY,
      date: {
        schema: { type: 'string', pattern: DATE_PATTERN },
        required: true,
        description: 'the statement date, YYYY-MM-DD (UTC), not after today',
      },
    },
    answer: { status: 200, description: 'the semt.002 message', schema: XML, mediaType: 'application/xml' },
    failures: STATEMENT_FAILURES,
    handle: async (call) => {
      const date = pastDate(call, 'date');
      const { ledger, account } = await statementLedger(call);
      sendXml(call.res, (await holdingsStatement(ledger, account, date)).xml);
      return undefined;
    },
  },
  {
    operationId: 'getTransactionsStatement',
    method: 'get',
    path: '/iso20022/statements/transactions',
    tag: TAG,
    ledger: 'bond',
    summary: "semt.017 statement of transactions: an account's movements from one date to another (the holder, the CSD, a regulator)",
    description:
      'The unit movements of the account recorded by the committed events whose transactions fall from `from` to `to` (inclusive, UTC). Reads the chain from its first block.',
    query: {
      ...ACCOUNT_QUERY,
      from: { schema: { type: 'string', pattern: DATE_PATTERN }, required: true, description: 'first date, YYYY-MM-DD (UTC)' },
      to: {
        schema: { type: 'string', pattern: DATE_PATTERN },
        required: true,
        description: 'last date, YYYY-MM-DD (UTC), not before `from` nor after today',
      },
    },
    answer: { status: 200, description: 'the semt.017 message', schema: XML, mediaType: 'application/xml' },
    failures: STATEMENT_FAILURES,
    handle: async (call) => {
      const from = pastDate(call, 'from');
      const to = pastDate(call, 'to');
      if (from > to) throw new ApiError(400, 'INVALID_ARGUMENT', 'from must not be after to');
      const { ledger, account } = await statementLedger(call);
      sendXml(call.res, (await transactionsStatement(ledger, account, from, to)).xml);
      return undefined;
    },
  },
];
