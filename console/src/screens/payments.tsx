/**
 * Coupon and redemption payments. A paying agent sees the events of the
 * bonds it pays for, with "Confirm payment" per unpaid entitlement; any
 * other institution sees its own entitlements of the bonds it holds.
 */
import type { ScreenProps } from '../app';
import { allPages, api, read, type Schemas } from '../api/client';
import { ActionButtons } from '../components/ActionButton';
import { Show } from '../components/Feedback';
import { useLoad } from '../components/hooks';
import { Page } from '../components/Page';
import { Table } from '../components/Table';
import { formatDecimal, formatMinor } from '../model/decimal';
import { type Me, may } from '../model/permissions';
import { href } from '../model/route';
import { bondsWith } from './bonds';

/** Statuses in which a bond has or will have payment events. */
const SERVICED: Schemas['BondStatus'][] = ['ISSUED', 'CALLED', 'REDEEMED', 'DEFAULTED'];

interface EventRows {
  bond: Schemas['Bond'];
  event: Schemas['PaymentEvent'];
  entitlements: Schemas['Entitlement'][];
}

async function paymentsOf(me: Me): Promise<EventRows[]> {
  const holdings = await allPages((cursor) =>
    api.GET('/holders/{holder}/holdings', { params: { path: { holder: me.mspId }, query: { pageSize: '100', cursor } } }),
  );
  const held = new Set(holdings.map((h) => h.isin));
  const bonds = (await bondsWith(SERVICED)).filter((b) => b.terms.payingAgent === me.mspId || held.has(b.isin));
  const perBond = await Promise.all(
    bonds.map(async (bond) => {
      const events = await read(api.GET('/bonds/{isin}/payment-events', { params: { path: { isin: bond.isin } } }));
      return Promise.all(
        events.map(async (event) => {
          const all = await allPages((cursor) =>
            api.GET('/bonds/{isin}/payment-events/{eventId}/entitlements', {
              params: { path: { isin: bond.isin, eventId: event.eventId }, query: { pageSize: '100', cursor } },
            }),
          );
          const entitlements = bond.terms.payingAgent === me.mspId ? all : all.filter((e) => e.holder === me.mspId);
          return { bond, event, entitlements };
        }),
      );
    }),
  );
  return perBond.flat();
}

export function Payments({ me }: ScreenProps) {
  const [events, reload] = useLoad(() => paymentsOf(me), [me.mspId]);
  return (
    <Page title="Payments">
      <Show state={events}>
        {(rows) =>
          rows.length === 0 ? (
            <p class="muted">No coupon or redemption events of bonds you pay for or hold.</p>
          ) : (
            rows.map(({ bond, event, entitlements }) => (
              <section key={event.eventId}>
                <h2>
                  <a href={href('bonds', bond.isin)}>{bond.isin}</a> {event.kind.toLowerCase()} {event.couponNumber ?? ''} paid{' '}
                  {event.paymentDate} ({event.status})
                </h2>
                <Table
                  caption={`Entitlements of ${bond.isin} ${event.kind.toLowerCase()} ${event.couponNumber ?? ''}`}
                  rows={entitlements}
                  rowKey={(e) => `${e.holder}/${e.accountId}`}
                  columns={[
                    { header: 'Holder', cell: (e) => e.holder },
                    { header: 'Account', cell: (e) => e.accountId },
                    { header: 'Units', cell: (e) => formatDecimal(e.units), numeric: true },
                    { header: 'Amount', cell: (e) => formatMinor(e.amount, bond.terms.specifiedCurrency), numeric: true },
                    { header: 'Status', cell: (e) => e.status },
                    {
                      header: 'Action',
                      cell: (e) =>
                        may.confirmPayment(me, bond) ? (
                          <ActionButtons
                            onDone={reload}
                            buttons={[
                              {
                                label: 'Confirm payment',
                                what: [event.eventId, e.holder, e.accountId],
                                send: (headers) =>
                                  api.POST('/bonds/{isin}/payment-events/{eventId}/payments', {
                                    params: { path: { isin: bond.isin, eventId: event.eventId } },
                                    body: { holder: e.holder, accountId: e.accountId },
                                    headers,
                                  }),
                                hidden: e.status !== 'DUE',
                              },
                            ]}
                          />
                        ) : null,
                    },
                  ]}
                />
              </section>
            ))
          )
        }
      </Show>
    </Page>
  );
}
