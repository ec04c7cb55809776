/**
 * The Membership contract through its guard, on an in-memory world state:
 * every refusal carries its code and writes nothing.
 */
import { ErrorCode, type Member, type Page } from '../src/api';
import { MembershipContract } from '../src/contracts/membership-contract';
import { MemoryLedger, type TestIdentity } from './support/memory-ledger';

const CSD_ADMIN: TestIdentity = { mspId: 'CSDMSP', bondRole: 'admin' };
const CSD_USER: TestIdentity = { mspId: 'CSDMSP', bondRole: 'operator' };
const BANK_ADMIN: TestIdentity = { mspId: 'BankMSP', bondRole: 'admin' };
const BANK_OPERATOR: TestIdentity = { mspId: 'BankMSP', bondRole: 'operator' };
const SEC_OPERATOR: TestIdentity = { mspId: 'SecuritiesMSP', bondRole: 'operator' };
const REGULATOR: TestIdentity = { mspId: 'RegulatorMSP', bondRole: 'operator' };

const json = (value: unknown) => JSON.stringify(value);
const INIT = json({ csdMspId: 'CSDMSP', legalName: 'Central Depository', lei: '5493001KJTIIGC8Y1R12' });
const admitBank = json({ mspId: 'BankMSP', legalName: 'Example Bank', lei: '969500KSV493XWY0PS33', roles: ['INVESTOR', 'PAYING_AGENT'] });
const admitSec = json({
  mspId: 'SecuritiesMSP',
  legalName: 'Example Securities',
  lei: '7ZW8QJWVPR4P1S5PX088',
  roles: ['ISSUER', 'UNDERWRITER'],
});
const contact = json({ contactName: 'Settlement desk', email: 'desk@bank.example' });

