/**
 * The platform's servicing events as ISO 20022 corporate action events:
 * which payment event an event id names (the format the chaincode API
 * documents on PaymentEvent.eventId), its CAEV code, and whether it is
 * mandatory and how it is processed.
 *
 * CAEV codes (ISO 20022 external code set CorporateActionEventType, the
 * codes of seev.031 CorporateActionEventType31Code):
 * - INTR interest payment: a coupon (C-001, …);
 * - REDM final maturity: R-MATURITY;
 * - MCAL full call: R-CALL (and the issuer's call notice, BondCalled);
 * - PCAL partial redemption with reduction of nominal value: the issuer's
 *   partial call, R-PARTIAL-CALL-<date> (and its notice, BondCalledInPart);
 * - PRED partial redemption without reduction of nominal value, commonly
 *   by pool factor: a scheduled amortisation, R-AMORTISATION-<date>.
 *   Both repay part of every unit's principal pro rata and retire no unit
 *   (the units stay, the principal per unit falls), which either code can
 *   describe; the code follows the cause. PCAL, with MCAL the call family
 *   and the choice, for the issuer's optional partial call; PRED,
 *   the market's code for an amortising bond's scheduled repayments by
 *   factor, for an amortisation;
 * - BPUT put redemption: R-PUT-<date> (and the holder's election, PutExercised);
 * - DFLT bond default: BondDefaulted.
 */
import { type PaymentEventKind, PUT_ACCOUNT_PREFIX, type RedemptionReason } from '@bond-platform/chaincode/api';

export type CorporateActionEventType = 'INTR' | 'REDM' | 'MCAL' | 'PCAL' | 'PRED' | 'BPUT' | 'DFLT';

/** What a payment event id names: its kind, a redemption's reason, and a put's or partial redemption's date. */
export interface PaymentEventName {
  eventId: string;
  kind: PaymentEventKind;
  reason?: RedemptionReason;
  /** R-PUT-, R-AMORTISATION- and R-PARTIAL-CALL- ids end with their unadjusted date. */
  date?: string;
}

const COUPON = /^C-\d{3,}$/;
const DATED = /^R-(PUT|AMORTISATION|PARTIAL-CALL)-(\d{4}-\d{2}-\d{2})$/;

/** The payment event an id names; an id the ledger does not write is an error. */
export function paymentEventName(eventId: string): PaymentEventName {
  if (COUPON.test(eventId)) return { eventId, kind: 'COUPON' };
  if (eventId === 'R-MATURITY') return { eventId, kind: 'REDEMPTION', reason: 'MATURITY' };
  if (eventId === 'R-CALL') return { eventId, kind: 'REDEMPTION', reason: 'CALL' };
  const dated = DATED.exec(eventId);
  if (dated?.[1] === 'PUT') return { eventId, kind: 'REDEMPTION', reason: 'PUT', date: dated[2] };
  if (dated?.[1] === 'AMORTISATION') return { eventId, kind: 'PARTIAL_REDEMPTION', reason: 'AMORTISATION', date: dated[2] };
  if (dated?.[1] === 'PARTIAL-CALL') return { eventId, kind: 'PARTIAL_REDEMPTION', reason: 'PARTIAL_CALL', date: dated[2] };
  throw new Error(`ISO 20022: ${eventId} is not a payment event id`);
}

const REDEMPTION_CAEV: Readonly<Record<RedemptionReason, CorporateActionEventType>> = {
  MATURITY: 'REDM',
  CALL: 'MCAL',
  PUT: 'BPUT',
  PARTIAL_CALL: 'PCAL',
  AMORTISATION: 'PRED',
};

/** The CAEV code of a payment event. */
export function paymentEventType(name: PaymentEventName): CorporateActionEventType {
  return name.reason === undefined ? 'INTR' : REDEMPTION_CAEV[name.reason];
}

/** A redemption (maturity, call, put) retires the units it pays; a coupon or partial redemption retires none. */
export function retiresUnits(name: PaymentEventName): boolean {
  return name.kind === 'REDEMPTION';
}

/** The id the call's redemption event will have (R-CALL). */
export const CALL_EVENT_ID = 'R-CALL';

/** The id of the redemption event of the put on `putDate`. */
export function putEventId(putDate: string): string {
  return `R-${PUT_ACCOUNT_PREFIX}${putDate}`;
}

/** The id of the partial call's redemption event on `callDate`. */
export function partialCallEventId(callDate: string): string {
  return `R-PARTIAL-CALL-${callDate}`;
}

/** The put date of a put account (PUT-YYYY-MM-DD). */
export function putDateOf(accountId: string): string {
  if (!accountId.startsWith(PUT_ACCOUNT_PREFIX)) throw new Error(`ISO 20022: ${accountId} is not a put account`);
  return accountId.slice(PUT_ACCOUNT_PREFIX.length);
}

/** The id of a bond's default as a corporate action event: a bond defaults once. */
export const DEFAULT_EVENT_ID = 'DEFAULT';

/** MAND, or VOLU for a put: the holder chooses to exercise it. */
export function mandatoryOrVoluntary(type: CorporateActionEventType): 'MAND' | 'VOLU' {
  return type === 'BPUT' ? 'VOLU' : 'MAND';
}

/** DISN for a distribution (interest), REOR for a redemption (securities are retired or repaid), GENL for a default. */
export function processingType(type: CorporateActionEventType): 'DISN' | 'REOR' | 'GENL' {
  if (type === 'INTR') return 'DISN';
  return type === 'DFLT' ? 'GENL' : 'REOR';
}
