/**
 * Bookbuilding and allocation. Bids are confidential: each is written, from
 * transient input, to the implicit private data collections of the bidder,
 * the CSD and the bookrunner (so only their peers hold it; the channel holds
 * only its hash) plus a public reference saying who bid, not what. At
 * allocation the bookrunner reveals the order book; the chaincode checks
 * every bid against its on-chain hash and that no active bid is missing,
 * then allocates deterministically, so any member can re-compute it.
 * Who runs the book, its statuses and window are in domain/book.ts.
 */
import { createHash } from 'node:crypto';
import { Info, Returns, Transaction } from 'fabric-contract-api';
import {
  type Allocation,
  type Bid,
  type BidReference,
  BondEvent,
  type BookAllocated,
  type Book,
  BookType,
  ChaincodeError,
  ErrorCode,
} from '../api';
import { allocateBook, type BookBid, exercisableOverAllotment } from '../domain/allocation';
import { accountsOfBid, requireBidAccounts, requireBidUnits } from '../domain/bids';
import {
  bidRate,
  BOND_STATUS_OF_BOOK,
  bookTransition,
  openBook,
  requireMayAllocateBook,
  requireMayCloseBook,
  requireMayOpenBook,
  requireTakingBids,
} from '../domain/book';
import { canonicalJson } from '../domain/canonical-json';
import { formatPercent, parsePercent, parseWhole } from '../domain/decimal';
import { invalid, parseJsonObject, requireText } from '../domain/validation';
import { advanceBond, requireBond, requireStatus } from '../ledger/bonds-store';
import { BondContext } from '../ledger/context';
import { GuardedContract } from '../ledger/guarded-contract';
import { implicitCollection, key, KeyType } from '../ledger/keys';
import {
  changeStamp,
  decodeJson,
  emitEvent,
  encodeJson,
  readRecord,
  recordAndAnnounce,
  pageOfRecords,
  parsePageSize,
  recordsUnder,
  requireRecord,
  transientJson,
  writeRecord,
} from '../ledger/state';

/** Whose peers hold a bid: the bidder's, the CSD's and the bookrunner's. */
function bidCollections(ctx: BondContext, book: Book, bidder: string): string[] {
  return [...new Set([bidder, ctx.csd, book.bookrunner])].sort().map(implicitCollection);
}

@Info({ title: 'Books', description: 'Bookbuilding, confidential bids and allocation' })
export class BookContract extends GuardedContract {
  constructor() {
    super('Books');
  }

  /** The issuer, or its lead underwriter, opens the book of an approved bond for a time window. */
  @Transaction()
  @Returns('string')
  async OpenBook(ctx: BondContext, requestJson: string): Promise<string> {
    const input = parseJsonObject(requestJson, 'request');
    const bond = await requireBond(ctx, requireText(input.isin, 'isin', 12));
    requireMayOpenBook(bond, ctx.auth.mspId);
    const book = openBook(bond, input, changeStamp(ctx));
    await advanceBond(ctx, bond, BOND_STATUS_OF_BOOK[book.status]);
    return recordAndAnnounce(ctx.stub, key(ctx.stub, KeyType.BOOK, bond.isin), book, BondEvent.BOOK_OPENED);
  }

  /**
   * Places the caller's bid, from transient input "bid" (see BidRequest):
   * for one account, or split across several. Returns only the public reference.
   */
  @Transaction()
  @Returns('string')
  async PlaceBid(ctx: BondContext): Promise<string> {
    return this.#writeBid(ctx, false);
  }

  /** Replaces the caller's active bid, from transient input "bid". */
  @Transaction()
  @Returns('string')
  async AmendBid(ctx: BondContext): Promise<string> {
    return this.#writeBid(ctx, true);
  }

  @Transaction()
  @Returns('string')
  async WithdrawBid(ctx: BondContext, isin: string): Promise<string> {
    const book = await this.#openBookInWindow(ctx, isin);
    const refKey = key(ctx.stub, KeyType.BID_REF, isin, ctx.auth.mspId);
    const ref = await readRecord<BidReference>(ctx.stub, refKey);
    if (ref?.status !== 'ACTIVE') throw new ChaincodeError(ErrorCode.NOT_FOUND, `${ctx.auth.mspId} has no active bid in ${isin}`);
    for (const collection of bidCollections(ctx, book, ctx.auth.mspId)) {
      await ctx.stub.deletePrivateData(collection, key(ctx.stub, KeyType.BID, isin, ctx.auth.mspId));
    }
    const withdrawn: BidReference = { ...ref, status: 'WITHDRAWN', lastChange: changeStamp(ctx) };
    return recordAndAnnounce(ctx.stub, refKey, withdrawn, BondEvent.BID_WITHDRAWN);
  }

