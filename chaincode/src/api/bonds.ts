/**
 * Bonds, books, allocations, settlements, holdings and transfers: the
 * request and response shapes of the issuance and custody functions.
 * Field names follow the ICMA Bond Data Taxonomy where it has one
 * (specifiedCurrency, interestType, dayCountFraction, …). Quantities and
 * amounts are decimal strings: units are whole numbers, amounts are in the
 * currency's minor units, rates and prices are percentages with at most six
 * decimals.
 */
import type { ReferenceRate } from './benchmarks';
import type { ChangeStamp } from './membership';

export const InterestType = { FIXED: 'FIXED', FLOATING: 'FLOATING', ZERO_COUPON: 'ZERO_COUPON' } as const;
export type InterestType = (typeof InterestType)[keyof typeof InterestType];

export const InterestPaymentFrequency = {
  ANNUALLY: 'ANNUALLY',
  SEMIANNUALLY: 'SEMIANNUALLY',
  QUARTERLY: 'QUARTERLY',
  NONE: 'NONE',
} as const;
export type InterestPaymentFrequency = (typeof InterestPaymentFrequency)[keyof typeof InterestPaymentFrequency];

export const DayCountFraction = {
  ACT_ACT_ICMA: 'ICMA_ACT/ACT',
  /** Actual/Actual ISDA (2006 ISDA Definitions §4.16(b)). */
  ACT_ACT_ISDA: 'ISDA_ACT/ACT',
  ACT_365_FIXED: 'ACT/365',
  /** Actual/365 No-Leap: actual days without 29 February, over 365. */
  NL_365: 'NL/365',
  ACT_360: 'ACT/360',
  THIRTY_360: '30/360',
  /** 30E/360, Eurobond basis (2006 ISDA Definitions §4.16(g)). */
  THIRTY_E_360: '30E/360',
} as const;
export type DayCountFraction = (typeof DayCountFraction)[keyof typeof DayCountFraction];

export const StatusOfNote = {
  SENIOR_SECURED: 'SENIOR_SECURED',
  SENIOR_UNSECURED: 'SENIOR_UNSECURED',
  SENIOR_SUBORDINATED: 'SENIOR_SUBORDINATED',
  JUNIOR_SUBORDINATED: 'JUNIOR_SUBORDINATED',
  GOVERNMENT_GUARANTEED: 'GOVERNMENT_GUARANTEED',
} as const;
export type StatusOfNote = (typeof StatusOfNote)[keyof typeof StatusOfNote];

export const FormOfNote = { REGISTERED: 'REGISTERED', BEARER: 'BEARER', BOOK_ENTRY: 'BOOK_ENTRY' } as const;
export type FormOfNote = (typeof FormOfNote)[keyof typeof FormOfNote];

/**
 * The law a bond is governed by: the values of the ICMA Bond Data Taxonomy
 * v1.2 (its GoverningLaw enumeration, spelled as the taxonomy spells them,
 * FINISH_LAW included) and PRC law, which the taxonomy lacks.
 */
export const GoverningLaw = {
  AUSTRIAN_LAW: 'AUSTRIAN_LAW',
  BELGIAN_LAW: 'BELGIAN_LAW',
  CANADIAN_LAW: 'CANADIAN_LAW',
  DANISH_LAW: 'DANISH_LAW',
  DUTCH_LAW: 'DUTCH_LAW',
  ENGLISH_LAW: 'ENGLISH_LAW',
  /** Finnish law, in the taxonomy's spelling. */
  FINISH_LAW: 'FINISH_LAW',
  FRENCH_LAW: 'FRENCH_LAW',
  GERMAN_LAW: 'GERMAN_LAW',
  ITALIAN_LAW: 'ITALIAN_LAW',
  LUXEMBOURG_LAW: 'LUXEMBOURG_LAW',
  NEW_SOUTH_WALES_LAW: 'NEW_SOUTH_WALES_LAW',
  NEW_YORK_LAW: 'NEW_YORK_LAW',
  ONTARIO_LAW: 'ONTARIO_LAW',
  SPANISH_LAW: 'SPANISH_LAW',
  /** The law of the People's Republic of China. */
  PRC_LAW: 'PRC_LAW',
} as const;
export type GoverningLaw = (typeof GoverningLaw)[keyof typeof GoverningLaw];

