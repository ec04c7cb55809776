/**
 * Corporate-action messages from committed servicing events: seev.031
 * notifications (corporate-action-notification.ts) and seev.036 movement
 * confirmations (corporate-action-confirmation.ts), each addressed to the
 * members entitled to it. A holder only ever receives its own account.
 *
 * - EntitlementsFixed (a coupon, redemption or partial redemption whose
 *   entitlements are fixed, every page): message 0 to the paying agent and
 *   the issuer, for all accounts (GENR), with the totals the issuer funds
 *   and no holder's account; then one per entitlement, by holder and
 *   account, to that holder only, with its units and amount. The
 *   entitlements are read with ReferenceData.entitlements (the event
 *   carries the payment event only). INTR, REDM, MCAL, BPUT, PCAL or PRED
 *   (corporate-action-events.ts).
 * - EntitlementsFixing (a page of a larger register, more to come): none.
 *   Nothing is payable until the event is fixed, and EntitlementsFixed
 *   notifies every page's holders then.
 * - BondCalled (MCAL) and BondCalledInPart (PCAL): a general notice (GENR)
 *   naming no account, to every member ('*'), as a call is announced to
 *   the market; holders receive MCAL or PCAL again with their own
 *   entitlement when the call's redemption (R-CALL,
 *   R-PARTIAL-CALL-<date>) is fixed.
 * - PutExercised (BPUT, voluntary): to the holder who elected, on its PUT
 *   account with the units instructed; the issuer and the paying agent
 *   learn the units put from the put's EntitlementsFixed.
 * - BondDefaulted (DFLT): a general notice naming no account, to every
 *   member ('*'): no later fixing tells the holders, and a default is
 *   announced to the market.
 * - PaymentConfirmed: seev.036 to the holder paid, with the cash credited
 *   and, for a redemption, the units it retired. A pledgee paid a share of
 *   a coupon is named in the holder's confirmation and gets none itself:
 *   the account is not its.
 */
import {
  type Bond,
  type Entitlement,
  type PartialCallNotice,
  type PaymentEvent,
  type PutElection,
  ServicingEvent,
} from '@bond-platform/chaincode/api';
import { amountFromMinorUnits, bondOf, isoDate, leiOf, payloadOf } from './common';
import { confirmationXml } from './corporate-action-confirmation';
import {
  CALL_EVENT_ID,
  type CorporateActionEventType,
  DEFAULT_EVENT_ID,
  partialCallEventId,
  paymentEventName,
  paymentEventType,
  putDateOf,
  putEventId,
  retiresUnits,
} from './corporate-action-events';
import { type CashOption, notificationXml, type NotificationContent } from './corporate-action-notification';
import { type IsoMessage, type LedgerEvent, type MessageBuilder, type MessageBuilders, MessageType, type ReferenceData } from './message';

/** BondDefaulted's payload, as Servicing:DeclareDefault emits it. */
export interface BondDefaultedPayload {
  isin: string;
  reason: string;
  /** The overdue payment events: the default's grounds. */
  overdue: string[];
  bond: Bond;
}

/** A general notice naming no account: every member may read it. */
const EVERY_MEMBER = ['*'];

/** The paying agent and the issuer, once each. */
function servicers(bond: Bond): string[] {
  return [...new Set([bond.terms.payingAgent, bond.issuer])];
}

/** A notification message of `event`. */
function notification(
  event: LedgerEvent,
  id: string,
  recipients: string[],
  content: NotificationContent,
  accounts: IsoMessage['accounts'] = [],
): IsoMessage {
  return {
    id,
    messageType: MessageType.CORPORATE_ACTION_NOTIFICATION,
    recipients,
    isin: content.bond.isin,
    accounts,
    createdAt: event.timestamp,
    xml: notificationXml(content),
  };
}

/** The paying agent's LEI, when the ledger knows it as a member. */
function payingAgentLei(refs: ReferenceData, bond: Bond): string | undefined {
  return refs.member(bond.terms.payingAgent)?.lei;
}

