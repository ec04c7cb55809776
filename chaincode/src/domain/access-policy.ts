/**
 * The one place that says what every transaction function requires. The
 * contract base class looks the called function up here before it runs; a
 * function missing from this table is refused (deny by default). The table
 * is keyed by the published function names (api/functions.ts), so a missing
 * or unknown function is a type error.
 */
import type { QualifiedFunction } from '../api/functions';
import { ALL_ROLES, IdentityRole, Role } from '../api/membership';
import type { AccessRule } from './access';

const READ: AccessRule = { kind: 'read' };
export const CSD_ADMIN_RULE: AccessRule = { kind: 'csd-admin' };
const CSD_OPERATOR: AccessRule = { kind: 'write', roles: [Role.CSD], identityRole: IdentityRole.OPERATOR };
const BOOKRUNNER: AccessRule = { kind: 'write', roles: [Role.ISSUER, Role.UNDERWRITER], identityRole: IdentityRole.OPERATOR };
const BIDDER: AccessRule = { kind: 'write', roles: [Role.INVESTOR, Role.UNDERWRITER], identityRole: IdentityRole.OPERATOR };
/** Members that can hold bonds in their own or their clients' accounts. */
export const HOLDER_ROLES: readonly Role[] = [Role.INVESTOR, Role.UNDERWRITER, Role.CUSTODIAN, Role.ISSUER];
const HOLDER: AccessRule = { kind: 'write', roles: HOLDER_ROLES, identityRole: IdentityRole.OPERATOR };
const SERVICER: AccessRule = { kind: 'write', roles: [Role.CSD, Role.PAYING_AGENT], identityRole: IdentityRole.OPERATOR };
/**
 * Publishes reference rate fixings: the CSD's operators, or the operators of
 * a member the CSD gave the BENCHMARK_ADMINISTRATOR role (every reference rate).
 */
const FIXING_PUBLISHER: AccessRule = {
  kind: 'write',
  roles: [Role.CSD, Role.BENCHMARK_ADMINISTRATOR],
  identityRole: IdentityRole.OPERATOR,
};
const CSD_ADMIN = CSD_ADMIN_RULE;

