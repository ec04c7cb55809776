/**
 * Pledged repos: the borrower proposes, the lender agrees; the CSD confirms
 * the opening cash (the borrower's units are pledged to the lender, through
 * domain/pledge.ts) and later the repurchase cash (the pledge is released).
 * Not repaid, the lender enforces the pledge from the term date on. Every
 * status change goes through `repoTransition`. Dates compare the
 * transaction's UTC date. Pure: the caller supplies the repo, the caller's
 * MSP ID and the change stamp.
 */
import type { Repo, RepoDayCount, RepoStatus } from '../api/bonds';
import { ChaincodeError, ErrorCode } from '../api/errors';
import type { ChangeStamp } from '../api/membership';
import { daysBetween, requireDate } from './dates';
import { type Rational, toFraction } from './day-count';
import { mulDivHalfUp, PAR, parsePercent, parseUnits, parseWhole } from './decimal';
import { invalid, requireMspId, requireTradingAccountId } from './validation';

export const REPO_TRANSITIONS: Readonly<Record<RepoStatus, readonly RepoStatus[]>> = {
  PROPOSED: ['AGREED', 'CANCELLED'],
  AGREED: ['OPEN', 'CANCELLED'],
  OPEN: ['CLOSED', 'DEFAULTED'],
  CLOSED: [],
  DEFAULTED: [],
  CANCELLED: [],
};

export const REPO_DAY_COUNT_BASIS: Readonly<Record<RepoDayCount, bigint>> = { 'ACT/365': 365n, 'ACT/360': 360n };

export function repoTransition(repo: Pick<Repo, 'repoId' | 'status'>, to: RepoStatus): RepoStatus {
  if (!REPO_TRANSITIONS[repo.status].includes(to)) {
    throw new ChaincodeError(ErrorCode.INVALID_STATE_TRANSITION, `repo ${repo.repoId} is ${repo.status}; it cannot become ${to}`);
  }
  return to;
}

/** Repo interest exactly: principal × rate/100 × days/basis (rate in fixed-point percent). */
export function repoInterest(principal: bigint, rate: bigint, days: number, dayCount: RepoDayCount): Rational {
  return { num: principal * rate * BigInt(days), den: PAR * REPO_DAY_COUNT_BASIS[dayCount] };
}

/** principal + interest, the interest rounded half up once to minor units. */
export function repurchaseAmount(principal: bigint, rate: bigint, days: number, dayCount: RepoDayCount): bigint {
  return principal + mulDivHalfUp(principal * rate, BigInt(days), PAR * REPO_DAY_COUNT_BASIS[dayCount]);
}

const dateOf = (stamp: Pick<ChangeStamp, 'timestamp'>): string => stamp.timestamp.slice(0, 10);

/** The CSD confirms the opening cash from the open date until the term date. */
export function mayOpen(repo: Pick<Repo, 'openDate' | 'termDate'>, today: string): boolean {
  return repo.openDate <= today && today <= repo.termDate;
}

/** The repurchase cash is confirmed on the term date or earlier. */
export function mayClose(repo: Pick<Repo, 'termDate'>, today: string): boolean {
  return today <= repo.termDate;
}

/** Only the lender enforces, from the term date on, while the repurchase is unpaid (OPEN). */
export function mayEnforce(repo: Pick<Repo, 'lender' | 'termDate' | 'status'>, caller: string, today: string): boolean {
  return caller === repo.lender && repo.status === 'OPEN' && today >= repo.termDate;
}

/** OPEN with its term date at or before `asOf`: what the scheduler sees. */
export function isDue(repo: Pick<Repo, 'status' | 'termDate'>, asOf: string): boolean {
  return repo.status === 'OPEN' && repo.termDate <= asOf;
}

