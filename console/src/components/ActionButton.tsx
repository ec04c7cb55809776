import { useId } from 'preact/hooks';
import type { Send } from '../api/progress';
import { ProgressStatus } from './Feedback';
import { useAction } from './hooks';

export interface ButtonSpec {
  label: string;
  /** Names the request (record and body): the same request again reuses its Idempotency-Key. */
  what: unknown;
  send: Send;
  /** Not offered in the record's current state (the progress of an earlier press stays shown). */
  hidden?: boolean;
  /** A question to confirm first, for a step that cannot be undone (revoking). */
  confirm?: string;
}

/**
 * The write buttons of one record: disabled while one is in flight, one
 * progress line and error for them, the same Idempotency-Key on a retry.
 * Keep it mounted while the record changes state, so the progress of the
 * step that changed it stays visible when its button goes.
 *
 * `about` names the record (e.g. "transfer 0c5365…"): each button is
 * described by it, so the same "Affirm" in every row of a table still says
 * which record it acts on. A description, not the name: the buttons keep
 * their label as their accessible name (the browser tests find them by it).
 */
export function ActionButtons(props: { buttons: ButtonSpec[]; onDone?: (result: unknown) => void; about?: string }) {
  const action = useAction(props.onDone);
  const aboutId = useId();
  return (
    <div class="action-block">
      {/* Hidden, yet aria-describedby still reads it. */}
      {props.about !== undefined && (
        <span id={aboutId} hidden>
          {props.about}
        </span>
      )}
      <div class="actions">
        {props.buttons
          .filter((b) => b.hidden !== true)
          .map((b) => (
            <button
              type="button"
              key={b.label}
              disabled={action.busy}
              aria-describedby={props.about === undefined ? undefined : aboutId}
              onClick={() => {
                if (b.confirm !== undefined && !window.confirm(b.confirm)) return;
                void action.run([b.label, b.what], b.send);
              }}
            >
              {b.label}
            </button>
          ))}
      </div>
      <ProgressStatus progress={action.progress} />
    </div>
  );
}
