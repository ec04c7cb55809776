/**
 * The data behind the console's pictures, as pure functions of the API's
 * records: a bond's life, the register's distribution, outstanding over
 * time, the settlement pipeline. Units stay decimal strings; only shares
 * for drawing are numbers.
 */
import type { components } from '../api/schema';
import { ratio, sumUnits, toScaled } from './decimal';

type Schemas = components['schemas'];

export interface Milestone {
  /** ISO date or timestamp. */
  at: string;
  label: string;
  /** Happened (true) or scheduled (false). */
  done: boolean;
}

/** Bond statuses in the order of a bond's life, with the words the timeline uses. */
const STATUS_STEPS: readonly [Schemas['BondStatus'], string][] = [
  ['APPROVED', 'Approved'],
  ['BOOK_OPEN', 'Book opened'],
  ['BOOK_CLOSED', 'Book closed'],
  ['ALLOCATED', 'Allocated'],
  ['SETTLING', 'Settlement'],
  ['ISSUED', 'Issued'],
  ['CALLED', 'Called'],
  ['DEFAULTED', 'Defaulted'],
  ['REDEEMED', 'Redeemed'],
];

/**
 * A bond's life: application, then each status the bond's history first
 * reached, then its coupons and redemption (paid, or scheduled on their
 * payment dates), in time order.
 */
export function timeline(input: {
  application?: Pick<Schemas['BondApplication'], 'filed'>;
  history: readonly Schemas['BondHistoryEntry'][];
  paymentEvents: readonly Schemas['PaymentEvent'][];
  coupons?: readonly Schemas['CouponScheduleEntry'][];
  maturityDate?: string;
}): Milestone[] {
  const reached = firstReached(input.history);
  const milestones: Milestone[] = input.application ? [{ at: input.application.filed.timestamp, label: 'Application', done: true }] : [];
  for (const [status, label] of STATUS_STEPS) {
    const at = reached.get(status);
    if (at !== undefined) milestones.push({ at, label, done: true });
  }
  milestones.push(...payments(input.paymentEvents, input.coupons ?? []));
  const redeemed = reached.has('REDEEMED') || input.paymentEvents.some((e) => e.kind === 'REDEMPTION');
  if (input.maturityDate !== undefined && !redeemed) milestones.push({ at: input.maturityDate, label: 'Maturity', done: false });
  return milestones.sort((a, b) => a.at.slice(0, 10).localeCompare(b.at.slice(0, 10)) || Number(b.done) - Number(a.done));
}

/** When the bond first reached each status. */
function firstReached(history: readonly Schemas['BondHistoryEntry'][]): Map<string, string> {
  const reached = new Map<string, string>();
  for (const entry of [...history].sort((a, b) => a.timestamp.localeCompare(b.timestamp))) {
    const status = entry.bond?.status;
    if (status !== undefined && !reached.has(status)) reached.set(status, entry.timestamp);
  }
  return reached;
}

const EVENT_LABEL: Record<Schemas['PaymentEventKind'], string> = {
  COUPON: 'Coupon',
  REDEMPTION: 'Redemption',
  PARTIAL_REDEMPTION: 'Partial redemption',
};

/** The payment events (done once complete), and the scheduled coupons no event exists for yet. */
function payments(events: readonly Schemas['PaymentEvent'][], coupons: readonly Schemas['CouponScheduleEntry'][]): Milestone[] {
  const fixed = new Set(events.map((e) => e.couponNumber));
  return [
    ...events.map((e) => ({
      at: e.paymentDate,
      label: e.couponNumber === undefined ? EVENT_LABEL[e.kind] : `${EVENT_LABEL[e.kind]} ${e.couponNumber}`,
      done: e.status === 'COMPLETE',
    })),
    ...coupons.filter((c) => !fixed.has(c.number)).map((c) => ({ at: c.paymentDate, label: `Coupon ${c.number}`, done: false })),
  ];
}

export interface Share {
  holder: string;
  units: string;
  /** Of the total, for drawing (0..1). */
  share: number;
}

/**
 * The register by holder (accounts of one holder added up), largest first;
 * beyond `top` holders the rest are one "Others" row, so the units always
 * add up to the outstanding.
 */
export function distribution(holdings: readonly Pick<Schemas['Holding'], 'holder' | 'units'>[], top = 8): Share[] {
  const byHolder = new Map<string, bigint>();
  for (const h of holdings) byHolder.set(h.holder, (byHolder.get(h.holder) ?? 0n) + toScaled(h.units, 0));
  const rows = [...byHolder].filter(([, units]) => units > 0n).sort(([a, x], [b, y]) => (x === y ? a.localeCompare(b) : x > y ? -1 : 1));
  const kept = rows.slice(0, top);
  const rest = rows.slice(top).reduce((sum, [, units]) => sum + units, 0n);
  if (rest > 0n) kept.push([`Others (${rows.length - top})`, rest]);
  const total = sumUnits(kept.map(([, units]) => units.toString()));
  return kept.map(([holder, units]) => ({ holder, units: units.toString(), share: ratio(units.toString(), total) }));
}

export interface Point {
  at: string;
  units: string;
}

/**
 * Outstanding over time (Σ holdings, as the chaincode defines it) from the
 * holdings' histories: each change sets one holding's units, and the sum
 * after each change is one step of the series.
 */
export function outstandingSeries(histories: readonly (readonly Schemas['HoldingHistoryEntry'][])[]): Point[] {
  const changes = histories.flatMap((entries, index) => entries.map((entry) => ({ entry, index })));
  changes.sort((a, b) => a.entry.timestamp.localeCompare(b.entry.timestamp));
  const current = new Map<number, bigint>();
  let total = 0n;
  const points: Point[] = [];
  for (const { entry, index } of changes) {
    const units = entry.isDelete || !entry.holding ? 0n : toScaled(entry.holding.units, 0);
    total += units - (current.get(index) ?? 0n);
    current.set(index, units);
    const last = points.at(-1);
    if (last?.at === entry.timestamp) last.units = total.toString();
    else points.push({ at: entry.timestamp, units: total.toString() });
  }
  return points;
}

export interface Stage {
  status: string;
  count: number;
}

/** Settlement instructions counted per status, in the pipeline's order. */
export function pipeline(settlements: readonly Pick<Schemas['SettlementInstruction'], 'status'>[]): Stage[] {
  const order: Schemas['SettlementInstruction']['status'][] = ['PENDING_CASH', 'SETTLED', 'FAILED'];
  return order.map((status) => ({ status, count: settlements.filter((s) => s.status === status).length }));
}