/**
 * Credit rating agencies: the four the ICMA Bond Data Taxonomy v1.2 names
 * (Fitch, Moody's, S&P, DBRS), then the domestic agencies of the China
 * interbank market. Ratings are kept in this order.
 */
export const RatingAgency = {
  FITCH: 'FITCH',
  MOODYS: 'MOODYS',
  SP: 'SP',
  DBRS: 'DBRS',
  /** China Chengxin International Credit Rating (中诚信国际). */
  CCXI: 'CCXI',
  /** China Lianhe Credit Rating (联合资信). */
  CHINA_LIANHE: 'CHINA_LIANHE',
  /** Dagong Global Credit Rating (大公国际). */
  DAGONG: 'DAGONG',
  /** Shanghai Brilliance Credit Rating & Investors Service (上海新世纪). */
  SHANGHAI_BRILLIANCE: 'SHANGHAI_BRILLIANCE',
  /** Golden Credit Rating International (东方金诚). */
  GOLDEN_CREDIT: 'GOLDEN_CREDIT',
  /** CSCI Pengyuan Credit Rating (中证鹏元). */
  PENGYUAN: 'PENGYUAN',
  /** China Bond Rating (中债资信). */
  CHINA_BOND_RATING: 'CHINA_BOND_RATING',
} as const;
export type RatingAgency = (typeof RatingAgency)[keyof typeof RatingAgency];

export const RatingOutlook = { POSITIVE: 'POSITIVE', STABLE: 'STABLE', NEGATIVE: 'NEGATIVE', DEVELOPING: 'DEVELOPING' } as const;
export type RatingOutlook = (typeof RatingOutlook)[keyof typeof RatingOutlook];

/** A credit rating of the issuer as its term sheet states it. */
export interface CreditRating {
  agency: RatingAgency;
  /** The agency's grade as it writes it, e.g. "AAA", "Aa1", "A-1+", "AA (high)": 1 to 16 ASCII letters, digits, '+', '-', '(', ')' and single spaces. */
  rating: string;
  outlook?: RatingOutlook;
}

export interface OptionDate {
  /** Exercise date, YYYY-MM-DD. */
  date: string;
  /** Redemption price, percent of face value. */
  price: string;
}

/**
 * A scheduled repayment of principal (an amortising or sinking-fund bond):
 * on a coupon date before maturity, every unit is repaid `percent` of its
 * original face value, at par. What is left is repaid at maturity.
 */
export interface AmortisationDate {
  /** Repayment date, YYYY-MM-DD: one of the bond's coupon dates, before maturity. */
  date: string;
  /** Principal repaid per unit, percent of the original face value. */
  percent: string;
}

/**
 * The issuer's notice of a partial call: on a call date, every unit is
 * repaid `percent` of its original face value at the call price, pro rata
 * across all holdings; the bond stays outstanding on the rest.
 */
export interface PartialCallNotice {
  callDate: string;
  /** Principal repaid per unit, percent of the original face value. */
  percent: string;
  /** Call price, percent of the principal repaid. */
  price: string;
  notice: ChangeStamp;
}

/**
 * A floating-rate note's coupon rate: each period pays the reference rate's
 * fixing on the period's fixing date plus the spread, held between the
 * floor and the cap (and never below zero).
 */
export interface FloatingRateTerms {
  referenceRate: ReferenceRate;
  /** Percent per annum added to the fixing; may be negative (e.g. "-0.15"). */
  spread: string;
  /**
   * The fixing date is this many business days (0 to 10, on the bond's
   * calendar) before the period's accrual start; with 0, the start itself
   * or the business day before it.
   */
  fixingLagBusinessDays: number;
  /** Lowest period rate, percent per annum. */
  floor?: string;
  /** Highest period rate, percent per annum; not below the floor. */
  cap?: string;
}

