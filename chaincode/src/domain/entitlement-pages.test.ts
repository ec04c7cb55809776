import type { PaymentEvent } from '../api/servicing';
import { fromFraction, toFraction } from './day-count';
import type { CouponPeriod } from './coupon-schedule';
import { eventAfterPage, isFullyFixed } from './payment-event';
import { finalRedemptionBlocker } from './servicing-order';

const stamp = { mspId: 'CSDMSP', identity: 'x509::csd', timestamp: '2027-03-01T09:00:00.000Z', txId: 'tx1' };
const fixing: PaymentEvent = {
  isin: 'XS1',
  eventId: 'C-001',
  kind: 'COUPON',
  couponNumber: 1,
  recordDate: '2027-03-01',
  paymentDate: '2027-03-02',
  amountPerUnit: '285',
  amountPerUnitExact: '285/1',
  holders: 0,
  totalUnits: '0',
  totalAmount: '0',
  status: 'FIXING',
  fixedLate: false,
  fixed: stamp,
};

describe('an event fixed a page of holdings at a time', () => {
  it('carries its totals over and stays FIXING, with where to go on, until the register ends', () => {
    const first = eventAfterPage(fixing, {
      holders: 500,
      units: 500n,
      amount: 142_500n,
      complete: false,
      last: { holder: 'BankMSP', accountId: 'C00500' },
    });
    expect(first).toMatchObject({
      status: 'FIXING',
      holders: 500,
      totalUnits: '500',
      totalAmount: '142500',
      fixedThrough: { holder: 'BankMSP', accountId: 'C00500' },
    });
    const last = eventAfterPage(first, {
      holders: 200,
      units: 210n,
      amount: 59_850n,
      complete: true,
      last: { holder: 'FundMSP', accountId: 'PROP' },
    });
    expect(last).toMatchObject({ status: 'ENTITLEMENTS_FIXED', holders: 700, totalUnits: '710', totalAmount: '202350', fixed: stamp });
    expect(last.fixedThrough).toBeUndefined();
    expect(() => eventAfterPage(last, { holders: 0, units: 0n, amount: 0n, complete: true })).toThrow(/not being fixed/);
  });

  it('counts only a fully fixed event as fixed: a redemption cannot complete while a coupon due is FIXING', () => {
    expect(isFullyFixed(fixing)).toBe(false);
    expect(isFullyFixed({ status: 'ENTITLEMENTS_FIXED' })).toBe(true);
    const coupon1 = { number: 1, accrualEnd: '2027-03-02' } as CouponPeriod;
    expect(
      finalRedemptionBlocker(
        'R-MATURITY',
        [coupon1],
        [
          { eventId: 'C-001', status: 'FIXING' },
          { eventId: 'R-MATURITY', status: 'ENTITLEMENTS_FIXED' },
        ],
        0n,
      ),
    ).toMatch(/C-001 due by R-MATURITY not fixed yet/);
  });

  it('reads back the exact amount per unit it was created with', () => {
    for (const value of [
      { num: 1_069_893n, den: 3650n },
      { num: 285n, den: 1n },
    ])
      expect(fromFraction(toFraction(value))).toEqual(value);
    expect(() => fromFraction('1.5')).toThrow(/not a fraction/);
  });
});
