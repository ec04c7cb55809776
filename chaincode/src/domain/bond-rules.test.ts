import fc from 'fast-check';
import { BondStatus } from '../api/bonds';
import { BOND_TRANSITIONS, canTransition, transition } from './bond-lifecycle';
import { parseBondTerms } from './bond-terms';
import { BusinessCalendar } from './calendar';
import { deriveCfi } from './cfi';
import { addMonths, daysBetween, weekday } from './dates';
import { formatPercent, mulDivHalfUp, parsePercent, parseUnits } from './decimal';
import { credit, debit, setFrozen } from './holdings';
import { transferTransition } from './transfer-lifecycle';
import { TERMS } from '../../test/support/fixtures';

describe('decimal quantities', () => {
  it('parses percentages exactly into fixed point and back', () => {
    expect(parsePercent('3.25', 'r')).toBe(3_250_000n);
    expect(formatPercent(parsePercent('99.875000', 'p'))).toBe('99.875');
    expect(() => parsePercent('3.1234567', 'r')).toThrow('at most 6 decimals');
    expect(() => parsePercent('-1', 'r')).toThrow();
  });

  it('refuses fractional, signed, padded or float-typed units', () => {
    for (const bad of ['1.5', '-3', '007', '', 5, '1e3']) expect(() => parseUnits(bad, 'units')).toThrow('INVALID_ARGUMENT');
    expect(parseUnits('12345678901234567890', 'units')).toBe(12345678901234567890n);
  });

  it('multiplies before dividing and rounds half up once', () => {
    expect(mulDivHalfUp(10n, 5n, 4n)).toBe(13n); // 12.5 → 13
    expect(mulDivHalfUp(10n, 3n, 4n)).toBe(8n); // 7.5 → 8
    expect(mulDivHalfUp(7n, 1n, 3n)).toBe(2n); // 2.33 → 2
  });
});

describe('dates', () => {
  it('counts actual days across a leap day and knows weekdays', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(weekday('2024-02-18')).toBe(0); // a Sunday
  });

  it('adds months clamping to the month end', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2023-01-31', 1)).toBe('2023-02-28');
    expect(addMonths('2024-11-30', 3)).toBe('2025-02-28');
  });
});

// China interbank calendar, Spring Festival 2024: the State Council General Office's notice on the 2024
// holiday arrangements gives 10–17 February off and Sunday 4 and Sunday 18 February as working days
// (QuantLib's China IB calendar, ql/time/calendars/china.cpp, lists the same working weekends).
describe('business-day calendar with working weekends', () => {
  const cnib = new BusinessCalendar([
    {
      calendarId: 'CN-IB',
      year: 2024,
      holidays: ['2024-02-12', '2024-02-13', '2024-02-14', '2024-02-15', '2024-02-16'],
      workingWeekends: ['2024-02-04', '2024-02-18'],
    },
  ]);

  it('treats a listed working Sunday as a business day and a listed weekday holiday as not', () => {
    expect(cnib.isBusinessDay('2024-02-18')).toBe(true);
    expect(cnib.isBusinessDay('2024-02-04')).toBe(true);
    expect(cnib.isBusinessDay('2024-02-12')).toBe(false);
    expect(cnib.isBusinessDay('2024-02-11')).toBe(false); // an ordinary Sunday
  });

  it('rolls a holiday forward onto the working Sunday (FOLLOWING)', () => {
    expect(cnib.adjust('2024-02-12', 'FOLLOWING')).toBe('2024-02-18');
    expect(cnib.adjust('2024-02-12', 'PRECEDING')).toBe('2024-02-09');
    expect(cnib.adjust('2024-02-12', 'UNADJUSTED')).toBe('2024-02-12');
  });

  it('keeps MODIFIED_FOLLOWING inside the month', () => {
    const cal = new BusinessCalendar([]);
    expect(cal.adjust('2026-02-28', 'MODIFIED_FOLLOWING')).toBe('2026-02-27'); // Saturday at month end
    expect(cal.adjust('2026-03-01', 'MODIFIED_FOLLOWING')).toBe('2026-03-02');
  });

  it('counts business days backwards over the holiday for a record date', () => {
    expect(cnib.addBusinessDays('2024-02-18', -1)).toBe('2024-02-09');
  });
});

