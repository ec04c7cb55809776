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

type CfiTerms = Pick<BondTermsRequest, 'interestType' | 'statusOfNote' | 'formOfNote' | 'callSchedule' | 'putSchedule'>;

export function deriveCfi(terms: CfiTerms): string {
  const callable = (terms.callSchedule ?? []).length > 0;
  const puttable = (terms.putSchedule ?? []).length > 0;
  const redemption = callable && puttable ? 'D' : callable ? 'G' : puttable ? 'C' : 'F';
  return `DB${INTEREST[terms.interestType]}${RANKING[terms.statusOfNote]}${redemption}${FORM[terms.formOfNote]}`;
}
