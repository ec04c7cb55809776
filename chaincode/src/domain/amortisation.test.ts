/**
 * Amortising bonds and partial calls: the schedule's rules, the principal
 * each period accrues on, the repayments' amounts, and reconciliation (each
 * unit repaid its face value exactly; a holding's payments rounded once
 * each; the issuer funds the sum of the holdings' payments).
 */
import fc from 'fast-check';
import type { PartialCallNotice } from '../api/bonds';
import { refusal, TERMS } from '../../test/support/fixtures';
import {
  parseAmortisationSchedule,
  partialRedemptionEventId,
  principalAmountPerUnit,
  principalPercentAfter,
  principalRepayments,
  requirePartialCallPercent,
} from './amortisation';
import { parseBondTerms } from './bond-terms';
import { BusinessCalendar } from './calendar';
import { deriveCfi } from './cfi';
import { couponSchedule, dueEvents, holdingPayment } from './coupon-schedule';
import { addMonths } from './dates';
import type { Rational } from './day-count';
import { formatPercent, PAR, PERCENT_SCALE } from './decimal';
import { isEntitled } from './servicing-order';
import { priceTrade } from './trade-price';

const WEEKDAYS = new BusinessCalendar([]);
const pct = (whole: number): bigint => BigInt(whole) * PERCENT_SCALE;
const same = (r: Rational, whole: bigint): boolean => r.num === whole * r.den;
const STAMP = { txId: 't', mspId: 'SecuritiesMSP', identity: 'x509::CN=operator1', timestamp: '2027-01-01T00:00:00.000Z' };

/**
 * The early-repayment clause common in China's enterprise bonds (企业债
 * 提前偿还条款): a seven-year annual bond repaying 20 % of its principal at
 * the end of each of years 3 to 7. At 5 % on 100 (10000 minor units) the
 * coupons are 5, 5, 5, 4, 3, 2, 1 and the principal 20 a year.
 */
const ENTERPRISE = {
  ...TERMS,
  interestRate: '5',
  issueDate: '2026-03-02',
  maturityDate: '2033-03-02',
  amortisationSchedule: ['2029-03-02', '2030-03-02', '2031-03-02', '2032-03-02'].map((date) => ({ date, percent: '20' })),
};

describe('amortisation schedule', () => {
  it('is normalised: dates ascending, percents canonical', () => {
    expect(
      parseAmortisationSchedule(
        [
          { date: '2028-03-02', percent: '25.50' },
          { date: '2027-03-02', percent: '10' },
        ],
        '2026-03-02',
        '2029-03-02',
      ),
    ).toEqual([
      { date: '2027-03-02', percent: '10' },
      { date: '2028-03-02', percent: '25.5' },
    ]);
    expect(parseAmortisationSchedule(undefined, '2026-03-02', '2029-03-02')).toBeUndefined();
  });

  it.each([
    [[], /non-empty array/],
    [[{ date: '2026-03-02', percent: '10' }], /after the issue date and before maturity/],
    [[{ date: '2029-03-02', percent: '10' }], /after the issue date and before maturity/],
    [[{ date: '2027-03-02', percent: '0' }], /above zero/],
    [[{ date: '2027-03-02', percent: '-5' }], /percentage/],
    [
      [
        { date: '2027-03-02', percent: '10' },
        { date: '2027-03-02', percent: '10' },
      ],
      /twice/,
    ],
    [
      [
        { date: '2027-03-02', percent: '50' },
        { date: '2028-03-02', percent: '50' },
      ],
      /repays 100 % before maturity/,
    ],
  ])('refuses %j', (schedule, message) => {
    expect(refusal(() => parseAmortisationSchedule(schedule, '2026-03-02', '2029-03-02'))).toMatch(message);
  });

  it('falls on coupon dates, and a zero-coupon bond has none', () => {
    expect(refusal(() => parseBondTerms({ ...TERMS, amortisationSchedule: [{ date: '2027-09-02', percent: '10' }] }))).toMatch(
      /amortisationSchedule date 2027-09-02 must be one of the bond's coupon dates/,
    );
    const zero = { ...TERMS, interestType: 'ZERO_COUPON', interestRate: undefined, interestPaymentFrequency: 'NONE', issuePrice: '97' };
    expect(refusal(() => parseBondTerms({ ...zero, amortisationSchedule: [{ date: '2027-03-02', percent: '10' }] }))).toMatch(
      /zero-coupon bond repays its principal at maturity/,
    );
  });

  it('gives the bond the ISO 10962 redemption attribute of an amortization plan (A, with call B, put T, both L)', () => {
    const terms = parseBondTerms(ENTERPRISE);
    const option = [{ date: '2028-03-02', price: '100' }];
    expect(deriveCfi(terms)).toBe('DBFUAR');
    expect(deriveCfi({ ...terms, callSchedule: option })).toBe('DBFUBR');
    expect(deriveCfi({ ...terms, putSchedule: option })).toBe('DBFUTR');
    expect(deriveCfi({ ...terms, callSchedule: option, putSchedule: option })).toBe('DBFULR');
  });
});

