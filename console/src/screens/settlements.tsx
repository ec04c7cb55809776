/** The CSD's settlements: every bond being settled, its instructions and their pipeline. */
import type { ScreenProps } from '../app';
import { allPages, api } from '../api/client';
import { PipelineChart } from '../charts/charts';
import { Show } from '../components/Feedback';
import { useLoad } from '../components/hooks';
import { Page } from '../components/Page';
import { pipeline } from '../model/charts';
import { href } from '../model/route';
import { SettlementTable } from './bond-settlement';
import { bondsWith } from './bonds';

export function Settlements({ me }: ScreenProps) {
  const [bonds, reload] = useLoad(async () => {
    const settling = await bondsWith(['ALLOCATED', 'SETTLING']);
    const instructions = await Promise.all(
      settling.map((b) =>
        allPages((cursor) =>
          api.GET('/bonds/{isin}/settlements', { params: { path: { isin: b.isin }, query: { pageSize: '100', cursor } } }),
        ),
      ),
    );
    return settling.map((bond, i) => ({ bond, rows: instructions[i] ?? [] }));
  }, []);
  return (
    <Page title="Settlements">
      <Show state={bonds}>
        {(list) => (
          <>
            <PipelineChart stages={pipeline(list.flatMap((b) => b.rows))} title="All settlement instructions of bonds being settled" />
            {list.length === 0 && <p class="muted">No bond is allocated or settling.</p>}
            {list.map(({ bond, rows }) => (
              <section key={bond.isin}>
                <h2>
                  <a href={href('bonds', bond.isin)}>
                    {bond.terms.shortName} ({bond.isin})
                  </a>{' '}
                  — {bond.status}
                </h2>
                <SettlementTable me={me} bond={bond} rows={rows} onChanged={reload} />
              </section>
            ))}
          </>
        )}
      </Show>
    </Page>
  );
}