/** What an issuer applies with. The issuer is the calling organisation. */
export interface BondTermsRequest {
  /** ISIN proposed by the issuer; otherwise the CSD assigns one at approval. */
  isin?: string;
  shortName: string;
  specifiedCurrency: string;
  /** Face value of one unit, minor units. */
  specifiedDenomination: string;
  /** Number of units offered. */
  issueSize: string;
  /** Units the bookrunner may additionally allocate (greenshoe); "0" if none. */
  overAllotmentLimit?: string;
  interestType: InterestType;
  /** Percent per annum. Required for FIXED unless the book is a TENDER (the tender sets it); a TENDER application omits it. Absent for FLOATING. */
  interestRate?: string;
  /** The rate of a FLOATING note; required for FLOATING, absent otherwise. */
  floatingRate?: FloatingRateTerms;
  /**
   * How the book will be run: FIXED_PRICE (the terms fix the rate) or
   * TENDER (a FIXED bond whose rate the tender discovers). Checked against
   * the rate at application; recorded (derived from the rate when absent),
   * and OpenBook opens only this type.
   */
  bookType?: BookType;
  interestPaymentFrequency: InterestPaymentFrequency;
  dayCountFraction: DayCountFraction;
  issueDate: string;
  maturityDate: string;
  /**
   * First coupon date, for an irregular (short or long) first period
   * [issueDate, firstCouponDate): after the issue date, on the coupon grid
   * rolled back from penultimateCouponDate (or maturity), at most two regular
   * periods after the issue date. Without it the first coupon is the first
   * grid date after the issue date.
   */
  firstCouponDate?: string;
  /**
   * Last coupon date before maturity, for an irregular (short or long) last
   * period [penultimateCouponDate, maturityDate) of at most two regular
   * periods; the regular dates roll back from it. Without it they roll back
   * from maturity.
   */
  penultimateCouponDate?: string;
  businessDayConvention: 'FOLLOWING' | 'MODIFIED_FOLLOWING' | 'PRECEDING' | 'UNADJUSTED';
  /** Calendar id the CSD maintains (e.g. CN-IB). */
  businessDayCalendar: string;
  /** Record date = this many business days before each payment date. */
  recordDateOffset: number;
  payingAgent: string;
  /** Lead underwriter (bookrunner), if not the issuer. */
  leadUnderwriter?: string;
  statusOfNote: StatusOfNote;
  formOfNote: FormOfNote;
  /** Issue price, percent of face value (e.g. "100"). */
  issuePrice: string;
  callSchedule?: OptionDate[];
  /** Days of notice the issuer must give before a call date (default 30). */
  callNoticeDays?: number;
  putSchedule?: OptionDate[];
  /**
   * Amortising or sinking-fund bond: the scheduled principal repayments, on
   * coupon dates before maturity, each a percent of the original face value
   * (together under 100). Coupons accrue on the principal outstanding.
   */
  amortisationSchedule?: AmortisationDate[];
  /** The law the bond is governed by. */
  governingLaw?: GoverningLaw;
  /** The issuer's credit ratings the term sheet states: at most one per agency, kept in RatingAgency order. */
  ratings?: CreditRating[];
}

/** A bond's status, from the CSD's approval on; the application before it has its own (BondApplication.status). */
export const BondStatus = {
  APPROVED: 'APPROVED',
  BOOK_OPEN: 'BOOK_OPEN',
  BOOK_CLOSED: 'BOOK_CLOSED',
  ALLOCATED: 'ALLOCATED',
  SETTLING: 'SETTLING',
  ISSUED: 'ISSUED',
  /** The issuer gave notice of an early redemption. */
  CALLED: 'CALLED',
  REDEEMED: 'REDEEMED',
  DEFAULTED: 'DEFAULTED',
} as const;
export type BondStatus = (typeof BondStatus)[keyof typeof BondStatus];

/** Where an application stands: filed and waiting for the CSD, or decided. */
export const ApplicationStatus = {
  PENDING_APPROVAL: 'PENDING_APPROVAL',
  APPROVED: 'APPROVED',
  REJECTED: 'REJECTED',
} as const;
export type ApplicationStatus = (typeof ApplicationStatus)[keyof typeof ApplicationStatus];

/** An issuer's application, keyed by the transaction id that filed it. */
export interface BondApplication {
  applicationId: string;
  issuer: string;
  terms: BondTermsRequest;
  status: ApplicationStatus;
  isin?: string;
  rejectionReason?: string;
  filed: ChangeStamp;
  decided?: ChangeStamp;
}

