/**
 * Allocation of a closed book, deterministic so any member can re-compute it
 * from the revealed order book.
 *
 * Fixed price: pro rata. If demand D exceeds supply S, each bid b gets
 * ⌊b·S/D⌋ units; the units this leaves (fewer than the number of bids) go
 * one each to the bids with the largest remainders b·S mod D.
 *
 * Tender (rate discovery, uniform rate): bids are filled from the lowest
 * rate up. The marginal rate is the rate at which supply runs out (or the
 * highest bid rate when demand is short); bids below it are filled in full,
 * bids at it share what is left pro rata as above, bids above it get
 * nothing. Every allocated bond pays the marginal rate.
 *
 * Tie rule, both methods: equal remainders are served in ascending order of
 * the bidder's MSP ID, then account ID. Whole units only; no bid receives
 * more than it asked for; the total never exceeds supply.
 *
 * A bid split across accounts is allocated as one bid; its units are then
 * divided among its accounts by the same pro rata rule (ties by account ID),
 * giving one allocation line per account.
 */
import { ChaincodeError, ErrorCode } from '../api/errors';

export interface OrderBookBid {
  bidder: string;
  accountId: string;
  units: bigint;
  /** Fixed-point percent (tender only). */
  rate?: bigint;
}

export interface AllocatedBid {
  bidder: string;
  accountId: string;
  units: bigint;
}

export interface AllocationResult {
  lines: AllocatedBid[];
  /** Tender: the marginal rate; fixed price: undefined. */
  clearingRate?: bigint;
  allocatedUnits: bigint;
}

function compareBidders(a: OrderBookBid, b: OrderBookBid): number {
  if (a.bidder !== b.bidder) return a.bidder < b.bidder ? -1 : 1;
  return a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0;
}

/** Pro rata with largest remainders; `supply` may exceed demand (everyone filled). */
export function proRata(bids: readonly OrderBookBid[], supply: bigint): AllocatedBid[] {
  const ordered = [...bids].sort(compareBidders);
  const demand = ordered.reduce((sum, bid) => sum + bid.units, 0n);
  if (demand <= supply) return ordered.map(({ bidder, accountId, units }) => ({ bidder, accountId, units }));
  const shares = ordered.map((bid, index) => ({
    bid,
    index,
    units: (bid.units * supply) / demand,
    remainder: (bid.units * supply) % demand,
  }));
  let leftover = supply - shares.reduce((sum, s) => sum + s.units, 0n);
  const byRemainder = [...shares].sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const share of byRemainder) {
    if (leftover === 0n) break;
    if (share.units < share.bid.units) {
      share.units += 1n;
      leftover -= 1n;
    }
  }
  return shares.map(({ bid, units }) => ({ bidder: bid.bidder, accountId: bid.accountId, units }));
}

export function allocateFixedPrice(bids: readonly OrderBookBid[], supply: bigint): AllocationResult {
  const lines = proRata(bids, supply);
  return { lines, allocatedUnits: lines.reduce((sum, l) => sum + l.units, 0n) };
}

export function allocateTender(bids: readonly OrderBookBid[], supply: bigint): AllocationResult {
  const rated = bids.map((bid) => {
    if (bid.rate === undefined) throw new ChaincodeError(ErrorCode.INVALID_ARGUMENT, `tender bid of ${bid.bidder} has no rate`);
    return { ...bid, rate: bid.rate };
  });
  const rates = [...new Set(rated.map((b) => b.rate))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const lines: AllocatedBid[] = [];
  let remaining = supply;
  let clearingRate: bigint | undefined;
  for (const rate of rates) {
    const tier = rated.filter((b) => b.rate === rate);
    if (remaining === 0n) {
      lines.push(...tier.map(({ bidder, accountId }) => ({ bidder, accountId, units: 0n })));
      continue;
    }
    clearingRate = rate;
    const filled = proRata(tier, remaining);
    remaining -= filled.reduce((sum, l) => sum + l.units, 0n);
    lines.push(...filled);
  }
  lines.sort((a, b) => compareBidders({ ...a, units: 0n }, { ...b, units: 0n }));
  return { lines, clearingRate, allocatedUnits: supply - remaining };
}

/**
 * The over-allotment actually exercisable: what the bookrunner asks for,
 * capped by the terms' limit and by demand in excess of the issue size.
 */
export function exercisableOverAllotment(requested: bigint, limit: bigint, demand: bigint, issueSize: bigint): bigint {
  if (requested > limit) {
    throw new ChaincodeError(ErrorCode.INVALID_ARGUMENT, `over-allotment of ${requested} exceeds the terms' limit of ${limit}`);
  }
  const excess = demand > issueSize ? demand - issueSize : 0n;
  if (requested > excess) {
    throw new ChaincodeError(ErrorCode.INVALID_ARGUMENT, `over-allotment of ${requested} exceeds the excess demand of ${excess}`);
  }
  return requested;
}

/** One account of a bid and the units asked for it. */
export interface AccountDemand {
  accountId: string;
  units: bigint;
}

/** A bid of the order book with the accounts it credits (one for a single-account bid). */
export interface BookBid {
  bidder: string;
  units: bigint;
  /** Fixed-point percent (tender only). */
  rate?: bigint;
  /** Distinct accounts whose units add up to `units`. */
  accounts: readonly AccountDemand[];
}

/**
 * Divides a bid's allocated units among its accounts: pro rata with largest
 * remainders, equal remainders in ascending account ID. The parts add up to
 * `allocated`, which may not exceed what the accounts asked for.
 */
export function splitAmongAccounts(bidder: string, accounts: readonly AccountDemand[], allocated: bigint): AllocatedBid[] {
  const demand = accounts.reduce((sum, a) => sum + a.units, 0n);
  if (allocated < 0n || allocated > demand) {
    throw new ChaincodeError(
      ErrorCode.INVALID_ARGUMENT,
      `${allocated} units cannot be divided among accounts of ${bidder} asking for ${demand}`,
    );
  }
  return proRata(
    accounts.map((a) => ({ bidder, accountId: a.accountId, units: a.units })),
    allocated,
  );
}

/**
 * Allocates a book bid by bid (fixed price or tender), then divides each
 * bid's units among its accounts: one line per account, in order of bidder
 * then account.
 */
export function allocateBook(bids: readonly BookBid[], supply: bigint, tender: boolean): AllocationResult {
  const byBidder = new Map<string, BookBid>();
  for (const bid of bids) {
    if (byBidder.has(bid.bidder)) throw new ChaincodeError(ErrorCode.INVALID_ARGUMENT, `${bid.bidder} has more than one bid in the book`);
    if (bid.accounts.reduce((sum, a) => sum + a.units, 0n) !== bid.units) {
      throw new ChaincodeError(ErrorCode.INVALID_ARGUMENT, `the accounts of ${bid.bidder}'s bid do not add up to its ${bid.units} units`);
    }
    byBidder.set(bid.bidder, bid);
  }
  // A bidder has one bid per book, so the account ID never decides a tie between bids.
  const perBid = (tender ? allocateTender : allocateFixedPrice)(
    bids.map((b) => ({ bidder: b.bidder, accountId: firstAccountId(b.accounts), units: b.units, rate: b.rate })),
    supply,
  );
  const lines = perBid.lines.flatMap((line) => splitAmongAccounts(line.bidder, byBidder.get(line.bidder)?.accounts ?? [], line.units));
  return { ...perBid, lines };
}

function firstAccountId(accounts: readonly AccountDemand[]): string {
  return (
    accounts.reduce<string | undefined>((first, a) => (first === undefined || a.accountId < first ? a.accountId : first), undefined) ?? ''
  );
}
