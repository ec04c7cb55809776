/**
 * The ICMA Bond Data Taxonomy (BDT) v1.2 in and out of the platform's bond
 * terms: one field table (BDT element ↔ platform term ↔ ISO 20022 element),
 * the enumerations both ways, and the two directions.
 *
 * - termsFromBdt / readBdt: a BDT document (JSON form, bdt-document.ts) to
 *   the terms an issuer applies with. The document's shape is checked against
 *   its JSON Schema; every element present that the field table does not map,
 *   and every value the platform cannot hold, is named by its JSON Pointer in
 *   one BDT_UNSUPPORTED_FIELDS refusal, never dropped; then every value that
 *   breaks a rule is named in one BDT_INVALID refusal.
 * - bdtFromTerms / bdtFromBond: the terms (of an application, or of a
 *   registered bond with its ISIN) as a BDT document: BDT's elements where
 *   BDT has the value, the platform's extension urn:bdt-ext:cn-interbank:v1
 *   otherwise, and the DLT fields of the ledger.
 * Export then import gives the terms back, and import then export gives the
 * exported document back (bdt-mapping.test.ts checks both as properties).
 *
 * Amounts: the platform keeps minor units, BDT writes amounts in the
 * currency; they are shifted by the currency's minor-unit digits, exactly
 * (BigInt), and an aggregate amount must be a whole number of notes.
 */
import {
  type Bond,
  type BondTermsRequest,
  type CreditRating,
  CURRENCIES,
  currencyMinorUnits,
  type DayCountFraction,
  type FormOfNote,
  type GoverningLaw,
  type InterestPaymentFrequency,
  type InterestType,
  type OptionDate,
  RatingAgency,
  RatingOutlook,
  type StatusOfNote,
} from '@bond-platform/chaincode/api';
import type { ErrorObject } from 'ajv';
import {
  BDT_BUSINESS_DAY_CENTERS,
  BDT_BUSINESS_DAY_CONVENTIONS,
  BDT_DAY_COUNT_FRACTIONS,
  BDT_FORMS_OF_NOTE,
  BDT_GOVERNING_LAWS,
  BDT_INTEREST_PAYMENT_FREQUENCIES,
  BDT_INTEREST_TYPES,
  BDT_RATING_AGENCIES,
  BDT_STATUSES_OF_NOTE,
  BDT_VERSION,
  type BdtDocument,
  type BdtIssuance,
  type BdtParty,
  type BdtPartyRole,
  type BdtProduct,
  type BdtRating,
  type IcmaBondDataTaxonomy,
} from './bdt-document';
import { checkBdtShape } from './bdt-schema';
import { CN_INTERBANK_EXTENSION, type CnInterbankExtension, type CnOptionDate } from './cn-interbank-extension';
import type { LedgerPlatform, PartyDirectory } from './party-directory';
import { DAY_COUNT_CODES } from '../iso20022/security-creation';

type BusinessDayConvention = BondTermsRequest['businessDayConvention'];

// --- refusals ------------------------------------------------------------------------

export type BdtRefusalCode = 'BDT_UNSUPPORTED_FIELDS' | 'BDT_INVALID';

/** Why a document is refused: the fields concerned (JSON Pointers into the document) and one problem per finding. */
export class BdtRefusal extends Error {
  constructor(
    readonly code: BdtRefusalCode,
    readonly fields: string[],
    readonly problems: string[],
  ) {
    super(
      code === 'BDT_UNSUPPORTED_FIELDS'
        ? `the platform does not support ${fields.length === 1 ? 'this field' : `these ${fields.length} fields`} of the BDT document: ${fields.join(', ')}`
        : `the BDT document is not valid: ${problems.join('; ')}`,
    );
    this.name = 'BdtRefusal';
  }
}

// --- enumerations, both ways -----------------------------------------------------------

/**
 * One value of an enumeration: the platform's, BDT's where BDT has it (else
 * the extension carries the platform's value), and ISO 20022's code where
 * the messages have one.
 */
export interface ValueMapping<P extends string = string> {
  platform: P;
  bdt?: string;
  iso20022?: string;
}

/** An enumeration's mapping, with the BDT element and the ISO 20022 code set it is about. */
export interface EnumerationMapping<P extends string = string> {
  name: string;
  /** BDT's element (under ICMABondDataTaxonomy) and the extension's, if it carries values BDT lacks. */
  bdt: string;
  extension?: string;
  /** BDT's values, for those the platform lacks. */
  bdtValues: readonly string[];
  /** The ISO 20022 code set the codes are from. */
  iso20022?: string;
  values: readonly ValueMapping<P>[];
}

const EXT = `Extensions/${CN_INTERBANK_EXTENSION}`;

export const INTEREST_TYPES: EnumerationMapping<InterestType> = {
  name: 'Interest type',
  bdt: 'Product/InterestPayment/InterestType',
  bdtValues: BDT_INTEREST_TYPES,
  iso20022: 'InterestType3Code (reda.006 Debt/IntrstTp)',
  values: [
    { platform: 'FIXED', bdt: 'FIXED', iso20022: 'FIXD' },
    { platform: 'FLOATING', bdt: 'FLOATING', iso20022: 'FLRN' },
    { platform: 'ZERO_COUPON', bdt: 'ZERO_COUPON', iso20022: 'ZCPN' },
  ],
};

export const INTEREST_PAYMENT_FREQUENCIES: EnumerationMapping<InterestPaymentFrequency> = {
  name: 'Interest payment frequency',
  bdt: 'Product/InterestPayment/InterestPayments/InterestPaymentFrequency',
  bdtValues: BDT_INTEREST_PAYMENT_FREQUENCIES,
  iso20022: 'Frequency5Code (reda.006 Debt/PmtFrqcy/Cd)',
  values: [
    { platform: 'ANNUALLY', bdt: 'ANNUALLY', iso20022: 'YEAR' },
    { platform: 'SEMIANNUALLY', bdt: 'SEMIANNUALLY', iso20022: 'MIAN' },
    { platform: 'QUARTERLY', bdt: 'QUARTERLY', iso20022: 'QURT' },
    { platform: 'NONE', bdt: 'NONE' },
  ],
};

export const DAY_COUNT_FRACTIONS: EnumerationMapping<DayCountFraction> = {
  name: 'Day-count fraction',
  bdt: 'Product/DayCountFraction',
  extension: `${EXT}/DayCountFraction`,
  bdtValues: BDT_DAY_COUNT_FRACTIONS,
  iso20022: 'InterestComputationMethod2Code (sese.023 FinInstrmAttrbts/DayCntBsis/Cd)',
  values: [
    { platform: 'ICMA_ACT/ACT', bdt: 'ICMA_ACT/ACT', iso20022: DAY_COUNT_CODES['ICMA_ACT/ACT'] },
    { platform: 'ISDA_ACT/ACT', bdt: 'ISDA_ACT/ACT', iso20022: DAY_COUNT_CODES['ISDA_ACT/ACT'] },
    { platform: 'ACT/365', bdt: 'ACT/365', iso20022: DAY_COUNT_CODES['ACT/365'] },
    { platform: 'NL/365', iso20022: DAY_COUNT_CODES['NL/365'] },
    { platform: 'ACT/360', bdt: 'ACT/360', iso20022: DAY_COUNT_CODES['ACT/360'] },
    { platform: '30/360', bdt: '30/360', iso20022: DAY_COUNT_CODES['30/360'] },
    { platform: '30E/360', iso20022: DAY_COUNT_CODES['30E/360'] },
  ],
};

/** The platform accrues on unadjusted dates: BDT's FOLLOWING_UNADJUSTED is its FOLLOWING; BDT has no unadjusted modified following. */
export const BUSINESS_DAY_CONVENTIONS: EnumerationMapping<BusinessDayConvention> = {
  name: 'Business-day convention',
  bdt: 'Product/BusinessDayConvention',
  extension: `${EXT}/BusinessDayConvention`,
  bdtValues: BDT_BUSINESS_DAY_CONVENTIONS,
  values: [
    { platform: 'FOLLOWING', bdt: 'FOLLOWING_UNADJUSTED' },
    { platform: 'MODIFIED_FOLLOWING' },
    { platform: 'PRECEDING', bdt: 'PRECEDING' },
    { platform: 'UNADJUSTED' },
  ],
};

