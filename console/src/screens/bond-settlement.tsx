/** Primary settlement of a bond: the pipeline of instructions, cash confirmed or failed, issuance completed. */
import { useState } from 'preact/hooks';
import { api, read, type Schemas, ifReadable } from '../api/client';
import { PipelineChart } from '../charts/charts';
import { ActionButtons } from '../components/ActionButton';
import { TextField } from '../components/Fields';
import { Show } from '../components/Feedback';
import { useLoad } from '../components/hooks';
import { Table } from '../components/Table';
import { pipeline } from '../model/charts';
import { formatDecimal, formatMinor } from '../model/decimal';
import { type Me, may } from '../model/permissions';
import { linesLeft, type LinesLeft, settlementSteps } from '../model/settlement';
import { collectPages } from '../model/throttle';

/** Today's date (UTC), as the ledger dates its transactions. */
const today = (): string => new Date().toISOString().slice(0, 10);

/** Pages of settlement instructions read per bond: 100 a page. */
const SETTLEMENT_PAGES = 20;

/** What the CSD is told about the allocation lines still without an instruction. */
function linesNote(left: LinesLeft): string {
  switch (left.kind) {
    case 'none':
      return 'Every allocation line has its settlement instruction.';
    case 'some':
      return `${left.exact ? '' : 'At least '}${left.count} allocation line(s) still need an instruction: start settlement again.`;
    case 'unknown':
      return left.zeroLines > 0
        ? `The ledger does not say whether the last ${left.zeroLines} allocation line(s), allocated nothing, have been passed over: Start settlement passes them over (and is refused if that is done); Complete issuance is refused until it is.`
        : 'The allocation could not be read, so how many lines still need an instruction is unknown.';
  }
}

/** Whether a date (YYYY-MM-DD) is before today. */
const passed = (date: string | undefined): boolean => date !== undefined && today() > date;

/** Where the CSD's settlement of the bond stands: lines left, cash legs pending, the first record date passed. */
function SettlementNotes({
  status,
  left,
  pending,
  firstRecordDate,
}: {
  status: Schemas['BondStatus'];
  left: LinesLeft;
  pending: number;
  firstRecordDate: string | undefined;
}) {
  if (status !== 'ALLOCATED' && status !== 'SETTLING') return null;
  return (
    <>
      {status === 'SETTLING' && <p>{linesNote(left)}</p>}
      {pending > 0 && <p>{pending} cash leg(s) pending: confirm or fail each before issuance completes.</p>}
      {passed(firstRecordDate) && (
        <p>
          The first record date {firstRecordDate} has passed: nothing more settles. Pending cash legs can only be failed, and issuance
          completes with what has settled.
        </p>
      )}
    </>
  );
}

/**
 * A bond's primary settlement: the CSD starts it (again while allocation
 * lines are left), confirms or fails each cash leg and completes issuance;
 * the regulator sees the same, read only.
 */