// CFI: ISO 10962 debt/bonds attributes (interest, guarantee, redemption, form).
describe('CFI derivation', () => {
  it('derives DBFUFR for a fixed, unsecured, bullet, registered bond', () => {
    expect(deriveCfi(parseBondTerms(TERMS))).toBe('DBFUFR');
  });

  it('reflects zero coupon, guarantee, call and put, and form', () => {
    const terms = parseBondTerms({
      ...TERMS,
      interestType: 'ZERO_COUPON',
      interestRate: undefined,
      interestPaymentFrequency: 'NONE',
      statusOfNote: 'GOVERNMENT_GUARANTEED',
      formOfNote: 'BEARER',
      callSchedule: [{ date: '2028-03-02', price: '100.5' }],
      putSchedule: [{ date: '2027-03-02', price: '100' }],
    });
    expect(deriveCfi(terms)).toBe('DBZTDB');
    expect(deriveCfi({ ...terms, putSchedule: undefined })).toBe('DBZTGB');
  });
});

describe('bond terms', () => {
  it('normalises rates and prices and keeps the ICMA field names', () => {
    const terms = parseBondTerms({ ...TERMS, interestRate: '2.850', issuePrice: '100.000' });
    expect(terms).toMatchObject({ interestRate: '2.85', issuePrice: '100', overAllotmentLimit: '200', specifiedCurrency: 'CNY' });
  });

  it.each([
    [{ maturityDate: '2026-01-01' }, 'maturityDate must be after issueDate'],
    [{ specifiedCurrency: 'XXX' }, 'currency'],
    [{ interestPaymentFrequency: 'NONE' }, 'zero-coupon'],
    [{ isin: 'US0373831005' }, 'ISIN'],
    [{ interestRate: 2.85 }, 'percentage'],
    [{ issueSize: '0' }, 'issueSize'],
    [{ callSchedule: [{ date: '2030-01-01', price: '100' }] }, 'before maturity'],
    [{ recordDateOffset: -1 }, 'recordDateOffset'],
  ])('refuses %p', (override, message) => {
    expect(() => parseBondTerms({ ...TERMS, ...override })).toThrow(message);
  });
});

describe('bond lifecycle', () => {
  it('allows exactly the documented transitions (property)', () => {
    const statuses = Object.values(BondStatus);
    fc.assert(
      fc.property(fc.constantFrom(...statuses), fc.constantFrom(...statuses), (from, to) => {
        const allowed = BOND_TRANSITIONS[from].includes(to);
        expect(canTransition(from, to)).toBe(allowed);
        if (allowed) expect(transition('X', from, to)).toBe(to);
        else expect(() => transition('X', from, to)).toThrow('INVALID_STATE_TRANSITION');
      }),
    );
  });

  it('has one path from approval to issue, and ends only in REDEEMED or DEFAULTED', () => {
    const path: string[] = ['APPROVED'];
    for (let s = BOND_TRANSITIONS.APPROVED[0]; s && s !== 'ISSUED'; s = BOND_TRANSITIONS[s][0]) path.push(s);
    expect(path).toEqual(['APPROVED', 'BOOK_OPEN', 'BOOK_CLOSED', 'ALLOCATED', 'SETTLING']);
    const final = Object.entries(BOND_TRANSITIONS)
      .filter(([, next]) => next.length === 0)
      .map(([s]) => s);
    expect(final.sort()).toEqual(['DEFAULTED', 'REDEEMED']);
  });
});

describe('holdings (property)', () => {
  it('never goes negative or moves frozen units; frozen ≤ held always', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('credit', 'debit', 'freeze'), fc.integer({ min: 0, max: 500 })), { maxLength: 40 }),
        (ops) => {
          let held = 0n;
          let frozen = 0n;
          for (const [op, n] of ops) {
            const units = BigInt(n);
            try {
              if (op === 'credit') held = credit(held, units);
              else if (op === 'debit') held = debit(held, frozen, units);
              else frozen = setFrozen(held, units);
            } catch (error) {
              expect((error as Error).message).toMatch(/^(INVALID_ARGUMENT|INSUFFICIENT_HOLDING|HOLDING_FROZEN): /);
            }
            expect(held >= 0n && frozen >= 0n && frozen <= held).toBe(true);
          }
        },
      ),
    );
  });
});

describe('transfer lifecycle', () => {
  it('settles only affirmed instructions and never reopens a final one', () => {
    expect(transferTransition({ transferId: 't', status: 'AFFIRMED' }, 'SETTLED')).toBe('SETTLED');
    expect(() => transferTransition({ transferId: 't', status: 'INSTRUCTED' }, 'SETTLED')).toThrow('INVALID_STATE_TRANSITION');
    expect(() => transferTransition({ transferId: 't', status: 'SETTLED' }, 'CANCELLED')).toThrow('INVALID_STATE_TRANSITION');
  });
});
