import fc from 'fast-check';
import { chartSvg, tickStep } from './chart';
import { defectsOf, mergeChecks, parseArgs, type ScenarioResult } from './cli';
import { cpuUse, kindOf } from './cpu';
import { figures, quantile, ratio, type Sample } from './stats';

const sample = (submittedAt: number, finishedAt: number, outcome = 'VALID'): Sample => ({ submittedAt, finishedAt, outcome });

describe('benchmark figures', () => {
  it('computes throughput as Caliper does: committed over first submission to last commit', () => {
    // Three committed between 0 ms and 2000 ms; the failure's later finish does not stretch the window.
    const f = figures([[sample(0, 500), sample(100, 1000), sample(200, 2000), sample(300, 5000, 'MVCC_READ_CONFLICT')]]);
    expect(f.committed).toBe(3);
    expect(f.attempted).toBe(4);
    expect(f.throughput).toBe(1.5);
    expect(f.failed).toEqual({ MVCC_READ_CONFLICT: 1, PHANTOM_READ_CONFLICT: 0, ENDORSEMENT_POLICY_FAILURE: 0, other: 0 });
    expect(f.seconds).toBe(5);
  });

  it('files unknown outcomes as other and reports no throughput without a commit', () => {
    const f = figures([[sample(0, 10, 'CONFLICT'), sample(0, 20, 'ENDORSEMENT_POLICY_FAILURE')]]);
    expect(f.failed.other).toBe(1);
    expect(f.otherOutcomes).toEqual({ CONFLICT: 1 });
    expect(f.failed.ENDORSEMENT_POLICY_FAILURE).toBe(1);
    expect(f.throughput).toBe(0);
    expect(f.latencyMs.p99).toBe(0);
  });

  it("adds the rounds' windows, not the time between rounds", () => {
    // Two rounds of 2 s each, an hour apart: 4 committed over 4 s.
    const f = figures([
      [sample(0, 1000), sample(0, 2000)],
      [sample(3_600_000, 3_601_000), sample(3_600_000, 3_602_000)],
    ]);
    expect(f.throughput).toBe(1);
    expect(f.seconds).toBe(4);
  });

  it('takes nearest-rank quantiles: p99 of 1..100 is 99, p50 is 50', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantile(values, 0.99)).toBe(99);
    expect(quantile(values, 0.5)).toBe(50);
    expect(quantile([], 0.5)).toBe(0);
  });

  it('keeps quantiles ordered and within the samples (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 200 }), (latencies) => {
        const f = figures([latencies.map((l, i) => sample(i, i + l))]);
        const max = Math.max(...latencies);
        return (
          f.latencyMs.p50 <= f.latencyMs.p95 &&
          f.latencyMs.p95 <= f.latencyMs.p99 &&
          f.latencyMs.p99 <= f.latencyMs.max &&
          f.latencyMs.max === max
        );
      }),
    );
  });

  it('gives no ratio against zero', () => {
    expect(ratio(9, 10)).toBe(0.9);
    expect(ratio(1, 0)).toBeUndefined();
  });
});

describe('benchmark arguments', () => {
  it('reads lists and numbers and refuses what is not one', () => {
    const o = parseArgs(['--concurrency', '4,16', '--duration', '3', '--scenarios', 'baseline,queries', '--json']);
    expect(o.concurrency).toEqual([4, 16]);
    expect(o.durationSeconds).toBe(3);
    expect(o.scenarios).toEqual(['baseline', 'queries']);
    expect(o.json).toBe(true);
    expect(() => parseArgs(['--concurrency', '0'])).toThrow(/positive whole numbers/);
    expect(() => parseArgs(['--duration', '2,3'])).toThrow(/one number/);
    expect(() => parseArgs(['--scenarios', 'everything'])).toThrow(/unknown scenario everything/);
    expect(() => parseArgs(['--rounds'])).toThrow(/needs a value/);
    expect(() => parseArgs(['--fast'])).toThrow(/unknown argument --fast/);
  });
});

describe('benchmark defects', () => {
  const result = (scenario: string, extra: Partial<ScenarioResult>): ScenarioResult => ({
    scenario,
    concurrency: 8,
    rounds: 1,
    ...figures([[sample(0, 100)]]),
    cpu: cpuUse(1, {}),
    ...extra,
  });

  it('reports a conflict in the conflict-free transfer scenarios, seen by the client or on the ledger', () => {
    expect(defectsOf([result('transfers-rest', { ledgerInvalid: { MVCC_READ_CONFLICT: 2 } })])).toEqual([
      'transfers-rest at 8: 2 MVCC/phantom conflicts where none can arise by construction',
    ]);
    expect(defectsOf([result('transfers-direct', { ledgerInvalid: {} })])).toEqual([]);
    // The hot spot conflicts by design: only its holdings must add up.
    expect(defectsOf([result('hot-spot', { ledgerInvalid: { MVCC_READ_CONFLICT: 40 }, checks: { consistent: true } })])).toEqual([]);
    expect(defectsOf([result('hot-spot', { checks: { consistent: false } })])).toHaveLength(1);
  });

  it('reports any failed request outside the hot spot, with its codes', () => {
    const failing = { ...figures([[sample(0, 100), sample(0, 200, 'FABRIC_TIMEOUT')]]), scenario: 'query-bond-rest' };
    expect(defectsOf([result('query-bond-rest', failing)])).toEqual([
      'query-bond-rest at 8: 1 of 2 failed ({"MVCC_READ_CONFLICT":0,"PHANTOM_READ_CONFLICT":0,"ENDORSEMENT_POLICY_FAILURE":0,"other":1,"FABRIC_TIMEOUT":1})',
    ]);
    expect(defectsOf([result('hot-spot', { ...figures([[sample(0, 200, 'CONFLICT')]]), checks: { consistent: true } })])).toEqual([]);
  });
});

describe('benchmark checks over rounds', () => {
  it('adds counts, keeps a failure failed and takes the latest of anything else', () => {
    expect(mergeChecks(undefined, { peerLagRetries: 2 })).toEqual({ peerLagRetries: 2 });
    expect(mergeChecks({ peerLagRetries: 2, consistent: false, hot: '9' }, { peerLagRetries: 3, consistent: true, hot: '7' })).toEqual({
      peerLagRetries: 5,
      consistent: false,
      hot: '7',
    });
  });
});

describe('benchmark CPU and chart', () => {
  it('groups processes by kind', () => {
    expect(['orderer2', 'peer0-bank', 'gateway-csd', 'chaincode-securities', 'benchmark-csd', 'ca-bank'].map(kindOf)).toEqual([
      'orderer',
      'peer',
      'gateway',
      'chaincode',
      'benchmark',
      'ca',
    ]);
    expect(cpuUse(2, { peer: 1.5, orderer: 0.5 }).cores).toBe(1);
  });

  it('picks 1-2-5 tick steps and draws one line per scenario', () => {
    expect([7, 48, 130, 0.4].map(tickStep)).toEqual([2, 10, 50, 0.1]);
    const svg = chartSvg(
      [
        { scenario: 'baseline', concurrency: 8, throughput: 40, p99: 400 },
        { scenario: 'baseline', concurrency: 32, throughput: 90, p99: 800 },
        { scenario: 'transfers-rest', concurrency: 8, throughput: 30, p99: 500 },
      ],
      'a <caption>',
    );
    expect(svg.match(/<polyline/g)).toHaveLength(4);
    expect(svg).toContain('a &lt;caption&gt;');
  });
});
