/**
 * GET /transactions/{txId}: a submitted transaction's outcome. One this
 * gateway still tracks answers PENDING or its failure; otherwise the
 * committed transaction is looked up on the ledgers the gateway serves
 * (qscc), the primary one first.
 */
import type { LedgerClient } from '../fabric/ledger-client';
import { lookupTransaction } from '../fabric/transaction-lookup';
import { ApiError, fromFabricError } from './errors';
import type { Submissions } from './submission';

/** The transaction's status as the route answers it: PENDING, or COMMITTED with its ledger record; a tracked failure is thrown. */
export async function transactionStatus(
  services: { ledger: LedgerClient; submissions: Submissions },
  user: string,
  txId: string,
): Promise<unknown> {
  const known = services.submissions.tracked(txId);
  if (known?.state === 'PENDING') return { transactionId: txId, status: 'PENDING' };
  if (known?.state === 'FAILED') throw known.error;
  // The gateway does not keep which ledger a transaction id belongs to: it is on at most one.
  for (const ledger of services.ledger.ledgers) {
    try {
      return { ...(await lookupTransaction(services.ledger.network(user, ledger), txId)), status: 'COMMITTED' };
    } catch (error) {
      if (!/not found|no such|failed to get transaction/i.test(String((error as { details?: unknown[] }).details ?? '') + String(error))) {
        throw fromFabricError(error);
      }
    }
  }
  throw new ApiError(404, 'NOT_FOUND', `transaction ${txId} is not on the ledger`);
}
