/**
 * Who sees what in the console, in one place. The gateway and the chaincode
 * enforce every rule; the console only hides what they would refuse, so a
 * back office is not offered a button that can only fail. A viewer, a
 * regulator and a suspended member see no write control at all.
 */
import type { components } from '../api/schema';

type Member = components['schemas']['Member'];
type Role = components['schemas']['Role'];
type Bond = components['schemas']['Bond'];
type Transfer = components['schemas']['Transfer'];
type BookStatus = components['schemas']['Book']['status'];

/** The gateway user's role, from the certificate's `bond.role` attribute. */
export type UserRole = 'admin' | 'operator' | 'viewer';

/** The signed-in caller: its organisation, user, user role and member record (none if not a member). */
export interface Me {
  mspId: string;
  user: string;
  role: UserRole;
  /** The certificate's bond.role values: chaincode writes need `operator`. */
  identityRoles: readonly string[];
  member?: Member;
}

export type Screen =
  | 'members'
  | 'applications'
  | 'bonds'
  | 'holdings'
  | 'transfers'
  | 'payments'
  | 'settlements'
  | 'scheduler'
  | 'users'
  | 'events'
  | 'verify';

/** The kind of organisation the console is laid out for. */
export type Kind = 'csd' | 'institution' | 'regulator' | 'outsider';

export interface RoleView {
  kind: Kind;
  /** The screens in navigation order. */
  screens: Screen[];
  /** May submit anything at all: an ACTIVE member, not the regulator, signed in as an operator or admin. */
  writes: boolean;
}

/** Roles that hold and trade units (InstructTransfer's, AffirmTransfer's). */
const HOLDING_ROLES: readonly Role[] = ['INVESTOR', 'UNDERWRITER', 'CUSTODIAN', 'ISSUER'];

const hasRole = (me: Me, ...roles: Role[]): boolean => roles.some((r) => me.member?.roles.includes(r) === true);
const active = (me: Me): boolean => me.member?.status === 'ACTIVE';

/** The bond.role values of /me as the gateway's user roles: admin over operator over viewer. */
export function userRole(identityRoles: readonly string[]): UserRole {
  if (identityRoles.includes('admin')) return 'admin';
  if (identityRoles.includes('operator')) return 'operator';
  return 'viewer';
}

/** The user name in a Fabric identity `x509::<subject>::<issuer>`: the subject's CN. */
export function userName(identity: string): string {
  const subject = identity.split('::')[1] ?? identity;
  return /CN=([^,/]+)/.exec(subject)?.[1] ?? identity;
}

export function kindOf(me: Me): Kind {
  if (!me.member || me.member.status === 'REVOKED') return 'outsider';
  if (hasRole(me, 'CSD')) return 'csd';
  if (hasRole(me, 'REGULATOR')) return 'regulator';
  return 'institution';
}

/** Which screens the caller's navigation offers, and whether it may write at all. */
export function roleView(me: Me): RoleView {
  const kind = kindOf(me);
  const admin = me.role === 'admin';
  const adminOnly = (...screens: Screen[]): Screen[] => (admin ? screens : []);
  const layout: Record<Kind, Screen[]> = {
    csd: ['members', 'applications', 'bonds', 'settlements', 'transfers', ...adminOnly('scheduler', 'users'), 'events', 'verify'],
    institution: ['holdings', 'bonds', 'transfers', 'payments', ...adminOnly('users'), 'events', 'verify'],
    regulator: ['bonds', 'events', 'verify'],
    outsider: ['verify'],
  };
  const screens = layout[kind];
  const writes = active(me) && kind !== 'regulator' && kind !== 'outsider' && me.role !== 'viewer';
  return { kind, screens, writes };
}

