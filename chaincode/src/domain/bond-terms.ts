/**
 * Validation of an issuer's bond terms. Returns the terms normalised (so the
 * stored record is canonical) or refuses with INVALID_ARGUMENT.
 */
import {
  type BondTermsRequest,
  BookType,
  DayCountFraction,
  FormOfNote,
  GoverningLaw,
  InterestPaymentFrequency,
  InterestType,
  type OptionDate,
  StatusOfNote,
} from '../api/bonds';
import { parseAmortisationSchedule } from './amortisation';
import { BUSINESS_DAY_CONVENTIONS, requireCalendarId } from './calendar';
import { type CouponGrid, couponGrid, gridDate, gridIndexOf, unadjustedCouponDates } from './coupon-schedule';
import { parseRatings } from './credit-ratings';
import { requireCurrency } from './currency';
import { requireDate, toEpochDay } from './dates';
import { formatPercent, parsePercent, parseUnits, parseWhole } from './decimal';
import { parseFloatingRateTerms } from './floating-rate';
import { isValidIsin } from './isin';
import { invalid, requireFreeText, requireMspId } from './validation';

function requireOneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw invalid(`${field} must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function requireOptionSchedule(value: unknown, field: string, issueDate: string, maturityDate: string): OptionDate[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw invalid(`${field} must be an array of {date, price}`);
  const schedule = value.map((entry: unknown, i) => {
    const item = (entry ?? {}) as Record<string, unknown>;
    const date = requireDate(item.date, `${field}[${i}].date`);
    if (toEpochDay(date) <= toEpochDay(issueDate) || toEpochDay(date) >= toEpochDay(maturityDate)) {
      throw invalid(`${field}[${i}].date must fall after the issue date and before maturity`);
    }
    return { date, price: formatPercent(parsePercent(item.price, `${field}[${i}].price`)) };
  });
  schedule.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return schedule.length > 0 ? schedule : undefined;
}

function requireRecordDateOffset(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > 30) {
    throw invalid('recordDateOffset must be a whole number of business days from 0 to 30');
  }
  return value;
}

function requireCallNoticeDays(value: unknown): number {
  if (value === undefined) return 30;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > 365) {
    throw invalid('callNoticeDays must be a whole number of days from 0 to 365');
  }
  return value;
}

function optionalIsin(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !isValidIsin(value)) throw invalid('isin is not a valid ISO 6166 ISIN');
  return value;
}

function optionalRate(value: unknown, interestType: InterestType): string | undefined {
  if (value === undefined) return undefined;
  if (interestType === 'ZERO_COUPON') throw invalid('a zero-coupon bond has no interestRate');
  if (interestType === 'FLOATING') throw invalid("a FLOATING bond has no interestRate: floatingRate sets each period's rate");
  return formatPercent(parsePercent(value, 'interestRate'));
}

/**
 * The book type the terms are applied for: a TENDER discovers the rate of a
 * FIXED bond, so its application omits interestRate; a FIXED_PRICE book
 * needs the rate of a FIXED bond. Derived from the rate when not given.
 */
function requireBookType(value: unknown, interestType: InterestType, interestRate: string | undefined): BookType {
  if (value === undefined) return interestType === 'FIXED' && interestRate === undefined ? BookType.TENDER : BookType.FIXED_PRICE;
  const bookType = requireOneOf(value, 'bookType', Object.values(BookType));
  if (bookType === BookType.TENDER && interestType !== 'FIXED') throw invalid('a TENDER discovers the rate of a FIXED bond');
  if (bookType === BookType.TENDER && interestRate !== undefined)
    throw invalid('a TENDER application omits interestRate: the tender discovers it');
  if (bookType === BookType.FIXED_PRICE && interestType === 'FIXED' && interestRate === undefined) {
    throw invalid('a FIXED_PRICE book needs interestRate in the terms');
  }
  return bookType;
}

/**
 * The optional stub dates (ICMA Rule 251): a penultimate coupon date strictly
 * between issue and maturity, the last period at most two regular periods; a
 * first coupon date after the issue date, on or before the penultimate date
 * (before maturity), on the coupon grid rolled back from the penultimate date
 * (or maturity), the first period at most two regular periods.
 */
function requireStubDates(
  input: Record<string, unknown>,
  frequency: InterestPaymentFrequency,
  issueDate: string,
  maturityDate: string,
): { firstCouponDate?: string; penultimateCouponDate?: string } {
  if (input.firstCouponDate === undefined && input.penultimateCouponDate === undefined) return {};
  if (frequency === 'NONE') throw invalid('a zero-coupon bond has no coupon dates: omit firstCouponDate and penultimateCouponDate');
  const penultimateCouponDate =
    input.penultimateCouponDate === undefined ? undefined : requireDate(input.penultimateCouponDate, 'penultimateCouponDate');
  const firstCouponDate = input.firstCouponDate === undefined ? undefined : requireDate(input.firstCouponDate, 'firstCouponDate');
  const grid = couponGrid({ interestPaymentFrequency: frequency, maturityDate, penultimateCouponDate });
  if (penultimateCouponDate !== undefined) requirePenultimateCouponDate(grid, penultimateCouponDate, issueDate, maturityDate);
  if (firstCouponDate !== undefined) requireFirstCouponDate(grid, firstCouponDate, issueDate, maturityDate);
  return { firstCouponDate, penultimateCouponDate };
}

function requirePenultimateCouponDate(grid: CouponGrid, penultimateCouponDate: string, issueDate: string, maturityDate: string): void {
  if (penultimateCouponDate <= issueDate || penultimateCouponDate >= maturityDate) {
    throw invalid('penultimateCouponDate must fall after the issue date and before maturity');
  }
  if (maturityDate > gridDate(grid, -2))
    throw invalid(`the last period may be at most two regular periods: maturityDate must be on or before ${gridDate(grid, -2)}`);
}

function requireFirstCouponDate(grid: CouponGrid, firstCouponDate: string, issueDate: string, maturityDate: string): void {
  if (firstCouponDate <= issueDate || firstCouponDate >= maturityDate)
    throw invalid('firstCouponDate must fall after the issue date and before maturity');
  const k = gridIndexOf(grid, firstCouponDate);
  if (k === undefined) {
    const anchor = grid.anchor === maturityDate ? 'maturityDate' : 'penultimateCouponDate';
    throw invalid(
      `firstCouponDate must be on or before ${anchor} on its coupon grid (a whole number of ${grid.months}-month periods before ${grid.anchor})`,
    );
  }
  if (issueDate < gridDate(grid, k + 2)) {
    throw invalid(
      `the first period may be at most two regular periods: with firstCouponDate ${firstCouponDate} the issue date must be on or after ${gridDate(grid, k + 2)}`,
    );
  }
}

export function parseBondTerms(input: Record<string, unknown>): BondTermsRequest {
  const interestType = requireOneOf(input.interestType, 'interestType', Object.values(InterestType));
  const frequency = requireOneOf(input.interestPaymentFrequency, 'interestPaymentFrequency', Object.values(InterestPaymentFrequency));
  if ((interestType === 'ZERO_COUPON') !== (frequency === 'NONE')) {
    throw invalid('a zero-coupon bond has interestPaymentFrequency NONE, and only a zero-coupon bond does');
  }
  const issueDate = requireDate(input.issueDate, 'issueDate');
  const maturityDate = requireDate(input.maturityDate, 'maturityDate');
  if (toEpochDay(maturityDate) <= toEpochDay(issueDate)) throw invalid('maturityDate must be after issueDate');

  const recordDateOffset = requireRecordDateOffset(input.recordDateOffset);
  const isin = optionalIsin(input.isin);
  const interestRate = optionalRate(input.interestRate, interestType);
  const terms: BondTermsRequest = {
    isin,
    shortName: requireFreeText(input.shortName, 'shortName', 35),
    specifiedCurrency: requireCurrency(input.specifiedCurrency),
    specifiedDenomination: parseUnits(input.specifiedDenomination, 'specifiedDenomination').toString(),
    issueSize: parseUnits(input.issueSize, 'issueSize').toString(),
    overAllotmentLimit: parseWhole(input.overAllotmentLimit ?? '0', 'overAllotmentLimit').toString(),
    interestType,
    interestRate,
    floatingRate: parseFloatingRateTerms(input.floatingRate, interestType),
    bookType: requireBookType(input.bookType, interestType, interestRate),
    interestPaymentFrequency: frequency,
    dayCountFraction: requireOneOf(input.dayCountFraction, 'dayCountFraction', Object.values(DayCountFraction)),
    issueDate,
    maturityDate,
    ...requireStubDates(input, frequency, issueDate, maturityDate),
    businessDayConvention: requireOneOf(input.businessDayConvention, 'businessDayConvention', BUSINESS_DAY_CONVENTIONS),
    businessDayCalendar: requireCalendarId(input.businessDayCalendar, 'businessDayCalendar'),
    recordDateOffset,
    payingAgent: requireMspId(input.payingAgent, 'payingAgent'),
    leadUnderwriter: input.leadUnderwriter === undefined ? undefined : requireMspId(input.leadUnderwriter, 'leadUnderwriter'),
    statusOfNote: requireOneOf(input.statusOfNote, 'statusOfNote', Object.values(StatusOfNote)),
    formOfNote: requireOneOf(input.formOfNote, 'formOfNote', Object.values(FormOfNote)),
    issuePrice: formatPercent(parsePercent(input.issuePrice, 'issuePrice')),
    callSchedule: requireOptionSchedule(input.callSchedule, 'callSchedule', issueDate, maturityDate),
    callNoticeDays: requireCallNoticeDays(input.callNoticeDays),
    putSchedule: requireOptionSchedule(input.putSchedule, 'putSchedule', issueDate, maturityDate),
    amortisationSchedule: parseAmortisationSchedule(input.amortisationSchedule, issueDate, maturityDate),
    governingLaw:
      input.governingLaw === undefined ? undefined : requireOneOf(input.governingLaw, 'governingLaw', Object.values(GoverningLaw)),
    ratings: parseRatings(input.ratings),
  };
  if (terms.amortisationSchedule && frequency === 'NONE')
    throw invalid('a zero-coupon bond repays its principal at maturity: omit amortisationSchedule');
  requireOptionsOnCouponDates(terms);
  return terms;
}

/**
 * Early and partial redemption falls on a coupon date, so the interest due
 * then is that date's coupon, and a period accrues on one principal.
 */
function requireOptionsOnCouponDates(terms: BondTermsRequest): void {
  if (terms.interestPaymentFrequency === 'NONE') return;
  const couponDates = new Set(unadjustedCouponDates(terms));
  for (const [field, schedule] of [
    ['callSchedule', terms.callSchedule],
    ['putSchedule', terms.putSchedule],
    ['amortisationSchedule', terms.amortisationSchedule],
  ] as const) {
    for (const option of schedule ?? []) {
      if (!couponDates.has(option.date)) throw invalid(`${field} date ${option.date} must be one of the bond's coupon dates`);
    }
  }
}
