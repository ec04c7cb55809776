/**
 * The benchmark's figures from timed samples, as Hyperledger Caliper defines
 * them: throughput is committed transactions over the time from the first
 * submission to the last commit; latency is submit to commit. Pure: no
 * Fabric, no clock.
 */

/** One transaction (or query) as the load generator saw it; times in ms on one monotonic clock. */
export interface Sample {
  submittedAt: number;
  finishedAt: number;
  /** 'VALID' for a committed transaction or an answered query; otherwise the validation or error code. */
  outcome: string;
}

/** Ledger-side failure categories the issue asks for; everything else is 'other'. */
export const FAILURE_CODES = ['MVCC_READ_CONFLICT', 'PHANTOM_READ_CONFLICT', 'ENDORSEMENT_POLICY_FAILURE'] as const;

export interface Figures {
  attempted: number;
  committed: number;
  failed: Record<(typeof FAILURE_CODES)[number] | 'other', number>;
  /** What the 'other' failures were, by outcome (error or validation code). */
  otherOutcomes: Record<string, number>;
  /** Committed per second, first submission to last commit (Caliper's definition). */
  throughput: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  /** From first submission to last finish, seconds (summed over rounds). */
  seconds: number;
}

/** The q-quantile (0 < q ≤ 1) of sorted values, nearest-rank; 0 for none. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] as number;
}

export function failureCategory(outcome: string): (typeof FAILURE_CODES)[number] | 'other' {
  return (FAILURE_CODES as readonly string[]).includes(outcome) ? (outcome as (typeof FAILURE_CODES)[number]) : 'other';
}

/**
 * Figures of one scenario over one or more rounds. Each round's window runs
 * from its first submission to its last commit; throughput is all committed
 * over the sum of the windows (the time between rounds, when other scenarios
 * ran, is not counted). Latency percentiles pool every round's samples.
 */
export function figures(rounds: readonly (readonly Sample[])[]): Figures {
  const failed: Figures['failed'] = { MVCC_READ_CONFLICT: 0, PHANTOM_READ_CONFLICT: 0, ENDORSEMENT_POLICY_FAILURE: 0, other: 0 };
  const otherOutcomes: Record<string, number> = {};
  const latencies: number[] = [];
  let attempted = 0;
  let window = 0;
  let seconds = 0;
  for (const samples of rounds) {
    let firstSubmit = Infinity;
    let lastCommit = -Infinity;
    let lastFinish = -Infinity;
    for (const s of samples) {
      firstSubmit = Math.min(firstSubmit, s.submittedAt);
      lastFinish = Math.max(lastFinish, s.finishedAt);
      if (s.outcome === 'VALID') {
        latencies.push(s.finishedAt - s.submittedAt);
        lastCommit = Math.max(lastCommit, s.finishedAt);
        continue;
      }
      const category = failureCategory(s.outcome);
      failed[category] += 1;
      if (category === 'other') otherOutcomes[s.outcome] = (otherOutcomes[s.outcome] ?? 0) + 1;
    }
    attempted += samples.length;
    if (lastCommit > firstSubmit) window += (lastCommit - firstSubmit) / 1000;
    if (samples.length > 0) seconds += (lastFinish - firstSubmit) / 1000;
  }
  latencies.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    attempted,
    committed: latencies.length,
    failed,
    otherOutcomes,
    throughput: latencies.length > 0 && window > 0 ? round(latencies.length / window) : 0,
    latencyMs: {
      p50: round(quantile(latencies, 0.5)),
      p95: round(quantile(latencies, 0.95)),
      p99: round(quantile(latencies, 0.99)),
      max: round(latencies.at(-1) ?? 0),
    },
    seconds: round(seconds),
  };
}

/** a / b to two places; undefined when b is 0. */
export function ratio(a: number, b: number): number | undefined {
  return b === 0 ? undefined : Math.round((a / b) * 100) / 100;
}
