/** The CSD gateway's lifecycle scheduler: its state, last and next run, and a run on request (CSD admins). */
import { useState } from 'preact/hooks';
import type { ScreenProps } from '../app';
import { api, read, type Schemas } from '../api/client';
import { ActionButtons } from '../components/ActionButton';
import { Show } from '../components/Feedback';
import { useLoad } from '../components/hooks';
import { Page } from '../components/Page';
import { Table } from '../components/Table';
import { may } from '../model/permissions';

function RunTable({ run, caption }: { run: Schemas['SchedulerRun']; caption: string }) {
  return (
    <Table
      caption={caption}
      rows={run.actions}
      rowKey={(a) => JSON.stringify(a)}
      empty="Nothing was due."
      columns={[
        { header: 'Action', cell: (a) => a.action },
        { header: 'ISIN', cell: (a) => a.isin },
        { header: 'Outcome', cell: (a) => a.outcome },
        { header: 'What', cell: (a) => a.eventId ?? a.transferId ?? a.repoId ?? a.pledgeId ?? '' },
        { header: 'Note', cell: (a) => a.error ?? a.waitingFor ?? '' },
        { header: 'Transaction', cell: (a) => (a.transactionId === undefined ? '' : <code>{a.transactionId}</code>) },
      ]}
    />
  );
}

export function Scheduler({ me }: ScreenProps) {
  const [state, reload] = useLoad(() => read(api.GET('/admin/scheduler')), []);
  const [run, setRun] = useState<Schemas['SchedulerRun']>();
  return (
    <Page title="Scheduler">
      <Show state={state}>
        {(s) => (
          <>
            <dl class="terms">
              <div>
                <dt>State</dt>
                <dd>{s.running ? 'running now' : s.enabled ? `every ${s.intervalSeconds} s` : 'on request only'}</dd>
              </div>
              <div>
                <dt>Last run</dt>
                <dd>{s.lastRun ? `${s.lastRun.startedAt} – ${s.lastRun.finishedAt ?? 'running'}` : 'never'}</dd>
              </div>
              <div>
                <dt>Next run</dt>
                <dd>{s.nextRunAt ?? '—'}</dd>
              </div>
            </dl>
            {may.runScheduler(me) && (
              <ActionButtons
                onDone={(result) => {
                  setRun(result as Schemas['SchedulerRun']);
                  reload();
                }}
                buttons={[{ label: 'Run now', what: Date.now(), send: (headers) => api.POST('/admin/scheduler/run', { headers }) }]}
              />
            )}
            {run && <RunTable run={run} caption="This run" />}
            {!run && s.lastRun && <RunTable run={s.lastRun} caption="Last run" />}
          </>
        )}
      </Show>
    </Page>
  );
}
