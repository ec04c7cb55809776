/**
 * Membership: the request and response shapes of the member registry, as
 * published to clients. Field names are the JSON names on the wire.
 */

/** Capacities in which a member institution takes part. A member may hold several. */
export const Role = {
  /** The central securities depository: the authority that governs the chain. */
  CSD: 'CSD',
  ISSUER: 'ISSUER',
  UNDERWRITER: 'UNDERWRITER',
  INVESTOR: 'INVESTOR',
  PAYING_AGENT: 'PAYING_AGENT',
  CUSTODIAN: 'CUSTODIAN',
  /**
   * Benchmark administrator: publishes reference rate fixings
   * (Benchmarks:PublishFixing) alongside the CSD, for every reference rate.
   */
  BENCHMARK_ADMINISTRATOR: 'BENCHMARK_ADMINISTRATOR',
  /** Supervisory authority: reads everything, writes nothing. Held alone. */
  REGULATOR: 'REGULATOR',
} as const;
export type Role = (typeof Role)[keyof typeof Role];
export const ALL_ROLES: readonly Role[] = Object.values(Role);

export const MemberStatus = {
  ACTIVE: 'ACTIVE',
  /** Reversible: the member reads its own data and does nothing else. */
  SUSPENDED: 'SUSPENDED',
  /** Final: the member gets nothing. */
  REVOKED: 'REVOKED',
} as const;
export type MemberStatus = (typeof MemberStatus)[keyof typeof MemberStatus];

/**
 * Role attribute carried in an identity's certificate (issued by its org's
 * Fabric CA as `bond.role`, comma-separated when several).
 */
export const IDENTITY_ROLE_ATTRIBUTE = 'bond.role';
export const IdentityRole = {
  /** May administer: at the CSD, the member registry; at a member, its own users. */
  ADMIN: 'admin',
  /** May sign business instructions (bids, transfers, confirmations) for its org. */
  OPERATOR: 'operator',
} as const;
export type IdentityRole = (typeof IdentityRole)[keyof typeof IdentityRole];

/** Who made a change, when and in which transaction. */
export interface ChangeStamp {
  mspId: string;
  /** The signer's X.509 subject and issuer as Fabric's ClientIdentity reports it. */
  identity: string;
  /** ISO-8601 UTC time from the transaction timestamp. */
  timestamp: string;
  txId: string;
}

export interface Member {
  mspId: string;
  legalName: string;
  /** ISO 17442 Legal Entity Identifier. */
  lei: string;
  /** Sorted, without duplicates. */
  roles: Role[];
  status: MemberStatus;
  /** Why the status last changed (suspension or revocation reason). */
  statusReason?: string;
  admitted: ChangeStamp;
  lastChange: ChangeStamp;
}

export interface InitializeRequest {
  /** The CSD's own MSP ID: the caller must belong to it. */
  csdMspId: string;
  legalName: string;
  lei: string;
}

export interface AdmitMemberRequest {
  mspId: string;
  legalName: string;
  lei: string;
  roles: Role[];
}

export interface ChangeRolesRequest {
  mspId: string;
  roles: Role[];
}

export interface StatusChangeRequest {
  mspId: string;
  reason: string;
}

/**
 * The CSD's correction of a member's legal name and/or operational contact,
 * e.g. one written before the input rules (README "Input rules"). At least
 * one field to correct; every given field follows the rule.
 */
export interface CorrectMemberRequest {
  mspId: string;
  legalName?: string;
  contactName?: string;
  email?: string;
  reason: string;
}

/** What CorrectMember wrote: the member record, and the contact if it was corrected. */
export interface MemberCorrection {
  member: Member;
  contact?: MemberContact;
  reason: string;
}

/** One change of a member record; GetMemberHistory lists them newest first. */
export interface MemberHistoryEntry {
  txId: string;
  timestamp: string;
  isDelete: boolean;
  member?: Member;
}

/** The caller as the chaincode sees it: its organisation, certificate, role attributes and membership. */
export interface WhoAmI {
  mspId: string;
  /** Fabric's ClientIdentity ID: x509::<subject>::<issuer>. */
  identity: string;
  identityRoles: readonly string[];
  member?: Member;
}

/** A page of a paginated query; `bookmark` is empty on the last page. */
export interface Page<T> {
  records: T[];
  bookmark: string;
  fetchedRecordsCount: number;
}

/** Event names the membership functions emit (one per transaction). */
export const MembershipEvent = {
  LEDGER_INITIALIZED: 'LedgerInitialized',
  MEMBER_ADMITTED: 'MemberAdmitted',
  MEMBER_ROLES_CHANGED: 'MemberRolesChanged',
  MEMBER_SUSPENDED: 'MemberSuspended',
  MEMBER_REINSTATED: 'MemberReinstated',
  MEMBER_REVOKED: 'MemberRevoked',
  MEMBER_CONTACT_UPDATED: 'MemberContactUpdated',
  MEMBER_CORRECTED: 'MemberCorrected',
} as const;
export type MembershipEvent = (typeof MembershipEvent)[keyof typeof MembershipEvent];

/** The ledger's platform configuration, written once by Membership:Initialize. */
export interface PlatformConfig {
  csdMspId: string;
  initialized: ChangeStamp;
}

/** A member's operational contact, maintained by the member's own operators. */
export interface MemberContact {
  mspId: string;
  contactName: string;
  email: string;
  lastChange: ChangeStamp;
}

export interface UpdateContactRequest {
  contactName: string;
  email: string;
}
