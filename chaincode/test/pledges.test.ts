/**
 * Pledges (Custody:PledgeHolding, ReleasePledge, EnforcePledge) through the
 * access guard on the in-memory world state: pledged units cannot be
 * delivered, frozen or pledged again; the holder keeps the coupon on them
 * unless the pledge's terms give it to the pledgee (couponsTo PLEDGEE);
 * release frees them and enforcement moves them to the pledgee; every
 * refusal writes nothing; outstanding never changes.
 */
import fc from 'fast-check';
import { type Entitlement, ErrorCode, type HoldingPosition, type Page, type Pledge, type Transfer } from '../src/api';
import type { TestIdentity } from './support/memory-ledger';
import { BANK, contracts, CSD, CSD_ADMIN, FUND, HOUR, ISIN, json, Scenario, SEC } from './support/scenario';
import { assertAgainstModel, type Outcome } from './support/model-property';

const { custody, membership, servicing } = contracts;
const at = (date: string): number => Scenario.at(date);

let scenario: Scenario;

const request = (overrides: Record<string, unknown> = {}) =>
  json({
    isin: ISIN,
    holder: 'FundMSP',
    accountId: 'PROP',
    pledgee: 'BankMSP',
    units: '200',
    reference: 'LOAN-42',
    enforceable: true,
    ...overrides,
  });

async function position(holder = 'FundMSP', accountId = 'PROP'): Promise<HoldingPosition> {
  return scenario.ok<HoldingPosition>(custody, 'GetHolding', CSD, ISIN, holder, accountId);
}

const transferOf = (units: string) =>
  json({
    isin: ISIN,
    fromAccount: 'PROP',
    to: 'SecuritiesMSP',
    toAccount: 'PROP',
    units,
    cashAmount: '0',
    expiresAt: new Date((scenario.ledger.now + HOUR) * 1000).toISOString(),
  });

beforeEach(async () => {
  scenario = new Scenario();
  await scenario.members();
  await scenario.issuedBond(); // BankMSP 646, FundMSP 554 in PROP
  scenario.ledger.now = at('2026-06-01');
});

describe('a pledge', () => {
  it('encumbers the units: the position shows them pledged, and one event announces the pledge', async () => {
    const invocation = await scenario.ledger.invoke(custody, 'PledgeHolding', FUND, request({ expiresAt: '2027-06-01T00:00:00Z' }));
    expect(invocation.error).toBeUndefined();
    const pledge = JSON.parse(invocation.result!) as Pledge;
    expect(pledge).toMatchObject({
      pledgeId: invocation.txId,
      pledgor: 'FundMSP',
      pledgee: 'BankMSP',
      units: '200',
      status: 'ACTIVE',
      couponsTo: 'PLEDGOR',
      expiresAt: '2027-06-01T00:00:00.000Z',
    });
    expect(invocation.event).toEqual({ name: 'HoldingPledged', payload: pledge });
    expect(await position()).toMatchObject({ units: '554', frozenUnits: '0', pledgedUnits: '200', availableUnits: '354' });
    expect(await scenario.ok<Pledge>(custody, 'GetPledge', BANK, pledge.pledgeId)).toEqual(pledge);
    expect(await scenario.ok<Pledge[]>(custody, 'ListPledgesOfHolding', FUND, ISIN, 'FundMSP', 'PROP')).toEqual([pledge]);
  });

  it('leaves only the free units to transfer, freeze or pledge again; each refusal writes nothing', async () => {
    await scenario.ok(custody, 'PledgeHolding', FUND, request());
    await scenario.ok(
      custody,
      'FreezeHolding',
      CSD,
      json({ isin: ISIN, holder: 'FundMSP', accountId: 'PROP', units: '54', reason: 'court order' }),
    );
    // 554 held, 54 frozen, 200 pledged: 300 free.
    await scenario.refused(custody, 'InstructTransfer', FUND, ErrorCode.HOLDING_FROZEN, {}, transferOf('301'));
    await scenario.refused(
      custody,
      'PledgeHolding',
      FUND,
      ErrorCode.HOLDING_FROZEN,
      {},
      request({ units: '301', pledgee: 'SecuritiesMSP' }),
    );
    await scenario.refused(
      custody,
      'FreezeHolding',
      CSD,
      ErrorCode.INSUFFICIENT_HOLDING,
      {},
      json({ isin: ISIN, holder: 'FundMSP', accountId: 'PROP', units: '301', reason: 'court order' }),
    );
    const transfer = await scenario.ok<Transfer>(custody, 'InstructTransfer', FUND, transferOf('300'));
    // Pledging again what the instruction needs is allowed; the settlement then finds the units encumbered.
    await scenario.ok(custody, 'PledgeHolding', FUND, request({ units: '1', pledgee: 'SecuritiesMSP' }));
    await scenario.refused(custody, 'AffirmTransfer', SEC, ErrorCode.HOLDING_FROZEN, {}, transfer.transferId);
    expect(await position()).toMatchObject({ units: '554', frozenUnits: '54', pledgedUnits: '201', availableUnits: '299' });
  });

  it('is refused to anyone but the holder, to a non-member or a member that cannot hold, and with coupons to nobody known', async () => {
    await scenario.refused(custody, 'PledgeHolding', BANK, ErrorCode.NOT_A_PARTY, {}, request());
    await scenario.refused(custody, 'PledgeHolding', FUND, ErrorCode.INVALID_ARGUMENT, {}, request({ pledgee: 'NobodyMSP' }));
    // The CSD could neither release nor enforce it: no member role that holds bonds.
    await scenario.refused(custody, 'PledgeHolding', FUND, ErrorCode.INVALID_ARGUMENT, {}, request({ pledgee: 'CSDMSP' }));
    await scenario.refused(custody, 'PledgeHolding', FUND, ErrorCode.INVALID_ARGUMENT, {}, request({ couponsTo: 'LENDER' }));
    await scenario.refused(custody, 'PledgeHolding', FUND, ErrorCode.NOT_FOUND, {}, request({ accountId: 'OTHER' }));
    await scenario.refused(custody, 'PledgeHolding', FUND, ErrorCode.INSUFFICIENT_HOLDING, {}, request({ units: '555' }));
  });
});

