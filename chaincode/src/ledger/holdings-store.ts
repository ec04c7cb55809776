/**
 * Holdings on the ledger. A holding key's endorsement policy is pinned, when
 * the holding is created, to the CSD's and the holder's peers (state-based
 * endorsement): no later change of that holding can commit without the
 * holder's organisation endorsing it. Frozen units live in a separate
 * CSD-controlled record, so the CSD can freeze without the holder's consent.
 */
import { KeyEndorsementPolicy } from 'fabric-shim';
import { ChaincodeError, ErrorCode, type Freeze, type Holding, type PlatformConfig } from '../api';
import * as rules from '../domain/holdings';
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
import { changeStamp, EMPTY, readRecord, requireRecord, writeRecord } from './state';

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

export async function creditHolding(ctx: BondContext, id: HoldingId, units: bigint): Promise<Holding> {
  const existing = await readHolding(ctx, id);
  return putHolding(ctx, id, rules.credit(existing ? BigInt(existing.units) : 0n, units), !existing);
}

/**
 * Writes a holding's units. A new holding also gets its index row, and its
 * key the endorsement policy of the CSD's and the holder's peers.
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
    policy.addOrgs('PEER', ...new Set([csdMspId, id.holder]));
    await ctx.stub.setStateValidationParameter(hKey, policy.getPolicy());
  }
  return holding;
}

export async function debitHolding(ctx: BondContext, id: HoldingId, units: bigint): Promise<Holding> {
  const existing = await requireRecord<Holding>(ctx.stub, holdingKey(ctx, id), `holding of ${id.holder}/${id.accountId} in ${id.isin}`);
  const holding: Holding = {
    ...existing,
    units: rules.debit(BigInt(existing.units), await frozenUnits(ctx, id), units).toString(),
    lastChange: changeStamp(ctx),
  };
  await writeRecord(ctx.stub, holdingKey(ctx, id), holding);
  return holding;
}

/** Moves units between two holdings of one bond. */
export async function moveUnits(ctx: BondContext, from: HoldingId, to: HoldingId, units: bigint): Promise<void> {
  await debitHolding(ctx, from, units);
  await creditHolding(ctx, to, units);
}

/**
 * Settles the deliveries of a settlement batch in one transaction, whose
 * reads do not see its own writes: each holding the batch touches is read
 * once (and the freeze of each that delivers), the deliveries are checked
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
    opening.set(holdingRefId(id), delivering.has(holdingRefId(id)) ? { units, frozen: await frozenUnits(ctx, id) } : { units });
  }
  for (const closing of settleBatch(deliveries, opening)) await putHolding(ctx, closing.holding, closing.units, closing.created);
}

/**
 * Retires a redeemed holding: the key and its index row go; frozen units
 * cannot be redeemed, and the holding must hold exactly the entitled units.
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
  await ctx.stub.deleteState(holdingKey(ctx, id));
  await ctx.stub.deleteState(key(ctx.stub, KeyType.HOLDING_BY_HOLDER, id.holder, id.isin, id.accountId));
}
