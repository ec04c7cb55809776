/** Bonds: the list by status, and a bond's page from terms to book, register, payments and settlement. */
import { useState } from 'preact/hooks';
import type { ScreenProps } from '../app';
import { allPages, api, read, type Schemas, optional } from '../api/client';
import { StepChart, TimelineChart, DistributionChart } from '../charts/charts';
import { SelectField, TextField } from '../components/Fields';
import { Show } from '../components/Feedback';
import { useLoad } from '../components/hooks';
import { Page } from '../components/Page';
import { Table } from '../components/Table';
import { TermSheet } from '../components/TermSheet';
import { distribution, outstandingSeries, timeline } from '../model/charts';
import { formatDecimal, formatMinor, formatPercent } from '../model/decimal';
import { type Me, roleView } from '../model/permissions';
import { href } from '../model/route';
import { collectPages, mapPool, POOL_SIZE } from '../model/throttle';
import { BookSection } from './bond-book';
import { PaymentEvents } from './bond-payments';
import { BondSettlements } from './bond-settlement';

type BondStatus = Schemas['BondStatus'];
const BOND_STATUSES: Record<BondStatus, true> = {
  APPROVED: true,
  BOOK_OPEN: true,
  BOOK_CLOSED: true,
  ALLOCATED: true,
  SETTLING: true,
  ISSUED: true,
  CALLED: true,
  REDEEMED: true,
  DEFAULTED: true,
};
export const STATUSES = Object.keys(BOND_STATUSES) as BondStatus[];

/** Every bond with one of `statuses` (the ledger lists bonds by status). */
export async function bondsWith(statuses: readonly BondStatus[]): Promise<Schemas['Bond'][]> {
  const lists = await Promise.all(
    statuses.map((status) => allPages((cursor) => api.GET('/bonds', { params: { query: { status, pageSize: '100', cursor } } }))),
  );
  return lists.flat();
}

/** The CSD and the regulator look across the market: they see outstanding and holders. */
const seesMarket = (me: Me): boolean => ['csd', 'regulator'].includes(roleView(me).kind);

export function Bonds({ me }: ScreenProps) {
  const [status, setStatus] = useState('ALL');
  const [bonds] = useLoad(async () => {
    const list = await bondsWith(status === 'ALL' ? STATUSES : [status as BondStatus]);
    if (!seesMarket(me)) return list.map((bond) => ({ bond, outstanding: undefined }));
    const outstanding = await mapPool(list, POOL_SIZE, (b) =>
      read(api.GET('/bonds/{isin}/outstanding', { params: { path: { isin: b.isin } } })),
    );
    return list.map((bond, i) => ({ bond, outstanding: outstanding[i] }));
  }, [status]);
  const market = seesMarket(me);
  return (
    <Page title="Bonds">
      <SelectField label="Status" value={status} options={[['ALL', 'All statuses'], ...STATUSES]} onChange={setStatus} />
      <Show state={bonds}>
        {(rows) => (
          <Table
            caption="Bonds"
            rows={rows}
            rowKey={(r) => r.bond.isin}
            columns={[
              { header: 'ISIN', cell: (r) => <a href={href('bonds', r.bond.isin)}>{r.bond.isin}</a> },
              { header: 'Short name', cell: (r) => r.bond.terms.shortName },
              { header: 'Issuer', cell: (r) => r.bond.issuer },
              { header: 'Status', cell: (r) => r.bond.status },
              { header: 'Maturity', cell: (r) => r.bond.terms.maturityDate },
              ...(market
                ? [
                    {
                      header: 'Outstanding',
                      cell: (r: (typeof rows)[number]) => formatDecimal(r.outstanding?.outstandingUnits ?? '0'),
                      numeric: true,
                    },
                    { header: 'Holders', cell: (r: (typeof rows)[number]) => r.outstanding?.holders ?? 0, numeric: true },
                  ]
                : []),
            ]}
          />
        )}
      </Show>
    </Page>
  );
}

/** The regulator reads every settlement instruction (Settlement:ListSettlements is a read for every active member); the CSD runs them. */
const seesSettlements = (me: Me): boolean => ['csd', 'regulator'].includes(roleView(me).kind);