export const FORMS_OF_NOTE: EnumerationMapping<FormOfNote> = {
  name: 'Form of note',
  bdt: 'Product/FormOfNote',
  bdtValues: BDT_FORMS_OF_NOTE,
  iso20022: 'FormOfSecurity1Code (reda.006 FinInstrmAttrbts/FinInstrmForm/LglForm/Cd)',
  values: [
    { platform: 'REGISTERED', bdt: 'REGISTERED', iso20022: 'REGD' },
    { platform: 'BEARER', bdt: 'BEARER', iso20022: 'BEAR' },
    { platform: 'BOOK_ENTRY', bdt: 'BOOK_ENTRY' },
  ],
};

export const STATUSES_OF_NOTE: EnumerationMapping<StatusOfNote> = {
  name: 'Status of note',
  bdt: 'Product/StatusOfNote',
  extension: `${EXT}/StatusOfNote`,
  bdtValues: BDT_STATUSES_OF_NOTE,
  iso20022: 'reda.006 Debt/SubrdntdInd (subordinated or not)',
  values: [
    { platform: 'SENIOR_SECURED', bdt: 'SENIOR_SECURED', iso20022: 'false' },
    { platform: 'SENIOR_UNSECURED', bdt: 'SENIOR_UNSECURED', iso20022: 'false' },
    { platform: 'SENIOR_SUBORDINATED', iso20022: 'true' },
    { platform: 'JUNIOR_SUBORDINATED', iso20022: 'true' },
    { platform: 'GOVERNMENT_GUARANTEED', iso20022: 'false' },
  ],
};

/** ISO 3166 country of each law, as reda.006 Issnc/GovngLaw/Ctry writes it. */
const LAW_COUNTRY: Readonly<Record<GoverningLaw, string>> = {
  AUSTRIAN_LAW: 'AT',
  BELGIAN_LAW: 'BE',
  CANADIAN_LAW: 'CA',
  DANISH_LAW: 'DK',
  DUTCH_LAW: 'NL',
  ENGLISH_LAW: 'GB',
  FINISH_LAW: 'FI',
  FRENCH_LAW: 'FR',
  GERMAN_LAW: 'DE',
  ITALIAN_LAW: 'IT',
  LUXEMBOURG_LAW: 'LU',
  NEW_SOUTH_WALES_LAW: 'AU',
  NEW_YORK_LAW: 'US',
  ONTARIO_LAW: 'CA',
  SPANISH_LAW: 'ES',
  PRC_LAW: 'CN',
};

export const GOVERNING_LAWS: EnumerationMapping<GoverningLaw> = {
  name: 'Governing law',
  bdt: 'Issuance/GoverningLaw',
  extension: `${EXT}/GoverningLaw`,
  bdtValues: BDT_GOVERNING_LAWS,
  iso20022: 'country (reda.006 Issnc/GovngLaw/Ctry)',
  values: (Object.keys(LAW_COUNTRY) as GoverningLaw[]).map((law) => ({
    platform: law,
    ...((BDT_GOVERNING_LAWS as readonly string[]).includes(law) ? { bdt: law } : {}),
    iso20022: LAW_COUNTRY[law],
  })),
};

export const RATING_AGENCIES: EnumerationMapping<RatingAgency> = {
  name: 'Rating agency',
  bdt: 'Party[]/PartyRating/Rating[]/RatingAgency',
  extension: `${EXT}/IssuerRating/Rating[]/RatingAgency`,
  bdtValues: BDT_RATING_AGENCIES,
  values: Object.values(RatingAgency).map((agency) => ({
    platform: agency,
    ...((BDT_RATING_AGENCIES as readonly string[]).includes(agency) ? { bdt: agency } : {}),
  })),
};

/** Business-day centres: a BDT centre is the CSD's calendar of that id; any other calendar id (CN-IB) goes in the extension. */
export const BUSINESS_DAY_CENTERS: EnumerationMapping = {
  name: 'Business-day centre',
  bdt: 'Product/BusinessDayCenter',
  extension: `${EXT}/BusinessDayCalendar`,
  bdtValues: BDT_BUSINESS_DAY_CENTERS,
  values: [...BDT_BUSINESS_DAY_CENTERS.map((centre) => ({ platform: centre, bdt: centre })), { platform: 'CN-IB' }],
};

export const ENUMERATIONS: readonly EnumerationMapping[] = [
  INTEREST_TYPES,
  INTEREST_PAYMENT_FREQUENCIES,
  DAY_COUNT_FRACTIONS,
  BUSINESS_DAY_CONVENTIONS,
  BUSINESS_DAY_CENTERS,
  FORMS_OF_NOTE,
  STATUSES_OF_NOTE,
  GOVERNING_LAWS,
  RATING_AGENCIES,
];

/** BDT's value of a platform value, or undefined when the extension carries it. */
function bdtValueOf<P extends string>(mapping: EnumerationMapping<P>, platform: P): string | undefined {
  return mapping.values.find((v) => v.platform === platform)?.bdt;
}

/** The platform value of BDT's value, or undefined when the platform has none. */
function platformValueOf<P extends string>(mapping: EnumerationMapping<P>, bdt: string): P | undefined {
  return mapping.values.find((v) => v.bdt === bdt)?.platform;
}

// --- the field table -----------------------------------------------------------------

/**
 * One element of a BDT document the platform reads and writes: `term` maps
 * to a term both ways; `derived` is written from the terms or the ledger and
 * checked when read (never stored).
 */
export interface BdtField {
  /** The element's path under ICMABondDataTaxonomy: JSON keys = BDT element names, `[]` a repeated element. */
  bdt: string;
  /** The BondTermsRequest field(s) (chaincode/src/api/bonds.ts), or what a derived element is. */
  term: string;
  kind: 'term' | 'derived';
  /** How the value maps, where it is not the same value both ways. */
  rule?: string;
  /** The ISO 20022 element the messages carry it in: message version, then the path from the message's root. */
  iso20022?: string;
}

const REDA = 'reda.006.001.01 SctyCreReq/Scty';
const ATTR = `${REDA}/FinInstrmAttrbts`;
const DEBT = `${REDA}/FinInstrmTp/Debt`;
const SESE = 'sese.023.001.11 SctiesSttlmTxInstr/FinInstrmAttrbts';

