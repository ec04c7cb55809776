/**
 * The one place that says what every transaction function of the cash
 * chaincode requires. The contract base class looks the called function up
 * here before it runs; a function missing from this table is refused (deny
 * by default). The table is keyed by the published function names
 * (api/functions.ts), so a missing or unknown function is a type error, and
 * test/access-policy-coverage.test.ts checks it against the contracts.
 */
import type { QualifiedCashFunction } from '../api/functions';
import type { CashAccessRule } from './access';

const READ: CashAccessRule = { kind: 'read' };
const ATTEST: CashAccessRule = { kind: 'attest' };
export const OPERATOR_ADMIN_RULE: CashAccessRule = { kind: 'operator-admin' };
const OPERATOR: CashAccessRule = { kind: 'operator' };
const PARTICIPANT: CashAccessRule = { kind: 'participant' };

export const CASH_ACCESS_POLICY: Readonly<Record<QualifiedCashFunction, CashAccessRule>> = {
  // Governance: the payment operator's administrator initialises the ledger (once) and opens accounts.
  'Cash:Initialize': { kind: 'bootstrap' },
  'Cash:OpenAccount': OPERATOR_ADMIN_RULE,
  // Money supply: only the payment operator's operators issue and redeem.
  'Cash:IssueCash': OPERATOR,
  'Cash:RedeemCash': OPERATOR,
  // Payments: any organisation's operators, from accounts of their own (checked by the function).
  'Cash:TransferCash': PARTICIPANT,
  // Reads: the configuration and totals to every organisation; an account to its owner and the operator.
  'Cash:GetConfig': READ,
  'Cash:GetAccount': READ,
  'Cash:ListAccounts': READ,
  'Cash:GetTotals': READ,

  // HTLC: the locker locks from its own account, the beneficiary claims, the locker refunds (all checked by the function).
  'Htlc:LockCash': PARTICIPANT,
  'Htlc:ClaimCash': PARTICIPANT,
  'Htlc:RefundCash': PARTICIPANT,
  // Locks are the cross-ledger protocol's public face: every organisation reads them (the CSD's settlement agent included).
  'Htlc:GetLock': READ,
  'Htlc:ListOpenLocks': READ,
  'Htlc:ListLocksByHash': READ,
  // A lock's signed attestation, a proof for the bond ledger: every organisation, as for reading the lock, at a checked time.
  'Htlc:AttestLock': ATTEST,
};

/** The rule of `qualifiedFunction` (`<contract>:<function>`), or undefined if it has none. */
export function cashAccessRuleFor(qualifiedFunction: string): CashAccessRule | undefined {
  return Object.hasOwn(CASH_ACCESS_POLICY, qualifiedFunction) ? CASH_ACCESS_POLICY[qualifiedFunction as QualifiedCashFunction] : undefined;
}