describe('release', () => {
  it('by the pledgee frees the units; the pledgor may release only once the pledge has expired', async () => {
    const expiring = await scenario.ok<Pledge>(
      custody,
      'PledgeHolding',
      FUND,
      request({ units: '100', expiresAt: '2026-07-01T00:00:00Z' }),
    );
    const open = await scenario.ok<Pledge>(custody, 'PledgeHolding', FUND, request({ units: '100' }));
    await scenario.refused(custody, 'ReleasePledge', FUND, ErrorCode.NOT_A_PARTY, {}, expiring.pledgeId);
    const invocation = await scenario.ledger.invoke(custody, 'ReleasePledge', BANK, open.pledgeId);
    expect((JSON.parse(invocation.result!) as Pledge).status).toBe('RELEASED');
    expect(invocation.event?.name).toBe('PledgeReleased');
    expect(await position()).toMatchObject({ pledgedUnits: '100', availableUnits: '454' });
    await scenario.refused(custody, 'ReleasePledge', BANK, ErrorCode.INVALID_STATE_TRANSITION, {}, open.pledgeId);

    scenario.ledger.now = at('2026-07-01');
    await scenario.refused(
      custody,
      'EnforcePledge',
      BANK,
      ErrorCode.OUTSIDE_WINDOW,
      {},
      expiring.pledgeId,
      json({ accountId: 'COLLATERAL' }),
    );
    await scenario.ok(custody, 'ReleasePledge', FUND, expiring.pledgeId);
    expect(await position()).toMatchObject({ pledgedUnits: '0', availableUnits: '554' });
    expect(await scenario.ok<Pledge[]>(custody, 'ListPledgesOfHolding', FUND, ISIN, 'FundMSP', 'PROP')).toEqual([]);
  });
});

