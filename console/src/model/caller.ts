/**
 * The signed-in caller as the header and the shell show it. GET /me is a
 * chaincode read, which the chaincode refuses for an organisation that is
 * not, or no longer, a member (403 NOT_A_MEMBER, MEMBER_REVOKED) without
 * saying more; the key itself was accepted (a refused key is 401
 * UNAUTHENTICATED), so such a caller is signed in as an outsider, who may
 * still verify transactions from its own peer.
 */
import type { ApiErrorBody } from './errors';
import type { Me } from './permissions';

export interface Caller {
  me: Me;
  /** Why /me refused: the caller is an outsider. */
  refusal?: ApiErrorBody;
}

const OUTSIDER_CODES: readonly string[] = ['NOT_A_MEMBER', 'MEMBER_REVOKED'];

/** The outsider a refusal of /me signs in, or undefined if the refusal is one that keeps the caller out. */
export function outsider(refusal: ApiErrorBody): Caller | undefined {
  if (!OUTSIDER_CODES.includes(refusal.code)) return undefined;
  return { me: { mspId: '', user: '', role: 'viewer', identityRoles: [] }, refusal };
}

/** The header's line: user, role, organisation, its legal name, member roles and status; or why it is an outsider. */
export function callerSummary({ me, refusal }: Caller): string {
  if (refusal !== undefined) return refusal.code === 'MEMBER_REVOKED' ? 'membership revoked' : 'not a member';
  const member = me.member;
  const membership = member === undefined ? ['not a member'] : [member.legalName, member.roles.join(', '), member.status];
  return [me.user, me.role, me.mspId, ...membership].join(' · ');
}
