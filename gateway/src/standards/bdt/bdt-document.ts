/**
 * The ICMA Bond Data Taxonomy (BDT) v1.2 as a JSON document: the BDT's XML
 * structure rendered in JSON, the BDT element names as keys. The rendering:
 * - `{"ICMABondDataTaxonomy": {...}}` is the XML's `ICMABondDataTaxonomy`
 *   element (the `Document` wrapper and the namespace
 *   `urn:icma:xsd:ICMABondDataTaxonomy` are implied), with `Version` "1.2";
 * - an element with children is an object of them, in the XSD's sequence
 *   order; a repeated element is an array under its name;
 * - an attribute is a key of its element's object (PID);
 * - values are JSON strings (amounts, rates, prices and dates exactly as the
 *   XML writes them: never JSON numbers, which are binary floating point),
 *   except the extension's whole-number counts (days), which are integers;
 * - `DLTPlatform` carries the 2024 DLT fields (platform type, name, operator,
 *   token smart-contract address);
 * - `Extensions` holds namespaced extensions by URN (urn:bdt-ext:{name}:v{n}).
 * The enumerations below are the v1.2 pack's as far as the reference knows
 * them (docs/standards.md names the source); bdt-document.schema.json holds
 * the same lists and a unit test keeps them equal.
 */
import type { CnInterbankExtension } from './cn-interbank-extension';

export const BDT_VERSION = '1.2';
export const BDT_NAMESPACE = 'urn:icma:xsd:ICMABondDataTaxonomy';

export const BDT_ISSUANCE_TYPES = ['PROGRAMME', 'STANDALONE'] as const;
export const BDT_INTEREST_TYPES = ['FIXED', 'FLOATING', 'ZERO_COUPON', 'INDEX_LINKED_INTEREST'] as const;
export const BDT_INTEREST_PAYMENT_FREQUENCIES = ['ANNUALLY', 'SEMIANNUALLY', 'QUARTERLY', 'NONE'] as const;
export const BDT_DAY_COUNT_FRACTIONS = ['ICMA_ACT/ACT', 'ISDA_ACT/ACT', '30/360', '30/365', 'ACT/360', 'ACT/365'] as const;
export const BDT_BUSINESS_DAY_CONVENTIONS = ['FOLLOWING_UNADJUSTED', 'PRECEDING', 'MODIFIED_FOLLOWING_ADJUSTED'] as const;
export const BDT_BUSINESS_DAY_CENTERS = ['TARGET', 'TARGET2', 'FRANKFURT', 'NEW_YORK', 'LUXEMBOURG'] as const;
/** As the taxonomy spells them (FINISH_LAW is Finnish law). */
export const BDT_GOVERNING_LAWS = [
  'AUSTRIAN_LAW',
  'BELGIAN_LAW',
  'CANADIAN_LAW',
  'DANISH_LAW',
  'DUTCH_LAW',
  'ENGLISH_LAW',
  'FINISH_LAW',
  'FRENCH_LAW',
  'GERMAN_LAW',
  'ITALIAN_LAW',
  'LUXEMBOURG_LAW',
  'NEW_SOUTH_WALES_LAW',
  'NEW_YORK_LAW',
  'ONTARIO_LAW',
  'SPANISH_LAW',
] as const;
export const BDT_STATUSES_OF_NOTE = [
  'SENIOR_SECURED',
  'SENIOR_UNSECURED',
  'SENIOR_PREFERRED',
  'SENIOR_NON_PREFERRED',
  'SUBORDINATED',
] as const;
export const BDT_RATING_AGENCIES = ['FITCH', 'MOODYS', 'SP', 'DBRS'] as const;
/** The forms of note the reference names; the pack has more, so the schema takes any upper-case code here. */
export const BDT_FORMS_OF_NOTE = ['BEARER', 'REGISTERED', 'DEMATERIALISED', 'BOOK_ENTRY', 'FED_BOOK_ENTRY'] as const;
export const BDT_REDEMPTION_PAYMENT_BASES = ['PAR', 'PARTLY_PAID', 'INDEX_LINKED_INTEREST', 'INSTALLMENT', 'DUAL_CURRENCY'] as const;
export const BDT_IDENTIFIER_TYPES = ['ISIN', 'CUSIP', 'COMMON_CODE', 'SEDOL'] as const;
export const BDT_CLEARING_SETTLEMENT_SYSTEMS = [
  'EUROCLEAR_BANK_SA/NV',
  'CLEARSTREAM_BANKING_S.A.',
  'CLEARSTREAM_BANKING_FRANKFURT',
  'DTCC',
  'CENTRAL_MONEY_MARKETS_UNIT',
] as const;
export const BDT_SELLING_RESTRICTIONS = [
  'REGS_CAT1',
  'REGS_CAT2',
  'REGS_CAT3',
  '144A',
  'TEFRA_C',
  'TEFRA_D',
  'TEFRA_NA',
  'SEC_REG',
  'NOT_APPLICABLE',
] as const;
export const BDT_MANUFACTURER_TARGET_MARKETS = [
  'EU_MIFIDII_PROF_AND_ECPS',
  'EU_MIFIR_PROF_AND_ECPS',
  'UK_MIFIR_PROF_AND_ECPS',
  'EU_MIFIDII_RETAIL_PROF_ECPS',
  'UK_MIFIR_RETAIL_PROF_ECPS',
  'NOT_APPLICABLE',
] as const;
/** The 2024 DLT fields: the platform type. */
export const BDT_DLT_PLATFORM_TYPES = ['PERMISSIONED', 'PERMISSIONLESS'] as const;

