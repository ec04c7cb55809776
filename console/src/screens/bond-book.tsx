/** A bond's book: opening and closing it, the bids (each member sees its own), and the allocation. */
import { useEffect, useState } from 'preact/hooks';
import { allPages, api, read, type Schemas, optional, ifReadable } from '../api/client';
import { ActionButtons } from '../components/ActionButton';
import { TextField } from '../components/Fields';
import { ProgressStatus, Show } from '../components/Feedback';
import { useAction, useLoad } from '../components/hooks';
import { Table } from '../components/Table';
import { bookTypeOf } from '../model/book';
import { formatDecimal, formatPercent } from '../model/decimal';
import { type Me, may } from '../model/permissions';

export function BookSection({ me, bond, onChanged }: { me: Me; bond: Schemas['Bond']; onChanged: () => void }) {
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
      <Show state={book}>{({ book: b, bids }) => <BookView me={me} bond={bond} book={b} bids={bids} onChanged={changed} />}</Show>
    </>
  );
}

/** The steps of the book the caller may take now (Books:OpenBook, CloseBook, AllocateBook). */
function bookSteps(me: Me, bond: Schemas['Bond'], book: Schemas['Book'] | undefined) {
  return {
    open: book === undefined && bond.status === 'APPROVED' && may.openBook(me, bond),
    close: book !== undefined && may.closeBook(me, book, new Date().toISOString()),
    allocate: book?.status === 'CLOSED' && may.runBook(me, bond),
    // Whoever may take any step of this book keeps the controls mounted, so a step's progress stays shown when its button goes.
    runs:
      may.openBook(me, bond) ||
      may.runBook(me, bond) ||
      (book !== undefined && may.closeBook(me, { ...book, status: 'OPEN' }, book.closesAt)),
  };
}

function BookLine({ book: b }: { book: Schemas['Book'] | undefined }) {
  if (b === undefined) return <p>No book opened yet.</p>;
  return (
    <p>
      {b.bookType} book, <strong>{b.status}</strong>, open {b.opensAt} to {b.closesAt}, run by {b.bookrunner}
    </p>
  );
}

function BookView({
  me,
  bond,
  book: b,
  bids,
  onChanged,
}: {
  me: Me;
  bond: Schemas['Bond'];
  book: Schemas['Book'] | undefined;
  bids: Schemas['BidReference'][];
  onChanged: () => void;
}) {
  const steps = bookSteps(me, bond, b);
  const mine = bids.find((r) => r.bidder === me.mspId);
  const bidding = may.bid(me, b?.status);
  return (
    <>
      <BookLine book={b} />
      {steps.runs && <BookrunnerControls bond={bond} book={b} steps={steps} onChanged={onChanged} />}
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
      {b && (mine !== undefined || bidding) && <YourBid me={me} book={b} reference={mine} bidding={bidding} onChanged={onChanged} />}
      {b?.status === 'ALLOCATED' && <AllocationSection bond={bond} />}
    </>
  );
}

/** datetime-local input (local time) as the ISO instant the API takes. */
const instant = (local: string): string => (local === '' ? '' : new Date(local).toISOString());

function BookrunnerControls({
  bond,
  book,
  steps,
  onChanged,
}: {
  bond: Schemas['Bond'];
  book: Schemas['Book'] | undefined;
  steps: { open: boolean; close: boolean; allocate: boolean };
  onChanged: () => void;
}) {
  const [opensAt, setOpensAt] = useState('');
  const [closesAt, setClosesAt] = useState('');
  const [overAllotment, setOverAllotment] = useState('');
  const path = { isin: bond.isin };
  const bookType = bookTypeOf(bond.terms);
  const open = { bookType, opensAt: instant(opensAt), closesAt: instant(closesAt) };
  const allocation = overAllotment.trim() === '' ? {} : { overAllotmentUnits: overAllotment.trim() };
  return (
    <>
      {steps.open && (
        <>
          <p class="muted">
            A {bookType} book{bookType === 'TENDER' ? ': bidders bid a rate, and the allocation sets the interest rate' : ''}.
          </p>
          <TextField label="Opens at" type="datetime-local" value={opensAt} onInput={setOpensAt} />
          <TextField label="Closes at" type="datetime-local" value={closesAt} onInput={setClosesAt} />
        </>
      )}
      {steps.allocate && (
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
            hidden: !steps.open,
          },
          {
            label: 'Close book',
            what: path,
            send: (headers) => api.POST('/bonds/{isin}/book/closure', { params: { path }, headers }),
            hidden: !steps.close || book?.status !== 'OPEN',
          },
          {
            label: 'Allocate',
            what: [path, allocation],
            send: (headers) => api.POST('/bonds/{isin}/allocation', { params: { path }, body: allocation, headers }),
            hidden: !steps.allocate,
          },
        ]}
      />
    </>
  );
}

/**
 * The caller's own bid: its status, and what it bid (read from the caller's
 * own peer, Books:GetBid); while the book is open, the form to place it, or
 * to amend it starting from what was bid, or to withdraw it.
 */
function YourBid({
  me,
  book,
  reference,
  bidding,
  onChanged,
}: {
  me: Me;
  book: Schemas['Book'];
  reference: Schemas['BidReference'] | undefined;
  bidding: boolean;
  onChanged: () => void;
}) {
  const active = reference?.status === 'ACTIVE';
  const [own] = useLoad(
    () =>
      active
        ? ifReadable(read(api.GET('/bonds/{isin}/bids/{bidder}', { params: { path: { isin: book.isin, bidder: me.mspId } } })))
        : Promise.resolve(undefined),
    [book.isin, me.mspId, active, reference?.lastChange.txId],
  );
  const placed = active ? own.data : undefined;
  return (
    <>
      <h3>Your bid</h3>
      <BidStatus reference={reference} placed={placed} unreadable={active && placed === undefined && !own.loading} />
      {bidding && <BidForm book={book} active={active} placed={placed} onChanged={onChanged} />}
    </>
  );
}

