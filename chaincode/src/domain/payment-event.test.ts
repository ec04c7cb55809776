import fc from 'fast-check';
import { TERMS } from '../../test/support/fixtures';
import { parseBondTerms } from './bond-terms';
import { BusinessCalendar } from './calendar';
import { couponSchedule, dueEvents, finalRedemption, firstRecordDate } from './coupon-schedule';
import { addMonths } from './dates';
import { couponEventId, paymentDates, putAccountId, putDateOf, redemptionDateOf, redemptionEventId } from './payment-event';

// Spring Festival 2024 on the China interbank calendar: a week off, two working Sundays.
const CNIB = new BusinessCalendar([
  {
    calendarId: 'CN-IB',
    year: 2024,
    holidays: ['2024-02-12', '2024-02-13', '2024-02-14', '2024-02-15', '2024-02-16'],
    workingWeekends: ['2024-02-04', '2024-02-18'],
  },
]);
const CONVENTIONS = ['FOLLOWING', 'MODIFIED_FOLLOWING', 'PRECEDING', 'UNADJUSTED'] as const;
const date = fc.integer({ min: 0, max: 365 }).map((d) => new Date(Date.UTC(2024, 0, 1 + d)).toISOString().slice(0, 10));

describe('payment event ids', () => {
  it('numbers coupons C-001, C-002, … and names redemptions by their reason, a put by its date', () => {
    expect([1, 12, 123].map(couponEventId)).toEqual(['C-001', 'C-012', 'C-123']);
    expect(redemptionEventId('MATURITY')).toBe('R-MATURITY');
    expect(redemptionEventId('CALL')).toBe('R-CALL');
    expect(redemptionEventId('PUT', '2027-03-02')).toBe('R-PUT-2027-03-02');
    expect(putAccountId('2027-03-02')).toBe('PUT-2027-03-02');
  });

  it('reads back the put date from a put account and a put redemption (property)', () => {
    fc.assert(
      fc.property(date, (d) => {
        expect(putDateOf(putAccountId(d))).toBe(d);
        expect(redemptionDateOf({ eventId: redemptionEventId('PUT', d), reason: 'PUT' }, '2029-03-02', undefined)).toBe(d);
      }),
    );
    expect(putDateOf('ACC-1')).toBeUndefined();
    expect(redemptionDateOf({ eventId: 'R-CALL', reason: 'CALL' }, '2029-03-02', '2028-03-02')).toBe('2028-03-02');
    expect(redemptionDateOf({ eventId: 'R-MATURITY', reason: 'MATURITY' }, '2029-03-02', '2028-03-02')).toBe('2029-03-02');
  });
});

describe('the record-date rule', () => {
  it('pays on the adjusted date and records that many business days before (property)', () => {
    fc.assert(
      fc.property(date, fc.constantFrom(...CONVENTIONS), fc.integer({ min: 0, max: 5 }), (d, businessDayConvention, recordDateOffset) => {
        const { paymentDate, recordDate } = paymentDates({ businessDayConvention, recordDateOffset }, CNIB, d);
        expect(paymentDate).toBe(CNIB.adjust(d, businessDayConvention));
        expect(recordDate).toBe(CNIB.addBusinessDays(paymentDate, -recordDateOffset));
        expect(recordDate <= paymentDate).toBe(true);
        if (recordDateOffset === 0) expect(recordDate).toBe(paymentDate);
        else expect(CNIB.isBusinessDay(recordDate)).toBe(true);
      }),
    );
  });

  it('counts back over the Spring Festival holiday', () => {
    expect(paymentDates({ businessDayConvention: 'FOLLOWING', recordDateOffset: 1 }, CNIB, '2024-02-12')).toEqual({ paymentDate: '2024-02-18', recordDate: '2024-02-09' });
  });

  it('is the one the coupon schedule, the due events and the final redemption use', () => {
    const terms = parseBondTerms({ ...TERMS, issueDate: '2023-02-12', maturityDate: '2026-02-12', recordDateOffset: 2 });
    const schedule = couponSchedule(terms, CNIB);
    for (const p of schedule) expect({ paymentDate: p.paymentDate, recordDate: p.recordDate }).toEqual(paymentDates(terms, CNIB, p.accrualEnd));
    const { redemptionDate, ...dates } = finalRedemption(terms, CNIB, undefined);
    expect(dates).toEqual(paymentDates(terms, CNIB, redemptionDate));
    expect(firstRecordDate(terms, CNIB)).toBe(paymentDates(terms, CNIB, '2024-02-12').recordDate);
    const due = dueEvents(terms, CNIB, undefined, addMonths(terms.maturityDate, 1));
    expect(due.map((e) => e.eventId)).toEqual([...schedule.map((p) => couponEventId(p.number)), redemptionEventId('MATURITY')]);
    expect(due.map((e) => e.recordDate)).toEqual([...schedule.map((p) => p.recordDate), dates.recordDate]);
  });
});
