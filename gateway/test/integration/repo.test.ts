/**
 * Pledged repos through the gateways' HTTP API only (issue 18): the bank
 * borrows cash from the securities company against a pledge of its units.
 * One repo opens (the units are pledged) and closes on its term date (the
 * pledge is released, the units free again, the repurchase amount exact);
 * another is not repaid and the lender enforces it on its term date (the
 * units move to the lender). Outstanding never changes.
 *
 * The network's clock is real, so the term dates are today: a repo closes on
 * or before its term date and is enforceable from its term date on. The first
 * repo's open date is a week back (a value date the CSD confirms late), so
 * its interest is not zero.
 */
import type { HoldingPosition, Pledge, Repo } from '@bond-platform/chaincode/api';
import { termsAround, utcDate } from './bond-steps';
import { Api, ensureMembersOverHttp, mspOf } from './http-client';
import { issueOverHttp } from './http-issuance';
import type { ErrorBody } from '../../src/http/errors';

const csd = new Api('csd', 'operator1');
const bank = new Api('bank', 'operator1');
const securities = new Api('securities', 'operator1');

/**
 * A bond issued over HTTP with its first coupon in 60 days (no record date
 * today to close the register to the enforcement's delivery): the bank
 * holds 600 units, the securities company 400, both in PROPRIETARY.
 */
async function issuedBond(): Promise<string> {
  const couponDate = utcDate(60).endsWith('-02-29') ? utcDate(61) : utcDate(60);
  const terms = termsAround(couponDate, mspOf('bank'), { shortName: 'EXSEC REPO' });
  return issueOverHttp({ csd, issuer: securities }, terms, [
    { bidder: bank, units: '600', accountId: 'PROPRIETARY' },
    { bidder: securities, units: '400', accountId: 'PROPRIETARY' },
  ]);
}

beforeAll(ensureMembersOverHttp);

describe('pledged repos through the HTTP API', () => {
  it('opens and closes one repo, and enforces one that is not repaid', async () => {
    const isin = await issuedBond();
    const [bankMsp, securitiesMsp] = [mspOf('bank'), mspOf('securities')];
    const bankHolding = `/bonds/${isin}/holdings/${bankMsp}/PROPRIETARY`;
    const outstanding = async () => (await csd.read<{ outstandingUnits: string }>(`/bonds/${isin}/outstanding`)).outstandingUnits;
    const today = utcDate();
    const terms = { isin, borrower: bankMsp, accountId: 'PROPRIETARY', lender: securitiesMsp, dayCount: 'ACT/365', termDate: today };

    // 10 000 000 × 2.1 % × 7/365 = 4027.397… → repurchase 10 004 027.
    const repo = await bank.ok<Repo>('POST', '/repos', {
      ...terms,
      units: '200',
      principal: '10000000',
      repoRate: '2.1',
      openDate: utcDate(-7),
    });
    expect(repo).toMatchObject({ status: 'PROPOSED', days: 7, interest: '294000/73', repurchaseAmount: '10004027' });
    const byBorrower = await bank.post<ErrorBody>(`/repos/${repo.repoId}/acceptance`);
    expect([byBorrower.status, byBorrower.body.error.code]).toEqual([403, 'NOT_A_PARTY']);
    expect((await securities.ok<Repo>('POST', `/repos/${repo.repoId}/acceptance`)).status).toBe('AGREED');
    const opened = await csd.ok<Repo>('POST', `/repos/${repo.repoId}/opening`);
    expect(opened).toMatchObject({ status: 'OPEN' });
    expect(await securities.read<Pledge>(`/pledges/${opened.pledgeId}`)).toMatchObject({
      pledgor: bankMsp,
      pledgee: securitiesMsp,
      units: '200',
      enforceable: true,
      status: 'ACTIVE',
    });
    expect(await bank.read<HoldingPosition>(bankHolding)).toMatchObject({ units: '600', pledgedUnits: '200', availableUnits: '400' });
    expect((await csd.read<Repo[]>(`/repos?dueOn=${today}`)).map((r) => r.repoId)).toContain(repo.repoId);

    // Repurchased on the term date: the pledge is released and the units are free again.
    const closed = await csd.ok<Repo>('POST', `/repos/${repo.repoId}/closing`);
    expect(closed).toMatchObject({ status: 'CLOSED', repurchaseAmount: '10004027' });
    expect((await bank.read<Pledge>(`/pledges/${opened.pledgeId}`)).status).toBe('RELEASED');
    expect(await bank.read<HoldingPosition>(bankHolding)).toMatchObject({ units: '600', pledgedUnits: '0', availableUnits: '600' });
    expect((await csd.read<Repo[]>(`/repos?dueOn=${today}`)).map((r) => r.repoId)).not.toContain(repo.repoId);

    // Not repaid: from the term date on, the lender enforces and the pledged units become its own.
    const unpaid = await bank.ok<Repo>('POST', '/repos', {
      ...terms,
      units: '100',
      principal: '5000000',
      repoRate: '1.85',
      openDate: utcDate(-1),
    });
    await securities.ok('POST', `/repos/${unpaid.repoId}/acceptance`);
    await csd.ok('POST', `/repos/${unpaid.repoId}/opening`);
    const byBank = await bank.post<ErrorBody>(`/repos/${unpaid.repoId}/enforcement`, { accountId: 'PROPRIETARY' });
    expect([byBank.status, byBank.body.error.code]).toEqual([403, 'NOT_A_PARTY']);
    const defaulted = await securities.ok<Repo>('POST', `/repos/${unpaid.repoId}/enforcement`, { accountId: 'COLLATERAL' });
    expect(defaulted.status).toBe('DEFAULTED');
    expect(await securities.read<Pledge>(`/pledges/${defaulted.pledgeId}`)).toMatchObject({ status: 'ENFORCED', enforcedTo: 'COLLATERAL' });
    expect(await bank.read<HoldingPosition>(bankHolding)).toMatchObject({ units: '500', pledgedUnits: '0', availableUnits: '500' });
    expect((await securities.read<HoldingPosition>(`/bonds/${isin}/holdings/${securitiesMsp}/COLLATERAL`)).units).toBe('100');
    const closing = await csd.post<ErrorBody>(`/repos/${unpaid.repoId}/closing`);
    expect([closing.status, closing.body.error.code]).toEqual([409, 'INVALID_STATE_TRANSITION']);
    expect(await outstanding()).toBe('1000');
  });
});
