import { createHash } from 'node:crypto';
import type { Account, CashLock, CurrencyTotals } from '@bond-platform/cash-chaincode/api';
import type { common } from '@hyperledger/fabric-protos';
import { peer } from '@hyperledger/fabric-protos';
import {
  type CashLedgerSnapshot,
  cashChecks,
  checkCashBalances,
  checkCashExpiries,
  checkCashOutstanding,
  checkCashPreimages,
  replayCashState,
  type StateWrite,
} from './cash-rules';
import { testBlock } from '../fabric/test-blocks';
import { parseArgs } from './cli';
import { writesOf } from './ledger-reader';
import { formatTable } from './rules';
import { cashReaderOrg, type TestCashLedger, type TestNetworkOrganization } from './test-network';

const T0 = Date.UTC(2026, 2, 2, 9, 0, 0);
const STAMP = { mspId: 'BankMSP', identity: 'x509::/CN=operator1', timestamp: new Date(T0).toISOString(), txId: 'tx1' };
const PREIMAGE = 'ab'.repeat(32);
const HASH = createHash('sha256').update(Buffer.from(PREIMAGE, 'hex')).digest('hex');

function account(owner: string, balance: string, currency = 'EUR'): Account {
  return { owner, accountId: 'SETTLEMENT', currency, balance, minorUnits: 2, opened: STAMP, lastChange: STAMP };
}

function lock(overrides: Partial<CashLock> = {}): CashLock {
  return {
    lockId: 'DVP-1',
    status: 'LOCKED',
    locker: { owner: 'BankMSP', accountId: 'SETTLEMENT' },
    beneficiary: { owner: 'SecuritiesMSP', accountId: 'SETTLEMENT' },
    currency: 'EUR',
    amount: '600',
    hashAlgorithm: 'SHA256',
    hash: HASH,
    expiry: new Date(T0 + 3_600_000).toISOString(),
    locked: STAMP,
    ...overrides,
  };
}

function totals(issued: string, redeemed: string, currency = 'EUR'): CurrencyTotals {
  return { currency, issued, redeemed, outstanding: (BigInt(issued) - BigInt(redeemed)).toString() };
}

/** 1000 issued, 100 redeemed; the bank locked 600 of its 700 for the securities firm, which holds 200. */
function sound(): CashLedgerSnapshot {
  return {
    accounts: [account('BankMSP', '100'), account('SecuritiesMSP', '200')],
    totals: [totals('1000', '100')],
    locks: [
      lock(),
      lock({ lockId: 'DVP-0', status: 'CLAIMED', preimage: PREIMAGE, claimed: STAMP }),
      lock({ lockId: 'DVP-R', status: 'REFUNDED', refunded: STAMP }),
    ],
  };
}

const codes = (r: { violations: { subject: string }[] }) => r.violations.map((v) => v.subject);

describe('cash-outstanding', () => {
  it('holds when Σ balances + Σ LOCKED amounts = issued − redeemed, claimed and refunded locks left out', () => {
    expect(checkCashOutstanding(sound())).toEqual({ check: 'cash-outstanding', checked: 1, violations: [] });
  });

  it('finds money created or lost: a balance or a lock that the totals do not account for', () => {
    const s = sound();
    s.accounts[0] = account('BankMSP', '101');
    const result = checkCashOutstanding(s);
    expect(result.violations).toEqual([
      { check: 'cash-outstanding', subject: 'EUR', message: 'Σ balances 301 + Σ locked 600 = 901, but issued 1000 − redeemed 100 = 900' },
    ]);
    expect(codes(checkCashOutstanding({ ...sound(), locks: [lock({ amount: '599' })] }))).toEqual(['EUR']);
  });

  it('checks each currency apart, one without totals as nothing issued', () => {
    const s = sound();
    s.accounts.push(account('BankMSP', '0', 'USD'), account('SecuritiesMSP', '5', 'GBP'));
    expect(checkCashOutstanding(s)).toMatchObject({ checked: 3, violations: [{ subject: 'GBP' }] });
  });

  it('finds a totals record whose outstanding is not its issued − redeemed (what GetTotals answers)', () => {
    const s = sound();
    s.totals[0] = { ...totals('1000', '100'), outstanding: '1000' };
    expect(checkCashOutstanding(s).violations[0]?.message).toMatch(/says outstanding 1000, but issued − redeemed = 900/);
  });

  it('reports a sum it cannot make rather than a misleading one', () => {
    const s = sound();
    s.accounts[0] = account('BankMSP', '-100');
    expect(checkCashOutstanding(s).violations[0]?.message).toMatch(/not a whole number/);
  });
});

