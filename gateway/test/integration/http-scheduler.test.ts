/**
 * The CSD gateway's scheduler on the real network: it closes a book whose
 * window has passed, fixes a coupon whose record date has come and expires
 * a transfer instruction left unsettled, catching up on whatever is due; a
 * second run finds nothing left to do; its state is visible to admins only.
 */
import type { Bond, BondApplication, PaymentEvent, PrimarySettlementBatch, Transfer } from '@bond-platform/chaincode/api';
import { freshNationalCode, termsAround, utcDate } from './bond-steps';
import { Api, ensureMembersOverHttp, mspOf } from './http-client';

const csdAdmin = new Api('csd', 'admin');
const csd = new Api('csd', 'operator1');
const bank = new Api('bank', 'operator1');
const securities = new Api('securities', 'operator1');

interface Run {
  actions: { action: string; isin: string; eventId?: string; transferId?: string; outcome: string }[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The bond the first test issues: the bank holds 100 units of it. */
let issuedIsin = '';
/** Instructed by the first test, left unsettled for the second. */
let pendingTransfer: Transfer | undefined;

beforeAll(ensureMembersOverHttp);

describe('lifecycle scheduler', () => {
  it('closes an expired book and fixes a due coupon, idempotently', async () => {
    const application = await securities.ok<BondApplication>(
      'POST',
      '/bond-applications',
      termsAround(utcDate(), mspOf('bank'), { shortName: 'EXSEC SCHEDULED', issueSize: '100', interestRate: '2' }),
    );
    const { isin } = await csd.ok<Bond>('POST', `/bond-applications/${application.applicationId}/approval`, {
      nationalCode: freshNationalCode(),
    });
    issuedIsin = isin;
    const now = Date.now();
    await securities.ok('POST', `/bonds/${isin}/book`, {
      bookType: 'FIXED_PRICE',
      opensAt: new Date(now - 60_000).toISOString(),
      closesAt: new Date(now + 3_000).toISOString(),
    });
    await bank.ok('POST', `/bonds/${isin}/bids`, { units: '100', accountId: 'PROPRIETARY' });
    await sleep(4_000);

    const first = (await csdAdmin.post<Run>('/admin/scheduler/run')).body;
    expect(first.actions).toContainEqual(expect.objectContaining({ action: 'CloseBook', isin, outcome: 'DONE' }));
    expect((await securities.read<{ status: string }>(`/bonds/${isin}/book`)).status).toBe('CLOSED');

    await securities.ok('POST', `/bonds/${isin}/allocation`, {});
    for (const i of (await csd.ok<PrimarySettlementBatch>('POST', `/bonds/${isin}/settlements`)).instructions) {
      await csd.ok('POST', `/bonds/${isin}/settlements/${i.settlementId}/cash-confirmation`);
    }
    await csd.ok('POST', `/bonds/${isin}/issuance-completion`);
    // For the next test: instructed before the coupon is fixed, since deliveries of a record date stop once it is fixed.
    pendingTransfer = await bank.ok<Transfer>('POST', '/transfers', {
      isin,
      fromAccount: 'PROPRIETARY',
      to: mspOf('securities'),
      toAccount: 'TRADING',
      units: '10',
      expiresAt: new Date(Date.now() + 30_000).toISOString(),
    });

    const second = (await csdAdmin.post<Run>('/admin/scheduler/run')).body;
    expect(second.actions).toContainEqual(
      expect.objectContaining({ action: 'FixCouponEntitlements', isin, eventId: 'C-001', outcome: 'DONE' }),
    );
    const events = await bank.read<PaymentEvent[]>(`/bonds/${isin}/payment-events`);
    expect(events.map((e) => [e.eventId, e.totalAmount])).toEqual([['C-001', '20000']]);

    const third = (await csdAdmin.post<Run>('/admin/scheduler/run')).body;
    expect(third.actions.filter((a) => a.isin === isin)).toEqual([]);
    const state = await csdAdmin.read<{ lastRun: Run; intervalSeconds: number }>('/admin/scheduler');
    expect(state.lastRun).toEqual(third);
    expect((await csd.get('/admin/scheduler')).status).toBe(403);
    expect((await new Api('bank', 'admin').get('/admin/scheduler')).status).toBe(404);
  });

  it('expires a transfer instruction left unsettled past its expiry, once', async () => {
    const transfer = pendingTransfer!;
    expect(transfer.isin).toBe(issuedIsin);
    expect((await csd.get<unknown[]>(`/expired-transfers?asOf=${encodeURIComponent(new Date().toISOString())}`)).body).not.toContainEqual(
      expect.objectContaining({ transferId: transfer.transferId }),
    );
    await sleep(Math.max(0, Date.parse(transfer.expiresAt) - Date.now()) + 1_000);
    const run = (await csdAdmin.post<Run>('/admin/scheduler/run')).body;
    expect(run.actions).toContainEqual(
      expect.objectContaining({ action: 'ExpireTransfer', transferId: transfer.transferId, outcome: 'DONE' }),
    );
    expect((await bank.read<Transfer>(`/transfers/${transfer.transferId}`)).status).toBe('EXPIRED');
    const again = (await csdAdmin.post<Run>('/admin/scheduler/run')).body;
    expect(again.actions.filter((a) => a.transferId === transfer.transferId)).toEqual([]);
    expect((await bank.get(`/expired-transfers?asOf=${encodeURIComponent(new Date().toISOString())}`)).status).toBe(403);
  });
});
