/**
 * Lists of pledges and a pledge's expiry through the gateways' HTTP API only
 * (issue 18): a bond's pledges, a pledgee's pledges across bonds, page by
 * page; a pledge that expires while the test runs: before its expiry only
 * the pledgee may release it; after it the pledgee may no longer enforce
 * (refused, writing nothing), the CSD's list and its scheduler's run report
 * it as expired, and the holder releases it itself.
 *
 * The network's clock is real and a pledge's expiry must be in the future
 * when it is made, so the expiring pledge expires 15 s after it is made and
 * the test waits for that.
 */
import type { HoldingPosition, Page, Pledge } from '@bond-platform/chaincode/api';
import { termsAround, utcDate } from './bond-steps';
import { Api, ensureMembersOverHttp, mspOf } from './http-client';
import { issueOverHttp } from './http-issuance';
import type { ErrorBody } from '../../src/http/errors';

const csd = new Api('csd', 'operator1');
const csdAdmin = new Api('csd', 'admin');
const bank = new Api('bank', 'operator1');
const securities = new Api('securities', 'operator1');

interface Run {
  actions: { action: string; isin: string; pledgeId?: string; outcome: string; expiresAt?: string }[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every record of a paged list route, following its bookmark as the next page's cursor. */
async function allPages<T>(api: Api, route: string, pageSize = 2): Promise<T[]> {
  const records: T[] = [];
  const separator = route.includes('?') ? '&' : '?';
  let cursor = '';
  do {
    const query = `${separator}pageSize=${pageSize}${cursor === '' ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
    const page = await api.read<Page<T>>(`${route}${query}`);
    records.push(...page.records);
    cursor = page.bookmark;
  } while (cursor !== '');
  return records;
}

const ids = (pledges: Pledge[]) => pledges.map((p) => p.pledgeId).sort();

/**
 * A bond issued over HTTP with its first coupon in 60 days (no record date
 * today closing the register): the bank holds 600 units, the securities
 * company 400, both in PROPRIETARY.
 */
async function issuedBond(): Promise<string> {
  const couponDate = utcDate(60).endsWith('-02-29') ? utcDate(61) : utcDate(60);
  const terms = termsAround(couponDate, mspOf('bank'), { shortName: 'EXSEC PLEDGE LISTS' });
  return issueOverHttp({ csd, issuer: securities }, terms, [
    { bidder: bank, units: '600', accountId: 'PROPRIETARY' },
    { bidder: securities, units: '400', accountId: 'PROPRIETARY' },
  ]);
}

let isin = '';

beforeAll(async () => {
  await ensureMembersOverHttp();
  isin = await issuedBond();
});

describe('pledge lists and expiry through the HTTP API', () => {
  it("lists a bond's pledges, and a pledgee's, page by page, of every status", async () => {
    const [bankMsp, securitiesMsp] = [mspOf('bank'), mspOf('securities')];
    const bankHolding = `/bonds/${isin}/holdings/${bankMsp}/PROPRIETARY`;
    const toSecurities = [
      await bank.ok<Pledge>('POST', `${bankHolding}/pledges`, {
        pledgee: securitiesMsp,
        units: '10',
        reference: 'LIST-1',
        enforceable: true,
      }),
      await bank.ok<Pledge>('POST', `${bankHolding}/pledges`, {
        pledgee: securitiesMsp,
        units: '20',
        reference: 'LIST-2',
        enforceable: false,
      }),
      await bank.ok<Pledge>('POST', `${bankHolding}/pledges`, {
        pledgee: securitiesMsp,
        units: '30',
        reference: 'LIST-3',
        enforceable: false,
      }),
    ];
    const toBank = await securities.ok<Pledge>('POST', `/bonds/${isin}/holdings/${securitiesMsp}/PROPRIETARY/pledges`, {
      pledgee: bankMsp,
      units: '40',
      reference: 'LIST-4',
      enforceable: false,
    });
    const released = await securities.ok<Pledge>('POST', `/pledges/${toSecurities[2]!.pledgeId}/release`);
    expect(released.status).toBe('RELEASED');

    // The bond's pledges, all of them or the securities company's, whoever asks; released ones too.
    const ofBond = await allPages<Pledge>(bank, `/bonds/${isin}/pledges`);
    expect(ids(ofBond)).toEqual(ids([...toSecurities, toBank]));
    expect(ofBond.find((p) => p.pledgeId === released.pledgeId)?.status).toBe('RELEASED');
    const toPledgee = await allPages<Pledge>(securities, `/bonds/${isin}/pledges?pledgee=${securitiesMsp}`);
    expect(ids(toPledgee)).toEqual(ids(toSecurities));
    expect(toPledgee.every((p) => p.pledgee === securitiesMsp && p.pledgor === bankMsp)).toBe(true);

    // The pledgee's pledges across bonds (other tests' too): this bond's are among them, and nobody else's.
    const ofPledgee = await allPages<Pledge>(securities, `/pledgees/${securitiesMsp}/pledges`, 100);
    expect(ofPledgee.every((p) => p.pledgee === securitiesMsp)).toBe(true);
    expect(ids(ofPledgee.filter((p) => p.isin === isin))).toEqual(ids(toSecurities));
    expect(ids((await allPages<Pledge>(bank, `/pledgees/${bankMsp}/pledges`, 100)).filter((p) => p.isin === isin))).toEqual([
      toBank.pledgeId,
    ]);

    // A pledgee that is no MSP ID is refused by the gateway; the expired list is the CSD's.
    const malformed = await bank.get<ErrorBody>(`/bonds/${isin}/pledges?pledgee=..%2F`);
    expect([malformed.status, malformed.body.error.code]).toEqual([400, 'INVALID_ARGUMENT']);
    const notCsd = await bank.get<ErrorBody>(`/expired-pledges?asOf=${encodeURIComponent(new Date().toISOString())}`);
    expect([notCsd.status, notCsd.body.error.code]).toEqual([403, 'ROLE_REQUIRED']);

    for (const p of toSecurities.slice(0, 2)) await securities.ok('POST', `/pledges/${p.pledgeId}/release`);
    await bank.ok('POST', `/pledges/${toBank.pledgeId}/release`);
  });

  it('an expired pledge: the holder may release it, the pledgee may no longer enforce it, the scheduler reports it', async () => {
    const [bankMsp, securitiesMsp] = [mspOf('bank'), mspOf('securities')];
    const bankHolding = `/bonds/${isin}/holdings/${bankMsp}/PROPRIETARY`;
    const expiresAt = new Date(Date.now() + 15_000).toISOString();
    const pledge = await bank.ok<Pledge>('POST', `${bankHolding}/pledges`, {
      pledgee: securitiesMsp,
      units: '50',
      reference: 'EXPIRING-1',
      enforceable: true,
      expiresAt,
    });
    expect(pledge).toMatchObject({ status: 'ACTIVE', expiresAt });

    // Before its expiry only the pledgee releases.
    const early = await bank.post<ErrorBody>(`/pledges/${pledge.pledgeId}/release`);
    expect([early.status, early.body.error.code]).toEqual([403, 'NOT_A_PARTY']);
    expect(await bank.read<HoldingPosition>(bankHolding)).toMatchObject({ units: '600', pledgedUnits: '50', availableUnits: '550' });

    // Past the expiry (and a margin for the endorsing peers' clocks).
    await sleep(Math.max(0, Date.parse(expiresAt) - Date.now()) + 3_000);
    const expired = await allPages<Pledge>(csd, `/expired-pledges?asOf=${encodeURIComponent(new Date().toISOString())}`, 100);
    expect(ids(expired)).toContain(pledge.pledgeId);
    const run = (await csdAdmin.post<Run>('/admin/scheduler/run')).body;
    expect(run.actions).toContainEqual(
      expect.objectContaining({ action: 'ReleasePledge', isin, pledgeId: pledge.pledgeId, outcome: 'EXPIRED', expiresAt }),
    );

    // The pledgee can no longer enforce it; the refusal moves nothing.
    const before = await bank.read<HoldingPosition>(bankHolding);
    const enforcement = await securities.post<ErrorBody>(`/pledges/${pledge.pledgeId}/enforcement`, { accountId: 'COLLATERAL' });
    expect([enforcement.status, enforcement.body.error.code]).toEqual([422, 'OUTSIDE_WINDOW']);
    expect(await bank.read<HoldingPosition>(bankHolding)).toEqual(before);

    // The holder releases it itself; the units are free and it leaves the expired list.
    const released = await bank.ok<Pledge>('POST', `/pledges/${pledge.pledgeId}/release`);
    expect([released.status, released.lastChange.mspId]).toEqual(['RELEASED', bankMsp]);
    expect(await bank.read<HoldingPosition>(bankHolding)).toMatchObject({ units: '600', pledgedUnits: '0', availableUnits: '600' });
    const after = await allPages<Pledge>(csd, `/expired-pledges?asOf=${encodeURIComponent(new Date().toISOString())}`, 100);
    expect(ids(after)).not.toContain(pledge.pledgeId);
  });
});