export const BDT_FIELDS: readonly BdtField[] = [
  { bdt: 'Version', term: 'the document', kind: 'derived', rule: '"1.2"; another version is refused' },
  {
    bdt: 'PartyRole[]/PartyRoleType',
    term: 'issuer, payingAgent, leadUnderwriter',
    kind: 'term',
    rule: 'ISSUER (the applicant: the calling organisation), PAYING_AGENT, LEAD_MANAGER (optional), one party each; other roles are not supported',
  },
  { bdt: 'PartyRole[]/PartyID/PID', term: 'the party playing the role', kind: 'derived', rule: 'the PID of a Party' },
  { bdt: 'Party[]/PID', term: 'the party', kind: 'derived', rule: 'written `LEI-` + the LEI; any xs:ID read' },
  {
    bdt: 'Party[]/PartyName',
    term: "the member's legal name",
    kind: 'derived',
    rule: "written from the ledger's member list; read as information only (the LEI names the party)",
  },
  {
    bdt: 'Party[]/LEIIdentifier',
    term: 'issuer, payingAgent, leadUnderwriter',
    kind: 'term',
    rule: "the member's LEI ↔ its MSP ID, by the ledger's member list",
    iso20022: `${ATTR}/Issnc/IssrOrg, ${ATTR}/PrncplPngAgt, ${ATTR}/LeadMgr`,
  },
  {
    bdt: 'Party[]/PartyRating/Rating[]/RatingAgency',
    term: 'ratings[].agency',
    kind: 'term',
    rule: "the ISSUER party's ratings by FITCH, MOODYS, SP, DBRS (the domestic agencies': the extension's IssuerRating)",
  },
  { bdt: 'Party[]/PartyRating/Rating[]/RatingValue', term: 'ratings[].rating', kind: 'term' },
  {
    bdt: 'Party[]/PartyRating/Rating[]/RatingOutlook',
    term: 'ratings[].outlook',
    kind: 'term',
    rule: 'POSITIVE, STABLE, NEGATIVE, DEVELOPING',
  },
  {
    bdt: 'Issuance/IssuanceType',
    term: 'each application is one issue',
    kind: 'derived',
    rule: 'STANDALONE; PROGRAMME is not supported',
  },
  {
    bdt: 'Issuance/SpecifiedDenomination',
    term: 'specifiedDenomination',
    kind: 'term',
    rule: 'in the currency ↔ minor units',
    iso20022: `${DEBT}/ActlDnmtnAmt`,
  },
  {
    bdt: 'Issuance/SpecifiedCurrency',
    term: 'specifiedCurrency',
    kind: 'term',
    rule: `one the platform settles in: ${CURRENCIES.join(', ')}`,
    iso20022: `${ATTR}/DnmtnCcy`,
  },
  { bdt: 'Issuance/IssueDate', term: 'issueDate', kind: 'term', iso20022: `${ATTR}/Issnc/IsseDt` },
  { bdt: 'Issuance/IssuePrice', term: 'issuePrice', kind: 'term', rule: 'percent of face value', iso20022: `${ATTR}/Issnc/IssePric` },
  {
    bdt: 'Issuance/GoverningLaw',
    term: 'governingLaw',
    kind: 'term',
    rule: "BDT's laws (PRC_LAW: the extension's GoverningLaw)",
    iso20022: `${ATTR}/Issnc/GovngLaw/Ctry`,
  },
  {
    bdt: 'Issuance/RedemptionPaymentBasis',
    term: 'amortisationSchedule',
    kind: 'derived',
    rule: 'INSTALLMENT when the bond amortises, else PAR; the other bases are not supported',
    iso20022: `${DEBT}/AmtsblInd`,
  },
  {
    bdt: 'Product/SecurityIdentifierList/SecurityIdentifier[]/ISIN',
    term: 'isin',
    kind: 'term',
    rule: "the ISIN proposed, or the CSD's once approved; one ISIN, other identifiers are not supported",
    iso20022: `${REDA}/FinInstrmId/ISIN`,
  },
  { bdt: 'Product/SecurityIdentifierList/SecurityIdentifier[]/IdentifierType', term: 'isin', kind: 'derived', rule: 'ISIN' },
  { bdt: 'Product/FormOfNote', term: 'formOfNote', kind: 'term', iso20022: `${ATTR}/FinInstrmForm/LglForm/Cd` },
  {
    bdt: 'Product/StatusOfNote',
    term: 'statusOfNote',
    kind: 'term',
    rule: "SENIOR_SECURED, SENIOR_UNSECURED (the others: the extension's StatusOfNote)",
    iso20022: `${DEBT}/SubrdntdInd`,
  },
  {
    bdt: 'Product/AggregateNominalAmount',
    term: 'issueSize',
    kind: 'term',
    rule: 'issueSize × specifiedDenomination, in the currency; read: a whole number of notes',
    iso20022: `${ATTR}/Issnc/IsseNmnlAmt/FaceAmt`,
  },
  { bdt: 'Product/MaturityDate', term: 'maturityDate', kind: 'term', iso20022: `${DEBT}/MtrtyDt` },
  { bdt: 'Product/InterestPayment/InterestType', term: 'interestType', kind: 'term', iso20022: `${DEBT}/IntrstTp` },
  {
    bdt: 'Product/InterestPayment/InterestRate',
    term: 'interestRate',
    kind: 'term',
    rule: 'percent per annum (a FIXED bond of a fixed-price book)',
    iso20022: `${DEBT}/IntrstRate`,
  },
  {
    bdt: 'Product/InterestPayment/InterestCommencementDate',
    term: 'issueDate',
    kind: 'derived',
    rule: 'the issue date: interest accrues from it',
    iso20022: `${DEBT}/IntrstAcrlDt`,
  },
  {
    bdt: 'Product/InterestPayment/InterestPayments/InterestPaymentFrequency',
    term: 'interestPaymentFrequency',
    kind: 'term',
    iso20022: `${DEBT}/PmtFrqcy/Cd`,
  },
  {
    bdt: 'Product/InterestPayment/InterestPayments/FirstPayment/PaymentDate',
    term: 'firstCouponDate',
    kind: 'term',
    rule: 'only for an irregular first period; without it the coupon dates roll back from maturity',
    iso20022: `${DEBT}/FrstPmtDt`,
  },
  {
    bdt: 'Product/DayCountFraction',
    term: 'dayCountFraction',
    kind: 'term',
    rule: "BDT's conventions (NL/365, 30E/360: the extension's DayCountFraction)",
    iso20022: `${SESE}/DayCntBsis/Cd`,
  },
  {
    bdt: 'Product/BusinessDayConvention',
    term: 'businessDayConvention',
    kind: 'term',
    rule: "FOLLOWING_UNADJUSTED ↔ FOLLOWING, PRECEDING (MODIFIED_FOLLOWING, UNADJUSTED: the extension's)",
  },
  {
    bdt: 'Product/BusinessDayCenter',
    term: 'businessDayCalendar',
    kind: 'term',
    rule: "a BDT centre is the CSD's calendar of that id (others, e.g. CN-IB: the extension's BusinessDayCalendar)",
  },
  { bdt: 'DLTPlatform/DLTPlatformType', term: 'the ledger', kind: 'derived', rule: 'PERMISSIONED' },
  { bdt: 'DLTPlatform/DLTPlatformName', term: 'the ledger', kind: 'derived', rule: 'Hyperledger Fabric' },
  { bdt: 'DLTPlatform/DLTPlatformOperator/PartyName', term: 'the CSD', kind: 'derived', rule: "the CSD's legal name (information)" },
  { bdt: 'DLTPlatform/DLTPlatformOperator/LEIIdentifier', term: 'the CSD', kind: 'derived', rule: "the CSD's LEI" },
  {
    bdt: 'DLTPlatform/TokenSmartContractAddress',
    term: 'the ledger',
    kind: 'derived',
    rule: "the bond ledger's `<channel>/<chaincode>`",
  },
  { bdt: `${EXT}/ShortName`, term: 'shortName', kind: 'term', iso20022: `${ATTR}/ISOSctyShrtNm` },
  { bdt: `${EXT}/GoverningLaw`, term: 'governingLaw', kind: 'term', rule: 'PRC_LAW', iso20022: `${ATTR}/Issnc/GovngLaw/Ctry` },
  { bdt: `${EXT}/Registrar/PartyName`, term: 'the CSD', kind: 'derived', rule: "the CSD's legal name (information)" },
  {
    bdt: `${EXT}/Registrar/LEIIdentifier`,
    term: 'the CSD',
    kind: 'derived',
    rule: "the CSD's LEI",
    iso20022: `${ATTR}/PmryPlcOfDpst/LEI`,
  },
  { bdt: `${EXT}/BusinessDayCalendar`, term: 'businessDayCalendar', kind: 'term', rule: "the CSD's calendar id, e.g. CN-IB" },
  { bdt: `${EXT}/BusinessDayConvention`, term: 'businessDayConvention', kind: 'term', rule: 'MODIFIED_FOLLOWING, UNADJUSTED' },
  {
    bdt: `${EXT}/DayCountFraction`,
    term: 'dayCountFraction',
    kind: 'term',
    rule: 'NL/365, 30E/360',
    iso20022: `${SESE}/DayCntBsis/Cd`,
  },
  {
    bdt: `${EXT}/StatusOfNote`,
    term: 'statusOfNote',
    kind: 'term',
    rule: 'SENIOR_SUBORDINATED, JUNIOR_SUBORDINATED, GOVERNMENT_GUARANTEED',
    iso20022: `${DEBT}/SubrdntdInd`,
  },
  { bdt: `${EXT}/IssuerRating/Rating[]/RatingAgency`, term: 'ratings[].agency', kind: 'term', rule: 'the domestic agencies' },
  { bdt: `${EXT}/IssuerRating/Rating[]/RatingValue`, term: 'ratings[].rating', kind: 'term' },
  { bdt: `${EXT}/IssuerRating/Rating[]/RatingOutlook`, term: 'ratings[].outlook', kind: 'term' },
  {
    bdt: `${EXT}/RecordDateOffset`,
    term: 'recordDateOffset',
    kind: 'term',
    rule: 'business days before each payment date',
    iso20022: `${ATTR}/RcrdDt (the dated record date of a payment)`,
  },
  { bdt: `${EXT}/BookType`, term: 'bookType', kind: 'term' },
  {
    bdt: `${EXT}/OverAllotmentAmount`,
    term: 'overAllotmentLimit',
    kind: 'term',
    rule: 'overAllotmentLimit × specifiedDenomination, in the currency; read: a whole number of notes',
    iso20022: `${DEBT}/OverAlltmtAmt`,
  },
  {
    bdt: `${EXT}/FloatingRate/ReferenceRate`,
    term: 'floatingRate.referenceRate',
    kind: 'term',
    iso20022: `${ATTR}/SprdAndBchmkCrv/BchmkCrvNm`,
  },
  { bdt: `${EXT}/FloatingRate/Spread`, term: 'floatingRate.spread', kind: 'term', iso20022: `${ATTR}/SprdAndBchmkCrv/Sprd` },
  { bdt: `${EXT}/FloatingRate/FixingLagBusinessDays`, term: 'floatingRate.fixingLagBusinessDays', kind: 'term' },
  { bdt: `${EXT}/FloatingRate/Floor`, term: 'floatingRate.floor', kind: 'term' },
  { bdt: `${EXT}/FloatingRate/Cap`, term: 'floatingRate.cap', kind: 'term' },
  { bdt: `${EXT}/PenultimateCouponDate`, term: 'penultimateCouponDate', kind: 'term' },
  { bdt: `${EXT}/CallSchedule/Call[]/Date`, term: 'callSchedule[].date', kind: 'term', iso20022: `${DEBT}/NxtCllblDt` },
  { bdt: `${EXT}/CallSchedule/Call[]/Price`, term: 'callSchedule[].price', kind: 'term' },
  { bdt: `${EXT}/CallNoticeDays`, term: 'callNoticeDays', kind: 'term' },
  { bdt: `${EXT}/PutSchedule/Put[]/Date`, term: 'putSchedule[].date', kind: 'term', iso20022: `${DEBT}/PutblDt` },
  { bdt: `${EXT}/PutSchedule/Put[]/Price`, term: 'putSchedule[].price', kind: 'term' },
  {
    bdt: `${EXT}/AmortisationSchedule/Repayment[]/Date`,
    term: 'amortisationSchedule[].date',
    kind: 'term',
    iso20022: `${DEBT}/AmtsblInd`,
  },
  { bdt: `${EXT}/AmortisationSchedule/Repayment[]/Percent`, term: 'amortisationSchedule[].percent', kind: 'term' },
];