describe('cash-balances', () => {
  it('holds for canonical whole numbers, zero included', () => {
    expect(checkCashBalances([account('BankMSP', '0'), account('SecuritiesMSP', '12345')]).violations).toEqual([]);
  });

  it('finds a negative balance, and any balance that is not a canonical whole number', () => {
    const result = checkCashBalances(['-1', '1.5', '01', '1e3', ''].map((b, i) => ({ ...account('BankMSP', b), accountId: `A${i}` })));
    expect(result.checked).toBe(5);
    expect(result.violations.map((v) => v.message)).toEqual([
      'negative balance -1',
      'balance 1.5 is not a whole number',
      'balance 01 is not a whole number',
      'balance 1e3 is not a whole number',
      'balance  is not a whole number',
    ]);
    expect(result.violations[0]?.subject).toBe('BankMSP/A0/EUR');
  });
});

describe('cash-preimages', () => {
  it("holds when every CLAIMED lock's preimage hashes to its hash", () => {
    expect(checkCashPreimages(sound().locks)).toEqual({ check: 'cash-preimages', checked: 1, violations: [] });
  });

  it('finds a claim with a wrong or missing preimage, and a preimage on a lock that was not claimed', () => {
    const result = checkCashPreimages([
      lock({ lockId: 'WRONG', status: 'CLAIMED', preimage: 'cd'.repeat(32) }),
      lock({ lockId: 'NONE', status: 'CLAIMED' }),
      lock({ lockId: 'HEX-TEXT', status: 'CLAIMED', preimage: HASH.toUpperCase() }),
      lock({ lockId: 'LEAKED', preimage: PREIMAGE }),
    ]);
    expect(codes(result)).toEqual(['WRONG', 'NONE', 'HEX-TEXT', 'LEAKED']);
    expect(result.violations[0]?.message).toMatch(/does not hash \(SHA-256\) to its hash/);
  });
});

describe('cash-expiries', () => {
  const expiry = T0 + 3_600_000;

  it('allows a LOCKED lock up to the grace after its expiry, and any claimed or refunded one', () => {
    const locks = [lock(), lock({ lockId: 'C', status: 'CLAIMED', preimage: PREIMAGE }), lock({ lockId: 'R', status: 'REFUNDED' })];
    expect(checkCashExpiries(locks, expiry + 120_000)).toEqual({ check: 'cash-expiries', checked: 1, violations: [] });
    expect(checkCashExpiries(locks.slice(1), expiry + 365 * 86_400_000).violations).toEqual([]);
  });

  it('finds a lock left LOCKED more than the grace after its expiry: locked for ever', () => {
    const result = checkCashExpiries([lock()], expiry + 120_001);
    expect(result.violations).toEqual([
      {
        check: 'cash-expiries',
        subject: 'DVP-1',
        message: `still LOCKED 120 s after its expiry ${new Date(expiry).toISOString()} (grace 120 s): 600 EUR of BankMSP/SETTLEMENT not refunded`,
      },
    ]);
    expect(checkCashExpiries([lock()], expiry + 30_001, 30).violations).toHaveLength(1);
    expect(checkCashExpiries([lock()], expiry + 30_000, 30).violations).toHaveLength(0);
  });
});

describe('cashChecks and the table', () => {
  it('runs every rule, and prints them in the bond table layout', () => {
    const results = cashChecks(sound(), T0);
    expect(results.map((r) => [r.check, r.violations.length])).toEqual([
      ['cash-outstanding', 0],
      ['cash-balances', 0],
      ['cash-preimages', 0],
      ['cash-expiries', 0],
    ]);
    expect(formatTable(results).split('\n')).toEqual([
      'check             checked  violations  result',
      '----------------  -------  ----------  ------',
      'cash-outstanding        1           0  ok',
      'cash-balances           2           0  ok',
      'cash-preimages          1           0  ok',
      'cash-expiries           1           0  ok',
    ]);
    const broken = formatTable(cashChecks({ ...sound(), accounts: [account('BankMSP', '-1')] }, T0));
    expect(broken).toContain('cash-balances           1           1  VIOLATED');
    expect(broken).toContain('  [cash-balances] BankMSP/SETTLEMENT/EUR: negative balance -1');
  });
});

