/**
 * Pledged repos (Custody:ProposeRepo … EnforceRepo) through the access guard
 * on the in-memory world state: the opening pledges the borrower's units to
 * the lender, the closing releases them, enforcement (only from the term
 * date, only while unpaid) moves them to the lender; every refusal writes
 * nothing; the due list is what the scheduler sees.
 */
import { ErrorCode, type HoldingPosition, type Page, type Pledge, type Repo } from '../src/api';
import { BANK, contracts, CSD, CSD_ADMIN, FUND, ISIN, json, Scenario, SEC } from './support/scenario';

const { custody, membership } = contracts;
const at = (date: string): number => Scenario.at(date);

let scenario: Scenario;

const request = (overrides: Record<string, unknown> = {}) =>
  json({
    isin: ISIN,
    borrower: 'FundMSP',
    accountId: 'PROP',
    lender: 'BankMSP',
    units: '200',
    principal: '20000000',
    repoRate: '2.1',
    dayCount: 'ACT/365',
    openDate: '2026-06-01',
    termDate: '2026-06-15',
    ...overrides,
  });

async function position(holder = 'FundMSP', accountId = 'PROP'): Promise<HoldingPosition> {
  return scenario.ok<HoldingPosition>(custody, 'GetHolding', CSD, ISIN, holder, accountId);
}

/** A repo proposed by the fund and agreed by the bank. */
async function agreed(overrides: Record<string, unknown> = {}): Promise<Repo> {
  const repo = await scenario.ok<Repo>(custody, 'ProposeRepo', FUND, request(overrides));
  return scenario.ok<Repo>(custody, 'AgreeRepo', BANK, repo.repoId);
}

beforeEach(async () => {
  scenario = new Scenario();
  await scenario.members();
  await scenario.issuedBond(); // BankMSP 646, FundMSP 554 in PROP
  scenario.ledger.now = at('2026-06-01');
});