export function BondPage({ me, isin }: ScreenProps & { isin: string }) {
  const path = { isin };
  const [bond, reload] = useLoad(() => read(api.GET('/bonds/{isin}', { params: { path } })), [isin]);
  return (
    <Show state={bond}>
      {(b) => (
        <Page title={`${b.terms.shortName} (${b.isin})`}>
          <p>
            <a href={href('bonds')}>All bonds</a> · Status <strong>{b.status}</strong> · issuer {b.issuer} · CFI <code>{b.cfi}</code>
          </p>
          <h2>Terms</h2>
          <TermSheet terms={b.terms} issuer={b.issuer} />
          <Life bond={b} />
          <Coupons bond={b} />
          <Accrued bond={b} />
          <PaymentEvents me={me} bond={b} onChanged={reload} />
          {seesMarket(me) && <Register bond={b} />}
          <Outstanding bond={b} />
          <BookSection me={me} bond={b} onChanged={reload} />
          {seesSettlements(me) && <BondSettlements me={me} bond={b} onChanged={reload} />}
        </Page>
      )}
    </Show>
  );
}

function Life({ bond }: { bond: Schemas['Bond'] }) {
  const path = { isin: bond.isin };
  const [life] = useLoad(async () => {
    const [history, events, schedule, application] = await Promise.all([
      read(api.GET('/bonds/{isin}/history', { params: { path } })),
      read(api.GET('/bonds/{isin}/payment-events', { params: { path } })),
      optional(read(api.GET('/bonds/{isin}/coupon-schedule', { params: { path } }))),
      optional(read(api.GET('/bond-applications/{applicationId}', { params: { path: { applicationId: bond.applicationId } } }))),
    ]);
    return timeline({ application, history, paymentEvents: events, coupons: schedule?.coupons, maturityDate: bond.terms.maturityDate });
  }, [bond.isin, bond.status]);
  return (
    <>
      <h2>Life</h2>
      <Show state={life}>{(milestones) => <TimelineChart milestones={milestones} title={`Life of ${bond.isin}`} />}</Show>
    </>
  );
}

/** A period's rate: a floating period's once fixed, else the fixed rate of the terms. */
function periodRate(coupon: Schemas['CouponScheduleEntry'], terms: Schemas['Bond']['terms']): string {
  if (coupon.rate !== undefined) return `${coupon.rate} %`;
  if (terms.floatingRate) return 'to be fixed';
  return terms.interestRate === undefined ? '—' : formatPercent(terms.interestRate);
}

function Coupons({ bond }: { bond: Schemas['Bond'] }) {
  const [schedule] = useLoad(() => read(api.GET('/bonds/{isin}/coupon-schedule', { params: { path: { isin: bond.isin } } })), [bond.isin]);
  const currency = bond.terms.specifiedCurrency;
  return (
    <>
      <h2>Coupon schedule</h2>
      <Show state={schedule}>
        {(s) => (
          <Table
            caption={`Coupon schedule (${s.dayCountFraction})`}
            rows={s.coupons}
            rowKey={(c) => String(c.number)}
            columns={[
              { header: 'No.', cell: (c) => c.number, numeric: true },
              { header: 'Accrual', cell: (c) => `${c.accrualStart} – ${c.accrualEnd}${c.regular ? '' : ' (irregular)'}` },
              { header: 'Record date', cell: (c) => c.recordDate },
              { header: 'Payment date', cell: (c) => c.paymentDate },
              { header: 'Rate', cell: (c) => periodRate(c, bond.terms), numeric: true },
              {
                header: 'Per unit',
                cell: (c) => (c.amountPerUnit === undefined ? '—' : formatMinor(c.amountPerUnit, currency)),
                numeric: true,
              },
            ]}
          />
        )}
      </Show>
    </>
  );
}