const entitlementsFixed: MessageBuilder = (event, refs, id) => {
  const fixed = payloadOf<PaymentEvent>(event, ['isin', 'eventId', 'recordDate', 'paymentDate', 'totalUnits', 'totalAmount']);
  const bond = bondOf(refs, fixed.isin);
  const name = paymentEventName(fixed.eventId);
  const type = paymentEventType(name);
  if (refs.entitlements === undefined) throw new Error(`ISO 20022: ${event.eventName} needs ReferenceData.entitlements`);
  const entitlements = [...(refs.entitlements(fixed.isin, fixed.eventId) ?? [])].sort(byAccount);
  const base = {
    type,
    eventId: fixed.eventId,
    bond,
    dates: { record: fixed.recordDate, payment: fixed.paymentDate },
    couponNumber: fixed.couponNumber,
    payingAgentLei: payingAgentLei(refs, bond),
  };
  const cash = (units: string, amount: string): CashOption => ({
    entitledAmount: amount,
    unitsDebited: retiresUnits(name) ? units : undefined,
    paymentDate: fixed.paymentDate,
    interestRate: type === 'INTR' ? bond.terms.interestRate : undefined,
    price: fixed.price,
  });
  const summary = notification(event, id(0), servicers(bond), {
    ...base,
    accounts: { kind: 'ALL' },
    cash: cash(fixed.totalUnits, fixed.totalAmount),
    narrative: [`Entitlements fixed for ${String(fixed.holders)} holdings of ${fixed.totalUnits} units in all.`],
  });
  const perHolding = entitlements.map((e, n) =>
    notification(
      event,
      id(n + 1),
      [e.holder],
      {
        ...base,
        accounts: { kind: 'ACCOUNT', accountId: e.accountId, ownerLei: leiOf(refs, e.holder), eligibleUnits: e.units },
        cash: cash(e.units, e.amount),
        narrative: pledgeeShareLines(e, bond, refs),
      },
      [{ holder: e.holder, accountId: e.accountId }],
    ),
  );
  return [summary, ...perHolding];
};

/** A line per pledgee paid a share of the holding's coupon: how much, to whom (by LEI), on which units. */
function pledgeeShareLines(e: Entitlement, bond: Bond, refs: ReferenceData): string[] {
  const currency = bond.terms.specifiedCurrency;
  return (e.pledgeeShares ?? []).map(
    (share) =>
      `${currency} ${amountFromMinorUnits(share.amount, currency)} of the gross amount is paid to the pledgee ` +
      `${leiOf(refs, share.pledgee)} on ${share.units} pledged units (pledge ${share.pledgeId}).`,
  );
}

function byAccount(a: Entitlement, b: Entitlement): number {
  if (a.holder !== b.holder) return a.holder < b.holder ? -1 : 1;
  return a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0;
}

/** A call notice (full or partial) to the issuer and the paying agent. */
function callNotice(
  event: LedgerEvent,
  refs: ReferenceData,
  id: (n: number) => string,
  bond: Bond,
  notice: { type: CorporateActionEventType; eventId: string; callDate: string; price: string; announced: string; narrative: string },
): IsoMessage[] {
  return [
    notification(event, id(0), EVERY_MEMBER, {
      type: notice.type,
      eventId: notice.eventId,
      bond,
      accounts: { kind: 'ALL' },
      dates: { announcement: notice.announced, effective: notice.callDate },
      cash: { price: notice.price },
      narrative: [notice.narrative, 'Holders are notified with their entitlements when the redemption is fixed.'],
      payingAgentLei: payingAgentLei(refs, bond),
    }),
  ];
}

const bondCalled: MessageBuilder = (event, refs, id) => {
  const bond = payloadOf<Bond & Required<Pick<Bond, 'call'>>>(event, ['isin', 'issuer', 'terms', 'call']);
  const { call } = bond;
  return callNotice(event, refs, id, bond, {
    type: 'MCAL',
    eventId: CALL_EVENT_ID,
    callDate: call.callDate,
    price: call.price,
    announced: call.notice.timestamp,
    narrative: `The issuer calls the whole bond on ${call.callDate} at ${call.price} percent.`,
  });
};

