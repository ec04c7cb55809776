/** Bonds: the list by status, and a bond's page from terms to book, register, payments and settlement. */
import { useState } from 'preact/hooks';
import type { ScreenProps } from '../app';
import { allPages, api, ApiFailure, read, type Schemas } from '../api/client';
import { PipelineChart, StepChart, TimelineChart, DistributionChart } from '../charts/charts';
import { ActionButtons } from '../components/ActionButton';
import { SelectField, TextField } from '../components/Fields';
import { Show } from '../components/Feedback';
import { useLoad } from '../components/hooks';
import { Page } from '../components/Page';
import { Table } from '../components/Table';
import { TermSheet } from '../components/TermSheet';
import { distribution, outstandingSeries, pipeline, timeline } from '../model/charts';
import { formatDecimal, formatMinor, formatPercent } from '../model/decimal';
import { type Me, may, roleView } from '../model/permissions';
import { href } from '../model/route';

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
    const outstanding = await Promise.all(
      list.map((b) => read(api.GET('/bonds/{isin}/outstanding', { params: { path: { isin: b.isin } } }))),
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

/** A read that may find nothing (no book yet): undefined instead of a NOT_FOUND failure. */
async function optional<T>(load: Promise<T>): Promise<T | undefined> {
  try {
    return await load;
  } catch (error) {
    if (error instanceof ApiFailure && error.status === 404) return undefined;
    throw error;
  }
}

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
          <PaymentEvents bond={b} />
          {seesMarket(me) && <Register bond={b} />}
          <Outstanding bond={b} />
          <BookSection me={me} bond={b} onChanged={reload} />
          {roleView(me).kind === 'csd' && <BondSettlements me={me} bond={b} onChanged={reload} />}
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

function PaymentEvents({ bond }: { bond: Schemas['Bond'] }) {
  const path = { isin: bond.isin };
  const [events] = useLoad(async () => {
    const list = await read(api.GET('/bonds/{isin}/payment-events', { params: { path } }));
    const entitlements = await Promise.all(
      list.map((e) =>
        allPages((cursor) =>
          api.GET('/bonds/{isin}/payment-events/{eventId}/entitlements', {
            params: { path: { ...path, eventId: e.eventId }, query: { cursor } },
          }),
        ),
      ),
    );
    return list.map((event, i) => ({ event, entitlements: entitlements[i] ?? [] }));
  }, [bond.isin]);
  const currency = bond.terms.specifiedCurrency;
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
              ]}
            />
            {rows.map((r) => (
              <Table
                key={r.event.eventId}
                caption={`Entitlements, ${r.event.kind.toLowerCase()} ${r.event.couponNumber ?? ''} paid ${r.event.paymentDate}`}
                rows={r.entitlements}
                rowKey={(e) => `${e.holder}/${e.accountId}`}
                columns={[
                  { header: 'Holder', cell: (e) => e.holder },
                  { header: 'Account', cell: (e) => e.accountId },
                  { header: 'Units', cell: (e) => formatDecimal(e.units), numeric: true },
                  { header: 'Amount', cell: (e) => formatMinor(e.amount, currency), numeric: true },
                  { header: 'Status', cell: (e) => e.status },
                ]}
              />
            ))}
          </>
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

function Outstanding({ bond }: { bond: Schemas['Bond'] }) {
  const path = { isin: bond.isin };
  const [series] = useLoad(async () => {
    const [now, holders] = await Promise.all([
      read(api.GET('/bonds/{isin}/outstanding', { params: { path } })),
      allPages((cursor) => api.GET('/bonds/{isin}/holders', { params: { path, query: { pageSize: '100', cursor } } }), 5),
    ]);
    const histories = await Promise.all(
      holders.map((h) =>
        read(
          api.GET('/bonds/{isin}/holdings/{holder}/{accountId}/history', {
            params: { path: { ...path, holder: h.holder, accountId: h.accountId } },
          }),
        ),
      ),
    );
    return { now, points: outstandingSeries(histories) };
  }, [bond.isin, bond.status]);
  return (
    <>
      <h2>Outstanding</h2>
      <Show state={series}>
        {({ now, points }) => (
          <>
            <p>
              {formatDecimal(now.outstandingUnits)} units outstanding with {now.holders} holders.
            </p>
            <StepChart points={points} title={`Outstanding units of ${bond.isin} over time`} />
          </>
        )}
      </Show>
    </>
  );
}

