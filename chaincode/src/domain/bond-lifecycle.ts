/**
 * A bond's status machine: which status may follow which. A bond comes into
 * being APPROVED, when the CSD approves its application
 * (domain/bond-application.ts); every later change of its status goes through
 * `transition` (ledger/bonds-store.ts, advanceBond).
 */
import { ChaincodeError, ErrorCode } from '../api/errors';
import { type BondStatus, BondStatus as S } from '../api/bonds';

/** The status an approved bond is recorded with. */
export const FIRST_BOND_STATUS: BondStatus = S.APPROVED;

export const BOND_TRANSITIONS: Readonly<Record<BondStatus, readonly BondStatus[]>> = {
  [S.APPROVED]: [S.BOOK_OPEN],
  [S.BOOK_OPEN]: [S.BOOK_CLOSED],
  [S.BOOK_CLOSED]: [S.ALLOCATED],
  [S.ALLOCATED]: [S.SETTLING],
  [S.SETTLING]: [S.ISSUED],
  [S.ISSUED]: [S.CALLED, S.REDEEMED, S.DEFAULTED],
  [S.CALLED]: [S.REDEEMED, S.DEFAULTED],
  [S.REDEEMED]: [],
  [S.DEFAULTED]: [],
};

export function canTransition(from: BondStatus, to: BondStatus): boolean {
  return BOND_TRANSITIONS[from].includes(to);
}

/** Returns `to` if the lifecycle allows it, otherwise refuses with INVALID_STATE_TRANSITION. */
export function transition(isin: string, from: BondStatus, to: BondStatus): BondStatus {
  if (!canTransition(from, to)) {
    throw new ChaincodeError(ErrorCode.INVALID_STATE_TRANSITION, `bond ${isin} is ${from}; it cannot become ${to}`);
  }
  return to;
}

/** Refuses unless the bond is in one of `expected`. */
export function requireStatus(isin: string, status: BondStatus, ...expected: BondStatus[]): void {
  if (!expected.includes(status)) {
    throw new ChaincodeError(ErrorCode.INVALID_STATE_TRANSITION, `bond ${isin} is ${status}; this needs ${expected.join(' or ')}`);
  }
}