describe('principal outstanding and coupons on it', () => {
  it('pays the enterprise-bond structure: coupons 5, 5, 5, 4, 3, 2, 1 and 20 a year from year 3', () => {
    const terms = parseBondTerms(ENTERPRISE);
    const schedule = couponSchedule(terms, WEEKDAYS);
    expect(schedule.map((p) => formatPercent(p.principalPercent))).toEqual(['100', '100', '100', '80', '60', '40', '20']);
    // Regular annual periods under ACT/ACT (ICMA) are one year each, so the coupons are whole.
    expect(schedule.map((p) => p.amountPerUnit && same(p.amountPerUnit, p.amountPerUnit.num / p.amountPerUnit.den))).toEqual(
      schedule.map(() => true),
    );
    expect(schedule.map((p) => p.amountPerUnit && p.amountPerUnit.num / p.amountPerUnit.den)).toEqual([
      500n,
      500n,
      500n,
      400n,
      300n,
      200n,
      100n,
    ]);
    const repayments = principalRepayments(terms);
    expect(repayments.map((r) => principalAmountPerUnit(terms.specifiedDenomination, r.percent, r.price))).toEqual(
      repayments.map(() => ({ num: 2000n * PAR * PAR, den: PAR * PAR })),
    );
    expect(principalPercentAfter(repayments, terms.maturityDate)).toBe(pct(20));
  });

  it('lists each repayment as a due event from its record date, with its date', () => {
    const terms = parseBondTerms(ENTERPRISE);
    const due = dueEvents(terms, WEEKDAYS, undefined, '2030-03-01').filter((e) => e.kind === 'PARTIAL_REDEMPTION');
    expect(due).toEqual([
      {
        eventId: 'R-AMORTISATION-2029-03-02',
        kind: 'PARTIAL_REDEMPTION',
        reason: 'AMORTISATION',
        redemptionDate: '2029-03-02',
        recordDate: '2029-03-01',
        paymentDate: '2029-03-02',
      },
      {
        eventId: 'R-AMORTISATION-2030-03-02',
        kind: 'PARTIAL_REDEMPTION',
        reason: 'AMORTISATION',
        redemptionDate: '2030-03-02',
        // 2 March 2030 is a Saturday: paid on Monday the 4th (FOLLOWING), recorded on Friday the 1st.
        recordDate: '2030-03-01',
        paymentDate: '2030-03-04',
      },
    ]);
    // Called on 2029-03-02: nothing is amortised after the call date.
    expect(dueEvents(terms, WEEKDAYS, { callDate: '2029-03-02' }, '2033-03-01').map((e) => e.eventId)).toEqual([
      'C-001',
      'C-002',
      'C-003',
      'R-AMORTISATION-2029-03-02',
      'R-CALL',
    ]);
    expect(partialRedemptionEventId('PARTIAL_CALL', '2029-03-02')).toBe('R-PARTIAL-CALL-2029-03-02');
  });

  it('repays units put on the repayment date, which the put then redeems after it', () => {
    const scope = { kind: 'PARTIAL_REDEMPTION', date: '2029-03-02' } as const;
    expect(isEntitled(scope, 'PROP')).toBe(true);
    expect(isEntitled(scope, 'PUT-2029-03-02')).toBe(true);
    expect(isEntitled(scope, 'PUT-2031-03-02')).toBe(true);
    expect(isEntitled(scope, 'PUT-2028-03-02')).toBe(false);
  });

  it('prices a trade on the principal outstanding: clean price × principal + accrued', () => {
    const terms = parseBondTerms(ENTERPRISE);
    const schedule = couponSchedule(terms, WEEKDAYS);
    // In year 5 the principal is 60 % of 10000 = 6000 and the coupon period pays 300.
    const trade = priceTrade(
      { cleanPrice: '99', settlementDate: '2030-09-02' },
      10n,
      '2030-09-03T00:00:00Z',
      terms,
      schedule,
      '2030-09-01',
    );
    const accrued = (300n * 184n) / 365n; // 184 days of 365, rounded only in this check's bound
    const cash = BigInt(trade.cashAmount);
    expect(cash).toBeGreaterThanOrEqual(10n * (5940n + accrued));
    expect(cash).toBeLessThanOrEqual(10n * (5940n + accrued + 1n));
  });
});