// --- paths -------------------------------------------------------------------------

const ROOT = 'ICMABondDataTaxonomy';

/** A key as a JSON Pointer (RFC 6901) reference token. */
const escapeKey = (key: string): string => key.replaceAll('~', '~0').replaceAll('/', '~1');

/** A JSON Pointer into the document. */
function pointer(...segments: (string | number)[]): string {
  return segments.map((s) => `/${escapeKey(String(s))}`).join('');
}
const at = (...segments: (string | number)[]): string => pointer(ROOT, ...segments);
const atExtension = (...segments: (string | number)[]): string => at('Extensions', CN_INTERBANK_EXTENSION, ...segments);

/** The field table's paths, and every element that contains one of them. */
const SUPPORTED = new Set(BDT_FIELDS.map((field) => field.bdt));
const CONTAINERS = new Set(BDT_FIELDS.flatMap((field) => field.bdt.split('/').map((_, i, parts) => parts.slice(0, i).join('/'))));

interface Finding {
  path: string;
  text: string;
}

/** What reading a document found: the elements or values the platform cannot hold, and the rules broken. */
class Findings {
  readonly unsupported: Finding[] = [];
  readonly invalid: Finding[] = [];

  /** Records an element or value the platform cannot hold; what it read there is nothing. */
  notSupported<T>(path: string, why: string): T | undefined {
    this.unsupported.push({ path, text: why });
    return undefined;
  }

  /** Records a broken rule; what it read there is nothing. */
  broken<T>(path: string, rule: string): T | undefined {
    this.invalid.push({ path, text: rule });
    return undefined;
  }

  /** Throws the refusal: the unsupported fields first (the document cannot be taken whatever its values), else the broken rules. */
  refuseIfAny(): void {
    const refuse = (code: BdtRefusalCode, findings: Finding[]) =>
      new BdtRefusal(
        code,
        [...new Set(findings.map((f) => f.path))],
        findings.map((f) => `${f.path === '' ? '(the document)' : f.path}: ${f.text}`),
      );
    if (this.unsupported.length > 0) throw refuse('BDT_UNSUPPORTED_FIELDS', this.unsupported);
    if (this.invalid.length > 0) throw refuse('BDT_INVALID', this.invalid);
  }
}

/** Why an element outside the field table is refused. */
function unmappedReason(path: string): string {
  const extension = path.startsWith('Extensions/') ? path.split('/')[1] : undefined;
  return extension !== undefined && extension !== CN_INTERBANK_EXTENSION
    ? `the platform reads no extension ${extension} (its own is ${CN_INTERBANK_EXTENSION})`
    : 'a BDT element the platform has no term for';
}

const isMapped = (path: string): boolean => SUPPORTED.has(path) || CONTAINERS.has(path);

/** Names every element present that the field table does not map (the element itself, not what it contains). */
function findUnmapped(value: unknown, path: string, jsonPointer: string, findings: Findings): void {
  if (Array.isArray(value) && isMapped(`${path}[]`)) {
    value.forEach((item: unknown, i) => {
      findUnmapped(item, `${path}[]`, `${jsonPointer}/${i}`, findings);
    });
  } else if (SUPPORTED.has(path)) {
    return;
  } else if (!CONTAINERS.has(path) || typeof value !== 'object' || value === null) {
    findings.notSupported(jsonPointer, unmappedReason(path));
  } else {
    for (const [key, child] of Object.entries(value)) {
      findUnmapped(child, path === '' ? key : `${path}/${key}`, `${jsonPointer}/${escapeKey(key)}`, findings);
    }
  }
}

/** One of ajv's findings as the document's problem: where, and what rule. */
function shapeFinding(error: ErrorObject, findings: Findings): void {
  const params = error.params as Record<string, unknown>;
  const description = (error.parentSchema as { description?: unknown } | undefined)?.description;
  if (error.keyword === 'additionalProperties') {
    const where = error.instancePath.startsWith(atExtension()) ? `the extension ${CN_INTERBANK_EXTENSION}` : 'BDT v1.2';
    findings.broken(`${error.instancePath}/${escapeKey(String(params.additionalProperty))}`, `not an element of ${where} here`);
  } else if (error.keyword === 'required') {
    findings.broken(`${error.instancePath}/${String(params.missingProperty)}`, 'is required');
  } else if (error.instancePath === '') {
    findings.broken('', 'must be a BDT document, a JSON object {"ICMABondDataTaxonomy": {...}}');
  } else if (error.keyword === 'enum') {
    findings.broken(error.instancePath, `must be one of ${(params.allowedValues as unknown[]).join(', ')}`);
  } else {
    const rule = error.keyword === 'pattern' ? 'is malformed' : (error.message ?? 'is malformed');
    findings.broken(error.instancePath, typeof description === 'string' ? `${rule}: ${description}` : rule);
  }
}

// --- amounts -----------------------------------------------------------------------

/** An amount in the currency ("100.5") in minor units (10050n), or undefined if it is finer than the minor unit. */
function toMinorUnits(amount: string, digits: number): bigint | undefined {
  const [whole = '0', fraction = ''] = amount.split('.');
  const significant = fraction.replace(/0+$/, '');
  return significant.length > digits ? undefined : BigInt(whole + significant.padEnd(digits, '0'));
}

