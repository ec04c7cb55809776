/**
 * ISO 10962 CFI code of a bond (category D, group B), derived from its terms:
 * position 3 interest, 4 guarantee/ranking, 5 redemption, 6 form.
 */
import type { BondTermsRequest } from '../api/bonds';

const INTEREST: Record<BondTermsRequest['interestType'], string> = { FIXED: 'F', FLOATING: 'V', ZERO_COUPON: 'Z' };
const RANKING: Record<BondTermsRequest['statusOfNote'], string> = {
  GOVERNMENT_GUARANTEED: 'T',
  SENIOR_SECURED: 'S',
  SENIOR_UNSECURED: 'U',
  SENIOR_SUBORDINATED: 'O',
  JUNIOR_SUBORDINATED: 'J',
};
const FORM: Record<BondTermsRequest['formOfNote'], string> = { REGISTERED: 'R', BEARER: 'B', BOOK_ENTRY: 'M' };

type CfiTerms = Pick<
  BondTermsRequest,
  'interestType' | 'statusOfNote' | 'formOfNote' | 'callSchedule' | 'putSchedule' | 'amortisationSchedule'
>;

// Redemption: fixed maturity F, with call G, with put C, with both D; amortization plan A, with call B, with put T, with both L.
const FIXED_MATURITY = { neither: 'F', call: 'G', put: 'C', both: 'D' };
const AMORTIZATION_PLAN = { neither: 'A', call: 'B', put: 'T', both: 'L' };

export function deriveCfi(terms: CfiTerms): string {
  const callable = (terms.callSchedule ?? []).length > 0;
  const puttable = (terms.putSchedule ?? []).length > 0;
  const plan = terms.amortisationSchedule ? AMORTIZATION_PLAN : FIXED_MATURITY;
  const redemption = plan[callable && puttable ? 'both' : callable ? 'call' : puttable ? 'put' : 'neither'];
  return `DB${INTEREST[terms.interestType]}${RANKING[terms.statusOfNote]}${redemption}${FORM[terms.formOfNote]}`;
}
