/**
 * Pledges of holdings: a holder pledges units to a pledgee; the pledge is
 * ACTIVE until the pledgee releases it (or the pledgor, once it has
 * expired) or the pledgee enforces it (the units become the pledgee's;
 * only where the pledge is enforceable and before its expiry). Every status
 * change goes through `pledgeTransition`. Pure: the caller supplies the
 * pledge, the caller's MSP ID and the transaction time.
 */
import type { Pledge, PledgeStatus } from '../api/bonds';
import type { PledgeeShare } from '../api/servicing';
import { ChaincodeError, ErrorCode } from '../api/errors';
import type { ChangeStamp } from '../api/membership';
import { requireInstant } from './dates';
import type { Rational } from './day-count';
import { parseUnits } from './decimal';
import { holdingPayment } from './coupon-schedule';
import { invalid, requireFreeText, requireMspId, requireTradingAccountId } from './validation';

export const PLEDGE_TRANSITIONS: Readonly<Record<PledgeStatus, readonly PledgeStatus[]>> = {
  ACTIVE: ['RELEASED', 'ENFORCED'],
  RELEASED: [],
  ENFORCED: [],
};

export function pledgeTransition(pledge: Pick<Pledge, 'pledgeId' | 'status'>, to: PledgeStatus): PledgeStatus {
  if (!PLEDGE_TRANSITIONS[pledge.status].includes(to)) {
    throw new ChaincodeError(ErrorCode.INVALID_STATE_TRANSITION, `pledge ${pledge.pledgeId} is ${pledge.status}; it cannot become ${to}`);
  }
  return to;
}

/** Past its expiry at `now` (ISO instant of the transaction); a pledge without one never expires. */
export function hasExpired(pledge: Pick<Pledge, 'expiresAt'>, now: string): boolean {
  return pledge.expiresAt !== undefined && now >= pledge.expiresAt;
}

/** The pledgee releases at any time; the pledgor once the pledge has expired. */
export function mayRelease(pledge: Pick<Pledge, 'pledgor' | 'pledgee' | 'expiresAt'>, caller: string, now: string): boolean {
  return caller === pledge.pledgee || (caller === pledge.pledgor && hasExpired(pledge, now));
}

/** Only the pledgee enforces, only an enforceable pledge, and only before its expiry. */
export function mayEnforce(pledge: Pick<Pledge, 'pledgee' | 'enforceable' | 'expiresAt'>, caller: string, now: string): boolean {
  return caller === pledge.pledgee && pledge.enforceable && !hasExpired(pledge, now);
}

/** A new pledge of the caller (the holder), from a PledgeRequest; its id is the pledging transaction's. */
export function createPledge(input: Record<string, unknown>, isin: string, caller: string, stamp: ChangeStamp): Pledge {
  const holder = requireMspId(input.holder, 'holder');
  if (holder !== caller) throw new ChaincodeError(ErrorCode.NOT_A_PARTY, `only ${holder} pledges its holding; the caller is ${caller}`);
  const pledgee = requireMspId(input.pledgee, 'pledgee');
  if (pledgee === holder) throw invalid('a holder cannot pledge to itself');
  if (typeof input.enforceable !== 'boolean') throw invalid('enforceable must be true or false');
  const couponsTo = input.couponsTo ?? 'PLEDGOR';
  if (couponsTo !== 'PLEDGOR' && couponsTo !== 'PLEDGEE') throw invalid('couponsTo must be PLEDGOR or PLEDGEE');
  const pledge: Pledge = {
    pledgeId: stamp.txId,
    isin,
    pledgor: holder,
    accountId: requireTradingAccountId(input.accountId),
    pledgee,
    units: parseUnits(input.units, 'units').toString(),
    reference: requireFreeText(input.reference, 'reference', 100),
    enforceable: input.enforceable,
    couponsTo,
    status: 'ACTIVE',
    created: stamp,
    lastChange: stamp,
  };
  if (input.expiresAt !== undefined) {
    pledge.expiresAt = requireInstant(input.expiresAt, 'expiresAt');
    if (pledge.expiresAt <= stamp.timestamp) throw invalid('expiresAt must be in the future');
  }
  return pledge;
}