/** Minor units in the currency, without trailing zeros: 10050n → "100.5", 10000n → "100". */
function fromMinorUnits(minor: bigint, digits: number): string {
  const text = minor.toString().padStart(digits + 1, '0');
  const whole = text.slice(0, text.length - digits);
  const fraction = text.slice(text.length - digits).replace(/0+$/, '');
  return fraction === '' ? whole : `${whole}.${fraction}`;
}

function minorUnitDigits(currency: string): number {
  const digits = currencyMinorUnits(currency);
  if (digits === undefined) throw new Error(`the platform does not settle in ${currency}`);
  return digits;
}

// --- import --------------------------------------------------------------------------

const PARTY_ROLES = ['ISSUER', 'PAYING_AGENT', 'LEAD_MANAGER'] as const;
type PartyRoleType = (typeof PARTY_ROLES)[number];
const AGENCY_ORDER: readonly string[] = Object.values(RatingAgency);
const OUTLOOKS: readonly string[] = Object.values(RatingOutlook);
/** The platform's rule for a grade (chaincode/src/domain/credit-ratings.ts). */
const GRADE = /^[A-Za-z0-9+()-]+(?: [A-Za-z0-9+()-]+)*$/;
const MAX_GRADE_LENGTH = 16;
const DLT_PLATFORM_NAME = 'Hyperledger Fabric';

/** An application read from a BDT document: who applies (the ISSUER party's member) and with what terms. */
export interface BdtApplication {
  issuer: string;
  terms: BondTermsRequest;
}

/**
 * The terms of a BDT document, with the issuer it names. `platform`, when
 * given, is the ledger the document must describe (its DLT fields and
 * registrar, if present). Throws BdtRefusal.
 */
export function readBdt(doc: unknown, directory: PartyDirectory, platform?: LedgerPlatform): BdtApplication {
  const shape = checkBdtShape(doc);
  if (!shape.valid) {
    const findings = new Findings();
    for (const error of shape.errors) shapeFinding(error, findings);
    findings.refuseIfAny();
    throw new Error('unreachable: a document refused by its schema has findings');
  }
  const findings = new Findings();
  const taxonomy = shape.doc.ICMABondDataTaxonomy;
  findUnmapped(taxonomy, '', at(), findings);
  const reader = new DocumentReader(taxonomy, directory, findings);
  const issuer = reader.issuer();
  const terms = reader.terms();
  if (platform) reader.checkLedger(platform);
  findings.refuseIfAny();
  if (issuer === undefined) throw new Error('unreachable: a document read without findings names its issuer');
  // Read without findings, every term the platform needs is there.
  return { issuer, terms: terms as BondTermsRequest };
}

/** The terms an issuer applies with, from a BDT document (see readBdt). */
export function termsFromBdt(doc: unknown, directory: PartyDirectory, platform?: LedgerPlatform): BondTermsRequest {
  return readBdt(doc, directory, platform).terms;
}

interface ReadParties {
  issuer?: string;
  payingAgent?: string;
  leadUnderwriter?: string;
  /** The index of the issuer's Party. */
  issuerParty?: number;
}

/** Reads one validated document, recording every finding rather than stopping at the first. */
class DocumentReader {
  readonly #issuance;
  readonly #product;
  readonly #interest;
  readonly #extension: CnInterbankExtension;
  #parties: ReadParties | undefined;

  constructor(
    private readonly taxonomy: IcmaBondDataTaxonomy,
    private readonly directory: PartyDirectory,
    private readonly findings: Findings,
  ) {
    this.#issuance = taxonomy.Issuance ?? {};
    this.#product = taxonomy.Product ?? {};
    this.#interest = this.#product.InterestPayment ?? {};
    this.#extension = taxonomy.Extensions?.[CN_INTERBANK_EXTENSION] ?? {};
  }