export interface Bond {
  isin: string;
  /** ISO 10962 classification derived from the terms. */
  cfi: string;
  issuer: string;
  issuerLei: string;
  applicationId: string;
  terms: BondTermsRequest;
  status: BondStatus;
  /** Set when the issuer calls the bond. */
  call?: { callDate: string; price: string; notice: ChangeStamp };
  /** The issuer's partial calls, by call date. */
  partialCalls?: PartialCallNotice[];
  approved: ChangeStamp;
  lastChange: ChangeStamp;
}

export interface ApproveBondRequest {
  applicationId: string;
  /** 9-character national security code; the CSD's ISIN is country + code + check digit. */
  nationalCode?: string;
  countryCode?: string;
}

export interface RejectBondRequest {
  applicationId: string;
  reason: string;
}

export interface CalendarYearRequest {
  calendarId: string;
  year: number;
  holidays: string[];
  workingWeekends: string[];
}

/** A calendar year as the ledger holds it. */
export interface CalendarYearRecord extends CalendarYearRequest {
  lastChange: ChangeStamp;
}

/** One version of a bond in its history, newest first. */
export interface BondHistoryEntry {
  txId: string;
  timestamp: string;
  isDelete: boolean;
  bond?: Bond;
}

export const BookType = { FIXED_PRICE: 'FIXED_PRICE', TENDER: 'TENDER' } as const;
export type BookType = (typeof BookType)[keyof typeof BookType];

export interface OpenBookRequest {
  isin: string;
  bookType: BookType;
  /** ISO-8601 instants; bids are accepted while opensAt ≤ transaction time < closesAt. */
  opensAt: string;
  closesAt: string;
}

export interface Book {
  isin: string;
  bookType: BookType;
  bookrunner: string;
  opensAt: string;
  closesAt: string;
  status: 'OPEN' | 'CLOSED' | 'ALLOCATED';
  opened: ChangeStamp;
  lastChange: ChangeStamp;
}

/**
 * Whether a book's window has passed at `now` (an ISO instant): it takes no
 * more bids, and the CSD may close it. The one rule for the chaincode and
 * the CSD gateway's scheduler.
 */
export function bookWindowHasClosed(book: Pick<Book, 'closesAt'>, now: string): boolean {
  return now >= book.closesAt;
}

/** Most accounts one bid may name (BidRequest.accounts). */
export const MAX_BID_ACCOUNTS = 10_000;

/** One of the accounts a bid is split across, with the units asked for it. */
export interface BidAccount {
  accountId: string;
  units: string;
}

/**
 * Transient input of PlaceBid / AmendBid (key "bid"): never in arguments.
 * A bid names exactly one of `accountId` (one account) or `accounts` (a
 * member bidding for several accounts, e.g. its clients'); with `accounts`,
 * `units` is still required and must equal the sum of their units.
 */
export interface BidRequest {
  isin: string;
  /** The whole bid; with `accounts`, their sum. */
  units: string;
  /** Percent; required in a TENDER book, absent in a FIXED_PRICE book. */
  rate?: string;
  /** The bidder's account to credit on settlement. */
  accountId?: string;
  /**
   * The accounts to credit, 1..MAX_BID_ACCOUNTS distinct trading accounts,
   * each with whole positive units; stored in ascending accountId order.
   * The bid's allocation is divided among them pro rata (largest remainders,
   * ties by accountId).
   */
  accounts?: BidAccount[];
}

/** A bid as stored in private data (the bidder's, the CSD's and the bookrunner's). */
export interface Bid extends BidRequest {
  bidder: string;
  placedTxId: string;
}

/** Public trace of a bid: who bid in which book, not what. */
export interface BidReference {
  isin: string;
  bidder: string;
  status: 'ACTIVE' | 'WITHDRAWN';
  lastChange: ChangeStamp;
}

export interface AllocateRequest {
  isin: string;
  /** Over-allotment units to exercise (≤ the terms' limit and ≤ excess demand). */
  overAllotmentUnits?: string;
}

export interface AllocationLine {
  bidder: string;
  accountId: string;
  units: string;
}

export interface Allocation {
  isin: string;
  bookType: BookType;
  issueSize: string;
  overAllotmentUnits: string;
  /** Percent: the tender's marginal rate, or the terms' rate for a fixed-price book. */
  clearingRate?: string;
  /** Percent of face value: the terms' issue price every line is allocated at (absent on allocations made before it was recorded). */
  issuePrice?: string;
  /** The revealed order book, each bid verified against its on-chain hash. */
  orderBook: Bid[];
  lines: AllocationLine[];
  allocated: ChangeStamp;
}

