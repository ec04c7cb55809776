/** What the user is told: an error in the API's words and plain ones, a write's progress, a load in progress. */
import type { ComponentChildren } from 'preact';
import type { Progress } from '../api/progress';
import { type ApiErrorBody, explain } from '../model/errors';
import { href } from '../model/route';
import type { Loaded } from './hooks';

/**
 * `<CODE>: <message>`, the request id for the help desk, and what it means;
 * for a write that failed after submission, its transaction, which the user
 * can look up (later, if its outcome is unknown: it may still commit).
 */
export function ErrorAlert({ error, txId, outcomeUnknown }: { error: ApiErrorBody; txId?: string; outcomeUnknown?: boolean }) {
  const plain = explain(error.code);
  return (
    <div role="alert" class="alert">
      <p>
        <strong>{error.code}</strong>: {error.message}
      </p>
      {plain !== undefined && <p>{plain}</p>}
      {error.details?.problems && (
        <ul>
          {error.details.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {txId !== undefined && (
        <p>
          Transaction <code>{txId}</code>
          {outcomeUnknown === true ? ' may still commit: check it later under ' : ': see it under '}
          <a href={href('verify', txId)}>Verify transaction</a>.
        </p>
      )}
      {error.requestId !== undefined && <p class="muted">Request {error.requestId}</p>}
    </div>
  );
}

const STAGE_WORDS = { submitted: 'Submitted', ordered: 'Ordered', committed: 'Committed' } as const;

/** A write's progress (role=status, announced politely), and its error if it failed. */
export function ProgressStatus({ progress }: { progress: Progress }) {
  return (
    <>
      <p role="status" aria-live="polite" class="status">
        {progress.stage !== 'idle' && progress.stage !== 'failed' && (
          <>
            {STAGE_WORDS[progress.stage]}
            {'txId' in progress && progress.txId !== undefined && (
              <>
                {' '}
                — transaction <code>{progress.txId}</code>
              </>
            )}
          </>
        )}
      </p>
      {progress.stage === 'failed' && <ErrorAlert error={progress.error} txId={progress.txId} outcomeUnknown={progress.outcomeUnknown} />}
    </>
  );
}

/** Renders the data once loaded, the error if the load failed. */
export function Show<T>({ state, children }: { state: Loaded<T>; children: (data: T) => ComponentChildren }) {
  if (state.error) return <ErrorAlert error={state.error} />;
  if (state.data === undefined) return <p class="muted">Loading…</p>;
  return <>{children(state.data)}</>;
}