describe('expiry', () => {
  it('from its expiry the holder may release too, the pledgee still may, and nobody may enforce; refusals write nothing', async () => {
    const expiring = (reference: string) =>
      scenario.ok<Pledge>(custody, 'PledgeHolding', FUND, request({ units: '100', reference, expiresAt: '2026-06-10T12:00:00Z' }));
    const [byHolder, byPledgee] = [await expiring('LOAN-1'), await expiring('LOAN-2')];
    scenario.ledger.now = Date.parse('2026-06-10T11:59:59Z') / 1000;
    await scenario.refused(custody, 'ReleasePledge', FUND, ErrorCode.NOT_A_PARTY, {}, byHolder.pledgeId);
    scenario.ledger.now = Date.parse('2026-06-10T12:00:00Z') / 1000;
    const enforce = json({ accountId: 'COLLATERAL' });
    await scenario.refused(custody, 'EnforcePledge', BANK, ErrorCode.OUTSIDE_WINDOW, {}, byPledgee.pledgeId, enforce);
    await scenario.refused(custody, 'ReleasePledge', SEC, ErrorCode.NOT_A_PARTY, {}, byHolder.pledgeId);
    expect((await scenario.ok<Pledge>(custody, 'ReleasePledge', FUND, byHolder.pledgeId)).status).toBe('RELEASED');
    expect((await scenario.ok<Pledge>(custody, 'ReleasePledge', BANK, byPledgee.pledgeId)).status).toBe('RELEASED');
    expect(await position()).toMatchObject({ pledgedUnits: '0', availableUnits: '554' });
  });
});

