/**
 * GET /transactions/{txId}: a submitted transaction's outcome. One this
 * gateway still tracks answers PENDING or its failure; otherwise the
 * committed transaction is looked up on the ledger (qscc).
 */
import type { Express } from 'express';
import type { LedgerClient } from '../fabric/ledger-client';
import { lookupTransaction } from '../fabric/transaction-lookup';
import { ApiError, fromFabricError } from './errors';
import { handled, requireUser } from './middleware';
import type { Submissions } from './submission';

export function mountTransactionRoutes(app: Express, ledger: LedgerClient, submissions: Submissions): void {
  app.get(
    '/transactions/:txId',
    handled(async (req, res) => {
      const user = requireUser(res);
      const txId = req.params.txId as string;
      const known = submissions.tracked(txId);
      if (known?.state === 'PENDING') {
        res.json({ transactionId: txId, status: 'PENDING' });
        return;
      }
      if (known?.state === 'FAILED') throw known.error;
      try {
        res.json({ ...(await lookupTransaction(ledger.network(user), txId)), status: 'COMMITTED' });
      } catch (error) {
        if (/not found|no such|failed to get transaction/i.test(String((error as { details?: unknown[] }).details ?? '') + String(error))) {
          throw new ApiError(404, 'NOT_FOUND', `transaction ${txId} is not on the ledger`);
        }
        throw fromFabricError(error);
      }
    }),
  );
}