export function BondSettlements({ me, bond, onChanged }: { me: Me; bond: Schemas['Bond']; onChanged: () => void }) {
  const path = { isin: bond.isin };
  const settles = may.settle(me);
  // StartPrimarySettlement's last answer in this session: the exact number of lines left.
  const [answer, setAnswer] = useState<Schemas['PrimarySettlementBatch'] | undefined>(undefined);
  const [settlements, reload] = useLoad(async () => {
    const [rows, allocation, schedule] = await Promise.all([
      collectPages(
        (cursor) => read(api.GET('/bonds/{isin}/settlements', { params: { path, query: { pageSize: '100', cursor } } })),
        SETTLEMENT_PAGES,
      ),
      settles ? ifReadable(read(api.GET('/bonds/{isin}/allocation', { params: { path } }))) : Promise.resolve(undefined),
      settles ? ifReadable(read(api.GET('/bonds/{isin}/coupon-schedule', { params: { path } }))) : Promise.resolve(undefined),
    ]);
    // Primary settlement credits nothing after the first record date (the first coupon's; a bond without coupons: its redemption's, later).
    return { rows, allocation, firstRecordDate: schedule?.coupons[0]?.recordDate };
  }, [bond.isin, bond.status, settles]);
  const changed = () => {
    reload();
    onChanged();
  };
  return (
    <>
      <h2>Settlements</h2>
      <Show state={settlements}>
        {({ rows: { records: rows, complete }, allocation, firstRecordDate }) => {
          const firstRecordDatePassed = passed(firstRecordDate);
          const left = linesLeft(complete ? allocation?.lines : undefined, rows, answer?.isin === bond.isin ? answer : undefined);
          const pending = rows.filter((r) => r.status === 'PENDING_CASH').length;
          const steps = settlementSteps({ status: bond.status, left, pending, firstRecordDatePassed });
          return (
            <>
              <PipelineChart stages={pipeline(rows)} title={`Settlement of ${bond.isin}`} />
              {!complete && (
                <p class="muted">
                  Only the first {rows.length} settlement instructions are read ({SETTLEMENT_PAGES} pages).
                </p>
              )}
              {settles && <SettlementNotes status={bond.status} left={left} pending={pending} firstRecordDate={firstRecordDate} />}
              {settles && (
                <ActionButtons
                  onDone={(result) => {
                    if (typeof result === 'object' && result !== null && 'linesRemaining' in result) {
                      setAnswer(result as Schemas['PrimarySettlementBatch']);
                    }
                    changed();
                  }}
                  buttons={[
                    {
                      label: 'Start settlement',
                      what: path,
                      send: (headers) => api.POST('/bonds/{isin}/settlements', { params: { path }, headers }),
                      hidden: !steps.start,
                    },
                    {
                      label: 'Complete issuance',
                      what: path,
                      send: (headers) => api.POST('/bonds/{isin}/issuance-completion', { params: { path }, headers }),
                      hidden: !steps.complete,
                    },
                  ]}
                />
              )}
              <SettlementTable me={me} bond={bond} rows={rows} onChanged={changed} firstRecordDatePassed={firstRecordDatePassed} />
            </>
          );
        }}
      </Show>
    </>
  );
}

/**
 * Primary settlement instructions; for the CSD, a pending one's cash leg to
 * confirm (before the first record date) or to fail with a reason.
 */
export function SettlementTable({
  me,
  bond,
  rows,
  onChanged,
  firstRecordDatePassed = false,
}: {
  me: Me;
  bond: Schemas['Bond'];
  rows: Schemas['SettlementInstruction'][];
  onChanged: () => void;
  /** After it ConfirmCash is refused: only FailCash resolves a pending cash leg. */
  firstRecordDatePassed?: boolean;
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
        ...(may.settle(me)
          ? [
              {
                header: 'Action',
                cell: (s: Schemas['SettlementInstruction']) => (
                  <CashLeg instruction={s} confirmable={!firstRecordDatePassed} onChanged={onChanged} />
                ),
              },
            ]
          : []),
      ]}
    />
  );
}

/** The CSD's step on one pending cash leg: confirm it (the holding is credited) or fail it with a reason (nothing is). */
function CashLeg({
  instruction: s,
  confirmable,
  onChanged,
}: {
  instruction: Schemas['SettlementInstruction'];
  confirmable: boolean;
  onChanged: () => void;
}) {
  const [reason, setReason] = useState('');
  const path = { isin: s.isin, settlementId: s.settlementId };
  const failure = { reason: reason.trim() };
  const pending = s.status === 'PENDING_CASH';
  return (
    <>
      {pending && <TextField label="Failure reason" value={reason} onInput={setReason} hint="To fail the cash leg: nothing is credited" />}
      <ActionButtons
        about={`settlement instruction ${s.settlementId} of ${s.isin}`}
        onDone={onChanged}
        buttons={[
          {
            label: 'Confirm cash',
            what: s.settlementId,
            send: (headers) =>
              api.POST('/bonds/{isin}/settlements/{settlementId}/cash-confirmation', {
                params: { path },
                headers,
              }),
            hidden: !pending || !confirmable,
          },
          {
            label: 'Fail cash',
            what: [s.settlementId, failure],
            send: (headers) =>
              api.POST('/bonds/{isin}/settlements/{settlementId}/cash-failure', {
                params: { path },
                body: failure,
                headers,
              }),
            hidden: !pending,
          },
        ]}
      />
    </>
  );
}
