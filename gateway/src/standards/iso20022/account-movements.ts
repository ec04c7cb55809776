/**
 * The unit movements one committed event records: every change of an
 * account's units in a bond, as a delivery out (DELI) of one account and a
 * receipt (RECE) into another, read from the event and the chaincode that
 * emits it. The statement of transactions (semt.017) lists them.
 *
 * Events that move units, and how:
 * - SettlementSettled (primary settlement): units credited to the
 *   investor's account against its cash; the issuer delivers new units,
 *   from no account, so there is no DELI;
 * - TransferSettled, and TransfersSettled (a batch: its payload names the
 *   transfers, read with ReferenceData.transfer): from the seller's account
 *   to the buyer's, against the cash amount unless free of payment;
 * - PaymentConfirmed of a redemption (R-MATURITY, R-CALL, R-PUT-…): the
 *   holding's units are retired (DELI, nothing received) against the
 *   redemption amount. Coupons and partial redemptions retire no unit;
 * - PutExercised: the elected units move to the holder's PUT-<date> account;
 * - PledgeEnforced: the pledged units move from the pledgor's account to
 *   the pledgee's; RepoDefaulted: the lender enforces the repo's pledge
 *   (the lender's account is on the pledge, read with ReferenceData.pledge);
 * - UnitsLocked: into the locker's HTLC-ESCROW holding; UnitsClaimed: from
 *   there to the beneficiary's account; UnitsRefunded: back to the locker's
 *   account, unless the register had closed and they stay in escrow.
 * Freezes, pledges and their releases change no account's units
 * (semt.013 reports them); BondRedeemed retires nothing itself (each
 * payment retired its holding).
 */
import {
  BondEvent,
  type Entitlement,
  HASH_LOCK_ESCROW_ACCOUNT,
  type HashLock,
  HashLockEvent,
  type Pledge,
  type PutElection,
  type Repo,
  type SettlementInstruction,
  ServicingEvent,
  type Transfer,
  type TransfersSettled,
} from '@bond-platform/chaincode/api';
import { payloadOf } from './common';
import { paymentEventName, retiresUnits } from './corporate-action-events';
import type { AccountMovement, AccountRef, LedgerEvent, ReferenceData } from './message';

/** What moved the units, AccountMovement.reason. */
export const MovementReason = {
  PRIMARY_SETTLEMENT: 'PRIMARY_SETTLEMENT',
  TRANSFER: 'TRANSFER',
  REDEMPTION: 'REDEMPTION',
  PUT_ELECTION: 'PUT_ELECTION',
  PLEDGE_ENFORCEMENT: 'PLEDGE_ENFORCEMENT',
  REPO_ENFORCEMENT: 'REPO_ENFORCEMENT',
  HASH_LOCK: 'HASH_LOCK',
  HASH_LOCK_CLAIM: 'HASH_LOCK_CLAIM',
  HASH_LOCK_REFUND: 'HASH_LOCK_REFUND',
} as const;
export type MovementReason = (typeof MovementReason)[keyof typeof MovementReason];

/** The ledger lookups movementsOf needs for events whose payload names records without their contents. */
export type MovementLookups = Pick<ReferenceData, 'transfer' | 'pledge'>;

/** One unit-moving step of an event: units out of `from` (if any) into `to` (if any). */
interface Step {
  isin: string;
  from?: AccountRef;
  to?: AccountRef;
  units: string;
  /** Only when against payment: a free delivery has none. */
  cashAmount?: string;
  reason: MovementReason;
  reference: string;
}

type StepsOf = (event: LedgerEvent, lookups: MovementLookups | undefined) => Step[];