export const ACCESS_POLICY: Readonly<Record<QualifiedFunction, AccessRule>> = {
  // Membership: the CSD administers, every member in standing reads.
  'Membership:Initialize': { kind: 'bootstrap' },
  'Membership:AdmitMember': CSD_ADMIN,
  'Membership:ChangeRoles': CSD_ADMIN,
  'Membership:SuspendMember': CSD_ADMIN,
  'Membership:ReinstateMember': CSD_ADMIN,
  'Membership:RevokeMember': CSD_ADMIN,
  // Corrects a legal name or contact that breaks the input rules (e.g. written before them).
  'Membership:CorrectMember': CSD_ADMIN,
  // A member's own operators keep its contact; any member in good standing but the regulator.
  'Membership:UpdateContact': {
    kind: 'write',
    roles: ALL_ROLES.filter((role) => role !== Role.REGULATOR),
    identityRole: IdentityRole.OPERATOR,
  },
  'Membership:GetMember': READ,
  'Membership:GetMemberContact': READ,
  'Membership:ListMembers': READ,
  'Membership:GetMemberHistory': READ,
  'Membership:WhoAmI': READ,

  // Bonds: issuers apply, the CSD's operators decide and keep the calendars.
  'Bonds:ApplyForBond': { kind: 'write', roles: [Role.ISSUER], identityRole: IdentityRole.OPERATOR },
  'Bonds:ApproveBond': CSD_OPERATOR,
  'Bonds:RejectBond': CSD_OPERATOR,
  'Bonds:SetCalendarYear': CSD_OPERATOR,
  'Bonds:GetCalendarYear': READ,
  'Bonds:GetApplication': READ,
  'Bonds:ListApplications': READ,
  'Bonds:GetBond': READ,
  'Bonds:ListBondsByStatus': READ,
  'Bonds:ListBondsByIssuer': READ,
  'Bonds:GetBondHistory': READ,

  // Books: the issuer or lead underwriter runs the book; investors and underwriters bid.
  'Books:OpenBook': BOOKRUNNER,
  'Books:CloseBook': { kind: 'write', roles: [Role.ISSUER, Role.UNDERWRITER, Role.CSD], identityRole: IdentityRole.OPERATOR },
  'Books:AllocateBook': BOOKRUNNER,
  'Books:PlaceBid': BIDDER,
  'Books:AmendBid': BIDDER,
  'Books:WithdrawBid': BIDDER,
  'Books:GetBook': READ,
  'Books:ListBidReferences': READ,
  'Books:GetBid': READ,
  'Books:GetOrderBook': READ,
  'Books:GetAllocation': READ,

  // Settlement: the CSD runs the cash leg of primary DvP.
  'Settlement:StartPrimarySettlement': CSD_OPERATOR,
  'Settlement:ConfirmCash': CSD_OPERATOR,
  // On proof of the claimed cash lock, so not only the CSD: the investor, the issuer or the CSD; the function checks which.
  'Settlement:ConfirmCashByProof': { kind: 'write', roles: [Role.CSD, ...HOLDER_ROLES], identityRole: IdentityRole.OPERATOR },
  'Settlement:FailCash': CSD_OPERATOR,
  'Settlement:CompleteIssuance': CSD_OPERATOR,
  'Settlement:ListSettlements': READ,
  'Settlement:GetSettlement': READ,

  // Custody: holders instruct and affirm transfers and pledge; the CSD confirms cash and freezes.
  'Custody:InstructTransfer': HOLDER,
  'Custody:AffirmTransfer': HOLDER,
  'Custody:CancelTransfer': { kind: 'write', roles: [Role.CSD, ...HOLDER_ROLES], identityRole: IdentityRole.OPERATOR },
  'Custody:ConfirmTransferCash': CSD_OPERATOR,
  'Custody:ConfirmTransferCashBatch': CSD_OPERATOR,
  'Custody:ExpireTransfer': CSD_OPERATOR,
  'Custody:ListExpiredTransfers': CSD_OPERATOR,
  'Custody:FreezeHolding': CSD_OPERATOR,
  'Custody:UnfreezeHolding': CSD_OPERATOR,
  // The holder pledges; the pledgee (any member that can hold) releases or enforces, the pledgor releases once expired.
  'Custody:PledgeHolding': HOLDER,
  'Custody:ReleasePledge': HOLDER,
  'Custody:EnforcePledge': HOLDER,
  'Custody:GetPledge': READ,
  'Custody:ListPledgesOfHolding': READ,
  'Custody:ListPledgesOfBond': READ,
  'Custody:ListPledgesOfPledgee': READ,
  // Only the CSD's operators list what its scheduler reports, as for the transfers it expires.
  'Custody:ListExpiredPledges': CSD_OPERATOR,
  // Repos: the borrower proposes, the lender agrees or enforces, either cancels; the CSD confirms both cash legs.
  'Custody:ProposeRepo': HOLDER,
  'Custody:AgreeRepo': HOLDER,
  'Custody:CancelRepo': HOLDER,
  'Custody:ConfirmRepoOpening': CSD_OPERATOR,
  'Custody:ConfirmRepoClosing': CSD_OPERATOR,
  'Custody:EnforceRepo': HOLDER,
  'Custody:GetRepo': READ,
  'Custody:ListDueRepos': CSD_OPERATOR,
  'Custody:ListReposOfBond': READ,
  'Custody:GetHolding': READ,
  'Custody:ListHoldersOfBond': READ,
  'Custody:ListHoldingsOfHolder': READ,
  'Custody:GetOutstanding': READ,
  'Custody:GetTransfer': READ,
  'Custody:GetTransfers': READ,
  'Custody:GetHoldingHistory': READ,

  // Servicing: the CSD or the bond's paying agent fixes events; the paying agent confirms payments.
  'Servicing:GetCouponSchedule': READ,
  'Servicing:GetAccruedInterest': READ,
  'Servicing:ListPaymentEvents': READ,
  'Servicing:ListDueEvents': READ,
  'Servicing:ListEntitlements': READ,
  'Servicing:FixCouponEntitlements': SERVICER,
  'Servicing:FixRedemptionEntitlements': SERVICER,
  'Servicing:CompletePaymentEvent': SERVICER,
  'Servicing:ConfirmPayment': { kind: 'write', roles: [Role.PAYING_AGENT], identityRole: IdentityRole.OPERATOR },
  // On proof of the claimed cash lock, so not only the paying agent: the paying agent, the holder or the CSD; the function checks which.
  'Servicing:ConfirmPaymentByProof': {
    kind: 'write',
    roles: [Role.CSD, Role.PAYING_AGENT, ...HOLDER_ROLES],
    identityRole: IdentityRole.OPERATOR,
  },
  'Servicing:CallBond': { kind: 'write', roles: [Role.ISSUER], identityRole: IdentityRole.OPERATOR },
  'Servicing:CallBondInPart': { kind: 'write', roles: [Role.ISSUER], identityRole: IdentityRole.OPERATOR },
  'Servicing:ExercisePut': HOLDER,
  'Servicing:DeclareDefault': CSD_OPERATOR,

  // Benchmarks: the CSD's or a benchmark administrator's operators publish reference rate fixings; every member reads them.
  'Benchmarks:PublishFixing': FIXING_PUBLISHER,
  'Benchmarks:GetFixing': READ,
  'Benchmarks:ListFixings': READ,

  // Hash locks (issue 17): the holder locks, as it instructs a transfer; the beneficiary claims and the locker
  // refunds, or the CSD's operators for either (the CSD's gateway runs the settlement agent); the function checks which.
  'HashLocks:LockUnits': HOLDER,
  'HashLocks:ClaimUnits': { kind: 'write', roles: [Role.CSD, ...HOLDER_ROLES], identityRole: IdentityRole.OPERATOR },
  'HashLocks:RefundUnits': { kind: 'write', roles: [Role.CSD, ...HOLDER_ROLES], identityRole: IdentityRole.OPERATOR },
  'HashLocks:GetHashLock': READ,
  'HashLocks:ListHashLocks': READ,
  // Every lock that is still LOCKED, across bonds; the function filters as ListHashLocks does.
  'HashLocks:ListOpenHashLocks': READ,
  // The lock's locker or beneficiary, or the CSD's operators (its settlement agent); the function checks which.
  'HashLocks:AttachCashLock': { kind: 'write', roles: [Role.CSD, ...HOLDER_ROLES], identityRole: IdentityRole.OPERATOR },

  // Cross-ledger proofs (issue 17): the CSD's admins register the cash ledger whose proofs the bond ledger accepts; every member reads it.
  'CrossLedger:RegisterCashLedger': CSD_ADMIN,
  'CrossLedger:GetCashLedger': READ,
};

/** The rule of `qualifiedFunction` (`<contract>:<function>`), or undefined if it has none. */
export function accessRuleFor(qualifiedFunction: string): AccessRule | undefined {
  return Object.hasOwn(ACCESS_POLICY, qualifiedFunction) ? ACCESS_POLICY[qualifiedFunction as QualifiedFunction] : undefined;
}