/** The write controls, each a predicate on the caller (and the record it would act on). */
export const may = {
  /** Admit, re-role, suspend, reinstate, revoke members: CSD admins. */
  administerMembers: (me: Me): boolean => active(me) && hasRole(me, 'CSD') && me.role === 'admin',
  /** Approve or reject bond applications: CSD operators. */
  reviewApplications: (me: Me): boolean => operates(me) && hasRole(me, 'CSD'),
  /**
   * Allocate (and close at any time) a bond's book: its bookrunner, the lead underwriter, else the issuer
   * (Books:AllocateBook; openBook and closeBook below say who else opens and closes it).
   */
  runBook: (me: Me, bond: Bond): boolean =>
    operates(me) && hasRole(me, 'ISSUER', 'UNDERWRITER') && (bond.terms.leadUnderwriter ?? bond.issuer) === me.mspId,
  /** Place, amend or withdraw a bid: investors and underwriters while the book is open. */
  bid: (me: Me, bookStatus: BookStatus | undefined): boolean =>
    operates(me) && hasRole(me, 'INVESTOR', 'UNDERWRITER') && bookStatus === 'OPEN',
  /** Start primary settlement, confirm or fail a cash leg, complete issuance: the CSD. */
  settle: (me: Me): boolean => operates(me) && hasRole(me, 'CSD'),
  /** Instruct a transfer: a member that holds units. */
  instructTransfer: (me: Me): boolean => operates(me) && hasRole(me, ...HOLDING_ROLES),
  /** Affirm: the buyer, while the instruction waits for it. */
  affirmTransfer: (me: Me, t: Transfer): boolean => operates(me) && t.to === me.mspId && t.status === 'INSTRUCTED',
  /** Cancel: the seller or the CSD before settlement; the buyer before affirming. */
  cancelTransfer: (me: Me, t: Transfer): boolean => {
    if (!operates(me) || (t.status !== 'INSTRUCTED' && t.status !== 'AFFIRMED')) return false;
    if (t.from === me.mspId || hasRole(me, 'CSD')) return true;
    return t.to === me.mspId && t.status === 'INSTRUCTED';
  },
  /** Confirm a holder's payment: the bond's paying agent. */
  confirmPayment: (me: Me, bond: Bond): boolean => operates(me) && hasRole(me, 'PAYING_AGENT') && bond.terms.payingAgent === me.mspId,
  /** Run the scheduler now: CSD admins. */
  runScheduler: (me: Me): boolean => active(me) && hasRole(me, 'CSD') && me.role === 'admin',
  /** Register, renew and revoke the organisation's own users: its admins. */
  administerUsers: (me: Me): boolean => me.role === 'admin' && me.member?.status !== 'REVOKED',
  /** Confirm the cash leg of an affirmed DvP transfer, settling it (alone or in a batch): CSD operators. */
  confirmTransferCash: (me: Me, t: Transfer): boolean =>
    operates(me) && hasRole(me, 'CSD') && t.status === 'AFFIRMED' && t.cashAmount !== '0',
  /** Open an approved bond's book: its issuer, or its lead underwriter (Books:OpenBook, domain/book.ts mayOpenBook). */
  openBook: (me: Me, bond: Bond): boolean =>
    operates(me) &&
    hasRole(me, 'ISSUER', 'UNDERWRITER') &&
    (me.mspId === bond.issuer || me.mspId === (bond.terms.leadUnderwriter ?? bond.issuer)),
  /**
   * Close an open book: its bookrunner at any time, the CSD once the window has passed
   * (`now` ≥ closesAt; Books:CloseBook, domain/book.ts mayCloseBook).
   */
  closeBook: (me: Me, book: Pick<components['schemas']['Book'], 'bookrunner' | 'closesAt' | 'status'>, now: string): boolean =>
    operates(me) &&
    book.status === 'OPEN' &&
    ((hasRole(me, 'ISSUER', 'UNDERWRITER') && book.bookrunner === me.mspId) || (hasRole(me, 'CSD') && now >= book.closesAt)),
  /** Complete a fully fixed payment event once every entitlement is paid: the CSD or the bond's paying agent (Servicing:CompletePaymentEvent). */
  completePaymentEvent: (me: Me, bond: Bond): boolean =>
    operates(me) && (hasRole(me, 'CSD') || (hasRole(me, 'PAYING_AGENT') && bond.terms.payingAgent === me.mspId)),
};

/** Chaincode writes need an ACTIVE member (not the regulator) and an operator certificate. */
function operates(me: Me): boolean {
  return roleView(me).writes && me.identityRoles.includes('operator');
}
