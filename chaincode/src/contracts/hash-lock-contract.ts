/**
 * Hash time locks on bond units: the bond ledger's side of a hash
 * time-locked delivery versus payment against a separate cash ledger
 * (issue 17), after Hyperledger Cacti's asset exchange (lock, claim,
 * unlock). The rules are domain/hash-lock.ts's; this contract reads and
 * writes the ledger around them:
 *
 * - LockUnits: the holder's free units move from its account into its
 *   escrow holding HTLC-ESCROW of the bond (key policy: the CSD's peers
 *   only), under an index row that keeps them out of every delivery,
 *   freeze, pledge and further lock. Outstanding = Σ holdings holds: the
 *   escrow is a holding, the locker's.
 * - ClaimUnits: the units move from the escrow holding to the beneficiary's
 *   account as a delivery (register open), and the preimage is recorded;
 *   the locker's peer is not needed.
 * - RefundUnits: the lock ends; the units move back from the escrow
 *   holding to the lock's account (or stay there, free, once the register
 *   has closed for good: domain/hash-lock.ts refundDestination).
 *
 * Time is the transaction timestamp, which the access guard keeps within
 * 120 s of each endorsing peer's clock, so nobody claims late or refunds
 * early by choosing it.
 */
import { Info, Returns, Transaction } from 'fabric-contract-api';
import { ChaincodeError, CrossLedgerEvent, ErrorCode, type HashLock, HashLockEvent, type Member } from '../api';
import { assertMayRead } from '../domain/access';
import { HOLDER_ROLES } from '../domain/access-policy';
import { canonicalJson } from '../domain/canonical-json';
import { cashLockFor, requireAttachable } from '../domain/cash-lock-proof';
import { claimHashLock, createHashLock, escrowOf, isPartyTo, refundHashLock } from '../domain/hash-lock';
import * as holdingRules from '../domain/holdings';
import { invalid, parseJsonObject, requireText } from '../domain/validation';
import { requireBond, requireStatus } from '../ledger/bonds-store';
import { verifiedCashLock, useCashLock } from '../ledger/cash-ledger-store';
import { BondContext } from '../ledger/context';
import { GuardedContract } from '../ledger/guarded-contract';
import { readHashLock, writeHashLock } from '../ledger/hash-lock-store';
import { encumberedUnits, type HoldingId, moveUnits, readHolding } from '../ledger/holdings-store';
import { KeyType, memberKey } from '../ledger/keys';
import { registerWindow, requireDeliveryOpen } from '../ledger/register';
import { changeStamp, emitEvent, pageOfRows, parsePageSize, readRecord } from '../ledger/state';

@Info({ title: 'HashLocks', description: 'Hash time-locked delivery of bond units (lock, claim, refund)' })
export class HashLockContract extends GuardedContract {
  constructor() {
    super('HashLocks');
  }

  /**
   * The holder locks free units of one of its holdings for a beneficiary (a
   * member that can hold bonds) under a SHA-256 hash and an expiry at most
   * 7 days ahead (HashLockRequest): they move into its escrow holding
   * HTLC-ESCROW of the bond. The bond must be ISSUED and its register open.
   * Returns the lock (id = transaction id).
   */
  @Transaction()
  @Returns('string')
  async LockUnits(ctx: BondContext, requestJson: string): Promise<string> {
    const input = parseJsonObject(requestJson, 'request');
    const isin = requireText(input.isin, 'isin', 12);
    const bond = await requireBond(ctx, isin);
    requireStatus(isin, bond.status, 'ISSUED');
    const lock = createHashLock(input, isin, ctx.auth.mspId, changeStamp(ctx));
    await requireHoldingMember(ctx, lock.beneficiary);
    // Checked again at the claim; refusing early spares the counterparty a lock that cannot be claimed.
    await requireDeliveryOpen(ctx, bond);
    const id: HoldingId = { isin, holder: lock.locker, accountId: lock.accountId };
    const holding = await readHolding(ctx, id);
    if (!holding) throw new ChaincodeError(ErrorCode.NOT_FOUND, `${id.holder}/${id.accountId} holds no ${isin}`);
    holdingRules.lock(BigInt(holding.units), await encumberedUnits(ctx, id), BigInt(lock.units));
    // Into escrow: from here on only the CSD's peers endorse the units' next move, the claim or the refund.
    await moveUnits(ctx, id, escrowOf(lock), BigInt(lock.units));
    return this.#save(ctx, lock, true, HashLockEvent.UNITS_LOCKED);
  }

  /**
   * The beneficiary, or the CSD as its settlement agent, claims with the
   * preimage (64 lowercase hex characters) before the expiry: the locked
   * units move from the escrow holding to the beneficiary's account named
   * in the lock, as a delivery (the register open), and the lock records
   * the preimage.
   */
  @Transaction()
  @Returns('string')
  async ClaimUnits(ctx: BondContext, lockId: string, preimage: string): Promise<string> {
    const lock = await readHashLock(ctx, lockId);
    const claimed = claimHashLock(lock, ctx.auth.mspId, ctx.csd, preimage, changeStamp(ctx));
    await requireDeliveryOpen(ctx, await requireBond(ctx, lock.isin));
    const units = BigInt(lock.units);
    const to: HoldingId = { isin: lock.isin, holder: lock.beneficiary, accountId: lock.beneficiaryAccountId };
    // This transaction's reads still see the lock's index row: its units are released from the encumbrance.
    await moveUnits(ctx, escrowOf(lock), to, units, units);
    return this.#save(ctx, claimed, false, HashLockEvent.UNITS_CLAIMED);
  }

