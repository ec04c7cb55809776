/**
 * npm run bench: drives the running test network and prints what it
 * settles per second, through the REST gateways and directly, against a
 * baseline chaincode that writes one key per transaction, measured in the
 * same run with the scenarios alternating so machine noise hits them alike.
 *
 *   npm run bench -- [--json] [--concurrency 8,32] [--duration 15] [--rounds 2]
 *                    [--query-concurrency 10,50] [--query-duration 5]
 *                    [--hot-concurrency 16] [--hot-duration 15]
 *                    [--fan-out 100,300,1000] [--fan-out-concurrency 16]
 *                    [--scenarios baseline,transfers-rest,transfers-direct,transfers-batched,hot-spot,fan-out,queries]
 *                    [--out DIR] [--network-home DIR]
 *
 * Progress goes to stderr; the table (or with --json one JSON object per
 * scenario and concurrency) to stdout. results.json, chart.svg and
 * queries.svg are written to DIR (default $BOND_NETWORK_HOME/bench).
 * Exit 0: ran; 1: a defect was measured (a conflict where none can arise,
 * holdings that do not add up); 2: could not run.
 */
import { parseOrReport, UsageError } from '../command-line';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { LedgerReader } from '../ledger-check/ledger-reader';
import { defaultNetworkHome, loadTestNetwork } from '../ledger-check/test-network';
import { chartSvg, type Point } from './chart';
import { DirectClients, RestClients } from './clients';
import { cpuBetween, type CpuUse, cpuUse, snapshot } from './cpu';
import { MAX_TRANSFERS_PER_BATCH } from '@bond-platform/chaincode/api';
import { FixtureBuilder } from './fixture';
import * as scenarios from './scenarios';
import { figures, type Figures, ratio, type Sample } from './stats';

const SCENARIOS = ['baseline', 'transfers-rest', 'transfers-direct', 'transfers-batched', 'hot-spot', 'fan-out', 'queries'] as const;
type ScenarioName = (typeof SCENARIOS)[number];

export interface Options {
  json: boolean;
  concurrency: number[];
  durationSeconds: number;
  rounds: number;
  queryConcurrency: number[];
  queryDurationSeconds: number;
  hotConcurrency: number;
  hotDurationSeconds: number;
  fanOut: number[];
  fanOutConcurrency: number;
  scenarios: ScenarioName[];
  out?: string;
  networkHome: string;
}

function positiveInts(value: string | undefined, flag: string, max = 9_999): number[] {
  const list = (value ?? '').split(',').map((v) => (/^[1-9][0-9]{0,5}$/.test(v) && Number(v) <= max ? Number(v) : NaN));
  if (list.length === 0 || list.some(Number.isNaN))
    throw new UsageError(`${flag} needs positive whole numbers up to ${max}, comma-separated`);
  return list;
}

function positiveInt(value: string | undefined, flag: string): number {
  const [n] = positiveInts(value, flag);
  if (value?.includes(',')) throw new UsageError(`${flag} takes one number`);
  return n as number;
}

type Flag = (options: Options, value: () => string, flag: string) => void;

const FLAGS: Readonly<Record<string, Flag>> = {
  '--json': (o) => {
    o.json = true;
  },
  '--concurrency': (o, v, f) => {
    o.concurrency = positiveInts(v(), f);
  },
  '--duration': (o, v, f) => {
    o.durationSeconds = positiveInt(v(), f);
  },
  '--rounds': (o, v, f) => {
    o.rounds = positiveInt(v(), f);
  },
  '--query-concurrency': (o, v, f) => {
    o.queryConcurrency = positiveInts(v(), f);
  },
  '--query-duration': (o, v, f) => {
    o.queryDurationSeconds = positiveInt(v(), f);
  },
  '--hot-concurrency': (o, v, f) => {
    o.hotConcurrency = positiveInt(v(), f);
  },
  '--hot-duration': (o, v, f) => {
    o.hotDurationSeconds = positiveInt(v(), f);
  },
  '--fan-out': (o, v, f) => {
    o.fanOut = positiveInts(v(), f, 100_000);
  },
  '--fan-out-concurrency': (o, v, f) => {
    o.fanOutConcurrency = positiveInt(v(), f);
  },
  '--scenarios': (o, v) => {
    o.scenarios = scenarioNames(v());
  },
  '--out': (o, v) => {
    o.out = v();
  },
  '--network-home': (o, v) => {
    o.networkHome = v();
  },
};

