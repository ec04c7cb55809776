/**
 * A floating-rate note through the gateways' HTTP API (issue 18): DR007 +
 * 0.30 %, floor 2 %, cap 4.5 %, fixed one CN-IB business day before each
 * period. While its first fixing is not published the coupon is refused
 * (409 FIXING_MISSING), the due list names the fixing and the CSD's
 * scheduler records the coupon as WAITING instead of submitting it. The CSD
 * publishes both resets (each once: a second publication is 409); the
 * scheduler then fixes the first coupon at the floor, the bank as paying
 * agent pays both holders exactly, and the schedule shows the second
 * reset's rate and exact amount.
 *
 * The network's clock is real, so the first coupon falls today (record date
 * today, offset 0), after a long first period whose length changes from run
 * to run: its fixing date then differs between runs, so a fresh one is
 * normally missing. A fixing is published once per rate and date for the
 * whole network: a rerun that meets one already published uses the ledger's
 * rate, and the expected amounts are computed from the fixings on the ledger.
 */
import type { CouponSchedule, DueEvent, Entitlement, PaymentEvent, RateFixing } from '@bond-platform/chaincode/api';
import { termsAround, utcDate } from './bond-steps';
import { Api, ensureMembersOverHttp, mspOf } from './http-client';
import { issueOverHttp } from './http-issuance';
import type { ErrorBody } from '../../src/http/errors';

const csdAdmin = new Api('csd', 'admin');
const csd = new Api('csd', 'operator1');
const bank = new Api('bank', 'operator1');
const securities = new Api('securities', 'operator1');

const RATE = 'DR007';
const SPREAD_MICRO = 300_000n;
const FLOOR_MICRO = 2_000_000n;
const CAP_MICRO = 4_500_000n;

interface Run {
  actions: { action: string; isin: string; eventId?: string; outcome: string; waitingFor?: string }[];
}

/** A percentage string ("1.5") in millionths of a percent. */
function micro(percent: string): bigint {
  const [whole = '0', fraction = ''] = percent.split('.');
  return BigInt(whole) * 1_000_000n + BigInt(fraction.padEnd(6, '0'));
}

/** The period rate in millionths of a percent: fixing + spread within floor and cap. */
function periodRate(fixing: string): bigint {
  const rate = micro(fixing) + SPREAD_MICRO;
  return rate < FLOOR_MICRO ? FLOOR_MICRO : rate > CAP_MICRO ? CAP_MICRO : rate;
}

const days = (from: string, to: string): bigint => BigInt(Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000));

/** A holding's coupon on CNY 100.00 a unit under ACT/365: units × 10000 × rate × days / 365, rounded half up once. */
function coupon(units: bigint, rateMicro: bigint, accrualDays: bigint): bigint {
  const num = units * 10_000n * rateMicro * accrualDays;
  const den = 100n * 1_000_000n * 365n;
  return (num * 2n + den) / (2n * den);
}

/** "n/d" equals num/den exactly. */
function sameFraction(text: string | undefined, num: bigint, den: bigint): boolean {
  const [n, d] = (text ?? '0/1').split('/').map(BigInt) as [bigint, bigint];
  return n * den === num * d;
}

/** The CSD publishes a fixing once; a rerun that finds it published takes the ledger's. */
async function publishOnce(fixingDate: string, rate: string): Promise<RateFixing> {
  const route = `/benchmarks/${RATE}/fixings/${fixingDate}`;
  const found = await csd.get<RateFixing>(route);
  if (found.status === 200) return found.body;
  return csd.ok<RateFixing>('PUT', route, { rate });
}