/**
 * Payload of the BookAllocated event: the allocation without its order book
 * and lines (GetAllocation has them), so the event stays small however many
 * accounts were allocated.
 */
export interface BookAllocated {
  isin: string;
  bookType: BookType;
  issueSize: string;
  overAllotmentUnits: string;
  clearingRate?: string;
  /** Bids in the order book. */
  bids: number;
  /** Allocation lines: one per account bid for. */
  lines: number;
  allocatedUnits: string;
  allocated: ChangeStamp;
}

/**
 * Most allocation lines one Settlement:StartPrimarySettlement call gives
 * instructions to; a larger allocation takes further calls.
 */
export const PRIMARY_SETTLEMENT_LINES_PER_CALL = 500;

/**
 * The answer (and event) of one StartPrimarySettlement call: the
 * instructions it created, and how many allocation lines still have none.
 * While linesRemaining > 0, call it again.
 */
export interface PrimarySettlementBatch {
  isin: string;
  /** Created by this call: one per line with units (a line allocated nothing gets none). */
  instructions: SettlementInstruction[];
  /** Allocation lines in all. */
  linesTotal: number;
  /** Lines given their instruction (or passed over, with no units) so far, this call included. */
  linesDone: number;
  linesRemaining: number;
}

/** How far primary settlement has come through the allocation's lines. */
export interface PrimarySettlementProgress {
  isin: string;
  linesTotal: number;
  /** Lines done: the first linesDone lines of the allocation have their instruction (or have no units). */
  linesDone: number;
  started: ChangeStamp;
  lastChange: ChangeStamp;
}

export interface SettlementInstruction {
  settlementId: string;
  isin: string;
  /** Always PRIMARY: the issuance's deliveries. A delivery between holders is a Transfer (Custody), not a settlement instruction. */
  kind: 'PRIMARY';
  deliverer: string;
  receiver: string;
  receiverAccount: string;
  units: string;
  /** Percent of face value the units are delivered at: the issue price (absent on instructions made before it was recorded). */
  price?: string;
  /** Cash against delivery, minor units of the bond's currency: units × face value × price / 100, rounded half up once. */
  cashAmount: string;
  status: 'PENDING_CASH' | 'SETTLED' | 'FAILED';
  failureReason?: string;
  created: ChangeStamp;
  lastChange: ChangeStamp;
}

export interface Holding {
  isin: string;
  holder: string;
  accountId: string;
  units: string;
  lastChange: ChangeStamp;
}

/** A holding with the units of it that are frozen, pledged or hash-locked, and what is left free to deliver. */
export interface HoldingPosition extends Holding {
  frozenUnits: string;
  /** Units under ACTIVE pledges. */
  pledgedUnits: string;
  /** Units under LOCKED hash locks (HashLocks contract); the chaincode always sets it, optional only so older answers stay valid. */
  lockedUnits?: string;
  /** units − frozenUnits − pledgedUnits − lockedUnits: what a transfer, freeze, new pledge or new lock may take. */
  availableUnits: string;
}

/** One version of a holding in its history, newest first. */
export interface HoldingHistoryEntry {
  txId: string;
  timestamp: string;
  isDelete: boolean;
  holding?: Holding;
}

/** Units outstanding of a bond (= the sum of its holdings) and how many holdings there are. */
export interface Outstanding {
  isin: string;
  outstandingUnits: string;
  holders: number;
  status: BondStatus;
}

export interface Freeze {
  isin: string;
  holder: string;
  accountId: string;
  /** Frozen units; never more than the holding. */
  units: string;
  /** Units frozen before the last change, so the change itself is on the record and its event. */
  previousUnits: string;
  reason: string;
  lastChange: ChangeStamp;
}

