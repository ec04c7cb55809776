/**
 * The Cash contract through its access guard on the in-memory world state:
 * governance by the payment operator, issuing, redeeming and transferring,
 * the reads' scopes, and for every refusal its stable code and that it
 * wrote nothing (not even an attempted write or event).
 */
import { type Account, type CashConfig, CashErrorCode, CashEvent, type CashMovement, type CurrencyTotals, type Page } from '../src/api';
import { TX_TIMESTAMP_TOLERANCE_MS } from '../src/domain/transaction-time';
import { MemoryLedger } from './support/memory-ledger';
import { BANK, BANK_ADMIN, BANK_VIEWER, contracts, CSD, json, PAY, PAY_ADMIN, Scenario, SEC } from './support/scenario';

const { cash } = contracts;
const E = CashErrorCode;

describe('Cash:Initialize', () => {
  it('records PaymentMSP as the operator by default, once, and announces it', async () => {
    const ledger = new MemoryLedger();
    const invocation = await ledger.invoke(cash, 'Initialize', PAY_ADMIN, json({}));
    expect(invocation.error).toBeUndefined();
    const config = JSON.parse(invocation.result!) as CashConfig;
    expect(config.operatorMspId).toBe('PaymentMSP');
    expect(invocation.event).toEqual({ name: CashEvent.LEDGER_INITIALIZED, payload: config });
    expect(await ledger.ok<CashConfig>(cash, 'GetConfig', BANK)).toEqual(config);
  });

  it('takes another operator MSP ID, which the caller must belong to', async () => {
    const s = new Scenario();
    await s.refused(cash, 'Initialize', PAY_ADMIN, E.ADMIN_REQUIRED, json({ operatorMspId: 'CentralBankMSP' }));
    const config = await s.ok<CashConfig>(
      cash,
      'Initialize',
      { mspId: 'CentralBankMSP', bondRole: 'admin' },
      json({ operatorMspId: 'CentralBankMSP' }),
    );
    expect(config.operatorMspId).toBe('CentralBankMSP');
    await s.refused(cash, 'OpenAccount', PAY_ADMIN, E.ADMIN_REQUIRED, json({ owner: 'BankMSP', accountId: 'SETTLEMENT', currency: 'EUR' }));
  });

  it('refuses a second initialisation, another organisation, an identity without bond.role=admin and unknown fields', async () => {
    const s = new Scenario();
    await s.refused(cash, 'Initialize', BANK_ADMIN, E.ADMIN_REQUIRED, json({}));
    await s.refused(cash, 'Initialize', PAY, E.ADMIN_REQUIRED, json({}));
    await s.refused(cash, 'Initialize', PAY_ADMIN, E.INVALID_ARGUMENT, json({ operatorMsp: 'PaymentMSP' }));
    await s.refused(cash, 'Initialize', PAY_ADMIN, E.INVALID_ARGUMENT, 'not json');
    await s.ready();
    await s.refused(cash, 'Initialize', PAY_ADMIN, E.ALREADY_INITIALIZED, json({}));
  });

  it('refuses everything else before initialisation: NOT_INITIALIZED', async () => {
    const s = new Scenario();
    await s.refused(
      cash,
      'OpenAccount',
      PAY_ADMIN,
      E.NOT_INITIALIZED,
      json({ owner: 'BankMSP', accountId: 'SETTLEMENT', currency: 'EUR' }),
    );
    await s.refused(cash, 'GetTotals', BANK, E.NOT_INITIALIZED, 'EUR');
    await s.refused(contracts.htlc, 'GetLock', BANK, E.NOT_INITIALIZED, 'L1');
  });
});

