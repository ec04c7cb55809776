import type { Me } from './permissions';
import { callerSummary, outsider } from './caller';

const csdAdmin = {
  mspId: 'CSDMSP',
  user: 'admin',
  role: 'admin',
  identityRoles: ['admin'],
  member: { mspId: 'CSDMSP', legalName: 'Central Securities Depository', roles: ['CSD'], status: 'ACTIVE' },
} as unknown as Me;

describe('the signed-in caller', () => {
  it('shows a member’s user, role, organisation, legal name, roles and status', () => {
    expect(callerSummary({ me: csdAdmin })).toBe('admin · admin · CSDMSP · Central Securities Depository · CSD · ACTIVE');
  });

  it('signs in a non-member or revoked organisation as an outsider, and nobody else', () => {
    const revoked = { code: 'MEMBER_REVOKED', message: 'BankMSP has been revoked' };
    const caller = outsider(revoked);
    expect(caller).toEqual({ me: { mspId: '', user: '', role: 'viewer', identityRoles: [] }, refusal: revoked });
    expect(caller && callerSummary(caller)).toBe('membership revoked');
    expect(outsider({ code: 'NOT_A_MEMBER', message: 'OtherMSP is not a member of the bond platform' })).toBeDefined();
    expect(outsider({ code: 'UNAUTHENTICATED', message: 'no such key' })).toBeUndefined();
    expect(outsider({ code: 'FABRIC_UNAVAILABLE', message: 'down' })).toBeUndefined();
  });
});
