/** The book and payment-event predicates of `may`, against the chaincode's rules (domain/book.ts, domain/payment-event.ts). */
import type { components } from '../api/schema';
import { may } from './permissions';
import { caller } from './callers.fixture';

type Bond = components['schemas']['Bond'];

const me = caller;

const csd = me('CSDMSP', ['CSD']);
const issuer = me('SecuritiesMSP', ['ISSUER', 'UNDERWRITER']);
const lead = me('LeadMSP', ['UNDERWRITER']);
const bank = me('BankMSP', ['INVESTOR', 'PAYING_AGENT']);
const regulator = me('RegulatorMSP', ['REGULATOR']);

const bond = { isin: 'CNX000000001', issuer: 'SecuritiesMSP', terms: { payingAgent: 'BankMSP' } } as unknown as Bond;
const underwritten = { ...bond, terms: { ...bond.terms, leadUnderwriter: 'LeadMSP' } } as Bond;
const book = (bookrunner: string, status: 'OPEN' | 'CLOSED' = 'OPEN') => ({ bookrunner, status, closesAt: '2026-03-01T12:00:00.000Z' });
const BEFORE = '2026-03-01T11:59:59.999Z';
const AFTER = '2026-03-01T12:00:00.000Z';

describe('opening a book', () => {
  it('is the issuer’s, or its lead underwriter’s', () => {
    expect(may.openBook(issuer, bond)).toBe(true);
    expect(may.openBook(issuer, underwritten)).toBe(true);
    expect(may.openBook(lead, underwritten)).toBe(true);
    expect(may.openBook(lead, bond)).toBe(false);
    expect(may.openBook(bank, bond)).toBe(false);
    expect(may.openBook(csd, bond)).toBe(false);
    expect(may.openBook(me('SecuritiesMSP', ['ISSUER'], []), bond)).toBe(false);
  });
});

describe('closing a book', () => {
  it('is the bookrunner’s at any time', () => {
    expect(may.closeBook(lead, book('LeadMSP'), BEFORE)).toBe(true);
    expect(may.closeBook(issuer, book('LeadMSP'), AFTER)).toBe(false);
  });

  it('is the CSD’s once the window has passed', () => {
    expect(may.closeBook(csd, book('LeadMSP'), BEFORE)).toBe(false);
    expect(may.closeBook(csd, book('LeadMSP'), AFTER)).toBe(true);
    expect(may.closeBook(me('CSDMSP', ['CSD'], ['admin']), book('LeadMSP'), AFTER)).toBe(false);
  });

  it('is nobody’s once closed, and never the regulator’s or a bidder’s', () => {
    expect(may.closeBook(lead, book('LeadMSP', 'CLOSED'), AFTER)).toBe(false);
    expect(may.closeBook(regulator, book('LeadMSP'), AFTER)).toBe(false);
    expect(may.closeBook(bank, book('LeadMSP'), AFTER)).toBe(false);
  });
});

describe('completing a payment event', () => {
  it('is the CSD’s or the bond’s paying agent’s', () => {
    expect(may.completePaymentEvent(csd, bond)).toBe(true);
    expect(may.completePaymentEvent(bank, bond)).toBe(true);
    expect(may.completePaymentEvent(me('OtherMSP', ['PAYING_AGENT']), bond)).toBe(false);
    expect(may.completePaymentEvent(issuer, bond)).toBe(false);
    expect(may.completePaymentEvent(regulator, bond)).toBe(false);
  });
});
