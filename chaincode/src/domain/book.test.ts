import fc from 'fast-check';
import { refusal, TERMS } from '../../test/support/fixtures';
import { type Bond, type Book, bookWindowHasClosed } from '../api/bonds';
import { canTransition } from './bond-lifecycle';
import {
  bidRate,
  BOND_STATUS_OF_BOOK,
  BOOK_TRANSITIONS,
  type BookStatus,
  bookrunnerOf,
  bookTransition,
  bookTypeFor,
  isInBiddingWindow,
  mayAllocateBook,
  mayCloseBook,
  mayOpenBook,
  openBook,
  requireTakingBids,
} from './book';
import { parseBondTerms } from './bond-terms';

const stamp = { txId: 'tx', timestamp: '2026-02-01T09:00:00.000Z', mspId: 'X', identity: 'x509::CN=operator1' };
const OPENS = '2026-02-02T09:00:00.000Z';
const CLOSES = '2026-02-03T17:00:00.000Z';

function bond(leadUnderwriter?: string): Bond {
  const terms = { ...parseBondTerms(TERMS), leadUnderwriter };
  return {
    isin: 'CNTEST000015',
    cfi: 'DBFUFR',
    issuer: 'IssuerMSP',
    issuerLei: 'L',
    applicationId: 'a',
    terms,
    status: 'APPROVED',
    approved: stamp,
    lastChange: stamp,
  };
}

function book(status: BookStatus = 'OPEN'): Book {
  return { ...openBook(bond('UnderwriterMSP'), { bookType: 'FIXED_PRICE', opensAt: OPENS, closesAt: CLOSES }, stamp), status };
}

const instant = fc.date({ min: new Date('2026-01-01'), max: new Date('2026-12-31'), noInvalidDate: true }).map((d) => d.toISOString());

describe('book status machine', () => {
  it('goes OPEN → CLOSED → ALLOCATED and nowhere else', () => {
    const statuses = Object.keys(BOOK_TRANSITIONS) as BookStatus[];
    fc.assert(
      fc.property(fc.constantFrom(...statuses), fc.constantFrom(...statuses), (from, to) => {
        const allowed = (from === 'OPEN' && to === 'CLOSED') || (from === 'CLOSED' && to === 'ALLOCATED');
        if (allowed) expect(bookTransition(book(from), to, stamp)).toMatchObject({ status: to, lastChange: stamp });
        else expect(() => bookTransition(book(from), to, stamp)).toThrow(`INVALID_STATE_TRANSITION: the book of CNTEST000015 is ${from}`);
      }),
    );
  });

  it('takes the bond along: each book step is a step of the bond lifecycle', () => {
    expect(BOND_STATUS_OF_BOOK).toEqual({ OPEN: 'BOOK_OPEN', CLOSED: 'BOOK_CLOSED', ALLOCATED: 'ALLOCATED' });
    expect(canTransition('APPROVED', BOND_STATUS_OF_BOOK.OPEN)).toBe(true);
    for (const [from, next] of Object.entries(BOOK_TRANSITIONS) as [BookStatus, BookStatus[]][]) {
      for (const to of next) expect(canTransition(BOND_STATUS_OF_BOOK[from], BOND_STATUS_OF_BOOK[to])).toBe(true);
    }
  });
});

