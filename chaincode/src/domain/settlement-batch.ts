/**
 * Settlement batches: the CSD confirms the cash legs of many affirmed DvP
 * transfers in one transaction (Custody:ConfirmTransferCashBatch).
 *
 * Within a Fabric transaction a read does not see the transaction's own
 * writes, so the transfers cannot move units one after another on the
 * ledger: two of them touching one holding (A→B then B→C, or two out of A)
 * would each read its opening units and the last write would win. The batch
 * is computed here instead, from each holding's opening position read once,
 * and each holding is written once with its net movement.
 *
 * The rule is gross, in the listed order: each delivery must be covered by
 * the free units its holding has at that point (opening units, plus what
 * earlier transfers of the batch delivered to it, minus what they took), as
 * if the transfers settled one by one in that order — the trade-by-trade
 * check of a CSD's gross DvP settlement (BIS DvP model 1). A batch is then
 * exactly a sequence of ConfirmTransferCash that commits in one block or not
 * at all: no holding is ever short or below its frozen (and pledged) units at any step,
 * and no member delivers units it only receives later in the batch. Checking
 * the net result alone would accept more (B delivering before it receives),
 * but would settle a delivery no single settlement could, and make the
 * outcome depend on which transfers happened to share a batch.
 */
import { MAX_TRANSFERS_PER_BATCH, type Transfer } from '../api/bonds';
import { ChaincodeError, ErrorCode } from '../api/errors';
import * as holdings from './holdings';
import { invalid, parseJsonObject, requireKeyAttribute } from './validation';

/** A holding: one bond in one account of one holder. */
export interface HoldingRef {
  isin: string;
  holder: string;
  accountId: string;
}

/** The securities leg of a transfer. */
export interface Delivery {
  transferId: string;
  from: HoldingRef;
  to: HoldingRef;
  units: bigint;
}

/** A holding as the batch finds it: its units (undefined if it does not exist) and, for one that delivers, its frozen plus pledged units. */
export interface OpeningPosition {
  units?: bigint;
  frozen?: bigint;
}

/** A holding after the batch; `created` if it did not exist before. */
export interface ClosingPosition {
  holding: HoldingRef;
  units: bigint;
  created: boolean;
}

/** The transfer ids of a batch request `{transferIds}`: 1 to MAX_TRANSFERS_PER_BATCH distinct key attributes, in order. */
export function parseTransferBatch(requestJson: string): string[] {
  const { transferIds } = parseJsonObject(requestJson, 'request');
  if (!Array.isArray(transferIds) || transferIds.length < 1 || transferIds.length > MAX_TRANSFERS_PER_BATCH) {
    throw invalid(`transferIds must be a list of 1 to ${MAX_TRANSFERS_PER_BATCH} transfer ids`);
  }
  const ids = transferIds.map((id) => requireKeyAttribute(id, 'a transfer id'));
  const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
  if (repeated !== undefined) throw invalid(`transfer ${repeated} is listed twice`);
  return ids;
}

/** One identity per holding, for maps keyed by holding. */
export function holdingRefId(ref: HoldingRef): string {
  return JSON.stringify([ref.isin, ref.holder, ref.accountId]);
}

export function deliveryOf(
  transfer: Pick<Transfer, 'transferId' | 'isin' | 'from' | 'fromAccount' | 'to' | 'toAccount' | 'units'>,
): Delivery {
  return {
    transferId: transfer.transferId,
    from: { isin: transfer.isin, holder: transfer.from, accountId: transfer.fromAccount },
    to: { isin: transfer.isin, holder: transfer.to, accountId: transfer.toAccount },
    units: BigInt(transfer.units),
  };
}

/** Every holding the deliveries touch, once each, in the order first touched (deliverer before receiver). */
export function touchedHoldings(deliveries: readonly Delivery[]): HoldingRef[] {
  const touched = new Map<string, HoldingRef>();
  for (const { from, to } of deliveries) {
    for (const ref of [from, to]) if (!touched.has(holdingRefId(ref))) touched.set(holdingRefId(ref), ref);
  }
  return [...touched.values()];
}

/** The holdings that deliver in the batch: only their frozen and pledged units matter. */
export function deliveringHoldings(deliveries: readonly Delivery[]): Set<string> {
  return new Set(deliveries.map((d) => holdingRefId(d.from)));
}

/** Net movement per holding (by holdingRefId): what it receives minus what it delivers; every touched holding, zero included. */
export function netMovements(deliveries: readonly Delivery[]): Map<string, bigint> {
  const net = new Map<string, bigint>();
  for (const { from, to, units } of deliveries) {
    net.set(holdingRefId(from), (net.get(holdingRefId(from)) ?? 0n) - units);
    net.set(holdingRefId(to), (net.get(holdingRefId(to)) ?? 0n) + units);
  }
  return net;
}

/**
 * The closing position of every holding the deliveries touch, in the order
 * first touched: opening units plus the net movement. Refuses, naming the
 * transfer, the first delivery in the listed order that its holding cannot
 * cover at that point (the gross rule above), with the codes a single
 * settlement gives: NOT_FOUND, INSUFFICIENT_HOLDING, HOLDING_FROZEN.
 * `opening` must hold every touched holding, with frozen units for each
 * that delivers.
 */
export function settleBatch(deliveries: readonly Delivery[], opening: ReadonlyMap<string, OpeningPosition>): ClosingPosition[] {
  const positionOf = (ref: HoldingRef): OpeningPosition => {
    const position = opening.get(holdingRefId(ref));
    if (!position) throw new Error(`no opening position of ${holdingRefId(ref)}`);
    return position;
  };
  const running = new Map<string, bigint | undefined>();
  const unitsOf = (ref: HoldingRef) => (running.has(holdingRefId(ref)) ? running.get(holdingRefId(ref)) : positionOf(ref).units);
  for (const delivery of deliveries) {
    const { from, to, units, transferId } = delivery;
    const frozen = positionOf(from).frozen;
    if (frozen === undefined) throw new Error(`no frozen units of ${holdingRefId(from)}`);
    batchStep(transferId, () => {
      const held = unitsOf(from);
      if (held === undefined)
        throw new ChaincodeError(ErrorCode.NOT_FOUND, `holding of ${from.holder}/${from.accountId} in ${from.isin} does not exist`);
      running.set(holdingRefId(from), holdings.debit(held, frozen, units));
      running.set(holdingRefId(to), holdings.credit(unitsOf(to) ?? 0n, units));
    });
  }
  const net = netMovements(deliveries);
  return touchedHoldings(deliveries).map((holding) => {
    const before = positionOf(holding).units;
    return { holding, units: (before ?? 0n) + (net.get(holdingRefId(holding)) ?? 0n), created: before === undefined };
  });
}

/** Runs one transfer's step of a batch; a refusal names the transfer and says that nothing of the batch settles. */
export function batchStep<T>(transferId: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    throw batchRefusal(transferId, error);
  }
}

/** An asynchronous step of a batch (reading the transfer, its bond); see batchStep. */
export async function batchStepAsync<T>(transferId: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw batchRefusal(transferId, error);
  }
}

function batchRefusal(transferId: string, error: unknown): unknown {
  if (!(error instanceof ChaincodeError)) return error;
  return new ChaincodeError(error.code, `batch refused at transfer ${transferId}, nothing settled: ${error.detail}`);
}
