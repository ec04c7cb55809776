/**
 * Default: the CSD (domain/access-policy.ts) declares a bond in default when
 * one of its payment events is overdue — not complete after its payment
 * date, whether its entitlements are fixed or still being fixed. Only a bond
 * still being serviced (ISSUED or CALLED) defaults; DEFAULTED is final
 * (domain/bond-lifecycle.ts). Pure: the caller supplies the bond's payment
 * events and the transaction's date.
 */
import type { Bond } from '../api/bonds';
import { ChaincodeError, ErrorCode } from '../api/errors';
import type { PaymentEvent } from '../api/servicing';
import { requireStatus } from './bond-lifecycle';

/** Not complete after its payment date: the payment date is before `today`. */
export function isOverdue(event: Pick<PaymentEvent, 'status' | 'paymentDate'>, today: string): boolean {
  return event.status !== 'COMPLETE' && event.paymentDate < today;
}

/** The ids of the bond's overdue payment events, the grounds of its default; refuses if none is overdue or the bond is not being serviced. */
export function defaultGrounds(
  bond: Pick<Bond, 'isin' | 'status'>,
  events: readonly Pick<PaymentEvent, 'eventId' | 'status' | 'paymentDate'>[],
  today: string,
): string[] {
  requireStatus(bond.isin, bond.status, 'ISSUED', 'CALLED');
  const overdue = events.filter((e) => isOverdue(e, today)).map((e) => e.eventId);
  if (overdue.length === 0) {
    throw new ChaincodeError(ErrorCode.INVALID_STATE_TRANSITION, `${bond.isin} has no payment overdue on ${today}`);
  }
  return overdue;
}