/** A new repo proposed by the caller (the borrower), from a RepoRequest; its id is the proposing transaction's. */
export function proposeRepo(input: Record<string, unknown>, isin: string, caller: string, stamp: ChangeStamp): Repo {
  const borrower = requireMspId(input.borrower, 'borrower');
  if (borrower !== caller) throw new ChaincodeError(ErrorCode.NOT_A_PARTY, `only ${borrower} proposes its repo; the caller is ${caller}`);
  const lender = requireMspId(input.lender, 'lender');
  if (lender === borrower) throw invalid('a borrower cannot repo with itself');
  const dayCount = input.dayCount;
  if (dayCount !== 'ACT/365' && dayCount !== 'ACT/360') throw invalid('dayCount must be ACT/365 or ACT/360');
  const principal = parseWhole(input.principal, 'principal', 1n);
  const rate = parsePercent(input.repoRate, 'repoRate');
  const openDate = requireDate(input.openDate, 'openDate');
  const termDate = requireDate(input.termDate, 'termDate');
  if (termDate <= openDate) throw invalid('termDate must be after openDate');
  if (termDate < dateOf(stamp)) throw invalid('termDate must not be in the past');
  const days = daysBetween(openDate, termDate);
  return {
    repoId: stamp.txId,
    isin,
    borrower,
    accountId: requireTradingAccountId(input.accountId),
    lender,
    units: parseUnits(input.units, 'units').toString(),
    principal: principal.toString(),
    repoRate: input.repoRate as string,
    dayCount,
    openDate,
    termDate,
    days,
    interest: toFraction(repoInterest(principal, rate, days, dayCount)),
    repurchaseAmount: repurchaseAmount(principal, rate, days, dayCount).toString(),
    status: 'PROPOSED',
    created: stamp,
    lastChange: stamp,
  };
}

/** The lender agrees to the proposed terms. */
export function agreeRepo(repo: Repo, caller: string, stamp: ChangeStamp): Repo {
  const status = repoTransition(repo, 'AGREED');
  if (caller !== repo.lender)
    throw new ChaincodeError(ErrorCode.NOT_A_PARTY, `only the lender ${repo.lender} agrees to repo ${repo.repoId}`);
  return { ...repo, status, lastChange: stamp };
}

/** Either party withdraws before the opening cash is confirmed. */
export function cancelRepo(repo: Repo, caller: string, stamp: ChangeStamp): Repo {
  const status = repoTransition(repo, 'CANCELLED');
  if (caller !== repo.borrower && caller !== repo.lender) {
    throw new ChaincodeError(ErrorCode.NOT_A_PARTY, `only ${repo.borrower} or ${repo.lender} cancels repo ${repo.repoId}`);
  }
  return { ...repo, status, lastChange: stamp };
}

/** The CSD confirmed the opening cash: the repo is OPEN, secured by pledge `pledgeId`. */
export function openRepo(repo: Repo, pledgeId: string, stamp: ChangeStamp): Repo {
  const status = repoTransition(repo, 'OPEN');
  if (!mayOpen(repo, dateOf(stamp))) {
    throw new ChaincodeError(ErrorCode.OUTSIDE_WINDOW, `repo ${repo.repoId} opens from ${repo.openDate} to ${repo.termDate}`);
  }
  return { ...repo, status, pledgeId, lastChange: stamp };
}

/** The CSD confirmed the repurchase cash: the repo is CLOSED (its pledge is released). */
export function closeRepo(repo: Repo, stamp: ChangeStamp): Repo {
  const status = repoTransition(repo, 'CLOSED');
  if (!mayClose(repo, dateOf(stamp))) {
    throw new ChaincodeError(ErrorCode.OUTSIDE_WINDOW, `repo ${repo.repoId} was due on ${repo.termDate}; it can only be enforced now`);
  }
  return { ...repo, status, lastChange: stamp };
}

/** The lender enforces an unpaid repo from its term date on: DEFAULTED (its pledge is enforced). */
export function defaultRepo(repo: Repo, caller: string, stamp: ChangeStamp): Repo {
  const status = repoTransition(repo, 'DEFAULTED');
  if (caller !== repo.lender)
    throw new ChaincodeError(ErrorCode.NOT_A_PARTY, `only the lender ${repo.lender} enforces repo ${repo.repoId}`);
  if (!mayEnforce(repo, caller, dateOf(stamp))) {
    throw new ChaincodeError(ErrorCode.OUTSIDE_WINDOW, `repo ${repo.repoId} can be enforced from its term date ${repo.termDate}`);
  }
  return { ...repo, status, lastChange: stamp };
}
