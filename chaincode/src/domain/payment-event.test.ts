import fc from 'fast-check';
import type { Entitlement, PaymentEvent } from '../api/servicing';
import { refusal, TERMS } from '../../test/support/fixtures';
import { parseBondTerms } from './bond-terms';
import { BusinessCalendar } from './calendar';
import { couponSchedule, dueEvents, finalRedemption, firstRecordDate } from './coupon-schedule';
import { addMonths } from './dates';
import {
  completedEvent,
  couponEventId,
  eventToFix,
  mayConfirmPayment,
  mayConfirmPaymentByProof,
  mayServiceBond,
  paidEntitlement,
  payeesOf,
  paymentDates,
  putAccountId,
  putDateOf,
  redeemsBond,
  redemptionDateOf,
  redemptionEventId,
  requireCompletable,
  requirePayable,
  singlePayee,
} from './payment-event';

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
    expect(paymentDates({ businessDayConvention: 'FOLLOWING', recordDateOffset: 1 }, CNIB, '2024-02-12')).toEqual({
      paymentDate: '2024-02-18',
      recordDate: '2024-02-09',
    });
  });

  it('is the one the coupon schedule, the due events and the final redemption use', () => {
    const terms = parseBondTerms({ ...TERMS, issueDate: '2023-02-12', maturityDate: '2026-02-12', recordDateOffset: 2 });
    const schedule = couponSchedule(terms, CNIB);
    for (const p of schedule)
      expect({ paymentDate: p.paymentDate, recordDate: p.recordDate }).toEqual(paymentDates(terms, CNIB, p.accrualEnd));
    const { redemptionDate, ...dates } = finalRedemption(terms, CNIB, undefined);
    expect(dates).toEqual(paymentDates(terms, CNIB, redemptionDate));
    expect(firstRecordDate(terms, CNIB)).toBe(paymentDates(terms, CNIB, '2024-02-12').recordDate);
    const due = dueEvents(terms, CNIB, undefined, addMonths(terms.maturityDate, 1));
    expect(due.map((e) => e.eventId)).toEqual([...schedule.map((p) => couponEventId(p.number)), redemptionEventId('MATURITY')]);
    expect(due.map((e) => e.recordDate)).toEqual([...schedule.map((p) => p.recordDate), dates.recordDate]);
  });
});

describe('who services a payment event', () => {
  const bond = { terms: { payingAgent: 'BankMSP' } } as Parameters<typeof mayServiceBond>[0];

  it("the CSD or the bond's paying agent fixes and completes; no one else", () => {
    expect(mayServiceBond(bond, 'CSDMSP', 'CSDMSP')).toBe(true);
    expect(mayServiceBond(bond, 'BankMSP', 'CSDMSP')).toBe(true);
    for (const caller of ['IssuerMSP', 'InvestorMSP', 'OtherBankMSP']) expect(mayServiceBond(bond, caller, 'CSDMSP')).toBe(false);
  });

  it('only the paying agent confirms payments, not the CSD', () => {
    expect(mayConfirmPayment(bond, 'BankMSP')).toBe(true);
    for (const caller of ['CSDMSP', 'IssuerMSP', 'InvestorMSP']) expect(mayConfirmPayment(bond, caller)).toBe(false);
  });

  it('a payment proven on the cash ledger: the paying agent, the holder or the CSD; no one else', () => {
    for (const caller of ['BankMSP', 'InvestorMSP', 'CSDMSP'])
      expect(mayConfirmPaymentByProof(bond, caller, 'InvestorMSP', 'CSDMSP')).toBe(true);
    for (const caller of ['IssuerMSP', 'OtherBankMSP']) expect(mayConfirmPaymentByProof(bond, caller, 'InvestorMSP', 'CSDMSP')).toBe(false);
  });
});

describe('who an entitlement pays', () => {
  const entitlement = (pledgeeShares?: { pledgee: string; amount: string }[]) => ({
    eventId: 'C-001',
    holder: 'FundMSP',
    accountId: 'PROP',
    amount: '157890',
    ...(pledgeeShares ? { pledgeeShares: pledgeeShares.map((s, i) => ({ pledgeId: `P${i}`, units: '1', ...s })) } : {}),
  });

  it('the holder alone, without pledgee shares', () => {
    expect(payeesOf(entitlement())).toEqual([{ party: 'FundMSP', amount: 157890n }]);
    expect(singlePayee(entitlement())).toEqual({ party: 'FundMSP', amount: 157890n });
  });

  it('a pledgee alone when its shares take the whole coupon, summed over its pledges', () => {
    const shares = [
      { pledgee: 'BankMSP', amount: '57000' },
      { pledgee: 'BankMSP', amount: '100890' },
    ];
    expect(payeesOf(entitlement(shares))).toEqual([{ party: 'BankMSP', amount: 157890n }]);
    expect(singlePayee(entitlement(shares))).toEqual({ party: 'BankMSP', amount: 157890n });
  });

  it('several parties otherwise: a proof covers single-payee entitlements only (INVALID_ARGUMENT)', () => {
    const shared = entitlement([{ pledgee: 'BankMSP', amount: '57000' }]);
    expect(payeesOf(shared)).toEqual([
      { party: 'FundMSP', amount: 100890n },
      { party: 'BankMSP', amount: 57000n },
    ]);
    expect(refusal(() => singlePayee(shared))).toMatch(
      /^INVALID_ARGUMENT: C-001 of FundMSP\/PROP pays FundMSP, BankMSP: a proof covers single-payee entitlements/,
    );
  });

  it('the holder nothing, for an entitlement of nothing', () => {
    expect(payeesOf({ ...entitlement(), amount: '0' })).toEqual([{ party: 'FundMSP', amount: 0n }]);
  });
});