describe('who runs the book', () => {
  it('is the lead underwriter, else the issuer; either may open it', () => {
    expect(bookrunnerOf(bond('UnderwriterMSP'))).toBe('UnderwriterMSP');
    expect(bookrunnerOf(bond())).toBe('IssuerMSP');
    expect(mayOpenBook(bond('UnderwriterMSP'), 'IssuerMSP')).toBe(true);
    expect(mayOpenBook(bond('UnderwriterMSP'), 'UnderwriterMSP')).toBe(true);
    expect(mayOpenBook(bond('UnderwriterMSP'), 'InvestorMSP')).toBe(false);
    expect(book().bookrunner).toBe('UnderwriterMSP');
  });

  it('only the bookrunner allocates', () => {
    expect(mayAllocateBook(book(), 'UnderwriterMSP')).toBe(true);
    expect(mayAllocateBook(book(), 'IssuerMSP')).toBe(false);
    expect(mayAllocateBook(book(), 'CSDMSP')).toBe(false);
  });

  it('the bookrunner closes at any time, the CSD once the window has passed, nobody else (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom('UnderwriterMSP', 'CSDMSP', 'IssuerMSP', 'InvestorMSP'), instant, (caller, now) => {
        const expected = caller === 'UnderwriterMSP' || (caller === 'CSDMSP' && now >= CLOSES);
        expect(mayCloseBook(book(), caller, 'CSDMSP', now)).toBe(expected);
      }),
    );
  });
});

describe('bidding window', () => {
  it('takes bids from opensAt until, not including, closesAt; the window has passed from closesAt on (property)', () => {
    fc.assert(
      fc.property(instant, (now) => {
        expect(isInBiddingWindow(book(), now)).toBe(OPENS <= now && now < CLOSES);
        expect(bookWindowHasClosed(book(), now)).toBe(now >= CLOSES);
      }),
    );
    expect(bookWindowHasClosed(book(), CLOSES)).toBe(true);
    expect(isInBiddingWindow(book(), OPENS)).toBe(true);
  });

  it('refuses a bid outside the window, and in a book that is not open', () => {
    const bidAt = (b: Book, now: string): string =>
      refusal(() => {
        requireTakingBids(b, now);
      });
    expect(bidAt(book(), '2026-02-02T08:59:59.999Z')).toBe(
      `OUTSIDE_WINDOW: the book of CNTEST000015 takes bids from ${OPENS} until ${CLOSES}`,
    );
    expect(bidAt(book(), CLOSES)).toMatch(/^OUTSIDE_WINDOW/);
    expect(bidAt(book('CLOSED'), OPENS)).toBe('INVALID_STATE_TRANSITION: the book of CNTEST000015 is CLOSED');
    expect(bidAt(book(), OPENS)).toBe('accepted');
  });
});

describe('opening a book', () => {
  it('needs a window that ends after it starts', () => {
    expect(() => openBook(bond(), { bookType: 'FIXED_PRICE', opensAt: CLOSES, closesAt: CLOSES }, stamp)).toThrow(
      'closesAt must be after opensAt',
    );
    expect(book()).toMatchObject({ status: 'OPEN', opensAt: OPENS, closesAt: CLOSES, opened: stamp, lastChange: stamp });
  });

  it('opens the book type the terms allow, and a tender book takes rates while a fixed-price one refuses them', () => {
    // Bonds applied for before bookType was published have none in their terms.
    const unrecorded = { ...bond(), terms: { ...bond().terms, bookType: undefined } };
    const tender = { ...unrecorded, terms: { ...unrecorded.terms, interestRate: undefined } };
    expect(bookTypeFor(bond(), 'FIXED_PRICE')).toBe('FIXED_PRICE');
    expect(() => bookTypeFor(bond(), 'TENDER')).toThrow('were applied for with a FIXED_PRICE book');
    expect(() => bookTypeFor(unrecorded, 'TENDER')).toThrow('a tender discovers the interest rate');
    expect(() => bookTypeFor(tender, 'FIXED_PRICE')).toThrow('a fixed-price book needs the interest rate');
    expect(() => bookTypeFor(bond(), 'AUCTION')).toThrow('bookType must be FIXED_PRICE or TENDER');
    expect(bidRate({ bookType: 'TENDER' }, '2.850')).toBe('2.85');
    expect(() => bidRate({ bookType: 'FIXED_PRICE' }, '2.85')).toThrow('a fixed-price book takes no rate');
    expect(bidRate({ bookType: 'FIXED_PRICE' }, undefined)).toBeUndefined();
  });
});