const STEPS: Readonly<Record<string, StepsOf>> = {
  [BondEvent.SETTLEMENT_SETTLED]: (event) => {
    const { settlement } = payloadOf<{ settlement: SettlementInstruction }>(event, ['settlement']);
    const to = { holder: settlement.receiver, accountId: settlement.receiverAccount };
    const cash = againstPayment(settlement.cashAmount);
    return [
      { isin: settlement.isin, to, units: settlement.units, ...cash, reason: 'PRIMARY_SETTLEMENT', reference: settlement.settlementId },
    ];
  },
  [BondEvent.TRANSFER_SETTLED]: (event) => [transferStep(payloadOf<Transfer>(event, ['transferId', 'isin', 'units']))],
  [BondEvent.TRANSFERS_SETTLED]: (event, lookups) => {
    const { transferIds } = payloadOf<TransfersSettled>(event, ['transferIds']);
    const refs = withLookup(lookups, 'transfer', event);
    // A transfer the caller may not read is not one of its accounts'.
    return transferIds.flatMap((id) => {
      const transfer = refs.transfer(id);
      return transfer ? [transferStep(transfer)] : [];
    });
  },
  [ServicingEvent.PAYMENT_CONFIRMED]: (event) => {
    const paid = payloadOf<Entitlement>(event, ['isin', 'eventId', 'holder', 'accountId', 'units', 'amount']);
    if (!retiresUnits(paymentEventName(paid.eventId))) return [];
    const from = { holder: paid.holder, accountId: paid.accountId };
    return [{ isin: paid.isin, from, units: paid.units, cashAmount: paid.amount, reason: 'REDEMPTION', reference: paid.eventId }];
  },
  [ServicingEvent.PUT_EXERCISED]: (event) => {
    const put = payloadOf<PutElection>(event, ['isin', 'holder', 'accountId', 'fromAccount', 'units']);
    const from = { holder: put.holder, accountId: put.fromAccount };
    const to = { holder: put.holder, accountId: put.accountId };
    return [{ isin: put.isin, from, to, units: put.units, reason: 'PUT_ELECTION', reference: put.accountId }];
  },
  [BondEvent.PLEDGE_ENFORCED]: (event) => [enforcementStep(payloadOf<Pledge>(event, ['pledgeId', 'enforcedTo']), 'PLEDGE_ENFORCEMENT')],
  [BondEvent.REPO_DEFAULTED]: (event, lookups) => {
    const repo = payloadOf<Repo>(event, ['repoId', 'pledgeId']);
    const pledge = withLookup(lookups, 'pledge', event).pledge(repo.pledgeId ?? '');
    // A pledge the caller may not read secures neither of its accounts.
    return pledge ? [{ ...enforcementStep(pledge, 'REPO_ENFORCEMENT'), reference: repo.repoId }] : [];
  },
  [HashLockEvent.UNITS_LOCKED]: (event) => {
    const lock = payloadOf<HashLock>(event, ['lockId', 'isin', 'locker', 'accountId', 'units']);
    return [{ ...lockStep(lock, 'HASH_LOCK'), from: ownAccount(lock), to: escrowOf(lock) }];
  },
  [HashLockEvent.UNITS_CLAIMED]: (event) => {
    const lock = payloadOf<HashLock>(event, ['lockId', 'isin', 'locker', 'units', 'beneficiary', 'beneficiaryAccountId']);
    const to = { holder: lock.beneficiary, accountId: lock.beneficiaryAccountId };
    return [{ ...lockStep(lock, 'HASH_LOCK_CLAIM'), from: escrowOf(lock), to }];
  },
  [HashLockEvent.UNITS_REFUNDED]: (event) => {
    const lock = payloadOf<HashLock>(event, ['lockId', 'isin', 'locker', 'accountId', 'units']);
    // Refunded after the register closed for good: the units stay in escrow for the redemption.
    if (lock.refundedTo === HASH_LOCK_ESCROW_ACCOUNT) return [];
    return [{ ...lockStep(lock, 'HASH_LOCK_REFUND'), from: escrowOf(lock), to: ownAccount(lock) }];
  },
};

/**
 * The unit movements `event` records, DELI before RECE for each step, in
 * the order the chaincode made them; [] for an event that moves no units.
 * `lookups` are needed for TransfersSettled (transfer) and RepoDefaulted
 * (pledge); without them those events are an error, never [].
 */
export function movementsOf(event: LedgerEvent, lookups?: MovementLookups): AccountMovement[] {
  const stepsOf = Object.hasOwn(STEPS, event.eventName) ? STEPS[event.eventName] : undefined;
  if (!stepsOf) return [];
  return stepsOf(event, lookups).flatMap((step) => {
    const { from, to, ...moved } = step;
    const stamp = { transactionId: event.transactionId, blockNumber: event.blockNumber, timestamp: event.timestamp };
    const out: AccountMovement[] = [];
    if (from) out.push({ account: from, direction: 'DELI', ...moved, ...stamp });
    if (to) out.push({ account: to, direction: 'RECE', ...moved, ...stamp });
    return out;
  });
}

/** Cash against the units when there is any ("0" is free of payment). */
function againstPayment(cashAmount: string | undefined): { cashAmount?: string } {
  return cashAmount !== undefined && cashAmount !== '0' ? { cashAmount } : {};
}

function transferStep(transfer: Transfer): Step {
  return {
    isin: transfer.isin,
    from: { holder: transfer.from, accountId: transfer.fromAccount },
    to: { holder: transfer.to, accountId: transfer.toAccount },
    units: transfer.units,
    ...againstPayment(transfer.cashAmount),
    reason: 'TRANSFER',
    reference: transfer.transferId,
  };
}

function enforcementStep(pledge: Pledge, reason: MovementReason): Step {
  if (pledge.enforcedTo === undefined) throw new Error(`ISO 20022: pledge ${pledge.pledgeId} was not enforced`);
  return {
    isin: pledge.isin,
    from: { holder: pledge.pledgor, accountId: pledge.accountId },
    to: { holder: pledge.pledgee, accountId: pledge.enforcedTo },
    units: pledge.units,
    reason,
    reference: pledge.pledgeId,
  };
}

function lockStep(lock: HashLock, reason: MovementReason): Omit<Step, 'from' | 'to'> {
  return { isin: lock.isin, units: lock.units, reason, reference: lock.lockId };
}

function ownAccount(lock: HashLock): AccountRef {
  return { holder: lock.locker, accountId: lock.accountId };
}

function escrowOf(lock: HashLock): AccountRef {
  return { holder: lock.locker, accountId: HASH_LOCK_ESCROW_ACCOUNT };
}

/** The lookups, once they have `name`: an event that needs a lookup the caller did not give is an error. */
function withLookup<K extends keyof MovementLookups>(
  lookups: MovementLookups | undefined,
  name: K,
  event: LedgerEvent,
): Required<Pick<MovementLookups, K>> {
  if (lookups?.[name] === undefined) throw new Error(`ISO 20022: the movements of ${event.eventName} need ReferenceData.${name}`);
  return lookups as Required<Pick<MovementLookups, K>>;
}