describe('lists of pledges', () => {
  const all = async (caller: TestIdentity, fn: string, ...args: string[]): Promise<Pledge[]> => {
    const records: Pledge[] = [];
    let bookmark = '';
    do {
      const page = await scenario.ok<Page<Pledge>>(custody, fn, caller, ...args, '1', bookmark);
      records.push(...page.records);
      bookmark = page.bookmark;
    } while (bookmark !== '');
    return records;
  };
  const ids = (pledges: Pledge[]) => pledges.map((p) => p.pledgeId);

  /** The fund pledges twice to the bank and once to the securities company, the bank once to the fund; the bank releases one. */
  async function pledges(): Promise<Pledge[]> {
    const made = [
      await scenario.ok<Pledge>(custody, 'PledgeHolding', FUND, request({ units: '10', reference: 'A' })),
      await scenario.ok<Pledge>(custody, 'PledgeHolding', FUND, request({ units: '20', reference: 'B' })),
      await scenario.ok<Pledge>(custody, 'PledgeHolding', FUND, request({ units: '30', pledgee: 'SecuritiesMSP', reference: 'C' })),
      await scenario.ok<Pledge>(custody, 'PledgeHolding', BANK, request({ holder: 'BankMSP', pledgee: 'FundMSP', units: '40' })),
    ];
    made[0] = await scenario.ok<Pledge>(custody, 'ReleasePledge', BANK, made[0]!.pledgeId);
    return made;
  }

  /** The list order: by pledgee, then pledge id. */
  const ordered = (list: Pledge[]) =>
    [...list].sort((a, b) => a.pledgee.localeCompare(b.pledgee) || (a.pledgeId < b.pledgeId ? -1 : a.pledgeId > b.pledgeId ? 1 : 0));

  it("lists a bond's pledges of every status, or one pledgee's, a page at a time, in pledgee then id order", async () => {
    const made = await pledges();
    const page = await scenario.ok<Page<Pledge>>(custody, 'ListPledgesOfBond', SEC, ISIN, '', '', '');
    expect(page).toMatchObject({ records: ordered(made), bookmark: '' });
    expect(page.records.map((p) => p.status)).toContain('RELEASED');
    expect(ids(await all(CSD, 'ListPledgesOfBond', ISIN, ''))).toEqual(ids(ordered(made)));
    const toBank = made.filter((p) => p.pledgee === 'BankMSP');
    expect(ids(await all(FUND, 'ListPledgesOfBond', ISIN, 'BankMSP'))).toEqual(ids(ordered(toBank)));
    expect(ids(await all(FUND, 'ListPledgesOfPledgee', 'BankMSP'))).toEqual(ids(ordered(toBank)));
    expect((await scenario.ok<Page<Pledge>>(custody, 'ListPledgesOfPledgee', BANK, 'NobodyMSP', '', '')).records).toEqual([]);
  });

  it('refuses an unknown bond, a malformed pledgee and a bookmark of another query, writing nothing', async () => {
    await pledges();
    const first = await scenario.ok<Page<Pledge>>(custody, 'ListPledgesOfBond', BANK, ISIN, 'BankMSP', '1', '');
    expect(first.bookmark).not.toBe('');
    await scenario.refused(custody, 'ListPledgesOfBond', BANK, ErrorCode.NOT_FOUND, {}, 'CNTEST000021', '', '', '');
    await scenario.refused(custody, 'ListPledgesOfBond', BANK, ErrorCode.INVALID_ARGUMENT, {}, ISIN, 'not an msp', '', '');
    await scenario.refused(custody, 'ListPledgesOfPledgee', BANK, ErrorCode.INVALID_ARGUMENT, {}, 'SecuritiesMSP', '1', first.bookmark);
    await scenario.refused(custody, 'ListPledgesOfBond', BANK, ErrorCode.INVALID_ARGUMENT, {}, ISIN, '', '0', '');
  });

  it('shows a suspended member only the pledges it gave or holds', async () => {
    const made = await pledges();
    await scenario.ok(membership, 'SuspendMember', CSD_ADMIN, json({ mspId: 'SecuritiesMSP', reason: 'audit' }));
    const theirs = made.filter((p) => p.pledgee === 'SecuritiesMSP');
    expect(ids(await all(SEC, 'ListPledgesOfBond', ISIN, ''))).toEqual(ids(theirs));
    expect(ids(await all(SEC, 'ListPledgesOfPledgee', 'BankMSP'))).toEqual([]);
    expect(ids(await all(SEC, 'ListPledgesOfPledgee', 'SecuritiesMSP'))).toEqual(ids(theirs));
  });

  it('lists the ACTIVE pledges past their expiry, earliest first, a page at a time, to the CSD only', async () => {
    const pledge = (units: string, expiresAt?: string) =>
      scenario.ok<Pledge>(custody, 'PledgeHolding', FUND, request({ units, ...(expiresAt ? { expiresAt } : {}) }));
    const late = await pledge('10', '2026-06-20T00:00:00Z');
    const early = await pledge('20', '2026-06-10T00:00:00Z');
    await pledge('30');
    const released = await pledge('40', '2026-06-05T00:00:00Z');
    await scenario.ok(custody, 'ReleasePledge', BANK, released.pledgeId);
    const expired = (asOf: string) => scenario.ok<Page<Pledge>>(custody, 'ListExpiredPledges', CSD, asOf, '', '');

    expect(await expired('2026-06-09T23:59:59Z')).toEqual({ records: [], bookmark: '', fetchedRecordsCount: 0 });
    expect(ids((await expired('2026-06-15T00:00:00Z')).records)).toEqual([early.pledgeId]);
    // At the expiry instant a pledge has expired (domain/pledge.ts hasExpired).
    expect(ids((await expired('2026-06-20T00:00:00.000Z')).records)).toEqual([early.pledgeId, late.pledgeId]);
    const first = await scenario.ok<Page<Pledge>>(custody, 'ListExpiredPledges', CSD, '2030-01-01T00:00:00Z', '1', '');
    expect(ids(first.records)).toEqual([early.pledgeId]);
    const second = await scenario.ok<Page<Pledge>>(custody, 'ListExpiredPledges', CSD, '2030-01-01T00:00:00Z', '1', first.bookmark);
    expect(ids(second.records)).toEqual([late.pledgeId]);

    scenario.ledger.now = at('2026-06-12');
    await scenario.ok(custody, 'ReleasePledge', FUND, early.pledgeId);
    expect(ids((await expired('2030-01-01T00:00:00Z')).records)).toEqual([late.pledgeId]);
    await scenario.refused(custody, 'ListExpiredPledges', BANK, ErrorCode.ROLE_REQUIRED, {}, '2030-01-01T00:00:00Z', '', '');
    await scenario.refused(custody, 'ListExpiredPledges', CSD, ErrorCode.INVALID_ARGUMENT, {}, 'tomorrow', '', '');
  });
});

