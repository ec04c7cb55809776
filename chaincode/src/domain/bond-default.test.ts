import fc from 'fast-check';
import { refusal } from '../../test/support/fixtures';
import type { BondStatus } from '../api/bonds';
import type { PaymentEvent } from '../api/servicing';
import { defaultGrounds, isOverdue } from './bond-default';

const ISSUED = { isin: 'CNTEST000015', status: 'ISSUED' as BondStatus };
const STATUSES = ['FIXING', 'ENTITLEMENTS_FIXED', 'COMPLETE'] as const;
const date = fc.integer({ min: 0, max: 60 }).map((d) => new Date(Date.UTC(2027, 1, 15 + d)).toISOString().slice(0, 10));
const event = (eventId: string, status: PaymentEvent['status'], paymentDate: string) => ({ eventId, status, paymentDate });

describe('declaring a default', () => {
  it('an event is overdue when it is not complete after its payment date (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...STATUSES), date, date, (status, paymentDate, today) => {
        expect(isOverdue({ status, paymentDate }, today)).toBe(status !== 'COMPLETE' && today > paymentDate);
      }),
    );
  });

  it('names the overdue events, a FIXING one too, and not those due today or complete', () => {
    const events = [
      event('C-001', 'COMPLETE', '2027-03-02'),
      event('C-002', 'ENTITLEMENTS_FIXED', '2027-03-02'),
      event('R-PUT-2027-03-02', 'FIXING', '2027-03-02'),
      event('R-MATURITY', 'ENTITLEMENTS_FIXED', '2027-03-03'),
    ];
    expect(defaultGrounds(ISSUED, events, '2027-03-03')).toEqual(['C-002', 'R-PUT-2027-03-02']);
    expect(defaultGrounds({ ...ISSUED, status: 'CALLED' }, events, '2027-03-04')).toEqual(['C-002', 'R-PUT-2027-03-02', 'R-MATURITY']);
  });

  it('refuses without an overdue payment: on the payment date the paying agent may still pay', () => {
    expect(refusal(() => defaultGrounds(ISSUED, [event('C-001', 'ENTITLEMENTS_FIXED', '2027-03-02')], '2027-03-02'))).toBe(
      'INVALID_STATE_TRANSITION: CNTEST000015 has no payment overdue on 2027-03-02',
    );
    expect(refusal(() => defaultGrounds(ISSUED, [event('C-001', 'COMPLETE', '2027-03-02')], '2027-04-01'))).toMatch(/no payment overdue/);
    expect(refusal(() => defaultGrounds(ISSUED, [], '2027-04-01'))).toMatch(/no payment overdue/);
  });

  it('only a bond being serviced, ISSUED or CALLED, defaults', () => {
    const overdue = [event('C-001', 'ENTITLEMENTS_FIXED', '2027-03-02')];
    for (const status of ['APPROVED', 'SETTLING', 'REDEEMED', 'DEFAULTED'] as const) {
      expect(refusal(() => defaultGrounds({ ...ISSUED, status }, overdue, '2027-04-01'))).toBe(
        `INVALID_STATE_TRANSITION: bond CNTEST000015 is ${status}; this needs ISSUED or CALLED`,
      );
    }
  });
});
