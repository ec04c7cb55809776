/**
 * Submit and track: a write is sent with `Prefer: respond-async`, so the
 * gateway answers 202 `{transactionId, status: "PENDING"}` as soon as the
 * transaction is ordered; `GET /transactions/{txId}` is then polled until
 * it is COMMITTED (or its failure is known), for at most two minutes (a
 * 404, 429 or 5xx says nothing of the transaction: it is polled again);
 * and the same request is sent once more with the same Idempotency-Key
 * and no `Prefer`, which answers the stored outcome (`{transactionId,
 * blockNumber, result}`) without a second transaction. A route that is no
 * chaincode transaction (user administration, the scheduler) simply
 * answers 200 or 201.
 */
import { type ApiErrorBody, errorOf } from '../model/errors';
import { outcomeUnknown } from '../model/idempotency';

export type Progress =
  | { stage: 'idle' }
  | { stage: 'submitted' }
  | { stage: 'ordered'; txId: string }
  | { stage: 'committed'; txId?: string; result: unknown }
  /** `outcomeUnknown`: the transaction may still commit, so a retry must reuse the key (model/idempotency.ts). */
  | { stage: 'failed'; error: ApiErrorBody; txId?: string; outcomeUnknown: boolean };

/** One send of the action's request, with these extra headers. */
export type Send = (headers: Record<string, string>) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

export interface TrackDeps {
  /** GET /transactions/{txId}: the status body, or the error answer. */
  status(txId: string): Promise<{ data?: unknown; error?: unknown; response: Response }>;
  sleep(ms: number): Promise<void>;
}

/** How long to wait for a commit before telling the user to retry (the gateway's own wait is 60 s). */
const POLL_LIMIT_MS = 120_000;

class Failed extends Error {
  constructor(
    readonly error: ApiErrorBody,
    readonly unknown: boolean,
    readonly txId?: string,
  ) {
    super(error.message);
  }
}

/** Sends the action and reports its progress; resolves with the last Progress (committed or failed). */
export async function submitAndTrack(
  send: Send,
  idempotencyKey: string,
  onProgress: (p: Progress) => void,
  deps: TrackDeps,
): Promise<Progress> {
  // The transaction once known, so that any later failure still names it for the user to look up.
  let txId: string | undefined;
  const report = (p: Progress) => {
    if (p.stage === 'ordered') txId = p.txId;
    onProgress(p);
  };
  let final: Progress;
  try {
    final = await track(send, idempotencyKey, report, deps);
  } catch (error) {
    final =
      error instanceof Failed
        ? { stage: 'failed', error: error.error, txId: error.txId ?? txId, outcomeUnknown: error.unknown }
        : { stage: 'failed', error: errorOf(undefined, 0), txId, outcomeUnknown: true };
  }
  onProgress(final);
  return final;
}

async function track(send: Send, key: string, onProgress: (p: Progress) => void, deps: TrackDeps): Promise<Progress> {
  onProgress({ stage: 'submitted' });
  const first = await send({ 'Idempotency-Key': key, Prefer: 'respond-async' });
  const status = first.response.status;
  if (status === 202) {
    const txId = (first.data as { transactionId: string }).transactionId;
    onProgress({ stage: 'ordered', txId });
    await untilCommitted(txId, deps);
    return outcome(await send({ 'Idempotency-Key': key }));
  }
  if (first.error === undefined) return outcome(first);
  const error = errorOf(first.error, status);
  // The first attempt with this key is still undecided: follow its transaction instead of failing.
  const pendingTx = error.code === 'IDEMPOTENCY_KEY_PENDING' ? (error.txId ?? error.details?.transactionId) : undefined;
  if (pendingTx === undefined) throw new Failed(error, outcomeUnknown(status, error), error.txId);
  onProgress({ stage: 'ordered', txId: pendingTx });
  await untilCommitted(pendingTx, deps);
  return outcome(await send({ 'Idempotency-Key': key }));
}

/** A final answer: committed with the transaction's result, or the failure. */
function outcome(answer: { data?: unknown; error?: unknown; response: Response }): Progress {
  if (answer.error !== undefined || !answer.response.ok) {
    const error = errorOf(answer.error, answer.response.status);
    throw new Failed(error, outcomeUnknown(answer.response.status, error), error.txId);
  }
  const body = answer.data as { transactionId?: unknown; result?: unknown } | undefined;
  if (typeof body?.transactionId === 'string') return { stage: 'committed', txId: body.transactionId, result: body.result };
  return { stage: 'committed', result: body };
}

/**
 * A failed status query that says nothing of the transaction: not on the
 * ledger yet (404: another peer may not have the block, or the gateway
 * restarted), no answer, or the gateway or peer busy (408, 429, 5xx). It
 * may still commit, so polling goes on.
 */
function pollAgain(status: number, error: ApiErrorBody): boolean {
  return status === 404 || outcomeUnknown(status, error);
}

/** The status query's answer, a network failure as status 0. */
async function statusOf(txId: string, deps: TrackDeps): Promise<{ data?: unknown; error?: ApiErrorBody; status: number }> {
  try {
    const answer = await deps.status(txId);
    const status = answer.response.status;
    return answer.error === undefined ? { data: answer.data, status } : { error: errorOf(answer.error, status), status };
  } catch {
    return { error: errorOf(undefined, 0), status: 0 };
  }
}

async function untilCommitted(txId: string, deps: TrackDeps): Promise<void> {
  let waited = 0;
  for (let delay = 500; waited < POLL_LIMIT_MS; delay = Math.min(delay * 2, 3000)) {
    const answer = await statusOf(txId, deps);
    if (answer.error !== undefined) {
      if (!pollAgain(answer.status, answer.error)) {
        // Only a validation code is the transaction's outcome; any other refusal is the query's (the transaction may still commit).
        throw new Failed(answer.error, answer.error.details?.validationCode === undefined, txId);
      }
    } else {
      const body = answer.data as { status: string; valid?: boolean; validationCode?: string };
      if (body.status === 'COMMITTED') {
        if (body.valid === false) {
          const validationCode = body.validationCode ?? 'unknown';
          const message = `the transaction was invalidated: ${validationCode}`;
          throw new Failed({ code: 'TRANSACTION_INVALID', message, details: { validationCode } }, false, txId);
        }
        return;
      }
    }
    await deps.sleep(delay);
    waited += delay;
  }
  throw new Failed(
    {
      code: 'FABRIC_TIMEOUT',
      message: `no outcome seen within ${POLL_LIMIT_MS / 60_000} minutes: check the transaction later by its id, or press the button again (nothing is submitted twice)`,
    },
    true,
    txId,
  );
}