function Accrued({ bond }: { bond: Schemas['Bond'] }) {
  const today = new Date().toISOString().slice(0, 10);
  const [date, setDate] = useState(today);
  const [accrued] = useLoad(
    () => read(api.GET('/bonds/{isin}/accrued-interest', { params: { path: { isin: bond.isin }, query: { date } } })),
    [bond.isin, date],
  );
  return (
    <>
      <h2>Accrued interest</h2>
      <TextField label="On date" type="date" value={date} onInput={setDate} />
      <Show state={accrued}>
        {(a) => (
          <p>
            {formatMinor(a.accruedPerUnit, bond.terms.specifiedCurrency)} per unit on {a.date}
            {a.couponNumber === undefined ? '' : ` (coupon ${a.couponNumber})`}; exactly <code>{a.accruedPerUnitExact}</code> minor units.
          </p>
        )}
      </Show>
    </>
  );
}

function Register({ bond }: { bond: Schemas['Bond'] }) {
  const [holders] = useLoad(
    () =>
      allPages((cursor) => api.GET('/bonds/{isin}/holders', { params: { path: { isin: bond.isin }, query: { pageSize: '100', cursor } } })),
    [bond.isin],
  );
  return (
    <>
      <h2>Register</h2>
      <Show state={holders}>
        {(rows) => (
          <>
            <DistributionChart shares={distribution(rows)} title={`Distribution of ${bond.isin} across holders`} />
            <Table
              caption="Holders"
              rows={rows}
              rowKey={(h) => `${h.holder}/${h.accountId}`}
              columns={[
                { header: 'Holder', cell: (h) => h.holder },
                { header: 'Account', cell: (h) => h.accountId },
                { header: 'Units', cell: (h) => formatDecimal(h.units), numeric: true },
                { header: 'Since', cell: (h) => h.lastChange.timestamp },
              ]}
            />
          </>
        )}
      </Show>
    </>
  );
}

/** Pages of the register read for the series: 100 holdings a page. */
const HOLDER_PAGES = 10;
/** Holdings whose history is read for the series, at most: one request each, within the gateway's per-caller budget. */
const MAX_HISTORIES = 200;

function Outstanding({ bond }: { bond: Schemas['Bond'] }) {
  const path = { isin: bond.isin };
  const [series] = useLoad(async () => {
    const [now, holders, events] = await Promise.all([
      read(api.GET('/bonds/{isin}/outstanding', { params: { path } })),
      collectPages(
        (cursor) => read(api.GET('/bonds/{isin}/holders', { params: { path, query: { pageSize: '100', cursor } } })),
        HOLDER_PAGES,
      ),
      read(api.GET('/bonds/{isin}/payment-events', { params: { path } })),
    ]);
    const traced = holders.records.slice(0, MAX_HISTORIES);
    const histories = await mapPool(traced, POOL_SIZE, (h) =>
      read(
        api.GET('/bonds/{isin}/holdings/{holder}/{accountId}/history', {
          params: { path: { ...path, holder: h.holder, accountId: h.accountId } },
        }),
      ),
    );
    return {
      now,
      points: outstandingSeries(histories),
      traced: traced.length,
      listed: holders.records.length,
      registerComplete: holders.complete,
      // A redemption payment deletes the holding it retires (chaincode retireHolding): the register no longer lists it.
      retires: events.some((e) => e.kind === 'REDEMPTION'),
    };
  }, [bond.isin, bond.status]);
  return (
    <>
      <h2>Outstanding</h2>
      <Show state={series}>
        {({ now, points, traced, listed, registerComplete, retires }) => (
          <>
            <p>
              {formatDecimal(now.outstandingUnits)} units outstanding with {now.holders} holders.
            </p>
            <StepChart points={points} title={`Outstanding units of ${bond.isin} over time`} />
            <p class="muted">
              The series adds up the histories of the holdings the register lists now.
              {(!registerComplete || traced < listed) &&
                ` Partial: it is drawn from ${traced} of ${registerComplete ? listed : `more than ${listed}`} holdings (at most ${MAX_HISTORIES} histories and ${HOLDER_PAGES * 100} holdings are read), so it understates the outstanding.`}
              {retires &&
                ' Holdings retired by a redemption payment are deleted from the register and are not shown: before their retirement the series is below what was outstanding.'}
            </p>
          </>
        )}
      </Show>
    </>
  );
}
