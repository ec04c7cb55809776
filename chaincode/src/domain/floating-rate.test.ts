/**
 * Floating-rate notes: the terms' rules, the fixing date counted back over
 * the China interbank calendar (holidays and working weekends), the period
 * rate held between floor and cap, and exact interest per period from the
 * fixings, one rounding per holding.
 */
import fc from 'fast-check';
import { ErrorCode } from '../api/errors';
import { refusal, TERMS } from '../../test/support/fixtures';
import { parseBondTerms } from './bond-terms';
import { BusinessCalendar } from './calendar';
import { deriveCfi } from './cfi';
import { accruedPerUnit, couponSchedule, dueEvents, holdingPayment, requireAmountPerUnit } from './coupon-schedule';
import { type Rational, yearFraction } from './day-count';
import { formatPercent, PAR, parseSignedPercent } from './decimal';
import { fixingDateOf, parseFixing, parseFloatingRateTerms, periodRate } from './floating-rate';

/** Spring Festival 2024 on CN-IB: 12–16 February off, Sunday 4 and Sunday 18 February worked. */
const CNIB = new BusinessCalendar([
  {
    calendarId: 'CN-IB',
    year: 2024,
    holidays: ['2024-02-12', '2024-02-13', '2024-02-14', '2024-02-15', '2024-02-16'],
    workingWeekends: ['2024-02-04', '2024-02-18'],
  },
]);
const WEEKDAYS = new BusinessCalendar([]);

const FRN = {
  ...TERMS,
  interestType: 'FLOATING',
  interestRate: undefined,
  dayCountFraction: 'ACT/360',
  floatingRate: { referenceRate: 'SHIBOR_3M', spread: '0.35', fixingLagBusinessDays: 1, floor: '2', cap: '4.5' },
};

const same = (a: Rational, b: Rational): boolean => a.num * b.den === b.num * a.den;
const pct = (text: string): bigint => parseSignedPercent(text, 'rate');

describe('floating-rate terms', () => {
  it('are required for FLOATING, refused otherwise, and replace interestRate', () => {
    expect(parseBondTerms(FRN).floatingRate).toEqual({
      referenceRate: 'SHIBOR_3M',
      spread: '0.35',
      fixingLagBusinessDays: 1,
      floor: '2',
      cap: '4.5',
    });
    expect(parseBondTerms(FRN).bookType).toBe('FIXED_PRICE');
    expect(refusal(() => parseBondTerms({ ...FRN, floatingRate: undefined }))).toMatch(
      /^INVALID_ARGUMENT: a FLOATING bond needs floatingRate/,
    );
    expect(refusal(() => parseBondTerms({ ...FRN, interestRate: '2.85' }))).toMatch(
      /^INVALID_ARGUMENT: a FLOATING bond has no interestRate/,
    );
    expect(refusal(() => parseBondTerms({ ...TERMS, floatingRate: FRN.floatingRate }))).toMatch(/only a FLOATING bond has floatingRate/);
    expect(refusal(() => parseBondTerms({ ...FRN, bookType: 'TENDER' }))).toMatch(
      /^INVALID_ARGUMENT: a TENDER discovers the rate of a FIXED bond/,
    );
  });

  it('take a negative spread, and refuse a cap below the floor, an unknown rate or a lag out of range', () => {
    const floating = (overrides: Record<string, unknown>) => parseFloatingRateTerms({ ...FRN.floatingRate, ...overrides }, 'FLOATING');
    expect(floating({ spread: '-0.150' })?.spread).toBe('-0.15');
    expect(floating({ floor: undefined, cap: undefined })).toEqual({
      referenceRate: 'SHIBOR_3M',
      spread: '0.35',
      fixingLagBusinessDays: 1,
    });
    for (const [overrides, message] of [
      [{ cap: '1.5' }, 'cap must not be below'],
      [{ referenceRate: 'LIBOR_3M' }, 'referenceRate must be one of LPR_1Y, LPR_5Y, SHIBOR_3M, FR007, DR007'],
      [{ fixingLagBusinessDays: 11 }, 'from 0 to 10'],
      [{ fixingLagBusinessDays: '1' }, 'from 0 to 10'],
      [{ spread: '-0' }, 'without a sign'],
      [{ spread: 0.35 }, 'spread must be a percentage'],
      [{ floor: '-1' }, 'floor must be a percentage'],
    ] as const) {
      expect(refusal(() => floating(overrides))).toContain(message);
    }
  });

  it('give the bond the CFI interest attribute V (variable)', () => {
    expect(deriveCfi(parseBondTerms(FRN)).slice(2, 3)).toBe('V');
  });
});

