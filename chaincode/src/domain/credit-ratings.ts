/**
 * The issuer's credit ratings in bond terms: at most one per agency, each a
 * grade as the agency writes it and an optional outlook; stored in the
 * agencies' order (RatingAgency), so the record is canonical whatever order
 * the issuer gave them in.
 */
import { type CreditRating, RatingAgency, RatingOutlook } from '../api/bonds';
import { invalid } from './validation';

const AGENCIES: readonly string[] = Object.values(RatingAgency);
const OUTLOOKS: readonly string[] = Object.values(RatingOutlook);
const MAX_GRADE_LENGTH = 16;
/** Letters, digits, '+', '-', '(', ')', words separated by single spaces: "AAA", "Aa1", "A-1+", "AA (high)". */
const GRADE = /^[A-Za-z0-9+()-]+(?: [A-Za-z0-9+()-]+)*$/;

function requireGrade(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length > MAX_GRADE_LENGTH || !GRADE.test(value)) {
    throw invalid(`${field} must be the agency's grade: 1 to ${MAX_GRADE_LENGTH} letters, digits, '+', '-', '(', ')' and single spaces`);
  }
  return value;
}

function parseRating(entry: unknown, field: string): CreditRating {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw invalid(`${field} must be {agency, rating, outlook?}`);
  const { agency, rating, outlook } = entry as Record<string, unknown>;
  if (typeof agency !== 'string' || !AGENCIES.includes(agency)) throw invalid(`${field}.agency must be one of ${AGENCIES.join(', ')}`);
  const grade = requireGrade(rating, `${field}.rating`);
  if (outlook !== undefined && (typeof outlook !== 'string' || !OUTLOOKS.includes(outlook))) {
    throw invalid(`${field}.outlook must be one of ${OUTLOOKS.join(', ')}`);
  }
  return { agency: agency as RatingAgency, rating: grade, ...(outlook === undefined ? {} : { outlook: outlook as RatingOutlook }) };
}

/** The ratings in agency order, or undefined for none (absent or empty); two of one agency are refused. */
export function parseRatings(value: unknown): CreditRating[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length > AGENCIES.length) {
    throw invalid(`ratings must be an array of at most ${AGENCIES.length} {agency, rating, outlook?}, one per agency`);
  }
  const ratings = value.map((entry: unknown, i) => parseRating(entry, `ratings[${i}]`));
  ratings.sort((a, b) => AGENCIES.indexOf(a.agency) - AGENCIES.indexOf(b.agency));
  const twice = ratings.find((rating, i) => i > 0 && ratings[i - 1]?.agency === rating.agency);
  if (twice) throw invalid(`ratings has two ratings of ${twice.agency}: give one per agency`);
  return ratings.length > 0 ? ratings : undefined;
}
