/**
 * Pledges of holdings: a holder pledges units to a pledgee; the pledge is
 * ACTIVE until the pledgee releases it (or the pledgor, once it has
 * expired) or the pledgee enforces it (the units become the pledgee's;
 * only where the pledge is enforceable and before its expiry). Every status
 * change goes through `pledgeTransition`. Pure: the caller supplies the
 * pledge, the caller's MSP ID and the transaction time.
 */
import type { Pledge, PledgeStatus } from '../api/bonds';
import { ChaincodeError, ErrorCode } from '../api/errors';
import type { ChangeStamp } from '../api/membership';
import { requireInstant } from './dates';
import { parseUnits } from './decimal';
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
  if (couponsTo === 'PLEDGEE') {
    throw invalid('couponsTo PLEDGEE is not supported yet: coupons on pledged units are paid to the holder (PLEDGOR)');
  }
  if (couponsTo !== 'PLEDGOR') throw invalid('couponsTo must be PLEDGOR or PLEDGEE');
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
