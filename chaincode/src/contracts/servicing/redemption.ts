/**
 * Redemption: fixing the entitlements of the maturity, of a call, of the
 * units elected for a put, or of a partial redemption (a scheduled
 * amortisation or a partial call). Paying and completing them is in
 * payment-events.ts; the principal rules are domain/amortisation.ts's.
 */
import type { PartialRedemptionReason } from '../../api';
import { ChaincodeError, ErrorCode } from '../../api';
import {
  partialRedemptionEventId,
  principalAmountPerUnit,
  principalPercentAfter,
  principalRepayments,
  requireRepayment,
} from '../../domain/amortisation';
import { formatPercent, parsePercent } from '../../domain/decimal';
import { optionOn } from '../../domain/bond-options';
import { paymentDates, putAccountId, redemptionEventId } from '../../domain/payment-event';
import { invalid, parseJsonObject, requireText } from '../../domain/validation';
import { requireStatus } from '../../ledger/bonds-store';
import { calendarForBond } from '../../ledger/calendar-store';
import type { BondContext } from '../../ledger/context';
import { bondOfServicer, type EventToFix, fixEntitlements } from './payment-events';

/**
 * Fixes a redemption's entitlements: MATURITY and CALL redeem every
 * holding; PUT (with its date) redeems the units elected for that put;
 * AMORTISATION and PARTIAL_CALL (with their date) repay part of every
 * unit's principal. A redemption repays the principal left after the
 * partial repayments on or before its date.
 */
export async function fixRedemptionEntitlements(ctx: BondContext, requestJson: string): Promise<string> {
  const input = parseJsonObject(requestJson, 'request');
  const bond = await bondOfServicer(ctx, requireText(input.isin, 'isin', 12));
  const { calendar } = await calendarForBond(ctx, bond);
  const repayments = principalRepayments(bond.terms, bond.partialCalls);
  const due = (date: string, principalPercent: bigint, price: string, extra: Partial<EventToFix>): EventToFix => ({
    isin: bond.isin,
    eventId: '',
    kind: 'REDEMPTION',
    ...paymentDates(bond.terms, calendar, date),
    price,
    principalPercent: formatPercent(principalPercent),
    amountPerUnit: principalAmountPerUnit(bond.terms.specifiedDenomination, principalPercent, parsePercent(price, 'price')),
    scope: { kind: 'REDEMPTION', redemptionDate: date },
    ...extra,
  });
  const redeeming = (date: string, price: string, extra: Partial<EventToFix>): EventToFix =>
    due(date, principalPercentAfter(repayments, date), price, extra);
  switch (input.reason) {
    case 'MATURITY':
      requireStatus(bond.isin, bond.status, 'ISSUED');
      return fixEntitlements(
        ctx,
        bond,
        redeeming(bond.terms.maturityDate, '100', { eventId: redemptionEventId('MATURITY'), reason: 'MATURITY' }),
      );
    case 'CALL': {
      requireStatus(bond.isin, bond.status, 'CALLED');
      const call = bond.call;
      if (!call) throw new ChaincodeError(ErrorCode.INVALID_STATE_TRANSITION, `${bond.isin} has no call notice`);
      return fixEntitlements(ctx, bond, redeeming(call.callDate, call.price, { eventId: redemptionEventId('CALL'), reason: 'CALL' }));
    }
    case 'PUT': {
      requireStatus(bond.isin, bond.status, 'ISSUED', 'CALLED');
      const put = optionOn(bond.terms, 'putSchedule', input.putDate ?? input.date);
      if (bond.call && put.date > bond.call.callDate) {
        throw new ChaincodeError(
          ErrorCode.INVALID_STATE_TRANSITION,
          `${bond.isin} is called on ${bond.call.callDate}: the call redeems the units put for ${put.date}`,
        );
      }
      const scope = { kind: 'PUT', account: putAccountId(put.date) } as const;
      return fixEntitlements(
        ctx,
        bond,
        redeeming(put.date, put.price, { eventId: redemptionEventId('PUT', put.date), reason: 'PUT', scope }),
      );
    }
    case 'AMORTISATION':
    case 'PARTIAL_CALL': {
      requireStatus(bond.isin, bond.status, 'ISSUED', 'CALLED');
      const reason: PartialRedemptionReason = input.reason;
      const repayment = requireRepayment(repayments, reason, input.date);
      if (bond.call && repayment.date > bond.call.callDate) {
        throw new ChaincodeError(
          ErrorCode.INVALID_STATE_TRANSITION,
          `${bond.isin} is called on ${bond.call.callDate}: the call redeems the principal due on ${repayment.date}`,
        );
      }
      return fixEntitlements(
        ctx,
        bond,
        due(repayment.date, repayment.percent, formatPercent(repayment.price), {
          eventId: partialRedemptionEventId(reason, repayment.date),
          kind: 'PARTIAL_REDEMPTION',
          reason,
          scope: { kind: 'PARTIAL_REDEMPTION', date: repayment.date },
        }),
      );
    }
    default:
      throw invalid('reason must be MATURITY, CALL, PUT, AMORTISATION or PARTIAL_CALL');
  }
}
