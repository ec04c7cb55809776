import fc from 'fast-check';
import { GoverningLaw, RatingAgency, RatingOutlook } from '../api/bonds';
import { parseBondTerms } from './bond-terms';
import { parseRatings } from './credit-ratings';
import { refusal, TERMS } from '../../test/support/fixtures';

describe('governing law in bond terms', () => {
  it("takes the ICMA Bond Data Taxonomy v1.2's GoverningLaw values and PRC law, and keeps none when none is given", () => {
    expect(Object.values(GoverningLaw)).toHaveLength(16);
    for (const law of Object.values(GoverningLaw)) expect(parseBondTerms({ ...TERMS, governingLaw: law }).governingLaw).toBe(law);
    expect(parseBondTerms(TERMS).governingLaw).toBeUndefined();
  });

  it('refuses any other law, or another spelling, with INVALID_ARGUMENT naming the field', () => {
    for (const bad of ['PRC', 'prc_law', 'HONG_KONG_LAW', '', 7, null]) {
      expect(refusal(() => parseBondTerms({ ...TERMS, governingLaw: bad }))).toMatch(
        /^INVALID_ARGUMENT: governingLaw must be one of AUSTRIAN_LAW/,
      );
    }
  });
});

describe('credit ratings in bond terms', () => {
  it('keeps the international and the domestic agencies’ ratings, outlook optional', () => {
    const ratings = [
      { agency: 'CCXI', rating: 'AAA', outlook: 'STABLE' },
      { agency: 'MOODYS', rating: 'A1' },
      { agency: 'DBRS', rating: 'AA (high)', outlook: 'NEGATIVE' },
    ];
    expect(parseBondTerms({ ...TERMS, ratings }).ratings).toEqual([
      { agency: 'MOODYS', rating: 'A1' },
      { agency: 'DBRS', rating: 'AA (high)', outlook: 'NEGATIVE' },
      { agency: 'CCXI', rating: 'AAA', outlook: 'STABLE' },
    ]);
    expect(parseBondTerms(TERMS).ratings).toBeUndefined();
    expect(parseBondTerms({ ...TERMS, ratings: [] }).ratings).toBeUndefined();
  });

  it('stores them in agency order, whatever order they came in (one canonical record for every endorser)', () => {
    const agencies = Object.values(RatingAgency);
    fc.assert(
      fc.property(fc.shuffledSubarray(agencies, { minLength: 1 }), (chosen) => {
        const ratings = parseRatings(chosen.map((agency) => ({ agency, rating: 'AA+' })));
        expect(ratings?.map((r) => r.agency)).toEqual(agencies.filter((a) => chosen.includes(a)));
      }),
    );
  });

  it('refuses an unknown agency or outlook, a malformed grade, two ratings of one agency, or a non-array', () => {
    const cases: [unknown, RegExp][] = [
      [[{ agency: 'ACME', rating: 'AAA' }], /ratings\[0\]\.agency must be one of FITCH, MOODYS, SP, DBRS, CCXI/],
      [[{ agency: 'SP', rating: 'AAA', outlook: 'WATCH' }], /ratings\[0\]\.outlook must be one of POSITIVE, STABLE, NEGATIVE, DEVELOPING/],
      [[{ agency: 'SP', rating: '' }], /ratings\[0\]\.rating must be the agency's grade/],
      [[{ agency: 'SP', rating: 'AA  (high)' }], /rating must be the agency's grade/],
      [[{ agency: 'SP', rating: ' AAA' }], /rating must be the agency's grade/],
      [[{ agency: 'SP', rating: 'AAA\n' }], /rating must be the agency's grade/],
      [[{ agency: 'SP', rating: 'A'.repeat(17) }], /rating must be the agency's grade/],
      [[{ agency: 'SP', rating: 3 }], /rating must be the agency's grade/],
      [
        [
          { agency: 'PENGYUAN', rating: 'AA' },
          { agency: 'PENGYUAN', rating: 'AA+' },
        ],
        /two ratings of PENGYUAN/,
      ],
      [{ agency: 'SP', rating: 'AAA' }, /ratings must be an array/],
      [['AAA'], /ratings\[0\] must be \{agency, rating, outlook\?\}/],
    ];
    for (const [ratings, message] of cases) {
      expect(refusal(() => parseBondTerms({ ...TERMS, ratings }))).toMatch(/^INVALID_ARGUMENT: /);
      expect(refusal(() => parseBondTerms({ ...TERMS, ratings }))).toMatch(message);
    }
    expect(Object.values(RatingOutlook)).toEqual(['POSITIVE', 'STABLE', 'NEGATIVE', 'DEVELOPING']);
  });

  it('refuses more ratings than there are agencies before reading any of them', () => {
    const many = Array.from({ length: Object.values(RatingAgency).length + 1 }, () => ({ agency: 'SP', rating: 'AAA' }));
    expect(refusal(() => parseRatings(many))).toMatch(/at most 11/);
  });
});