export function releasePledge(pledge: Pledge, caller: string, stamp: ChangeStamp): Pledge {
  const status = pledgeTransition(pledge, 'RELEASED');
  if (!mayRelease(pledge, caller, stamp.timestamp)) {
    const when = pledge.expiresAt === undefined ? '' : `, or ${pledge.pledgor} from ${pledge.expiresAt}`;
    throw new ChaincodeError(ErrorCode.NOT_A_PARTY, `only the pledgee ${pledge.pledgee} releases pledge ${pledge.pledgeId}${when}`);
  }
  return { ...pledge, status, lastChange: stamp };
}

/** The pledgee's enforcement: the pledge becomes ENFORCED to its account `accountId` (the caller moves the units). */
export function enforcePledge(pledge: Pledge, caller: string, accountId: unknown, stamp: ChangeStamp): Pledge {
  const status = pledgeTransition(pledge, 'ENFORCED');
  if (caller !== pledge.pledgee)
    throw new ChaincodeError(ErrorCode.NOT_A_PARTY, `only the pledgee ${pledge.pledgee} enforces pledge ${pledge.pledgeId}`);
  if (!pledge.enforceable) {
    throw new ChaincodeError(ErrorCode.INVALID_STATE_TRANSITION, `pledge ${pledge.pledgeId}'s terms do not allow enforcement`);
  }
  if (!mayEnforce(pledge, caller, stamp.timestamp)) {
    throw new ChaincodeError(
      ErrorCode.OUTSIDE_WINDOW,
      `pledge ${pledge.pledgeId} expired at ${pledge.expiresAt}; it can no longer be enforced`,
    );
  }
  return { ...pledge, status, enforcedTo: requireTradingAccountId(accountId, 'accountId'), lastChange: stamp };
}

// --- coupons on pledged units ------------------------------------------------------------

/**
 * Whether a pledge held its units at the end of `date` (the UTC day of the
 * transaction timestamps, as the record-date register): made on or before
 * that day, and still ACTIVE or ended after it. Its status changes once, so
 * the record alone tells.
 */
export function activeAtEndOf(pledge: Pick<Pledge, 'status' | 'created' | 'lastChange'>, date: string): boolean {
  if (pledge.created.timestamp.slice(0, 10) > date) return false;
  return pledge.status === 'ACTIVE' || pledge.lastChange.timestamp.slice(0, 10) > date;
}

/**
 * The pledgees' shares of a holding's coupon, for its pledges whose terms
 * pay coupons to the pledgee (couponsTo PLEDGEE), active at the end of the
 * record date, in pledge id order. The holding's payment is rounded once as
 * every payment (units × per unit); the shares are carved out of it by
 * cumulative rounding (share k = round(Σ units up to k × per unit) −
 * round(Σ units before k × per unit)), so they never exceed it and the
 * holder's part is the rest.
 */
export function pledgeeShares(
  pledges: readonly Pick<Pledge, 'pledgeId' | 'pledgee' | 'units' | 'couponsTo'>[],
  perUnit: Rational,
): PledgeeShare[] {
  const shares: PledgeeShare[] = [];
  let units = 0n;
  let paid = 0n;
  for (const pledge of [...pledges].sort((a, b) => (a.pledgeId < b.pledgeId ? -1 : a.pledgeId > b.pledgeId ? 1 : 0))) {
    if (pledge.couponsTo !== 'PLEDGEE') continue;
    units += BigInt(pledge.units);
    const cumulative = holdingPayment(units, perUnit);
    shares.push({ pledgeId: pledge.pledgeId, pledgee: pledge.pledgee, units: pledge.units, amount: (cumulative - paid).toString() });
    paid = cumulative;
  }
  return shares;
}