  /** A value the platform needs, or a finding that it is missing. */
  #required<T>(value: T | undefined, path: string, what: string): T | undefined {
    return value ?? this.findings.broken<T>(path, `is required: the platform needs ${what}`);
  }

  /** An enumeration's value from BDT's element or the extension's (exactly one of them). */
  #enumeration<P extends string>(
    mapping: EnumerationMapping<P>,
    core: string | undefined,
    extension: P | undefined,
    what: string,
  ): P | undefined {
    const corePath = at(...mapping.bdt.split('/'));
    const extensionPath = at(...(mapping.extension ?? '').split('/'));
    if (core !== undefined && extension !== undefined) {
      return this.findings.broken<P>(extensionPath, `gives ${what} again: BDT's ${corePath} has it (give it in one place)`);
    }
    if (extension !== undefined) return extension;
    if (core === undefined) return this.findings.broken<P>(corePath, `is required: the platform needs ${what}`);
    return platformValueOf(mapping, core) ?? this.findings.notSupported<P>(corePath, unsupportedValue(mapping, core));
  }

  /** The issuer: the member the ISSUER party is. */
  issuer(): string | undefined {
    return this.#readParties().issuer;
  }

  /** The terms as far as the document gives them (complete when there are no findings). */
  terms(): Partial<BondTermsRequest> {
    const parties = this.#readParties();
    const terms: Partial<BondTermsRequest> = {
      ...this.#isin(),
      shortName: this.#required(this.#extension.ShortName, atExtension('ShortName'), 'a short name'),
      ...this.#amounts(),
      ...this.#interestTerms(),
      ...this.#dates(),
      ...this.#businessDays(),
      payingAgent: parties.payingAgent,
      ...optional('leadUnderwriter', parties.leadUnderwriter),
      ...this.#note(),
      ...this.#options(),
      ...optional('governingLaw', this.#governingLaw()),
      ...optional('ratings', this.#ratings(parties.issuerParty)),
    };
    this.#checkIssuance(terms);
    this.#checkRedemptionBasis(terms);
    return terms;
  }

  /** The ISSUER, PAYING_AGENT and LEAD_MANAGER parties as members (MSP IDs), read once. */
  #readParties(): ReadParties {
    this.#parties ??= this.#partiesOfRoles(this.#partyOfEachRole());
    return this.#parties;
  }

  /** Each role's Party (by index), recording roles the platform does not keep and parties no role names. */
  #partyOfEachRole(): Map<PartyRoleType, number> {
    const parties: BdtParty[] = this.taxonomy.Party ?? [];
    const byPid = new Map<string, number>();
    parties.forEach((party, i) => {
      if (byPid.has(party.PID))
        this.findings.broken(at('Party', i, 'PID'), `PID ${party.PID} is given to another Party too (an xs:ID is unique)`);
      else byPid.set(party.PID, i);
    });
    const chosen = new Map<PartyRoleType, number>();
    const named = new Set<number>();
    (this.taxonomy.PartyRole ?? []).forEach((role: BdtPartyRole, i) => {
      const index = byPid.get(role.PartyID.PID);
      const type = role.PartyRoleType as PartyRoleType;
      if (index === undefined) {
        this.findings.broken(at('PartyRole', i, 'PartyID', 'PID'), `no Party has PID ${role.PartyID.PID}`);
      } else if (!PARTY_ROLES.includes(type)) {
        named.add(index);
        this.findings.notSupported(at('PartyRole', i), `the platform keeps no ${role.PartyRoleType} (it keeps ${PARTY_ROLES.join(', ')})`);
      } else if (chosen.has(type)) {
        named.add(index);
        this.findings.notSupported(at('PartyRole', i), `a second ${type}: the platform keeps one`);
      } else {
        named.add(index);
        chosen.set(type, index);
      }
    });
    parties.forEach((party, i) => {
      if (!named.has(i)) this.findings.notSupported(at('Party', i), 'no PartyRole names this party');
      else if (party.PartyRating !== undefined && i !== chosen.get('ISSUER')) {
        this.findings.notSupported(at('Party', i, 'PartyRating'), "the platform keeps the issuer's ratings only");
      }
    });
    return chosen;
  }

  #partiesOfRoles(chosen: Map<PartyRoleType, number>): ReadParties {
    const member = (type: PartyRoleType, required: boolean): string | undefined => {
      const index = chosen.get(type);
      if (index === undefined) {
        return required ? this.findings.broken<string>(at('PartyRole'), `is required: the platform needs the ${type} party`) : undefined;
      }
      const lei = this.taxonomy.Party?.[index]?.LEIIdentifier ?? '';
      return (
        this.directory.mspIdOf(lei) ??
        this.findings.broken<string>(
          at('Party', index, 'LEIIdentifier'),
          `no single member of the ledger has the LEI ${lei} (none does, or several do)`,
        )
      );
    };
    return {
      issuer: member('ISSUER', true),
      payingAgent: member('PAYING_AGENT', true),
      leadUnderwriter: member('LEAD_MANAGER', false),
      issuerParty: chosen.get('ISSUER'),
    };
  }

  #isin(): { isin?: string } {
    const identifiers = this.#product.SecurityIdentifierList?.SecurityIdentifier ?? [];
    let isin: string | undefined;
    identifiers.forEach((identifier, i) => {
      const path = at('Product', 'SecurityIdentifierList', 'SecurityIdentifier', i);
      if (identifier.IdentifierType !== 'ISIN') {
        this.findings.notSupported(path, `the platform keeps the ISIN only, no ${identifier.IdentifierType}`);
      } else if (identifier.ISIN === undefined) {
        this.findings.broken(`${path}/ISIN`, 'is required: the IdentifierType is ISIN');
      } else if (isin !== undefined) {
        this.findings.notSupported(path, 'a second ISIN: the platform keeps one');
      } else {
        isin = identifier.ISIN;
      }
    });
    return optional('isin', isin);
  }

  /** The currency, and the amounts in it as minor units and whole numbers of notes. */
  #amounts(): Partial<BondTermsRequest> {
    const currency = this.#currency();
    const digits = currency === undefined ? undefined : currencyMinorUnits(currency);
    const denomination = this.#denomination(digits);
    const notes = (amount: string | undefined, path: string, required: boolean) =>
      digits === undefined || denomination === undefined ? undefined : this.#notes(amount, path, digits, denomination, required);
    return {
      specifiedCurrency: currency,
      specifiedDenomination: denomination?.toString(),
      issueSize: notes(this.#product.AggregateNominalAmount, at('Product', 'AggregateNominalAmount'), true),
      ...optional('overAllotmentLimit', notes(this.#extension.OverAllotmentAmount, atExtension('OverAllotmentAmount'), false)),
    };
  }

  #currency(): string | undefined {
    const path = at('Issuance', 'SpecifiedCurrency');
    const currency = this.#required(this.#issuance.SpecifiedCurrency, path, 'the currency');
    if (currency === undefined || currencyMinorUnits(currency) !== undefined) return currency;
    return this.findings.notSupported<string>(path, `the platform settles in ${CURRENCIES.join(', ')}, not ${currency}`);
  }

  /** The denomination in minor units, positive. */
  #denomination(digits: number | undefined): bigint | undefined {
    const path = at('Issuance', 'SpecifiedDenomination');
    const amount = this.#required(this.#issuance.SpecifiedDenomination, path, 'the denomination');
    if (amount === undefined || digits === undefined) return undefined;
    const minor = toMinorUnits(amount, digits);
    if (minor === undefined) return this.findings.broken<bigint>(path, `has more decimals than the currency's ${digits} minor-unit digits`);
    return minor > 0n ? minor : this.findings.broken<bigint>(path, 'must be more than 0');
  }

  /** A principal amount as a whole number of notes of the denomination (the issue's: required, positive). */
  #notes(amount: string | undefined, path: string, digits: number, denomination: bigint, issue: boolean): string | undefined {
    if (amount === undefined)
      return issue ? this.findings.broken<string>(path, 'is required: the platform needs the aggregate nominal amount') : undefined;
    const minor = toMinorUnits(amount, digits);
    if (minor === undefined) return this.findings.broken<string>(path, `has more decimals than the currency's ${digits} minor-unit digits`);
    if (minor % denomination !== 0n)
      return this.findings.broken<string>(path, 'must be a whole number of notes of the SpecifiedDenomination');
    if (issue && minor === 0n) return this.findings.broken<string>(path, 'must be more than 0');
    return (minor / denomination).toString();
  }

  /** The interest basis: type, rate or floating-rate terms, book type, frequency and day count. */
  #interestTerms(): Partial<BondTermsRequest> {
    const typePath = at('Product', 'InterestPayment', 'InterestType');
    const type = this.#required(this.#interest.InterestType, typePath, 'the interest type');
    const frequency = this.#required(
      this.#interest.InterestPayments?.InterestPaymentFrequency,
      at('Product', 'InterestPayment', 'InterestPayments', 'InterestPaymentFrequency'),
      'the interest payment frequency',
    );
    const rate = this.#extension.FloatingRate;
    return {
      interestType:
        type === undefined
          ? undefined
          : (platformValueOf(INTEREST_TYPES, type) ?? this.findings.notSupported(typePath, unsupportedValue(INTEREST_TYPES, type))),
      ...optional('interestRate', this.#interest.InterestRate),
      ...optional(
        'floatingRate',
        rate && {
          referenceRate: rate.ReferenceRate,
          spread: rate.Spread,
          fixingLagBusinessDays: rate.FixingLagBusinessDays,
          ...optional('floor', rate.Floor),
          ...optional('cap', rate.Cap),
        },
      ),
      ...optional('bookType', this.#extension.BookType),
      interestPaymentFrequency: frequency === undefined ? undefined : platformValueOf(INTEREST_PAYMENT_FREQUENCIES, frequency),
      dayCountFraction: this.#enumeration(
        DAY_COUNT_FRACTIONS,
        this.#product.DayCountFraction,
        this.#extension.DayCountFraction,
        'the day-count fraction',
      ),
    };
  }

  #dates(): Partial<BondTermsRequest> {
    return {
      issueDate: this.#required(this.#issuance.IssueDate, at('Issuance', 'IssueDate'), 'the issue date'),
      maturityDate: this.#required(this.#product.MaturityDate, at('Product', 'MaturityDate'), 'the maturity date'),
      ...optional('firstCouponDate', this.#interest.InterestPayments?.FirstPayment?.PaymentDate),
      ...optional('penultimateCouponDate', this.#extension.PenultimateCouponDate),
    };
  }

  /** The convention, the calendar (a BDT business-day centre, or the extension's calendar id) and the record-date offset. */
  #businessDays(): Partial<BondTermsRequest> {
    const core = this.#product.BusinessDayCenter;
    const extension = this.#extension.BusinessDayCalendar;
    const calendar =
      core !== undefined && extension !== undefined
        ? this.findings.broken<string>(
            atExtension('BusinessDayCalendar'),
            "gives the calendar again: BDT's BusinessDayCenter has it (give it in one place)",
          )
        : (core ??
          extension ??
          this.findings.broken<string>(
            at('Product', 'BusinessDayCenter'),
            "is required: the platform needs the calendar (or the extension's BusinessDayCalendar)",
          ));
    return {
      businessDayConvention: this.#enumeration(
        BUSINESS_DAY_CONVENTIONS,
        this.#product.BusinessDayConvention,
        this.#extension.BusinessDayConvention,
        'the business-day convention',
      ),
      businessDayCalendar: calendar,
      recordDateOffset: this.#required(this.#extension.RecordDateOffset, atExtension('RecordDateOffset'), 'the record-date offset'),
    };
  }

  /** Status, form and issue price of the notes. */
  #note(): Partial<BondTermsRequest> {
    const formPath = at('Product', 'FormOfNote');
    const form = this.#required(this.#product.FormOfNote, formPath, 'the form of the notes');
    return {
      statusOfNote: this.#enumeration(
        STATUSES_OF_NOTE,
        this.#product.StatusOfNote,
        this.#extension.StatusOfNote,
        'the status of the notes',
      ),
      formOfNote:
        form === undefined
          ? undefined
          : (platformValueOf(FORMS_OF_NOTE, form) ?? this.findings.notSupported(formPath, unsupportedValue(FORMS_OF_NOTE, form))),
      issuePrice: this.#required(this.#issuance.IssuePrice, at('Issuance', 'IssuePrice'), 'the issue price'),
    };
  }

  /** The call, put and amortisation schedules and the call notice days. */
  #options(): Partial<BondTermsRequest> {
    const dates = (options: CnOptionDate[] | undefined) => options?.map((option) => ({ date: option.Date, price: option.Price }));
    return {
      ...optional('callSchedule', dates(this.#extension.CallSchedule?.Call)),
      ...optional('callNoticeDays', this.#extension.CallNoticeDays),
      ...optional('putSchedule', dates(this.#extension.PutSchedule?.Put)),
      ...optional(
        'amortisationSchedule',
        this.#extension.AmortisationSchedule?.Repayment.map((repayment) => ({ date: repayment.Date, percent: repayment.Percent })),
      ),
    };
  }

  #governingLaw(): GoverningLaw | undefined {
    const core = this.#issuance.GoverningLaw;
    const extension = this.#extension.GoverningLaw;
    if (core !== undefined && extension !== undefined) {
      return this.findings.broken<GoverningLaw>(
        atExtension('GoverningLaw'),
        "gives the governing law again: BDT's GoverningLaw has it (give it in one place)",
      );
    }
    return extension ?? (core === undefined ? undefined : platformValueOf(GOVERNING_LAWS, core));
  }

  /** Ratings as the platform keeps them, recording grades and outlooks it cannot keep. */
  #readRatings(ratings: BdtRating[], path: (i: number) => string): CreditRating[] {
    return ratings.map((rating, i) => {
      if (rating.RatingValue.length > MAX_GRADE_LENGTH || !GRADE.test(rating.RatingValue)) {
        this.findings.broken(
          `${path(i)}/RatingValue`,
          `must be the agency's grade: 1 to ${MAX_GRADE_LENGTH} letters, digits, '+', '-', '(', ')' and single spaces`,
        );
      }
      if (rating.RatingOutlook !== undefined && !OUTLOOKS.includes(rating.RatingOutlook)) {
        this.findings.notSupported(`${path(i)}/RatingOutlook`, `the platform's outlooks are ${OUTLOOKS.join(', ')}`);
      }
      return {
        agency: rating.RatingAgency as RatingAgency,
        rating: rating.RatingValue,
        ...optional('outlook', rating.RatingOutlook as RatingOutlook | undefined),
      };
    });
  }

  /** The issuer's ratings: BDT's (the issuer Party's) and the extension's domestic ones, in agency order. */
  #ratings(issuerParty: number | undefined): CreditRating[] | undefined {
    const core =
      issuerParty === undefined
        ? []
        : this.#readRatings(this.taxonomy.Party?.[issuerParty]?.PartyRating?.Rating ?? [], (i) =>
            at('Party', issuerParty, 'PartyRating', 'Rating', i),
          );
    const domestic = this.#readRatings(this.#extension.IssuerRating?.Rating ?? [], (i) => atExtension('IssuerRating', 'Rating', i));
    const ratings = [...core, ...domestic].sort((a, b) => AGENCY_ORDER.indexOf(a.agency) - AGENCY_ORDER.indexOf(b.agency));
    const twice = ratings.find((rating, i) => i > 0 && ratings[i - 1]?.agency === rating.agency);
    if (twice)
      this.findings.broken(
        at('Party', issuerParty ?? 0, 'PartyRating'),
        `rates the issuer twice by ${twice.agency}: give one rating per agency`,
      );
    return ratings.length > 0 ? ratings : undefined;
  }

  /** The issuance type and the interest commencement date, when present, agree with the terms. */
  #checkIssuance(terms: Partial<BondTermsRequest>): void {
    const issuanceType = this.#issuance.IssuanceType;
    if (issuanceType !== undefined && issuanceType !== 'STANDALONE') {
      this.findings.notSupported(at('Issuance', 'IssuanceType'), 'each application is one standalone issue: PROGRAMME is not supported');
    }
    const commencement = this.#interest.InterestCommencementDate;
    if (commencement !== undefined && terms.issueDate !== undefined && commencement !== terms.issueDate) {
      this.findings.broken(
        at('Product', 'InterestPayment', 'InterestCommencementDate'),
        `must be the IssueDate ${terms.issueDate}: interest accrues from it`,
      );
    }
  }

  /** The redemption basis, when present, is PAR, or INSTALLMENT for an amortising bond. */
  #checkRedemptionBasis(terms: Partial<BondTermsRequest>): void {
    const basis = this.#issuance.RedemptionPaymentBasis;
    const path = at('Issuance', 'RedemptionPaymentBasis');
    if (basis !== undefined && basis !== 'PAR' && basis !== 'INSTALLMENT') {
      this.findings.notSupported(path, `the platform repays at PAR or by INSTALLMENT (an amortisation schedule), not ${basis}`);
    } else if (basis === 'INSTALLMENT' && terms.amortisationSchedule === undefined) {
      this.findings.broken(path, `INSTALLMENT needs the extension's AmortisationSchedule`);
    } else if (basis === 'PAR' && terms.amortisationSchedule !== undefined) {
      this.findings.broken(path, 'must be INSTALLMENT: the extension gives an AmortisationSchedule');
    }
  }

  /** The document's DLT fields and registrar, when present, describe `platform`. */
  checkLedger(platform: LedgerPlatform): void {
    const dlt = this.taxonomy.DLTPlatform;
    const expect = (value: string | undefined, wanted: string, path: string, what: string) => {
      if (value !== undefined && value !== wanted) this.findings.broken(path, `must be ${wanted}: ${what}`);
    };
    expect(
      dlt?.DLTPlatformType,
      'PERMISSIONED',
      at('DLTPlatform', 'DLTPlatformType'),
      'the ledger is a permissioned Hyperledger Fabric network',
    );
    expect(dlt?.DLTPlatformName, DLT_PLATFORM_NAME, at('DLTPlatform', 'DLTPlatformName'), 'the ledger is Hyperledger Fabric');
    expect(
      dlt?.DLTPlatformOperator?.LEIIdentifier,
      platform.csd.lei,
      at('DLTPlatform', 'DLTPlatformOperator', 'LEIIdentifier'),
      "the CSD's LEI: it operates the ledger",
    );
    expect(
      dlt?.TokenSmartContractAddress,
      `${platform.channel}/${platform.chaincode}`,
      at('DLTPlatform', 'TokenSmartContractAddress'),
      "the bond ledger's channel/chaincode",
    );
    expect(
      this.#extension.Registrar?.LEIIdentifier,
      platform.csd.lei,
      atExtension('Registrar', 'LEIIdentifier'),
      "the CSD's LEI: it keeps the register",
    );
  }
}

