/**
 * The platform's BDT extension, `urn:bdt-ext:cn-interbank:v1`: what a China
 * interbank issuance needs and BDT v1.2 lacks, and the rest of the
 * platform's terms BDT has no element for, so a term sheet goes in and out
 * of the ledger whole. Its schema is cn-interbank-extension.schema.json
 * (a unit test keeps the enumerations here and there equal).
 *
 * - Governing law under PRC law (BDT's GoverningLaw has no PRC_LAW).
 * - The CSD as registrar: its name and LEI (BDT's ClearingSettlementSystem
 *   names no Chinese CSD).
 * - The business-day calendar by the CSD's id, e.g. CN-IB, the China
 *   interbank calendar with its working weekends (调休); BDT's
 *   BusinessDayCenter has no Chinese centre.
 * - Day counts BDT lacks: NL/365 (actual/365 no-leap) and 30E/360. The China
 *   interbank market's actual/actual-by-period rule is BDT's ICMA_ACT/ACT.
 * - Business-day conventions BDT lacks (the platform accrues on unadjusted
 *   dates: MODIFIED_FOLLOWING with unadjusted periods, and UNADJUSTED).
 * - Statuses of the note BDT lacks, and the issuer's ratings by the domestic
 *   agencies (CCXI, China Lianhe, Dagong, Shanghai Brilliance, Golden Credit,
 *   Pengyuan, China Bond Rating).
 * - Short name, record-date offset, book type, over-allotment, floating-rate
 *   terms on a reference rate, the penultimate coupon date, call, put and
 *   amortisation schedules and the call notice days.
 * An element BDT has is never repeated here: a value goes in BDT's element
 * when BDT has the value, in the extension's otherwise, never in both.
 */
import {
  type BondTermsRequest,
  BookType,
  DayCountFraction,
  GoverningLaw,
  RatingAgency,
  ReferenceRate,
  StatusOfNote,
} from '@bond-platform/chaincode/api';
import { BDT_DAY_COUNT_FRACTIONS, BDT_GOVERNING_LAWS, BDT_RATING_AGENCIES, BDT_STATUSES_OF_NOTE, type BdtRating } from './bdt-document';

/** The extension's namespace: its key under Extensions. */
export const CN_INTERBANK_EXTENSION = 'urn:bdt-ext:cn-interbank:v1';

type PlatformBusinessDayConvention = BondTermsRequest['businessDayConvention'];

/** The platform's values BDT has (under the same name, or FOLLOWING as FOLLOWING_UNADJUSTED: the platform accrues on unadjusted dates). */
const IN_BDT = {
  governingLaw: new Set<string>(BDT_GOVERNING_LAWS),
  dayCount: new Set<string>(BDT_DAY_COUNT_FRACTIONS),
  convention: new Set<string>(['FOLLOWING', 'PRECEDING']),
  status: new Set<string>(BDT_STATUSES_OF_NOTE),
  agency: new Set<string>(BDT_RATING_AGENCIES),
};

const lacking = <T extends string>(values: readonly T[], inBdt: ReadonlySet<string>): T[] => values.filter((v) => !inBdt.has(v));

/** The platform's governing laws BDT lacks: PRC_LAW. */
export const EXTENSION_GOVERNING_LAWS = lacking(Object.values(GoverningLaw), IN_BDT.governingLaw);
/** The platform's day counts BDT lacks: NL/365, 30E/360. */
export const EXTENSION_DAY_COUNT_FRACTIONS = lacking(Object.values(DayCountFraction), IN_BDT.dayCount);
/** The platform's business-day conventions (on unadjusted accrual dates) BDT lacks: MODIFIED_FOLLOWING, UNADJUSTED. */
export const EXTENSION_BUSINESS_DAY_CONVENTIONS = lacking(
  ['FOLLOWING', 'MODIFIED_FOLLOWING', 'PRECEDING', 'UNADJUSTED'] satisfies PlatformBusinessDayConvention[],
  IN_BDT.convention,
);
/** The platform's statuses of the note BDT lacks. */
export const EXTENSION_STATUSES_OF_NOTE = lacking(Object.values(StatusOfNote), IN_BDT.status);
/** The domestic rating agencies: the platform's agencies BDT lacks. */
export const DOMESTIC_RATING_AGENCIES = lacking(Object.values(RatingAgency), IN_BDT.agency);

/** A call or put date and its price (percent of face value). */
export interface CnOptionDate {
  Date: string;
  Price: string;
}

/** The extension's element, as its schema describes it. */
export interface CnInterbankExtension {
  /** The bond's short name (简称), at most 35 characters. */
  ShortName?: string;
  GoverningLaw?: GoverningLaw;
  /** The CSD keeping the register. */
  Registrar?: { PartyName?: string; LEIIdentifier: string };
  /** The CSD's calendar id, e.g. CN-IB. */
  BusinessDayCalendar?: string;
  BusinessDayConvention?: PlatformBusinessDayConvention;
  DayCountFraction?: DayCountFraction;
  StatusOfNote?: StatusOfNote;
  /** The issuer's ratings by the domestic agencies. */
  IssuerRating?: { Rating: BdtRating[] };
  /** The record date is this many business days before each payment date. */
  RecordDateOffset?: number;
  BookType?: BookType;
  /** Notes the bookrunner may allocate beyond the issue, as principal in the currency. */
  OverAllotmentAmount?: string;
  FloatingRate?: {
    ReferenceRate: ReferenceRate;
    /** Percent per annum, may be negative. */
    Spread: string;
    FixingLagBusinessDays: number;
    Floor?: string;
    Cap?: string;
  };
  PenultimateCouponDate?: string;
  CallSchedule?: { Call: CnOptionDate[] };
  CallNoticeDays?: number;
  PutSchedule?: { Put: CnOptionDate[] };
  /** Scheduled principal repayments, each a percent of the original face value. */
  AmortisationSchedule?: { Repayment: { Date: string; Percent: string }[] };
}
