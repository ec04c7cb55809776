/**
 * The one place that says what every transaction function requires. The
 * contract base class looks the called function up here before it runs; a
 * function missing from this table is refused (deny by default).
 */
import { IdentityRole, Role } from '../api/membership';
import type { AccessRule } from './access';

const READ: AccessRule = { kind: 'read' };
export const CSD_ADMIN_RULE: AccessRule = { kind: 'csd-admin' };
const CSD_ADMIN = CSD_ADMIN_RULE;

export const ACCESS_POLICY: Readonly<Record<string, AccessRule>> = {
  // Membership: the CSD administers, every member in standing reads.
  'Membership:Initialize': { kind: 'bootstrap' },
  'Membership:AdmitMember': CSD_ADMIN,
  'Membership:ChangeRoles': CSD_ADMIN,
  'Membership:SuspendMember': CSD_ADMIN,
  'Membership:ReinstateMember': CSD_ADMIN,
  'Membership:RevokeMember': CSD_ADMIN,
  // A member's own operators keep its contact; any member in good standing but the regulator.
  'Membership:UpdateContact': {
    kind: 'write',
    roles: [Role.CSD, Role.ISSUER, Role.UNDERWRITER, Role.INVESTOR, Role.PAYING_AGENT, Role.CUSTODIAN],
    identityRole: IdentityRole.OPERATOR,
  },
  'Membership:GetMember': READ,
  'Membership:GetMemberContact': READ,
  'Membership:ListMembers': READ,
  'Membership:GetMemberHistory': READ,
  'Membership:WhoAmI': READ,
};

export function accessRuleFor(qualifiedFunction: string): AccessRule | undefined {
  return Object.prototype.hasOwnProperty.call(ACCESS_POLICY, qualifiedFunction)
    ? ACCESS_POLICY[qualifiedFunction]
    : undefined;
}
