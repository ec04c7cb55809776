/**
 * Issue 12 through the contracts' guard on the in-memory world state:
 * bookmarks stay inside their query's key range, oversized and miscounted
 * arguments are refused before any parsing, and identifiers, free text,
 * years, dates, instants and calendars follow the one input rule.
 */
import { ErrorCode, type Member, type Page } from '../src/api';
import { MAX_ARGUMENT_BYTES, MAX_ARGUMENTS_BYTES } from '../src/ledger/arguments';
import { TERMS } from './support/fixtures';
import { BANK, BANK_VIEWER, contracts, CSD, CSD_ADMIN, ISIN, json, Scenario, SEC } from './support/scenario';

const { membership, bonds, books, custody, settlement, servicing } = contracts;

describe('input rules (issue 12)', () => {
  let s: Scenario;

  beforeEach(async () => {
    s = new Scenario();
    await s.members();
  });

  describe('bookmarks stay in their key range', () => {
    it('refuses a bookmark outside the queried prefix instead of returning other record types', async () => {
      await s.ok(bonds, 'SetCalendarYear', CSD, json({ calendarId: 'CN-IB', year: 2026, holidays: [], workingWeekends: [] }));
      await s.approvedBond();
      // '\u0000' sorts before every composite key: Fabric would start the range there.
      await s.refused(membership, 'ListMembers', BANK_VIEWER, ErrorCode.INVALID_ARGUMENT, {}, '5', '\u0000');
      await s.refused(membership, 'ListMembers', BANK_VIEWER, ErrorCode.INVALID_ARGUMENT, {}, '5', '\u0000calendar\u0000');
      await s.refused(membership, 'ListMembers', BANK_VIEWER, ErrorCode.INVALID_ARGUMENT, {}, '5', '\u0000bond\u0000');
      await s.refused(bonds, 'ListBondsByStatus', BANK_VIEWER, ErrorCode.INVALID_ARGUMENT, {}, 'APPROVED', '5', '\u0000');
      await s.refused(bonds, 'ListBondsByIssuer', BANK_VIEWER, ErrorCode.INVALID_ARGUMENT, {}, 'SecuritiesMSP', '5', '\u0000member\u0000');
      await s.refused(custody, 'ListHoldingsOfHolder', BANK_VIEWER, ErrorCode.INVALID_ARGUMENT, {}, 'BankMSP', '5', '\u0000');
      await s.refused(custody, 'ListHoldersOfBond', SEC, ErrorCode.INVALID_ARGUMENT, {}, ISIN, '5', '\u0000');
      await s.refused(books, 'ListBidReferences', BANK_VIEWER, ErrorCode.INVALID_ARGUMENT, {}, ISIN, '5', '\u0000');
      await s.refused(settlement, 'ListSettlements', CSD, ErrorCode.INVALID_ARGUMENT, {}, ISIN, '5', '\u0000');
      await s.refused(servicing, 'ListEntitlements', CSD, ErrorCode.INVALID_ARGUMENT, {}, ISIN, 'C-1', '5', '\u0000');
      // A bookmark of the same type but another partition (another holder) is outside the range too.
      await s.refused(
        custody,
        'ListHoldingsOfHolder',
        BANK_VIEWER,
        ErrorCode.INVALID_ARGUMENT,
        {},
        'BankMSP',
        '5',
        '\u0000holdingByHolder\u0000FundMSP\u0000',
      );
    });

    it('still pages with the bookmarks it hands out, and returns only the queried type', async () => {
      await s.ok(membership, 'UpdateContact', BANK, json({ contactName: 'Desk', email: 'desk@bank.example' }));
      const first = await s.ok<Page<Member>>(membership, 'ListMembers', BANK_VIEWER, '2', '');
      expect(first.records.map((m) => m.mspId)).toEqual(['BankMSP', 'CSDMSP']);
      const second = await s.ok<Page<Member>>(membership, 'ListMembers', BANK_VIEWER, '2', first.bookmark);
      expect(second.records.map((m) => m.mspId)).toEqual(['FundMSP', 'SecuritiesMSP']);
      expect(second.bookmark).toBe('');
      for (const member of [...first.records, ...second.records]) expect(member).toHaveProperty('roles');
    });

    it('refuses key attributes holding the composite-key separator or nothing', async () => {
      await s.refused(books, 'GetBook', BANK_VIEWER, ErrorCode.INVALID_ARGUMENT, {}, 'CN\u0000X');
      await s.refused(custody, 'ListHoldersOfBond', SEC, ErrorCode.INVALID_ARGUMENT, {}, `${ISIN}\u0000BankMSP`, '5', '');
      await s.refused(bonds, 'ListBondsByIssuer', BANK_VIEWER, ErrorCode.INVALID_ARGUMENT, {}, '', '5', '');
    });
  });

  describe('argument sizes and counts', () => {
    it('refuses an argument over the per-argument limit before reading anything', async () => {
      for (const size of [MAX_ARGUMENT_BYTES + 1, 50_000, 100_000]) {
        const invocation = await s.ledger.invoke(books, 'GetBook', BANK_VIEWER, 'A'.repeat(size));
        expect(invocation.error?.message).toMatch(/^INVALID_ARGUMENT: /);
        // The refusal does not echo the argument back.
        expect(invocation.error!.message.length).toBeLessThan(300);
      }
      const atLimit = await s.ledger.invoke(
        bonds,
        'RejectBond',
        CSD,
        json({ applicationId: 'x', reason: 'r'.repeat(MAX_ARGUMENT_BYTES - 40) }),
      );
      expect(atLimit.error?.message).not.toMatch(/bytes/);
    });

    it('refuses arguments over the total limit even when each is under its own', async () => {
      const part = 'A'.repeat(MAX_ARGUMENT_BYTES);
      const count = Math.ceil(MAX_ARGUMENTS_BYTES / MAX_ARGUMENT_BYTES) + 1;
      const invocation = await s.ledger.invoke(books, 'GetBook', BANK_VIEWER, ...Array<string>(count).fill(part));
      expect(invocation.error?.message).toMatch(/^INVALID_ARGUMENT: /);
    });

    it('refuses a wrong number of arguments with INVALID_ARGUMENT', async () => {
      await s.refused(books, 'GetBook', BANK_VIEWER, ErrorCode.INVALID_ARGUMENT, {});
      await s.refused(books, 'GetBook', BANK_VIEWER, ErrorCode.INVALID_ARGUMENT, {}, ISIN, 'extra');
      await s.refused(membership, 'ListMembers', BANK_VIEWER, ErrorCode.INVALID_ARGUMENT, {}, '5');
    });

    it('answers promptly for large adversarial arguments to every kind of function', async () => {
      const adversarial = [
        'a@' + 'a'.repeat(MAX_ARGUMENT_BYTES - 10),
        '0'.repeat(MAX_ARGUMENT_BYTES - 1) + 'x',
        '\u0000'.repeat(MAX_ARGUMENT_BYTES),
        '2026-01-01T' + '0'.repeat(MAX_ARGUMENT_BYTES - 20),
        'e\u0301'.repeat(MAX_ARGUMENT_BYTES / 4),
      ];
      const started = Date.now();
      for (const text of adversarial) {
        for (const value of [text, text + text]) {
          await s.ledger.invoke(books, 'GetBook', BANK_VIEWER, value);
          await s.ledger.invoke(membership, 'UpdateContact', BANK, json({ contactName: value, email: value }));
          await s.ledger.invoke(custody, 'ListExpiredTransfers', CSD, value);
          await s.ledger.invoke(membership, 'ListMembers', BANK_VIEWER, value, value);
          await s.ledger.invoke(bonds, 'ApplyForBond', SEC, json({ shortName: value, businessDayCalendar: value }));
          await s.ledger.invoke(
            bonds,
            'SetCalendarYear',
            CSD,
            json({ calendarId: value, year: value, holidays: [value], workingWeekends: [] }),
          );
        }
      }
      // A generous bound: 60 calls with up to 32 kB each; a super-linear check takes seconds to minutes here.
      expect(Date.now() - started).toBeLessThan(5_000);
      const after = Date.now();
      await s.ok(membership, 'GetMember', BANK_VIEWER, 'BankMSP');
      expect(Date.now() - after).toBeLessThan(1_000);
    });
  });

  describe('identifiers and free text', () => {
    const calendar = (calendarId: unknown, year: unknown = 2026, holidays: string[] = [], workingWeekends: string[] = []) =>
      json({ calendarId, year, holidays, workingWeekends });

    it('refuses calendar ids outside the identifier rule', async () => {
      for (const id of [
        'CN\u0000IB',
        'CN\u001fIB',
        'CN\r\nIB',
        'CN\u{10ffff}',
        '..',
        'ZZPROBE/../../CN-IB',
        'СN-IB',
        'CN\u200bIB',
        'CN\u202eBI',
        '',
        'X'.repeat(33),
      ]) {
        await s.refused(bonds, 'SetCalendarYear', CSD, ErrorCode.INVALID_ARGUMENT, {}, calendar(id));
        await s.refused(bonds, 'GetCalendarYear', BANK_VIEWER, ErrorCode.INVALID_ARGUMENT, {}, id, '2026');
      }
      await s.ok(bonds, 'SetCalendarYear', CSD, calendar('CN-IB'));
    });

    it('takes a calendar year only in canonical decimal form', async () => {
      for (const year of ['02025', '2025.0', '2025e0', '0x7E9', '0b11111101001', '+2025', ' 2025', '2025 ', '', 2025.5, '1899', '2201']) {
        await s.refused(bonds, 'SetCalendarYear', CSD, ErrorCode.INVALID_ARGUMENT, {}, calendar('CN-IB', year));
        if (typeof year === 'string') await s.refused(bonds, 'GetCalendarYear', BANK_VIEWER, ErrorCode.INVALID_ARGUMENT, {}, 'CN-IB', year);
      }
      await s.ok(bonds, 'SetCalendarYear', CSD, calendar('CN-IB', '2025'));
      await s.ok(bonds, 'SetCalendarYear', CSD, calendar('CN-IB', 2026));
      expect(await s.ok(bonds, 'GetCalendarYear', BANK_VIEWER, 'CN-IB', '2025')).toMatchObject({ year: 2025 });
    });

    it('refuses weekend holidays, weekday working weekends and a date in both lists', async () => {
      // 2026-01-03 is a Saturday, 2026-01-05 a Monday.
      await s.refused(bonds, 'SetCalendarYear', CSD, ErrorCode.INVALID_ARGUMENT, {}, calendar('CN-IB', 2026, ['2026-01-03'], []));
      await s.refused(bonds, 'SetCalendarYear', CSD, ErrorCode.INVALID_ARGUMENT, {}, calendar('CN-IB', 2026, [], ['2026-01-05']));
      await s.refused(
        bonds,
        'SetCalendarYear',
        CSD,
        ErrorCode.INVALID_ARGUMENT,
        {},
        calendar('CN-IB', 2026, ['2026-01-03'], ['2026-01-03']),
      );
      await s.refused(bonds, 'SetCalendarYear', CSD, ErrorCode.INVALID_ARGUMENT, {}, calendar('CN-IB', 2026, ['2026-02-30'], []));
      await s.ok(bonds, 'SetCalendarYear', CSD, calendar('CN-IB', 2026, ['2026-01-05'], ['2026-01-03']));
    });

    it('refuses control, bidirectional and zero-width characters in contacts, names and reasons', async () => {
      const bad = ['Desk\u001f', 'Desk\u0000', 'Desk\r\nX', 'Desk\u202e', 'De\u200bsk', 'Desk\u0085', 'Desk\u2066x\u2069'];
      for (const text of bad) {
        await s.refused(
          membership,
          'UpdateContact',
          BANK,
          ErrorCode.INVALID_ARGUMENT,
          {},
          json({ contactName: text, email: 'desk@bank.example' }),
        );
        await s.refused(
          membership,
          'AdmitMember',
          CSD_ADMIN,
          ErrorCode.INVALID_ARGUMENT,
          {},
          json({ mspId: 'NewMSP', legalName: text, lei: '969500KSV493XWY0PS33', roles: ['INVESTOR'] }),
        );
        await s.refused(membership, 'SuspendMember', CSD_ADMIN, ErrorCode.INVALID_ARGUMENT, {}, json({ mspId: 'FundMSP', reason: text }));
      }
      for (const email of [
        'desk\u0000@bank.example',
        'desk@bank\u001f.example',
        'de sk@bank.example',
        'desk@@bank.example',
        'desk@bank',
        'desk@.example',
        '@bank.example',
      ]) {
        await s.refused(membership, 'UpdateContact', BANK, ErrorCode.INVALID_ARGUMENT, {}, json({ contactName: 'Desk', email }));
      }
    });

    it('lets a CSD admin correct a legal name and a contact written before the rule, and nobody else', async () => {
      // A record as an earlier version of the chaincode could write it: legal name and contact with control characters.
      const memberKey = '\u0000member\u0000FundMSP\u0000';
      const member = JSON.parse(Buffer.from(s.ledger.state.get(memberKey)!).toString('utf8')) as Member;
      s.ledger.state.set(memberKey, Buffer.from(JSON.stringify({ ...member, legalName: 'Fund\u0000\u202e' })));
      s.ledger.state.set(
        '\u0000memberContact\u0000FundMSP\u0000',
        Buffer.from(
          JSON.stringify({ mspId: 'FundMSP', contactName: 'Desk\u001f', email: 'desk\u0000@fund.example', lastChange: member.lastChange }),
        ),
      );
      const correction = json({
        mspId: 'FundMSP',
        legalName: 'Example Fund',
        contactName: 'Fund desk',
        email: 'desk@fund.example',
        reason: 'control characters written before the input rule',
      });
      await s.refused(membership, 'CorrectMember', CSD, ErrorCode.ADMIN_REQUIRED, {}, correction);
      await s.refused(membership, 'CorrectMember', BANK, ErrorCode.ADMIN_REQUIRED, {}, correction);
      await s.refused(
        membership,
        'CorrectMember',
        CSD_ADMIN,
        ErrorCode.INVALID_ARGUMENT,
        {},
        json({ mspId: 'FundMSP', legalName: 'Fund\u202e', reason: 'x' }),
      );
      await s.refused(
        membership,
        'CorrectMember',
        CSD_ADMIN,
        ErrorCode.INVALID_ARGUMENT,
        {},
        json({ mspId: 'FundMSP', reason: 'nothing to correct' }),
      );
      const corrected = await s.ok<{ member: Member; contact?: { contactName: string; email: string } }>(
        membership,
        'CorrectMember',
        CSD_ADMIN,
        correction,
      );
      expect(corrected.member).toMatchObject({ mspId: 'FundMSP', legalName: 'Example Fund', status: 'ACTIVE', roles: member.roles });
      expect(corrected.contact).toMatchObject({ contactName: 'Fund desk', email: 'desk@fund.example' });
      expect(await s.ok(membership, 'GetMember', BANK_VIEWER, 'FundMSP')).toMatchObject({ legalName: 'Example Fund' });
      expect(await s.ok(membership, 'GetMemberContact', BANK_VIEWER, 'FundMSP')).toMatchObject({ contactName: 'Fund desk' });
      // A calendar year is corrected by setting it again under the same id and year.
      await s.ok(bonds, 'SetCalendarYear', CSD, json({ calendarId: 'CN-IB', year: 2026, holidays: ['2026-01-05'], workingWeekends: [] }));
      expect(
        await s.ok(bonds, 'SetCalendarYear', CSD, json({ calendarId: 'CN-IB', year: 2026, holidays: [], workingWeekends: [] })),
      ).toMatchObject({ holidays: [] });
    });

    it('stores free text normalised to NFC', async () => {
      const stored = await s.ok<{ contactName: string }>(
        membership,
        'UpdateContact',
        BANK,
        json({ contactName: '  Re\u0301mi Desk ', email: 'desk@bank.example' }),
      );
      expect(stored.contactName).toBe('R\u00e9mi Desk');
    });

    it('applies the rule to bond terms and reasons', async () => {
      await s.refused(bonds, 'ApplyForBond', SEC, ErrorCode.INVALID_ARGUMENT, {}, json({ ...TERMS, shortName: 'Bond\u202e10' }));
      await s.refused(bonds, 'ApplyForBond', SEC, ErrorCode.INVALID_ARGUMENT, {}, json({ ...TERMS, businessDayCalendar: 'CN IB' }));
      await s.refused(bonds, 'ApplyForBond', SEC, ErrorCode.INVALID_ARGUMENT, {}, json({ ...TERMS, issueDate: '0000-03-02' }));
      await s.refused(bonds, 'ApplyForBond', SEC, ErrorCode.INVALID_ARGUMENT, {}, json({ ...TERMS, maturityDate: '2029-02-30' }));
      await s.refused(bonds, 'ApplyForBond', SEC, ErrorCode.INVALID_ARGUMENT, {}, json({ ...TERMS, issueDate: '2026-03-02\u0000' }));
    });

    it('parses instants strictly', async () => {
      await s.approvedBond();
      for (const closesAt of [
        '2026-02-30T00:00:00Z',
        '2026-03-01T24:00:00Z',
        '0000-01-01T00:00:00Z',
        '2026-03-01T09:00:00Z\u0000',
        '2026-03-01T09:60:00Z',
        '2026-03-01 09:00:00Z',
        '2026-03-01T09:00:00',
        '2026-03-01T09:00:00+25:00',
      ]) {
        await s.refused(
          books,
          'OpenBook',
          SEC,
          ErrorCode.INVALID_ARGUMENT,
          {},
          json({ isin: ISIN, bookType: 'FIXED_PRICE', opensAt: '2026-01-01T00:00:00Z', closesAt }),
        );
        await s.refused(custody, 'ListExpiredTransfers', CSD, ErrorCode.INVALID_ARGUMENT, {}, closesAt);
      }
      const book = await s.ok<{ closesAt: string }>(
        books,
        'OpenBook',
        SEC,
        json({ isin: ISIN, bookType: 'FIXED_PRICE', opensAt: '2026-01-01T00:00:00Z', closesAt: '2026-01-06T17:00:00+08:00' }),
      );
      expect(book.closesAt).toBe('2026-01-06T09:00:00.000Z');
    });
  });
});