  /** The bookrunner closes the book at any time; the CSD (its scheduler) once the book's window has passed. */
  @Transaction()
  @Returns('string')
  async CloseBook(ctx: BondContext, isin: string): Promise<string> {
    const book = await this.#book(ctx, isin);
    requireMayCloseBook(book, ctx.auth.mspId, ctx.csd, ctx.stub.getDateTimestamp().toISOString());
    const closed = bookTransition(book, 'CLOSED', changeStamp(ctx));
    await advanceBond(ctx, await requireBond(ctx, isin), BOND_STATUS_OF_BOOK[closed.status]);
    return recordAndAnnounce(ctx.stub, key(ctx.stub, KeyType.BOOK, isin), closed, BondEvent.BOOK_CLOSED);
  }

  /**
   * The bookrunner allocates a closed book, revealing the order book as
   * transient input "orderBook" (the bids exactly as stored).
   */
  @Transaction()
  @Returns('string')
  async AllocateBook(ctx: BondContext, requestJson: string): Promise<string> {
    const input = parseJsonObject(requestJson, 'request');
    const isin = requireText(input.isin, 'isin', 12);
    const book = await this.#book(ctx, isin);
    requireMayAllocateBook(book, ctx.auth.mspId);
    const allocated = bookTransition(book, 'ALLOCATED', changeStamp(ctx));
    const bond = await requireBond(ctx, isin);
    requireStatus(isin, bond.status, BOND_STATUS_OF_BOOK[book.status]);

    const orderBook = await this.#verifiedOrderBook(ctx, isin, transientJson(ctx.stub, 'orderBook'));
    const bids: BookBid[] = orderBook.map((b) => ({
      bidder: b.bidder,
      units: BigInt(b.units),
      rate: b.rate === undefined ? undefined : parsePercent(b.rate, 'rate'),
      accounts: accountsOfBid(b),
    }));
    const issueSize = BigInt(bond.terms.issueSize);
    const demand = bids.reduce((sum, b) => sum + b.units, 0n);
    const overAllotment = exercisableOverAllotment(
      parseWhole(input.overAllotmentUnits ?? '0', 'overAllotmentUnits'),
      BigInt(bond.terms.overAllotmentLimit ?? '0'),
      demand,
      issueSize,
    );
    const result = allocateBook(bids, issueSize + overAllotment, book.bookType === BookType.TENDER);
    const clearingRate = result.clearingRate !== undefined ? formatPercent(result.clearingRate) : bond.terms.interestRate;
    const allocation: Allocation = {
      isin,
      bookType: book.bookType,
      issueSize: bond.terms.issueSize,
      overAllotmentUnits: overAllotment.toString(),
      clearingRate,
      issuePrice: bond.terms.issuePrice,
      orderBook,
      lines: result.lines.map((l) => ({ bidder: l.bidder, accountId: l.accountId, units: l.units.toString() })),
      allocated: allocated.lastChange,
    };
    await writeRecord(ctx.stub, key(ctx.stub, KeyType.ALLOCATION, isin), allocation);
    await writeRecord(ctx.stub, key(ctx.stub, KeyType.BOOK, isin), allocated);
    await advanceBond(ctx, bond, BOND_STATUS_OF_BOOK[allocated.status], { terms: { ...bond.terms, interestRate: clearingRate } });
    const announced: BookAllocated = {
      isin,
      bookType: allocation.bookType,
      issueSize: allocation.issueSize,
      overAllotmentUnits: allocation.overAllotmentUnits,
      clearingRate,
      bids: orderBook.length,
      lines: allocation.lines.length,
      allocatedUnits: result.allocatedUnits.toString(),
      allocated: allocation.allocated,
    };
    emitEvent(ctx.stub, BondEvent.BOOK_ALLOCATED, announced);
    return canonicalJson(allocation);
  }

  @Transaction(false)
  @Returns('string')
  async GetBook(ctx: BondContext, isin: string): Promise<string> {
    return canonicalJson(await this.#book(ctx, isin));
  }

  /** Who has bid in a book (public); the bids themselves are private. */
  @Transaction(false)
  @Returns('string')
  async ListBidReferences(ctx: BondContext, isin: string, pageSize: string, bookmark: string): Promise<string> {
    return canonicalJson(await pageOfRecords<BidReference>(ctx.stub, KeyType.BID_REF, [isin], parsePageSize(pageSize), bookmark));
  }

  /** A bid, for the bidder, the CSD or the bookrunner, read from the caller's own organisation's peer. */
  @Transaction(false)
  @Returns('string')
  async GetBid(ctx: BondContext, isin: string, bidder: string): Promise<string> {
    const book = await this.#book(ctx, isin);
    this.#assertPrivateReader(ctx, [bidder, ctx.csd, book.bookrunner]);
    const bytes = await ctx.stub.getPrivateData(implicitCollection(ctx.auth.mspId), key(ctx.stub, KeyType.BID, isin, bidder));
    if (bytes.length === 0) throw new ChaincodeError(ErrorCode.NOT_FOUND, `no bid of ${bidder} in ${isin}`);
    return canonicalJson(decodeJson<Bid>(bytes));
  }

  /** The whole order book, for the CSD and the bookrunner, from their own peer. */
  @Transaction(false)
  @Returns('string')
  async GetOrderBook(ctx: BondContext, isin: string): Promise<string> {
    const book = await this.#book(ctx, isin);
    this.#assertPrivateReader(ctx, [ctx.csd, book.bookrunner]);
    const bids: Bid[] = [];
    for await (const kv of ctx.stub.getPrivateDataByPartialCompositeKey(implicitCollection(ctx.auth.mspId), KeyType.BID, [isin])) {
      bids.push(decodeJson<Bid>(kv.value));
    }
    return canonicalJson(bids);
  }

  @Transaction(false)
  @Returns('string')
  async GetAllocation(ctx: BondContext, isin: string): Promise<string> {
    return canonicalJson(await requireRecord<Allocation>(ctx.stub, key(ctx.stub, KeyType.ALLOCATION, isin), `the allocation of ${isin}`));
  }

  #assertPrivateReader(ctx: BondContext, entitled: string[]): void {
    if (!entitled.includes(ctx.auth.mspId)) {
      throw new ChaincodeError(ErrorCode.ACCESS_DENIED, `${ctx.auth.mspId} is not entitled to these bids`);
    }
    if (ctx.stub.getMspID() !== ctx.auth.mspId) {
      throw new ChaincodeError(ErrorCode.ACCESS_DENIED, "private bids are read from the caller's own organisation's peer");
    }
  }

