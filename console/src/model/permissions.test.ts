import type { components } from '../api/schema';
import { kindOf, may, roleView, userName, userRole } from './permissions';
import { caller } from './callers.fixture';

type Bond = components['schemas']['Bond'];
type Transfer = components['schemas']['Transfer'];

const me = caller;

const csdAdmin = me('CSDMSP', ['CSD'], ['admin']);
const csdOperator = me('CSDMSP', ['CSD'], ['operator']);
const bank = me('BankMSP', ['INVESTOR', 'PAYING_AGENT'], ['operator']);
const bankViewer = me('BankMSP', ['INVESTOR', 'PAYING_AGENT'], []);
const bankSuspended = me('BankMSP', ['INVESTOR', 'PAYING_AGENT'], ['operator'], 'SUSPENDED');
const regulator = me('RegulatorMSP', ['REGULATOR'], ['operator']);
const securities = me('SecuritiesMSP', ['ISSUER', 'UNDERWRITER'], ['operator']);

const bond = {
  isin: 'CNX000000001',
  issuer: 'SecuritiesMSP',
  terms: { payingAgent: 'BankMSP' },
} as unknown as Bond;

const transfer = (fields: Partial<Transfer>): Transfer =>
  ({ from: 'BankMSP', to: 'SecuritiesMSP', status: 'INSTRUCTED', ...fields }) as Transfer;

describe('roleView', () => {
  it('lays out the CSD, an institution and the regulator as the contract names them', () => {
    expect(roleView(csdAdmin).screens).toEqual([
      'members',
      'applications',
      'bonds',
      'settlements',
      'transfers',
      'scheduler',
      'users',
      'events',
      'verify',
    ]);
    expect(roleView(csdOperator).screens).toEqual(['members', 'applications', 'bonds', 'settlements', 'transfers', 'events', 'verify']);
    expect(roleView(bank).screens).toEqual(['holdings', 'bonds', 'transfers', 'payments', 'events', 'verify']);
    expect(roleView(regulator).screens).toEqual(['bonds', 'events', 'verify']);
    expect(kindOf({ mspId: 'X', user: 'u', role: 'operator', identityRoles: ['operator'] })).toBe('outsider');
  });

  it('gives a viewer, the regulator and a suspended member no write at all', () => {
    for (const reader of [bankViewer, regulator, bankSuspended]) {
      expect(roleView(reader).writes).toBe(false);
      expect(may.instructTransfer(reader)).toBe(false);
      expect(may.confirmPayment(reader, bond)).toBe(false);
      expect(may.bid(reader, 'OPEN')).toBe(false);
      expect(may.administerUsers(reader)).toBe(false);
    }
    const csdViewer = me('CSDMSP', ['CSD'], []);
    expect(may.administerMembers(csdViewer) || may.reviewApplications(csdViewer) || may.runScheduler(csdViewer)).toBe(false);
  });
});

describe('may', () => {
  it('leaves members and the scheduler to CSD admins, reviews and settlement to CSD operators', () => {
    expect(may.administerMembers(csdAdmin)).toBe(true);
    expect(may.administerMembers(csdOperator)).toBe(false);
    expect(may.runScheduler(csdAdmin)).toBe(true);
    expect(may.reviewApplications(csdOperator)).toBe(true);
    expect(may.reviewApplications(csdAdmin)).toBe(false);
    expect(may.settle(csdOperator)).toBe(true);
    expect(may.settle(bank)).toBe(false);
  });

  it('runs a book for its bookrunner only', () => {
    expect(may.runBook(securities, bond)).toBe(true);
    expect(may.runBook(bank, bond)).toBe(false);
    const underwritten = { ...bond, terms: { ...bond.terms, leadUnderwriter: 'UnderwriterMSP' } } as Bond;
    expect(may.runBook(securities, underwritten)).toBe(false);
  });

  it('lets investors bid only while the book is open', () => {
    expect(may.bid(bank, 'OPEN')).toBe(true);
    expect(may.bid(bank, 'CLOSED')).toBe(false);
    expect(may.bid(bank, undefined)).toBe(false);
    expect(may.bid(csdOperator, 'OPEN')).toBe(false);
  });

  it('follows the transfer rules: the buyer affirms, seller or CSD cancel, the buyer only before affirming', () => {
    expect(may.affirmTransfer(securities, transfer({}))).toBe(true);
    expect(may.affirmTransfer(bank, transfer({}))).toBe(false);
    expect(may.cancelTransfer(bank, transfer({ status: 'AFFIRMED' }))).toBe(true);
    expect(may.cancelTransfer(securities, transfer({ status: 'AFFIRMED' }))).toBe(false);
    expect(may.cancelTransfer(securities, transfer({}))).toBe(true);
    expect(may.cancelTransfer(csdOperator, transfer({ status: 'AFFIRMED' }))).toBe(true);
    expect(may.cancelTransfer(bank, transfer({ status: 'SETTLED' }))).toBe(false);
  });

  it('confirms payments for the bond’s paying agent only', () => {
    expect(may.confirmPayment(bank, bond)).toBe(true);
    expect(may.confirmPayment(securities, bond)).toBe(false);
  });
});

describe('the caller’s identity', () => {
  it('reads the user name from the certificate subject', () => {
    expect(userName('x509::CN=operator1,OU=client,O=Bank::CN=ca.bank.example.com,O=Bank')).toBe('operator1');
    expect(userName('x509::/C=US/O=Bank/CN=admin::/C=US/CN=ca')).toBe('admin');
  });

  it('ranks admin over operator over viewer', () => {
    expect(userRole(['operator', 'admin'])).toBe('admin');
    expect(userRole(['operator'])).toBe('operator');
    expect(userRole([])).toBe('viewer');
  });
});
