/**
 * Whose entitlements a caller is shown. The ledger lets every active member
 * list every holder's entitlements (Servicing:ListEntitlements filters only
 * for a suspended member); the console shows a holder its own: those it
 * holds, and those whose coupon it receives as a pledgee. The CSD, the
 * regulator and the bond's paying agent, who service or supervise the
 * event, see every holder's.
 */
import type { components } from '../api/schema';

type Schemas = components['schemas'];

/** Sees every holder's entitlements of the bond. */
export function seesAllEntitlements(
  caller: { mspId: string; roles: readonly Schemas['Role'][] },
  bond: { terms: Pick<Schemas['Bond']['terms'], 'payingAgent'> },
): boolean {
  return caller.roles.includes('CSD') || caller.roles.includes('REGULATOR') || bond.terms.payingAgent === caller.mspId;
}

/** The entitlements the caller is shown: all of them, or those that pay it. */
export function entitlementsFor<E extends Pick<Schemas['Entitlement'], 'holder' | 'pledgeeShares'>>(
  caller: { mspId: string; roles: readonly Schemas['Role'][] },
  bond: { terms: Pick<Schemas['Bond']['terms'], 'payingAgent'> },
  entitlements: readonly E[],
): E[] {
  if (seesAllEntitlements(caller, bond)) return [...entitlements];
  return entitlements.filter((e) => e.holder === caller.mspId || (e.pledgeeShares ?? []).some((s) => s.pledgee === caller.mspId));
}

/**
 * Servicing:CompletePaymentEvent would complete the event: its entitlements
 * all fixed, not complete yet, every entitlement PAID (all of them read:
 * `complete`), and a maturity or call redemption only while the bond is
 * ISSUED or CALLED (it then becomes REDEEMED). The chaincode checks the rest.
 */
export function readyToComplete(
  event: Pick<Schemas['PaymentEvent'], 'status' | 'reason'>,
  entitlements: { records: readonly Pick<Schemas['Entitlement'], 'status'>[]; complete: boolean },
  bondStatus: Schemas['BondStatus'],
): boolean {
  if (event.status !== 'ENTITLEMENTS_FIXED' || !entitlements.complete) return false;
  if (!entitlements.records.every((e) => e.status === 'PAID')) return false;
  const redeems = event.reason === 'MATURITY' || event.reason === 'CALL';
  return !redeems || bondStatus === 'ISSUED' || bondStatus === 'CALLED';
}
