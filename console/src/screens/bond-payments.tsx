/** A bond's payment events and their entitlements: the paying agent confirms, the CSD or agent completes. */
import { api, read, type Schemas } from '../api/client';
import { ActionButtons } from '../components/ActionButton';
import { Show } from '../components/Feedback';
import { useLoad } from '../components/hooks';
import { Table } from '../components/Table';
import { formatDecimal, formatMinor } from '../model/decimal';
import { entitlementsFor, readyToComplete, seesAllEntitlements } from '../model/entitlements';
import { type Me, may } from '../model/permissions';
import { collectPages, mapPool, POOL_SIZE } from '../model/throttle';

/** Pages of entitlements read per event: 100 a page, so up to 2,000 holdings. */
const ENTITLEMENT_PAGES = 20;

/** An event's entitlements, every page up to ENTITLEMENT_PAGES (`complete` says whether they are all). */
export function entitlementsOf(isin: string, eventId: string) {
  return collectPages(
    (cursor) =>
      read(
        api.GET('/bonds/{isin}/payment-events/{eventId}/entitlements', {
          params: { path: { isin, eventId }, query: { pageSize: '100', cursor } },
        }),
      ),
    ENTITLEMENT_PAGES,
  );
}

export function PaymentEvents({ me, bond, onChanged }: { me: Me; bond: Schemas['Bond']; onChanged: () => void }) {
  const path = { isin: bond.isin };
  const [events, reload] = useLoad(async () => {
    const list = await read(api.GET('/bonds/{isin}/payment-events', { params: { path } }));
    const entitlements = await mapPool(list, POOL_SIZE, (e) => entitlementsOf(bond.isin, e.eventId));
    return list.map((event, i) => ({ event, entitlements: entitlements[i] ?? { records: [], complete: true } }));
  }, [bond.isin, bond.status]);
  const changed = () => {
    reload();
    onChanged();
  };
  const currency = bond.terms.specifiedCurrency;
  const caller = { mspId: me.mspId, roles: me.member?.roles ?? [] };
  const all = seesAllEntitlements(caller, bond);
  return (
    <>
      <h2>Payment events</h2>
      <Show state={events}>
        {(rows) => (
          <>
            <Table
              caption="Payment events"
              rows={rows}
              rowKey={(r) => r.event.eventId}
              columns={[
                { header: 'Event', cell: (r) => <code>{r.event.eventId}</code> },
                {
                  header: 'Kind',
                  cell: (r) => (r.event.couponNumber === undefined ? r.event.kind : `${r.event.kind} ${r.event.couponNumber}`),
                },
                { header: 'Record date', cell: (r) => r.event.recordDate },
                { header: 'Payment date', cell: (r) => r.event.paymentDate },
                { header: 'Per unit', cell: (r) => formatMinor(r.event.amountPerUnit, currency), numeric: true },
                { header: 'Total', cell: (r) => formatMinor(r.event.totalAmount, currency), numeric: true },
                { header: 'Holders', cell: (r) => r.event.holders, numeric: true },
                { header: 'Status', cell: (r) => r.event.status },
                ...(may.completePaymentEvent(me, bond)
                  ? [
                      {
                        header: 'Action',
                        cell: (r: (typeof rows)[number]) => <CompleteEvent bond={bond} row={r} onChanged={changed} />,
                      },
                    ]
                  : []),
              ]}
            />
            {rows.map((r) => (
              <div key={r.event.eventId}>
                <Table
                  caption={`${all ? 'Entitlements' : 'Your entitlements'}, ${r.event.kind.toLowerCase()} ${r.event.couponNumber ?? ''} paid ${r.event.paymentDate}`}
                  rows={entitlementsFor(caller, bond, r.entitlements.records)}
                  rowKey={(e) => `${e.holder}/${e.accountId}`}
                  empty={all ? 'None.' : 'None of yours.'}
                  columns={[
                    { header: 'Holder', cell: (e) => e.holder },
                    { header: 'Account', cell: (e) => e.accountId },
                    { header: 'Units', cell: (e) => formatDecimal(e.units), numeric: true },
                    { header: 'Amount', cell: (e) => formatMinor(e.amount, currency), numeric: true },
                    { header: 'Status', cell: (e) => e.status },
                  ]}
                />
                {!r.entitlements.complete && (
                  <p class="muted">
                    Only the first {r.entitlements.records.length} entitlements of {r.event.holders} are read ({ENTITLEMENT_PAGES} pages).
                  </p>
                )}
              </div>
            ))}
          </>
        )}
      </Show>
    </>
  );
}

/** "Complete event" once every entitlement is paid (Servicing:CompletePaymentEvent), for the CSD or the bond's paying agent. */
export function CompleteEvent({
  bond,
  row,
  onChanged,
}: {
  bond: Schemas['Bond'];
  row: { event: Schemas['PaymentEvent']; entitlements: { records: Schemas['Entitlement'][]; complete: boolean } };
  onChanged: () => void;
}) {
  const path = { isin: bond.isin, eventId: row.event.eventId };
  return (
    <ActionButtons
      about={`payment event ${row.event.eventId} of ${bond.isin}`}
      onDone={onChanged}
      buttons={[
        {
          label: 'Complete event',
          what: path,
          send: (headers) => api.POST('/bonds/{isin}/payment-events/{eventId}/completion', { params: { path }, headers }),
          hidden: !readyToComplete(row.event, row.entitlements, bond.status),
        },
      ]}
    />
  );
}