describe('Cash:OpenAccount', () => {
  let s: Scenario;
  beforeEach(async () => {
    s = new Scenario();
    await s.ready();
  });

  it('opens an account with a zero balance and the currency minor units, announced', async () => {
    const invocation = await s.ledger.invoke(
      cash,
      'OpenAccount',
      PAY_ADMIN,
      json({ owner: 'BankMSP', accountId: 'CLIENTS', currency: 'JPY' }),
    );
    const account = JSON.parse(invocation.result!) as Account;
    expect(account).toMatchObject({ owner: 'BankMSP', accountId: 'CLIENTS', currency: 'JPY', balance: '0', minorUnits: 0 });
    expect(invocation.event).toEqual({ name: CashEvent.ACCOUNT_OPENED, payload: account });
  });

  it('refuses the same account twice, participants, operator identities without admin, bad keys', async () => {
    const request = json({ owner: 'BankMSP', accountId: 'SETTLEMENT', currency: 'EUR' });
    await s.refused(cash, 'OpenAccount', PAY_ADMIN, E.ALREADY_EXISTS, request);
    await s.refused(cash, 'OpenAccount', BANK_ADMIN, E.ADMIN_REQUIRED, json({ owner: 'BankMSP', accountId: 'OWN', currency: 'EUR' }));
    await s.refused(cash, 'OpenAccount', PAY, E.ADMIN_REQUIRED, json({ owner: 'BankMSP', accountId: 'OWN', currency: 'EUR' }));
    for (const bad of [
      { owner: 'BankMSP', accountId: 'OWN', currency: 'XXX' },
      { owner: 'BankMSP', accountId: 'OWN', currency: 'eur' },
      { owner: 'BankMSP', accountId: 'O\u0000WN', currency: 'EUR' },
      { owner: 'Bank MSP', accountId: 'OWN', currency: 'EUR' },
      { owner: 'BankMSP', accountId: 'A'.repeat(33), currency: 'EUR' },
      { owner: 'BankMSP', accountId: 'OWN', currency: 'EUR', balance: '100' },
      { owner: 'BankMSP', currency: 'EUR' },
    ]) {
      await s.refused(cash, 'OpenAccount', PAY_ADMIN, E.INVALID_ARGUMENT, json(bad));
    }
  });
});

describe('Cash:IssueCash and Cash:RedeemCash', () => {
  let s: Scenario;
  beforeEach(async () => {
    s = new Scenario();
    await s.ready();
  });

  it('issues into an account and counts it in the currency totals, one event with the change set', async () => {
    const invocation = await s.ledger.invoke(
      cash,
      'IssueCash',
      PAY,
      json({ owner: 'BankMSP', accountId: 'SETTLEMENT', currency: 'EUR', amount: '125000' }),
    );
    const movement = JSON.parse(invocation.result!) as CashMovement;
    expect(movement).toMatchObject({
      kind: 'ISSUE',
      currency: 'EUR',
      amount: '125000',
      changes: [{ account: { owner: 'BankMSP', accountId: 'SETTLEMENT', currency: 'EUR' }, before: '0', after: '125000', delta: '125000' }],
      totals: { currency: 'EUR', issued: '125000', redeemed: '0', outstanding: '125000' },
      stamp: { mspId: 'PaymentMSP', txId: invocation.txId },
    });
    expect(invocation.event).toEqual({ name: CashEvent.CASH_ISSUED, payload: movement });
    expect(await s.ok<CurrencyTotals>(cash, 'GetTotals', BANK, 'EUR')).toEqual(movement.totals);
  });

  it('redeems up to the balance and no further: INSUFFICIENT_FUNDS', async () => {
    await s.issue('BankMSP', '1000');
    const movement = await s.ok<CashMovement>(
      cash,
      'RedeemCash',
      PAY,
      json({ owner: 'BankMSP', accountId: 'SETTLEMENT', currency: 'EUR', amount: '400' }),
    );
    expect(movement.changes[0]).toMatchObject({ before: '1000', after: '600', delta: '-400' });
    expect(movement.totals).toMatchObject({ issued: '1000', redeemed: '400', outstanding: '600' });
    await s.refused(
      cash,
      'RedeemCash',
      PAY,
      E.INSUFFICIENT_FUNDS,
      json({ owner: 'BankMSP', accountId: 'SETTLEMENT', currency: 'EUR', amount: '601' }),
    );
    await s.ok(cash, 'RedeemCash', PAY, json({ owner: 'BankMSP', accountId: 'SETTLEMENT', currency: 'EUR', amount: '600' }));
    expect(await s.balance('BankMSP')).toBe('0');
  });

  it('reserves issuing and redeeming to the operator organisation with bond.role=operator', async () => {
    const request = json({ owner: 'BankMSP', accountId: 'SETTLEMENT', currency: 'EUR', amount: '100' });
    await s.refused(cash, 'IssueCash', BANK, E.OPERATOR_REQUIRED, request);
    await s.refused(cash, 'RedeemCash', SEC, E.OPERATOR_REQUIRED, request);
    await s.refused(cash, 'IssueCash', PAY_ADMIN, E.ATTRIBUTE_REQUIRED, request);
    await s.refused(cash, 'IssueCash', { mspId: 'PaymentMSP' }, E.ATTRIBUTE_REQUIRED, request);
  });

  it('refuses an account that is not open: NOT_FOUND', async () => {
    await s.refused(cash, 'IssueCash', PAY, E.NOT_FOUND, json({ owner: 'BankMSP', accountId: 'SETTLEMENT', currency: 'USD', amount: '1' }));
    await s.refused(cash, 'IssueCash', PAY, E.NOT_FOUND, json({ owner: 'FundMSP', accountId: 'SETTLEMENT', currency: 'EUR', amount: '1' }));
  });

  it('takes amounts only as canonical decimal strings of minor units greater than zero', async () => {
    for (const amount of ['0', '-1', '+1', '1e3', '1.5', '1.0', '01', ' 1', '1 ', '1_000', '0x10', '', '1'.repeat(31), 100, null, true]) {
      await s.refused(
        cash,
        'IssueCash',
        PAY,
        E.INVALID_ARGUMENT,
        json({ owner: 'BankMSP', accountId: 'SETTLEMENT', currency: 'EUR', amount }),
      );
    }
    const largest = '9'.repeat(30);
    await s.issue('BankMSP', largest);
    expect(await s.balance('BankMSP')).toBe(largest);
  });
});

