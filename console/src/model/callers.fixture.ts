/** Signed-in callers for the unit tests: a member of `mspId` with `roles`, signed in with a certificate carrying `identityRoles`. */
import type { components } from '../api/schema';
import { type Me, userRole } from './permissions';

type Role = components['schemas']['Role'];
type MemberStatus = components['schemas']['Member']['status'];

const stamp = { mspId: 'CSDMSP', identity: 'x509::/CN=admin', timestamp: '2026-01-05T09:00:00.000Z', txId: 't0' };

export function caller(mspId: string, roles: Role[], identityRoles: string[] = ['operator'], status: MemberStatus = 'ACTIVE'): Me {
  return {
    mspId,
    user: 'u',
    role: userRole(identityRoles),
    identityRoles,
    member: { mspId, legalName: mspId, lei: 'L', roles, status, admitted: stamp, lastChange: stamp },
  };
}
