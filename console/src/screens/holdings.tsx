/** An institution's holdings per bond and account, with what is frozen, pledged and free to deliver. */
import type { ScreenProps } from '../app';
import { allPages, api, read } from '../api/client';
import { Show } from '../components/Feedback';
import { useLoad } from '../components/hooks';
import { Page } from '../components/Page';
import { Table } from '../components/Table';
import { formatDecimal } from '../model/decimal';
import { href } from '../model/route';
import { mapPool, POOL_SIZE } from '../model/throttle';

export function Holdings({ me }: ScreenProps) {
  const [positions] = useLoad(async () => {
    const holdings = await allPages((cursor) =>
      api.GET('/holders/{holder}/holdings', { params: { path: { holder: me.mspId }, query: { pageSize: '100', cursor } } }),
    );
    // One position request per holding, a few at a time: all at once would run into the gateway's per-caller rate limit.
    return mapPool(holdings, POOL_SIZE, (h) =>
      read(
        api.GET('/bonds/{isin}/holdings/{holder}/{accountId}', {
          params: { path: { isin: h.isin, holder: h.holder, accountId: h.accountId } },
        }),
      ),
    );
  }, [me.mspId]);
  return (
    <Page title="Holdings">
      <Show state={positions}>
        {(rows) => (
          <Table
            caption="Holdings"
            rows={rows}
            rowKey={(p) => `${p.isin}/${p.accountId}`}
            empty="No holdings."
            columns={[
              { header: 'ISIN', cell: (p) => <a href={href('bonds', p.isin)}>{p.isin}</a> },
              { header: 'Account', cell: (p) => p.accountId },
              { header: 'Units', cell: (p) => formatDecimal(p.units), numeric: true },
              { header: 'Frozen', cell: (p) => formatDecimal(p.frozenUnits), numeric: true },
              { header: 'Pledged', cell: (p) => formatDecimal(p.pledgedUnits), numeric: true },
              { header: 'Locked', cell: (p) => formatDecimal(p.lockedUnits ?? '0'), numeric: true },
              { header: 'Available', cell: (p) => formatDecimal(p.availableUnits), numeric: true },
            ]}
          />
        )}
      </Show>
    </Page>
  );
}
