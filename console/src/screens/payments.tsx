/**
 * Coupon and redemption payments. A paying agent sees the events of the
 * bonds it pays for, with "Confirm payment" per unpaid entitlement and
 * "Complete event" once all are paid; any other institution sees its own
 * entitlements of the bonds it holds.
 */
import type { ScreenProps } from '../app';
import { allPages, api, read, type Schemas } from '../api/client';
import { ActionButtons } from '../components/ActionButton';
import { Show } from '../components/Feedback';
import { useLoad } from '../components/hooks';
import { Page } from '../components/Page';
import { Table } from '../components/Table';
import { formatDecimal, formatMinor } from '../model/decimal';
import { entitlementsFor } from '../model/entitlements';
import { type Me, may } from '../model/permissions';
import { href } from '../model/route';
import { mapPool, POOL_SIZE } from '../model/throttle';
import { CompleteEvent, entitlementsOf } from './bond-payments';
import { bondsWith } from './bonds';

/** Statuses in which a bond has or will have payment events. */
const SERVICED: Schemas['BondStatus'][] = ['ISSUED', 'CALLED', 'REDEEMED', 'DEFAULTED'];

interface EventRows {
  bond: Schemas['Bond'];
  event: Schemas['PaymentEvent'];
  /** Every entitlement read (`complete`: all of them), for completing the event. */
  all: { records: Schemas['Entitlement'][]; complete: boolean };
  /** Those the caller is shown. */
  entitlements: Schemas['Entitlement'][];
}

/**
 * The events of the bonds the caller pays for or holds now, with their
 * entitlements; read a few requests at a time. The API lists entitlements
 * per bond and event only, so a bond whose holding a redemption retired
 * (deleted) is no longer found here.
 */
async function paymentsOf(me: Me): Promise<EventRows[]> {
  const holdings = await allPages((cursor) =>
    api.GET('/holders/{holder}/holdings', { params: { path: { holder: me.mspId }, query: { pageSize: '100', cursor } } }),
  );
  const held = new Set(holdings.map((h) => h.isin));
  const bonds = (await bondsWith(SERVICED)).filter((b) => b.terms.payingAgent === me.mspId || held.has(b.isin));
  const perBond = await mapPool(bonds, POOL_SIZE, async (bond) =>
    (await read(api.GET('/bonds/{isin}/payment-events', { params: { path: { isin: bond.isin } } }))).map((event) => ({ bond, event })),
  );
  const caller = { mspId: me.mspId, roles: me.member?.roles ?? [] };
  return mapPool(perBond.flat(), POOL_SIZE, async ({ bond, event }) => {
    const all = await entitlementsOf(bond.isin, event.eventId);
    return { bond, event, all, entitlements: entitlementsFor(caller, bond, all.records) };
  });
}

export function Payments({ me }: ScreenProps) {
  const [events, reload] = useLoad(() => paymentsOf(me), [me.mspId]);
  return (
    <Page title="Payments">
      <p class="muted">
        Bonds you pay for or hold now. A redemption payment retires (deletes) the holding it pays, and the API lists entitlements only per
        bond, so the payments of a bond you no longer hold are found on its bond page, not here.
      </p>
      <Show state={events}>
        {(rows) =>
          rows.length === 0 ? (
            <p class="muted">No coupon or redemption events of bonds you pay for or hold.</p>
          ) : (
            rows.map(({ bond, event, all, entitlements }) => (
              <section key={`${bond.isin}/${event.eventId}`}>
                <h2>
                  <a href={href('bonds', bond.isin)}>{bond.isin}</a> {event.kind.toLowerCase()} {event.couponNumber ?? ''} paid{' '}
                  {event.paymentDate} ({event.status})
                </h2>
                {may.completePaymentEvent(me, bond) && <CompleteEvent bond={bond} row={{ event, entitlements: all }} onChanged={reload} />}
                {!all.complete && <p class="muted">Only the first {all.records.length} entitlements are read.</p>}
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
                            about={`payment to ${e.holder} / ${e.accountId}`}
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