/** A value the test needs present. */
function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is missing`);
  return value;
}

/** The securities company issues the FRN; the bank buys 600 units, the securities company 400; the CSD settles. */
async function issueFrn(today: string, issueDate: string): Promise<string> {
  const terms = termsAround(today, mspOf('bank'), {
    shortName: 'EXSEC FRN',
    interestType: 'FLOATING',
    interestRate: undefined,
    floatingRate: { referenceRate: RATE, spread: '0.3', fixingLagBusinessDays: 1, floor: '2', cap: '4.5' },
    dayCountFraction: 'ACT/365',
    issueDate,
    firstCouponDate: today,
  });
  return issueOverHttp({ csd, issuer: securities }, terms, [
    { bidder: bank, units: '600', accountId: 'PROPRIETARY' },
    { bidder: securities, units: '400', accountId: 'PROPRIETARY' },
  ]);
}

/** The first coupon waits for its fixing: refused, named in the due list, WAITING in the scheduler's run, nothing written. */
async function expectWaitingForFixing(isin: string, today: string, fixingDate: string): Promise<void> {
  const refused = await bank.post<ErrorBody>(`/bonds/${isin}/coupons/1/entitlements`);
  expect([refused.status, refused.body.error.code]).toEqual([409, 'FIXING_MISSING']);
  const due = await bank.read<DueEvent[]>(`/bonds/${isin}/due-events?date=${today}`);
  expect(due).toEqual([expect.objectContaining({ eventId: 'C-001', fixed: false, missingFixing: { referenceRate: RATE, fixingDate } })]);
  const waiting = (await csdAdmin.post<Run>('/admin/scheduler/run')).body;
  expect(waiting.actions).toContainEqual(
    expect.objectContaining({ action: 'FixCouponEntitlements', isin, eventId: 'C-001', outcome: 'WAITING' }),
  );
  expect(await bank.read<PaymentEvent[]>(`/bonds/${isin}/payment-events`)).toEqual([]);
}

/** The bank, no benchmark administrator, may not publish (benchmark-administrator.test.ts shows one that may); not before its date either. */
async function expectPublicationRules(fixingDate: string): Promise<void> {
  const byBank = await bank.put<ErrorBody>(`/benchmarks/${RATE}/fixings/${fixingDate}`, { rate: '1.5' });
  expect([byBank.status, byBank.body.error.code]).toEqual([403, 'ROLE_REQUIRED']);
  const tomorrow = await csd.put<ErrorBody>(`/benchmarks/${RATE}/fixings/${utcDate(1)}`, { rate: '1.5' });
  expect([tomorrow.status, tomorrow.body.error.code]).toEqual([422, 'OUTSIDE_WINDOW']);
}

beforeAll(ensureMembersOverHttp);

describe('a floating-rate note through the HTTP API', () => {
  it('waits for its fixing, then pays two holders exactly at the floor; the second reset shows in the schedule', async () => {
    const today = utcDate();
    // A long first period of one year and 1 to 240 days: a different first fixing date from run to run.
    const issueDate = utcDate(-(1 + (Math.floor(Date.now() / 60_000) % 240)), -1);
    const isin = await issueFrn(today, issueDate);

    const schedule = await bank.read<CouponSchedule>(`/bonds/${isin}/coupon-schedule`);
    expect(schedule.referenceRate).toBe(RATE);
    const first = must(schedule.coupons[0], 'coupon 1');
    const second = must(schedule.coupons[1], 'coupon 2');
    expect([first.accrualStart, first.accrualEnd, second.accrualStart]).toEqual([issueDate, today, today]);
    const firstFixingDate = must(first.fixingDate, 'fixing date 1');
    const secondFixingDate = must(second.fixingDate, 'fixing date 2');
    expect(firstFixingDate < issueDate && secondFixingDate < today).toBe(true);

    // Normally the first fixing is missing (see above): the coupon waits for it.
    if ((await bank.get(`/benchmarks/${RATE}/fixings/${firstFixingDate}`)).status === 404) {
      expect(first.rate).toBeUndefined();
      await expectWaitingForFixing(isin, today, firstFixingDate);
    }
    await expectPublicationRules(firstFixingDate);
    // 1.5 + 0.3 is below the 2 % floor; 2.65 + 0.3 = 2.95 % is inside floor and cap.
    const firstFixing = await publishOnce(firstFixingDate, '1.5');
    const secondFixing = await publishOnce(secondFixingDate, '2.65');
    const again = await csd.put<ErrorBody>(`/benchmarks/${RATE}/fixings/${firstFixingDate}`, { rate: '1.5' });
    expect([again.status, again.body.error.code]).toEqual([409, 'ALREADY_EXISTS']);
    expect(await bank.read<RateFixing>(`/benchmarks/${RATE}/fixings/${firstFixingDate}`)).toEqual(firstFixing);

    // The scheduler now fixes the coupon: each holding units × 10000 × rate × days / 365, rounded once.
    const run = (await csdAdmin.post<Run>('/admin/scheduler/run')).body;
    expect(run.actions).toContainEqual(
      expect.objectContaining({ action: 'FixCouponEntitlements', isin, eventId: 'C-001', outcome: 'DONE' }),
    );
    const rate1 = periodRate(firstFixing.rate);
    const days1 = days(issueDate, today);
    const [toBank, toSecurities] = [coupon(600n, rate1, days1), coupon(400n, rate1, days1)];
    const total = String(toBank + toSecurities);
    const event = must((await bank.read<PaymentEvent[]>(`/bonds/${isin}/payment-events`))[0], 'C-001');
    expect(event).toMatchObject({ eventId: 'C-001', status: 'ENTITLEMENTS_FIXED', holders: 2, totalUnits: '1000', totalAmount: total });
    expect(sameFraction(event.amountPerUnitExact, 10_000n * rate1 * days1, 100n * 1_000_000n * 365n)).toBe(true);

    const rows = (await bank.read<{ records: Entitlement[] }>(`/bonds/${isin}/payment-events/C-001/entitlements`)).records;
    const holderOf: Record<string, string> = { [mspOf('bank')]: 'bank', [mspOf('securities')]: 'securities' };
    expect(rows.map((e) => [holderOf[e.holder], e.units, e.amount])).toEqual([
      ['bank', '600', String(toBank)],
      ['securities', '400', String(toSecurities)],
    ]);
    for (const e of rows)
      await bank.ok('POST', `/bonds/${isin}/payment-events/C-001/payments`, { holder: e.holder, accountId: e.accountId });
    const completed = await bank.ok<PaymentEvent>('POST', `/bonds/${isin}/payment-events/C-001/completion`);
    expect([completed.status, completed.totalAmount]).toEqual(['COMPLETE', total]);

    // The second reset: its rate and exact amount per unit, before its record date (too early to fix).
    const rate2 = periodRate(secondFixing.rate);
    const next = must((await securities.read<CouponSchedule>(`/bonds/${isin}/coupon-schedule`)).coupons[1], 'coupon 2');
    expect(next).toMatchObject({ fixingDate: secondFixingDate, fixing: secondFixing.rate });
    expect(micro(must(next.rate, 'rate 2'))).toBe(rate2);
    const days2 = days(today, next.accrualEnd);
    expect(sameFraction(next.amountPerUnitExact, 10_000n * rate2 * days2, 100n * 1_000_000n * 365n)).toBe(true);
    const early = await bank.post<ErrorBody>(`/bonds/${isin}/coupons/2/entitlements`);
    expect([early.status, early.body.error.code]).toEqual([422, 'OUTSIDE_WINDOW']);
  });
});
