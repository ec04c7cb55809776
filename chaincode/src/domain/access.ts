/**
 * The access layer's rules. Every transaction function has one AccessRule
 * (see access-policy.ts); `authorize` decides it from facts about the caller
 * before the function reads or writes anything. Pure: the Fabric side
 * gathers the facts (caller MSP, certificate attribute, member record).
 */
import { ChaincodeError, ErrorCode } from '../api/errors';
import { type IdentityRole, IdentityRole as IR, type Member, MemberStatus, Role } from '../api/membership';

export type AccessRule =
  /** Runs before the registry exists; the function checks its caller itself. */
  | { readonly kind: 'bootstrap' }
  /** Any member in good standing; a suspended member sees only its own data. */
  | { readonly kind: 'read' }
  /** An active member holding one of `roles`, signed by an identity with `identityRole` if given. */
  | { readonly kind: 'write'; readonly roles: readonly Role[]; readonly identityRole?: IdentityRole }
  /** A CSD identity carrying the admin role attribute. */
  | { readonly kind: 'csd-admin' };

export interface CallerFacts {
  mspId: string;
  /** Values of the certificate's `bond.role` attribute. */
  identityRoles: readonly string[];
  /** The caller org's registry record, if any. */
  member: Member | undefined;
  /** The CSD's MSP ID from the ledger's configuration; undefined before initialisation. */
  csdMspId: string | undefined;
}

export interface Authorization {
  mspId: string;
  /** Values of the signing certificate's `bond.role` attribute. */
  identityRoles: readonly string[];
  member: Member | undefined;
  /** `own`: the caller may read only records that belong to its own org. */
  readScope: 'all' | 'own';
}

export function authorize(rule: AccessRule, caller: CallerFacts): Authorization {
  if (rule.kind === 'bootstrap')
    return { mspId: caller.mspId, identityRoles: caller.identityRoles, member: caller.member, readScope: 'own' };
  if (caller.csdMspId === undefined) {
    throw new ChaincodeError(ErrorCode.NOT_INITIALIZED, 'the ledger has not been initialised by the CSD');
  }
  if (rule.kind === 'csd-admin') return authorizeCsdAdmin(caller);
  const member = requireStanding(caller);
  if (rule.kind === 'read') {
    return {
      mspId: caller.mspId,
      identityRoles: caller.identityRoles,
      member,
      readScope: member.status === MemberStatus.ACTIVE ? 'all' : 'own',
    };
  }
  requireActive(member);
  if (member.roles.includes(Role.REGULATOR)) {
    throw new ChaincodeError(ErrorCode.READ_ONLY_MEMBER, `${member.mspId} is a regulator: it reads and never writes`);
  }
  if (!rule.roles.some((role) => member.roles.includes(role))) {
    throw new ChaincodeError(
      ErrorCode.ROLE_REQUIRED,
      `${member.mspId} needs one of the roles ${rule.roles.join(', ')}; it holds ${member.roles.join(', ')}`,
    );
  }
  if (rule.identityRole !== undefined && !caller.identityRoles.includes(rule.identityRole)) {
    throw new ChaincodeError(
      ErrorCode.ATTRIBUTE_REQUIRED,
      `the signing identity needs the certificate attribute bond.role=${rule.identityRole}`,
    );
  }
  return { mspId: caller.mspId, identityRoles: caller.identityRoles, member, readScope: 'all' };
}

function authorizeCsdAdmin(caller: CallerFacts): Authorization {
  if (caller.mspId !== caller.csdMspId) {
    throw new ChaincodeError(ErrorCode.ADMIN_REQUIRED, `only the CSD administers membership; caller is ${caller.mspId}`);
  }
  if (!caller.identityRoles.includes(IR.ADMIN)) {
    throw new ChaincodeError(ErrorCode.ADMIN_REQUIRED, 'the CSD identity needs the certificate attribute bond.role=admin');
  }
  return { mspId: caller.mspId, identityRoles: caller.identityRoles, member: caller.member, readScope: 'all' };
}

function requireStanding(caller: CallerFacts): Member {
  const member = caller.member;
  if (member === undefined) {
    throw new ChaincodeError(ErrorCode.NOT_A_MEMBER, `${caller.mspId} is not a member of the bond platform`);
  }
  if (member.status === MemberStatus.REVOKED) {
    throw new ChaincodeError(ErrorCode.MEMBER_REVOKED, `${caller.mspId} has been revoked`);
  }
  return member;
}

function requireActive(member: Member): void {
  if (member.status === MemberStatus.SUSPENDED) {
    throw new ChaincodeError(
      ErrorCode.MEMBER_SUSPENDED,
      `${member.mspId} is suspended and may only read its own data${member.statusReason ? ` (${member.statusReason})` : ''}`,
    );
  }
}

/** For read functions: may the authorised caller see a record owned by `ownerMspId`? */
export function assertMayRead(auth: Authorization, ownerMspId: string): void {
  if (auth.readScope === 'own' && auth.mspId !== ownerMspId) {
    throw new ChaincodeError(ErrorCode.ACCESS_DENIED, `${auth.mspId} may only read its own data while suspended`);
  }
}