function BookSection({ me, bond, onChanged }: { me: Me; bond: Schemas['Bond']; onChanged: () => void }) {
  const path = { isin: bond.isin };
  const [book, reload] = useLoad(async () => {
    const found = await optional(read(api.GET('/bonds/{isin}/book', { params: { path } })));
    const bids = found
      ? await allPages((cursor) => api.GET('/bonds/{isin}/bids', { params: { path, query: { pageSize: '100', cursor } } }))
      : [];
    return { book: found, bids };
  }, [bond.isin, bond.status]);
  const changed = () => {
    reload();
    onChanged();
  };
  return (
    <>
      <h2>Book</h2>
      <Show state={book}>
        {({ book: b, bids }) => (
          <>
            <p>
              {b ? (
                <>
                  {b.bookType} book, <strong>{b.status}</strong>, open {b.opensAt} to {b.closesAt}, run by {b.bookrunner}
                </>
              ) : (
                'No book opened yet.'
              )}
            </p>
            {may.runBook(me, bond) && <BookrunnerControls bond={bond} book={b} onChanged={changed} />}
            {b && (
              <Table
                caption="Bids"
                rows={bids}
                rowKey={(r) => r.bidder}
                empty="No bids yet."
                columns={[
                  { header: 'Bidder', cell: (r) => r.bidder },
                  { header: 'Status', cell: (r) => r.status },
                  { header: 'Last change', cell: (r) => r.lastChange.timestamp },
                ]}
              />
            )}
            {may.bid(me, b?.status) && b && <YourBid me={me} book={b} bids={bids} onChanged={changed} />}
          </>
        )}
      </Show>
    </>
  );
}

/** datetime-local input (local time) as the ISO instant the API takes. */
const instant = (local: string): string => (local === '' ? '' : new Date(local).toISOString());

function BookrunnerControls({
  bond,
  book,
  onChanged,
}: {
  bond: Schemas['Bond'];
  book: Schemas['Book'] | undefined;
  onChanged: () => void;
}) {
  const [opensAt, setOpensAt] = useState('');
  const [closesAt, setClosesAt] = useState('');
  const [overAllotment, setOverAllotment] = useState('');
  const path = { isin: bond.isin };
  const bookType = bond.terms.bookType ?? 'FIXED_PRICE';
  const open = { bookType, opensAt: instant(opensAt), closesAt: instant(closesAt) };
  const allocation = overAllotment.trim() === '' ? {} : { overAllotmentUnits: overAllotment.trim() };
  return (
    <>
      {!book && (
        <>
          <TextField label="Opens at" type="datetime-local" value={opensAt} onInput={setOpensAt} />
          <TextField label="Closes at" type="datetime-local" value={closesAt} onInput={setClosesAt} />
        </>
      )}
      {book?.status === 'CLOSED' && (
        <TextField
          label="Over-allotment units"
          value={overAllotment}
          onInput={setOverAllotment}
          hint={`Optional, at most ${bond.terms.overAllotmentLimit ?? '0'}`}
        />
      )}
      <ActionButtons
        onDone={onChanged}
        buttons={[
          {
            label: 'Open book',
            what: [path, open],
            send: (headers) => api.POST('/bonds/{isin}/book', { params: { path }, body: open, headers }),
            hidden: book !== undefined || bond.status !== 'APPROVED',
          },
          {
            label: 'Close book',
            what: path,
            send: (headers) => api.POST('/bonds/{isin}/book/closure', { params: { path }, headers }),
            hidden: book?.status !== 'OPEN',
          },
          {
            label: 'Allocate',
            what: [path, allocation],
            send: (headers) => api.POST('/bonds/{isin}/allocation', { params: { path }, body: allocation, headers }),
            hidden: book?.status !== 'CLOSED',
          },
        ]}
      />
    </>
  );
}