describe('a repo', () => {
  it('is proposed with the exact interest and repurchase amount, agreed by the lender, and opened by the CSD with a pledge to the lender', async () => {
    const proposal = await scenario.ledger.invoke(custody, 'ProposeRepo', FUND, request());
    expect(proposal.error).toBeUndefined();
    const proposed = JSON.parse(proposal.result!) as Repo;
    // 20 000 000 × 2.1 % × 14/365 = 16 109.589… → 16 110
    expect(proposed).toMatchObject({ repoId: proposal.txId, days: 14, interest: '1176000/73', repurchaseAmount: '20016110' });
    expect(proposal.event).toEqual({ name: 'RepoProposed', payload: proposed });
    expect(await position()).toMatchObject({ pledgedUnits: '0' });

    await scenario.refused(custody, 'AgreeRepo', FUND, ErrorCode.NOT_A_PARTY, {}, proposed.repoId);
    await scenario.refused(custody, 'ConfirmRepoOpening', CSD, ErrorCode.INVALID_STATE_TRANSITION, {}, proposed.repoId);
    await scenario.ok(custody, 'AgreeRepo', BANK, proposed.repoId);
    await scenario.refused(custody, 'ConfirmRepoOpening', BANK, ErrorCode.ROLE_REQUIRED, {}, proposed.repoId);

    const opening = await scenario.ledger.invoke(custody, 'ConfirmRepoOpening', CSD, proposed.repoId);
    expect(opening.error).toBeUndefined();
    const open = JSON.parse(opening.result!) as Repo;
    expect(open).toMatchObject({ status: 'OPEN', pledgeId: opening.txId });
    expect(opening.event?.name).toBe('RepoOpened');
    expect(await scenario.ok<Pledge>(custody, 'GetPledge', BANK, open.pledgeId!)).toMatchObject({
      pledgor: 'FundMSP',
      pledgee: 'BankMSP',
      units: '200',
      enforceable: true,
      status: 'ACTIVE',
    });
    expect(await position()).toMatchObject({ units: '554', pledgedUnits: '200', availableUnits: '354' });
    expect(await scenario.ok<Repo>(custody, 'GetRepo', BANK, open.repoId)).toEqual(open);
  });

  it('closes when the CSD confirms the repurchase on or before the term date: the pledge is released', async () => {
    const repo = await agreed();
    await scenario.ok(custody, 'ConfirmRepoOpening', CSD, repo.repoId);
    scenario.ledger.now = at('2026-06-15');
    await scenario.refused(custody, 'EnforceRepo', FUND, ErrorCode.NOT_A_PARTY, {}, repo.repoId, json({ accountId: 'COLLATERAL' }));
    const closed = await scenario.ok<Repo>(custody, 'ConfirmRepoClosing', CSD, repo.repoId);
    expect(closed.status).toBe('CLOSED');
    expect((await scenario.ok<Pledge>(custody, 'GetPledge', BANK, closed.pledgeId!)).status).toBe('RELEASED');
    expect(await position()).toMatchObject({ units: '554', pledgedUnits: '0', availableUnits: '554' });
    await scenario.refused(
      custody,
      'EnforceRepo',
      BANK,
      ErrorCode.INVALID_STATE_TRANSITION,
      {},
      repo.repoId,
      json({ accountId: 'COLLATERAL' }),
    );
    expect(await scenario.ok<Repo[]>(custody, 'ListDueRepos', CSD, '2026-06-15')).toEqual([]);
  });

  it('is enforced by the lender only from the term date on: the pledged units move to the lender; no closing after the term', async () => {
    const repo = await agreed();
    await scenario.ok(custody, 'ConfirmRepoOpening', CSD, repo.repoId);
    scenario.ledger.now = at('2026-06-14');
    await scenario.refused(custody, 'EnforceRepo', BANK, ErrorCode.OUTSIDE_WINDOW, {}, repo.repoId, json({ accountId: 'COLLATERAL' }));
    expect(await scenario.ok<Repo[]>(custody, 'ListDueRepos', CSD, '2026-06-14')).toEqual([]);

    scenario.ledger.now = at('2026-06-16');
    const [due] = await scenario.ok<Repo[]>(custody, 'ListDueRepos', CSD, '2026-06-16');
    expect(due?.repoId).toBe(repo.repoId);
    await scenario.refused(custody, 'ListDueRepos', BANK, ErrorCode.ROLE_REQUIRED, {}, '2026-06-16');
    await scenario.refused(custody, 'ConfirmRepoClosing', CSD, ErrorCode.OUTSIDE_WINDOW, {}, repo.repoId);
    const defaulted = await scenario.ok<Repo>(custody, 'EnforceRepo', BANK, repo.repoId, json({ accountId: 'COLLATERAL' }));
    expect(defaulted.status).toBe('DEFAULTED');
    expect(await scenario.ok<Pledge>(custody, 'GetPledge', BANK, defaulted.pledgeId!)).toMatchObject({
      status: 'ENFORCED',
      enforcedTo: 'COLLATERAL',
    });
    expect(await position()).toMatchObject({ units: '354', pledgedUnits: '0' });
    expect(await position('BankMSP', 'COLLATERAL')).toMatchObject({ units: '200' });
    expect(await scenario.outstanding()).toBe(1200n);
    expect(await scenario.ok<Repo[]>(custody, 'ListDueRepos', CSD, '2026-06-16')).toEqual([]);
  });

  it('is refused, writing nothing, to anyone but the borrower, to a non-member lender, beyond the free units, or with a bad term', async () => {
    await scenario.refused(custody, 'ProposeRepo', BANK, ErrorCode.NOT_A_PARTY, {}, request());
    await scenario.refused(custody, 'ProposeRepo', FUND, ErrorCode.INVALID_ARGUMENT, {}, request({ lender: 'NobodyMSP' }));
    await scenario.refused(custody, 'ProposeRepo', FUND, ErrorCode.INVALID_ARGUMENT, {}, request({ lender: 'CSDMSP' }));
    await scenario.refused(custody, 'ProposeRepo', FUND, ErrorCode.INSUFFICIENT_HOLDING, {}, request({ units: '555' }));
    await scenario.refused(custody, 'ProposeRepo', FUND, ErrorCode.INVALID_ARGUMENT, {}, request({ termDate: '2026-06-01' }));
    await scenario.refused(custody, 'ProposeRepo', FUND, ErrorCode.INVALID_ARGUMENT, {}, request({ dayCount: '30/360' }));
  });

  it('does not open before its open date, nor when the units were pledged away meanwhile; either party cancels before opening', async () => {
    const late = await agreed({ openDate: '2026-06-02' });
    await scenario.refused(custody, 'ConfirmRepoOpening', CSD, ErrorCode.OUTSIDE_WINDOW, {}, late.repoId);
    const repo = await agreed();
    await scenario.ok(
      custody,
      'PledgeHolding',
      FUND,
      json({
        isin: ISIN,
        holder: 'FundMSP',
        accountId: 'PROP',
        pledgee: 'SecuritiesMSP',
        units: '400',
        reference: 'LOAN',
        enforceable: false,
      }),
    );
    await scenario.refused(custody, 'ConfirmRepoOpening', CSD, ErrorCode.HOLDING_FROZEN, {}, repo.repoId);
    await scenario.refused(custody, 'CancelRepo', SEC, ErrorCode.NOT_A_PARTY, {}, repo.repoId);
    expect((await scenario.ok<Repo>(custody, 'CancelRepo', BANK, repo.repoId)).status).toBe('CANCELLED');
    await scenario.refused(custody, 'ConfirmRepoOpening', CSD, ErrorCode.INVALID_STATE_TRANSITION, {}, repo.repoId);
  });
});

