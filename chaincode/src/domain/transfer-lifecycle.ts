/** Secondary transfer instructions: instructed by the seller, affirmed by the buyer, then settled. */
import type { Transfer } from '../api/bonds';
import { ChaincodeError, ErrorCode } from '../api/errors';

type TransferStatus = Transfer['status'];

export const TRANSFER_TRANSITIONS: Readonly<Record<TransferStatus, readonly TransferStatus[]>> = {
  INSTRUCTED: ['AFFIRMED', 'CANCELLED'],
  AFFIRMED: ['SETTLED', 'CANCELLED'],
  SETTLED: [],
  CANCELLED: [],
};

export function transferTransition(transfer: Pick<Transfer, 'transferId' | 'status'>, to: TransferStatus): TransferStatus {
  if (!TRANSFER_TRANSITIONS[transfer.status].includes(to)) {
    throw new ChaincodeError(
      ErrorCode.INVALID_STATE_TRANSITION,
      `transfer ${transfer.transferId} is ${transfer.status}; it cannot become ${to}`,
    );
  }
  return to;
}
