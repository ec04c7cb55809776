import { parseIdentityRoles } from '@bond-platform/chaincode-common';
import { CashErrorCode } from '../api/errors';
import { codeOf } from '../../test/support/domain';
import { assertMayReadAccount, authorize, type CallerFacts, type CashAccessRule } from './access';
import { cashAccessRuleFor, OPERATOR_ADMIN_RULE } from './access-policy';

const caller = (mspId: string, identityRoles: string[] = []): CallerFacts => ({ mspId, identityRoles, operatorMspId: 'PaymentMSP' });

describe('authorize', () => {
  const rules: Record<string, CashAccessRule> = {
    bootstrap: { kind: 'bootstrap' },
    read: { kind: 'read' },
    attest: { kind: 'attest' },
    'operator-admin': OPERATOR_ADMIN_RULE,
    operator: { kind: 'operator' },
    participant: { kind: 'participant' },
  };
  const decide = (rule: string, facts: CallerFacts) => codeOf(() => authorize(rules[rule]!, facts)) ?? 'granted';

  it('decides every rule for every kind of caller', () => {
    const callers: Record<string, CallerFacts> = {
      'operator admin': caller('PaymentMSP', ['admin']),
      'operator operator': caller('PaymentMSP', ['operator']),
      'operator viewer': caller('PaymentMSP'),
      'bank admin': caller('BankMSP', ['admin']),
      'bank operator': caller('BankMSP', ['operator']),
      'bank viewer': caller('BankMSP'),
      // The CSD observes the cash channel (Readers only): its identities carry no role the cash ledger knows.
      'csd observer': caller('CSDMSP'),
    };
    const table = Object.fromEntries(
      Object.entries(callers).map(([name, facts]) => [
        name,
        Object.fromEntries(Object.keys(rules).map((rule) => [rule, decide(rule, facts)])),
      ]),
    );
    const g = 'granted';
    expect(table).toEqual({
      'operator admin': {
        bootstrap: g,
        read: g,
        attest: g,
        'operator-admin': g,
        operator: 'ATTRIBUTE_REQUIRED',
        participant: 'ATTRIBUTE_REQUIRED',
      },
      'operator operator': { bootstrap: g, read: g, attest: g, 'operator-admin': 'ADMIN_REQUIRED', operator: g, participant: g },
      'operator viewer': {
        bootstrap: g,
        read: g,
        attest: g,
        'operator-admin': 'ADMIN_REQUIRED',
        operator: 'ATTRIBUTE_REQUIRED',
        participant: 'ATTRIBUTE_REQUIRED',
      },
      'bank admin': {
        bootstrap: g,
        read: g,
        attest: g,
        'operator-admin': 'ADMIN_REQUIRED',
        operator: 'OPERATOR_REQUIRED',
        participant: 'ATTRIBUTE_REQUIRED',
      },
      'bank operator': {
        bootstrap: g,
        read: g,
        attest: g,
        'operator-admin': 'ADMIN_REQUIRED',
        operator: 'OPERATOR_REQUIRED',
        participant: g,
      },
      'bank viewer': {
        bootstrap: g,
        read: g,
        attest: g,
        'operator-admin': 'ADMIN_REQUIRED',
        operator: 'OPERATOR_REQUIRED',
        participant: 'ATTRIBUTE_REQUIRED',
      },
      'csd observer': {
        bootstrap: g,
        read: g,
        attest: g,
        'operator-admin': 'ADMIN_REQUIRED',
        operator: 'OPERATOR_REQUIRED',
        participant: 'ATTRIBUTE_REQUIRED',
      },
    });
  });

  it('refuses everything but bootstrap before initialisation: NOT_INITIALIZED', () => {
    const uninitialised: CallerFacts = { mspId: 'PaymentMSP', identityRoles: ['admin', 'operator'], operatorMspId: undefined };
    for (const rule of ['read', 'attest', 'operator-admin', 'operator', 'participant']) {
      expect(decide(rule, uninitialised)).toBe(CashErrorCode.NOT_INITIALIZED);
    }
    expect(decide('bootstrap', uninitialised)).toBe('granted');
  });

  it('scopes account reads to the owner, and to the operator for every account: ACCESS_DENIED', () => {
    const bank = authorize({ kind: 'read' }, caller('BankMSP'));
    const operator = authorize({ kind: 'read' }, caller('PaymentMSP'));
    expect(operator.isOperator).toBe(true);
    expect(
      codeOf(() => {
        assertMayReadAccount(bank, 'BankMSP');
      }),
    ).toBeUndefined();
    expect(
      codeOf(() => {
        assertMayReadAccount(bank, 'SecuritiesMSP');
      }),
    ).toBe(CashErrorCode.ACCESS_DENIED);
    expect(
      codeOf(() => {
        assertMayReadAccount(operator, 'SecuritiesMSP');
      }),
    ).toBeUndefined();
  });

  it('splits the comma-separated bond.role attribute', () => {
    expect(parseIdentityRoles(' admin, operator ,')).toEqual(['admin', 'operator']);
    expect(parseIdentityRoles(null)).toEqual([]);
  });
});

describe('cash access policy table', () => {
  it('denies by default: an unlisted or inherited name has no rule', () => {
    for (const fn of ['Cash:Backdoor', 'Cash:toString', 'Cash:constructor', 'Htlc:IssueCash', 'Cash:LockCash', 'Membership:Initialize']) {
      expect(cashAccessRuleFor(fn)).toBeUndefined();
    }
  });

  it('reserves the money supply to the operator and accounts to its administrator', () => {
    expect(cashAccessRuleFor('Cash:IssueCash')).toEqual({ kind: 'operator' });
    expect(cashAccessRuleFor('Cash:RedeemCash')).toEqual({ kind: 'operator' });
    expect(cashAccessRuleFor('Cash:OpenAccount')).toEqual(OPERATOR_ADMIN_RULE);
    for (const fn of ['Cash:TransferCash', 'Htlc:LockCash', 'Htlc:ClaimCash', 'Htlc:RefundCash']) {
      expect(cashAccessRuleFor(fn)).toEqual({ kind: 'participant' });
    }
  });
});