function YourBid({ me, book, bids, onChanged }: { me: Me; book: Schemas['Book']; bids: Schemas['BidReference'][]; onChanged: () => void }) {
  const [units, setUnits] = useState('');
  const [accountId, setAccountId] = useState('PROPRIETARY');
  const [rate, setRate] = useState('');
  const path = { isin: book.isin };
  const active = bids.some((b) => b.bidder === me.mspId && b.status === 'ACTIVE');
  const bid = { units: units.trim(), accountId: accountId.trim(), ...(book.bookType === 'TENDER' ? { rate: rate.trim() } : {}) };
  return (
    <form
      aria-label="Your bid"
      onSubmit={(e) => {
        e.preventDefault();
      }}
    >
      <p class="form-title">Your bid (sent as private data: only you, the CSD and the bookrunner see it)</p>
      <TextField label="Units" value={units} onInput={setUnits} hint="Whole units" />
      <TextField label="Account" value={accountId} onInput={setAccountId} />
      {book.bookType === 'TENDER' && <TextField label="Rate" value={rate} onInput={setRate} hint="Percent per annum you bid" />}
      <ActionButtons
        onDone={onChanged}
        buttons={[
          {
            label: 'Place bid',
            what: [path, bid],
            send: (headers) => api.POST('/bonds/{isin}/bids', { params: { path }, body: bid, headers }),
            hidden: active,
          },
          {
            label: 'Amend bid',
            what: [path, bid],
            send: (headers) => api.PUT('/bonds/{isin}/bids/mine', { params: { path }, body: bid, headers }),
            hidden: !active,
          },
          {
            label: 'Withdraw bid',
            what: path,
            send: (headers) => api.DELETE('/bonds/{isin}/bids/mine', { params: { path }, headers }),
            hidden: !active,
          },
        ]}
      />
    </form>
  );
}

function BondSettlements({ me, bond, onChanged }: { me: Me; bond: Schemas['Bond']; onChanged: () => void }) {
  const path = { isin: bond.isin };
  const [settlements, reload] = useLoad(
    () => allPages((cursor) => api.GET('/bonds/{isin}/settlements', { params: { path, query: { pageSize: '100', cursor } } })),
    [bond.isin, bond.status],
  );
  const changed = () => {
    reload();
    onChanged();
  };
  return (
    <>
      <h2>Settlements</h2>
      <Show state={settlements}>
        {(rows) => (
          <>
            <PipelineChart stages={pipeline(rows)} title={`Settlement of ${bond.isin}`} />
            {may.settle(me) && (
              <ActionButtons
                onDone={changed}
                buttons={[
                  {
                    label: 'Start settlement',
                    what: path,
                    send: (headers) => api.POST('/bonds/{isin}/settlements', { params: { path }, headers }),
                    hidden: bond.status !== 'ALLOCATED' && bond.status !== 'SETTLING',
                  },
                  {
                    label: 'Complete issuance',
                    what: path,
                    send: (headers) => api.POST('/bonds/{isin}/issuance-completion', { params: { path }, headers }),
                    hidden: bond.status !== 'SETTLING' || rows.some((r) => r.status === 'PENDING_CASH'),
                  },
                ]}
              />
            )}
            <SettlementTable me={me} bond={bond} rows={rows} onChanged={changed} />
          </>
        )}
      </Show>
    </>
  );
}

/** Primary settlement instructions, with the CSD's cash confirmation for those pending. */
export function SettlementTable({
  me,
  bond,
  rows,
  onChanged,
}: {
  me: Me;
  bond: Schemas['Bond'];
  rows: Schemas['SettlementInstruction'][];
  onChanged: () => void;
}) {
  return (
    <Table
      caption={`Settlement instructions of ${bond.isin}`}
      rows={rows}
      rowKey={(s) => s.settlementId}
      columns={[
        { header: 'Receiver', cell: (s) => `${s.receiver} / ${s.receiverAccount}` },
        { header: 'Units', cell: (s) => formatDecimal(s.units), numeric: true },
        { header: 'Cash', cell: (s) => formatMinor(s.cashAmount, bond.terms.specifiedCurrency), numeric: true },
        { header: 'Status', cell: (s) => `${s.status}${s.failureReason === undefined ? '' : ` (${s.failureReason})`}` },
        {
          header: 'Action',
          cell: (s) =>
            may.settle(me) ? (
              <ActionButtons
                onDone={onChanged}
                buttons={[
                  {
                    label: 'Confirm cash',
                    what: s.settlementId,
                    send: (headers) =>
                      api.POST('/bonds/{isin}/settlements/{settlementId}/cash-confirmation', {
                        params: { path: { isin: s.isin, settlementId: s.settlementId } },
                        headers,
                      }),
                    hidden: s.status !== 'PENDING_CASH',
                  },
                ]}
              />
            ) : null,
        },
      ]}
    />
  );
}