const bondCalledInPart: MessageBuilder = (event, refs, id) => {
  const bond = payloadOf<Bond>(event, ['isin', 'issuer', 'terms', 'partialCalls']);
  const call = (bond.partialCalls ?? []).find((c: PartialCallNotice) => c.notice.txId === event.transactionId);
  if (!call) throw new Error(`ISO 20022: ${event.eventName} in ${event.transactionId} has no partial call of that transaction`);
  return callNotice(event, refs, id, bond, {
    type: 'PCAL',
    eventId: partialCallEventId(call.callDate),
    callDate: call.callDate,
    price: call.price,
    announced: call.notice.timestamp,
    narrative: `The issuer calls ${call.percent} percent of the original face value of every unit on ${call.callDate} at ${call.price} percent.`,
  });
};

const putExercised: MessageBuilder = (event, refs, id) => {
  const put = payloadOf<PutElection>(event, ['isin', 'holder', 'accountId', 'fromAccount', 'units', 'price']);
  const bond = bondOf(refs, put.isin);
  const putDate = putDateOf(put.accountId);
  return [
    notification(
      event,
      id(0),
      [put.holder],
      {
        type: 'BPUT',
        eventId: putEventId(putDate),
        bond,
        accounts: { kind: 'ACCOUNT', accountId: put.accountId, ownerLei: leiOf(refs, put.holder), instructedUnits: put.units },
        dates: { announcement: event.timestamp, effective: putDate },
        cash: { price: put.price },
        narrative: [
          `Put exercised for ${put.units} units from account ${put.fromAccount}, held in ${put.accountId} until redeemed on ${putDate}.`,
        ],
        payingAgentLei: payingAgentLei(refs, bond),
      },
      [{ holder: put.holder, accountId: put.accountId }],
    ),
  ];
};

const bondDefaulted: MessageBuilder = (event, refs, id) => {
  const declared = payloadOf<BondDefaultedPayload>(event, ['isin', 'reason', 'overdue', 'bond']);
  const bond = declared.bond;
  return [
    notification(event, id(0), EVERY_MEMBER, {
      type: 'DFLT',
      eventId: DEFAULT_EVENT_ID,
      bond,
      accounts: { kind: 'ALL' },
      dates: { announcement: isoDate(event.timestamp) },
      narrative: [`The CSD declares the bond in default: ${declared.reason}`, `Overdue payment events: ${declared.overdue.join(', ')}.`],
      payingAgentLei: payingAgentLei(refs, bond),
    }),
  ];
};

const paymentConfirmed: MessageBuilder = (event, refs, id) => {
  const paid = payloadOf<Entitlement>(event, ['isin', 'eventId', 'holder', 'accountId', 'units', 'amount']);
  const bond = bondOf(refs, paid.isin);
  const name = paymentEventName(paid.eventId);
  const xml = confirmationXml({
    type: paymentEventType(name),
    bond,
    entitlement: paid,
    ownerLei: leiOf(refs, paid.holder),
    retiresUnits: retiresUnits(name),
    narrative: pledgeeShareLines(paid, bond, refs),
    transactionId: event.transactionId,
    postedAt: event.timestamp,
  });
  return [
    {
      id: id(0),
      messageType: MessageType.CORPORATE_ACTION_MOVEMENT_CONFIRMATION,
      recipients: [paid.holder],
      isin: paid.isin,
      accounts: [{ holder: paid.holder, accountId: paid.accountId }],
      createdAt: event.timestamp,
      xml,
    },
  ];
};

/** The corporate-action builders, by chaincode event name (ServicingEvent). */
export const CORPORATE_ACTION_BUILDERS: MessageBuilders = {
  [ServicingEvent.ENTITLEMENTS_FIXED]: entitlementsFixed,
  [ServicingEvent.BOND_CALLED]: bondCalled,
  [ServicingEvent.BOND_CALLED_IN_PART]: bondCalledInPart,
  [ServicingEvent.PUT_EXERCISED]: putExercised,
  [ServicingEvent.BOND_DEFAULTED]: bondDefaulted,
  [ServicingEvent.PAYMENT_CONFIRMED]: paymentConfirmed,
};