describe('Membership contract', () => {
  let ledger: MemoryLedger;
  const contract = new MembershipContract();

  async function expectRefused(caller: TestIdentity, fn: string, code: string, ...args: string[]): Promise<void> {
    const before = ledger.snapshot();
    const invocation = await ledger.invoke(contract, fn, caller, ...args);
    expect(invocation.error?.message).toMatch(new RegExp(`^${code}: `));
    expect(ledger.snapshot()).toEqual(before);
    expect(invocation.event).toBeUndefined();
  }

  beforeEach(async () => {
    ledger = new MemoryLedger();
  });

  describe('initialisation', () => {
    it('records the CSD once, by a CSD admin, as a member with the CSD role', async () => {
      const csd = await ledger.ok<Member>(contract, 'Initialize', CSD_ADMIN, INIT);
      expect(csd).toMatchObject({ mspId: 'CSDMSP', roles: ['CSD'], status: 'ACTIVE' });
      await expectRefused(CSD_ADMIN, 'Initialize', ErrorCode.ALREADY_INITIALIZED, INIT);
    });

    it('refuses another org claiming to be the CSD, and a CSD non-admin', async () => {
      await expectRefused(BANK_ADMIN, 'Initialize', ErrorCode.ADMIN_REQUIRED, INIT);
      await expectRefused(CSD_USER, 'Initialize', ErrorCode.ADMIN_REQUIRED, INIT);
    });

    it('refuses membership changes before initialisation', async () => {
      await expectRefused(CSD_ADMIN, 'AdmitMember', ErrorCode.NOT_INITIALIZED, admitBank);
    });
  });

  describe('after initialisation', () => {
    beforeEach(async () => {
      await ledger.ok(contract, 'Initialize', CSD_ADMIN, INIT);
      await ledger.ok(contract, 'AdmitMember', CSD_ADMIN, admitBank);
    });

    it('admits a member with its roles, stamps and an event', async () => {
      const invocation = await ledger.invoke(contract, 'AdmitMember', CSD_ADMIN, admitSec);
      const member = JSON.parse(invocation.result!) as Member;
      expect(member).toMatchObject({ mspId: 'SecuritiesMSP', roles: ['ISSUER', 'UNDERWRITER'], status: 'ACTIVE' });
      expect(member.admitted).toMatchObject({ mspId: 'CSDMSP', txId: invocation.txId, timestamp: '2026-01-05T09:00:00.000Z' });
      expect(invocation.event).toEqual({ name: 'MemberAdmitted', payload: member });
    });

    it("refuses a member's admin admitting itself or another org, leaving the ledger unchanged", async () => {
      await expectRefused(BANK_ADMIN, 'AdmitMember', ErrorCode.ADMIN_REQUIRED, admitSec);
      await expectRefused(BANK_ADMIN, 'ChangeRoles', ErrorCode.ADMIN_REQUIRED, json({ mspId: 'BankMSP', roles: ['ISSUER'] }));
      await expectRefused(BANK_ADMIN, 'SuspendMember', ErrorCode.ADMIN_REQUIRED, json({ mspId: 'CSDMSP', reason: 'x' }));
    });

    it('refuses a CSD user without the admin attribute', async () => {
      await expectRefused(CSD_USER, 'AdmitMember', ErrorCode.ADMIN_REQUIRED, admitSec);
    });

    it('refuses bad input with INVALID_ARGUMENT and a duplicate with ALREADY_EXISTS', async () => {
      await expectRefused(CSD_ADMIN, 'AdmitMember', ErrorCode.INVALID_ARGUMENT, '{not json');
      await expectRefused(
        CSD_ADMIN,
        'AdmitMember',
        ErrorCode.INVALID_ARGUMENT,
        json({ mspId: 'X', legalName: 'X', lei: 'BAD', roles: ['ISSUER'] }),
      );
      await expectRefused(CSD_ADMIN, 'AdmitMember', ErrorCode.ALREADY_EXISTS, admitBank);
      await expectRefused(CSD_ADMIN, 'SuspendMember', ErrorCode.NOT_FOUND, json({ mspId: 'NobodyMSP', reason: 'x' }));
    });

    it('suspends a member, whose next write is refused; reinstates it and the write succeeds', async () => {
      await ledger.ok(contract, 'UpdateContact', BANK_OPERATOR, contact);
      await ledger.ok(contract, 'SuspendMember', CSD_ADMIN, json({ mspId: 'BankMSP', reason: 'late margin call' }));
      await expectRefused(BANK_OPERATOR, 'UpdateContact', ErrorCode.MEMBER_SUSPENDED, contact);

      // Suspended: may read its own data, nobody else's.
      const own = await ledger.ok<Member>(contract, 'GetMember', BANK_OPERATOR, 'BankMSP');
      expect(own).toMatchObject({ status: 'SUSPENDED', statusReason: 'late margin call' });
      await expectRefused(BANK_OPERATOR, 'GetMember', ErrorCode.ACCESS_DENIED, 'CSDMSP');
      const listed = await ledger.ok<Page<Member>>(contract, 'ListMembers', BANK_OPERATOR, '10', '');
      expect(listed.records.map((m) => m.mspId)).toEqual(['BankMSP']);

      await ledger.ok(contract, 'ReinstateMember', CSD_ADMIN, json({ mspId: 'BankMSP', reason: 'margin paid' }));
      const updated = await ledger.invoke(contract, 'UpdateContact', BANK_OPERATOR, contact);
      expect(updated.error).toBeUndefined();
    });

    it('gives a revoked member nothing and an unknown MSP nothing', async () => {
      await ledger.ok(contract, 'RevokeMember', CSD_ADMIN, json({ mspId: 'BankMSP', reason: 'licence withdrawn' }));
      await expectRefused(BANK_OPERATOR, 'GetMember', ErrorCode.MEMBER_REVOKED, 'BankMSP');
      await expectRefused(SEC_OPERATOR, 'GetMember', ErrorCode.NOT_A_MEMBER, 'BankMSP');
      await expectRefused(CSD_ADMIN, 'ReinstateMember', ErrorCode.INVALID_STATE_TRANSITION, json({ mspId: 'BankMSP', reason: 'x' }));
    });

    it('needs the operator attribute for member instructions', async () => {
      await expectRefused(BANK_ADMIN, 'UpdateContact', ErrorCode.ATTRIBUTE_REQUIRED, contact);
    });

    it('lets the regulator read every member but write nothing', async () => {
      await ledger.ok(
        contract,
        'AdmitMember',
        CSD_ADMIN,
        json({ mspId: 'RegulatorMSP', legalName: 'Supervisor', lei: '7ZW8QJWVPR4P1S5PX088', roles: ['REGULATOR'] }),
      );
      const bank = await ledger.ok<Member>(contract, 'GetMember', REGULATOR, 'BankMSP');
      expect(bank.mspId).toBe('BankMSP');
      await expectRefused(REGULATOR, 'UpdateContact', ErrorCode.READ_ONLY_MEMBER, contact);
    });

    it('pages through all members in MSP ID order with bookmarks', async () => {
      await ledger.ok(contract, 'AdmitMember', CSD_ADMIN, admitSec);
      const first = await ledger.ok<Page<Member>>(contract, 'ListMembers', SEC_OPERATOR, '2', '');
      expect(first.records.map((m) => m.mspId)).toEqual(['BankMSP', 'CSDMSP']);
      expect(first.bookmark).not.toBe('');
      const second = await ledger.ok<Page<Member>>(contract, 'ListMembers', SEC_OPERATOR, '2', first.bookmark);
      expect(second.records.map((m) => m.mspId)).toEqual(['SecuritiesMSP']);
      expect(second.bookmark).toBe('');
    });

    it("keeps every change in the member's history, newest first", async () => {
      ledger.now += 60;
      await ledger.ok(contract, 'ChangeRoles', CSD_ADMIN, json({ mspId: 'BankMSP', roles: ['CUSTODIAN', 'INVESTOR'] }));
      ledger.now += 60;
      await ledger.ok(contract, 'SuspendMember', CSD_ADMIN, json({ mspId: 'BankMSP', reason: 'audit' }));
      const history = await ledger.ok<{ txId: string; timestamp: string; member: Member }[]>(
        contract,
        'GetMemberHistory',
        CSD_USER,
        'BankMSP',
      );
      expect(history.map((h) => [h.member.status, h.member.roles.join('+'), h.timestamp])).toEqual([
        ['SUSPENDED', 'CUSTODIAN+INVESTOR', '2026-01-05T09:02:00.000Z'],
        ['ACTIVE', 'CUSTODIAN+INVESTOR', '2026-01-05T09:01:00.000Z'],
        ['ACTIVE', 'INVESTOR+PAYING_AGENT', '2026-01-05T09:00:00.000Z'],
      ]);
    });

    it('refuses functions that are not in the access policy', async () => {
      const invocation = await ledger.invoke(contract, 'unknownTransaction', CSD_ADMIN);
      expect(invocation.error?.message).toMatch(/^FUNCTION_NOT_ALLOWED: /);
    });
  });
});
