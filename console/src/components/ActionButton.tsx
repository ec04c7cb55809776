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
}

/**
 * The write buttons of one record: disabled while one is in flight, one
 * progress line and error for them, the same Idempotency-Key on a retry.
 * Keep it mounted while the record changes state, so the progress of the
 * step that changed it stays visible when its button goes.
 */
export function ActionButtons(props: { buttons: ButtonSpec[]; onDone?: (result: unknown) => void }) {
  const action = useAction(props.onDone);
  return (
    <div class="action-block">
      <div class="actions">
        {props.buttons
          .filter((b) => b.hidden !== true)
          .map((b) => (
            <button
              type="button"
              key={b.label}
              disabled={action.busy}
              onClick={() => {
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