/** A bid's accounts in words: one account, or each of a split bid's with its units. */
function bidAccounts(bid: Schemas['Bid']): string {
  if (bid.accounts !== undefined && bid.accounts.length > 0) {
    return bid.accounts.map((a) => `${a.accountId} (${formatDecimal(a.units)})`).join(', ');
  }
  return bid.accountId ?? '—';
}

function BidStatus({
  reference,
  placed,
  unreadable,
}: {
  reference: Schemas['BidReference'] | undefined;
  placed: Schemas['Bid'] | undefined;
  unreadable: boolean;
}) {
  if (reference === undefined) return <p class="muted">You have not bid.</p>;
  const terms =
    placed === undefined
      ? ''
      : `: ${formatDecimal(placed.units)} units for ${bidAccounts(placed)}${placed.rate === undefined ? '' : ` at ${formatPercent(placed.rate)}`}`;
  return (
    <p>
      Status <strong>{reference.status}</strong> since {reference.lastChange.timestamp}
      {terms}
      {unreadable ? ' (what you bid could not be read from your organisation’s peer)' : ''}.
    </p>
  );
}

/** Place, or amend from the bid as placed, or withdraw; Enter in a field submits (place or amend). */
function BidForm({
  book,
  active,
  placed,
  onChanged,
}: {
  book: Schemas['Book'];
  active: boolean;
  placed: Schemas['Bid'] | undefined;
  onChanged: () => void;
}) {
  const path = { isin: book.isin };
  const [units, setUnits] = useState('');
  const [accountId, setAccountId] = useState('PROPRIETARY');
  const [rate, setRate] = useState('');
  // Amend starts from the bid as placed: the form takes its figures whenever another version of it is read.
  useEffect(() => {
    if (placed === undefined) return;
    setUnits(placed.units);
    setAccountId((current) => placed.accountId ?? placed.accounts?.[0]?.accountId ?? current);
    setRate(placed.rate ?? '');
  }, [placed?.placedTxId]);
  const action = useAction(onChanged);
  const tender = book.bookType === 'TENDER';
  const bid = { units: units.trim(), accountId: accountId.trim(), ...(tender ? { rate: rate.trim() } : {}) };
  const label = active ? 'Amend bid' : 'Place bid';
  const split = placed?.accounts?.length ?? 0;
  return (
    <form
      aria-label="Your bid"
      onSubmit={(e) => {
        e.preventDefault();
        void action.run([label, [path, bid]], (headers) =>
          active
            ? api.PUT('/bonds/{isin}/bids/mine', { params: { path }, body: bid, headers })
            : api.POST('/bonds/{isin}/bids', { params: { path }, body: bid, headers }),
        );
      }}
    >
      <p class="form-title">{active ? 'Amend your bid' : 'Your bid'} (sent as private data: only you, the CSD and the bookrunner see it)</p>
      {split > 1 && <p class="muted">Your bid is split across {split} accounts; amending it here bids for the one account below.</p>}
      <TextField label="Units" value={units} onInput={setUnits} hint="Whole units" />
      <TextField label="Account" value={accountId} onInput={setAccountId} />
      {tender && <TextField label="Rate" value={rate} onInput={setRate} hint="Percent per annum you bid" />}
      <div class="action-block">
        <div class="actions">
          <button type="submit" disabled={action.busy}>
            {label}
          </button>
          {active && (
            <button
              type="button"
              disabled={action.busy}
              onClick={() => {
                void action.run(['Withdraw bid', path], (headers) => api.DELETE('/bonds/{isin}/bids/mine', { params: { path }, headers }));
              }}
            >
              Withdraw bid
            </button>
          )}
        </div>
        <ProgressStatus progress={action.progress} />
      </div>
    </form>
  );
}

/** The allocation of an allocated book (Books:GetAllocation, a read for every member); nothing if the caller may not read it. */
function AllocationSection({ bond }: { bond: Schemas['Bond'] }) {
  const [allocation] = useLoad(
    () => ifReadable(read(api.GET('/bonds/{isin}/allocation', { params: { path: { isin: bond.isin } } }))),
    [bond.isin],
  );
  if (allocation.error === undefined && allocation.data === undefined && !allocation.loading) return null;
  return (
    <Show state={allocation}>
      {(a) =>
        a === undefined ? null : (
          <>
            <h3>Allocation</h3>
            <p>
              {a.bookType} book allocated {a.allocated.timestamp}: issue size {formatDecimal(a.issueSize)} units, over-allotment{' '}
              {formatDecimal(a.overAllotmentUnits)} units, clearing rate{' '}
              {a.clearingRate === undefined ? '—' : formatPercent(a.clearingRate)}
              {a.issuePrice === undefined ? '' : `, issue price ${formatPercent(a.issuePrice)}`}; {a.orderBook.length} bids.
            </p>
            <Table
              caption="Allocation lines"
              rows={a.lines}
              rowKey={(l) => `${l.bidder}/${l.accountId}`}
              empty="Nothing allocated."
              columns={[
                { header: 'Bidder', cell: (l) => l.bidder },
                { header: 'Account', cell: (l) => l.accountId },
                { header: 'Units', cell: (l) => formatDecimal(l.units), numeric: true },
              ]}
            />
          </>
        )
      }
    </Show>
  );
}
