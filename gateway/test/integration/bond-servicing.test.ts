/**
 * The second half of a bond's life on the real network. An issued bond with
 * two holders goes through a record date, a coupon the paying agent (the
 * bank) pays to each holder, an issuer call, and redemption to REDEEMED; a
 * bond whose coupon is not paid by its due date is put in DEFAULT by the CSD.
 *
 * The chaincode takes "now" from the transaction timestamp, so the bonds are
 * dated around today: issued a year ago, with a coupon (and a call date)
 * today, whose record date is today (offset 0): issuance must settle before
 * the first record date has passed, so a bond whose coupon fell due
 * yesterday can no longer be issued, and a default (a fixed payment overdue
 * after its payment date) cannot be reached on a real clock within one run;
 * the unit tests cover DEFAULTED.
 */
import { type Contract } from '@hyperledger/fabric-gateway';
import { type Bond, type CouponSchedule, type Entitlement, ErrorCode, type PaymentEvent } from '@bond-platform/chaincode/api';
import { issueBond, termsAround, utcDate } from './bond-steps';
import { expectRefused, json, Participants } from './participants';

const participants = new Participants();
afterAll(() => {
  participants.close();
});

const as = (org: string, contract: string): Contract => participants.contract(org, 'operator1', contract);
const orgOf: Record<string, string> = {};

function terms(couponDate: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return termsAround(couponDate, participants.mspId('bank'), { shortName: 'EXSEC SERVICED', ...extra });
}

/** The paying agent confirms every entitlement of an event; redemptions need the holder's endorsement too. */
async function payEveryone(isin: string, eventId: string): Promise<Entitlement[]> {
  const entitlements = json<{ records: Entitlement[] }>(
    await as('bank', 'Servicing').evaluateTransaction('ListEntitlements', isin, eventId, '100', ''),
  ).records;
  for (const e of entitlements) {
    const endorsers = [...new Set([participants.mspId('csd'), participants.mspId('bank'), e.holder])];
    await as('bank', 'Servicing').submit('ConfirmPayment', {
      arguments: [isin, eventId, e.holder, e.accountId],
      endorsingOrganizations: endorsers,
    });
  }
  return entitlements;
}

beforeAll(async () => {
  await participants.ensureFoundingMembers();
  for (const org of ['csd', 'bank', 'securities']) orgOf[participants.mspId(org)] = org;
});

describe('bond servicing on the network', () => {
  it('pays a coupon to both holders, lets the issuer call, and redeems the bond to REDEEMED', async () => {
    const today = utcDate();
    const isin = await issueBond(participants, terms(today, { callSchedule: [{ date: today, price: '100.5' }], callNoticeDays: 0 }));

    const schedule = json<CouponSchedule>(await as('securities', 'Servicing').evaluateTransaction('GetCouponSchedule', isin));
    expect(schedule.coupons[0]).toMatchObject({ number: 1, paymentDate: today, amountPerUnit: '310.000000' });
    await expectRefused(as('csd', 'Servicing').submitTransaction('FixCouponEntitlements', isin, '2'), ErrorCode.OUTSIDE_WINDOW);

    const coupon = json<PaymentEvent>(await as('bank', 'Servicing').submitTransaction('FixCouponEntitlements', isin, '1'));
    expect(coupon).toMatchObject({ eventId: 'C-001', holders: 2, totalUnits: '1000', totalAmount: '310000', fixedLate: false });
    await expectRefused(
      as('securities', 'Servicing').submitTransaction('ConfirmPayment', isin, 'C-001', participants.mspId('bank'), 'PROPRIETARY'),
      ErrorCode.ROLE_REQUIRED,
    );
    await expectRefused(
      as('bank', 'Servicing').submitTransaction('CompletePaymentEvent', isin, 'C-001'),
      ErrorCode.INVALID_STATE_TRANSITION,
    );
    const paid = await payEveryone(isin, 'C-001');
    expect(paid.map((e) => [orgOf[e.holder], e.amount])).toEqual([
      ['bank', '186000'],
      ['securities', '124000'],
    ]);
    expect(json<PaymentEvent>(await as('bank', 'Servicing').submitTransaction('CompletePaymentEvent', isin, 'C-001')).status).toBe(
      'COMPLETE',
    );

    await expectRefused(as('bank', 'Servicing').submitTransaction('CallBond', isin, today), ErrorCode.ROLE_REQUIRED);
    expect(json<Bond>(await as('securities', 'Servicing').submitTransaction('CallBond', isin, today)).status).toBe('CALLED');
    const redemption = json<PaymentEvent>(
      await as('csd', 'Servicing').submitTransaction('FixRedemptionEntitlements', JSON.stringify({ isin, reason: 'CALL' })),
    );
    expect(redemption).toMatchObject({ eventId: 'R-CALL', price: '100.5', totalAmount: '10050000' });
    await payEveryone(isin, 'R-CALL');
    const outstanding = json<{ outstandingUnits: string }>(await as('csd', 'Custody').evaluateTransaction('GetOutstanding', isin));
    expect(outstanding.outstandingUnits).toBe('0');
    await as('bank', 'Servicing').submitTransaction('CompletePaymentEvent', isin, 'R-CALL');
    expect(json<Bond>(await as('bank', 'Bonds').evaluateTransaction('GetBond', isin)).status).toBe('REDEEMED');
    await expectRefused(as('csd', 'Servicing').submitTransaction('FixCouponEntitlements', isin, '2'), ErrorCode.INVALID_STATE_TRANSITION);

    const events = json<PaymentEvent[]>(await as('securities', 'Servicing').evaluateTransaction('ListPaymentEvents', isin));
    expect(events.map((e) => [e.eventId, e.status])).toEqual([
      ['C-001', 'COMPLETE'],
      ['R-CALL', 'COMPLETE'],
    ]);
  });

  it('lets only the CSD declare a default, and only once a fixed payment is overdue', async () => {
    const isin = await issueBond(participants, terms(utcDate()));
    await expectRefused(
      as('csd', 'Servicing').submitTransaction('DeclareDefault', isin, 'coupon unpaid'),
      ErrorCode.INVALID_STATE_TRANSITION,
    );
    await as('csd', 'Servicing').submitTransaction('FixCouponEntitlements', isin, '1');
    await expectRefused(as('bank', 'Servicing').submitTransaction('DeclareDefault', isin, 'coupon unpaid'), ErrorCode.ROLE_REQUIRED);
    // Payable today: not overdue until tomorrow.
    await expectRefused(
      as('csd', 'Servicing').submitTransaction('DeclareDefault', isin, 'coupon unpaid'),
      ErrorCode.INVALID_STATE_TRANSITION,
    );
    expect(json<Bond>(await as('bank', 'Bonds').evaluateTransaction('GetBond', isin)).status).toBe('ISSUED');
  });
});
