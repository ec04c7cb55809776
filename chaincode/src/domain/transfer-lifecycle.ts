/**
 * Secondary transfer instructions: instructed by the seller, affirmed by the
 * buyer, then settled (free of payment at affirmation, against payment when
 * the CSD confirms the cash); cancelled by a party, or expired once their
 * `expiresAt` has passed unsettled. Every status change goes through
 * `transferTransition`. Pure: the caller supplies the transfer, the caller's
 * MSP ID and the transaction time.
 */
import type { Transfer } from '../api/bonds';
import { ChaincodeError, ErrorCode } from '../api/errors';
import type { ChangeStamp } from '../api/membership';
import { requireInstant } from './dates';
import { parseUnits, parseWhole } from './decimal';
import { invalid, requireMspId, requireTradingAccountId } from './validation';

export type TransferStatus = Transfer['status'];

export const TRANSFER_TRANSITIONS: Readonly<Record<TransferStatus, readonly TransferStatus[]>> = {
  INSTRUCTED: ['AFFIRMED', 'CANCELLED', 'EXPIRED'],
  AFFIRMED: ['SETTLED', 'CANCELLED', 'EXPIRED'],
  SETTLED: [],
  CANCELLED: [],
  EXPIRED: [],
};

/** Still waiting to settle: instructed or affirmed. */
export function isOpen(transfer: Pick<Transfer, 'status'>): boolean {
  return transfer.status === 'INSTRUCTED' || transfer.status === 'AFFIRMED';
}

/** Past its expiry at `now` (ISO instant of the transaction). */
export function hasExpired(transfer: Pick<Transfer, 'expiresAt'>, now: string): boolean {
  return now >= transfer.expiresAt;
}

/** Delivery versus payment: the CSD confirms a cash leg. A free-of-payment transfer ("0") settles when the buyer affirms. */
export function hasCashLeg(transfer: Pick<Transfer, 'cashAmount'>): boolean {
  return transfer.cashAmount !== '0';
}

export function transferTransition(transfer: Pick<Transfer, 'transferId' | 'status'>, to: TransferStatus): TransferStatus {
  if (!TRANSFER_TRANSITIONS[transfer.status].includes(to)) {
    throw new ChaincodeError(
      ErrorCode.INVALID_STATE_TRANSITION,
      `transfer ${transfer.transferId} is ${transfer.status}; it cannot become ${to}`,
    );
  }
  return to;
}

/** The buyer affirms. */
export function mayAffirm(transfer: Pick<Transfer, 'to'>, caller: string): boolean {
  return caller === transfer.to;
}

/** The seller or the CSD cancels at any time before settlement; the buyer before affirming, or once the instruction has expired. */
export function mayCancel(
  transfer: Pick<Transfer, 'from' | 'to' | 'status' | 'expiresAt'>,
  caller: string,
  csd: string,
  now: string,
): boolean {
  return (
    caller === csd ||
    caller === transfer.from ||
    (caller === transfer.to && (transfer.status === 'INSTRUCTED' || hasExpired(transfer, now)))
  );
}

/** An instruction settles (or is affirmed) only before its expiry. */
export function maySettle(transfer: Pick<Transfer, 'expiresAt'>, now: string): boolean {
  return !hasExpired(transfer, now);
}

/** The CSD marks an instruction EXPIRED only once its expiry has come. */
export function mayExpire(transfer: Pick<Transfer, 'expiresAt'>, now: string): boolean {
  return hasExpired(transfer, now);
}

/** A new instruction of the seller, from a TransferRequest; its id is the instructing transaction's. */
export function instructTransfer(input: Record<string, unknown>, isin: string, seller: string, stamp: ChangeStamp): Transfer {
  const transfer: Transfer = {
    transferId: stamp.txId,
    isin,
    from: seller,
    fromAccount: requireTradingAccountId(input.fromAccount, 'fromAccount'),
    to: requireMspId(input.to, 'to'),
    toAccount: requireTradingAccountId(input.toAccount, 'toAccount'),
    units: parseUnits(input.units, 'units').toString(),
    cashAmount: parseWhole(input.cashAmount ?? '0', 'cashAmount').toString(),
    expiresAt: requireInstant(input.expiresAt, 'expiresAt'),
    status: 'INSTRUCTED',
    instructed: stamp,
    lastChange: stamp,
  };
  if (transfer.to === transfer.from && transfer.toAccount === transfer.fromAccount) {
    throw invalid('a transfer needs different source and destination accounts');
  }
  if (transfer.expiresAt <= stamp.timestamp) throw invalid('expiresAt must be in the future');
  return transfer;
}

/** The buyer's affirmation, before expiry. */
export function affirmTransfer(transfer: Transfer, caller: string, stamp: ChangeStamp): Transfer {
  if (!mayAffirm(transfer, caller)) throw new ChaincodeError(ErrorCode.NOT_A_PARTY, `only the buyer ${transfer.to} affirms`);
  requireNotExpired(transfer, stamp.timestamp);
  return { ...transfer, status: transferTransition(transfer, 'AFFIRMED'), lastChange: stamp };
}

export function cancelTransfer(transfer: Transfer, caller: string, csd: string, stamp: ChangeStamp): Transfer {
  if (!mayCancel(transfer, caller, csd, stamp.timestamp)) {
    throw new ChaincodeError(ErrorCode.NOT_A_PARTY, `${caller} may not cancel transfer ${transfer.transferId}`);
  }
  return { ...transfer, status: transferTransition(transfer, 'CANCELLED'), lastChange: stamp };
}

export function expireTransfer(transfer: Transfer, stamp: ChangeStamp): Transfer {
  const expired: Transfer = { ...transfer, status: transferTransition(transfer, 'EXPIRED'), lastChange: stamp };
  if (!mayExpire(transfer, stamp.timestamp)) {
    throw new ChaincodeError(ErrorCode.OUTSIDE_WINDOW, `transfer ${transfer.transferId} expires at ${transfer.expiresAt}, not before`);
  }
  return expired;
}

/** Refuses (INVALID_ARGUMENT) a free-of-payment transfer where a cash leg is confirmed. */
export function requireCashLeg(transfer: Pick<Transfer, 'transferId' | 'cashAmount'>): void {
  if (!hasCashLeg(transfer)) throw invalid(`transfer ${transfer.transferId} is free of payment; it has no cash leg`);
}

/**
 * Refuses (OUTSIDE_WINDOW) to settle a transfer priced clean before its
 * settlement date, the date its accrued interest runs to. Settled later (a
 * failed trade), it keeps its cash amount: a failing trade settles at the
 * original consideration.
 */
export function requireSettlementDateReached(transfer: Pick<Transfer, 'transferId' | 'settlementDate'>, now: string): void {
  if (transfer.settlementDate !== undefined && now.slice(0, 10) < transfer.settlementDate) {
    throw new ChaincodeError(ErrorCode.OUTSIDE_WINDOW, `transfer ${transfer.transferId} settles from ${transfer.settlementDate}`);
  }
}

/** Refuses (OUTSIDE_WINDOW) to affirm or settle an instruction past its expiry. */
export function requireNotExpired(transfer: Pick<Transfer, 'transferId' | 'expiresAt'>, now: string): void {
  if (!maySettle(transfer, now)) {
    throw new ChaincodeError(ErrorCode.OUTSIDE_WINDOW, `transfer ${transfer.transferId} expired at ${transfer.expiresAt}`);
  }
}
