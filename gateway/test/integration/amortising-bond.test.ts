/**
 * An amortising bond with a partial call through the gateways' HTTP API
 * (issue 18): 25 % of the principal is repaid on the first coupon date
 * (today, on the real clock) and the issuer calls a further 10 % at 100.5 on
 * the second. The CSD's scheduler fixes the coupon and the amortisation;
 * the bank as paying agent pays both holders, pro rata and rounded once
 * each, and the units outstanding do not change. The schedule then shows
 * the later coupons on the principal left.
 */
import type { Bond, CouponSchedule, Entitlement, PaymentEvent } from '@bond-platform/chaincode/api';
import { termsAround, utcDate } from './bond-steps';
import { Api, ensureMembersOverHttp, mspOf } from './http-client';
import { issueOverHttp } from './http-issuance';
import type { ErrorBody } from '../../src/http/errors';

const csdAdmin = new Api('csd', 'admin');
const csd = new Api('csd', 'operator1');
const bank = new Api('bank', 'operator1');
const securities = new Api('securities', 'operator1');

interface Run {
  actions: { action: string; isin: string; eventId?: string; outcome: string }[];
}

const holderOf = (msp: string): string => ({ [mspOf('bank')]: 'bank', [mspOf('securities')]: 'securities' })[msp] ?? msp;

/** The event's entitlements as [holder, units, amount], after the bank pays each and completes it. */
async function payAndComplete(isin: string, eventId: string): Promise<string[][]> {
  const rows = (await bank.read<{ records: Entitlement[] }>(`/bonds/${isin}/payment-events/${eventId}/entitlements`)).records;
  for (const e of rows)
    await bank.ok('POST', `/bonds/${isin}/payment-events/${eventId}/payments`, { holder: e.holder, accountId: e.accountId });
  const completed = await bank.ok<PaymentEvent>('POST', `/bonds/${isin}/payment-events/${eventId}/completion`);
  expect(completed.status).toBe('COMPLETE');
  return rows.map((e) => [holderOf(e.holder), e.units, e.amount]);
}

beforeAll(ensureMembersOverHttp);

describe('an amortising bond through the HTTP API', () => {
  it('repays a quarter of every unit, takes a partial call, and accrues the later coupons on what is left', async () => {
    const today = utcDate();
    const secondCouponDate = utcDate(0, 1);
    const terms = termsAround(today, mspOf('bank'), {
      shortName: 'EXSEC AMORT',
      amortisationSchedule: [{ date: today, percent: '25' }],
      callSchedule: [{ date: secondCouponDate, price: '100.5' }],
    });
    const isin = await issueOverHttp({ csd, issuer: securities }, terms, [
      { bidder: bank, units: '600', accountId: 'PROPRIETARY' },
      { bidder: securities, units: '400', accountId: 'PROPRIETARY' },
    ]);
    expect((await bank.read<Bond>(`/bonds/${isin}`)).cfi).toBe('DBFUBR');

    // The scheduler fixes today's coupon (3.1 % of 10000) and amortisation (25 % of 10000) from the register.
    const run = (await csdAdmin.post<Run>('/admin/scheduler/run')).body;
    for (const eventId of ['C-001', `R-AMORTISATION-${today}`]) {
      expect(run.actions).toContainEqual(expect.objectContaining({ isin, eventId, outcome: 'DONE' }));
    }
    expect(await payAndComplete(isin, 'C-001')).toEqual([
      ['bank', '600', '186000'],
      ['securities', '400', '124000'],
    ]);
    const amortisation = (await bank.read<PaymentEvent[]>(`/bonds/${isin}/payment-events`)).find(
      (e) => e.eventId === `R-AMORTISATION-${today}`,
    );
    expect(amortisation).toMatchObject({
      kind: 'PARTIAL_REDEMPTION',
      reason: 'AMORTISATION',
      principalPercent: '25',
      totalAmount: '2500000',
    });
    expect(await payAndComplete(isin, `R-AMORTISATION-${today}`)).toEqual([
      ['bank', '600', '1500000'],
      ['securities', '400', '1000000'],
    ]);
    // Nothing retired: the units stay, each on 75 % of its face value.
    expect((await csd.read<{ outstandingUnits: string }>(`/bonds/${isin}/outstanding`)).outstandingUnits).toBe('1000');

    // Only the issuer calls, and a partial call must leave principal outstanding.
    const byBank = await bank.post<ErrorBody>(`/bonds/${isin}/partial-calls`, { callDate: secondCouponDate, percent: '10' });
    expect([byBank.status, byBank.body.error.code]).toEqual([403, 'ROLE_REQUIRED']);
    const tooMuch = await securities.post<ErrorBody>(`/bonds/${isin}/partial-calls`, { callDate: secondCouponDate, percent: '75' });
    expect([tooMuch.status, tooMuch.body.error.code]).toEqual([400, 'INVALID_ARGUMENT']);
    const called = await securities.ok<Bond>('POST', `/bonds/${isin}/partial-calls`, { callDate: secondCouponDate, percent: '10' });
    expect([called.status, called.partialCalls?.map((c) => [c.callDate, c.percent, c.price])]).toEqual([
      'ISSUED',
      [[secondCouponDate, '10', '100.5']],
    ]);

    const schedule = await bank.read<CouponSchedule>(`/bonds/${isin}/coupon-schedule`);
    expect(schedule.coupons.map((c) => [c.principalPercent, c.amountPerUnit])).toEqual([
      ['100', '310.000000'],
      ['75', '232.500000'],
      ['65', '201.500000'],
    ]);
    expect(
      schedule.principalRepayments?.map((r) => [r.reason, r.date, r.percent, r.price, r.principalPercentAfter, r.amountPerUnit]),
    ).toEqual([
      ['AMORTISATION', today, '25', '100', '75', '2500.000000'],
      ['PARTIAL_CALL', secondCouponDate, '10', '100.5', '65', '1005.000000'],
    ]);
    // The partial call is fixed from its record date, not before.
    const early = await bank.post<ErrorBody>(`/bonds/${isin}/redemptions`, { reason: 'PARTIAL_CALL', date: secondCouponDate });
    expect([early.status, early.body.error.code]).toEqual([422, 'OUTSIDE_WINDOW']);
  });
});
