/**
 * The chaincode's input rules on the real network (issue 12), directly
 * through @hyperledger/fabric-gateway and through the gateways' HTTP API:
 * a pagination cursor cannot leave its query's key range, a large argument
 * is refused before it can stall the (single-threaded) chaincode server,
 * bad calendar ids, years and contents, contacts and names are refused, and
 * wrong argument counts and GetMetadata have stable answers.
 */
import { ErrorCode } from '@bond-platform/chaincode/api';
import { Api, ensureMembersOverHttp, mspOf } from './http-client';
import { expectRefused, json, Participants, refusalCode } from './participants';
import type { ErrorBody } from '../../src/http/errors';

const participants = new Participants();
afterAll(async () => {
  participants.close();
  // A refused suspension below must not have suspended anyone; put the founding members back in any case.
  await ensureMembersOverHttp();
});

const bankViewer = new Api('bank', 'viewer1');
const bank = new Api('bank', 'operator1');
const csd = new Api('csd', 'operator1');
const csdAdmin = new Api('csd', 'admin');

beforeAll(async () => {
  await participants.ensureFoundingMembers();
  // So the ledger holds calendars for a leaked page to show (as on the network the probe ran against).
  await csd.ok('PUT', '/calendars/CN-IB/2031', { holidays: ['2031-01-01'], workingWeekends: [] });
});

/** Milliseconds `action` takes, its outcome ignored. */
async function duration(action: () => Promise<unknown>): Promise<number> {
  const started = Date.now();
  await action().catch(() => undefined);
  return Date.now() - started;
}

describe('a pagination cursor stays in its key range', () => {
  it('refuses ListMembers with a bookmark outside the member range, evaluated directly by a viewer', async () => {
    const members = participants.membership('bank', 'viewer1');
    for (const bookmark of ['\u0000', '\u0000calendar\u0000', '\u0000allocation\u0000', '\u0000memberContact\u0000']) {
      await expectRefused(members.evaluateTransaction('ListMembers', '5', bookmark), ErrorCode.INVALID_ARGUMENT);
    }
    const bonds = participants.contract('bank', 'viewer1', 'Bonds');
    await expectRefused(bonds.evaluateTransaction('ListBondsByStatus', 'REDEEMED', '5', '\u0000'), ErrorCode.INVALID_ARGUMENT);
    const custody = participants.contract('bank', 'viewer1', 'Custody');
    await expectRefused(custody.evaluateTransaction('ListHoldingsOfHolder', mspOf('bank'), '5', '\u0000'), ErrorCode.INVALID_ARGUMENT);
  });

  it('answers 400 INVALID_ARGUMENT through REST, describing no foreign record', async () => {
    for (const route of [
      '/members?cursor=%00',
      '/members?cursor=%00calendar%00',
      '/bonds?status=REDEEMED&cursor=%00',
      `/holders/${mspOf('bank')}/holdings?cursor=%00`,
    ]) {
      const refused = await bankViewer.get<ErrorBody>(route);
      expect([route, refused.status, refused.body.error.code]).toEqual([route, 400, 'INVALID_ARGUMENT']);
      const text = JSON.stringify(refused.body);
      for (const foreign of ['holidays', 'orderBook', 'workingWeekends', 'bidder']) expect(text).not.toContain(foreign);
    }
  });

  it('still pages with the cursor it hands out', async () => {
    const first = await bankViewer.read<{ records: { mspId: string }[]; bookmark: string }>('/members?pageSize=1');
    expect(first.records).toHaveLength(1);
    expect(first.bookmark).not.toBe('');
    const second = await bankViewer.read<{ records: { mspId: string }[] }>(
      `/members?pageSize=1&cursor=${encodeURIComponent(first.bookmark)}`,
    );
    expect(second.records[0]?.mspId).not.toBe(first.records[0]?.mspId);
  });
});

describe('a large argument does not stall the chaincode', () => {
  it('refuses 50 kB and 100 kB keys to Books:GetBook sent directly to the CSD peer, then answers a small call promptly', async () => {
    const books = participants.contract('csd', 'operator1', 'Books');
    for (const size of [50_000, 100_000]) {
      const outcome = await books.evaluateTransaction('GetBook', 'A'.repeat(size)).then(
        () => 'accepted',
        (error: unknown) => error,
      );
      expect(refusalCode(outcome)).toBe(ErrorCode.INVALID_ARGUMENT);
    }
    // Generous bounds: before the fix the next call waited 40 s or timed out.
    expect(await duration(() => books.evaluateTransaction('GetBook', 'CN0000000000'))).toBeLessThan(5_000);
  });

  it('keeps answering small calls while large ones arrive at the same time, also on other functions', async () => {
    const books = participants.contract('csd', 'operator1', 'Books');
    const members = participants.membership('csd', 'operator1');
    const custody = participants.contract('csd', 'operator1', 'Custody');
    const large = 'A'.repeat(100_000);
    const [, , , small] = await Promise.all([
      duration(() => books.evaluateTransaction('GetBook', large)),
      duration(() => members.evaluateTransaction('ListMembers', '5', large)),
      duration(() => custody.evaluateTransaction('ListExpiredTransfers', `2026-01-01T${'0'.repeat(60_000)}`)),
      duration(() => members.evaluateTransaction('GetMember', mspOf('bank'))),
    ]);
    expect(small).toBeLessThan(10_000);
    await expectRefused(members.evaluateTransaction('ListMembers', '5', large), ErrorCode.INVALID_ARGUMENT);
  });
});