describe('fixing date', () => {
  it('counts the lag back in CN-IB business days, over holidays and onto working weekends', () => {
    expect(fixingDateOf('2024-02-19', 1, CNIB)).toBe('2024-02-18'); // a working Sunday
    expect(fixingDateOf('2024-02-19', 2, CNIB)).toBe('2024-02-09'); // over the Spring Festival and a weekend
    expect(fixingDateOf('2024-02-05', 1, CNIB)).toBe('2024-02-04'); // a working Sunday
    expect(fixingDateOf('2024-02-14', 0, CNIB)).toBe('2024-02-09'); // a holiday start fixes on the business day before
    expect(fixingDateOf('2024-02-20', 0, CNIB)).toBe('2024-02-20');
    expect(fixingDateOf('2024-03-04', 1, CNIB)).toBe('2024-03-01'); // Monday → Friday
  });

  it('is a business day at most the lag in business days before the start (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 10 }), (offset, lag) => {
        const start = new Date(Date.UTC(2024, 0, 1 + offset)).toISOString().slice(0, 10);
        const fixing = fixingDateOf(start, lag, CNIB);
        expect(CNIB.isBusinessDay(fixing)).toBe(true);
        expect(fixing <= start).toBe(true);
        // Exactly `lag` business days lie in [fixing, start) after the fixing date itself, for lag ≥ 1.
        if (lag > 0) expect(CNIB.addBusinessDays(fixing, lag) >= start).toBe(true);
        if (lag > 0) expect(CNIB.addBusinessDays(fixing, lag - 1) < start).toBe(true);
      }),
    );
  });
});

describe('period rate', () => {
  it('is fixing + spread, raised to the floor and lowered to the cap, never below zero', () => {
    const terms = { spread: '0.35', floor: '2', cap: '4.5' };
    expect(formatPercent(periodRate(terms, pct('1.5')))).toBe('2');
    expect(formatPercent(periodRate(terms, pct('2.9')))).toBe('3.25');
    expect(formatPercent(periodRate(terms, pct('4.2')))).toBe('4.5');
    expect(formatPercent(periodRate({ spread: '-0.5' }, pct('0.3')))).toBe('0');
    expect(formatPercent(periodRate({ spread: '-0.5', cap: '1' }, pct('3')))).toBe('1');
  });

  it('stays within [max(floor, 0), cap] and equals fixing + spread inside it (property)', () => {
    const percent = (max: number) => fc.integer({ min: 0, max: max * 1_000_000 }).map((n) => BigInt(n));
    fc.assert(
      fc.property(
        percent(10),
        fc.integer({ min: -3_000_000, max: 3_000_000 }),
        fc.option(percent(5)),
        fc.option(percent(5)),
        (fixing, spreadMicro, floor, capBase) => {
          const cap = capBase === null ? undefined : capBase + (floor ?? 0n);
          const spread = BigInt(spreadMicro);
          const terms = {
            spread: formatPercent(spread),
            floor: floor === null ? undefined : formatPercent(floor),
            cap: cap === undefined ? undefined : formatPercent(cap),
          };
          const rate = periodRate(terms, fixing);
          const lowest = floor ?? 0n;
          expect(rate >= lowest).toBe(true);
          if (cap !== undefined) expect(rate <= cap).toBe(true);
          const raw = fixing + spread;
          if (raw >= lowest && (cap === undefined || raw <= cap)) expect(rate).toBe(raw);
        },
      ),
    );
  });
});