  /**
   * The locker, or the CSD for it, refunds from the expiry on: the lock
   * ends and its units move from the escrow holding back to the lock's
   * account, free (once the register has closed for good they stay in the
   * escrow holding, free, for the redemption fixed on it; on a fixed record
   * date the refund waits for the next day). `refundedTo` says which.
   */
  @Transaction()
  @Returns('string')
  async RefundUnits(ctx: BondContext, lockId: string): Promise<string> {
    const lock = await readHashLock(ctx, lockId);
    const register = await registerWindow(ctx, await requireBond(ctx, lock.isin));
    const refunded = refundHashLock(lock, ctx.auth.mspId, ctx.csd, changeStamp(ctx), register);
    const units = BigInt(lock.units);
    const escrow = escrowOf(lock);
    if (refunded.refundedTo !== escrow.accountId) {
      await moveUnits(ctx, escrow, { isin: lock.isin, holder: lock.locker, accountId: lock.accountId }, units, units);
    }
    return this.#save(ctx, refunded, false, HashLockEvent.UNITS_REFUNDED);
  }

  /**
   * Records on a LOCKED, unexpired bond lock the cash lock that pays for it,
   * on proof (base64 of the cash chaincode's endorsed Htlc:AttestLock
   * envelope, see CrossLedger): LOCKED under the same hash, from the bond
   * lock's beneficiary to its locker, expiring at least 60 s before it. By
   * the locker, the beneficiary or the CSD; once per bond lock, and a cash
   * lock serves one bond lock.
   */
  @Transaction()
  @Returns('string')
  async AttachCashLock(ctx: BondContext, lockId: string, proofBase64: string): Promise<string> {
    const lock = await readHashLock(ctx, lockId);
    const now = changeStamp(ctx).timestamp;
    requireAttachable(lock, ctx.auth.mspId, ctx.csd, now);
    const verified = await verifiedCashLock(ctx, proofBase64);
    const attached: HashLock = { ...lock, cashLock: cashLockFor(lock, verified, now) };
    await useCashLock(ctx, verified, 'HashLocks:AttachCashLock', lockId);
    return this.#save(ctx, attached, false, CrossLedgerEvent.CASH_LOCK_ATTACHED);
  }

  /** A lock its beneficiary, or anyone who may read its locker's records, may read. */
  @Transaction(false)
  @Returns('string')
  async GetHashLock(ctx: BondContext, lockId: string): Promise<string> {
    const lock = await readHashLock(ctx, lockId);
    if (ctx.auth.mspId !== lock.beneficiary) assertMayRead(ctx.auth, lock.locker);
    return canonicalJson(lock);
  }

  /** A bond's hash locks, in lock id order, a page at a time; a suspended member sees those it is locker or beneficiary of. */
  @Transaction(false)
  @Returns('string')
  async ListHashLocks(ctx: BondContext, isin: string, pageSize: string, bookmark: string): Promise<string> {
    await requireBond(ctx, isin);
    const page = await pageOfRows(ctx.stub, KeyType.HASH_LOCK_BY_BOND, [isin], parsePageSize(pageSize), bookmark);
    const records: HashLock[] = [];
    for (const row of page.records) {
      const [, lockId = ''] = ctx.stub.splitCompositeKey(row.key).attributes;
      const lock = await readHashLock(ctx, lockId);
      if (ctx.auth.readScope === 'all' || isPartyTo(lock, ctx.auth.mspId)) records.push(lock);
    }
    return canonicalJson({ ...page, records });
  }

  /**
   * The LOCKED locks of every bond, soonest expiry first (then by lock id),
   * a page at a time: what a settlement agent completes or refunds next. A
   * member that reads everything (the CSD, the regulator, any member in
   * good standing) sees all; a suspended one those it is locker or
   * beneficiary of.
   */
  @Transaction(false)
  @Returns('string')
  async ListOpenHashLocks(ctx: BondContext, pageSize: string, bookmark: string): Promise<string> {
    const page = await pageOfRows(ctx.stub, KeyType.OPEN_HASH_LOCK, [], parsePageSize(pageSize), bookmark);
    const records: HashLock[] = [];
    for (const row of page.records) {
      const [, lockId = ''] = ctx.stub.splitCompositeKey(row.key).attributes;
      const lock = await readHashLock(ctx, lockId);
      if (ctx.auth.readScope === 'all' || isPartyTo(lock, ctx.auth.mspId)) records.push(lock);
    }
    return canonicalJson({ ...page, records });
  }

  /** Writes the lock with its indexes, announces it as the transaction's event, and returns it. */
  async #save(ctx: BondContext, lock: HashLock, isNew: boolean, event: string): Promise<string> {
    await writeHashLock(ctx, lock, isNew);
    emitEvent(ctx.stub, event, lock);
    return canonicalJson(lock);
  }
}

/** A member in good standing that can hold bonds: the only kind of beneficiary that can receive the units. */
async function requireHoldingMember(ctx: BondContext, mspId: string): Promise<void> {
  const member = await readRecord<Member>(ctx.stub, memberKey(ctx.stub, mspId));
  if (member?.status !== 'ACTIVE') throw invalid(`beneficiary ${mspId} is not a member in good standing`);
  if (!member.roles.some((role) => HOLDER_ROLES.includes(role))) {
    throw invalid(`beneficiary ${mspId} holds none of the roles that can hold bonds: ${HOLDER_ROLES.join(', ')}`);
  }
}