function scenarioNames(value: string): ScenarioName[] {
  const names = value.split(',');
  const unknown = names.filter((n) => !(SCENARIOS as readonly string[]).includes(n));
  if (unknown.length > 0) throw new UsageError(`unknown scenario ${unknown.join(', ')} (known: ${SCENARIOS.join(', ')})`);
  return names as ScenarioName[];
}

export function parseArgs(argv: readonly string[]): Options {
  const options: Options = {
    json: false,
    concurrency: [8, 32],
    durationSeconds: 15,
    rounds: 2,
    queryConcurrency: [10, 50],
    queryDurationSeconds: 5,
    hotConcurrency: 16,
    hotDurationSeconds: 15,
    fanOut: [100, 300, 1000],
    fanOutConcurrency: 16,
    scenarios: [...SCENARIOS],
    networkHome: defaultNetworkHome(),
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string;
    const apply = FLAGS[flag];
    if (!apply) throw new UsageError(`unknown argument ${flag}`);
    apply(
      options,
      () => {
        const v = argv[++i];
        if (v === undefined) throw new UsageError(`${flag} needs a value`);
        return v;
      },
      flag,
    );
  }
  return options;
}

/** One scenario at one concurrency, all its rounds together. */
export interface ScenarioResult extends Figures {
  scenario: string;
  concurrency: number;
  rounds: number;
  /** Settled transfers and per second (transfer scenarios). */
  settledTransfers?: number;
  settledPerSecond?: number;
  /** Transactions of this scenario the ledger marked invalid, by validation code (gateway retries included). */
  ledgerInvalid?: Record<string, number>;
  /** Throughput and p99 over the baseline's (transactions) or the direct client's (queries), same concurrency, same run. */
  ratioToBaseline?: { throughput?: number; p99?: number; against: string };
  cpu: CpuUse;
  checks?: Record<string, unknown>;
}

interface Accumulator {
  /** Each round's samples. */
  rounds: Sample[][];
  settled?: number;
  cpu: CpuUse[];
  ledgerInvalid: Record<string, number>;
  checks?: Record<string, unknown>;
}

function sumCpu(uses: readonly CpuUse[]): CpuUse {
  const byKind: Record<string, number> = {};
  for (const use of uses) for (const [kind, s] of Object.entries(use.byKind)) byKind[kind] = (byKind[kind] ?? 0) + s;
  return cpuUse(
    uses.reduce((sum, use) => sum + use.seconds, 0),
    byKind,
  );
}

function pad(value: string | number, width: number): string {
  const text = String(value);
  return text.length >= width ? text : ' '.repeat(width - text.length) + text;
}

export function formatTable(results: readonly ScenarioResult[]): string {
  const header = [
    'scenario',
    'conc',
    'attempted',
    'VALID',
    'mvcc',
    'phantom',
    'policy',
    'other',
    'tx/s',
    'settled/s',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'ratio',
    'p99 ratio',
    'cores',
  ];
  const widths = [26, 5, 9, 7, 5, 7, 6, 6, 8, 9, 8, 8, 8, 6, 9, 6];
  const lines = [header.map((h, i) => (i === 0 ? h.padEnd(widths[0] as number) : pad(h, widths[i] as number))).join(' ')];
  for (const r of results) {
    const row = [
      r.scenario.padEnd(widths[0] as number),
      r.concurrency,
      r.attempted,
      r.committed,
      r.failed.MVCC_READ_CONFLICT,
      r.failed.PHANTOM_READ_CONFLICT,
      r.failed.ENDORSEMENT_POLICY_FAILURE,
      r.failed.other,
      r.throughput,
      r.settledPerSecond ?? '',
      r.latencyMs.p50,
      r.latencyMs.p95,
      r.latencyMs.p99,
      r.ratioToBaseline?.throughput ?? '',
      r.ratioToBaseline?.p99 ?? '',
      r.cpu.cores,
    ];
    lines.push(row.map((v, i) => (i === 0 ? String(v) : pad(v, widths[i] as number))).join(' '));
  }
  return lines.join('\n');
}

