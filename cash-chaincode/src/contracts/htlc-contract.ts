/**
 * Htlc: hash time-locked contracts on cash for cross-chain delivery versus
 * payment, after Hyperledger Cacti's asset-exchange protocol (LockCash ≈
 * LockFungibleAsset, ClaimCash ≈ ClaimFungibleAsset, RefundCash ≈
 * UnlockFungibleAsset, GetLock ≈ IsFungibleAssetLocked with the hash and,
 * once claimed, the preimage). The rules are in domain/htlc.ts; "now" is
 * the transaction timestamp, which the guard keeps within the tolerance of
 * the endorsing peer's clock. Every check comes before the first write.
 */
import { canonicalJson, changeStamp } from '@bond-platform/chaincode-common';
import { Info, Returns, Transaction } from 'fabric-contract-api';
import { CashChaincodeError, CashErrorCode } from '../api/errors';
import type { CashLock, LockAttestation } from '../api/htlc';
import type { Page } from '../api/cash';
import { requireOwnAccount } from '../domain/accounts';
import { claimCash, lockCash, parseLockRequest, parsePreimage, payoutAccount, refundCash, requireHash } from '../domain/htlc';
import { formatInstant } from '../domain/instants';
import { parseJsonObject, requireIdentifier } from '../domain/validation';
import { locksByHash, readLock, requireAccount, requireLock, writeAccount, writeLock } from '../ledger/cash-store';
// A value import: decorator metadata needs the class to recognise the context parameter.
import { CashContext } from '../ledger/context';
import { CashGuardedContract } from '../ledger/guarded-contract';
import { CashKeyType } from '../ledger/keys';
import { announceMovement } from '../ledger/movements';
import { pageOfRows, parsePageSize } from '../ledger/state';

@Info({ title: 'Htlc', description: 'Hash time-locked cash for cross-chain delivery versus payment (Cacti asset-exchange semantics)' })
export class HtlcContract extends CashGuardedContract {
  constructor() {
    super('Htlc');
  }

  /**
   * Locks an amount out of an account of the caller's own for a beneficiary
   * account, under a SHA-256 hash, until an expiry (see api/htlc.ts,
   * LockCashRequest). The lock is called `lockId`, or the transaction ID.
   */
  @Transaction()
  @Returns('string')
  async LockCash(ctx: CashContext, requestJson: string): Promise<string> {
    const instruction = parseLockRequest(parseJsonObject(requestJson, 'request'));
    requireOwnAccount(instruction.from, ctx.auth.mspId, 'lock cash from');
    const lockId = instruction.lockId ?? requireIdentifier(ctx.stub.getTxID(), 'the transaction ID');
    if (await readLock(ctx, lockId)) throw new CashChaincodeError(CashErrorCode.ALREADY_EXISTS, `lock ${lockId} exists already`);
    const from = await requireAccount(ctx, instruction.from);
    const beneficiary = await requireAccount(ctx, instruction.beneficiary);
    const result = lockCash(from, beneficiary, instruction, lockId, ctx.auth.mspId, ctx.now, changeStamp(ctx));
    await writeAccount(ctx, result.account);
    await writeLock(ctx, result.lock);
    return announceMovement(ctx, result.movement);
  }

  /**
   * The beneficiary claims a lock before its expiry with the preimage of its
   * hash: 32 bytes as 64 lowercase hexadecimal characters. Its account is
   * credited; the lock records the preimage for the other ledger to read.
   */
  @Transaction()
  @Returns('string')
  async ClaimCash(ctx: CashContext, lockId: string, preimage: string): Promise<string> {
    const secret = parsePreimage(preimage);
    const lock = await requireLock(ctx, requireIdentifier(lockId, 'lockId'));
    const beneficiary = await requireAccount(ctx, payoutAccount(lock, 'claim'));
    const result = claimCash(lock, beneficiary, ctx.auth.mspId, secret, ctx.now, changeStamp(ctx));
    await writeAccount(ctx, result.account);
    await writeLock(ctx, result.lock);
    return announceMovement(ctx, result.movement);
  }

  /**
   * A lock goes back to its locker at or after its expiry; the locker's
   * account is credited. Called by the locker, or by the payment operator
   * on the locker's behalf (its settlement agent refunds expired locks).
   */
  @Transaction()
  @Returns('string')
  async RefundCash(ctx: CashContext, lockId: string): Promise<string> {
    const lock = await requireLock(ctx, requireIdentifier(lockId, 'lockId'));
    const locker = await requireAccount(ctx, payoutAccount(lock, 'refund'));
    const result = refundCash(lock, locker, ctx.auth.mspId, ctx.configuration.operatorMspId, ctx.now, changeStamp(ctx));
    await writeAccount(ctx, result.account);
    await writeLock(ctx, result.lock);
    return announceMovement(ctx, result.movement);
  }

  /** A lock with its status (LOCKED, CLAIMED, REFUNDED) and, once claimed, its preimage: to every organisation. */
  @Transaction(false)
  @Returns('string')
  async GetLock(ctx: CashContext, lockId: string): Promise<string> {
    return canonicalJson(await requireLock(ctx, requireIdentifier(lockId, 'lockId')));
  }

  /**
   * The LOCKED locks, soonest expiry first, a page at a time: what a
   * settlement agent claims or refunds next, and what the ledger check adds
   * to the balances (Σ balances + Σ locked = issued − redeemed).
   */
  @Transaction(false)
  @Returns('string')
  async ListOpenLocks(ctx: CashContext, pageSize: string, bookmark: string): Promise<string> {
    const rows = await pageOfRows(ctx.stub, CashKeyType.OPEN_LOCK, [], parsePageSize(pageSize), bookmark);
    const records: CashLock[] = [];
    for (const row of rows.records) {
      const [, lockId = ''] = ctx.stub.splitCompositeKey(row.key).attributes;
      records.push(await requireLock(ctx, lockId));
    }
    const page: Page<CashLock> = { ...rows, records };
    return canonicalJson(page);
  }

  /**
   * Every lock (any status) under a SHA-256 hash, in lock ID order: the
   * cash side of one DvP, found from the bond side's hash.
   */
  @Transaction(false)
  @Returns('string')
  async ListLocksByHash(ctx: CashContext, hash: string): Promise<string> {
    return canonicalJson(await locksByHash(ctx, requireHash(hash)));
  }

  /**
   * A lock as this peer holds it, with the channel and the transaction time
   * (LockAttestation). Declared a transaction so the guard refuses a
   * timestamp far from the peer's clock; it writes nothing and is meant to
   * be endorsed, not submitted: the endorsed envelope is the proof.
   */
  @Transaction()
  @Returns('string')
  async AttestLock(ctx: CashContext, lockId: string): Promise<string> {
    const lock = await requireLock(ctx, requireIdentifier(lockId, 'lockId'));
    const attestation: LockAttestation = { channel: ctx.stub.getChannelID(), lock, attestedAt: formatInstant(ctx.now) };
    return canonicalJson(attestation);
  }
}
