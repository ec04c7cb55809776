/**
 * The access layer's rules. Every transaction function has one rule (see
 * access-policy.ts); `authorize` decides it from facts about the caller
 * before the function reads or writes anything. Pure: the Fabric side
 * gathers the facts (caller MSP, certificate attribute, the ledger's
 * configuration).
 *
 * The cash ledger has one authority, the payment operator, whose MSP ID is
 * recorded by Cash:Initialize. It has no member registry: a participant is
 * any organisation of the channel (only they can send proposals to its
 * peers) that the operator opened an account for, and a function that
 * touches an account checks that the account is the caller's own.
 */
import { IdentityRole } from '../api/cash';
import { CashChaincodeError, CashErrorCode } from '../api/errors';

export type CashAccessRule =
  /** Runs before the configuration exists; the function checks its caller itself. */
  | { readonly kind: 'bootstrap' }
  /** Any organisation of the channel; the function narrows what it may see (scope). */
  | { readonly kind: 'read' }
  /**
   * Any organisation of the channel, observers (the CSD) included, no role
   * needed, as `read`; but not a query: the guard checks the transaction
   * time against the peer's clock, so what it returns is stamped with a time
   * the endorsers accepted. For a signed answer that is never submitted.
   */
  | { readonly kind: 'attest' }
  /** An identity of the payment operator carrying bond.role=admin: accounts. */
  | { readonly kind: 'operator-admin' }
  /** An identity of the payment operator carrying bond.role=operator: issuing and redeeming. */
  | { readonly kind: 'operator' }
  /** An identity of any organisation carrying bond.role=operator; the function checks the accounts are its own. */
  | { readonly kind: 'participant' };

export interface CallerFacts {
  mspId: string;
  /** Values of the certificate's `bond.role` attribute. */
  identityRoles: readonly string[];
  /** The payment operator's MSP ID from the ledger's configuration; undefined before initialisation. */
  operatorMspId: string | undefined;
}

export interface CashAuthorization {
  mspId: string;
  identityRoles: readonly string[];
  /** Whether the caller's organisation is the payment operator: it may read every account. */
  isOperator: boolean;
}

export function authorize(rule: CashAccessRule, caller: CallerFacts): CashAuthorization {
  const granted = (): CashAuthorization => ({
    mspId: caller.mspId,
    identityRoles: caller.identityRoles,
    isOperator: caller.operatorMspId !== undefined && caller.mspId === caller.operatorMspId,
  });
  if (rule.kind === 'bootstrap') return granted();
  if (caller.operatorMspId === undefined) {
    throw new CashChaincodeError(CashErrorCode.NOT_INITIALIZED, 'the cash ledger has not been initialised by the payment operator');
  }
  switch (rule.kind) {
    case 'read':
    case 'attest':
      return granted();
    case 'operator-admin':
      requireOperatorAdmin(caller, caller.operatorMspId);
      return granted();
    case 'operator':
      if (caller.mspId !== caller.operatorMspId) {
        throw new CashChaincodeError(
          CashErrorCode.OPERATOR_REQUIRED,
          `only the payment operator ${caller.operatorMspId} issues and redeems cash; caller is ${caller.mspId}`,
        );
      }
      requireAttribute(caller, IdentityRole.OPERATOR);
      return granted();
    case 'participant':
      requireAttribute(caller, IdentityRole.OPERATOR);
      return granted();
  }
}

/**
 * The payment operator's administrator: an identity of `operatorMspId`
 * carrying bond.role=admin. Initialize checks it against the MSP ID it is
 * about to record, every other admin function against the recorded one.
 */
export function requireOperatorAdmin(caller: Omit<CallerFacts, 'operatorMspId'>, operatorMspId: string): void {
  if (caller.mspId !== operatorMspId) {
    throw new CashChaincodeError(
      CashErrorCode.ADMIN_REQUIRED,
      `only the payment operator ${operatorMspId} administers the cash ledger; caller is ${caller.mspId}`,
    );
  }
  if (!caller.identityRoles.includes(IdentityRole.ADMIN)) {
    throw new CashChaincodeError(
      CashErrorCode.ADMIN_REQUIRED,
      'the payment operator identity needs the certificate attribute bond.role=admin',
    );
  }
}

function requireAttribute(caller: CallerFacts, role: IdentityRole): void {
  if (!caller.identityRoles.includes(role)) {
    throw new CashChaincodeError(
      CashErrorCode.ATTRIBUTE_REQUIRED,
      `the signing identity needs the certificate attribute bond.role=${role}`,
    );
  }
}

/** For read functions: may the caller see an account of `ownerMspId`? Its own, or any if it is the operator. */
export function assertMayReadAccount(auth: CashAuthorization, ownerMspId: string): void {
  if (!auth.isOperator && auth.mspId !== ownerMspId) {
    throw new CashChaincodeError(CashErrorCode.ACCESS_DENIED, `${auth.mspId} may read its own accounts only, not ${ownerMspId}'s`);
  }
}