/** One benchmark run against one network: its clients, fixture and what each scenario measured. */
class Bench {
  readonly accumulators = new Map<string, Accumulator>();

  constructor(
    readonly ctx: scenarios.Context,
    readonly reader: LedgerReader,
    readonly pidDir: string,
    readonly log: (line: string) => void,
  ) {}

  /** Runs one scenario round, with its CPU and, given a chaincode, the ledger's view of the transactions it caused. */
  async measure(key: string, work: () => Promise<scenarios.ScenarioRun>, chaincode?: string): Promise<void> {
    const height = chaincode ? await this.reader.height() : 0;
    const before = snapshot(this.pidDir);
    const outcome = await work();
    const cpu = cpuBetween(before, snapshot(this.pidDir));
    const acc = this.accumulators.get(key) ?? { rounds: [], cpu: [], ledgerInvalid: {} };
    acc.rounds.push(outcome.samples);
    acc.cpu.push(cpu);
    if (outcome.settled !== undefined) acc.settled = (acc.settled ?? 0) + outcome.settled;
    if (outcome.checks) acc.checks = mergeChecks(acc.checks, outcome.checks);
    if (chaincode) await this.#countInvalid(acc, chaincode, height);
    this.accumulators.set(key, acc);
    const f = figures([outcome.samples]);
    const others = Object.entries(f.otherOutcomes)
      .map(([code, n]) => `${n} ${code}`)
      .join(', ');
    this.log(
      `  ${key}: ${f.committed}/${f.attempted} VALID, ${f.throughput}/s, p99 ${f.latencyMs.p99} ms, ${cpu.cores} cores busy${others ? `; failed: ${others}` : ''}`,
    );
  }

