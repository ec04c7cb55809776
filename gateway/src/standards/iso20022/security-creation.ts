/**
 * The bond's static data at approval: reda.006 SecurityCreationRequest
 * (version in MessageType) from BondApproved, whose payload is the Bond as
 * the CSD approved it. Static data every member may read: recipients ['*'].
 *
 * | Bond (ICMA BDT name) | reda.006 element |
 * |---|---|
 * | isin, terms.shortName | Scty/FinInstrmId/ISIN, Desc |
 * | terms.specifiedCurrency | Debt/PmtCcy, FinInstrmAttrbts/DnmtnCcy |
 * | terms.specifiedDenomination | Debt/FaceAmt (face value of one unit), SttlmInf/MinDnmtn/FaceAmt |
 * | terms.interestPaymentFrequency | Debt/PmtFrqcy/Cd: YEAR, MIAN, QURT (none for NONE) |
 * | terms.issueDate, firstCouponDate, maturityDate | Debt/DtdDt, FrstPmtDt, MtrtyDt (ISODateTime, local midnight); Issnc/IsseDt |
 * | terms.interestRate, interestType | Debt/IntrstRate (percent), IntrstTp: FIXD, FLRN, ZCPN; VarblRateInd |
 * | callSchedule, putSchedule, amortisationSchedule, statusOfNote | Debt/CllblInd, PutblInd, AmtsblInd, SubrdntdInd |
 * | terms.dayCountFraction | Debt/IntrstClctnMtd: the ISO 20022 InterestComputationMethod code and the ledger's name (the component is text) |
 * | cfi | FinInstrmAttrbts/ClssfctnTp/ClssfctnFinInstrm |
 * | approved.timestamp | Issnc/ISINVldFr (the CSD assigns or confirms the ISIN at approval) |
 * | terms.issueSize × denomination, issuePrice | Issnc/IsseNmnlAmt/FaceAmt, IssePric/Amt (per unit, exact) |
 * | the CSD (approved.mspId) | PmryPlcOfDpst by LEI |
 * | terms.formOfNote | FinInstrmForm: LglForm REGD or BEAR; BOOK_ENTRY as BookgApprnc BENT |
 * | issuer, issuerLei, payingAgent | SplmtryData (see below) |
 *
 * The issuer and paying agent are Organisation38 in reda.006, which
 * requires a postal address the ledger does not hold; rather than invent
 * one, their LEIs and names go in SplmtryData, in the platform's namespace
 * BOND_PARTIES_NAMESPACE, for /Document/SctyCreReq/Scty.
 */
import {
  BondEvent,
  type Bond,
  type DayCountFraction,
  type InterestPaymentFrequency,
  type InterestType,
} from '@bond-platform/chaincode/api';
import {
  amountElement,
  element,
  faceAmount,
  financialInstrumentId,
  isoDate,
  isoDateTime,
  isoDocument,
  isoReference,
  minorUnitDigits,
  numbered,
  partyWithLei,
  payloadOf,
} from './common';
import { MessageType, type MessageBuilder, type MessageBuilders, type ReferenceData } from './message';
import type { XmlElement } from './xml';

/** ISO 20022 InterestComputationMethod2Code of each day count the platform knows. */
export const DAY_COUNT_CODES: Readonly<Record<DayCountFraction, string>> = {
  'ICMA_ACT/ACT': 'A006',
  'ISDA_ACT/ACT': 'A008',
  'ACT/365': 'A005',
  'NL/365': 'A014',
  'ACT/360': 'A004',
  /** 30/360 bond basis, ISDA 2006 §4.16(f): "30/360 ISDA or 30/360 American basic rule". */
  '30/360': 'A001',
  /** 30E/360, ISDA 2006 §4.16(g) "Eurobond Basis": ISO's "30E/360 or Eurobond basis model 1" (31st taken as the 30th, no February rule). */
  '30E/360': 'A007',
};

const FREQUENCY_CODES: Readonly<Record<InterestPaymentFrequency, string | undefined>> = {
  ANNUALLY: 'YEAR',
  SEMIANNUALLY: 'MIAN',
  QUARTERLY: 'QURT',
  NONE: undefined,
};

const INTEREST_TYPE_CODES: Readonly<Record<InterestType, string>> = { FIXED: 'FIXD', FLOATING: 'FLRN', ZERO_COUPON: 'ZCPN' };

/** The namespace of the platform's supplementary data naming a bond's issuer and paying agent. */
export const BOND_PARTIES_NAMESPACE = 'urn:bond-platform:iso20022:bond-parties:1';

/** A ledger date (YYYY-MM-DD) where reda.006 wants an ISODateTime: the day's start, local time (no zone: the terms give none). */
function dayStart(date: string): string {
  return `${isoDate(date)}T00:00:00`;
}

/**
 * The price of one unit in the currency, exactly: face value (minor units)
 * × price (percent, at most six decimals) / 100, e.g. 10000 CNY minor at
 * 99.875 → "99.875". Trailing zeros beyond the currency's decimals dropped.
 */
export function unitPrice(denominationMinor: string, percent: string, currency: string): string {
  const match = /^(\d+)(?:\.(\d{1,6}))?$/.exec(percent);
  if (!match) throw new Error(`ISO 20022: price ${percent} is not a percentage with at most six decimals`);
  const [, whole = '', fraction = ''] = match;
  const scaled = BigInt(denominationMinor) * BigInt(whole + fraction.padEnd(6, '0'));
  const decimals = 8 + minorUnitDigits(currency);
  const digits = scaled.toString().padStart(decimals + 1, '0');
  const fractional = digits.slice(-decimals).replace(/0+$/, '').padEnd(minorUnitDigits(currency), '0');
  return fractional.length > 0 ? `${digits.slice(0, -decimals)}.${fractional}` : digits.slice(0, -decimals);
}