/** Why BDT's value has no platform value, naming the platform's (and the extension's, if it carries the others). */
function unsupportedValue(mapping: EnumerationMapping, value: string): string {
  const supported = mapping.values.filter((v) => v.bdt !== undefined).map((v) => v.bdt);
  const extension = mapping.values.filter((v) => v.bdt === undefined).map((v) => v.platform);
  return `the platform has no ${mapping.name.toLowerCase()} ${value}: it takes ${supported.join(', ')}${
    extension.length > 0 && mapping.extension ? ` here, and ${extension.join(', ')} in ${mapping.extension}` : ''
  }`;
}

/** `{ key: value }`, or nothing when the value is undefined: terms never carry undefined fields. */
function optional<K extends string, V>(key: K, value: V | undefined): { [key in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [key in K]?: V };
}

// --- export ---------------------------------------------------------------------------

/** What exporting terms needs besides them: the applicant, who the members are, and the ledger. */
export interface BdtContext {
  /** The issuer's MSP ID. */
  issuer: string;
  directory: PartyDirectory;
  platform: LedgerPlatform;
  /** The issuer's LEI as the bond records it (default: the member list's). */
  issuerLei?: string;
}

/** The terms as a BDT document: BDT's elements where BDT has the value, the extension's otherwise, and the ledger's DLT fields. */
export function bdtFromTerms(terms: BondTermsRequest, context: BdtContext): BdtDocument {
  const international = (terms.ratings ?? []).filter((r) => bdtValueOf(RATING_AGENCIES, r.agency) !== undefined);
  const { roles, parties } = exportParties(terms, context, international.map(bdtRating));
  const csd = { PartyName: context.platform.csd.legalName, LEIIdentifier: context.platform.csd.lei };
  return {
    ICMABondDataTaxonomy: {
      Version: BDT_VERSION,
      PartyRole: roles,
      Party: parties,
      Issuance: exportIssuance(terms),
      Product: exportProduct(terms),
      DLTPlatform: {
        DLTPlatformType: 'PERMISSIONED',
        DLTPlatformName: DLT_PLATFORM_NAME,
        DLTPlatformOperator: csd,
        TokenSmartContractAddress: `${context.platform.channel}/${context.platform.chaincode}`,
      },
      Extensions: { [CN_INTERBANK_EXTENSION]: exportExtension(terms, csd) },
    },
  };
}

