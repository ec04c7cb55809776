/**
 * Primary settlement in bounded steps. An allocation may have thousands of
 * lines (one per account), and a Fabric transaction has limits of size and
 * time, so StartPrimarySettlement gives instructions to at most a fixed
 * number of lines per call, in allocation order, and is called again until
 * every line has its instruction; the progress record says how far it has
 * come. A line allocated nothing is passed over (it needs no instruction).
 * Issuance completes only once every line is done and no instruction is
 * pending — unless the first record date has passed, after which nothing
 * more can settle and lines without an instruction are never issued.
 */
import type { AllocationLine, BondStatus, PrimarySettlementProgress } from '../api/bonds';
import { ChaincodeError, ErrorCode } from '../api/errors';
import { mulDivHalfUp, PAR } from './decimal';
import { someOf } from './messages';

/**
 * Where this call starts in the allocation's lines, or why it cannot run:
 * an ALLOCATED bond starts at the first line, a SETTLING one continues
 * where the last call stopped until every line is done. (A bond SETTLING
 * without progress started before it was recorded, with every line at once.)
 */
export function firstLineToSettle(isin: string, status: BondStatus, progress: PrimarySettlementProgress | undefined): number {
  if (status === 'ALLOCATED') return 0;
  if (status !== 'SETTLING') {
    throw new ChaincodeError(
      ErrorCode.INVALID_STATE_TRANSITION,
      `bond ${isin} is ${status}; primary settlement needs ALLOCATED (or SETTLING, to continue)`,
    );
  }
  if (progress === undefined || progress.linesDone >= progress.linesTotal) {
    throw new ChaincodeError(ErrorCode.INVALID_STATE_TRANSITION, `every allocation line of ${isin} has its settlement instruction`);
  }
  return progress.linesDone;
}

/** The lines one call takes: from `from`, at most `perCall`. */
export function linesOfCall(
  lines: readonly AllocationLine[],
  from: number,
  perCall: number,
): { lines: AllocationLine[]; linesDone: number } {
  const batch = lines.slice(from, from + perCall);
  return { lines: batch, linesDone: from + batch.length };
}

/** Cash against delivery: units × face value × issue price / 100 %, rounded half up once to the minor unit. */
export function primaryCash(units: bigint, denomination: bigint, pricePercent: bigint): bigint {
  return mulDivHalfUp(units * denomination, pricePercent, PAR);
}

/**
 * Why issuance cannot complete yet, or undefined. `linesRemaining` are
 * allocation lines without an instruction, `pending` the instructions
 * awaiting their cash leg.
 */
export function issuanceBlocker(
  isin: string,
  linesRemaining: number,
  firstRecordDatePassed: boolean,
  pending: readonly string[],
): string | undefined {
  if (linesRemaining > 0 && !firstRecordDatePassed) {
    return `${linesRemaining} allocation line(s) of ${isin} have no settlement instruction yet: call StartPrimarySettlement again`;
  }
  if (pending.length > 0) return `settlement of ${isin} is still pending for ${someOf(pending)}`;
  return undefined;
}