export type BdtDayCountFraction = (typeof BDT_DAY_COUNT_FRACTIONS)[number];
export type BdtBusinessDayConvention = (typeof BDT_BUSINESS_DAY_CONVENTIONS)[number];
export type BdtStatusOfNote = (typeof BDT_STATUSES_OF_NOTE)[number];
export type BdtGoverningLaw = (typeof BDT_GOVERNING_LAWS)[number];
export type BdtRatingAgency = (typeof BDT_RATING_AGENCIES)[number];

/** A BDT document in its JSON form. */
export interface BdtDocument {
  ICMABondDataTaxonomy: IcmaBondDataTaxonomy;
}

export interface IcmaBondDataTaxonomy {
  Version: typeof BDT_VERSION;
  PartyRole?: BdtPartyRole[];
  Party?: BdtParty[];
  Issuance?: BdtIssuance;
  Product?: BdtProduct;
  DLTPlatform?: BdtDltPlatform;
  Extensions?: BdtExtensions;
}

/** A role a party plays in the issue, naming the party by its PID (xs:IDREF). */
export interface BdtPartyRole {
  PartyRoleType: string;
  PartyID: { PID: string };
}

export interface BdtParty {
  /** xs:ID the PartyRoles refer to. */
  PID: string;
  PartyName: string;
  /** ISO 17442 LEI. */
  LEIIdentifier: string;
  PartyRating?: { Rating: BdtRating[] };
}

export interface BdtRating {
  RatingAgency: string;
  RatingValue: string;
  RatingOutlook?: string;
}

export interface BdtIssuance {
  IssuanceType?: string;
  /** Face value of one note, in the currency (not minor units), e.g. "100". */
  SpecifiedDenomination?: string;
  IntegralMultiples?: string;
  SpecifiedCurrency?: string;
  PricingDate?: string;
  IssueDate?: string;
  SettlementDate?: string;
  /** Percent of face value. */
  IssuePrice?: string;
  Listing?: { Market: string }[];
  ClearingSettlementSystem?: { ClearingSettlementSystem: string[] };
  GoverningLaw?: string;
  SellingRestrictions?: { SellingRestriction: string[] };
  PRIIPsRestriction?: string;
  ManufacturerTargetMarket?: string[];
  RedemptionPaymentBasis?: string;
}

export interface BdtSecurityIdentifier {
  ISIN?: string;
  CUSIP?: string;
  COMMON_CODE?: string;
  SEDOL?: string;
  IdentifierType: string;
}

export interface BdtInterestPayment {
  InterestType?: string;
  /** Percent per annum. */
  InterestRate?: string;
  InterestCommencementDate?: string;
  InterestPayments?: {
    InterestPaymentFrequency?: string;
    PayableDate?: { Day: string; Month: string }[];
    FirstPayment?: { PaymentDate: string };
  };
}

export interface BdtProduct {
  SecurityIdentifierList?: { SecurityIdentifier: BdtSecurityIdentifier[] };
  FormOfNote?: string;
  StatusOfNote?: string;
  /** Principal of the issue, in the currency. */
  AggregateNominalAmount?: string;
  MaturityDate?: string;
  InterestPayment?: BdtInterestPayment;
  DayCountFraction?: string;
  BusinessDayConvention?: string;
  BusinessDayCenter?: string;
}

/** The 2024 DLT fields: where the bond's register lives. */
export interface BdtDltPlatform {
  DLTPlatformType?: string;
  DLTPlatformName?: string;
  DLTPlatformOperator?: { PartyName?: string; LEIIdentifier?: string };
  /** The token's smart contract: on Fabric, `<channel>/<chaincode>`. */
  TokenSmartContractAddress?: string;
}

/** Extensions by namespace URN; the platform reads its own, urn:bdt-ext:cn-interbank:v1 (CN_INTERBANK_EXTENSION). */
export interface BdtExtensions {
  'urn:bdt-ext:cn-interbank:v1'?: CnInterbankExtension;
  [urn: string]: unknown;
}
