/**
 * Primary settlement, as far as the console can tell from the API: how
 * many allocation lines still lack an instruction, and which of the CSD's
 * steps the chaincode would take now (Settlement:StartPrimarySettlement,
 * Settlement:CompleteIssuance). StartPrimarySettlement gives the lines
 * instructions in allocation order, a bounded number per call, passes over
 * lines allocated nothing, and answers linesRemaining; no read answers the
 * progress, so after a reload it is derived from the allocation and the
 * instructions, and said to be unknown where they cannot tell.
 */
import type { components } from '../api/schema';

type Schemas = components['schemas'];

export type LinesLeft =
  /** Every allocation line has been given its instruction (or passed over). */
  | { kind: 'none' }
  /** Lines remain: exactly `count` (from StartPrimarySettlement's answer), or at least `count` (derived). */
  | { kind: 'some'; count: number; exact: boolean }
  /** Only lines allocated nothing may remain (`zeroLines` of them), or there is no allocation to tell from. */
  | { kind: 'unknown'; zeroLines: number };

/**
 * The allocation lines still to be given an instruction: the answer of this
 * session's last StartPrimarySettlement if any (unless the ledger already
 * shows every line done), else derived from the allocation's lines and the
 * instructions on the ledger.
 */
export function linesLeft(
  lines: readonly Schemas['AllocationLine'][] | undefined,
  instructions: readonly Pick<Schemas['SettlementInstruction'], 'receiver' | 'receiverAccount'>[],
  answer?: Pick<Schemas['PrimarySettlementBatch'], 'linesRemaining'>,
): LinesLeft {
  const derived = derivedLinesLeft(lines, instructions);
  if (derived.kind === 'none' || answer === undefined) return derived;
  return answer.linesRemaining > 0 ? { kind: 'some', count: answer.linesRemaining, exact: true } : { kind: 'none' };
}

function derivedLinesLeft(
  lines: readonly Schemas['AllocationLine'][] | undefined,
  instructions: readonly Pick<Schemas['SettlementInstruction'], 'receiver' | 'receiverAccount'>[],
): LinesLeft {
  if (lines === undefined) return { kind: 'unknown', zeroLines: 0 };
  const instructed = new Set(instructions.map((i) => `${i.receiver}\u0000${i.receiverAccount}`));
  let last = -1;
  lines.forEach((line, index) => {
    if (instructed.has(`${line.bidder}\u0000${line.accountId}`)) last = index;
  });
  // Lines are given instructions in order: every line up to the last instructed one is done.
  const after = lines.slice(last + 1);
  const withUnits = after.filter((line) => BigInt(line.units) > 0n).length;
  if (withUnits > 0) return { kind: 'some', count: withUnits, exact: false };
  if (after.length === 0) return { kind: 'none' };
  return { kind: 'unknown', zeroLines: after.length };
}

export interface SettlementSteps {
  /** Settlement:StartPrimarySettlement: an ALLOCATED bond, or a SETTLING one with lines left, before the first record date. */
  start: boolean;
  /** Settlement:CompleteIssuance: SETTLING, nothing PENDING_CASH, and every line done (or the first record date passed). */
  complete: boolean;
}

/**
 * Which steps the chaincode would take. Where the lines left are unknown,
 * both are offered: one of them is refused, with the ledger's reason.
 */
export function settlementSteps(input: {
  status: Schemas['BondStatus'];
  left: LinesLeft;
  pending: number;
  firstRecordDatePassed: boolean;
}): SettlementSteps {
  const { status, left, pending, firstRecordDatePassed } = input;
  const start = !firstRecordDatePassed && (status === 'ALLOCATED' || (status === 'SETTLING' && left.kind !== 'none'));
  const complete = status === 'SETTLING' && pending === 0 && (left.kind !== 'some' || firstRecordDatePassed);
  return { start, complete };
}