describe("a bond's repos", () => {
  it("are listed in every status, a page at a time; an opened repo's pledge is in the bond's pledges to the lender", async () => {
    const cancelled = await scenario.ok<Repo>(custody, 'CancelRepo', FUND, (await agreed({ units: '10' })).repoId);
    const proposed = await scenario.ok<Repo>(custody, 'ProposeRepo', FUND, request({ units: '20' }));
    const open = await scenario.ok<Repo>(custody, 'ConfirmRepoOpening', CSD, (await agreed({ units: '30' })).repoId);
    const byId = (repos: Repo[]) => [...repos].sort((a, b) => (a.repoId < b.repoId ? -1 : 1));

    const page = await scenario.ok<Page<Repo>>(custody, 'ListReposOfBond', SEC, ISIN, '', '');
    expect(page.records).toEqual(byId([cancelled, proposed, open]));
    expect(page.records.map((r) => r.status).sort()).toEqual(['CANCELLED', 'OPEN', 'PROPOSED']);
    const first = await scenario.ok<Page<Repo>>(custody, 'ListReposOfBond', SEC, ISIN, '2', '');
    const rest = await scenario.ok<Page<Repo>>(custody, 'ListReposOfBond', SEC, ISIN, '2', first.bookmark);
    expect([...first.records, ...rest.records]).toEqual(page.records);
    expect(rest.bookmark).toBe('');

    const toLender = await scenario.ok<Page<Pledge>>(custody, 'ListPledgesOfBond', SEC, ISIN, 'BankMSP', '', '');
    expect(toLender.records).toEqual([await scenario.ok<Pledge>(custody, 'GetPledge', BANK, open.pledgeId!)]);
    expect(toLender.records[0]).toMatchObject({ reference: `repo ${open.repoId}`, units: '30', status: 'ACTIVE' });

    await scenario.ok(membership, 'SuspendMember', CSD_ADMIN, json({ mspId: 'SecuritiesMSP', reason: 'audit' }));
    expect((await scenario.ok<Page<Repo>>(custody, 'ListReposOfBond', SEC, ISIN, '', '')).records).toEqual([]);
    await scenario.refused(custody, 'ListReposOfBond', FUND, ErrorCode.NOT_FOUND, {}, 'CNTEST000021', '', '');
  });
});
