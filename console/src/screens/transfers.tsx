/**
 * Transfers between members: instruct (seller), affirm (buyer), cancel.
 * The gateway lists transfers by id only, so the console keeps the ids this
 * session instructed or looked up (sessionStorage) and shows their status.
 */
import { useState } from 'preact/hooks';
import type { ScreenProps } from '../app';
import { allPages, api, read, type Schemas } from '../api/client';
import { ActionButtons } from '../components/ActionButton';
import { SelectField, TextField } from '../components/Fields';
import { ProgressStatus, Show } from '../components/Feedback';
import { useAction, useLoad, usePolling } from '../components/hooks';
import { Page } from '../components/Page';
import { Table } from '../components/Table';
import { formatDecimal } from '../model/decimal';
import { type Me, may } from '../model/permissions';
import { href } from '../model/route';

const IDS_ITEM = 'bond-console.transfer-ids';
/** GET /transfers takes at most 100 ids. */
const MAX_IDS = 100;

function knownIds(): string[] {
  try {
    const ids: unknown = JSON.parse(sessionStorage.getItem(IDS_ITEM) ?? '[]');
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

function remember(id: string): string[] {
  const ids = [id, ...knownIds().filter((known) => known !== id)].slice(0, MAX_IDS);
  sessionStorage.setItem(IDS_ITEM, JSON.stringify(ids));
  return ids;
}

export function Transfers({ me }: ScreenProps) {
  const [ids, setIds] = useState(knownIds);
  const [transfers, reload] = useLoad(
    () => (ids.length === 0 ? Promise.resolve([]) : read(api.GET('/transfers', { params: { query: { ids: ids.join(',') } } }))),
    [ids],
  );
  const [lookup, setLookup] = useState('');
  // The counterparty affirms or cancels in its own console: follow the open instructions until they settle.
  usePolling(
    reload,
    (transfers.data ?? []).some((t) => t.status === 'INSTRUCTED' || t.status === 'AFFIRMED'),
  );
  return (
    <Page title="Transfers">
      {may.instructTransfer(me) && (
        <InstructForm
          me={me}
          onInstructed={(id) => {
            setIds(remember(id));
          }}
        />
      )}
      <form
        aria-label="Look up a transfer"
        onSubmit={(e) => {
          e.preventDefault();
          if (lookup.trim() !== '') setIds(remember(lookup.trim()));
          setLookup('');
        }}
      >
        <TextField label="Transfer ID" value={lookup} onInput={setLookup} required />
        <button type="submit">Look up</button>
      </form>
      <Show state={transfers}>
        {(rows) => (
          <Table
            caption="Transfers"
            rows={rows}
            rowKey={(t) => t.transferId}
            empty="No transfer instructed or looked up in this session."
            columns={[
              { header: 'Transfer', cell: (t) => <code>{t.transferId.slice(0, 16)}…</code> },
              { header: 'ISIN', cell: (t) => <a href={href('bonds', t.isin)}>{t.isin}</a> },
              { header: 'Seller', cell: (t) => `${t.from} / ${t.fromAccount}` },
              { header: 'Buyer', cell: (t) => `${t.to} / ${t.toAccount}` },
              { header: 'Units', cell: (t) => formatDecimal(t.units), numeric: true },
              {
                header: 'Cash (minor units)',
                cell: (t) => (t.cashAmount === '0' ? 'free of payment' : formatDecimal(t.cashAmount)),
                numeric: true,
              },
              { header: 'Expires', cell: (t) => t.expiresAt },
              { header: 'Status', cell: (t) => t.status },
              { header: 'Action', cell: (t) => <TransferActions me={me} transfer={t} onChanged={reload} /> },
            ]}
          />
        )}
      </Show>
    </Page>
  );
}

function TransferActions({ me, transfer, onChanged }: { me: Me; transfer: Schemas['Transfer']; onChanged: () => void }) {
  const path = { transferId: transfer.transferId };
  const affirm = may.affirmTransfer(me, transfer);
  const cancel = may.cancelTransfer(me, transfer);
  // Shown to the parties and the CSD even once nothing is left to do, so the last step's progress stays visible.
  const party = transfer.from === me.mspId || transfer.to === me.mspId || may.settle(me);
  if (!may.instructTransfer(me) && !may.settle(me)) return null;
  if (!party) return null;
  return (
    <ActionButtons
      onDone={onChanged}
      buttons={[
        {
          label: 'Affirm',
          what: path,
          send: (headers) => api.POST('/transfers/{transferId}/affirmation', { params: { path }, headers }),
          hidden: !affirm,
        },
        {
          label: 'Cancel',
          what: path,
          send: (headers) => api.POST('/transfers/{transferId}/cancellation', { params: { path }, headers }),
          hidden: !cancel,
        },
      ]}
    />
  );
}

/** The next hour, as a datetime-local value: a sensible default expiry. */
function inAnHour(): string {
  const d = new Date(Date.now() + 3_600_000 - new Date().getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

function InstructForm({ me, onInstructed }: { me: Me; onInstructed: (transferId: string) => void }) {
  const [members] = useLoad(() => allPages((cursor) => api.GET('/members', { params: { query: { pageSize: '100', cursor } } })), []);
  const [isin, setIsin] = useState('');
  const [fromAccount, setFromAccount] = useState('PROPRIETARY');
  const [to, setTo] = useState('');
  const [toAccount, setToAccount] = useState('PROPRIETARY');
  const [units, setUnits] = useState('');
  const [settlement, setSettlement] = useState('FOP');
  const [cashAmount, setCashAmount] = useState('');
  const [cleanPrice, setCleanPrice] = useState('');
  const [settlementDate, setSettlementDate] = useState('');
  const [expiresAt, setExpiresAt] = useState(inAnHour);
  const action = useAction((result) => {
    const id = (result as Schemas['Transfer'] | undefined)?.transferId;
    if (id !== undefined) onInstructed(id);
  });
  const buyers = (members.data ?? []).filter((m) => m.mspId !== me.mspId && m.status === 'ACTIVE').map((m) => m.mspId);
  const priced = settlement === 'DVP_PRICE';
  const body = {
    isin: isin.trim(),
    fromAccount: fromAccount.trim(),
    to: to === '' ? (buyers[0] ?? '') : to,
    toAccount: toAccount.trim(),
    units: units.trim(),
    expiresAt: expiresAt === '' ? '' : new Date(expiresAt).toISOString(),
    ...(settlement === 'DVP_AMOUNT' ? { cashAmount: cashAmount.trim() } : {}),
    ...(priced ? { cleanPrice: cleanPrice.trim(), settlementDate } : {}),
  };
  return (
    <form
      aria-label="Instruct a transfer"
      onSubmit={(e) => {
        e.preventDefault();
        void action.run(body, (headers) => api.POST('/transfers', { body, headers }));
      }}
    >
      <p class="form-title">Instruct a transfer (you deliver)</p>
      <TextField label="ISIN" value={isin} onInput={setIsin} required />
      <TextField label="From account" value={fromAccount} onInput={setFromAccount} required />
      <SelectField label="Buyer" value={body.to} options={buyers} onChange={setTo} />
      <TextField label="Buyer account" value={toAccount} onInput={setToAccount} required />
      <TextField label="Units" value={units} onInput={setUnits} required />
      <SelectField
        label="Settlement"
        value={settlement}
        options={[
          ['FOP', 'Free of payment'],
          ['DVP_AMOUNT', 'Against payment: cash amount'],
          ['DVP_PRICE', 'Against payment: clean price'],
        ]}
        onChange={setSettlement}
      />
      {settlement === 'DVP_AMOUNT' && (
        <TextField label="Cash amount" value={cashAmount} onInput={setCashAmount} hint="Minor units the buyer pays" />
      )}
      {priced && <TextField label="Clean price" value={cleanPrice} onInput={setCleanPrice} hint="Percent of face value" />}
      {priced && <TextField label="Settlement date" type="date" value={settlementDate} onInput={setSettlementDate} />}
      <TextField label="Expires at" type="datetime-local" value={expiresAt} onInput={setExpiresAt} />
      <button type="submit" disabled={action.busy}>
        Instruct
      </button>
      <ProgressStatus progress={action.progress} />
    </form>
  );
}