describe('identifiers, years and free text', () => {
  const badCalendarIds = [
    'CN%00IB',
    'CN%1FIB',
    'CN%0D%0AIB',
    '%F4%8F%BF%BF',
    'ZZPROBE%2F..%2F..%2FCN-IB',
    '%D0%A1N-IB',
    'CN%E2%80%8BIB',
    'CN%E2%80%AEBI',
  ];
  const badYears = ['02025', '2025.0', '2025e0', '0x7E9', '0b11111101001', '%2B2025', '%202025'];

  it('refuses bad calendar ids and years through REST with 400', async () => {
    for (const id of badCalendarIds) {
      const refused = await csd.put<ErrorBody>(`/calendars/${id}/2031`, { holidays: [], workingWeekends: [] });
      expect([id, refused.status]).toEqual([id, 400]);
    }
    for (const year of badYears) {
      const refused = await csd.put<ErrorBody>(`/calendars/CN-IB/${year}`, { holidays: [], workingWeekends: [] });
      expect([year, refused.status]).toEqual([year, 400]);
    }
  });

  it('refuses bad calendar ids and years sent directly to the chaincode', async () => {
    const bonds = participants.contract('csd', 'operator1', 'Bonds');
    const calendar = (calendarId: string, year: unknown) => JSON.stringify({ calendarId, year, holidays: [], workingWeekends: [] });
    for (const id of [
      'CN\u0000IB',
      'CN\u001fIB',
      'CN\r\nIB',
      '\u{10ffff}',
      '..',
      'ZZPROBE/../../CN-IB',
      '\u0421N-IB',
      'CN\u200bIB',
      'CN\u202eBI',
    ]) {
      await expectRefused(bonds.submitTransaction('SetCalendarYear', calendar(id, 2031)), ErrorCode.INVALID_ARGUMENT);
    }
    for (const year of ['02025', '2025.0', '2025e0', '0x7E9', '+2025', ' 2025', 2025.5]) {
      await expectRefused(bonds.submitTransaction('SetCalendarYear', calendar('CN-IB', year)), ErrorCode.INVALID_ARGUMENT);
    }
    await expectRefused(bonds.evaluateTransaction('GetCalendarYear', 'CN-IB', '02031'), ErrorCode.INVALID_ARGUMENT);
  });

  it('refuses a Saturday holiday, a Monday working weekend and a date in both lists', async () => {
    // 2031-01-04 is a Saturday, 2031-01-06 a Monday.
    for (const body of [
      { holidays: ['2031-01-04'], workingWeekends: [] },
      { holidays: [], workingWeekends: ['2031-01-06'] },
      { holidays: ['2031-01-04'], workingWeekends: ['2031-01-04'] },
      { holidays: ['2031-02-30'], workingWeekends: [] },
    ]) {
      const refused = await csd.put<ErrorBody>('/calendars/CN-IB/2031', body);
      expect([JSON.stringify(body), refused.status]).toEqual([JSON.stringify(body), 400]);
    }
  });

  it('refuses control and bidirectional characters in contacts, legal names and reasons', async () => {
    for (const contact of [
      { contactName: 'Desk\u001f', email: 'desk@bank.example' },
      { contactName: 'Desk', email: 'desk\u0000@bank.example' },
      { contactName: 'Desk\r\nBcc: x', email: 'desk@bank.example' },
      { contactName: 'Desk\u202e', email: 'desk@bank.example' },
    ]) {
      const refused = await bank.put<ErrorBody>('/members/me/contact', contact);
      expect([JSON.stringify(contact), refused.status]).toEqual([JSON.stringify(contact), 400]);
    }
    const admitted = await csdAdmin.post<ErrorBody>('/members', {
      mspId: `Probe${Date.now()}MSP`,
      legalName: 'Probe\u0000Bank',
      lei: '969500KSV493XWY0PS33',
      roles: ['INVESTOR'],
    });
    expect(admitted.status).toBe(400);
    const suspended = await csdAdmin.post<ErrorBody>(`/members/${mspOf('bank')}/suspension`, { reason: 'late\u202e' });
    expect(suspended.status).toBe(400);
    // Directly, too: the chaincode applies the rule whatever the gateway checks.
    const members = participants.membership('bank', 'operator1');
    await expectRefused(
      members.submitTransaction('UpdateContact', JSON.stringify({ contactName: 'Desk\u001f', email: 'desk@bank.example' })),
      ErrorCode.INVALID_ARGUMENT,
    );
    await expectRefused(
      members.submitTransaction('UpdateContact', JSON.stringify({ contactName: 'Desk', email: 'desk\u0000@bank.example' })),
      ErrorCode.INVALID_ARGUMENT,
    );
  });
});

describe('stable answers of the contract API itself', () => {
  it('refuses a wrong number of arguments with INVALID_ARGUMENT', async () => {
    const books = participants.contract('bank', 'viewer1', 'Books');
    await expectRefused(books.evaluateTransaction('GetBook'), ErrorCode.INVALID_ARGUMENT);
    await expectRefused(books.evaluateTransaction('GetBook', 'CN0000000000', 'extra'), ErrorCode.INVALID_ARGUMENT);
  });

  it('serves org.hyperledger.fabric:GetMetadata', async () => {
    const system = participants.channel('bank', 'viewer1').getContract(participants.network.chaincode, 'org.hyperledger.fabric');
    const metadata = json<{ contracts: Record<string, unknown> }>(await system.evaluateTransaction('GetMetadata'));
    expect(Object.keys(metadata.contracts)).toEqual(expect.arrayContaining(['Membership', 'Bonds', 'Books', 'Custody']));
  });
});
