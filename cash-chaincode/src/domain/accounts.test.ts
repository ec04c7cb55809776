import fc from 'fast-check';
import { CashErrorCode } from '../api/errors';
import { account, codeOf, STAMP } from '../../test/support/domain';
import { balanceChange, credit, debit, openAccount, parseAccountRef, requireOwnAccount } from './accounts';

describe('accounts', () => {
  it('opens with a zero balance and the currency minor units; never twice', () => {
    const opened = openAccount({ owner: 'BankMSP', accountId: 'SETTLEMENT', currency: 'JPY' }, undefined, STAMP);
    expect(opened).toMatchObject({ balance: '0', minorUnits: 0 });
    expect(codeOf(() => openAccount(opened, opened, STAMP))).toBe(CashErrorCode.ALREADY_EXISTS);
  });

  it('credits and debits whole minor units, and refuses to go below zero: INSUFFICIENT_FUNDS', () => {
    const a = account('BankMSP', '1000');
    expect(debit(a, 1000n, STAMP).balance).toBe('0');
    expect(credit(a, 1n, STAMP).balance).toBe('1001');
    expect(codeOf(() => debit(a, 1001n, STAMP))).toBe(CashErrorCode.INSUFFICIENT_FUNDS);
    expect(codeOf(() => debit(a, 0n, STAMP))).toBe(CashErrorCode.INVALID_ARGUMENT);
    expect(codeOf(() => credit(a, -1n, STAMP))).toBe(CashErrorCode.INVALID_ARGUMENT);
  });

  it('describes a change with a signed delta', () => {
    const a = account('BankMSP', '1000');
    expect(balanceChange(a, debit(a, 600n, STAMP))).toEqual({
      account: { owner: 'BankMSP', accountId: 'SETTLEMENT', currency: 'EUR' },
      before: '1000',
      after: '400',
      delta: '-600',
    });
  });

  it('never goes negative and always equals credits minus accepted debits (property)', () => {
    // An amount, or exactly the balance, or one more: the edge of "no negative balance".
    const step = fc.record({ credit: fc.boolean(), amount: fc.oneof(fc.bigInt({ min: 1n, max: 10n ** 20n }), fc.constantFrom(0n, 1n)) });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        let a = account('BankMSP');
        let expected = 0n;
        for (const { credit: isCredit, amount: drawn } of steps) {
          const amount = drawn > 1n ? drawn : expected + drawn;
          if (amount === 0n) continue;
          if (isCredit) {
            a = credit(a, amount, STAMP);
            expected += amount;
          } else if (amount > expected) {
            expect(codeOf(() => debit(a, amount, STAMP))).toBe(CashErrorCode.INSUFFICIENT_FUNDS);
          } else {
            a = debit(a, amount, STAMP);
            expected -= amount;
          }
          expect(BigInt(a.balance)).toBe(expected);
          expect(a.balance).toMatch(/^(0|[1-9][0-9]*)$/);
        }
      }),
    );
  });

  it('lets only the owner instruct on its account: NOT_A_PARTY', () => {
    expect(
      codeOf(() => {
        requireOwnAccount({ owner: 'BankMSP', accountId: 'A' }, 'SecuritiesMSP', 'pay from');
      }),
    ).toBe(CashErrorCode.NOT_A_PARTY);
    expect(
      codeOf(() => {
        requireOwnAccount({ owner: 'BankMSP', accountId: 'A' }, 'BankMSP', 'pay from');
      }),
    ).toBeUndefined();
  });

  it('parses account references strictly', () => {
    expect(parseAccountRef({ owner: 'BankMSP', accountId: 'SETTLEMENT' }, 'to')).toEqual({ owner: 'BankMSP', accountId: 'SETTLEMENT' });
    for (const bad of [
      null,
      [],
      'BankMSP',
      { owner: 'BankMSP' },
      { owner: 'BankMSP', accountId: 'A', currency: 'EUR' },
      { owner: '-x', accountId: 'A' },
    ]) {
      expect(codeOf(() => parseAccountRef(bad, 'to'))).toBe(CashErrorCode.INVALID_ARGUMENT);
    }
  });
});