describe('floating-rate schedule and interest', () => {
  const terms = parseBondTerms(FRN);
  const fixings = new Map([
    ['2026-02-27', pct('1.5')],
    ['2027-03-01', pct('2.9')],
  ]);

  it('dates each period’s fixing and, once published, its rate and exact amount', () => {
    const [first, second, third] = couponSchedule(terms, WEEKDAYS, fixings);
    // 10000 × 2 % (floor: 1.5 + 0.35 < 2) × 365/360 and 10000 × 3.25 % × 366/360.
    expect(first).toMatchObject({ floating: { fixingDate: '2026-02-27', fixing: pct('1.5'), rate: pct('2') } });
    expect(same(first!.amountPerUnit!, { num: 1825n, den: 9n })).toBe(true);
    expect(second).toMatchObject({ floating: { fixingDate: '2027-03-01', fixing: pct('2.9'), rate: pct('3.25') } });
    expect(same(second!.amountPerUnit!, { num: 3965n, den: 12n })).toBe(true);
    expect(third).toMatchObject({ floating: { fixingDate: '2028-03-01' } });
    expect(third!.amountPerUnit).toBeUndefined();
    expect(refusal(() => requireAmountPerUnit(terms, third!))).toBe(
      `${ErrorCode.FIXING_MISSING}: coupon 3: the SHIBOR_3M fixing of 2028-03-01 is not published yet`,
    );
  });

  it('pays each holding once rounded, and the issuer funds exactly their sum, for two resets (property)', () => {
    const [first, second] = couponSchedule(terms, WEEKDAYS, fixings);
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 1n, max: 10_000_000n }), { minLength: 1, maxLength: 20 }), (holdings) => {
        for (const period of [first!, second!]) {
          const perUnit = period.amountPerUnit!;
          const paid = holdings.map((units) => holdingPayment(units, perUnit));
          const total = paid.reduce((a, b) => a + b, 0n);
          const units = holdings.reduce((a, b) => a + b, 0n);
          // |Σ rounded − exact total| ≤ half a minor unit per holding.
          const deviation = total * 2n * perUnit.den - 2n * units * perUnit.num;
          expect(deviation <= BigInt(holdings.length) * perUnit.den && deviation >= -BigInt(holdings.length) * perUnit.den).toBe(true);
        }
      }),
    );
    expect([646n, 554n].map((u) => holdingPayment(u, first!.amountPerUnit!))).toEqual([130994n, 112339n]);
    expect([646n, 554n].map((u) => holdingPayment(u, second!.amountPerUnit!))).toEqual([213449n, 183051n]);
  });

  it('computes the amount from the period rate exactly: face × rate × year fraction (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9_000_000 }), (fixingMicro) => {
        const [first] = couponSchedule(terms, WEEKDAYS, new Map([['2026-02-27', BigInt(fixingMicro)]]));
        const rate = periodRate(terms.floatingRate!, BigInt(fixingMicro));
        const fraction = yearFraction('ACT/360', '2026-03-02', '2027-03-02');
        expect(same(first!.amountPerUnit!, { num: 10000n * rate * fraction.num, den: PAR * fraction.den })).toBe(true);
      }),
    );
  });

  it('accrues at the period rate, and refuses accrued interest in a period whose fixing is missing', () => {
    const schedule = couponSchedule(terms, WEEKDAYS, fixings);
    expect(same(accruedPerUnit(terms, schedule, '2027-04-01'), { num: 10000n * pct('3.25') * 30n, den: PAR * 360n })).toBe(true);
    expect(refusal(() => accruedPerUnit(terms, schedule, '2028-04-01'))).toMatch(/^FIXING_MISSING: /);
  });

  it('shows a due coupon whose fixing is missing to the scheduler', () => {
    const due = dueEvents(terms, WEEKDAYS, undefined, '2028-03-01', new Map([['2026-02-27', pct('1.5')]]));
    expect(due.map((e) => [e.eventId, e.missingFixing])).toEqual([
      ['C-001', undefined],
      ['C-002', { referenceRate: 'SHIBOR_3M', fixingDate: '2027-03-01' }],
    ]);
  });
});

describe('publishing a fixing', () => {
  it('takes a known rate, a real date up to today and a percentage', () => {
    expect(parseFixing({ referenceRate: 'FR007', fixingDate: '2026-03-02', rate: '1.850' }, '2026-03-02')).toEqual({
      referenceRate: 'FR007',
      fixingDate: '2026-03-02',
      rate: '1.85',
    });
    expect(refusal(() => parseFixing({ referenceRate: 'FR007', fixingDate: '2026-03-03', rate: '1.85' }, '2026-03-02'))).toMatch(
      /^OUTSIDE_WINDOW: /,
    );
    expect(refusal(() => parseFixing({ referenceRate: 'FR014', fixingDate: '2026-03-02', rate: '1.85' }, '2026-03-02'))).toMatch(
      /^INVALID_ARGUMENT: /,
    );
    expect(refusal(() => parseFixing({ referenceRate: 'FR007', fixingDate: '2026-02-30', rate: '1.85' }, '2026-03-02'))).toMatch(
      /^INVALID_ARGUMENT: /,
    );
    expect(refusal(() => parseFixing({ referenceRate: 'FR007', fixingDate: '2026-03-02', rate: '-1' }, '2026-03-02'))).toMatch(
      /^INVALID_ARGUMENT: /,
    );
  });
});
