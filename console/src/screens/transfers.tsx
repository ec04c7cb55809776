/**
 * Transfers between members: instruct (seller), affirm (buyer), cancel, and
 * the CSD's cash confirmation of an affirmed DvP transfer. No gateway route
 * lists a member's transfers, only transfers by id, so the console keeps the
 * ids this session instructed or looked up (sessionStorage, until sign-out;
 * model/transfers.ts) and shows their status: the seller passes a new
 * transfer's id to the buyer (and the CSD), who look it up.
 */
import { useState } from 'preact/hooks';
import type { ScreenProps } from '../app';
import { allPages, api, ApiFailure, read, type Schemas } from '../api/client';
import { ActionButtons } from '../components/ActionButton';
import { SelectField, TextField } from '../components/Fields';
import { ErrorAlert, ProgressStatus, Show } from '../components/Feedback';
import { failure, useAction, useLoad, usePolling } from '../components/hooks';
import { Page } from '../components/Page';
import { Table } from '../components/Table';
import { formatDecimal } from '../model/decimal';
import type { ApiErrorBody } from '../model/errors';
import { kindOf, type Me, may } from '../model/permissions';
import { href } from '../model/route';
import { mapPool, POOL_SIZE } from '../model/throttle';
import {
  forgetTransferId,
  isDvp,
  isOpenTransfer,
  MAX_TRANSFER_IDS,
  parseTransferIds,
  type RememberedTransfers,
  rememberTransferId,
  retryOneByOne,
  shortTransferId,
  splitLookups,
  TRANSFER_IDS_ITEM,
  type TransferLookup,
  typedTransferId,
} from '../model/transfers';

/** The ids this tab remembers (sessionStorage is the record; the screen's state follows it). */
function storedIds(): string[] {
  try {
    return parseTransferIds(sessionStorage.getItem(TRANSFER_IDS_ITEM));
  } catch {
    return [];
  }
}

/** Stores the ids changed by `change`, and returns them. */
function storeIds(change: (ids: string[]) => string[]): string[] {
  const ids = change(storedIds());
  try {
    sessionStorage.setItem(TRANSFER_IDS_ITEM, JSON.stringify(ids));
  } catch {
    // Storage full or refused: the list still shows for as long as the screen is open.
  }
  return ids;
}

const readTransfer = (transferId: string) => read(api.GET('/transfers/{transferId}', { params: { path: { transferId } } }));

/**
 * The remembered transfers in one GET /transfers?ids=. One id the gateway
 * will not read fails that whole batch, so then each is read on its own:
 * the rest still show, and the unreadable ones are listed to be forgotten.
 */
async function loadRemembered(ids: string[]): Promise<RememberedTransfers> {
  if (ids.length === 0) return { transfers: [], unreadable: [] };
  try {
    return { transfers: await read(api.GET('/transfers', { params: { query: { ids: ids.join(',') } } })), unreadable: [] };
  } catch (error) {
    if (!(error instanceof ApiFailure) || !retryOneByOne(error.status)) throw error;
    // Up to 100 ids: a few at a time, as every fan-out, within the gateway's per-caller rate limit.
    const lookups = await mapPool(ids, POOL_SIZE, (transferId) =>
      readTransfer(transferId).then(
        (transfer): TransferLookup => ({ transferId, transfer }),
        (failed: unknown): TransferLookup => ({ transferId, error: failure(failed) }),
      ),
    );
    return splitLookups(lookups);
  }
}

export function Transfers({ me }: ScreenProps) {
  const [ids, setIds] = useState(storedIds);
  const [remembered, reload] = useLoad(() => loadRemembered(ids), [ids]);
  const remember = (id: string) => {
    setIds(storeIds((known) => rememberTransferId(known, id)));
  };
  const forget = (id: string) => {
    setIds(storeIds((known) => forgetTransferId(known, id)));
  };
  // The counterparty affirms or cancels, the CSD confirms the cash, in their own consoles: follow the open instructions.
  usePolling(reload, (remembered.data?.transfers ?? []).some(isOpenTransfer));
  return (
    <Page title="Transfers">
      {kindOf(me) === 'csd' ? (
        <p class="muted">
          A transfer against payment (DvP) waits, once the buyer affirms it, for the CSD to confirm the cash: Confirm cash settles it,
          Cancel ends it. No list of all transfers exists: enter the transfer id the parties give you, or one from a TransferAffirmed event
          on the Events screen, under Look up.
        </p>
      ) : (
        <p class="muted">
          No list of your transfers exists: this screen shows the ones instructed or looked up in this browser tab, until you sign out.
          After instructing, pass the transfer id (Copy id) to the buyer, who enters it under Look up to affirm it; a DvP transfer then
          settles when the CSD confirms the cash.
        </p>
      )}
      {may.instructTransfer(me) && <InstructForm me={me} onInstructed={remember} />}
      <LookupForm onFound={remember} />
      <Show state={remembered}>
        {({ transfers, unreadable }) => (
          <>
            <Table
              caption="Transfers"
              rows={transfers}
              rowKey={(t) => t.transferId}
              empty="No transfer instructed or looked up in this session."
              columns={[
                { header: 'Transfer', cell: (t) => <TransferId transferId={t.transferId} /> },
                { header: 'ISIN', cell: (t) => <a href={href('bonds', t.isin)}>{t.isin}</a> },
                { header: 'Seller', cell: (t) => `${t.from} / ${t.fromAccount}` },
                { header: 'Buyer', cell: (t) => `${t.to} / ${t.toAccount}` },
                { header: 'Units', cell: (t) => formatDecimal(t.units), numeric: true },
                {
                  header: 'Cash (minor units)',
                  cell: (t) => (isDvp(t) ? formatDecimal(t.cashAmount) : 'free of payment'),
                  numeric: true,
                },
                { header: 'Expires', cell: (t) => t.expiresAt },
                { header: 'Status', cell: (t) => t.status },
                {
                  header: 'Action',
                  cell: (t) => (
                    <>
                      <TransferActions me={me} transfer={t} onChanged={reload} />
                      <ForgetButton
                        transferId={t.transferId}
                        onForget={() => {
                          forget(t.transferId);
                        }}
                      />
                    </>
                  ),
                },
              ]}
            />
            {unreadable.length > 0 && (
              <section aria-label="Transfer ids that could not be read">
                <h2>Transfer ids that could not be read</h2>
                <ul>
                  {unreadable.map((u) => (
                    <li key={u.transferId}>
                      <code>{u.transferId}</code>{' '}
                      <ForgetButton
                        transferId={u.transferId}
                        onForget={() => {
                          forget(u.transferId);
                        }}
                      />
                      <ErrorAlert error={u.error} />
                    </li>
                  ))}
                </ul>
              </section>
            )}
            {may.settle(me) && <ConfirmCashBatch me={me} transfers={transfers} onChanged={reload} />}
          </>
        )}
      </Show>
    </Page>
  );
}