describe('partial calls', () => {
  const terms = parseBondTerms(ENTERPRISE);
  const notice = (callDate: string, percent: string): PartialCallNotice => ({ callDate, percent, price: '101', notice: STAMP });

  it('repay a percent of every unit at the call price, and lower the principal the later periods accrue on', () => {
    const calls = [notice('2028-03-02', '10')];
    const schedule = couponSchedule(terms, WEEKDAYS, new Map(), calls);
    expect(schedule.map((p) => formatPercent(p.principalPercent))).toEqual(['100', '100', '90', '70', '50', '30', '10']);
    const [call] = principalRepayments(terms, calls).filter((r) => r.reason === 'PARTIAL_CALL');
    expect(principalAmountPerUnit(terms.specifiedDenomination, call!.percent, call!.price)).toEqual({
      num: 10000n * pct(10) * pct(101),
      den: PAR * PAR,
    });
  });

  it('must leave principal after the call and the amortisation scheduled after it', () => {
    // On 2030-03-02, 60 % is left after that date's amortisation and 40 % is still scheduled: at most under 20 %.
    expect(refusal(() => requirePartialCallPercent(terms, [], '2030-03-02', '20'))).toMatch(/may repay less than 20 %/);
    expect(requirePartialCallPercent(terms, [], '2030-03-02', '19.999999')).toBe(19_999_999n);
    expect(refusal(() => requirePartialCallPercent(terms, [], '2030-03-02', '0'))).toMatch(/above zero/);
    expect(refusal(() => requirePartialCallPercent(terms, [notice('2030-03-02', '5')], '2030-03-02', '5'))).toMatch(/^ALREADY_EXISTS/);
    expect(refusal(() => requirePartialCallPercent(terms, [notice('2028-03-02', '15')], '2030-03-02', '5'))).toMatch(/less than 5 %/);
  });
});

