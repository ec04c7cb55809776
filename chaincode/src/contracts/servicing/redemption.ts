/**
 * Redemption: fixing the entitlements of the maturity, of a call, or of the
 * units elected for a put. Paying and completing them is in payment-events.ts.
 */
import { ChaincodeError, ErrorCode } from '../../api';
import { PAR, parsePercent } from '../../domain/decimal';
import { optionOn } from '../../domain/bond-options';
import { paymentDates, putAccountId, redemptionEventId } from '../../domain/payment-event';
import { invalid, parseJsonObject, requireText } from '../../domain/validation';
import { requireStatus } from '../../ledger/bonds-store';
import { calendarForBond } from '../../ledger/calendar-store';
import type { BondContext } from '../../ledger/context';
import { bondOfServicer, type EventToFix, fixEntitlements } from './payment-events';

/**
 * Fixes a redemption's entitlements: MATURITY and CALL redeem every
 * holding; PUT (with its date) redeems the units elected for that put.
 */
export async function fixRedemptionEntitlements(ctx: BondContext, requestJson: string): Promise<string> {
  const input = parseJsonObject(requestJson, 'request');
  const bond = await bondOfServicer(ctx, requireText(input.isin, 'isin', 12));
  const { calendar } = await calendarForBond(ctx, bond);
  const due = (date: string, price: string, extra: Partial<EventToFix>): EventToFix => ({
    isin: bond.isin,
    eventId: '',
    kind: 'REDEMPTION',
    ...paymentDates(bond.terms, calendar, date),
    price,
    amountPerUnit: { num: BigInt(bond.terms.specifiedDenomination) * parsePercent(price, 'price'), den: PAR },
    scope: { kind: 'REDEMPTION', redemptionDate: date },
    ...extra,
  });
  switch (input.reason) {
    case 'MATURITY':
      requireStatus(bond.isin, bond.status, 'ISSUED');
      return fixEntitlements(
        ctx,
        bond,
        due(bond.terms.maturityDate, '100', { eventId: redemptionEventId('MATURITY'), reason: 'MATURITY' }),
      );
    case 'CALL': {
      requireStatus(bond.isin, bond.status, 'CALLED');
      const call = bond.call;
      if (!call) throw new ChaincodeError(ErrorCode.INVALID_STATE_TRANSITION, `${bond.isin} has no call notice`);
      return fixEntitlements(ctx, bond, due(call.callDate, call.price, { eventId: redemptionEventId('CALL'), reason: 'CALL' }));
    }
    case 'PUT': {
      requireStatus(bond.isin, bond.status, 'ISSUED', 'CALLED');
      const put = optionOn(bond.terms, 'putSchedule', input.putDate);
      if (bond.call && put.date > bond.call.callDate) {
        throw new ChaincodeError(
          ErrorCode.INVALID_STATE_TRANSITION,
          `${bond.isin} is called on ${bond.call.callDate}: the call redeems the units put for ${put.date}`,
        );
      }
      const scope = { kind: 'PUT', account: putAccountId(put.date) } as const;
      return fixEntitlements(ctx, bond, due(put.date, put.price, { eventId: redemptionEventId('PUT', put.date), reason: 'PUT', scope }));
    }
    default:
      throw invalid('reason must be MATURITY, CALL or PUT');
  }
}
