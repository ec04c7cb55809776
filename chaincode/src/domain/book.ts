/**
 * A bond's book: who runs it, its status machine (OPEN → CLOSED →
 * ALLOCATED), the bidding window, and the bond status each step of the book
 * takes the bond to. Pure: the caller supplies the records, the caller's
 * MSP ID and the transaction time.
 */
import { type Bond, type Book, bookWindowHasClosed, type BondStatus, BookType } from '../api/bonds';
import { ChaincodeError, ErrorCode } from '../api/errors';
import type { ChangeStamp } from '../api/membership';
import { requireInstant } from './dates';
import { formatPercent, parsePercent } from './decimal';
import { invalid } from './validation';

export type BookStatus = Book['status'];

export const BOOK_TRANSITIONS: Readonly<Record<BookStatus, readonly BookStatus[]>> = {
  OPEN: ['CLOSED'],
  CLOSED: ['ALLOCATED'],
  ALLOCATED: [],
};

/** The bond's status while its book is in each status. */
export const BOND_STATUS_OF_BOOK: Readonly<Record<BookStatus, BondStatus>> = {
  OPEN: 'BOOK_OPEN',
  CLOSED: 'BOOK_CLOSED',
  ALLOCATED: 'ALLOCATED',
};

/** The book `book` becomes as `to`, stamped; refuses (INVALID_STATE_TRANSITION) a step the machine does not allow. */
export function bookTransition(book: Book, to: BookStatus, stamp: ChangeStamp): Book {
  if (!BOOK_TRANSITIONS[book.status].includes(to)) throw wrongStatus(book);
  return { ...book, status: to, lastChange: stamp };
}

/** The bookrunner: the lead underwriter, or the issuer when there is none. */
export function bookrunnerOf(bond: Pick<Bond, 'issuer' | 'terms'>): string {
  return bond.terms.leadUnderwriter ?? bond.issuer;
}

/** The issuer or its lead underwriter opens the book. */
export function mayOpenBook(bond: Pick<Bond, 'issuer' | 'terms'>, caller: string): boolean {
  return caller === bond.issuer || caller === bookrunnerOf(bond);
}

/** The bookrunner closes the book at any time; the CSD (its scheduler) once the window has passed. */
export function mayCloseBook(book: Pick<Book, 'bookrunner' | 'closesAt'>, caller: string, csd: string, now: string): boolean {
  return caller === book.bookrunner || (caller === csd && bookWindowHasClosed(book, now));
}

/** Only the bookrunner allocates. */
export function mayAllocateBook(book: Pick<Book, 'bookrunner'>, caller: string): boolean {
  return caller === book.bookrunner;
}

/** Bids are taken while opensAt ≤ now < closesAt. */
export function isInBiddingWindow(book: Pick<Book, 'opensAt' | 'closesAt'>, now: string): boolean {
  return book.opensAt <= now && !bookWindowHasClosed(book, now);
}

export function requireMayOpenBook(bond: Pick<Bond, 'isin' | 'issuer' | 'terms'>, caller: string): void {
  if (!mayOpenBook(bond, caller)) {
    throw new ChaincodeError(ErrorCode.NOT_A_PARTY, `only the issuer or the lead underwriter of ${bond.isin} opens its book`);
  }
}

export function requireMayCloseBook(book: Book, caller: string, csd: string, now: string): void {
  if (!mayCloseBook(book, caller, csd, now)) {
    throw new ChaincodeError(
      ErrorCode.NOT_A_PARTY,
      `only the bookrunner ${book.bookrunner} closes the book of ${book.isin} before ${book.closesAt}`,
    );
  }
}

export function requireMayAllocateBook(book: Book, caller: string): void {
  if (!mayAllocateBook(book, caller)) {
    throw new ChaincodeError(ErrorCode.NOT_A_PARTY, `only the bookrunner ${book.bookrunner} runs the book of ${book.isin}`);
  }
}

/** Refuses a bid (placed, amended or withdrawn) unless the book is OPEN and `now` is in its window. */
export function requireTakingBids(book: Book, now: string): void {
  if (book.status !== 'OPEN') throw wrongStatus(book);
  if (!isInBiddingWindow(book, now)) {
    throw new ChaincodeError(ErrorCode.OUTSIDE_WINDOW, `the book of ${book.isin} takes bids from ${book.opensAt} until ${book.closesAt}`);
  }
}

/** A new OPEN book of the bond, from the request's book type and window. */
export function openBook(bond: Bond, input: Record<string, unknown>, stamp: ChangeStamp): Book {
  const bookType = bookTypeFor(bond, input.bookType);
  const opensAt = requireInstant(input.opensAt, 'opensAt');
  const closesAt = requireInstant(input.closesAt, 'closesAt');
  if (closesAt <= opensAt) throw invalid('closesAt must be after opensAt');
  return { isin: bond.isin, bookType, bookrunner: bookrunnerOf(bond), opensAt, closesAt, status: 'OPEN', opened: stamp, lastChange: stamp };
}

/** The book type asked for, if the terms allow it (bonds applied for since bookType was published record theirs). */
export function bookTypeFor(bond: Pick<Bond, 'isin' | 'terms'>, bookType: unknown): BookType {
  if (bookType !== BookType.FIXED_PRICE && bookType !== BookType.TENDER) throw invalid('bookType must be FIXED_PRICE or TENDER');
  if (bond.terms.bookType !== undefined && bookType !== bond.terms.bookType) {
    throw invalid(`the terms of ${bond.isin} were applied for with a ${bond.terms.bookType} book`);
  }
  if (bookType === BookType.FIXED_PRICE && bond.terms.interestType === 'FIXED' && bond.terms.interestRate === undefined) {
    throw invalid('a fixed-price book needs the interest rate in the terms; use a TENDER to discover it');
  }
  if (bookType === BookType.TENDER && bond.terms.interestRate !== undefined) {
    throw invalid('a tender discovers the interest rate; the terms must not fix it');
  }
  return bookType;
}

/** A bid's rate: required (and normalised) in a tender, refused in a fixed-price book. */
export function bidRate(book: Pick<Book, 'bookType'>, rate: unknown): string | undefined {
  if (book.bookType === BookType.TENDER) return formatPercent(parsePercent(rate, 'rate'));
  if (rate !== undefined) throw invalid('a fixed-price book takes no rate');
  return undefined;
}

function wrongStatus(book: Pick<Book, 'isin' | 'status'>): ChaincodeError {
  return new ChaincodeError(ErrorCode.INVALID_STATE_TRANSITION, `the book of ${book.isin} is ${book.status}`);
}