  /** Invalid transactions of `chaincode` in the blocks since `height`, by validation code: the gateway's own retries show here. */
  async #countInvalid(acc: Accumulator, chaincode: string, height: number): Promise<void> {
    const to = (await this.reader.height()) - 1;
    for (const tx of await this.reader.blockTransactions(height, to)) {
      if (tx.chaincode === chaincode && tx.validationCode !== 'VALID')
        acc.ledgerInvalid[tx.validationCode] = (acc.ledgerInvalid[tx.validationCode] ?? 0) + 1;
    }
  }

  /** Baseline and transfers at each concurrency, rounds alternating the order. */
  async transactions(options: Options): Promise<void> {
    const names = (['baseline', 'transfers-rest', 'transfers-direct', 'transfers-batched'] as const).filter((s) =>
      options.scenarios.includes(s),
    );
    if (names.length === 0) return;
    const runners = {
      baseline: scenarios.baseline,
      'transfers-rest': scenarios.transfersRest,
      'transfers-direct': scenarios.transfersDirect,
      'transfers-batched': (ctx: scenarios.Context, run: scenarios.RunOptions) =>
        scenarios.transfersBatchedRest(ctx, run, MAX_TRANSFERS_PER_BATCH),
    };
    for (const concurrency of options.concurrency) {
      for (let round = 0; round < options.rounds; round++) {
        this.log(`transactions, ${concurrency} concurrent clients, round ${round + 1}/${options.rounds}`);
        // Rotated each round so no scenario always runs first (warm-up) or last.
        for (let i = 0; i < names.length; i++) {
          const name = names[(i + round) % names.length] as (typeof names)[number];
          const chaincode = name === 'baseline' ? 'benchmark' : this.ctx.chaincode;
          await this.measure(
            `${name}@${concurrency}`,
            () => runners[name](this.ctx, { concurrency, durationMs: options.durationSeconds * 1000 }),
            chaincode,
          );
        }
      }
    }
  }

  async hotSpot(options: Options): Promise<void> {
    this.log(`hot spot: ${options.hotConcurrency} transfers out of one holding at once`);
    const run = { concurrency: options.hotConcurrency, durationMs: options.hotDurationSeconds * 1000 };
    await this.measure(`hot-spot@${options.hotConcurrency}`, () => scenarios.hotSpot(this.ctx, run), this.ctx.chaincode);
  }

  /** Issuance to N accounts and its first coupon, for each N: the cost curve. */
  async fanOut(options: Options): Promise<void> {
    for (const accounts of options.fanOut) {
      this.log(`issuance and coupon to ${accounts} accounts, ${options.fanOutConcurrency} at a time`);
      await this.measure(
        `fan-out-${accounts}@${options.fanOutConcurrency}`,
        () => scenarios.issuanceFanOut(this.ctx, accounts, options.fanOutConcurrency),
        this.ctx.chaincode,
      );
    }
  }

  /** Each query through REST and directly, alternating which goes first. */
  async queries(options: Options): Promise<void> {
    for (const query of scenarios.queries(this.ctx)) {
      for (const concurrency of options.queryConcurrency) {
        const run = { concurrency, durationMs: options.queryDurationSeconds * 1000 };
        for (let round = 0; round < options.rounds; round++) {
          this.log(`query ${query.name}, ${concurrency} concurrent clients, round ${round + 1}/${options.rounds}`);
          const both = [
            [`query-${query.name}-rest`, () => scenarios.queryRest(this.ctx, query, run)],
            [`query-${query.name}-direct`, () => scenarios.queryDirect(this.ctx, query, run)],
          ] as const;
          for (const [name, work] of round % 2 === 0 ? both : [...both].reverse()) await this.measure(`${name}@${concurrency}`, work);
        }
      }
    }
  }

  results(): ScenarioResult[] {
    const results = [...this.accumulators].map(([key, acc]) => resultOf(key, acc));
    for (const r of results) {
      const against = r.scenario.startsWith('query-') ? r.scenario.replace(/-rest$/, '-direct') : 'baseline';
      const base = results.find((b) => b !== r && b.scenario === against && b.concurrency === r.concurrency);
      if (base)
        r.ratioToBaseline = { throughput: ratio(r.throughput, base.throughput), p99: ratio(r.latencyMs.p99, base.latencyMs.p99), against };
    }
    return results;
  }
}

/** Checks of several rounds: counts add up, a failed check stays failed, anything else is the latest. */
export function mergeChecks(earlier: Record<string, unknown> | undefined, later: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...earlier };
  for (const [name, value] of Object.entries(later)) {
    const before = merged[name];
    if (typeof value === 'number' && typeof before === 'number') merged[name] = before + value;
    else if (typeof value === 'boolean' && typeof before === 'boolean') merged[name] = before && value;
    else merged[name] = value;
  }
  return merged;
}

function resultOf(key: string, acc: Accumulator): ScenarioResult {
  const [scenario = key, concurrency = '0'] = key.split('@');
  const f = figures(acc.rounds);
  const result: ScenarioResult = { scenario, concurrency: Number(concurrency), rounds: acc.rounds.length, ...f, cpu: sumCpu(acc.cpu) };
  if (acc.settled !== undefined) {
    result.settledTransfers = acc.settled;
    result.settledPerSecond = f.seconds > 0 ? Math.round((acc.settled / f.seconds) * 10) / 10 : 0;
  }
  if (scenario !== 'baseline' && !scenario.startsWith('query-')) result.ledgerInvalid = acc.ledgerInvalid;
  if (acc.checks) result.checks = acc.checks;
  return result;
}

/**
 * What the run shows to be wrong: a conflict where none can arise, holdings
 * that do not add up, or any failed request outside the hot spot (whose
 * conflicts are its point: they must end settled or as a clean 409).
 */