export interface TransferRequest {
  isin: string;
  fromAccount: string;
  to: string;
  toAccount: string;
  units: string;
  /**
   * "0" (or absent) for free of payment; otherwise DvP and the CSD confirms
   * the cash. With `cleanPrice` the chaincode computes it; if given too, it
   * must equal the computed amount.
   */
  cashAmount?: string;
  /**
   * Clean price, percent of face value with at most six decimals (e.g.
   * "99.875"), for a DvP priced clean: the cash amount is then units ×
   * (clean price × face value + accrued interest to `settlementDate`),
   * rounded half up to the minor unit once. Needs `settlementDate`.
   */
  cleanPrice?: string;
  /** The date accrued interest is computed to, YYYY-MM-DD: not before the instruction's date nor after its expiry. Only with `cleanPrice`. */
  settlementDate?: string;
  /** ISO instant from which an unsettled instruction no longer settles: either party may cancel it and the CSD's scheduler marks it EXPIRED. */
  expiresAt: string;
}

export interface Transfer extends TransferRequest {
  transferId: string;
  /** Cash against delivery, minor units; "0" for free of payment. */
  cashAmount: string;
  /**
   * Of a transfer priced clean: accrued interest per unit to the settlement
   * date, minor units, rounded half up to 6 decimals (display); negative
   * when the trade settles ex coupon.
   */
  accruedPerUnit?: string;
  /** The exact accrued interest per unit, minor units, "numerator/denominator" in lowest terms: the cash amount is computed from it. */
  accruedPerUnitExact?: string;
  /** Of a transfer priced clean: it settles after the record date of the coupon then accruing, so the seller keeps that coupon. */
  exCoupon?: boolean;
  from: string;
  status: 'INSTRUCTED' | 'AFFIRMED' | 'SETTLED' | 'CANCELLED' | 'EXPIRED';
  instructed: ChangeStamp;
  lastChange: ChangeStamp;
}

/** Most instructions one Custody:ListExpiredTransfers answer carries; a full answer means: ask again. */
export const EXPIRED_TRANSFERS_PER_ANSWER = 100;
/** ListDueRepos answers at most this many repos; the scheduler asks again after handling them. */
export const DUE_REPOS_PER_ANSWER = 100;

/** Most transfers one Custody:ConfirmTransferCashBatch settles, and one Custody:GetTransfers returns. */
export const MAX_TRANSFERS_PER_BATCH = 100;

/** The transfers a Custody:ConfirmTransferCashBatch settles, or a Custody:GetTransfers reads: 1 to MAX_TRANSFERS_PER_BATCH distinct ids, settled in this order. */
export interface TransferBatchRequest {
  transferIds: string[];
}

/**
 * Payload of the TransfersSettled event, the one event of a
 * Custody:ConfirmTransferCashBatch (Fabric keeps one chaincode event per
 * transaction): the transfers it settled, in the order settled. Each is
 * SETTLED with `settled` as its lastChange; read it with Custody:GetTransfers.
 */
export interface TransfersSettled {
  transferIds: string[];
  settled: ChangeStamp;
}

export interface FreezeRequest {
  isin: string;
  holder: string;
  accountId: string;
  units: string;
  reason: string;
}

export type PledgeStatus = 'ACTIVE' | 'RELEASED' | 'ENFORCED';
/** Who a coupon on the pledged units is paid to: the holder (PLEDGOR) or the pledgee; see Entitlement.pledgeeShares. */
export type PledgeCouponsTo = 'PLEDGOR' | 'PLEDGEE';

/** A holder pledges units of one of its holdings to a pledgee (another member). */
export interface PledgeRequest {
  isin: string;
  /** The pledgor: the calling organisation, which holds the units. */
  holder: string;
  accountId: string;
  pledgee: string;
  units: string;
  /** The pledge agreement's reference, e.g. a repo or loan number. */
  reference: string;
  /** ISO instant from which the pledgee can no longer enforce and the pledgor may release the pledge itself. */
  expiresAt?: string;
  /** The pledgee may take the units (EnforcePledge). */
  enforceable: boolean;
  /** Default PLEDGOR. PLEDGEE: coupons on the pledged units (while it is active at a record date) are paid to the pledgee. */
  couponsTo?: PledgeCouponsTo;
}

/**
 * A pledge of units of a holding. The units stay in the pledgor's holding
 * (and on the register, entitled to coupons) but cannot be delivered,
 * frozen or pledged again while it is ACTIVE.
 */
