/**
 * Servicing: coupons, options, redemption and default. Ledger code cannot
 * wake itself up: the CSD's or the paying agent's systems submit each due
 * event, and the chaincode checks it against the transaction timestamp and
 * the schedule — too early is refused, late is allowed and recorded.
 *
 * A payment event (coupon or redemption) is fixed on its record date: one
 * entitlement per holding, rounded once per holding, at most
 * ENTITLEMENTS_FIXED_PER_CALL holdings per call (the event is FIXING until
 * the last page; nothing is paid or completed before). The paying agent then
 * confirms each payment, or the paying agent, the holder or the CSD proves
 * it with the claimed cash lock on the cash ledger (ConfirmPaymentByProof);
 * a redemption payment retires the holding (which needs the holder's
 * organisation's endorsement, by the holding's key-level policy). When every entitlement is paid the event is complete,
 * and a completed maturity or call redemption makes the bond REDEEMED.
 */
import { Info, Returns, Transaction } from 'fabric-contract-api';
import { BondContext } from '../ledger/context';
import { GuardedContract } from '../ledger/guarded-contract';
import { fixCouponEntitlements, getAccruedInterest, getCouponSchedule } from './servicing/coupons';
import { declareDefault } from './servicing/default';
import { callBond, callBondInPart, exercisePut } from './servicing/options';
import {
  completePaymentEvent,
  confirmPayment,
  confirmPaymentByProof,
  listDueEvents,
  listEntitlements,
  listPaymentEvents,
} from './servicing/payment-events';
import { fixRedemptionEntitlements } from './servicing/redemption';

/**
 * The Servicing contract's transactions, each handed to the function of its
 * concept in contracts/servicing/ (where each is described): coupons.ts,
 * redemption.ts, payment-events.ts (fixing pages, confirming payments,
 * completing events, the lists), options.ts and default.ts.
 */
@Info({ title: 'Servicing', description: 'Coupons, options, redemption and default' })
export class ServicingContract extends GuardedContract {
  constructor() {
    super('Servicing');
  }

  @Transaction(false)
  @Returns('string')
  async GetCouponSchedule(ctx: BondContext, isin: string): Promise<string> {
    return getCouponSchedule(ctx, isin);
  }

  @Transaction(false)
  @Returns('string')
  async GetAccruedInterest(ctx: BondContext, isin: string, date: string): Promise<string> {
    return getAccruedInterest(ctx, isin, date);
  }

  @Transaction()
  @Returns('string')
  async FixCouponEntitlements(ctx: BondContext, isin: string, couponNumber: string): Promise<string> {
    return fixCouponEntitlements(ctx, isin, couponNumber);
  }

  @Transaction()
  @Returns('string')
  async FixRedemptionEntitlements(ctx: BondContext, requestJson: string): Promise<string> {
    return fixRedemptionEntitlements(ctx, requestJson);
  }

  @Transaction()
  @Returns('string')
  async ConfirmPayment(ctx: BondContext, isin: string, eventId: string, holder: string, accountId: string): Promise<string> {
    return confirmPayment(ctx, isin, eventId, holder, accountId);
  }

  /**
   * ConfirmPayment on proof instead of the paying agent's word: the proof
   * (base64 of the cash chaincode's endorsed Htlc:AttestLock envelope) of
   * a CLAIMED cash lock from the paying agent to the entitlement's single
   * payee for exactly its amount in the bond's currency. By the paying
   * agent, the holder or the CSD; a cash lock pays one entitlement only.
   */
  @Transaction()
  @Returns('string')
  async ConfirmPaymentByProof(
    ctx: BondContext,
    isin: string,
    eventId: string,
    holder: string,
    accountId: string,
    proofBase64: string,
  ): Promise<string> {
    return confirmPaymentByProof(ctx, isin, eventId, holder, accountId, proofBase64);
  }

  @Transaction()
  @Returns('string')
  async CompletePaymentEvent(ctx: BondContext, isin: string, eventId: string): Promise<string> {
    return completePaymentEvent(ctx, isin, eventId);
  }

  @Transaction()
  @Returns('string')
  async CallBond(ctx: BondContext, isin: string, callDate: string): Promise<string> {
    return callBond(ctx, isin, callDate);
  }

  /** The issuer calls `percent` of every unit's original face value on a call date; the rest stays outstanding. */
  @Transaction()
  @Returns('string')
  async CallBondInPart(ctx: BondContext, isin: string, callDate: string, percent: string): Promise<string> {
    return callBondInPart(ctx, isin, callDate, percent);
  }

  @Transaction()
  @Returns('string')
  async ExercisePut(ctx: BondContext, requestJson: string): Promise<string> {
    return exercisePut(ctx, requestJson);
  }

  @Transaction()
  @Returns('string')
  async DeclareDefault(ctx: BondContext, isin: string, reason: string): Promise<string> {
    return declareDefault(ctx, isin, reason);
  }

  @Transaction(false)
  @Returns('string')
  async ListDueEvents(ctx: BondContext, isin: string, date: string): Promise<string> {
    return listDueEvents(ctx, isin, date);
  }

  @Transaction(false)
  @Returns('string')
  async ListPaymentEvents(ctx: BondContext, isin: string): Promise<string> {
    return listPaymentEvents(ctx, isin);
  }

  @Transaction(false)
  @Returns('string')
  async ListEntitlements(ctx: BondContext, isin: string, eventId: string, pageSize: string, bookmark: string): Promise<string> {
    return listEntitlements(ctx, isin, eventId, pageSize, bookmark);
  }
}
