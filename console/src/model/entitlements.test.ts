import { entitlementsFor, readyToComplete, seesAllEntitlements } from './entitlements';

const bond = { terms: { payingAgent: 'AgentMSP' } };
const share = (pledgee: string) => ({ pledgee, pledgeId: 'p', units: '1', amount: '1' });
const rows = [
  { holder: 'BankMSP', accountId: 'A' },
  { holder: 'FundMSP', accountId: 'B', pledgeeShares: [share('BankMSP')] },
  { holder: 'FundMSP', accountId: 'C' },
];

describe('entitlementsFor', () => {
  it('shows a holder its own and those it receives as pledgee', () => {
    const bank = { mspId: 'BankMSP', roles: ['INVESTOR'] as const };
    expect(entitlementsFor(bank, bond, rows).map((e) => e.accountId)).toEqual(['A', 'B']);
    expect(entitlementsFor({ mspId: 'OtherMSP', roles: ['INVESTOR'] }, bond, rows)).toEqual([]);
  });

  it('shows the CSD, the regulator and the bond’s paying agent every holder’s', () => {
    for (const caller of [
      { mspId: 'CSDMSP', roles: ['CSD'] as const },
      { mspId: 'RegMSP', roles: ['REGULATOR'] as const },
      { mspId: 'AgentMSP', roles: ['PAYING_AGENT'] as const },
    ]) {
      expect(seesAllEntitlements(caller, bond)).toBe(true);
      expect(entitlementsFor(caller, bond, rows)).toHaveLength(3);
    }
    expect(seesAllEntitlements({ mspId: 'OtherAgentMSP', roles: ['PAYING_AGENT'] }, bond)).toBe(false);
  });
});

describe('readyToComplete', () => {
  const paid = { status: 'PAID' } as const;
  const due = { status: 'DUE' } as const;
  const fixed = { status: 'ENTITLEMENTS_FIXED' } as const;

  it('needs a fixed event whose every entitlement, all read, is paid', () => {
    expect(readyToComplete(fixed, { records: [paid, paid], complete: true }, 'ISSUED')).toBe(true);
    expect(readyToComplete(fixed, { records: [paid, due], complete: true }, 'ISSUED')).toBe(false);
    expect(readyToComplete(fixed, { records: [paid], complete: false }, 'ISSUED')).toBe(false);
    expect(readyToComplete({ status: 'FIXING' }, { records: [paid], complete: true }, 'ISSUED')).toBe(false);
    expect(readyToComplete({ status: 'COMPLETE' }, { records: [paid], complete: true }, 'ISSUED')).toBe(false);
  });

  it('completes a maturity or call redemption only while the bond is issued or called', () => {
    const maturity = { ...fixed, reason: 'MATURITY' } as const;
    expect(readyToComplete(maturity, { records: [paid], complete: true }, 'CALLED')).toBe(true);
    expect(readyToComplete(maturity, { records: [paid], complete: true }, 'DEFAULTED')).toBe(false);
    expect(readyToComplete({ ...fixed, reason: 'PUT' }, { records: [paid], complete: true }, 'DEFAULTED')).toBe(true);
  });
});
