/**
 * seev.031.001.14 CorporateActionNotificationV14: the document of one
 * notification, from what the ledger says of the event. Element names,
 * order and occurrences follow the message definition (ISO 20022
 * seev.031.001.14, CorporateActionNotificationV14):
 * NtfctnGnlInf, CorpActnGnlInf, AcctDtls, CorpActnDtls, CorpActnOptnDtls,
 * AddtlInf, PngAgt, Issr.
 *
 * Conventions of the platform's notifications:
 * - CorpActnEvtId is `<ISIN>/<ledger event id>` (C-001, R-MATURITY, …) as
 *   a Max35Text reference (common.ts isoReference: longer ones keep a
 *   prefix and a digest), the same for every notification of one event;
 * - quantities are face amounts (units × denomination, common.ts), parties
 *   are identified by LEI (the platform has no BICs);
 * - a notification is always NEWM, complete and confirmed (COMP, CONF): it
 *   is made from a committed transaction, never from a forecast;
 * - one cash option (001 CASH), the default, in the bond's currency.
 */
import type { Bond } from '@bond-platform/chaincode/api';
import {
  amountElement,
  dateChoice,
  element,
  financialInstrumentId,
  isoDocument,
  isoReference,
  partyChoice,
  quantityChoice,
} from './common';
import { type CorporateActionEventType, mandatoryOrVoluntary, processingType } from './corporate-action-events';
import { MessageType } from './message';
import { el, type XmlElement } from './xml';

/** The accounts a notification is for: one holder's account with its balance, or all accounts (GENR). */
export type NotifiedAccounts =
  | { kind: 'ALL' }
  /** `eligibleUnits`: the units entitled (TtlElgblBal); `instructedUnits`: units elected (InstdBal). */
  | { kind: 'ACCOUNT'; accountId: string; ownerLei: string; eligibleUnits?: string; instructedUnits?: string };

/** What a notification says; each optional part is left out when absent. */
export interface NotificationContent {
  type: CorporateActionEventType;
  /** The ledger's event id (C-001, R-CALL, …, DEFAULT). */
  eventId: string;
  bond: Bond;
  accounts: NotifiedAccounts;
  dates?: { announcement?: string; effective?: string; record?: string; payment?: string };
  couponNumber?: number;
  /** The cash option; absent for an event without one (a default). */
  cash?: CashOption;
  /** Free text (AddtlInf), in English. */
  narrative?: string[];
  /** The paying agent's LEI (PngAgt). */
  payingAgentLei?: string;
}

/** The cash option: what each account receives, and the units retired against it. */
export interface CashOption {
  /** Minor units the account (or all accounts) is entitled to; absent while not fixed. */
  entitledAmount?: string;
  /** Units debited (a redemption retires them); absent when none are. */
  unitsDebited?: string;
  /** YYYY-MM-DD; absent: not known yet (UKWN). */
  paymentDate?: string;
  /** Interest rate used for the payment, percent (a fixed-rate coupon). */
  interestRate?: string;
  /** Redemption price received, percent of the principal repaid. */
  price?: string;
}

/** The seev.031 document of a notification. */
export function notificationXml(content: NotificationContent): string {
  return isoDocument(MessageType.CORPORATE_ACTION_NOTIFICATION, 'CorpActnNtfctn', [
    element('NtfctnGnlInf', [
      element('NtfctnTp', 'NEWM'),
      element('PrcgSts', [element('Cd', [element('EvtCmpltnsSts', 'COMP'), element('EvtConfSts', 'CONF')])]),
    ]),
    generalInformation(content),
    accountDetails(content.accounts, content.bond),
    details(content),
    content.cash && cashOption(content.cash, content.bond),
    narrative(content.narrative),
    content.payingAgentLei === undefined ? undefined : partyChoice('PngAgt', content.payingAgentLei),
    element('Issr', [element('LEI', content.bond.issuerLei)]),
  ]);
}

/** CorpActnEvtId of an event of a bond: `<ISIN>/<event id>`, a Max35Text reference. */
export function corporateActionEventId(isin: string, eventId: string): string {
  return isoReference(`${isin}/${eventId}`);
}

