/**
 * The benchmark administrator through the guard on the in-memory world
 * state: a member the CSD gives the BENCHMARK_ADMINISTRATOR role, at
 * admission or by changing its roles, publishes fixings beside the CSD, and
 * the fixing records who published it. A member without the role, a
 * suspended administrator, an administrator's identity without
 * bond.role=operator and a member whose role was taken away are refused,
 * each with its code and nothing written.
 */
import { ErrorCode, type Member, type RateFixing } from '../src/api';
import { BANK, contracts, CSD, CSD_ADMIN, FUND, ISIN, json, Scenario, SEC } from './support/scenario';

const { membership, benchmarks } = contracts;
const SEC_ADMIN = { mspId: 'SecuritiesMSP', bondRole: 'admin' };
const INDEX = { mspId: 'IndexMSP', bondRole: 'operator' };

let scenario: Scenario;

const publish = (caller: typeof CSD, rate: string, fixingDate: string, value: string): Promise<RateFixing> =>
  scenario.ok<RateFixing>(benchmarks, 'PublishFixing', caller, rate, fixingDate, value);

const refused = (caller: typeof CSD, code: ErrorCode, rate: string, fixingDate: string): Promise<void> =>
  scenario.refused(benchmarks, 'PublishFixing', caller, code, {}, rate, fixingDate, '1.5');

/** The CSD's admin replaces the securities company's roles. */
const securitiesRoles = (roles: string[]): Promise<Member> =>
  scenario.ok<Member>(membership, 'ChangeRoles', CSD_ADMIN, json({ mspId: 'SecuritiesMSP', roles }));

beforeEach(async () => {
  scenario = new Scenario();
  await scenario.members();
});

describe('benchmark administrator', () => {
  it('publishes a fixing once the CSD grants the role, recorded as its own; the CSD still publishes', async () => {
    await refused(SEC, ErrorCode.ROLE_REQUIRED, 'DR007', '2026-01-05');
    expect((await securitiesRoles(['INVESTOR', 'ISSUER', 'UNDERWRITER', 'BENCHMARK_ADMINISTRATOR'])).roles).toEqual([
      'BENCHMARK_ADMINISTRATOR',
      'INVESTOR',
      'ISSUER',
      'UNDERWRITER',
    ]);

    const fixing = await publish(SEC, 'DR007', '2026-01-05', '1.52');
    expect(fixing).toMatchObject({ referenceRate: 'DR007', fixingDate: '2026-01-05', rate: '1.52' });
    expect(fixing.published).toMatchObject({ mspId: 'SecuritiesMSP', identity: 'x509::/CN=operator@SecuritiesMSP::/CN=ca.SecuritiesMSP' });
    expect(await scenario.ok<RateFixing>(benchmarks, 'GetFixing', FUND, 'DR007', '2026-01-05')).toEqual(fixing);

    // Once per rate and date, whoever published it first.
    await scenario.refused(benchmarks, 'PublishFixing', CSD, ErrorCode.ALREADY_EXISTS, {}, 'DR007', '2026-01-05', '1.6');
    expect((await publish(CSD, 'FR007', '2026-01-05', '1.6')).published.mspId).toBe('CSDMSP');
    await refused(SEC, ErrorCode.ALREADY_EXISTS, 'FR007', '2026-01-05');
  });

  it('is refused without the role, while suspended, without bond.role=operator, and once the role is taken away', async () => {
    await securitiesRoles(['BENCHMARK_ADMINISTRATOR', 'ISSUER']);
    await refused(BANK, ErrorCode.ROLE_REQUIRED, 'SHIBOR_3M', '2026-01-05');
    await refused(SEC_ADMIN, ErrorCode.ATTRIBUTE_REQUIRED, 'SHIBOR_3M', '2026-01-05');

    await scenario.ok(membership, 'SuspendMember', CSD_ADMIN, json({ mspId: 'SecuritiesMSP', reason: 'benchmark review' }));
    await refused(SEC, ErrorCode.MEMBER_SUSPENDED, 'SHIBOR_3M', '2026-01-05');
    await scenario.ok(membership, 'ReinstateMember', CSD_ADMIN, json({ mspId: 'SecuritiesMSP', reason: 'review closed' }));
    await publish(SEC, 'SHIBOR_3M', '2026-01-02', '1.4');

    await securitiesRoles(['ISSUER']);
    await refused(SEC, ErrorCode.ROLE_REQUIRED, 'SHIBOR_3M', '2026-01-05');
  });

  it('may be admitted with the role alone: it publishes and keeps its contact, and bids for nothing', async () => {
    await scenario.ok(
      membership,
      'AdmitMember',
      CSD_ADMIN,
      json({
        mspId: 'IndexMSP',
        legalName: 'Example Benchmark Administrator',
        lei: '969500KSV493XWY0PS33',
        roles: ['BENCHMARK_ADMINISTRATOR'],
      }),
    );
    expect((await publish(INDEX, 'LPR_1Y', '2026-01-05', '3.0')).published.mspId).toBe('IndexMSP');
    await scenario.ok(membership, 'UpdateContact', INDEX, json({ contactName: 'Rates desk', email: 'rates@index.example' }));
    await scenario.refused(contracts.books, 'PlaceBid', INDEX, ErrorCode.ROLE_REQUIRED, {
      transient: { bid: { isin: ISIN, units: '100', accountId: 'PROP' } },
    });
  });

  it('cannot be combined with REGULATOR, which is held alone', async () => {
    await scenario.refused(
      membership,
      'ChangeRoles',
      CSD_ADMIN,
      ErrorCode.INVALID_ARGUMENT,
      {},
      json({ mspId: 'SecuritiesMSP', roles: ['BENCHMARK_ADMINISTRATOR', 'REGULATOR'] }),
    );
  });
});
