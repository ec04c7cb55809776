/** The bond's options: the issuer's call, the holders' puts (domain/bond-options.ts). */
import { type Bond, ChaincodeError, ErrorCode, type PartialCallNotice, type PutElection, ServicingEvent } from '../../api';
import { requirePartialCallPercent } from '../../domain/amortisation';
import { latestCallNotice, mayCallBond, optionOn } from '../../domain/bond-options';
import { canonicalJson } from '../../domain/canonical-json';
import { dateOf } from '../../domain/dates';
import { formatPercent, parseUnits } from '../../domain/decimal';
import { paymentDates, putAccountId } from '../../domain/payment-event';
import { parseJsonObject, requireText, requireTradingAccountId } from '../../domain/validation';
import { advanceBond, requireBond, requireStatus, saveBond } from '../../ledger/bonds-store';
import { calendarForBond } from '../../ledger/calendar-store';
import type { BondContext } from '../../ledger/context';
import { moveUnits } from '../../ledger/holdings-store';
import { requireDeliveryOpen } from '../../ledger/register';
import { changeStamp, emitEvent } from '../../ledger/state';

/** The call option the issuer exercises on `callDate`: the issuer's, on a call date of the terms, with the notice they require. */
async function noticedCall(
  ctx: BondContext,
  isin: string,
  callDate: string,
): Promise<{ bond: Bond; option: { date: string; price: string } }> {
  const bond = await requireBond(ctx, isin);
  if (!mayCallBond(bond, ctx.auth.mspId)) throw new ChaincodeError(ErrorCode.NOT_A_PARTY, `only the issuer ${bond.issuer} calls ${isin}`);
  requireStatus(isin, bond.status, 'ISSUED');
  const option = optionOn(bond.terms, 'callSchedule', callDate);
  const latestNotice = latestCallNotice(bond.terms, option.date);
  if (dateOf(ctx.stub.getDateTimestamp()) > latestNotice) {
    throw new ChaincodeError(ErrorCode.OUTSIDE_WINDOW, `a call on ${option.date} needs notice by ${latestNotice}`);
  }
  return { bond, option };
}

/** The issuer calls the bond on a call date of its terms, giving the required notice. */
export async function callBond(ctx: BondContext, isin: string, callDate: string): Promise<string> {
  const { bond, option } = await noticedCall(ctx, isin, callDate);
  const called = await advanceBond(ctx, bond, 'CALLED', { call: { callDate: option.date, price: option.price, notice: changeStamp(ctx) } });
  emitEvent(ctx.stub, ServicingEvent.BOND_CALLED, called);
  return canonicalJson(called);
}

/**
 * The issuer calls part of the bond on a call date of its terms, with the
 * call's notice: `percent` of every unit's original face value is repaid
 * at the call price, pro rata across holdings (domain/amortisation.ts). The
 * bond stays ISSUED; its coupons accrue on the principal left.
 */
export async function callBondInPart(ctx: BondContext, isin: string, callDate: string, percent: string): Promise<string> {
  const { bond, option } = await noticedCall(ctx, isin, callDate);
  const partialCalls = bond.partialCalls ?? [];
  const repaid = requirePartialCallPercent(bond.terms, partialCalls, option.date, percent);
  const notice: PartialCallNotice = {
    callDate: option.date,
    percent: formatPercent(repaid),
    price: option.price,
    notice: changeStamp(ctx),
  };
  const next: Bond = {
    ...bond,
    partialCalls: [...partialCalls, notice].sort((a, b) => (a.callDate < b.callDate ? -1 : 1)),
    lastChange: changeStamp(ctx),
  };
  await saveBond(ctx, next, bond.status);
  emitEvent(ctx.stub, ServicingEvent.BOND_CALLED_IN_PART, next);
  return canonicalJson(next);
}

/**
 * A holder exercises a put for some of its units, up to the put's record
 * date: the units move to its account PUT-<date>, which cannot be
 * transferred, and are redeemed on the put date.
 */
export async function exercisePut(ctx: BondContext, requestJson: string): Promise<string> {
  const input = parseJsonObject(requestJson, 'request');
  const bond = await requireBond(ctx, requireText(input.isin, 'isin', 12));
  requireStatus(bond.isin, bond.status, 'ISSUED');
  const put = optionOn(bond.terms, 'putSchedule', input.putDate);
  const { calendar } = await calendarForBond(ctx, bond);
  const { recordDate } = paymentDates(bond.terms, calendar, put.date);
  if (dateOf(ctx.stub.getDateTimestamp()) > recordDate) {
    throw new ChaincodeError(ErrorCode.OUTSIDE_WINDOW, `the put on ${put.date} could be exercised until ${recordDate}`);
  }
  // Neither a put account nor a hash lock's escrow: their units are already spoken for.
  const accountId = requireTradingAccountId(input.accountId);
  const units = parseUnits(input.units, 'units');
  await requireDeliveryOpen(ctx, bond);
  const to = { isin: bond.isin, holder: ctx.auth.mspId, accountId: putAccountId(put.date) };
  await moveUnits(ctx, { isin: bond.isin, holder: ctx.auth.mspId, accountId }, to, units);
  const election: PutElection = { ...to, fromAccount: accountId, units: units.toString(), price: put.price, exercised: changeStamp(ctx) };
  emitEvent(ctx.stub, ServicingEvent.PUT_EXERCISED, election);
  return canonicalJson(election);
}