describe("a payment event's states", () => {
  const stamp = { mspId: 'BankMSP', identity: 'x509::agent', timestamp: '2027-03-02T09:00:00.000Z', txId: 'tx9' };
  const due = {
    isin: 'CNTEST000015',
    eventId: 'C-001',
    kind: 'COUPON' as const,
    couponNumber: 1,
    recordDate: '2027-03-01',
    paymentDate: '2027-03-02',
    amountPerUnit: { num: 285n, den: 1n },
  };
  const fixing = eventToFix(undefined, due, '2027-03-01', stamp);
  const fixed: PaymentEvent = { ...fixing, status: 'ENTITLEMENTS_FIXED' };
  const entitlement: Entitlement = {
    isin: due.isin,
    eventId: 'C-001',
    holder: 'FundMSP',
    accountId: 'PROP',
    units: '10',
    amount: '2850',
    status: 'DUE',
  };

  it('is created FIXING from its record date, late recorded, never before (property)', () => {
    expect(fixing).toMatchObject({
      status: 'FIXING',
      holders: 0,
      totalUnits: '0',
      amountPerUnit: '285.000000',
      amountPerUnitExact: '285/1',
      fixedLate: false,
      fixed: stamp,
    });
    fc.assert(
      fc.property(date, (today) => {
        const answer = refusal(() => eventToFix(undefined, { ...due, recordDate: '2024-06-28' }, today, stamp));
        if (today < '2024-06-28') expect(answer).toBe('OUTSIDE_WINDOW: C-001 of CNTEST000015 can be fixed from its record date 2024-06-28');
        else expect(eventToFix(undefined, { ...due, recordDate: '2024-06-28' }, today, stamp).fixedLate).toBe(today > '2024-06-28');
      }),
    );
  });

  it('continues the event being fixed as it was created, and is not fixed again once fixed', () => {
    expect(eventToFix(fixing, { ...due, recordDate: '2027-03-05', amountPerUnit: { num: 1n, den: 1n } }, '2027-03-01', stamp)).toBe(fixing);
    for (const status of ['ENTITLEMENTS_FIXED', 'COMPLETE'] as const) {
      expect(refusal(() => eventToFix({ ...fixing, status }, due, '2027-03-09', stamp))).toBe(
        'ALREADY_EXISTS: C-001 of CNTEST000015 is already fixed',
      );
    }
  });

  it('pays nothing while FIXING, and from the payment date on, late recorded (property)', () => {
    expect(
      refusal(() => {
        requirePayable(fixing, '2027-03-09');
      }),
    ).toBe(
      'INVALID_STATE_TRANSITION: the entitlements of C-001 of CNTEST000015 are still being fixed: call the fix again until it is ENTITLEMENTS_FIXED',
    );
    fc.assert(
      fc.property(date, (today) => {
        const event = { ...fixed, paymentDate: '2024-07-01' };
        if (today < '2024-07-01') {
          expect(
            refusal(() => {
              requirePayable(event, today);
            }),
          ).toBe('OUTSIDE_WINDOW: C-001 of CNTEST000015 is payable from 2024-07-01');
        } else {
          requirePayable(event, today);
          expect(paidEntitlement(entitlement, event, today, stamp)).toEqual({
            ...entitlement,
            status: 'PAID',
            paidLate: today > '2024-07-01',
            paid: stamp,
          });
        }
      }),
    );
  });

  it('pays an entitlement once', () => {
    const paid = paidEntitlement(entitlement, fixed, '2027-03-02', stamp);
    expect(refusal(() => paidEntitlement(paid, fixed, '2027-03-03', stamp))).toBe(
      'INVALID_STATE_TRANSITION: FundMSP/PROP was already paid for C-001',
    );
  });

  it('completes once every entitlement is paid, and only once', () => {
    expect(
      refusal(() => {
        requireCompletable(fixing);
      }),
    ).toMatch(/^INVALID_STATE_TRANSITION: the entitlements of C-001 of CNTEST000015 are still being fixed/);
    requireCompletable(fixed);
    const other = { ...entitlement, holder: 'BankMSP', accountId: 'TRADING' };
    expect(refusal(() => completedEvent(fixed, [paidEntitlement(entitlement, fixed, '2027-03-02', stamp), other], stamp))).toBe(
      'INVALID_STATE_TRANSITION: 1 payment(s) of C-001 are unconfirmed: BankMSP/TRADING',
    );
    const complete = completedEvent(fixed, [paidEntitlement(entitlement, fixed, '2027-03-02', stamp)], stamp);
    expect(complete).toEqual({ ...fixed, status: 'COMPLETE', completed: stamp });
    expect(completedEvent(fixed, [], stamp).status).toBe('COMPLETE');
    expect(
      refusal(() => {
        requireCompletable(complete);
      }),
    ).toBe('INVALID_STATE_TRANSITION: C-001 of CNTEST000015 is complete');
  });

  it('a completed maturity or call redemption ends the bond; a put or a coupon does not', () => {
    expect([undefined, 'MATURITY', 'CALL', 'PUT'].map((reason) => redeemsBond({ reason: reason as PaymentEvent['reason'] }))).toEqual([
      false,
      true,
      true,
      false,
    ]);
  });
});