describe('Cash:TransferCash', () => {
  let s: Scenario;
  const pay = (amount: string, from = 'BankMSP', to = 'SecuritiesMSP') =>
    json({ from: { owner: from, accountId: 'SETTLEMENT' }, to: { owner: to, accountId: 'SETTLEMENT' }, currency: 'EUR', amount });

  beforeEach(async () => {
    s = new Scenario();
    await s.ready();
    await s.issue('BankMSP', '1000');
  });

  it('moves money between accounts with both changes in one event; the totals do not change', async () => {
    const invocation = await s.ledger.invoke(cash, 'TransferCash', BANK, pay('250'));
    const movement = JSON.parse(invocation.result!) as CashMovement;
    expect(movement.changes).toEqual([
      { account: { owner: 'BankMSP', accountId: 'SETTLEMENT', currency: 'EUR' }, before: '1000', after: '750', delta: '-250' },
      { account: { owner: 'SecuritiesMSP', accountId: 'SETTLEMENT', currency: 'EUR' }, before: '0', after: '250', delta: '250' },
    ]);
    expect(movement.totals).toBeUndefined();
    expect(invocation.event).toEqual({ name: CashEvent.CASH_TRANSFERRED, payload: movement });
    expect(await s.ok<CurrencyTotals>(cash, 'GetTotals', BANK, 'EUR')).toMatchObject({ outstanding: '1000' });
  });

  it("refuses paying from another organisation's account, even for the operator: NOT_A_PARTY", async () => {
    await s.refused(cash, 'TransferCash', SEC, E.NOT_A_PARTY, pay('1'));
    await s.refused(cash, 'TransferCash', PAY, E.NOT_A_PARTY, pay('1'));
  });

  it('refuses more than the balance (no negative balance), a closed destination, the same account, and a missing attribute', async () => {
    await s.refused(cash, 'TransferCash', BANK, E.INSUFFICIENT_FUNDS, pay('1001'));
    await s.refused(cash, 'TransferCash', BANK, E.NOT_FOUND, pay('1', 'BankMSP', 'FundMSP'));
    await s.refused(cash, 'TransferCash', BANK, E.INVALID_ARGUMENT, pay('1', 'BankMSP', 'BankMSP'));
    await s.refused(cash, 'TransferCash', BANK_VIEWER, E.ATTRIBUTE_REQUIRED, pay('1'));
    await s.refused(
      cash,
      'TransferCash',
      BANK,
      E.INVALID_ARGUMENT,
      json({ from: { owner: 'BankMSP', accountId: 'SETTLEMENT' }, to: 'SecuritiesMSP', currency: 'EUR', amount: '1' }),
    );
  });
});

