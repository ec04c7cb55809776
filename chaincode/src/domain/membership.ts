/**
 * Member registry rules: what a valid member record is and which changes the
 * CSD may make to it. Pure: the caller supplies the current record and the
 * change stamp; nothing here reads or writes the ledger.
 */
import { ChaincodeError, ErrorCode } from '../api/errors';
import {
  ALL_ROLES,
  type AdmitMemberRequest,
  type ChangeRolesRequest,
  type ChangeStamp,
  type CorrectMemberRequest,
  type InitializeRequest,
  type Member,
  MemberStatus,
  Role,
  type StatusChangeRequest,
} from '../api/membership';
import { isValidLei } from './lei';
import { invalid, requireEmail, requireFreeText, requireMspId } from './validation';

const MAX_NAME = 200;
const MAX_REASON = 500;

export function parseInitializeRequest(input: Record<string, unknown>): InitializeRequest {
  return {
    csdMspId: requireMspId(input.csdMspId, 'csdMspId'),
    legalName: requireFreeText(input.legalName, 'legalName', MAX_NAME),
    lei: requireLei(input.lei),
  };
}

export function parseAdmitMemberRequest(input: Record<string, unknown>): AdmitMemberRequest {
  return {
    mspId: requireMspId(input.mspId),
    legalName: requireFreeText(input.legalName, 'legalName', MAX_NAME),
    lei: requireLei(input.lei),
    roles: requireMemberRoles(input.roles),
  };
}

export function parseChangeRolesRequest(input: Record<string, unknown>): ChangeRolesRequest {
  return { mspId: requireMspId(input.mspId), roles: requireMemberRoles(input.roles) };
}

export function parseCorrectMemberRequest(input: Record<string, unknown>): CorrectMemberRequest {
  const optional = (field: 'legalName' | 'contactName', max: number) =>
    input[field] === undefined ? undefined : requireFreeText(input[field], field, max);
  const request: CorrectMemberRequest = {
    mspId: requireMspId(input.mspId),
    legalName: optional('legalName', MAX_NAME),
    contactName: optional('contactName', MAX_NAME),
    email: input.email === undefined ? undefined : requireEmail(input.email),
    reason: requireFreeText(input.reason, 'reason', MAX_REASON),
  };
  if (request.legalName === undefined && request.contactName === undefined && request.email === undefined) {
    throw invalid('give legalName, contactName or email to correct');
  }
  return request;
}

export function parseStatusChangeRequest(input: Record<string, unknown>): StatusChangeRequest {
  return { mspId: requireMspId(input.mspId), reason: requireFreeText(input.reason, 'reason', MAX_REASON) };
}

function requireLei(value: unknown): string {
  if (typeof value !== 'string' || !isValidLei(value)) {
    throw invalid('lei must be a valid ISO 17442 LEI (20 characters, MOD 97-10 check digits)');
  }
  return value;
}

/**
 * Roles a member institution may be given: known, at least one, sorted and
 * without duplicates. CSD is the authority's own role and cannot be granted;
 * REGULATOR is held alone, since a supervisor that could also act as a
 * market participant would no longer be read-only.
 */
export function requireMemberRoles(value: unknown): Role[] {
  if (!Array.isArray(value) || value.length === 0) throw invalid('roles must be a non-empty array');
  const roles = new Set<Role>();
  for (const role of value) {
    if (typeof role !== 'string' || !(ALL_ROLES as readonly string[]).includes(role)) {
      throw invalid(`unknown role ${JSON.stringify(role)}; known roles: ${ALL_ROLES.join(', ')}`);
    }
    roles.add(role as Role);
  }
  if (roles.has(Role.CSD)) throw invalid('the CSD role belongs to the depository and cannot be granted');
  if (roles.has(Role.REGULATOR) && roles.size > 1) throw invalid('REGULATOR is a read-only role and is held alone');
  return [...roles].sort();
}

/** The CSD's own member record, written once at initialisation. */
export function csdMember(request: InitializeRequest, stamp: ChangeStamp): Member {
  return {
    mspId: request.csdMspId,
    legalName: request.legalName,
    lei: request.lei,
    roles: [Role.CSD],
    status: MemberStatus.ACTIVE,
    admitted: stamp,
    lastChange: stamp,
  };
}

export function admitMember(request: AdmitMemberRequest, existing: Member | undefined, stamp: ChangeStamp): Member {
  if (existing) {
    throw new ChaincodeError(ErrorCode.ALREADY_EXISTS, `${request.mspId} is already a member (status ${existing.status})`);
  }
  return { ...request, status: MemberStatus.ACTIVE, admitted: stamp, lastChange: stamp };
}

export function changeRoles(member: Member, roles: Role[], stamp: ChangeStamp): Member {
  refuseChangesToCsd(member, 'change the roles of');
  if (member.status === MemberStatus.REVOKED) {
    throw transitionError(member, 'change the roles of');
  }
  return { ...member, roles, lastChange: stamp };
}

/** Allowed status changes: ACTIVE ⇄ SUSPENDED, either → REVOKED (final). */
const STATUS_TRANSITIONS: Readonly<Record<MemberStatus, readonly MemberStatus[]>> = {
  [MemberStatus.ACTIVE]: [MemberStatus.SUSPENDED, MemberStatus.REVOKED],
  [MemberStatus.SUSPENDED]: [MemberStatus.ACTIVE, MemberStatus.REVOKED],
  [MemberStatus.REVOKED]: [],
};

export function canChangeStatus(from: MemberStatus, to: MemberStatus): boolean {
  return STATUS_TRANSITIONS[from].includes(to);
}

export function changeStatus(member: Member, to: MemberStatus, reason: string, stamp: ChangeStamp): Member {
  const verb = { ACTIVE: 'reinstate', SUSPENDED: 'suspend', REVOKED: 'revoke' }[to];
  refuseChangesToCsd(member, verb);
  if (!canChangeStatus(member.status, to)) throw transitionError(member, verb);
  return { ...member, status: to, statusReason: reason, lastChange: stamp };
}

function refuseChangesToCsd(member: Member, verb: string): void {
  if (member.roles.includes(Role.CSD)) {
    throw new ChaincodeError(ErrorCode.INVALID_STATE_TRANSITION, `cannot ${verb} the CSD itself`);
  }
}

function transitionError(member: Member, verb: string): ChaincodeError {
  return new ChaincodeError(ErrorCode.INVALID_STATE_TRANSITION, `cannot ${verb} ${member.mspId}: its status is ${member.status}`);
}
