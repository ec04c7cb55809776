/**
 * A benchmark administrator through the gateways' HTTP API (issue 18): the
 * CSD gives the securities company the BENCHMARK_ADMINISTRATOR role; its
 * operator then publishes an LPR_5Y fixing through the securities company's
 * own gateway, recorded as published by SecuritiesMSP and read by every
 * member. The bank, without the role, is refused with 403 ROLE_REQUIRED in
 * the JSON error body, and its refusal writes nothing. The securities
 * company's founding roles are restored afterwards.
 *
 * A fixing is published once per rate and date for the whole network and
 * the ledger persists between runs: each run takes the latest date, today
 * or before, whose LPR_5Y fixing is not on the ledger yet.
 */
import type { Member, RateFixing } from '@bond-platform/chaincode/api';
import { utcDate } from './bond-steps';
import { Api, ensureMembersOverHttp, mspOf } from './http-client';
import { FOUNDING_MEMBERS } from './participants';
import type { ErrorBody } from '../../src/http/errors';

const csdAdmin = new Api('csd', 'admin');
const csd = new Api('csd', 'operator1');
const bank = new Api('bank', 'operator1');
const securities = new Api('securities', 'operator1');

const RATE = 'LPR_5Y';
const SECURITIES_ROLES = FOUNDING_MEMBERS.find((m) => m.org === 'securities')?.roles ?? [];

/** The latest date, today or before, with no LPR_5Y fixing on the ledger. */
async function unpublishedDate(): Promise<string> {
  for (let days = 0; days < 3650; days++) {
    const date = utcDate(-days);
    if ((await bank.get(`/benchmarks/${RATE}/fixings/${date}`)).status === 404) return date;
  }
  throw new Error(`no ${RATE} fixing date free in ten years`);
}

const setSecuritiesRoles = (roles: string[]): Promise<Member> =>
  csdAdmin.ok<Member>('PUT', `/members/${mspOf('securities')}/roles`, { roles });

beforeAll(ensureMembersOverHttp);
afterAll(() => setSecuritiesRoles(SECURITIES_ROLES));

describe('a benchmark administrator through the HTTP API', () => {
  it('publishes a fixing through its own gateway once the CSD grants the role; a member without it is refused', async () => {
    const fixingDate = await unpublishedDate();
    const route = `/benchmarks/${RATE}/fixings/${fixingDate}`;

    // Without the role: 403 ROLE_REQUIRED with the JSON error body, and nothing written.
    for (const member of [bank, securities]) {
      const refused = await member.put<ErrorBody>(route, { rate: '3.45' });
      expect(refused.status).toBe(403);
      expect(refused.body.error).toMatchObject({
        code: 'ROLE_REQUIRED',
        message: expect.stringContaining('BENCHMARK_ADMINISTRATOR') as string,
      });
      expect(refused.body.error.requestId).toBe(refused.headers.get('x-request-id'));
    }
    expect((await bank.get(route)).status).toBe(404);

    const granted = await setSecuritiesRoles([...SECURITIES_ROLES, 'BENCHMARK_ADMINISTRATOR']);
    expect(granted.roles).toEqual(['BENCHMARK_ADMINISTRATOR', ...SECURITIES_ROLES]);

    const fixing = await securities.ok<RateFixing>('PUT', route, { rate: '3.45' });
    expect(fixing).toMatchObject({ referenceRate: RATE, fixingDate, rate: '3.45', published: { mspId: mspOf('securities') } });
    expect(await bank.read<RateFixing>(route)).toEqual(fixing);

    // The bank still may not, and the fixing is published once, whoever tries again.
    const byBank = await bank.put<ErrorBody>(route, { rate: '3.5' });
    expect([byBank.status, byBank.body.error.code]).toEqual([403, 'ROLE_REQUIRED']);
    const again = await csd.put<ErrorBody>(route, { rate: '3.5' });
    expect([again.status, again.body.error.code]).toEqual([409, 'ALREADY_EXISTS']);
    expect(await csd.read<RateFixing>(route)).toEqual(fixing);
  });
});
