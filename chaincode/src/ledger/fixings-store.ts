/** Reference rate fixings on the ledger, and a floating-rate bond's schedule with the fixings it needs. */
import type { Bond, RateFixing } from '../api';
import type { BusinessCalendar } from '../domain/calendar';
import { couponSchedule, type CouponPeriod, type Fixings } from '../domain/coupon-schedule';
import { parsePercent } from '../domain/decimal';
import type { BondContext } from './context';
import { key, KeyType } from './keys';
import { readRecord } from './state';

export function fixingKey(ctx: BondContext, referenceRate: string, fixingDate: string): string {
  return key(ctx.stub, KeyType.RATE_FIXING, referenceRate, fixingDate);
}

/** The published fixings a bond's periods pay on (none for a bond that does not float). */
export async function fixingsForBond(ctx: BondContext, bond: Bond, calendar: BusinessCalendar): Promise<Fixings> {
  const floating = bond.terms.floatingRate;
  const fixings = new Map<string, bigint>();
  if (!floating) return fixings;
  for (const period of couponSchedule(bond.terms, calendar)) {
    const fixingDate = period.floating?.fixingDate;
    if (fixingDate === undefined || fixings.has(fixingDate)) continue;
    const found = await readRecord<RateFixing>(ctx.stub, fixingKey(ctx, floating.referenceRate, fixingDate));
    if (found) fixings.set(fixingDate, parsePercent(found.rate, 'rate'));
  }
  return fixings;
}

/** The bond's coupon periods on `calendar`: a floating-rate bond's with its published fixings, a partly called bond's on its principal left. */
export async function scheduleWithFixings(ctx: BondContext, bond: Bond, calendar: BusinessCalendar): Promise<CouponPeriod[]> {
  return couponSchedule(bond.terms, calendar, await fixingsForBond(ctx, bond, calendar), bond.partialCalls);
}