describe('enforcement', () => {
  it('moves the pledged units to the pledgee, even with nothing else free; outstanding is unchanged', async () => {
    await scenario.ok(custody, 'PledgeHolding', FUND, request({ units: '500' }));
    await scenario.ok(
      custody,
      'FreezeHolding',
      CSD,
      json({ isin: ISIN, holder: 'FundMSP', accountId: 'PROP', units: '54', reason: 'court order' }),
    );
    const pledge = (await scenario.ok<Pledge[]>(custody, 'ListPledgesOfHolding', FUND, ISIN, 'FundMSP', 'PROP'))[0]!;
    await scenario.refused(custody, 'EnforcePledge', FUND, ErrorCode.NOT_A_PARTY, {}, pledge.pledgeId, json({ accountId: 'COLLATERAL' }));
    const invocation = await scenario.ledger.invoke(custody, 'EnforcePledge', BANK, pledge.pledgeId, json({ accountId: 'COLLATERAL' }));
    expect(invocation.error).toBeUndefined();
    expect(JSON.parse(invocation.result!)).toMatchObject({ status: 'ENFORCED', enforcedTo: 'COLLATERAL' });
    expect(invocation.event?.name).toBe('PledgeEnforced');
    expect(await position()).toMatchObject({ units: '54', frozenUnits: '54', pledgedUnits: '0', availableUnits: '0' });
    expect(await position('BankMSP', 'COLLATERAL')).toMatchObject({ units: '500', pledgedUnits: '0' });
    expect(await scenario.outstanding()).toBe(1200n);
    await scenario.refused(
      custody,
      'EnforcePledge',
      BANK,
      ErrorCode.INVALID_STATE_TRANSITION,
      {},
      pledge.pledgeId,
      json({ accountId: 'COLLATERAL' }),
    );
  });

  it('is refused where the terms do not allow it', async () => {
    const pledge = await scenario.ok<Pledge>(custody, 'PledgeHolding', FUND, request({ enforceable: false }));
    await scenario.refused(
      custody,
      'EnforcePledge',
      BANK,
      ErrorCode.INVALID_STATE_TRANSITION,
      {},
      pledge.pledgeId,
      json({ accountId: 'COLLATERAL' }),
    );
  });
});

describe('servicing of pledged units', () => {
  it('pays the coupon on pledged units to the holder, and refuses to redeem them until the pledge ends', async () => {
    const pledge = await scenario.ok<Pledge>(custody, 'PledgeHolding', FUND, request());
    scenario.ledger.now = at('2027-03-01');
    await scenario.ok(servicing, 'FixCouponEntitlements', CSD, ISIN, '1');
    const entitlements = (await scenario.ok<{ records: Entitlement[] }>(servicing, 'ListEntitlements', CSD, ISIN, 'C-001', '100', ''))
      .records;
    expect(entitlements.map((e) => [e.holder, e.accountId, e.units])).toEqual([
      ['BankMSP', 'PROP', '646'],
      ['FundMSP', 'PROP', '554'],
    ]);
    scenario.ledger.now = at('2027-03-02');
    const paid = await scenario.ok<Entitlement>(servicing, 'ConfirmPayment', BANK, ISIN, 'C-001', 'FundMSP', 'PROP');
    expect(paid).toMatchObject({ status: 'PAID', units: '554' });

    for (const n of [2, 3]) {
      scenario.ledger.now = at(`${2026 + n}-03-01`);
      await scenario.ok(servicing, 'FixCouponEntitlements', CSD, ISIN, String(n));
      if (n === 3) await scenario.ok(servicing, 'FixRedemptionEntitlements', CSD, json({ isin: ISIN, reason: 'MATURITY' }));
      scenario.ledger.now = at(`${2026 + n}-03-02`);
      await scenario.ok(servicing, 'ConfirmPayment', BANK, ISIN, `C-00${n}`, 'FundMSP', 'PROP');
    }
    await scenario.refused(servicing, 'ConfirmPayment', BANK, ErrorCode.HOLDING_FROZEN, {}, ISIN, 'R-MATURITY', 'FundMSP', 'PROP');
    await scenario.ok(custody, 'ReleasePledge', BANK, pledge.pledgeId);
    await scenario.ok(servicing, 'ConfirmPayment', BANK, ISIN, 'R-MATURITY', 'FundMSP', 'PROP');
  });
});