describe('the cash world state from its writes', () => {
  const key = (type: string, ...attributes: string[]) => `\u0000${type}\u0000${attributes.map((a) => `${a}\u0000`).join('')}`;
  const put = (k: string, value: unknown): StateWrite => ({ key: k, value: Buffer.from(JSON.stringify(value)) });

  it('keeps the last write of each key, drops deleted keys, and decodes accounts, totals and locks', () => {
    const bank = key('cashAccount', 'BankMSP', 'SETTLEMENT', 'EUR');
    const writes: StateWrite[] = [
      put(key('cashConfig', 'cash'), { operatorMspId: 'PaymentMSP' }),
      put(bank, account('BankMSP', '700')),
      put(key('cashTotals', 'EUR'), totals('700', '0')),
      put(bank, account('BankMSP', '100')),
      put(key('cashLock', 'DVP-1'), lock()),
      put(key('cashOpenLock', lock().expiry, 'DVP-1'), 1),
      { key: key('cashOpenLock', lock().expiry, 'DVP-1') },
      put(key('cashLockByHash', HASH, 'DVP-1'), 1),
    ];
    expect(replayCashState(writes)).toEqual({ accounts: [account('BankMSP', '100')], totals: [totals('700', '0')], locks: [lock()] });
  });

  /** A block of endorser transactions, each writing `writes` in namespace `ns`, with the validation codes given. */
  function block(transactions: { ns: string; writes: StateWrite[]; code: number; type?: number }[]): common.Block {
    return testBlock(
      0,
      transactions.map(({ ns, writes, code, type }) => ({ writes: { [ns]: writes }, validationCode: code, type })),
    );
  }

  it("takes the chaincode's writes of VALID endorser transactions only, in order", () => {
    const VALID = peer.TxValidationCode.VALID;
    const write = (k: string, v: string): StateWrite => ({ key: k, value: Buffer.from(v) });
    const b = block([
      { ns: 'cash', writes: [write('a', '1'), { key: 'b' }], code: VALID },
      { ns: 'cash', writes: [write('a', 'conflict')], code: peer.TxValidationCode.MVCC_READ_CONFLICT },
      { ns: 'bond', writes: [write('a', 'other chaincode')], code: VALID },
      { ns: 'cash', writes: [write('c', '3')], code: VALID },
    ]);
    const writes = writesOf(b, 'cash').map((w) => ({ key: w.key, ...(w.value ? { value: Buffer.from(w.value).toString() } : {}) }));
    expect(writes).toEqual([{ key: 'a', value: '1' }, { key: 'b' }, { key: 'c', value: '3' }]);
  });
});

describe('the check-ledger command line and the cash reader', () => {
  it('checks the cash ledger by default with a 120 s lock grace; --no-cash and --lock-grace change that', () => {
    expect(parseArgs([])).toMatchObject({ cash: true, lockGraceSeconds: 120 });
    expect(parseArgs(['--no-cash', '--lock-grace', '600'])).toMatchObject({ cash: false, lockGraceSeconds: 600 });
    expect(() => parseArgs(['--lock-grace', '-5'])).toThrow(/--lock-grace/);
  });

  it('reads the cash blocks as the bond reader if it is on the cash channel, else as its observer', () => {
    const org = {} as TestNetworkOrganization;
    const cash: TestCashLedger = {
      channel: 'cash',
      chaincode: 'cash',
      administrator: 'payment',
      participants: ['bank', 'securities'],
      observers: ['csd'],
      endorsers: ['payment'],
      organizations: { payment: org, bank: org, securities: org, csd: org },
    };
    expect(cashReaderOrg(cash, 'csd')).toBe('csd');
    expect(cashReaderOrg(cash, 'regulator')).toBe('csd');
    expect(cashReaderOrg({ ...cash, observers: [] }, 'regulator')).toBe('payment');
  });
});
