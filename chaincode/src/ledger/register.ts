/**
 * The register of holders as servicing reads it: the holdings at the end of
 * a record date (from each holding key's history, which every peer holds
 * identically), and whether a delivery of a bond may settle today.
 */
import { type Bond, ChaincodeError, ErrorCode, type Holding, type PaymentEvent } from '../api';
import { finalRedemption, firstRecordDate } from '../domain/coupon-schedule';
import { dateOf } from '../domain/dates';
import { deliveryBlocker, unitsAtEndOf } from '../domain/servicing-order';
import { calendarForBond } from './calendar-store';
import type { BondContext } from './context';
import { KeyType } from './keys';
import { historyOf, recordsUnder } from './state';

export interface RegisterLine {
  holder: string;
  accountId: string;
  units: bigint;
}

/**
 * Each holding of the bond with the units it had at the end of `recordDate`
 * (holdings with none then are left out). Holdings are only ever deleted by
 * a redemption payment, which waits until every event due before it is
 * fixed, so the keys present now cover the register of any unfixed event.
 */
export async function registerAtEndOf(ctx: BondContext, isin: string, recordDate: string): Promise<RegisterLine[]> {
  const lines: RegisterLine[] = [];
  for (const { key, value } of await recordsUnder<Holding>(ctx.stub, KeyType.HOLDING, [isin])) {
    // Newest first, in commit order, as Fabric returns a key's history.
    const versions = (await historyOf<Holding>(ctx.stub, key)).map((v) => ({ timestamp: v.timestamp, isDelete: v.isDelete, units: v.value?.units }));
    const units = unitsAtEndOf(recordDate, versions);
    if (units > 0n) lines.push({ holder: value.holder, accountId: value.accountId, units });
  }
  return lines;
}

/** Refuses (OUTSIDE_WINDOW) a delivery of the bond today once its register is closed. */
export async function requireDeliveryOpen(ctx: BondContext, bond: Bond): Promise<void> {
  const { calendar } = await calendarForBond(ctx, bond);
  const closesAfter = finalRedemption(bond.terms, calendar, bond.call).recordDate;
  const fixed = (await recordsUnder<PaymentEvent>(ctx.stub, KeyType.PAYMENT_EVENT, [bond.isin])).map((r) => r.value.recordDate);
  const blocker = deliveryBlocker(dateOf(ctx.stub.getDateTimestamp()), closesAfter, fixed);
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