describe('coupons to the pledgee (couponsTo PLEDGEE)', () => {
  const entitlementOf = async (holder: string) =>
    (await scenario.ok<{ records: Entitlement[] }>(servicing, 'ListEntitlements', CSD, ISIN, 'C-001', '100', '')).records.find(
      (e) => e.holder === holder,
    );

  it("pays each pledgee its pledge's share of the holding's coupon when the pledge was active at the end of the record date", async () => {
    // Active over the record date: 200 units to the bank, 100 to the securities company; one more released the day before.
    const toBank = await scenario.ok<Pledge>(custody, 'PledgeHolding', FUND, request({ couponsTo: 'PLEDGEE' }));
    const toSec = await scenario.ok<Pledge>(
      custody,
      'PledgeHolding',
      FUND,
      request({ couponsTo: 'PLEDGEE', pledgee: 'SecuritiesMSP', units: '100' }),
    );
    const released = await scenario.ok<Pledge>(custody, 'PledgeHolding', FUND, request({ couponsTo: 'PLEDGEE', units: '50' }));
    expect(toBank.couponsTo).toBe('PLEDGEE');
    scenario.ledger.now = at('2027-02-28');
    await scenario.ok(custody, 'ReleasePledge', BANK, released.pledgeId);
    // Made after the record date: it does not share in this coupon.
    scenario.ledger.now = at('2027-03-02');
    await scenario.ok(custody, 'PledgeHolding', BANK, request({ holder: 'BankMSP', pledgee: 'FundMSP', couponsTo: 'PLEDGEE' }));
    // Released after the record date, before the fix: still shares, as the register at the end of the record date says.
    await scenario.ok(custody, 'ReleasePledge', SEC, toSec.pledgeId);

    await scenario.ok(servicing, 'FixCouponEntitlements', CSD, ISIN, '1');
    const fund = await entitlementOf('FundMSP');
    // 554 units × 285 = 157890: 200 × 285 to the bank, 100 × 285 to the securities company, the rest to the holder.
    expect(fund).toMatchObject({ units: '554', amount: '157890' });
    expect(fund?.pledgeeShares).toEqual(
      [
        { pledgeId: toBank.pledgeId, pledgee: 'BankMSP', units: '200', amount: '57000' },
        { pledgeId: toSec.pledgeId, pledgee: 'SecuritiesMSP', units: '100', amount: '28500' },
      ].sort((a, b) => (a.pledgeId < b.pledgeId ? -1 : 1)),
    );
    expect((await entitlementOf('BankMSP'))?.pledgeeShares).toBeUndefined();
    const paid = await scenario.ok<Entitlement>(servicing, 'ConfirmPayment', BANK, ISIN, 'C-001', 'FundMSP', 'PROP');
    expect(paid).toMatchObject({ status: 'PAID', amount: '157890', pledgeeShares: fund?.pledgeeShares });
  });
});