describe('reads', () => {
  let s: Scenario;
  beforeEach(async () => {
    s = new Scenario();
    await s.ready();
    await s.open('BankMSP', 'SETTLEMENT', 'USD');
  });

  it('shows an account to its owner (any identity) and the operator, not to others: ACCESS_DENIED', async () => {
    expect((await s.ok<Account>(cash, 'GetAccount', BANK_VIEWER, 'BankMSP', 'SETTLEMENT', 'EUR')).balance).toBe('0');
    expect((await s.ok<Account>(cash, 'GetAccount', PAY, 'BankMSP', 'SETTLEMENT', 'EUR')).owner).toBe('BankMSP');
    await s.refused(cash, 'GetAccount', SEC, E.ACCESS_DENIED, 'BankMSP', 'SETTLEMENT', 'EUR');
    await s.refused(cash, 'GetAccount', CSD, E.ACCESS_DENIED, 'BankMSP', 'SETTLEMENT', 'EUR');
    await s.refused(cash, 'GetAccount', BANK, E.NOT_FOUND, 'BankMSP', 'SETTLEMENT', 'GBP');
    await s.refused(cash, 'GetAccount', BANK, E.INVALID_ARGUMENT, 'BankMSP', 'SETTLEMENT', 'EURO');
  });

  it("lists an owner's accounts to it and the operator; every account to the operator only", async () => {
    const own = await s.ok<Page<Account>>(cash, 'ListAccounts', BANK, 'BankMSP', '', '');
    expect(own.records.map((a) => a.currency)).toEqual(['EUR', 'USD']);
    const all = await s.ok<Page<Account>>(cash, 'ListAccounts', PAY, '', '', '');
    expect(all.records.map((a) => a.owner)).toEqual(['BankMSP', 'BankMSP', 'SecuritiesMSP']);
    await s.refused(cash, 'ListAccounts', BANK, E.ACCESS_DENIED, '', '', '');
    await s.refused(cash, 'ListAccounts', SEC, E.ACCESS_DENIED, 'BankMSP', '', '');
  });

  it('pages through the accounts with bookmarks that stay in the range', async () => {
    const first = await s.ok<Page<Account>>(cash, 'ListAccounts', PAY, '', '2', '');
    expect(first.records).toHaveLength(2);
    const second = await s.ok<Page<Account>>(cash, 'ListAccounts', PAY, '', '2', first.bookmark);
    expect(second.records.map((a) => a.owner)).toEqual(['SecuritiesMSP']);
    expect(second.bookmark).toBe('');
    await s.refused(cash, 'ListAccounts', BANK, E.INVALID_ARGUMENT, 'BankMSP', '2', first.bookmark.replace('BankMSP', 'AaaMSP'));
    await s.refused(cash, 'ListAccounts', PAY, E.INVALID_ARGUMENT, '', '0', '');
  });

  it('gives every organisation the totals; zeros in a currency nothing was issued in', async () => {
    expect(await s.ok<CurrencyTotals>(cash, 'GetTotals', CSD, 'JPY')).toEqual({
      currency: 'JPY',
      issued: '0',
      redeemed: '0',
      outstanding: '0',
    });
  });
});

describe('the guard', () => {
  let s: Scenario;
  beforeEach(async () => {
    s = new Scenario();
    await s.ready();
    await s.issue('BankMSP', '1000');
  });

  it('refuses functions without an access rule: FUNCTION_NOT_ALLOWED', async () => {
    await s.refused(cash, 'toString', PAY_ADMIN, E.FUNCTION_NOT_ALLOWED);
    await s.refused(cash, 'LockCash', BANK, E.FUNCTION_NOT_ALLOWED, json({}));
  });

  it('refuses a wrong argument count with INVALID_ARGUMENT before running anything', async () => {
    await s.refused(cash, 'GetTotals', BANK, E.INVALID_ARGUMENT);
    await s.refused(cash, 'GetTotals', BANK, E.INVALID_ARGUMENT, 'EUR', 'extra');
  });

  it('refuses a write whose timestamp is more than 120 s from the peer clock, and not a read', async () => {
    const tx = s.ledger.nowMillis;
    const request = json({ owner: 'BankMSP', accountId: 'SETTLEMENT', currency: 'EUR', amount: '1' });
    for (const skew of [TX_TIMESTAMP_TOLERANCE_MS + 1, -TX_TIMESTAMP_TOLERANCE_MS - 1]) {
      await s.refusedWith(cash, 'IssueCash', PAY, E.TIMESTAMP_OUT_OF_RANGE, { peerClockMillis: tx + skew }, request);
    }
    for (const skew of [TX_TIMESTAMP_TOLERANCE_MS, -TX_TIMESTAMP_TOLERANCE_MS]) {
      expect((await s.ledger.invokeWith(cash, 'IssueCash', PAY, { peerClockMillis: tx + skew }, request)).error).toBeUndefined();
    }
    const read = await s.ledger.invokeWith(cash, 'GetTotals', BANK, { peerClockMillis: tx + 24 * 3600_000 }, 'EUR');
    expect(read.error).toBeUndefined();
  });
});
