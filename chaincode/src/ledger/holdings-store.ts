/**
 * Holdings on the ledger. A holding key's endorsement policy is pinned, when
 * the holding is created, to the CSD's and the holder's peers (state-based
 * endorsement): no later change of that holding can commit without the
 * holder's organisation endorsing it; a hash lock escrow holding's to the
 * CSD's peers only (domain/holdings.ts holdingKeyEndorsers). Frozen units live in a separate
 * CSD-controlled record, so the CSD can freeze without the holder's consent;
 * pledges in records of their own, with an index row per ACTIVE pledge of a
 * holding, so a delivery reads its pledged units in one range read (and
 * index rows for the lists by bond, by pledgee and by expiry); hash locks
 * likewise, an index row per LOCKED lock (ledger/hash-lock-store.ts).
 */
import { KeyEndorsementPolicy } from 'fabric-shim';
import { ChaincodeError, ErrorCode, type Freeze, type Holding, type PlatformConfig, type Pledge } from '../api';
import * as rules from '../domain/holdings';
import { activeAtEndOf } from '../domain/pledge';
import {
  type Delivery,
  deliveringHoldings,
  holdingRefId,
  type OpeningPosition,
  settleBatch,
  touchedHoldings,
} from '../domain/settlement-batch';
import type { BondContext } from './context';
import { configKey, key, KeyType } from './keys';
import { changeStamp, EMPTY, readRecord, recordsUnder, requireRecord, writeRecord } from './state';

export interface HoldingId {
  isin: string;
  holder: string;
  accountId: string;
}

export function holdingKey(ctx: BondContext, id: HoldingId): string {
  return key(ctx.stub, KeyType.HOLDING, id.isin, id.holder, id.accountId);
}

export function freezeKey(ctx: BondContext, id: HoldingId): string {
  return key(ctx.stub, KeyType.FREEZE, id.isin, id.holder, id.accountId);
}

export async function readHolding(ctx: BondContext, id: HoldingId): Promise<Holding | undefined> {
  return readRecord<Holding>(ctx.stub, holdingKey(ctx, id));
}

export async function frozenUnits(ctx: BondContext, id: HoldingId): Promise<bigint> {
  const freeze = await readRecord<Freeze>(ctx.stub, freezeKey(ctx, id));
  return freeze ? BigInt(freeze.units) : 0n;
}

/** Units under the holding's ACTIVE pledges. */
export async function pledgedUnits(ctx: BondContext, id: HoldingId): Promise<bigint> {
  const rows = await recordsUnder<{ units: string }>(ctx.stub, KeyType.ACTIVE_PLEDGE, [id.isin, id.holder, id.accountId]);
  return rows.reduce((sum, row) => sum + BigInt(row.value.units), 0n);
}

/** Units under the holding's LOCKED hash locks. */
export async function lockedUnits(ctx: BondContext, id: HoldingId): Promise<bigint> {
  const rows = await recordsUnder<{ units: string }>(ctx.stub, KeyType.ACTIVE_HASH_LOCK, [id.isin, id.holder, id.accountId]);
  return rows.reduce((sum, row) => sum + BigInt(row.value.units), 0n);
}

/** Frozen, pledged and hash-locked units: what no delivery may take. */
export async function encumberedUnits(ctx: BondContext, id: HoldingId): Promise<bigint> {
  return (await frozenUnits(ctx, id)) + (await pledgedUnits(ctx, id)) + (await lockedUnits(ctx, id));
}

export function pledgeKey(ctx: BondContext, pledgeId: string): string {
  return key(ctx.stub, KeyType.PLEDGE, pledgeId);
}

export function readPledge(ctx: BondContext, pledgeId: string): Promise<Pledge> {
  return requireRecord<Pledge>(ctx.stub, pledgeKey(ctx, pledgeId), `pledge ${pledgeId}`);
}

/**
 * Writes the pledge and keeps its holding's index of ACTIVE pledges, and the
 * index of ACTIVE pledges by expiry, in step with its status. Written by the
 * transaction that creates it, it also gets its rows in the lists by bond
 * and by pledgee (never changed: the lists read each pledge's status).
 */
