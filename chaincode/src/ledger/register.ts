/**
 * The register of holders as servicing reads it: the holdings at the end of
 * a record date, a page at a time (from each holding key's history, which
 * every peer holds identically), and whether a delivery of a bond may settle
 * today.
 */
import { type Bond, ChaincodeError, ErrorCode, type Holding, type PaymentEvent } from '../api';
import { finalRedemption, firstRecordDate } from '../domain/coupon-schedule';
import { dateOf } from '../domain/dates';
import type { RegisterWindow } from '../domain/hash-lock';
import { deliveryBlocker, unitsAtEndOf } from '../domain/servicing-order';
import { calendarForBond } from './calendar-store';
import type { BondContext } from './context';
import { key, KeyType } from './keys';
import { decodeJson, historyOf, recordsUnder } from './state';

export interface RegisterLine {
  holder: string;
  accountId: string;
  units: bigint;
}

/** A page of the record-date register: its lines, the last holding it went through, and whether it reached the end. */
export interface RegisterPage {
  lines: RegisterLine[];
  last?: { holder: string; accountId: string };
  complete: boolean;
}

/**
 * The next `maxHoldings` holdings of the bond after `after` (in key order),
 * each with the units it had at the end of `recordDate` (holdings with none
 * then are left out). Holdings are only ever deleted by a redemption
 * payment, which waits until every event due before it is fixed, so the
 * keys present now cover the register of any event still being fixed; a
 * key created after the record date had no units then.
 *
 * Fabric refuses paginated queries in a transaction that writes, so the
 * range is read from its start and the holdings up to `after` are passed
 * over by key, without reading their history: a later page reads more keys,
 * but each page reads the history of at most `maxHoldings`.
 */
export async function registerPageAtEndOf(
  ctx: BondContext,
  isin: string,
  recordDate: string,
  after: { holder: string; accountId: string } | undefined,
  maxHoldings: number,
): Promise<RegisterPage> {
  const afterKey = after === undefined ? undefined : key(ctx.stub, KeyType.HOLDING, isin, after.holder, after.accountId);
  const lines: RegisterLine[] = [];
  let last: RegisterPage['last'];
  let taken = 0;
  key(ctx.stub, KeyType.HOLDING, isin); // the key rule for the ISIN
  for await (const row of ctx.stub.getStateByPartialCompositeKey(KeyType.HOLDING, [isin])) {
    if (afterKey !== undefined && row.key <= afterKey) continue;
    if (taken === maxHoldings) return { lines, last, complete: false };
    taken++;
    const holding = decodeJson<Holding>(row.value);
    // Newest first, in commit order, as Fabric returns a key's history.
    const versions = (await historyOf<Holding>(ctx.stub, row.key)).map((v) => ({
      timestamp: v.timestamp,
      isDelete: v.isDelete,
      units: v.value?.units,
    }));
    const units = unitsAtEndOf(recordDate, versions);
    if (units > 0n) lines.push({ holder: holding.holder, accountId: holding.accountId, units });
    last = { holder: holding.holder, accountId: holding.accountId };
  }
  return { lines, last, complete: true };
}

/** What the bond's register allows today: the transaction's day, the final redemption's record date, the record dates fixed. */
export async function registerWindow(ctx: BondContext, bond: Bond): Promise<RegisterWindow> {
  const { calendar } = await calendarForBond(ctx, bond);
  const closesAfter = finalRedemption(bond.terms, calendar, bond.call).recordDate;
  const fixedRecordDates = (await recordsUnder<PaymentEvent>(ctx.stub, KeyType.PAYMENT_EVENT, [bond.isin])).map((r) => r.value.recordDate);
  return { today: dateOf(ctx.stub.getDateTimestamp()), closesAfter, fixedRecordDates };
}

/** Refuses (OUTSIDE_WINDOW) a delivery of the bond today once its register is closed. */
export async function requireDeliveryOpen(ctx: BondContext, bond: Bond): Promise<void> {
  const { today, closesAfter, fixedRecordDates } = await registerWindow(ctx, bond);
  const blocker = deliveryBlocker(today, closesAfter, fixedRecordDates);
  if (blocker) throw new ChaincodeError(ErrorCode.OUTSIDE_WINDOW, `no delivery of ${bond.isin} settles: ${blocker}`);
}

/** Whether today is after the bond's first record date (after it, primary settlement credits nothing). */
export async function isAfterFirstRecordDate(ctx: BondContext, bond: Bond): Promise<boolean> {
  const first = firstRecordDate(bond.terms, (await calendarForBond(ctx, bond)).calendar);
  return dateOf(ctx.stub.getDateTimestamp()) > first;
}

/** Refuses (OUTSIDE_WINDOW) primary settlement once the bond's first record date has passed. */
export async function requireBeforeFirstRecordDate(ctx: BondContext, bond: Bond): Promise<void> {
  const first = firstRecordDate(bond.terms, (await calendarForBond(ctx, bond)).calendar);
  if (dateOf(ctx.stub.getDateTimestamp()) > first) {
    throw new ChaincodeError(
      ErrorCode.OUTSIDE_WINDOW,
      `${bond.isin} cannot be settled after its first record date ${first}: its first holders would miss what fell due`,
    );
  }
}