function generalInformation({ type, eventId, bond }: NotificationContent): XmlElement {
  const terms = bond.terms;
  return element('CorpActnGnlInf', [
    element('CorpActnEvtId', corporateActionEventId(bond.isin, eventId)),
    element('EvtPrcgTp', [element('Cd', processingType(type))]),
    element('EvtTp', [element('Cd', type)]),
    element('MndtryVlntryEvtTp', [element('Cd', mandatoryOrVoluntary(type))]),
    element('UndrlygScty', [
      financialInstrumentId(bond.isin, terms.shortName),
      element('ClssfctnTp', [element('ClssfctnFinInstrm', bond.cfi)]),
      element('DnmtnCcy', terms.specifiedCurrency),
      element('MtrtyDt', terms.maturityDate),
      element('IsseDt', terms.issueDate),
      terms.interestRate === undefined ? undefined : element('IntrstRate', [element('Rate', terms.interestRate)]),
    ]),
  ]);
}

function accountDetails(accounts: NotifiedAccounts, bond: Bond): XmlElement {
  if (accounts.kind === 'ALL') return element('AcctDtls', [element('ForAllAccts', [element('IdCd', 'GENR')])]);
  const longPosition = (units: string): XmlElement[] => [element('ShrtLngPos', 'LONG'), element('Qty', [quantityChoice(units, bond)])];
  return element('AcctDtls', [
    element('AcctsListAndBalDtls', [
      element('SfkpgAcct', accounts.accountId),
      partyChoice('AcctOwnr', accounts.ownerLei),
      el('Bal', [
        accounts.eligibleUnits === undefined
          ? undefined
          : element('TtlElgblBal', [element('Bal', [element('QtyChc', [element('SgndQty', longPosition(accounts.eligibleUnits))])])]),
        accounts.instructedUnits === undefined
          ? undefined
          : element('InstdBal', [
              element('Bal', [
                element('ShrtLngPos', 'LONG'),
                element('QtyChc', [element('Qty', [quantityChoice(accounts.instructedUnits, bond)])]),
              ]),
            ]),
      ]),
    ]),
  ]);
}

function details({ dates = {}, couponNumber }: NotificationContent): XmlElement | undefined {
  const date = (name: string, value: string | undefined) => (value === undefined ? undefined : element(name, [element('Dt', value)]));
  return el('CorpActnDtls', [
    el('DtDtls', [
      dates.announcement === undefined ? undefined : element('AnncmntDt', [dateChoice('Dt', dates.announcement)]),
      date('FctvDt', dates.effective),
      date('RcrdDt', dates.record),
      date('PmtDt', dates.payment),
    ]),
    couponNumber === undefined ? undefined : element('CpnNb', [couponNumberId(couponNumber)]),
  ]);
}

/** IdentificationFormat3Choice of a coupon number: ShrtId of three digits, LngId beyond. */
function couponNumberId(couponNumber: number): XmlElement {
  const id = String(couponNumber).padStart(3, '0');
  return id.length === 3 ? element('ShrtId', id) : element('LngId', id);
}

function cashOption(cash: CashOption, bond: Bond): XmlElement {
  const currency = bond.terms.specifiedCurrency;
  const paymentDate = (name: string) =>
    element(name, [cash.paymentDate === undefined ? element('DtCd', [element('Cd', 'UKWN')]) : element('Dt', cash.paymentDate)]);
  return element('CorpActnOptnDtls', [
    element('OptnNb', '001'),
    element('OptnTp', [element('Cd', 'CASH')]),
    element('CcyOptn', currency),
    element('DfltPrcgOrStgInstr', [element('DfltOptnInd', 'true')]),
    cash.unitsDebited === undefined
      ? undefined
      : element('SctiesMvmntDtls', [
          element('SctyDtls', [financialInstrumentId(bond.isin)]),
          element('CdtDbtInd', 'DBIT'),
          element('EntitldQty', [element('Qty', [quantityChoice(cash.unitsDebited, bond)])]),
          element('DtDtls', [paymentDate('PmtDt')]),
        ]),
    element('CshMvmntDtls', [
      element('CdtDbtInd', 'CRDT'),
      cash.entitledAmount === undefined ? undefined : element('AmtDtls', [amountElement('EntitldAmt', cash.entitledAmount, currency)]),
      element('DtDtls', [paymentDate('PmtDt')]),
      cash.interestRate === undefined
        ? undefined
        : element('RateAndAmtDtls', [element('IntrstRateUsdForPmt', [element('Rate', cash.interestRate)])]),
      cash.price === undefined
        ? undefined
        : element('PricDtls', [
            element('GncCshPricRcvdPerPdct', [element('PctgPric', [element('PctgPricTp', 'PRCT'), element('PricVal', cash.price)])]),
          ]),
    ]),
  ]);
}

function narrative(lines: string[] | undefined): XmlElement | undefined {
  if (lines === undefined || lines.length === 0) return undefined;
  return element('AddtlInf', [element('AddtlTxt', [element('Lang', 'en'), ...lines.map((line) => element('AddtlInf', line))])]);
}
