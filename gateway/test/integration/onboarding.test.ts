/**
 * Onboarding on the real network: add-org.sh adds a third institution (a
 * fund) to the channel, the chaincode definition and the registry, with its
 * own CA, peer, chaincode server and gateway. The fund then bids and
 * receives a holding; with two bidders neither of which runs the book, each
 * is unable to read the other's bid. (A channel update signed by an
 * institution's admin instead of the CSD's is refused: removal.test.ts.)
 */
import type { Bid, Bond, BondApplication, Holding, PrimarySettlementBatch } from '@bond-platform/chaincode/api';
import { freshNationalCode, termsAround, utcDate } from './bond-steps';
import { Api, ensureMembersOverHttp, mspOf } from './http-client';
import { FUND, onboard } from './onboard';
import type { ErrorBody } from '../../src/http/errors';

const csd = new Api('csd', 'operator1');
const bank = new Api('bank', 'operator1');
const securities = new Api('securities', 'operator1');
const fund = new Api('fund', 'operator1');

beforeAll(async () => {
  await ensureMembersOverHttp();
  onboard(FUND);
}, 600_000);

describe('onboarding a third institution', () => {
  it('admits the fund with its own gateway and the INVESTOR role', async () => {
    const me = await fund.read<{ mspId: string; member: { roles: string[]; status: string } }>('/me');
    expect(me).toMatchObject({ mspId: 'FundMSP', member: { roles: ['INVESTOR'], status: 'ACTIVE' } });
  });

  it('lets the fund bid and hold; two bidders cannot read each other’s bids, the bookrunner reads both', async () => {
    const application = await securities.ok<BondApplication>(
      'POST',
      '/bond-applications',
      termsAround(utcDate(30), mspOf('bank'), { shortName: 'EXSEC ONBOARDED' }),
    );
    const { isin } = await csd.ok<Bond>('POST', `/bond-applications/${application.applicationId}/approval`, {
      nationalCode: freshNationalCode(),
    });
    const now = Date.now();
    await securities.ok('POST', `/bonds/${isin}/book`, {
      bookType: 'FIXED_PRICE',
      opensAt: new Date(now - 60_000).toISOString(),
      closesAt: new Date(now + 600_000).toISOString(),
    });
    await bank.ok('POST', `/bonds/${isin}/bids`, { units: '600', accountId: 'PROPRIETARY' });
    await fund.ok('POST', `/bonds/${isin}/bids`, { units: '400', accountId: 'CLIENT-OMNIBUS' });

    expect((await bank.get<ErrorBody>(`/bonds/${isin}/bids/FundMSP`)).body.error.code).toBe('ACCESS_DENIED');
    expect((await fund.get<ErrorBody>(`/bonds/${isin}/bids/${mspOf('bank')}`)).body.error.code).toBe('ACCESS_DENIED');
    expect((await fund.read<Bid>(`/bonds/${isin}/bids/FundMSP`)).units).toBe('400');
    expect((await securities.read<Bid[]>(`/bonds/${isin}/order-book`)).map((b) => b.bidder)).toEqual([mspOf('bank'), 'FundMSP']);

    await securities.ok('POST', `/bonds/${isin}/book/closure`);
    await securities.ok('POST', `/bonds/${isin}/allocation`, {});
    for (const i of (await csd.ok<PrimarySettlementBatch>('POST', `/bonds/${isin}/settlements`)).instructions) {
      await csd.ok('POST', `/bonds/${isin}/settlements/${i.settlementId}/cash-confirmation`);
    }
    await csd.ok('POST', `/bonds/${isin}/issuance-completion`);
    expect((await fund.read<Holding>(`/bonds/${isin}/holdings/FundMSP/CLIENT-OMNIBUS`)).units).toBe('400');
  });
});