describe('free units under any sequence of pledges, releases, enforcements, transfers and freezes', () => {
  const PARTIES: Record<string, TestIdentity> = { BankMSP: BANK, FundMSP: FUND, SecuritiesMSP: SEC };
  const PLEDGORS = ['BankMSP', 'FundMSP'] as const;
  type Step =
    | { kind: 'pledge'; pledgor: string; pledgee: string; units: number; enforceable: boolean }
    | { kind: 'release' | 'enforce'; index: number }
    | { kind: 'transfer'; from: string; units: number }
    | { kind: 'freeze' | 'unfreeze'; holder: string; units: number };
  const units = fc.integer({ min: 1, max: 700 });
  const pledgor = fc.constantFrom(...PLEDGORS);
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({
      kind: fc.constant('pledge' as const),
      pledgor,
      pledgee: fc.constantFrom('BankMSP', 'FundMSP', 'SecuritiesMSP'),
      units,
      enforceable: fc.boolean(),
    }),
    fc.record({ kind: fc.constantFrom('release' as const, 'enforce' as const), index: fc.nat(20) }),
    fc.record({ kind: fc.constant('transfer' as const), from: pledgor, units }),
    fc.record({ kind: fc.constantFrom('freeze' as const, 'unfreeze' as const), holder: pledgor, units }),
  );

  /** The PROP holdings of the bank and the fund as the steps should leave them, and the pledges made. */
  class Model {
    readonly held: Record<string, bigint> = { BankMSP: 646n, FundMSP: 554n };
    readonly frozen: Record<string, bigint> = { BankMSP: 0n, FundMSP: 0n };
    readonly pledges: (Pledge & { active: boolean })[] = [];

    pledged(h: string): bigint {
      return this.pledges.filter((p) => p.active && p.pledgor === h).reduce((sum, p) => sum + BigInt(p.units), 0n);
    }

    free(h: string): bigint {
      return this.held[h]! - this.frozen[h]! - this.pledged(h);
    }
  }

  type Of<K extends Step['kind']> = Extract<Step, { kind: K }>;

  async function pledgeStep(model: Model, s: Of<'pledge'>): Promise<Outcome> {
    const body = request({ holder: s.pledgor, pledgee: s.pledgee, units: String(s.units), enforceable: s.enforceable });
    const expected = s.pledgee !== s.pledgor && BigInt(s.units) <= model.free(s.pledgor);
    const invocation = await scenario.ledger.invoke(custody, 'PledgeHolding', PARTIES[s.pledgor]!, body);
    if (!invocation.error) model.pledges.push({ ...(JSON.parse(invocation.result!) as Pledge), active: true });
    return { error: invocation.error, expected };
  }

  /** The pledgee releases or enforces one of the pledges made (undefined: none made yet). */
  async function endStep(model: Model, s: Of<'release' | 'enforce'>): Promise<Outcome> {
    const p = model.pledges[s.index % Math.max(model.pledges.length, 1)];
    if (!p) return undefined;
    const enforce = s.kind === 'enforce';
    const expected = p.active && (!enforce || p.enforceable);
    const args = enforce ? [p.pledgeId, json({ accountId: 'COLLATERAL' })] : [p.pledgeId];
    const invocation = await scenario.ledger.invoke(custody, enforce ? 'EnforcePledge' : 'ReleasePledge', PARTIES[p.pledgee]!, ...args);
    if (invocation.error) return { error: invocation.error, expected };
    p.active = false;
    if (enforce) model.held[p.pledgor] = model.held[p.pledgor]! - BigInt(p.units);
    return { expected };
  }

  /** A free-of-payment transfer to the securities company, which affirms it (settling it). */
  async function transferStep(model: Model, s: Of<'transfer'>): Promise<Outcome> {
    const expected = BigInt(s.units) <= model.free(s.from);
    const invocation = await scenario.ledger.invoke(custody, 'InstructTransfer', PARTIES[s.from]!, transferOf(String(s.units)));
    if (invocation.error) return { error: invocation.error, expected };
    const transfer = JSON.parse(invocation.result!) as Transfer;
    expect((await scenario.ledger.invoke(custody, 'AffirmTransfer', SEC, transfer.transferId)).error).toBeUndefined();
    model.held[s.from] = model.held[s.from]! - BigInt(s.units);
    return { expected };
  }

  async function freezeStep(model: Model, s: Of<'freeze' | 'unfreeze'>): Promise<Outcome> {
    const freeze = s.kind === 'freeze';
    const expected = BigInt(s.units) <= (freeze ? model.free(s.holder) : model.frozen[s.holder]!);
    const body = json({ isin: ISIN, holder: s.holder, accountId: 'PROP', units: String(s.units), reason: 'court order' });
    const invocation = await scenario.ledger.invoke(custody, freeze ? 'FreezeHolding' : 'UnfreezeHolding', CSD, body);
    if (!invocation.error) model.frozen[s.holder] = model.frozen[s.holder]! + (freeze ? 1n : -1n) * BigInt(s.units);
    return { error: invocation.error, expected };
  }

  /** Runs the step; returns its refusal if any, and whether the model says it is accepted. */
  function apply(model: Model, s: Step): Promise<Outcome> {
    switch (s.kind) {
      case 'pledge':
        return pledgeStep(model, s);
      case 'release':
      case 'enforce':
        return endStep(model, s);
      case 'transfer':
        return transferStep(model, s);
      default:
        return freezeStep(model, s);
    }
  }

  async function expectPositions(model: Model): Promise<void> {
    for (const h of PLEDGORS) {
      const p = await position(h);
      const shown = [p.units, p.frozenUnits, p.pledgedUnits, p.availableUnits];
      expect(shown).toEqual([model.held[h], model.frozen[h], model.pledged(h), model.free(h)].map(String));
      expect(BigInt(p.frozenUnits) + BigInt(p.pledgedUnits)).toBeLessThanOrEqual(BigInt(p.units));
    }
  }

  it('accepts exactly what fits the free units, keeps frozen + pledged ≤ held, writes nothing when refused, and never changes outstanding (property)', async () => {
    await assertAgainstModel(step, {
      start: (fresh) => {
        scenario = fresh;
        return new Model();
      },
      apply,
      expectPositions,
    });
  });
});
