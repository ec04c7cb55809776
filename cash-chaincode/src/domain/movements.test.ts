import { CashErrorCode } from '../api/errors';
import { account, codeOf, STAMP } from '../../test/support/domain';
import { issue, parseIssueOrRedeemRequest, parseTransferRequest, redeem, transfer } from './movements';
import { emptyTotals } from './totals';

describe('issue, redeem, transfer', () => {
  it('issue credits the account and the issued total alike; redeem debits the account and grows the redeemed total', () => {
    const issued = issue(account('BankMSP'), emptyTotals('EUR'), 500n, STAMP);
    expect(issued.account.balance).toBe('500');
    expect(issued.movement).toMatchObject({ kind: 'ISSUE', amount: '500', totals: { outstanding: '500' } });
    const redeemed = redeem(issued.account, issued.totals, 200n, STAMP);
    expect(redeemed.account.balance).toBe('300');
    expect(redeemed.totals).toMatchObject({ issued: '500', redeemed: '200', outstanding: '300' });
    expect(codeOf(() => redeem(redeemed.account, redeemed.totals, 301n, STAMP))).toBe(CashErrorCode.INSUFFICIENT_FUNDS);
  });

  it("transfer moves money between two accounts of a currency, from the caller's own only", () => {
    const result = transfer(account('BankMSP', '100'), account('SecuritiesMSP'), 'BankMSP', 100n, STAMP);
    expect([result.from.balance, result.to.balance]).toEqual(['0', '100']);
    expect(result.movement.changes.map((c) => c.delta)).toEqual(['-100', '100']);
    expect(codeOf(() => transfer(account('BankMSP', '100'), account('SecuritiesMSP'), 'SecuritiesMSP', 1n, STAMP))).toBe(
      CashErrorCode.NOT_A_PARTY,
    );
    expect(codeOf(() => transfer(account('BankMSP', '100'), account('SecuritiesMSP'), 'BankMSP', 101n, STAMP))).toBe(
      CashErrorCode.INSUFFICIENT_FUNDS,
    );
    expect(codeOf(() => transfer(account('BankMSP', '100'), account('BankMSP'), 'BankMSP', 1n, STAMP))).toBe(
      CashErrorCode.INVALID_ARGUMENT,
    );
    const usd = { ...account('SecuritiesMSP'), currency: 'USD' };
    expect(codeOf(() => transfer(account('BankMSP', '100'), usd, 'BankMSP', 1n, STAMP))).toBe(CashErrorCode.INVALID_ARGUMENT);
  });

  it('parses requests strictly: known fields only, both accounts in the request currency', () => {
    expect(parseIssueOrRedeemRequest({ owner: 'BankMSP', accountId: 'A', currency: 'EUR', amount: '5' })).toEqual({
      account: { owner: 'BankMSP', accountId: 'A', currency: 'EUR' },
      amount: 5n,
    });
    expect(
      parseTransferRequest({
        from: { owner: 'BankMSP', accountId: 'A' },
        to: { owner: 'SecuritiesMSP', accountId: 'B' },
        currency: 'JPY',
        amount: '7',
      }),
    ).toEqual({
      from: { owner: 'BankMSP', accountId: 'A', currency: 'JPY' },
      to: { owner: 'SecuritiesMSP', accountId: 'B', currency: 'JPY' },
      amount: 7n,
    });
    expect(codeOf(() => parseIssueOrRedeemRequest({ owner: 'BankMSP', accountId: 'A', currency: 'EUR', amount: '5', to: 'x' }))).toBe(
      CashErrorCode.INVALID_ARGUMENT,
    );
  });
});