function indicator(name: string, on: boolean): XmlElement {
  return element(name, on ? 'true' : 'false');
}

function debt(bond: Bond): XmlElement {
  const { terms } = bond;
  const frequency = FREQUENCY_CODES[terms.interestPaymentFrequency];
  const subordinated = terms.statusOfNote === 'SENIOR_SUBORDINATED' || terms.statusOfNote === 'JUNIOR_SUBORDINATED';
  return element('Debt', [
    element('PmtCcy', terms.specifiedCurrency),
    amountElement('FaceAmt', terms.specifiedDenomination, terms.specifiedCurrency),
    frequency === undefined ? undefined : element('PmtFrqcy', [element('Cd', frequency)]),
    element('DtdDt', dayStart(terms.issueDate)),
    terms.firstCouponDate === undefined ? undefined : element('FrstPmtDt', dayStart(terms.firstCouponDate)),
    element('MtrtyDt', dayStart(terms.maturityDate)),
    terms.interestRate === undefined ? undefined : element('IntrstRate', terms.interestRate),
    indicator('CllblInd', (terms.callSchedule ?? []).length > 0),
    indicator('PutblInd', (terms.putSchedule ?? []).length > 0),
    indicator('SubrdntdInd', subordinated),
    indicator('VarblRateInd', terms.interestType === 'FLOATING'),
    indicator('AmtsblInd', (terms.amortisationSchedule ?? []).length > 0),
    element('IntrstClctnMtd', `${DAY_COUNT_CODES[terms.dayCountFraction]} (${terms.dayCountFraction})`),
    element('IntrstTp', INTEREST_TYPE_CODES[terms.interestType]),
  ]);
}

function issuance(bond: Bond): XmlElement {
  const { terms } = bond;
  return element('Issnc', [
    element('IsseDt', isoDate(terms.issueDate)),
    element('ISINVldFr', isoDate(bond.approved.timestamp)),
    element('IsseNmnlAmt', [element('FaceAmt', faceAmount(terms.issueSize, bond))]),
    element('IssePric', [
      element('Amt', unitPrice(terms.specifiedDenomination, terms.issuePrice, terms.specifiedCurrency), { Ccy: terms.specifiedCurrency }),
    ]),
  ]);
}

function form(bond: Bond): XmlElement {
  switch (bond.terms.formOfNote) {
    case 'REGISTERED':
      return element('FinInstrmForm', [element('LglForm', [element('Cd', 'REGD')])]);
    case 'BEARER':
      return element('FinInstrmForm', [element('LglForm', [element('Cd', 'BEAR')])]);
    case 'BOOK_ENTRY':
      return element('FinInstrmForm', [element('BookgApprnc', [element('Cd', 'BENT')])]);
  }
}

function memberOf(refs: ReferenceData, mspId: string): { lei: string; legalName: string } {
  const member = refs.member(mspId);
  if (!member) throw new Error(`ISO 20022: member ${mspId} is not on the ledger's member registry`);
  return member;
}

function attributes(bond: Bond, refs: ReferenceData): XmlElement {
  const { terms } = bond;
  return element('FinInstrmAttrbts', [
    element('DnmtnCcy', terms.specifiedCurrency),
    element('ClssfctnTp', [element('ClssfctnFinInstrm', bond.cfi)]),
    issuance(bond),
    partyWithLei('PmryPlcOfDpst', memberOf(refs, bond.approved.mspId).lei),
    element('SttlmInf', [
      element('SctiesQtyTp', [element('Cd', 'FAMT')]),
      element('MinDnmtn', [element('FaceAmt', faceAmount('1', bond))]),
    ]),
    form(bond),
  ]);
}

/** The issuer and paying agent by LEI and name, in the platform's namespace (reda.006's Organisation38 wants a postal address). */
function bondParties(bond: Bond, refs: ReferenceData): XmlElement {
  const party = (name: string, lei: string, legalName: string): XmlElement =>
    element(name, [element('LEI', lei), element('Nm', legalName)]);
  const payingAgent = memberOf(refs, bond.terms.payingAgent);
  return element('SplmtryData', [
    element('PlcAndNm', '/Document/SctyCreReq/Scty'),
    element('Envlp', [
      element(
        'BondPties',
        [party('Issr', bond.issuerLei, memberOf(refs, bond.issuer).legalName), party('PngAgt', payingAgent.lei, payingAgent.legalName)],
        { xmlns: BOND_PARTIES_NAMESPACE },
      ),
    ]),
  ]);
}

const bondApproved: MessageBuilder = (event, refs, id) => {
  const bond = payloadOf<Bond>(event, ['isin', 'cfi', 'issuer', 'issuerLei', 'terms', 'approved']);
  const xml = isoDocument(MessageType.SECURITY_CREATION, 'SctyCreReq', [
    element('MsgHdr', [element('MsgId', isoReference(id(0))), element('CreDtTm', isoDateTime(event.timestamp))]),
    element('Scty', [financialInstrumentId(bond.isin, bond.terms.shortName), element('FinInstrmTp', [debt(bond)]), attributes(bond, refs)]),
    bondParties(bond, refs),
  ]);
  return numbered(
    [{ messageType: MessageType.SECURITY_CREATION, recipients: ['*'], isin: bond.isin, accounts: [], createdAt: event.timestamp, xml }],
    id,
  );
};

/** The security creation message's builder, by chaincode event name (BondEvent). */
export const SECURITY_CREATION_BUILDERS: MessageBuilders = {
  [BondEvent.BOND_APPROVED]: bondApproved,
};
