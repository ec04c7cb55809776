/**
 * What a fault run observed, from the load's acknowledgements and the
 * moments the suite marked (fault injected, repaired, …): pure functions,
 * unit tested, so that the report's figures come from one definition.
 */

export interface Mark {
  name: string;
  /** Milliseconds since the load started. */
  at: number;
}

export interface Phase {
  /** From this mark (or "start") to the next (or "end"). */
  from: string;
  to: string;
  seconds: number;
  acknowledged: number;
}

/** Acknowledgements counted between consecutive marks. */
export function phases(acknowledgedAt: readonly number[], marks: readonly Mark[], endAt: number): Phase[] {
  const bounds: Mark[] = [{ name: 'start', at: 0 }, ...[...marks].sort((a, b) => a.at - b.at), { name: 'end', at: endAt }];
  const result: Phase[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const from = bounds[i] as Mark;
    const to = bounds[i + 1] as Mark;
    result.push({
      from: from.name,
      to: to.name,
      seconds: round1((to.at - from.at) / 1000),
      acknowledged: acknowledgedAt.filter((t) => t >= from.at && t < to.at).length,
    });
  }
  return result;
}

/** Seconds from the mark to the first acknowledgement at or after it (undefined: none came). */
export function secondsToFirstAfter(acknowledgedAt: readonly number[], mark: Mark | undefined): number | undefined {
  if (!mark) return undefined;
  const first = acknowledgedAt.filter((t) => t >= mark.at).reduce((a, b) => Math.min(a, b), Infinity);
  return Number.isFinite(first) ? round1((first - mark.at) / 1000) : undefined;
}

/** The longest stretch without an acknowledgement between two marks, in seconds. */
export function longestGap(acknowledgedAt: readonly number[], from: number, to: number): number {
  const inside = acknowledgedAt.filter((t) => t >= from && t <= to).sort((a, b) => a - b);
  let previous = from;
  let longest = 0;
  for (const t of [...inside, to]) {
    longest = Math.max(longest, t - previous);
    previous = t;
  }
  return round1(longest / 1000);
}

/** Accounts whose units on the ledger differ from what the client saw settle: `before + net ≠ after`. */
export function holdingMismatches(
  before: ReadonlyMap<string, bigint>,
  net: ReadonlyMap<string, bigint>,
  after: ReadonlyMap<string, bigint>,
): string[] {
  const problems: string[] = [];
  for (const [account, units] of before) {
    const expected = units + (net.get(account) ?? 0n);
    const actual = after.get(account);
    if (actual !== expected) problems.push(`${account}: the client saw ${expected} settle into it, the ledger has ${actual ?? 'nothing'}`);
  }
  return problems;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