export async function writePledge(ctx: BondContext, pledge: Pledge): Promise<void> {
  const active = pledge.status === 'ACTIVE';
  const row = key(ctx.stub, KeyType.ACTIVE_PLEDGE, pledge.isin, pledge.pledgor, pledge.accountId, pledge.pledgeId);
  if (active) await writeRecord(ctx.stub, row, { units: pledge.units });
  else await ctx.stub.deleteState(row);
  if (pledge.expiresAt !== undefined) {
    const expiring = key(ctx.stub, KeyType.EXPIRING_PLEDGE, pledge.expiresAt, pledge.pledgeId);
    if (active) await ctx.stub.putState(expiring, EMPTY);
    else await ctx.stub.deleteState(expiring);
  }
  if (pledge.created.txId === pledge.lastChange.txId) {
    await ctx.stub.putState(key(ctx.stub, KeyType.PLEDGE_BY_BOND, pledge.isin, pledge.pledgee, pledge.pledgeId), EMPTY);
    await ctx.stub.putState(key(ctx.stub, KeyType.PLEDGE_BY_PLEDGEE, pledge.pledgee, pledge.isin, pledge.pledgeId), EMPTY);
    if (pledge.couponsTo === 'PLEDGEE') {
      await writeRecord(ctx.stub, key(ctx.stub, KeyType.COUPON_PLEDGE, pledge.isin, pledge.pledgeId), { pledgeId: pledge.pledgeId });
    }
  }
  await writeRecord(ctx.stub, pledgeKey(ctx, pledge.pledgeId), pledge);
}

export async function creditHolding(ctx: BondContext, id: HoldingId, units: bigint): Promise<Holding> {
  const existing = await readHolding(ctx, id);
  return putHolding(ctx, id, rules.credit(existing ? BigInt(existing.units) : 0n, units), !existing);
}

/**
 * Writes a holding's units. A new holding also gets its index row, and its
 * key the endorsement policy of the CSD's and the holder's peers (of the
 * CSD's only for a hash lock escrow holding).
 */
async function putHolding(ctx: BondContext, id: HoldingId, units: bigint, isNew: boolean): Promise<Holding> {
  const hKey = holdingKey(ctx, id);
  const holding: Holding = {
    isin: id.isin,
    holder: id.holder,
    accountId: id.accountId,
    units: units.toString(),
    lastChange: changeStamp(ctx),
  };
  await writeRecord(ctx.stub, hKey, holding);
  if (isNew) {
    await ctx.stub.putState(key(ctx.stub, KeyType.HOLDING_BY_HOLDER, id.holder, id.isin, id.accountId), EMPTY);
    const { csdMspId } = await requireRecord<PlatformConfig>(ctx.stub, configKey(ctx.stub), 'the platform configuration');
    const policy = new KeyEndorsementPolicy();
    policy.addOrgs('PEER', ...rules.holdingKeyEndorsers(csdMspId, id.holder, id.accountId));
    await ctx.stub.setStateValidationParameter(hKey, policy.getPolicy());
  }
  return holding;
}

/**
 * Delivers `units` of a holding's free units. `released`: units of a pledge
 * or hash lock this transaction ends, which its reads still count as encumbered.
 */
export async function debitHolding(ctx: BondContext, id: HoldingId, units: bigint, released = 0n): Promise<Holding> {
  const existing = await requireRecord<Holding>(ctx.stub, holdingKey(ctx, id), `holding of ${id.holder}/${id.accountId} in ${id.isin}`);
  const holding: Holding = {
    ...existing,
    units: rules.debit(BigInt(existing.units), (await encumberedUnits(ctx, id)) - released, units).toString(),
    lastChange: changeStamp(ctx),
  };
  await writeRecord(ctx.stub, holdingKey(ctx, id), holding);
  return holding;
}