  async #writeBid(ctx: BondContext, amend: boolean): Promise<string> {
    const input = transientJson(ctx.stub, 'bid');
    if (input === null || typeof input !== 'object' || Array.isArray(input)) throw invalid('bid must be a JSON object');
    const request = input as Record<string, unknown>;
    const isin = requireText(request.isin, 'isin', 12);
    const book = await this.#openBookInWindow(ctx, isin);
    const bidder = ctx.auth.mspId;
    const refKey = key(ctx.stub, KeyType.BID_REF, isin, bidder);
    const active = (await readRecord<BidReference>(ctx.stub, refKey))?.status === 'ACTIVE';
    if (!amend && active) throw new ChaincodeError(ErrorCode.ALREADY_EXISTS, `${bidder} already has a bid in ${isin}; amend it`);
    if (amend && !active) throw new ChaincodeError(ErrorCode.NOT_FOUND, `${bidder} has no active bid in ${isin}`);
    const units = requireBidUnits(request.units, request.accounts);
    const bid: Bid = {
      isin,
      bidder,
      units: units.toString(),
      rate: bidRate(book, request.rate),
      ...requireBidAccounts(request.accountId, request.accounts, units),
      placedTxId: ctx.stub.getTxID(),
    };
    const bytes = encodeJson(bid);
    for (const collection of bidCollections(ctx, book, bidder)) {
      await ctx.stub.putPrivateData(collection, key(ctx.stub, KeyType.BID, isin, bidder), bytes);
    }
    const ref: BidReference = { isin, bidder, status: 'ACTIVE', lastChange: changeStamp(ctx) };
    return recordAndAnnounce(ctx.stub, refKey, ref, amend ? BondEvent.BID_AMENDED : BondEvent.BID_PLACED);
  }

  async #book(ctx: BondContext, isin: string): Promise<Book> {
    return requireRecord<Book>(ctx.stub, key(ctx.stub, KeyType.BOOK, isin), `the book of ${isin}`);
  }

  async #openBookInWindow(ctx: BondContext, isin: string): Promise<Book> {
    const book = await this.#book(ctx, isin);
    requireTakingBids(book, ctx.stub.getDateTimestamp().toISOString());
    return book;
  }

  /** Checks a revealed order book: exactly the active bids, each matching its hash on the ledger. */
  async #verifiedOrderBook(ctx: BondContext, isin: string, revealed: unknown): Promise<Bid[]> {
    if (!Array.isArray(revealed)) throw invalid('orderBook must be a JSON array of bids');
    const active = (await recordsUnder<BidReference>(ctx.stub, KeyType.BID_REF, [isin]))
      .map((r) => r.value)
      .filter((r) => r.status === 'ACTIVE')
      .map((r) => r.bidder)
      .sort();
    const bids = (revealed as Bid[]).map((b) => ({ ...b }));
    const bidders = bids.map((b) => b.bidder).sort();
    if (canonicalJson(bidders) !== canonicalJson(active)) {
      throw new ChaincodeError(
        ErrorCode.ORDER_BOOK_MISMATCH,
        `the order book must hold exactly the active bids of ${active.join(', ') || 'nobody'}`,
      );
    }
    for (const bid of bids) {
      const onLedger = await ctx.stub.getPrivateDataHash(implicitCollection(ctx.csd), key(ctx.stub, KeyType.BID, isin, bid.bidder));
      const revealedHash = createHash('sha256').update(encodeJson(bid)).digest();
      if (bid.isin !== isin || onLedger.length === 0 || !Buffer.from(onLedger).equals(revealedHash)) {
        throw new ChaincodeError(ErrorCode.ORDER_BOOK_MISMATCH, `the revealed bid of ${bid.bidder} does not match its hash on the ledger`);
      }
    }
    return bids.sort((a, b) => (a.bidder < b.bidder ? -1 : 1));
  }
}
