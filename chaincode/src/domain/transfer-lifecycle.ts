/**
 * Secondary transfer instructions: instructed by the seller, affirmed by the
 * buyer, then settled; cancelled by a party, or expired once their
 * `expiresAt` has passed unsettled.
 */
import type { Transfer } from '../api/bonds';
import { ChaincodeError, ErrorCode } from '../api/errors';

type TransferStatus = Transfer['status'];

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

export function transferTransition(transfer: Pick<Transfer, 'transferId' | 'status'>, to: TransferStatus): TransferStatus {
  if (!TRANSFER_TRANSITIONS[transfer.status].includes(to)) {
    throw new ChaincodeError(
      ErrorCode.INVALID_STATE_TRANSITION,
      `transfer ${transfer.transferId} is ${transfer.status}; it cannot become ${to}`,
    );
  }
  return to;
}