/** A registered bond as a BDT document: its terms with its ISIN, and the issuer's LEI as the bond records it. */
export function bdtFromBond(bond: Bond, directory: PartyDirectory, platform: LedgerPlatform): BdtDocument {
  return bdtFromTerms({ ...bond.terms, isin: bond.isin }, { issuer: bond.issuer, issuerLei: bond.issuerLei, directory, platform });
}

/** A number of notes as principal in the currency. */
function principal(terms: BondTermsRequest, notes: string): string {
  return fromMinorUnits(BigInt(notes) * BigInt(terms.specifiedDenomination), minorUnitDigits(terms.specifiedCurrency));
}

function exportIssuance(terms: BondTermsRequest): BdtIssuance {
  const governingLaw = terms.governingLaw === undefined ? undefined : bdtValueOf(GOVERNING_LAWS, terms.governingLaw);
  return {
    IssuanceType: 'STANDALONE',
    SpecifiedDenomination: principal(terms, '1'),
    SpecifiedCurrency: terms.specifiedCurrency,
    IssueDate: terms.issueDate,
    IssuePrice: terms.issuePrice,
    ...optional('GoverningLaw', governingLaw),
    RedemptionPaymentBasis: terms.amortisationSchedule === undefined ? 'PAR' : 'INSTALLMENT',
  };
}

function exportProduct(terms: BondTermsRequest): BdtProduct {
  return {
    ...optional(
      'SecurityIdentifierList',
      terms.isin === undefined ? undefined : { SecurityIdentifier: [{ ISIN: terms.isin, IdentifierType: 'ISIN' }] },
    ),
    FormOfNote: bdtValueOf(FORMS_OF_NOTE, terms.formOfNote),
    ...optional('StatusOfNote', bdtValueOf(STATUSES_OF_NOTE, terms.statusOfNote)),
    AggregateNominalAmount: principal(terms, terms.issueSize),
    MaturityDate: terms.maturityDate,
    InterestPayment: {
      InterestType: bdtValueOf(INTEREST_TYPES, terms.interestType),
      ...optional('InterestRate', terms.interestRate),
      InterestCommencementDate: terms.issueDate,
      InterestPayments: {
        InterestPaymentFrequency: bdtValueOf(INTEREST_PAYMENT_FREQUENCIES, terms.interestPaymentFrequency),
        ...optional('FirstPayment', terms.firstCouponDate === undefined ? undefined : { PaymentDate: terms.firstCouponDate }),
      },
    },
    ...optional('DayCountFraction', bdtValueOf(DAY_COUNT_FRACTIONS, terms.dayCountFraction)),
    ...optional('BusinessDayConvention', bdtValueOf(BUSINESS_DAY_CONVENTIONS, terms.businessDayConvention)),
    ...optional('BusinessDayCenter', bdtValueOf(BUSINESS_DAY_CENTERS, terms.businessDayCalendar)),
  };
}

/** The platform's value where BDT lacks it: the extension carries it. */
function lackingInBdt<P extends string>(mapping: EnumerationMapping<P>, value: P | undefined): P | undefined {
  return value !== undefined && bdtValueOf(mapping, value) === undefined ? value : undefined;
}

function exportExtension(terms: BondTermsRequest, csd: { PartyName: string; LEIIdentifier: string }): CnInterbankExtension {
  const domestic = (terms.ratings ?? []).filter((r) => bdtValueOf(RATING_AGENCIES, r.agency) === undefined);
  const rate = terms.floatingRate;
  const dates = (options: OptionDate[] | undefined) => options?.map((o) => ({ Date: o.date, Price: o.price }));
  return {
    ShortName: terms.shortName,
    ...optional('GoverningLaw', lackingInBdt(GOVERNING_LAWS, terms.governingLaw)),
    Registrar: csd,
    ...optional('BusinessDayCalendar', lackingInBdt(BUSINESS_DAY_CENTERS, terms.businessDayCalendar)),
    ...optional('BusinessDayConvention', lackingInBdt(BUSINESS_DAY_CONVENTIONS, terms.businessDayConvention)),
    ...optional('DayCountFraction', lackingInBdt(DAY_COUNT_FRACTIONS, terms.dayCountFraction)),
    ...optional('StatusOfNote', lackingInBdt(STATUSES_OF_NOTE, terms.statusOfNote)),
    ...optional('IssuerRating', domestic.length > 0 ? { Rating: domestic.map(bdtRating) } : undefined),
    RecordDateOffset: terms.recordDateOffset,
    ...optional('BookType', terms.bookType),
    ...optional('OverAllotmentAmount', terms.overAllotmentLimit === undefined ? undefined : principal(terms, terms.overAllotmentLimit)),
    ...optional(
      'FloatingRate',
      rate && {
        ReferenceRate: rate.referenceRate,
        Spread: rate.spread,
        FixingLagBusinessDays: rate.fixingLagBusinessDays,
        ...optional('Floor', rate.floor),
        ...optional('Cap', rate.cap),
      },
    ),
    ...optional('PenultimateCouponDate', terms.penultimateCouponDate),
    ...optional('CallSchedule', terms.callSchedule && { Call: dates(terms.callSchedule) ?? [] }),
    ...optional('CallNoticeDays', terms.callNoticeDays),
    ...optional('PutSchedule', terms.putSchedule && { Put: dates(terms.putSchedule) ?? [] }),
    ...optional(
      'AmortisationSchedule',
      terms.amortisationSchedule && { Repayment: terms.amortisationSchedule.map((r) => ({ Date: r.date, Percent: r.percent })) },
    ),
  };
}

function bdtRating(rating: CreditRating): BdtRating {
  return { RatingAgency: rating.agency, RatingValue: rating.rating, ...optional('RatingOutlook', rating.outlook) };
}

/** The parties in role order (ISSUER, PAYING_AGENT, LEAD_MANAGER), one Party per LEI, the issuer's ratings on the issuer's Party. */
function exportParties(
  terms: BondTermsRequest,
  context: BdtContext,
  issuerRatings: BdtRating[],
): { roles: BdtPartyRole[]; parties: BdtParty[] } {
  const members: [PartyRoleType, string | undefined][] = [
    ['ISSUER', context.issuer],
    ['PAYING_AGENT', terms.payingAgent],
    ['LEAD_MANAGER', terms.leadUnderwriter],
  ];
  const roles: BdtPartyRole[] = [];
  const parties: BdtParty[] = [];
  for (const [type, mspId] of members) {
    if (mspId === undefined) continue;
    const lei = type === 'ISSUER' && context.issuerLei !== undefined ? context.issuerLei : context.directory.leiOf(mspId);
    const legalName = context.directory.legalNameOf(mspId);
    if (lei === undefined || legalName === undefined) throw new Error(`${mspId} is not in the ledger's member list`);
    const pid = `LEI-${lei}`;
    roles.push({ PartyRoleType: type, PartyID: { PID: pid } });
    if (parties.some((party) => party.PID === pid)) continue;
    parties.push({
      PID: pid,
      PartyName: legalName,
      LEIIdentifier: lei,
      ...optional('PartyRating', type === 'ISSUER' && issuerRatings.length > 0 ? { Rating: issuerRatings } : undefined),
    });
  }
  return { roles, parties };
}
