import fc from 'fast-check';
import { ErrorCode, MemberStatus, Role } from '../api';
import * as membership from './membership';

const stamp = (txId: string) => ({ mspId: 'CSDMSP', identity: 'x509::/CN=admin', timestamp: '2026-01-05T09:00:00.000Z', txId });
const LEI = '969500KSV493XWY0PS33';

function expectCode(fn: () => unknown, code: string): void {
  expect(fn).toThrow(expect.objectContaining({ code }) as Error);
}

describe('member requests', () => {
  it('normalises roles: sorted, no duplicates', () => {
    const request = membership.parseAdmitMemberRequest({
      mspId: 'BankMSP',
      legalName: ' Example Commercial Bank ',
      lei: LEI,
      roles: ['PAYING_AGENT', 'INVESTOR', 'INVESTOR'],
    });
    expect(request).toEqual({ mspId: 'BankMSP', legalName: 'Example Commercial Bank', lei: LEI, roles: ['INVESTOR', 'PAYING_AGENT'] });
  });

  it.each([
    [{ roles: [] }, 'roles must be a non-empty array'],
    [{ roles: ['BROKER'] }, 'unknown role'],
    [{ roles: ['CSD'] }, 'cannot be granted'],
    [{ roles: ['REGULATOR', 'INVESTOR'] }, 'held alone'],
    [{ lei: '969500KSV493XWY0PS34' }, 'valid ISO 17442 LEI'],
    [{ mspId: 'Bank MSP' }, 'mspId must be'],
    [{ legalName: '  ' }, 'legalName is required'],
  ])('refuses %p with INVALID_ARGUMENT', (override, message) => {
    const input = { mspId: 'BankMSP', legalName: 'Bank', lei: LEI, roles: ['INVESTOR'], ...override };
    expect(() => membership.parseAdmitMemberRequest(input)).toThrow(message);
    expectCode(() => membership.parseAdmitMemberRequest(input), ErrorCode.INVALID_ARGUMENT);
  });
});

describe('member lifecycle', () => {
  const csd = membership.csdMember({ csdMspId: 'CSDMSP', legalName: 'Depository', lei: LEI }, stamp('t0'));
  const bank = membership.admitMember({ mspId: 'BankMSP', legalName: 'Bank', lei: LEI, roles: [Role.INVESTOR] }, undefined, stamp('t1'));

  it('admits a new member as ACTIVE with who/when/which transaction', () => {
    expect(bank.status).toBe(MemberStatus.ACTIVE);
    expect(bank.admitted.txId).toBe('t1');
    expect(bank.lastChange).toEqual(bank.admitted);
  });

  it('refuses to admit an MSP twice: ALREADY_EXISTS', () => {
    expectCode(
      () => membership.admitMember({ mspId: 'BankMSP', legalName: 'B', lei: LEI, roles: [Role.ISSUER] }, bank, stamp('t2')),
      ErrorCode.ALREADY_EXISTS,
    );
  });

  it('suspends, reinstates and revokes with a reason and a new stamp', () => {
    const suspended = membership.changeStatus(bank, MemberStatus.SUSPENDED, 'late margin', stamp('t2'));
    expect(suspended).toMatchObject({ status: 'SUSPENDED', statusReason: 'late margin', lastChange: { txId: 't2' } });
    const active = membership.changeStatus(suspended, MemberStatus.ACTIVE, 'cured', stamp('t3'));
    expect(active.status).toBe('ACTIVE');
    const revoked = membership.changeStatus(active, MemberStatus.REVOKED, 'licence withdrawn', stamp('t4'));
    expect(revoked.status).toBe('REVOKED');
    expect(revoked.admitted.txId).toBe('t1');
  });

  it('treats REVOKED as final and refuses no-op transitions: INVALID_STATE_TRANSITION', () => {
    const revoked = membership.changeStatus(bank, MemberStatus.REVOKED, 'x', stamp('t2'));
    expectCode(() => membership.changeStatus(revoked, MemberStatus.ACTIVE, 'x', stamp('t3')), ErrorCode.INVALID_STATE_TRANSITION);
    expectCode(() => membership.changeRoles(revoked, [Role.ISSUER], stamp('t3')), ErrorCode.INVALID_STATE_TRANSITION);
    expectCode(() => membership.changeStatus(bank, MemberStatus.ACTIVE, 'x', stamp('t3')), ErrorCode.INVALID_STATE_TRANSITION);
  });

  it('never suspends, revokes or re-roles the CSD itself', () => {
    expectCode(() => membership.changeStatus(csd, MemberStatus.SUSPENDED, 'x', stamp('t2')), ErrorCode.INVALID_STATE_TRANSITION);
    expectCode(() => membership.changeRoles(csd, [Role.ISSUER], stamp('t2')), ErrorCode.INVALID_STATE_TRANSITION);
  });

  it('allows exactly the documented status transitions (property)', () => {
    const allowed = new Set(['ACTIVE>SUSPENDED', 'ACTIVE>REVOKED', 'SUSPENDED>ACTIVE', 'SUSPENDED>REVOKED']);
    const statuses = Object.values(MemberStatus);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...statuses), { maxLength: 12 }), (targets) => {
        let current = bank;
        for (const to of targets) {
          const legal = allowed.has(`${current.status}>${to}`);
          expect(membership.canChangeStatus(current.status, to)).toBe(legal);
          if (legal) current = membership.changeStatus(current, to, 'r', stamp('t'));
          else expect(() => membership.changeStatus(current, to, 'r', stamp('t'))).toThrow();
        }
      }),
    );
  });
});