/** Moves units between two holdings of one bond (`released` as for debitHolding). */
export async function moveUnits(ctx: BondContext, from: HoldingId, to: HoldingId, units: bigint, released = 0n): Promise<void> {
  await debitHolding(ctx, from, units, released);
  await creditHolding(ctx, to, units);
}

/**
 * Settles the deliveries of a settlement batch in one transaction, whose
 * reads do not see its own writes: each holding the batch touches is read
 * once (and the frozen and pledged units of each that delivers), the deliveries are checked
 * gross in their order and netted (domain/settlement-batch.ts), and each
 * holding is written once, a new one with its index row and key policy as
 * creditHolding gives it. A holding the batch creates is kept even if its
 * net is zero, as settling the transfers one by one would leave it.
 */
export async function settleDeliveries(ctx: BondContext, deliveries: readonly Delivery[]): Promise<void> {
  const delivering = deliveringHoldings(deliveries);
  const opening = new Map<string, OpeningPosition>();
  for (const id of touchedHoldings(deliveries)) {
    const holding = await readHolding(ctx, id);
    const units = holding ? BigInt(holding.units) : undefined;
    opening.set(holdingRefId(id), delivering.has(holdingRefId(id)) ? { units, frozen: await encumberedUnits(ctx, id) } : { units });
  }
  for (const closing of settleBatch(deliveries, opening)) await putHolding(ctx, closing.holding, closing.units, closing.created);
}

/**
 * Retires a redeemed holding: the key and its index row go; frozen, pledged
 * or hash-locked units cannot be redeemed (release the pledge, claim or
 * refund the lock first), and the holding must hold exactly the entitled units.
 */
export async function retireHolding(ctx: BondContext, id: HoldingId, entitledUnits: bigint): Promise<void> {
  const holding = await readHolding(ctx, id);
  const held = holding ? BigInt(holding.units) : 0n;
  if (held !== entitledUnits) {
    throw new ChaincodeError(
      ErrorCode.INVALID_STATE_TRANSITION,
      `${id.holder}/${id.accountId} holds ${held} units of ${id.isin}; its redemption retires exactly the ${entitledUnits} entitled`,
    );
  }
  const frozen = await frozenUnits(ctx, id);
  if (frozen > 0n) {
    throw new ChaincodeError(ErrorCode.HOLDING_FROZEN, `${frozen} units of ${id.holder}/${id.accountId} are frozen and cannot be redeemed`);
  }
  const pledged = await pledgedUnits(ctx, id);
  if (pledged > 0n) {
    throw new ChaincodeError(
      ErrorCode.HOLDING_FROZEN,
      `${pledged} units of ${id.holder}/${id.accountId} are pledged and cannot be redeemed until the pledge is released or enforced`,
    );
  }
  const locked = await lockedUnits(ctx, id);
  if (locked > 0n) {
    throw new ChaincodeError(
      ErrorCode.HOLDING_FROZEN,
      `${locked} units of ${id.holder}/${id.accountId} are hash-locked and cannot be redeemed until the lock is claimed or refunded`,
    );
  }
  await ctx.stub.deleteState(holdingKey(ctx, id));
  await ctx.stub.deleteState(key(ctx.stub, KeyType.HOLDING_BY_HOLDER, id.holder, id.isin, id.accountId));
}

/**
 * A bond's pledges whose coupons go to the pledgee and that were active at
 * the end of `recordDate`, by holding (`holder/accountId`).
 */
export async function couponPledgesAtEndOf(ctx: BondContext, isin: string, recordDate: string): Promise<Map<string, Pledge[]>> {
  const byHolding = new Map<string, Pledge[]>();
  for (const row of await recordsUnder<{ pledgeId: string }>(ctx.stub, KeyType.COUPON_PLEDGE, [isin])) {
    const pledge = await readPledge(ctx, row.value.pledgeId);
    if (!activeAtEndOf(pledge, recordDate)) continue;
    const holding = `${pledge.pledgor}/${pledge.accountId}`;
    byHolding.set(holding, [...(byHolding.get(holding) ?? []), pledge]);
  }
  return byHolding;
}