export function defectsOf(results: readonly ScenarioResult[]): string[] {
  const defects: string[] = [];
  for (const r of results.filter((x) => x.scenario.startsWith('transfers-') || x.scenario.startsWith('fan-out-'))) {
    const ledger = r.ledgerInvalid ?? {};
    const conflicts =
      (ledger.MVCC_READ_CONFLICT ?? 0) + (ledger.PHANTOM_READ_CONFLICT ?? 0) + r.failed.MVCC_READ_CONFLICT + r.failed.PHANTOM_READ_CONFLICT;
    if (conflicts > 0)
      defects.push(`${r.scenario} at ${r.concurrency}: ${conflicts} MVCC/phantom conflicts where none can arise by construction`);
  }
  for (const r of results.filter((x) => x.scenario !== 'hot-spot')) {
    const failed = r.attempted - r.committed;
    if (failed > 0)
      defects.push(
        `${r.scenario} at ${r.concurrency}: ${failed} of ${r.attempted} failed (${JSON.stringify({ ...r.failed, ...r.otherOutcomes })})`,
      );
  }
  for (const r of results.filter((x) => x.checks?.consistent === false)) {
    defects.push(`${r.scenario}: holdings read back do not add up: ${JSON.stringify(r.checks)}`);
  }
  return defects;
}

export async function run(options: Options, log: (line: string) => void): Promise<ScenarioResult[]> {
  const network = loadTestNetwork(options.networkHome);
  const direct = new DirectClients(network);
  const rest = new RestClients(options.networkHome);
  try {
    await direct.connect(['csd', 'bank', 'securities']);
    const pairs = Math.max(...options.concurrency, options.hotConcurrency);
    const fixture = await new FixtureBuilder(direct, network.chaincode, log).ensure(options.networkHome, pairs);
    const ctx: scenarios.Context = { direct, rest, chaincode: network.chaincode, fixture, runId: Date.now().toString(36), progress: log };
    const bench = new Bench(
      ctx,
      new LedgerReader(direct.network('csd', 'viewer1'), network.chaincode),
      path.join(options.networkHome, 'pids'),
      log,
    );
    await bench.transactions(options);
    if (options.scenarios.includes('hot-spot')) await bench.hotSpot(options);
    if (options.scenarios.includes('fan-out')) await bench.fanOut(options);
    if (options.scenarios.includes('queries')) await bench.queries(options);
    return bench.results();
  } finally {
    direct.close();
    rest.close();
  }
}

function machine(): Record<string, unknown> {
  return {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
}

export async function main(argv: readonly string[]): Promise<number> {
  const options = parseOrReport('bench', argv, parseArgs);
  if (!options) return 2;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  try {
    const started = new Date().toISOString();
    const results = await run(options, log);
    const defects = defectsOf(results);
    const out = options.out ?? path.join(options.networkHome, 'bench');
    mkdirSync(out, { recursive: true });
    writeFileSync(
      path.join(out, 'results.json'),
      JSON.stringify({ started, machine: machine(), options, results, defects }, null, 2) + '\n',
    );
    const point = (r: ScenarioResult): Point => ({
      scenario: r.scenario,
      concurrency: r.concurrency,
      throughput: r.throughput,
      p99: r.latencyMs.p99,
    });
    const caption = `npm run bench, ${started.slice(0, 16)}Z, ${availableParallelism()} cores: the whole network and the load generator on one machine`;
    writeFileSync(
      path.join(out, 'chart.svg'),
      chartSvg(
        results.filter((r) => ['baseline', 'transfers-rest', 'transfers-direct', 'transfers-batched'].includes(r.scenario)).map(point),
        caption,
      ),
    );
    writeFileSync(
      path.join(out, 'queries.svg'),
      chartSvg(results.filter((r) => r.scenario.startsWith('query-member')).map(point), caption),
    );
    if (options.json) for (const r of results) process.stdout.write(JSON.stringify(r) + '\n');
    else process.stdout.write(formatTable(results) + '\n');
    log(`results, chart.svg and queries.svg in ${out}`);
    for (const defect of defects) log(`DEFECT: ${defect}`);
    return defects.length > 0 ? 1 : 0;
  } catch (error) {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}
