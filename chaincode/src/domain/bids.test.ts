import fc from 'fast-check';
import { MAX_BID_ACCOUNTS } from '../api/bonds';
import { accountsOfBid, requireBidAccounts, requireBidUnits } from './bids';
import { refusal } from '../../test/support/fixtures';

describe('the accounts of a bid', () => {
  it('takes one accountId as before', () => {
    expect(requireBidAccounts('PROP', undefined, 700n)).toEqual({ accountId: 'PROP' });
  });

  it('takes accounts whose units add up to the bid, stored in ascending account order with canonical units', () => {
    const accounts = [
      { accountId: 'CLIENT-2', units: '300' },
      { accountId: 'CLIENT-10', units: '100' },
      { accountId: 'CLIENT-1', units: '200' },
    ];
    expect(requireBidAccounts(undefined, accounts, 600n)).toEqual({
      accounts: [
        { accountId: 'CLIENT-1', units: '200' },
        { accountId: 'CLIENT-10', units: '100' },
        { accountId: 'CLIENT-2', units: '300' },
      ],
    });
  });

  it.each([
    ['both accountId and accounts', 'PROP', [{ accountId: 'A', units: '1' }], 1n, /either accountId or accounts/],
    ['neither', undefined, undefined, 1n, /^INVALID_ARGUMENT: accountId must be/],
    ['an empty list', undefined, [], 1n, /1 to 10000 accounts/],
    ['not a list', undefined, { accountId: 'A', units: '1' }, 1n, /1 to 10000 accounts/],
    ['an entry that is no object', undefined, ['A'], 1n, /accounts\[0\] must be an object/],
    ['a malformed account id', undefined, [{ accountId: 'A B', units: '1' }], 1n, /accounts\[0\]\.accountId must be/],
    ['a put account', undefined, [{ accountId: 'PUT-2027-01-01', units: '1' }], 1n, /reserved for units elected for a put/],
    [
      'an account named twice',
      undefined,
      [
        { accountId: 'A', units: '1' },
        { accountId: 'A', units: '1' },
      ],
      2n,
      /accounts\[1\]\.accountId A is named twice/,
    ],
    [
      'zero units',
      undefined,
      [
        { accountId: 'A', units: '0' },
        { accountId: 'B', units: '1' },
      ],
      1n,
      /accounts\[0\]\.units/,
    ],
    ['units as a number', undefined, [{ accountId: 'A', units: 1 }], 1n, /accounts\[0\]\.units/],
    ['units with a leading zero', undefined, [{ accountId: 'A', units: '01' }], 1n, /accounts\[0\]\.units/],
    [
      'a sum other than the bid',
      undefined,
      [
        { accountId: 'A', units: '2' },
        { accountId: 'B', units: '3' },
      ],
      6n,
      /units 6 must equal the sum of the accounts' units, 5/,
    ],
  ])('refuses %s with INVALID_ARGUMENT', (_, accountId, accounts, units, message) => {
    expect(refusal(() => requireBidAccounts(accountId, accounts, units))).toMatch(/^INVALID_ARGUMENT: /);
    expect(refusal(() => requireBidAccounts(accountId, accounts, units))).toMatch(message);
  });

  it(`takes up to ${MAX_BID_ACCOUNTS} accounts and no more`, () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => ({ accountId: `C${String(i).padStart(6, '0')}`, units: '1' }));
    expect(requireBidAccounts(undefined, many(MAX_BID_ACCOUNTS), BigInt(MAX_BID_ACCOUNTS))).toHaveProperty(
      'accounts.length',
      MAX_BID_ACCOUNTS,
    );
    expect(refusal(() => requireBidAccounts(undefined, many(MAX_BID_ACCOUNTS + 1), BigInt(MAX_BID_ACCOUNTS + 1)))).toMatch(
      /1 to 10000 accounts/,
    );
  });

  it('needs the units with accounts: the total is stated, never derived', () => {
    expect(refusal(() => requireBidUnits(undefined, [{ accountId: 'A', units: '1' }]))).toMatch(
      /^INVALID_ARGUMENT: units is required with accounts/,
    );
    expect(refusal(() => requireBidUnits(undefined, undefined))).toMatch(/^INVALID_ARGUMENT: units/);
    expect(requireBidUnits('5', [{ accountId: 'A', units: '5' }])).toBe(5n);
  });

  it('stores the same bid whatever order its accounts come in (property)', () => {
    const accountsArb = fc.uniqueArray(
      fc.record({ accountId: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/), units: fc.integer({ min: 1, max: 1e9 }) }),
      {
        selector: (a) => a.accountId,
        minLength: 1,
        maxLength: 40,
      },
    );
    fc.assert(
      fc.property(
        accountsArb.chain((a) => fc.tuple(fc.constant(a), fc.shuffledSubarray(a, { minLength: a.length }))),
        ([accounts, shuffled]) => {
          fc.pre(accounts.every((a) => !a.accountId.startsWith('PUT-')));
          const total = accounts.reduce((s, a) => s + BigInt(a.units), 0n);
          const asText = (list: typeof accounts) => list.map((a) => ({ accountId: a.accountId, units: String(a.units) }));
          const stored = requireBidAccounts(undefined, asText(accounts), total);
          expect(requireBidAccounts(undefined, asText(shuffled), total)).toEqual(stored);
          expect(accountsOfBid({ units: total.toString(), ...stored }).reduce((s, a) => s + a.units, 0n)).toBe(total);
        },
      ),
    );
  });

  it('reads a single-account bid as one account with all its units', () => {
    expect(accountsOfBid({ units: '700', accountId: 'PROP' })).toEqual([{ accountId: 'PROP', units: 700n }]);
  });
});
