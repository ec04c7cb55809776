/** The two ways a screen talks to the gateway: loading what it shows, and running a user's action. */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiFailure } from '../api/client';
import { type Progress, type Send, submitAndTrack } from '../api/progress';
import type { ApiErrorBody } from '../model/errors';
import { type KeyedAction, keyFor, requestPrint } from '../model/idempotency';

export interface Loaded<T> {
  data?: T;
  error?: ApiErrorBody;
  loading: boolean;
}

/** Loads on mount and whenever `deps` change; `reload` loads again (after an action). */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): [Loaded<T>, () => void] {
  const [state, setState] = useState<Loaded<T>>({ loading: true });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => {
        if (current) setState({ data, loading: false });
      },
      (error: unknown) => {
        if (current) setState({ error: failure(error), loading: false });
      },
    );
    return () => {
      current = false;
    };
  }, [...deps, generation]);
  const reload = useCallback(() => {
    setGeneration((g) => g + 1);
  }, []);
  return [state, reload];
}

/**
 * Reloads every `intervalMs` while `active`: for records that move on
 * without this user (a counterparty affirms, the scheduler expires).
 */
export function usePolling(reload: () => void, active: boolean, intervalMs = 5000): void {
  useEffect(() => {
    if (!active) return undefined;
    const timer = setInterval(reload, intervalMs);
    return () => {
      clearInterval(timer);
    };
  }, [reload, active, intervalMs]);
}

/** An error as the console shows it. */
export function failure(error: unknown): ApiErrorBody {
  if (error instanceof ApiFailure) return error.body;
  return { code: 'CONSOLE_ERROR', message: error instanceof Error ? error.message : String(error) };
}

export interface Action {
  progress: Progress;
  busy: boolean;
  /**
   * Runs the user's action once: ignored while one is in flight (a double
   * click), and sent with the Idempotency-Key of the previous attempt when
   * it is the same request (`what`: anything naming it, e.g. the record and
   * the body) and that attempt's outcome is unknown, so a retry never
   * submits twice; after a known outcome a retry is a new action.
   */
  run(what: unknown, send: Send): Promise<Progress>;
}

export function useAction(onCommitted?: (result: unknown) => void): Action {
  const [progress, setProgress] = useState<Progress>({ stage: 'idle' });
  const inFlight = useRef(false);
  const last = useRef<KeyedAction | undefined>(undefined);
  const run = useCallback(
    async (what: unknown, send: Send): Promise<Progress> => {
      if (inFlight.current) return { stage: 'submitted' };
      inFlight.current = true;
      const action = keyFor(last.current, requestPrint('ACTION', '', what), () => crypto.randomUUID());
      last.current = action;
      try {
        const final = await submitAndTrack(send, action.key, setProgress, {
          status: (txId) => api.GET('/transactions/{txId}', { params: { path: { txId } } }),
          sleep: (ms) => new Promise((resolve) => window.setTimeout(resolve, ms)),
        });
        // A known outcome (committed, refused, invalidated) is what the gateway replays for this key:
        // the next press gets a new key. An unknown one keeps it, so a retry follows the same transaction.
        if (final.stage !== 'failed' || !final.outcomeUnknown) last.current = undefined;
        if (final.stage === 'committed') onCommitted?.(final.result);
        return final;
      } finally {
        inFlight.current = false;
      }
    },
    [onCommitted],
  );
  const busy = progress.stage === 'submitted' || progress.stage === 'ordered';
  return { progress, busy, run };
}