/** Looks the typed id up first, and remembers it only if the gateway finds it (its error shows otherwise). */
function LookupForm({ onFound }: { onFound: (transferId: string) => void }) {
  const [input, setInput] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiErrorBody>();
  return (
    <form
      aria-label="Look up a transfer"
      onSubmit={(e) => {
        e.preventDefault();
        const transferId = typedTransferId(input);
        if (transferId === undefined || busy) return;
        setBusy(true);
        setError(undefined);
        readTransfer(transferId).then(
          (found) => {
            setBusy(false);
            setInput('');
            onFound(found.transferId);
          },
          (failed: unknown) => {
            setBusy(false);
            setError(failure(failed));
          },
        );
      }}
    >
      <TextField
        label="Transfer ID"
        value={input}
        onInput={setInput}
        required
        hint={`The whole id the seller passed you; the list keeps the last ${MAX_TRANSFER_IDS}.`}
      />
      <button type="submit" disabled={busy}>
        Look up
      </button>
      {error && <ErrorAlert error={error} />}
    </form>
  );
}

/** The id's first characters, the whole id in its title, and a button copying it (or, without a clipboard, showing it whole). */
function TransferId({ transferId }: { transferId: string }) {
  const [copy, setCopy] = useState<'none' | 'copied' | 'shown'>('none');
  return (
    <>
      <code title={transferId}>{copy === 'shown' ? transferId : shortTransferId(transferId)}</code>{' '}
      <button
        type="button"
        title={`Copy ${transferId}`}
        onClick={() => {
          // No clipboard outside a secure context (plain http to another host): show the id whole, to be selected.
          const clipboard = navigator.clipboard as Clipboard | undefined;
          if (clipboard === undefined) {
            setCopy('shown');
            return;
          }
          clipboard.writeText(transferId).then(
            () => {
              setCopy('copied');
            },
            () => {
              setCopy('shown');
            },
          );
        }}
      >
        Copy id
      </button>
      <span aria-live="polite" class="muted">
        {copy === 'copied' ? ' Copied' : ''}
      </span>
    </>
  );
}

/** Drops an id from this tab's list: reads nothing, writes nothing on the ledger. */
function ForgetButton({ transferId, onForget }: { transferId: string; onForget: () => void }) {
  return (
    <button type="button" title={`Remove ${transferId} from this list (the transfer itself is unchanged)`} onClick={onForget}>
      Forget
    </button>
  );
}

function TransferActions({ me, transfer, onChanged }: { me: Me; transfer: Schemas['Transfer']; onChanged: () => void }) {
  const path = { transferId: transfer.transferId };
  const affirm = may.affirmTransfer(me, transfer);
  const cancel = may.cancelTransfer(me, transfer);
  const confirmCash = may.confirmTransferCash(me, transfer);
  // Shown to the parties and the CSD even once nothing is left to do, so the last step's progress stays visible.
  const party = transfer.from === me.mspId || transfer.to === me.mspId || may.settle(me);
  if (!may.instructTransfer(me) && !may.settle(me)) return null;
  if (!party) return null;
  return (
    <ActionButtons
      about={`transfer ${transfer.transferId}`}
      onDone={onChanged}
      buttons={[
        {
          label: 'Affirm',
          what: path,
          send: (headers) => api.POST('/transfers/{transferId}/affirmation', { params: { path }, headers }),
          hidden: !affirm,
        },
        {
          label: 'Confirm cash',
          what: path,
          send: (headers) => api.POST('/transfers/{transferId}/cash-confirmation', { params: { path }, headers }),
          hidden: !confirmCash,
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

/**
 * The CSD confirms the cash of every listed affirmed DvP transfer in one
 * transaction (POST /transfer-settlements): all settle, or none. Kept
 * mounted so its progress stays visible once they have settled.
 */
function ConfirmCashBatch({ me, transfers, onChanged }: { me: Me; transfers: Schemas['Transfer'][]; onChanged: () => void }) {
  const transferIds = transfers.filter((t) => may.confirmTransferCash(me, t)).map((t) => t.transferId);
  const body = { transferIds };
  return (
    <section aria-label="Confirm cash for several transfers">
      {transferIds.length > 1 && (
        <p class="muted">
          {transferIds.length} listed DvP transfers await the cash: confirm them all in one transaction (all settle, or none).
        </p>
      )}
      <ActionButtons
        onDone={onChanged}
        buttons={[
          {
            label: 'Confirm cash for all',
            what: body,
            send: (headers) => api.POST('/transfer-settlements', { body, headers }),
            hidden: transferIds.length < 2,
          },
        ]}
      />
    </section>
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