describe('reconciliation', () => {
  /** A random annual amortising bond: 2 to 8 years, repayments on some coupon dates, percents with up to 6 decimals. */
  const amortisingBond = fc
    .record({
      years: fc.integer({ min: 2, max: 8 }),
      denomination: fc.integer({ min: 1, max: 1_000_000 }),
      picks: fc.array(fc.record({ year: fc.integer({ min: 1, max: 7 }), micro: fc.integer({ min: 1, max: 30_000_000 }) }), {
        minLength: 1,
        maxLength: 7,
      }),
      calls: fc.array(fc.record({ year: fc.integer({ min: 1, max: 7 }), micro: fc.integer({ min: 1, max: 10_000_000 }) }), {
        maxLength: 2,
      }),
      holdings: fc.array(fc.bigInt({ min: 1n, max: 1_000_000n }), { minLength: 1, maxLength: 20 }),
    })
    .map(({ years, denomination, picks, calls, holdings }) => {
      const date = (year: number) => addMonths('2026-03-02', 12 * year, false);
      const byYear = new Map<number, number>();
      for (const p of picks) if (p.year < years) byYear.set(p.year, p.micro);
      let total = 0n;
      const schedule = [...byYear.entries()]
        .map(([year, micro]) => ({ date: date(year), percent: BigInt(micro) }))
        .filter((r) => (total + r.percent < PAR ? ((total += r.percent), true) : false));
      const partialCalls: PartialCallNotice[] = [];
      let left = PAR - total;
      for (const c of calls) {
        if (c.year >= years || BigInt(c.micro) >= left || partialCalls.some((p) => p.callDate === date(c.year))) continue;
        left -= BigInt(c.micro);
        partialCalls.push({ callDate: date(c.year), percent: formatPercent(BigInt(c.micro)), price: '100', notice: STAMP });
      }
      return {
        terms: {
          ...TERMS,
          specifiedDenomination: String(denomination),
          maturityDate: date(years),
          amortisationSchedule:
            schedule.length > 0 ? schedule.map((r) => ({ date: r.date, percent: formatPercent(r.percent) })) : undefined,
        },
        partialCalls,
        holdings,
      };
    });

  it('repays every unit its face value exactly at par, and each holding within half a minor unit per payment', () => {
    fc.assert(
      fc.property(amortisingBond, ({ terms, partialCalls, holdings }) => {
        const repayments = principalRepayments(terms, partialCalls);
        const finalPercent = principalPercentAfter(repayments, terms.maturityDate);
        const perUnit = [
          ...repayments.map((r) => principalAmountPerUnit(terms.specifiedDenomination, r.percent, r.price)),
          principalAmountPerUnit(terms.specifiedDenomination, finalPercent, PAR),
        ];
        // Σ per-unit principal = the face value, exactly.
        const sum = perUnit.reduce((acc, r) => acc + (r.num * PAR * PAR) / r.den, 0n);
        expect(sum).toBe(BigInt(terms.specifiedDenomination) * PAR * PAR);
        for (const units of holdings) {
          const paid = perUnit.reduce((acc, r) => acc + holdingPayment(units, r), 0n);
          const face = units * BigInt(terms.specifiedDenomination);
          // One rounding per payment: within half a minor unit of the exact share each time.
          expect(2n * (paid > face ? paid - face : face - paid)).toBeLessThanOrEqual(BigInt(perUnit.length));
        }
      }),
    );
  });

  it('accrues each period on the principal left at its start', () => {
    fc.assert(
      fc.property(amortisingBond, ({ terms, partialCalls }) => {
        const parsed = parseBondTerms(terms);
        const repayments = principalRepayments(parsed, partialCalls);
        for (const period of couponSchedule(parsed, WEEKDAYS, new Map(), partialCalls)) {
          expect(period.principalPercent).toBe(principalPercentAfter(repayments, period.accrualStart));
          const amount = period.amountPerUnit!;
          // denomination × principal % × 2.85 % × year fraction, exact.
          const rate = 2_850_000n;
          expect(amount.num * PAR * PAR * period.yearFraction.den).toBe(
            BigInt(parsed.specifiedDenomination) * period.principalPercent * rate * period.yearFraction.num * amount.den,
          );
        }
      }),
      { numRuns: 50 },
    );
  });
});
