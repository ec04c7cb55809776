import { CashErrorCode } from '../api/errors';
import { codeOf, STAMP } from '../../test/support/domain';
import { emptyTotals, recordIssue, recordRedemption } from './totals';

describe('currency totals', () => {
  it('count issued and redeemed amounts, outstanding being their difference', () => {
    const issued = recordIssue(emptyTotals('EUR'), 1000n, STAMP);
    expect(issued).toMatchObject({ currency: 'EUR', issued: '1000', redeemed: '0', outstanding: '1000', lastChange: STAMP });
    expect(recordRedemption(issued, 400n, STAMP)).toMatchObject({ issued: '1000', redeemed: '400', outstanding: '600' });
  });

  it('never let more be redeemed than was issued, and take positive amounts only', () => {
    const issued = recordIssue(emptyTotals('EUR'), 1000n, STAMP);
    expect(codeOf(() => recordRedemption(issued, 1001n, STAMP))).toBe(CashErrorCode.INSUFFICIENT_FUNDS);
    expect(codeOf(() => recordIssue(issued, 0n, STAMP))).toBe(CashErrorCode.INVALID_ARGUMENT);
    expect(codeOf(() => recordRedemption(issued, 0n, STAMP))).toBe(CashErrorCode.INVALID_ARGUMENT);
  });
});
