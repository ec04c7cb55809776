/**
 * The registered cash ledger and the cash locks the bond ledger has used,
 * on the ledger: one registration record, and one record per used cash lock
 * (by cash channel and lock id) so a proof of one cash lock serves once.
 */
import { ChaincodeError, type CashLedgerRegistration, type CashLockUse, ErrorCode, type VerifiedCashLock } from '../api';
import { verifyCashLockProof } from '../domain/cash-lock-proof';
import type { BondContext } from './context';
import { key, KeyType } from './keys';
import { changeStamp, readRecord, writeRecord } from './state';

export function cashLedgerKey(ctx: BondContext): string {
  return key(ctx.stub, KeyType.CASH_LEDGER);
}

/** The registration; NOT_FOUND until the CSD has registered a cash ledger. */
export async function requireCashLedger(ctx: BondContext): Promise<CashLedgerRegistration> {
  const registration = await readRecord<CashLedgerRegistration>(ctx.stub, cashLedgerKey(ctx));
  if (!registration) {
    throw new ChaincodeError(
      ErrorCode.NOT_FOUND,
      'no cash ledger is registered: the CSD registers one with CrossLedger:RegisterCashLedger',
    );
  }
  return registration;
}

/** The cash lock a proof shows, verified against the registration at the transaction time. */
export async function verifiedCashLock(ctx: BondContext, proofBase64: string): Promise<VerifiedCashLock> {
  return verifyCashLockProof(proofBase64, await requireCashLedger(ctx), changeStamp(ctx).timestamp);
}

function useKey(ctx: BondContext, verified: VerifiedCashLock): string {
  return key(ctx.stub, KeyType.CASH_LOCK_USE, verified.channel, verified.lock.lockId);
}

/** Records that the cash lock served `usedFor`; ALREADY_EXISTS if it served anything before. */
export async function useCashLock(ctx: BondContext, verified: VerifiedCashLock, usedBy: string, usedFor: string): Promise<void> {
  const at = useKey(ctx, verified);
  const earlier = await readRecord<CashLockUse>(ctx.stub, at);
  if (earlier) {
    throw new ChaincodeError(
      ErrorCode.ALREADY_EXISTS,
      `cash lock ${verified.lock.lockId} already served ${earlier.usedFor} (${earlier.usedBy}); a cash lock serves once`,
    );
  }
  const use: CashLockUse = { channel: verified.channel, cashLockId: verified.lock.lockId, usedBy, usedFor, used: changeStamp(ctx) };
  await writeRecord(ctx.stub, at, use);
}
