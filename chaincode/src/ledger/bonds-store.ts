/**
 * Bond records and their query indexes. A bond's status changes rarely (a
 * handful of times in its life), so keeping an index row per status is cheap
 * and keeps "bonds by status" a range query. Applications are indexed by
 * status the same way, for the CSD's queue of applications to review.
 */
import type { ApplicationStatus, Bond, BondApplication, BondStatus } from '../api';
import { requireStatus, transition } from '../domain/bond-lifecycle';
import type { BondContext } from './context';
import { key, KeyType } from './keys';
import { changeStamp, requireRecord, writeRecord } from './state';

export async function requireBond(ctx: BondContext, isin: string): Promise<Bond> {
  return requireRecord<Bond>(ctx.stub, key(ctx.stub, KeyType.BOND, isin), `bond ${isin}`);
}

/** Writes the bond and its index rows; `previous` is its status before this change (undefined if new). */
export async function saveBond(ctx: BondContext, bond: Bond, previous: BondStatus | undefined): Promise<void> {
  await writeRecord(ctx.stub, key(ctx.stub, KeyType.BOND, bond.isin), bond);
  if (previous === bond.status) return;
  if (previous !== undefined) await ctx.stub.deleteState(key(ctx.stub, KeyType.BOND_BY_STATUS, previous, bond.isin));
  else await writeRecord(ctx.stub, key(ctx.stub, KeyType.BOND_BY_ISSUER, bond.issuer, bond.isin), { isin: bond.isin });
  await writeRecord(ctx.stub, key(ctx.stub, KeyType.BOND_BY_STATUS, bond.status, bond.isin), { isin: bond.isin });
}

/** Writes the application and its status index row; `previous` is its status before this change (undefined if new). */
export async function saveApplication(
  ctx: BondContext,
  application: BondApplication,
  previous: ApplicationStatus | undefined,
): Promise<void> {
  const id = application.applicationId;
  await writeRecord(ctx.stub, key(ctx.stub, KeyType.BOND_APPLICATION, id), application);
  if (previous === application.status) return;
  if (previous !== undefined) await ctx.stub.deleteState(key(ctx.stub, KeyType.BOND_APPLICATION_BY_STATUS, previous, id));
  await writeRecord(ctx.stub, key(ctx.stub, KeyType.BOND_APPLICATION_BY_STATUS, application.status, id), { applicationId: id });
}

/** Moves the bond to `to` through the lifecycle, optionally changing other fields. */
export async function advanceBond(ctx: BondContext, bond: Bond, to: BondStatus, changes: Partial<Bond> = {}): Promise<Bond> {
  const next: Bond = { ...bond, ...changes, status: transition(bond.isin, bond.status, to), lastChange: changeStamp(ctx) };
  await saveBond(ctx, next, bond.status);
  return next;
}

export { requireStatus };
