/**
 * End to end through the gateways' HTTP API only, as institutions would use
 * it: a bond from registration to redemption; each error class with its
 * documented status and body, writing nothing; idempotent retries, also
 * across a gateway restart; asynchronous submission with a status resource
 * and the ledger's record of the transaction.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type {
  Bond,
  BondApplication,
  Entitlement,
  Holding,
  Member,
  PaymentEvent,
  PrimarySettlementBatch,
  Transfer,
} from '@bond-platform/chaincode/api';
import { freshNationalCode, termsAround, utcDate } from './bond-steps';
import { Api, ensureMembersOverHttp, mspOf } from './http-client';
import type { ErrorBody } from '../../src/http/errors';

const csdAdmin = new Api('csd', 'admin');
const csd = new Api('csd', 'operator1');
const bank = new Api('bank', 'operator1');
const bankAdmin = new Api('bank', 'admin');
const bankViewer = new Api('bank', 'viewer1');
const securities = new Api('securities', 'operator1');

function terms(couponDate: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return termsAround(couponDate, mspOf('bank'), { shortName: 'EXSEC HTTP', interestRate: '2.5', ...extra });
}

async function approvedBond(extra: Record<string, unknown> = {}): Promise<string> {
  const application = await securities.ok<BondApplication>('POST', '/bond-applications', terms(utcDate(), extra));
  return (await csd.ok<Bond>('POST', `/bond-applications/${application.applicationId}/approval`, { nationalCode: freshNationalCode() }))
    .isin;
}

beforeAll(ensureMembersOverHttp);

describe('a bond through the HTTP API, from registration to redemption', () => {
  it('registers, builds the book, allocates, settles, transfers, pays a coupon, and redeems on a call', async () => {
    const today = utcDate();
    const isin = await approvedBond({ callSchedule: [{ date: today, price: '101' }], callNoticeDays: 0 });
    expect((await bank.read<Bond>(`/bonds/${isin}`)).status).toBe('APPROVED');

    const now = Date.now();
    await securities.ok('POST', `/bonds/${isin}/book`, {
      bookType: 'FIXED_PRICE',
      opensAt: new Date(now - 60_000).toISOString(),
      closesAt: new Date(now + 600_000).toISOString(),
    });
    await bank.ok('POST', `/bonds/${isin}/bids`, { units: '700', accountId: 'PROPRIETARY' });
    await securities.ok('POST', `/bonds/${isin}/bids`, { units: '300', accountId: 'PROPRIETARY' });
    expect((await bank.get<ErrorBody>(`/bonds/${isin}/bids/${mspOf('securities')}`)).body.error.code).toBe('ACCESS_DENIED');
    await securities.ok('POST', `/bonds/${isin}/book/closure`);
    const allocation = await securities.ok<{ lines: { units: string }[] }>('POST', `/bonds/${isin}/allocation`, {});
    expect(allocation.lines.map((l) => l.units)).toEqual(['700', '300']);

    const { instructions, linesRemaining } = await csd.ok<PrimarySettlementBatch>('POST', `/bonds/${isin}/settlements`);
    expect(linesRemaining).toBe(0);
    for (const i of instructions) await csd.ok('POST', `/bonds/${isin}/settlements/${i.settlementId}/cash-confirmation`);
    expect((await csd.ok<Bond>('POST', `/bonds/${isin}/issuance-completion`)).status).toBe('ISSUED');

    const transfer = await bank.ok<Transfer>('POST', '/transfers', {
      isin,
      fromAccount: 'PROPRIETARY',
      to: mspOf('securities'),
      toAccount: 'PROPRIETARY',
      units: '100',
      cashAmount: '0',
      expiresAt: new Date(now + 3_600_000).toISOString(),
    });
    expect((await securities.ok<Transfer>('POST', `/transfers/${transfer.transferId}/affirmation`)).status).toBe('SETTLED');
    const holding = await bank.read<Holding>(`/bonds/${isin}/holdings/${mspOf('bank')}/PROPRIETARY`);
    expect(holding.units).toBe('600');

    await bank.ok('POST', `/bonds/${isin}/coupons/1/entitlements`);
    const entitlements = (await bank.read<{ records: Entitlement[] }>(`/bonds/${isin}/payment-events/C-001/entitlements`)).records;
    for (const e of entitlements)
      await bank.ok('POST', `/bonds/${isin}/payment-events/C-001/payments`, { holder: e.holder, accountId: e.accountId });
    expect((await bank.ok<PaymentEvent>('POST', `/bonds/${isin}/payment-events/C-001/completion`)).totalAmount).toBe('250000');

    await securities.ok('POST', `/bonds/${isin}/call`, { callDate: today });
    await csd.ok('POST', `/bonds/${isin}/redemptions`, { reason: 'CALL' });
    for (const e of (await bank.read<{ records: Entitlement[] }>(`/bonds/${isin}/payment-events/R-CALL/entitlements`)).records) {
      await bank.ok('POST', `/bonds/${isin}/payment-events/R-CALL/payments`, { holder: e.holder, accountId: e.accountId });
    }
    await bank.ok('POST', `/bonds/${isin}/payment-events/R-CALL/completion`);
    expect((await securities.read<Bond>(`/bonds/${isin}`)).status).toBe('REDEEMED');
    expect((await securities.read<{ outstandingUnits: string }>(`/bonds/${isin}/outstanding`)).outstandingUnits).toBe('0');
  });
});

describe('errors: documented status and body, nothing written', () => {
  it('400 for input that breaks the OpenAPI schema, naming the field', async () => {
    const response = await securities.post<ErrorBody>('/bond-applications', { ...terms(utcDate()), issueSize: 1000 });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(response.body.error.message).toContain('issueSize');
    expect(response.body.error.requestId).toBe(response.headers.get('x-request-id'));
    const malformed = await securities.request<ErrorBody>('POST', '/bond-applications', '{"shortName":', {});
    expect([malformed.status, malformed.body.error.code]).toEqual([400, 'INVALID_JSON']);
  });

  it('400 for input the chaincode refuses, with its stable code', async () => {
    const response = await securities.post<ErrorBody>('/bond-applications', terms(utcDate(), { maturityDate: '2000-01-01' }));
    expect([response.status, response.body.error.code]).toEqual([400, 'INVALID_ARGUMENT']);
  });

  it('401 without a valid API key, 403 for non-admins on admin routes and for refused roles', async () => {
    expect((await bank.request<ErrorBody>('GET', '/me', undefined, {}, null)).status).toBe(401);
    expect((await bank.request<ErrorBody>('GET', '/me', undefined, {}, 'bk_000000000000_forged')).body.error.code).toBe('UNAUTHENTICATED');
    const admit = { mspId: 'SneakyMSP', legalName: 'Sneaky', lei: '5493001KJTIIGC8Y1R12', roles: ['INVESTOR'] };
    expect((await bank.post<ErrorBody>('/members', admit)).body.error.code).toBe('ADMIN_REQUIRED');
    const asBankAdmin = await bankAdmin.post<ErrorBody>('/members', admit);
    expect([asBankAdmin.status, asBankAdmin.body.error.code]).toEqual([403, 'ADMIN_REQUIRED']);
    expect((await csdAdmin.get('/members/SneakyMSP')).status).toBe(404);
    const viewer = await bankViewer.put<ErrorBody>('/members/me/contact', { contactName: 'x', email: 'x@bank.example' });
    expect([viewer.status, viewer.body.error.code]).toEqual([403, 'ATTRIBUTE_REQUIRED']);
  });

  it('403 MEMBER_SUSPENDED for a suspended member, which writes nothing; 404 and 409 as documented', async () => {
    const bankMsp = mspOf('bank');
    await csdAdmin.ok('POST', `/members/${bankMsp}/suspension`, { reason: 'http test' });
    try {
      const before = await csdAdmin.read<Member>(`/members/${bankMsp}`);
      const refused = await bank.put<ErrorBody>('/members/me/contact', { contactName: 'Desk', email: 'desk@bank.example' });
      expect([refused.status, refused.body.error.code]).toEqual([403, 'MEMBER_SUSPENDED']);
      expect(await csdAdmin.read<Member>(`/members/${bankMsp}`)).toEqual(before);
    } finally {
      await csdAdmin.ok('POST', `/members/${bankMsp}/reinstatement`, { reason: 'http test done' });
    }
    const missing = await bank.get<ErrorBody>('/bonds/CN0000000000');
    expect([missing.status, missing.body.error.code]).toEqual([404, 'NOT_FOUND']);
    expect((await bank.get<ErrorBody>('/no/such/route')).status).toBe(404);
    const application = await securities.ok<BondApplication>('POST', '/bond-applications', terms(utcDate()));
    await csd.ok('POST', `/bond-applications/${application.applicationId}/rejection`, { reason: 'incomplete prospectus' });
    const again = await csd.post<ErrorBody>(`/bond-applications/${application.applicationId}/approval`, {
      nationalCode: freshNationalCode(),
    });
    expect([again.status, again.body.error.code]).toEqual([409, 'INVALID_STATE_TRANSITION']);
  });
});

describe('idempotency and asynchronous submission', () => {
  it('returns the first outcome for a retried Idempotency-Key, also after the gateway restarts, and refuses a reused key', async () => {
    const key = `apply-${Date.now()}`;
    const body = terms(utcDate(), { shortName: 'EXSEC IDEMPOTENT' });
    const first = await securities.post<{ transactionId: string; result: BondApplication }>('/bond-applications', body, {
      'Idempotency-Key': key,
    });
    expect(first.status).toBe(201);
    const retry = await securities.post<{ transactionId: string }>('/bond-applications', body, { 'Idempotency-Key': key });
    expect([retry.status, retry.body.transactionId, retry.headers.get('idempotent-replayed')]).toEqual([
      201,
      first.body.transactionId,
      'true',
    ]);

    execFileSync('bash', [path.resolve(__dirname, '../../../test-network-scripts/network.sh'), 'startGateways'], { stdio: 'ignore' });
    const afterRestart = await securities.post<{ transactionId: string }>('/bond-applications', body, { 'Idempotency-Key': key });
    expect([afterRestart.status, afterRestart.body.transactionId]).toEqual([201, first.body.transactionId]);
    const reused = await securities.post<ErrorBody>('/bond-applications', { ...body, shortName: 'OTHER' }, { 'Idempotency-Key': key });
    expect([reused.status, reused.body.error.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    // One application only: the retries made no transaction.
    const history = await securities.read<BondApplication>(`/bond-applications/${first.body.result.applicationId}`);
    expect(history.filed.txId).toBe(first.body.transactionId);
  });

  it('answers 202 with a status resource, then the ledger record of the committed transaction', async () => {
    const accepted = await securities.post<{ transactionId: string; status: string }>('/bond-applications', terms(utcDate()), {
      Prefer: 'respond-async',
    });
    expect([accepted.status, accepted.body.status]).toEqual([202, 'PENDING']);
    const location = accepted.headers.get('location');
    expect(location).toBe(`/transactions/${accepted.body.transactionId}`);
    let record: { status: string; validationCode?: string; endorserMspIds?: string[]; creatorMspId?: string; blockNumber?: string } = {
      status: 'PENDING',
    };
    for (let i = 0; i < 50 && record.status !== 'COMMITTED'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      record = (await securities.get<typeof record>(location!)).body;
    }
    expect(record).toMatchObject({ status: 'COMMITTED', validationCode: 'VALID', creatorMspId: mspOf('securities') });
    expect(record.endorserMspIds).toContain(mspOf('csd'));
    // Any member verifies it from its own peer.
    expect((await bank.read<{ validationCode: string }>(location!)).validationCode).toBe('VALID');
    expect((await bank.get(`/transactions/${'0'.repeat(64)}`)).status).toBe(404);
  });
});
