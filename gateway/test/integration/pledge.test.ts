/**
 * Pledges through the gateways' HTTP API only (issue 18): the bank pledges
 * units of its holding to the securities company; a transfer of pledged
 * units is refused, writing nothing; an enforceable pledge is enforced and
 * its units move to the pledgee; the coupon on units still pledged goes as
 * the pledge's terms say: its share to the pledgee of the pledge made with
 * couponsTo PLEDGEE, the rest to the holder; the pledgee releases the rest;
 * outstanding never changes.
 *
 * The network's clock is real: the bond's first coupon and record date are
 * today (termsAround), so the enforcement, a delivery, comes before the
 * coupon's entitlements are fixed (after the fix, the day's register is
 * closed to deliveries).
 */
import type { Entitlement, HoldingPosition, PaymentEvent, Pledge } from '@bond-platform/chaincode/api';
import { termsAround, utcDate } from './bond-steps';
import { Api, ensureMembersOverHttp, mspOf } from './http-client';
import { issueOverHttp } from './http-issuance';
import type { ErrorBody } from '../../src/http/errors';

const csd = new Api('csd', 'operator1');
const bank = new Api('bank', 'operator1');
const securities = new Api('securities', 'operator1');

/** A bond issued over HTTP with its first coupon today: the bank holds 600 units, the securities company 400, both in PROPRIETARY. */
async function issuedBond(): Promise<string> {
  const terms = termsAround(utcDate(), mspOf('bank'), { shortName: 'EXSEC PLEDGE' });
  return issueOverHttp({ csd, issuer: securities }, terms, [
    { bidder: bank, units: '600', accountId: 'PROPRIETARY' },
    { bidder: securities, units: '400', accountId: 'PROPRIETARY' },
  ]);
}

beforeAll(ensureMembersOverHttp);

describe('pledges through the HTTP API', () => {
  it('pledges, refuses a transfer of pledged units, enforces, pays the coupon on pledged units to the holder, and releases', async () => {
    const isin = await issuedBond();
    const [bankMsp, securitiesMsp] = [mspOf('bank'), mspOf('securities')];
    const bankHolding = `/bonds/${isin}/holdings/${bankMsp}/PROPRIETARY`;
    const outstanding = async () => (await csd.read<{ outstandingUnits: string }>(`/bonds/${isin}/outstanding`)).outstandingUnits;

    // Two pledges to the securities company: one it may enforce, one it may not.
    const enforceable = await bank.ok<Pledge>('POST', `${bankHolding}/pledges`, {
      pledgee: securitiesMsp,
      units: '100',
      reference: 'REPO-1',
      enforceable: true,
    });
    const held = await bank.ok<Pledge>('POST', `${bankHolding}/pledges`, {
      pledgee: securitiesMsp,
      units: '200',
      reference: 'LOAN-2',
      enforceable: false,
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      couponsTo: 'PLEDGEE',
    });
    expect(enforceable).toMatchObject({ pledgor: bankMsp, pledgee: securitiesMsp, status: 'ACTIVE', couponsTo: 'PLEDGOR' });
    expect(await bank.read<HoldingPosition>(bankHolding)).toMatchObject({ units: '600', pledgedUnits: '300', availableUnits: '300' });
    expect((await securities.read<Pledge>(`/pledges/${held.pledgeId}`)).units).toBe('200');
    const listed = await bank.read<Pledge[]>(`${bankHolding}/pledges`);
    expect(listed.map((p) => p.pledgeId).sort()).toEqual([enforceable.pledgeId, held.pledgeId].sort());

    // Pledged units do not move: a transfer needing them is refused and writes nothing.
    const before = await bank.read<HoldingPosition>(bankHolding);
    const transfer = await bank.post<ErrorBody>('/transfers', {
      isin,
      fromAccount: 'PROPRIETARY',
      to: securitiesMsp,
      toAccount: 'PROPRIETARY',
      units: '301',
      cashAmount: '0',
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect([transfer.status, transfer.body.error.code]).toEqual([422, 'HOLDING_FROZEN']);
    // Pledging the pledged units again is refused too.
    const again = await bank.post<ErrorBody>(`${bankHolding}/pledges`, {
      pledgee: securitiesMsp,
      units: '301',
      reference: 'REPO-3',
      enforceable: true,
    });
    expect([again.status, again.body.error.code]).toEqual([422, 'HOLDING_FROZEN']);
    expect(await bank.read<HoldingPosition>(bankHolding)).toEqual(before);

    // Only the pledgee enforces, only where the terms allow it; the units move to its account.
    const byPledgor = await bank.post<ErrorBody>(`/pledges/${enforceable.pledgeId}/enforcement`, { accountId: 'PROPRIETARY' });
    expect([byPledgor.status, byPledgor.body.error.code]).toEqual([403, 'NOT_A_PARTY']);
    const notEnforceable = await securities.post<ErrorBody>(`/pledges/${held.pledgeId}/enforcement`, { accountId: 'COLLATERAL' });
    expect([notEnforceable.status, notEnforceable.body.error.code]).toEqual([409, 'INVALID_STATE_TRANSITION']);
    const enforced = await securities.ok<Pledge>('POST', `/pledges/${enforceable.pledgeId}/enforcement`, { accountId: 'COLLATERAL' });
    expect(enforced).toMatchObject({ status: 'ENFORCED', enforcedTo: 'COLLATERAL' });
    expect(await bank.read<HoldingPosition>(bankHolding)).toMatchObject({ units: '500', pledgedUnits: '200', availableUnits: '300' });
    expect((await securities.read<HoldingPosition>(`/bonds/${isin}/holdings/${securitiesMsp}/COLLATERAL`)).units).toBe('100');
    expect(await outstanding()).toBe('1000');

    // The coupon on the holding: 500 units × CNY 3.10, of which the 200 units pledged with couponsTo PLEDGEE pay the pledgee.
    await bank.ok('POST', `/bonds/${isin}/coupons/1/entitlements`);
    const entitlements = (await bank.read<{ records: Entitlement[] }>(`/bonds/${isin}/payment-events/C-001/entitlements`)).records;
    expect(entitlements.filter((e) => e.holder === bankMsp).map((e) => [e.accountId, e.units, e.amount, e.pledgeeShares])).toEqual([
      ['PROPRIETARY', '500', '155000', [{ pledgeId: held.pledgeId, pledgee: securitiesMsp, units: '200', amount: '62000' }]],
    ]);
    for (const e of entitlements)
      await bank.ok('POST', `/bonds/${isin}/payment-events/C-001/payments`, { holder: e.holder, accountId: e.accountId });
    expect((await bank.ok<PaymentEvent>('POST', `/bonds/${isin}/payment-events/C-001/completion`)).totalAmount).toBe('310000');

    // Before its expiry only the pledgee releases; then the units are free again.
    const early = await bank.post<ErrorBody>(`/pledges/${held.pledgeId}/release`);
    expect([early.status, early.body.error.code]).toEqual([403, 'NOT_A_PARTY']);
    expect((await securities.ok<Pledge>('POST', `/pledges/${held.pledgeId}/release`)).status).toBe('RELEASED');
    expect(await bank.read<HoldingPosition>(bankHolding)).toMatchObject({ units: '500', pledgedUnits: '0', availableUnits: '500' });
    expect(await bank.read<Pledge[]>(`${bankHolding}/pledges`)).toEqual([]);
    expect(await outstanding()).toBe('1000');
  });
});
