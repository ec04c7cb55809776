/**
 * A bond application's status machine: an issuer files it PENDING_APPROVAL
 * and the CSD decides once, APPROVED (the bond comes into being, with its
 * ISIN and CFI) or REJECTED. Pure: the caller supplies the records and the
 * change stamp.
 */
import type { Bond, BondApplication, BondTermsRequest } from '../api/bonds';
import { ChaincodeError, ErrorCode } from '../api/errors';
import type { ChangeStamp } from '../api/membership';
import { FIRST_BOND_STATUS } from './bond-lifecycle';
import { deriveCfi } from './cfi';
import { isinFromNationalCode, isValidIsin } from './isin';
import { invalid } from './validation';

export type ApplicationStatus = BondApplication['status'];

export const APPLICATION_TRANSITIONS: Readonly<Record<ApplicationStatus, readonly ApplicationStatus[]>> = {
  PENDING_APPROVAL: ['APPROVED', 'REJECTED'],
  APPROVED: [],
  REJECTED: [],
};

/** Whether the CSD may still decide the application: once decided, it stays decided. */
export function mayDecide(application: Pick<BondApplication, 'status'>): boolean {
  return APPLICATION_TRANSITIONS[application.status].length > 0;
}

/** Refuses (INVALID_STATE_TRANSITION) an application that was already decided. */
export function requirePending(application: Pick<BondApplication, 'applicationId' | 'status'>): void {
  if (!mayDecide(application)) {
    throw new ChaincodeError(
      ErrorCode.INVALID_STATE_TRANSITION,
      `application ${application.applicationId} was already ${application.status}`,
    );
  }
}

/** An issuer's application, keyed by the transaction that files it. */
export function fileApplication(issuer: string, terms: BondTermsRequest, stamp: ChangeStamp): BondApplication {
  return { applicationId: stamp.txId, issuer, terms, status: 'PENDING_APPROVAL', filed: stamp };
}

/** The approved application and the bond it creates, APPROVED, with its ISIN and CFI. */
export function approveApplication(
  application: BondApplication,
  isin: string,
  issuerLei: string,
  stamp: ChangeStamp,
): { application: BondApplication; bond: Bond } {
  requirePending(application);
  const bond: Bond = {
    isin,
    cfi: deriveCfi(application.terms),
    issuer: application.issuer,
    issuerLei,
    applicationId: application.applicationId,
    terms: { ...application.terms, isin },
    status: FIRST_BOND_STATUS,
    approved: stamp,
    lastChange: stamp,
  };
  return { application: { ...application, status: 'APPROVED', isin, decided: stamp }, bond };
}

export function rejectApplication(application: BondApplication, reason: string, stamp: ChangeStamp): BondApplication {
  requirePending(application);
  return { ...application, status: 'REJECTED', rejectionReason: reason, decided: stamp };
}

/**
 * The ISIN of an approved bond: country + the CSD's national code + check
 * digit when the CSD gives a code (it must equal the issuer's proposal, if
 * any), else the issuer's proposed ISIN.
 */
export function assignIsin(application: Pick<BondApplication, 'terms'>, request: Record<string, unknown>): string {
  if (request.nationalCode !== undefined) {
    const country = request.countryCode ?? 'CN';
    if (typeof country !== 'string' || !/^[A-Z]{2}$/.test(country)) throw invalid('countryCode must be two upper-case letters');
    if (typeof request.nationalCode !== 'string' || !/^[A-Z0-9]{9}$/.test(request.nationalCode)) {
      throw invalid('nationalCode must be 9 upper-case letters or digits');
    }
    const isin = isinFromNationalCode(country, request.nationalCode);
    if (application.terms.isin !== undefined && application.terms.isin !== isin) {
      throw invalid(`the assigned ISIN ${isin} differs from the issuer's ${application.terms.isin}`);
    }
    return isin;
  }
  const proposed = application.terms.isin;
  if (proposed === undefined || !isValidIsin(proposed)) {
    throw invalid('the application has no ISIN: give nationalCode (and countryCode) to assign one');
  }
  return proposed;
}
