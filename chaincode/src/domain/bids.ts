/**
 * What a bid credits: one account (`accountId`), or several (`accounts`),
 * e.g. an underwriter or custodian bank bidding for its clients. With
 * `accounts`, the bid's `units` is still stated and must equal their sum, so
 * the total a member bids is never only implied. Accounts follow the
 * trading account rule (validation.ts), are distinct, ask for whole
 * positive units, and are stored in ascending account ID order, so the same
 * bid always has the same bytes (and hash) whatever order it was sent in.
 */
import { type Bid, type BidAccount, MAX_BID_ACCOUNTS } from '../api/bonds';
import type { AccountDemand } from './allocation';
import { parseUnits } from './decimal';
import { invalid, requireTradingAccountId } from './validation';

/** The account fields of a bid as stored: exactly one of the two. */
export type BidAccounts = { accountId: string } | { accounts: BidAccount[] };

/** The bid's units: required with `accounts` too (their sum, never derived). */
export function requireBidUnits(units: unknown, accounts: unknown): bigint {
  if (units === undefined && accounts !== undefined) throw invalid("units is required with accounts: the sum of the accounts' units");
  return parseUnits(units, 'units');
}

/** Checks the account fields of a bid request against its `units`; refusals are INVALID_ARGUMENT. */
export function requireBidAccounts(accountId: unknown, accounts: unknown, units: bigint): BidAccounts {
  if (accountId !== undefined && accounts !== undefined) throw invalid('a bid names either accountId or accounts, not both');
  if (accounts === undefined) return { accountId: requireTradingAccountId(accountId) };
  if (!Array.isArray(accounts) || accounts.length < 1 || accounts.length > MAX_BID_ACCOUNTS) {
    throw invalid(`accounts must be a list of 1 to ${MAX_BID_ACCOUNTS} accounts`);
  }
  const seen = new Set<string>();
  let sum = 0n;
  const parsed = (accounts as unknown[]).map((entry, index) => {
    const field = `accounts[${index}]`;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry))
      throw invalid(`${field} must be an object with accountId and units`);
    const { accountId: id, units: asked } = entry as Record<string, unknown>;
    const account = requireTradingAccountId(id, `${field}.accountId`);
    if (seen.has(account)) throw invalid(`${field}.accountId ${account} is named twice`);
    seen.add(account);
    const accountUnits = parseUnits(asked, `${field}.units`);
    sum += accountUnits;
    return { accountId: account, units: accountUnits };
  });
  if (sum !== units) throw invalid(`units ${units} must equal the sum of the accounts' units, ${sum}`);
  parsed.sort((a, b) => (a.accountId < b.accountId ? -1 : 1));
  return { accounts: parsed.map((a) => ({ accountId: a.accountId, units: a.units.toString() })) };
}

/** The accounts a stored bid credits, with their units (a single-account bid: its one account). */
export function accountsOfBid(bid: Pick<Bid, 'units' | 'accountId' | 'accounts'>): AccountDemand[] {
  if (bid.accounts !== undefined) return bid.accounts.map((a) => ({ accountId: a.accountId, units: BigInt(a.units) }));
  return [{ accountId: bid.accountId ?? '', units: BigInt(bid.units) }];
}