export interface Pledge {
  /** The id of the pledging transaction. */
  pledgeId: string;
  isin: string;
  pledgor: string;
  accountId: string;
  pledgee: string;
  units: string;
  reference: string;
  expiresAt?: string;
  enforceable: boolean;
  couponsTo: PledgeCouponsTo;
  status: PledgeStatus;
  /** ENFORCED: the pledgee's account the units moved to. */
  enforcedTo?: string;
  created: ChangeStamp;
  lastChange: ChangeStamp;
}

/** The pledgee enforces: the pledged units move to its account `accountId`. */
export interface PledgeEnforcementRequest {
  accountId: string;
}

export type RepoStatus = 'PROPOSED' | 'AGREED' | 'OPEN' | 'CLOSED' | 'DEFAULTED' | 'CANCELLED';
/** ACT/365 (China interbank pledged repo) or ACT/360. */
export type RepoDayCount = 'ACT/365' | 'ACT/360';

/** The borrower (pledgor) proposes a pledged repo to the lender (pledgee). */
export interface RepoRequest {
  isin: string;
  /** The borrower: the calling organisation, which holds the units it will pledge. */
  borrower: string;
  accountId: string;
  lender: string;
  units: string;
  /** The opening cash the lender pays, in minor units. */
  principal: string;
  /** Percent a year, e.g. "1.85". */
  repoRate: string;
  dayCount: RepoDayCount;
  /** Value date of the opening leg (YYYY-MM-DD). */
  openDate: string;
  /** The closing (repurchase) date (YYYY-MM-DD), after openDate. */
  termDate: string;
}

/**
 * A two-leg pledged repo: the lender pays `principal` against a pledge of the
 * borrower's units; on or before `termDate` the borrower repays
 * `repurchaseAmount` and the pledge is released, else from `termDate` on the
 * lender may enforce it.
 */
export interface Repo extends RepoRequest {
  /** The id of the proposing transaction. */
  repoId: string;
  /** Actual days from openDate to termDate. */
  days: number;
  /** principal × repoRate/100 × days/basis, exactly, as "numerator/denominator" minor units. */
  interest: string;
  /** principal + interest rounded half up once to minor units. */
  repurchaseAmount: string;
  status: RepoStatus;
  /** OPEN and after: the pledge securing the repo (id = the opening transaction's). */
  pledgeId?: string;
  created: ChangeStamp;
  lastChange: ChangeStamp;
}

/** The lender enforces: the pledged units move to its account `accountId`. */
export interface RepoEnforcementRequest {
  accountId: string;
}

/** Event names of the issuance and custody functions. */
export const BondEvent = {
  BOND_APPLIED: 'BondApplied',
  BOND_APPROVED: 'BondApproved',
  BOND_REJECTED: 'BondRejected',
  CALENDAR_SET: 'CalendarSet',
  BOOK_OPENED: 'BookOpened',
  BID_PLACED: 'BidPlaced',
  BID_AMENDED: 'BidAmended',
  BID_WITHDRAWN: 'BidWithdrawn',
  BOOK_CLOSED: 'BookClosed',
  BOOK_ALLOCATED: 'BookAllocated',
  PRIMARY_SETTLEMENT_STARTED: 'PrimarySettlementStarted',
  SETTLEMENT_SETTLED: 'SettlementSettled',
  SETTLEMENT_FAILED: 'SettlementFailed',
  ISSUANCE_COMPLETED: 'IssuanceCompleted',
  TRANSFER_INSTRUCTED: 'TransferInstructed',
  TRANSFER_AFFIRMED: 'TransferAffirmed',
  TRANSFER_SETTLED: 'TransferSettled',
  /** A settlement batch: one event for all its transfers (payload TransfersSettled). */
  TRANSFERS_SETTLED: 'TransfersSettled',
  TRANSFER_CANCELLED: 'TransferCancelled',
  TRANSFER_EXPIRED: 'TransferExpired',
  HOLDING_FROZEN: 'HoldingFrozen',
  HOLDING_PLEDGED: 'HoldingPledged',
  PLEDGE_RELEASED: 'PledgeReleased',
  PLEDGE_ENFORCED: 'PledgeEnforced',
  REPO_PROPOSED: 'RepoProposed',
  REPO_AGREED: 'RepoAgreed',
  REPO_OPENED: 'RepoOpened',
  REPO_CLOSED: 'RepoClosed',
  REPO_DEFAULTED: 'RepoDefaulted',
  REPO_CANCELLED: 'RepoCancelled',
} as const;
