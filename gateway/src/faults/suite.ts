/**
 * npm run faults: breaks the running network on purpose, under a steady
 * transfer load (load.ts), and checks that nothing acknowledged is lost and
 * nothing is written twice.
 *
 *   npm run faults -- [--scenarios a,b,…] [--concurrency N] [--observe SECONDS] [--out DIR] [--json]
 *
 * Scenarios (all by default, in this order; docs/reliability.md):
 *   orderer-kill       kill -9 one of the three Raft orderers; restart it; it catches up
 *   orderer-majority   kill -9 two orderers: submissions fail cleanly; one back, commits resume
 *   namespace-cut      take the bank's namespace off the network, heal it (namespaces layout only)
 *   peer-kill          kill -9 the securities company's peer mid-load; restart it
 *   chaincode-kill     kill -9 the bank's chaincode server mid-load; restart it
 *   gateway-kill       kill -9 the bank's REST gateway with requests in flight; restart it
 *   disk-full          the securities peer's ledger on a small filesystem that fills; then space returns
 *
 * After each: the load is drained, every holding it moved is compared with
 * what the client saw settle, and `npm run check-ledger -- --acknowledged`
 * verifies the ledger (every acknowledged transaction on it VALID exactly
 * once, outstanding = Σ holdings, CSD endorsement, …). Writes results.json
 * and each scenario's acknowledged.jsonl to --out (default
 * $BOND_NETWORK_HOME/faults). Exit 0: every expectation held; 1: one did
 * not; 2: the suite could not run.
 */
import { parseOrReport, UsageError } from '../command-line';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as https from 'node:https';
import path from 'node:path';
import { DirectClients, RestClients } from '../bench/clients';
import { FixtureBuilder, type TransferFixture } from '../bench/fixture';
import { unitsOf } from '../bench/scenarios';
import { LedgerReader } from '../ledger-check/ledger-reader';
import { defaultNetworkHome, loadTestNetwork, type TestNetwork } from '../ledger-check/test-network';
import { accountKey, accountsMoved, noLoad, TransferLoad, type LoadStats } from './load';
import { holdingMismatches, longestGap, phases, secondsToFirstAfter, type Mark, type Phase } from './timeline';

const SCENARIOS = [
  'orderer-kill',
  'orderer-majority',
  'namespace-cut',
  'peer-kill',
  'chaincode-kill',
  'gateway-kill',
  'disk-full',
] as const;
type ScenarioName = (typeof SCENARIOS)[number];

const REPO = path.resolve(__dirname, '../../..');
const NETWORK_SH = path.join(REPO, 'test-network-scripts/network.sh');
const CHECK_LEDGER = path.join(REPO, 'test-network-scripts/check-ledger.js');
const WARM_UP_MS = 5_000;
const RECOVERY_DEADLINE_MS = 180_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Options {
  networkHome: string;
  scenarios: ScenarioName[];
  concurrency: number;
  observeSeconds: number;
  out: string;
  json: boolean;
}

export function parseArgs(argv: readonly string[]): Options {
  const networkHome = defaultNetworkHome();
  const options: Options = {
    networkHome,
    scenarios: [...SCENARIOS],
    concurrency: 4,
    observeSeconds: 20,
    out: path.join(networkHome, 'faults'),
    json: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    const count = (name: string, min: number, max: number) => {
      const n = Number(value());
      if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${name} takes a whole number from ${min} to ${max}`);
      return n;
    };
    if (flag === '--scenarios') {
      const names = value().split(',');
      const unknown = names.filter((n) => !(SCENARIOS as readonly string[]).includes(n));
      if (unknown.length > 0) throw new UsageError(`unknown scenario ${unknown.join(', ')} (known: ${SCENARIOS.join(', ')})`);
      options.scenarios = SCENARIOS.filter((s) => names.includes(s));
    } else if (flag === '--concurrency') options.concurrency = count('--concurrency', 1, 64);
    else if (flag === '--observe') options.observeSeconds = count('--observe', 5, 600);
    else if (flag === '--out') options.out = path.resolve(value());
    else if (flag === '--json') options.json = true;
    else throw new UsageError(`unknown option ${flag} (see --help)`);
  }
  return options;
}

interface Expectation {
  what: string;
  ok: boolean;
  observed: string;
}

export interface ScenarioReport {
  scenario: ScenarioName;
  injected: string;
  skipped?: string;
  marks: Mark[];
  phases: Phase[];
  load: LoadStats;
  /** Seconds from the repair to the first acknowledged transaction. */
  recoverySeconds?: number;
  /** The longest stretch without an acknowledgement from the fault to the end. */
  longestStallSeconds?: number;
  figures: Record<string, number | string | undefined>;
  lost: number;
  holdingMismatches: string[];
  checkLedger: { ok: boolean; summary: string };
  expectations: Expectation[];
  ok: boolean;
}

/** What a scenario does to the network while the load runs; it marks its moments and states what it expects. */
type Injection = (run: Run) => Promise<void>;

interface Run {
  load: TransferLoad;
  mark(name: string): Mark;
  expect(what: string, ok: boolean, observed: string): void;
  figures: Record<string, number | string | undefined>;
}

export class FaultSuite {
  readonly #layout: string;
  readonly #topology = new Map<string, string>();

  constructor(
    readonly options: Options,
    readonly network: TestNetwork,
    readonly direct: DirectClients,
    readonly rest: RestClients,
    readonly fixture: TransferFixture,
    readonly log: (line: string) => void,
  ) {
    const file = path.join(options.networkHome, 'layout');
    this.#layout = existsSync(file) ? readFileSync(file, 'utf8').trim() : 'local';
  }

  // --- controlling the network ------------------------------------------------------------

  #sh(...args: string[]): void {
    const result = spawnSync('bash', [NETWORK_SH, ...args], {
      env: { ...process.env, BOND_NETWORK_HOME: this.options.networkHome },
      encoding: 'utf8',
    });
    if (result.status !== 0)
      throw new Error(`network.sh ${args.join(' ')} failed: ${(result.stderr || result.stdout).trim().split('\n').slice(-3).join(' | ')}`);
  }

  #pid(name: string): number | undefined {
    const file = path.join(this.options.networkHome, 'pids', `${name}.pid`);
    if (!existsSync(file)) return undefined;
    const pid = Number(readFileSync(file, 'utf8').trim());
    try {
      process.kill(pid, 0);
      return pid;
    } catch {
      return undefined;
    }
  }

  /** kill -9 of the process and its group, as a crash or an operator's `kill -9` would. */
  kill(name: string): void {
    const pid = this.#pid(name);
    if (!pid) throw new Error(`${name} is not running`);
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      process.kill(pid, 'SIGKILL');
    }
    this.log(`  kill -9 ${name} (pid ${pid})`);
  }

  start(name: string): void {
    this.#sh('startProcess', name);
    this.log(`  started ${name}`);
  }

  running(name: string): boolean {
    return this.#pid(name) !== undefined;
  }

  /** The topology variable, as the scripts resolve it (network/topology.env, the layout, onboarded institutions). */
  topology(variable: string): string {
    // Asked while polling readiness: the topology does not change during a run, so each variable is read once.
    let value = this.#topology.get(variable);
    if (value === undefined) {
      const script = `source "${REPO}/test-network-scripts/lib/common.sh"; load_topology; printf '%s' "\${${variable}}"`;
      value = spawnSync('bash', ['-c', script], {
        env: { ...process.env, BOND_NETWORK_HOME: this.options.networkHome },
        encoding: 'utf8',
      }).stdout.trim();
      this.#topology.set(variable, value);
    }
    return value;
  }

  /** An organisation's gateway's /readyz status, asked from inside its namespace when it has one (a cut namespace cannot be reached from outside). */
  readiness(org: string): string {
    const baseUrl = (
      JSON.parse(readFileSync(path.join(this.options.networkHome, 'gateways.json'), 'utf8')) as {
        gateways: Record<string, { baseUrl: string }>;
      }
    ).gateways[org]?.baseUrl;
    const curl = ['curl', '-s', '-m', '5', `${baseUrl}/readyz`];
    const command =
      this.#layout === 'namespaces' ? ['ip', 'netns', 'exec', this.topology(`${org.toUpperCase()}_NAMESPACE`), ...curl] : curl;
    const result = spawnSync(command[0] as string, command.slice(1), { encoding: 'utf8' });
    try {
      return (JSON.parse(result.stdout) as { status?: string }).status ?? 'no answer';
    } catch {
      return 'no answer';
    }
  }

  async waitFor(what: string, condition: () => boolean | Promise<boolean>, deadlineMs = RECOVERY_DEADLINE_MS): Promise<number | undefined> {
    const started = Date.now();
    while (Date.now() - started < deadlineMs) {
      if (await condition()) return Math.round((Date.now() - started) / 100) / 10;
      await sleep(500);
    }
    this.log(`  ${what}: not within ${deadlineMs / 1000} s`);
    return undefined;
  }

  /** A peer's block height (qscc), or undefined if it does not answer. */
  async peerHeight(org: string): Promise<number | undefined> {
    try {
      return await new LedgerReader(this.direct.network(org, 'viewer1'), this.network.chaincode).height();
    } catch {
      return undefined;
    }
  }

  /** The orderer organisation's admin's TLS material (organizations/ORG/users/admin/tls), beside ORG's msp/tlscacerts/ca.pem. */
  #adminTls(ordererCaPath: string): { ca: Buffer; cert: Buffer; key: Buffer } {
    const tls = path.join(path.dirname(path.dirname(path.dirname(ordererCaPath))), 'users', 'admin', 'tls');
    return {
      ca: readFileSync(path.join(tls, 'ca.crt')),
      cert: readFileSync(path.join(tls, 'server.crt')),
      key: readFileSync(path.join(tls, 'server.key')),
    };
  }

  /** An orderer's channel height from its channel participation API (mutual TLS as the orderer organisation's admin). */
  async ordererHeight(name: string): Promise<number | undefined> {
    const orderer = this.network.orderers?.find((o) => o.name === name);
    if (!orderer) return undefined;
    const body = await httpsGet(
      `https://${orderer.adminEndpoint}/participation/v1/channels/${this.network.channel}`,
      this.#adminTls(orderer.tlsRootCertPath),
      orderer.hostAlias,
    );
    try {
      return body === undefined ? undefined : (JSON.parse(body) as { height?: number }).height;
    } catch {
      return undefined;
    }
  }

  /** The orderer that leads the channel's Raft cluster, from the operations endpoints' consensus_etcdraft_is_leader. */
  async raftLeader(): Promise<string | undefined> {
    for (const orderer of this.network.orderers ?? []) {
      const address = `${this.topology(`${orderer.name.toUpperCase()}_HOST`)}:${this.topology(`${orderer.name.toUpperCase()}_OPS_PORT`)}`;
      // /metrics asks for a client certificate: the orderer organisation's admin's TLS one.
      const metrics = await httpsGet(`https://${address}/metrics`, this.#adminTls(orderer.tlsRootCertPath), orderer.hostAlias);
      if (new RegExp(`consensus_etcdraft_is_leader\\{channel="${this.network.channel}"\\} 1\\b`).test(metrics ?? '')) return orderer.name;
    }
    return undefined;
  }

  async #caughtUp(org: string): Promise<boolean> {
    const [mine, csd] = await Promise.all([this.peerHeight(org), this.peerHeight('csd')]);
    return mine !== undefined && csd !== undefined && mine >= csd;
  }

  // --- one scenario ---------------------------------------------------------------------------

  async #accountUnits(): Promise<Map<string, bigint>> {
    const units = new Map<string, bigint>();
    const ctx = { direct: this.direct, chaincode: this.network.chaincode, fixture: this.fixture };
    for (const account of accountsMoved(this.fixture, this.options.concurrency))
      units.set(accountKey(account), await unitsOf(ctx, account));
    return units;
  }

  async run(scenario: ScenarioName, injected: string, inject: Injection, checkPeers: string[] = ['csd']): Promise<ScenarioReport> {
    this.log(`${scenario}: ${injected}`);
    const dir = path.join(this.options.out, scenario);
    mkdirSync(dir, { recursive: true });
    const fromBlock = (await this.peerHeight('csd')) ?? 0;
    const before = await this.#accountUnits();
    const load = new TransferLoad(this.rest, this.fixture, {
      concurrency: this.options.concurrency,
      acknowledgedFile: path.join(dir, 'acknowledged.jsonl'),
      runId: `${scenario}-${Date.now().toString(36)}`,
    });
    const marks: Mark[] = [];
    const expectations: Expectation[] = [];
    const figures: Record<string, number | string | undefined> = {};
    const run: Run = {
      load,
      mark: (name) => {
        const m = { name, at: load.now() };
        marks.push(m);
        return m;
      },
      expect: (what, ok, observed) => {
        expectations.push({ what, ok, observed });
        this.log(`  ${ok ? 'ok  ' : 'FAIL'} ${what}: ${observed}`);
      },
      figures,
    };
    const progress = setInterval(() => {
      this.log(`  … ${load.stats.acknowledged} acknowledged, ${load.stats.retries} retried, ${load.inFlight()} in flight`);
    }, 10_000);
    load.start();
    let injectionError: unknown;
    try {
      await sleep(WARM_UP_MS);
      await inject(run);
      await sleep(5_000);
    } catch (error) {
      injectionError = error;
    } finally {
      run.mark('stopping');
      await load.stop();
      clearInterval(progress);
    }
    const endAt = load.now();
    if (injectionError)
      expectations.push({
        what: 'the scenario ran',
        ok: false,
        observed: injectionError instanceof Error ? injectionError.message : JSON.stringify(injectionError),
      });
    const acks = load.acknowledgements.map((a) => a.at);
    const fault = marks.find((m) => m.name === 'fault');
    const repaired = marks.find((m) => m.name === 'repaired');
    const mismatches = holdingMismatches(before, load.netUnits, await this.#accountUnits());
    const checks = checkPeers.map((peer) => this.#checkLedger(path.join(dir, 'acknowledged.jsonl'), fromBlock, peer));
    const lost = checks.reduce((n, c) => Math.max(n, c.lost), 0);
    const report: ScenarioReport = {
      scenario,
      injected,
      marks,
      phases: phases(acks, marks, endAt),
      load: load.stats,
      recoverySeconds: secondsToFirstAfter(acks, repaired),
      longestStallSeconds: fault ? longestGap(acks, fault.at, endAt) : undefined,
      figures,
      lost,
      holdingMismatches: mismatches,
      checkLedger: { ok: checks.every((c) => c.ok), summary: checks.map((c) => c.summary).join('; ') },
      expectations,
      ok: false,
    };
    expectations.push({
      what: 'every acknowledged transaction is on the ledger, VALID, once (check-ledger)',
      ok: report.checkLedger.ok,
      observed: report.checkLedger.summary,
    });
    expectations.push({
      what: 'holdings are what the client saw settle (no settlement lost or repeated)',
      ok: mismatches.length === 0,
      observed: mismatches.length === 0 ? `${before.size} accounts agree` : mismatches.slice(0, 3).join('; '),
    });
    expectations.push({
      what: 'every request got an answer in the end',
      ok: load.stats.unresolved === 0,
      observed: `${load.stats.unresolved} unresolved`,
    });
    report.ok = expectations.every((e) => e.ok);
    this.log(
      `  ${report.ok ? 'passed' : 'FAILED'}: ${load.stats.acknowledged} acknowledged, ${load.stats.transfersSettled} transfers settled, ${load.stats.retries} retries, lost ${lost}`,
    );
    writeFileSync(path.join(dir, 'report.json'), JSON.stringify(report, null, 2) + '\n');
    return report;
  }

  #checkLedger(acknowledged: string, fromBlock: number, peer: string): { ok: boolean; lost: number; summary: string } {
    const result = spawnSync(
      process.execPath,
      [CHECK_LEDGER, '--json', '--acknowledged', acknowledged, '--from-block', String(fromBlock), '--peer', peer],
      {
        env: { ...process.env, BOND_NETWORK_HOME: this.options.networkHome },
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    try {
      const report = JSON.parse(result.stdout) as { ok: boolean; checks: { check: string; checked: number; violations: unknown[] }[] };
      const ack = report.checks.find((c) => c.check === 'acknowledged');
      return {
        ok: report.ok && result.status === 0,
        lost: ack?.violations.length ?? 0,
        summary: `via ${peer}'s peer: ${report.checks.map((c) => `${c.check} ${c.checked} checked, ${c.violations.length} violations`).join(', ')}`,
      };
    } catch {
      return {
        ok: false,
        lost: 0,
        summary: `check-ledger via ${peer} could not run (exit ${result.status}): ${result.stderr.trim().split('\n').slice(-2).join(' | ')}`,
      };
    }
  }

  // --- the scenarios ---------------------------------------------------------------------------

  async scenario(name: ScenarioName): Promise<ScenarioReport> {
    const observe = this.options.observeSeconds * 1000;
    switch (name) {
      case 'orderer-kill':
        return this.run(name, 'kill -9 the Raft leader (one of three orderers), restart it', async (r) => {
          const leader = (await this.raftLeader()) ?? 'orderer1';
          const others = (this.network.orderers ?? []).map((o) => o.name).filter((o) => o !== leader);
          r.figures.killed = leader;
          r.mark('fault');
          this.kill(leader);
          // New submissions meanwhile (the load's own, sent to the leader before it died, wait for their commit).
          const committed = await this.#sideWrites(observe);
          r.figures.newTransactionsCommittedWithoutIt = committed;
          r.expect(
            'new transactions commit on the two other orderers',
            committed > 0,
            `${committed} calendar updates committed in ${observe / 1000} s`,
          );
          this.start(leader);
          r.mark('repaired');
          const target = Math.max(...(await Promise.all(others.map(async (o) => (await this.ordererHeight(o)) ?? 0))));
          if (target === 0) throw new Error("cannot read the orderers' heights (channel participation API)");
          const caughtUp = await this.waitFor(`${leader} catching up`, async () => ((await this.ordererHeight(leader)) ?? 0) >= target);
          r.figures.ordererCatchUpSeconds = caughtUp;
          r.expect(
            'the restarted orderer catches up with the channel',
            caughtUp !== undefined,
            `height ${target} reached in ${caughtUp ?? '—'} s`,
          );
          await sleep(observe / 2);
        });
      case 'orderer-majority':
        return this.run(name, 'kill -9 orderer1 and orderer2 (two of three), restart one, then the other', async (r) => {
          const outcomesBefore = { ...r.load.stats.outcomes };
          r.mark('fault');
          this.kill('orderer1');
          this.kill('orderer2');
          const notReady = await this.waitFor('gateways reporting not-ready', () => this.readiness('csd') === 'not-ready', 30_000);
          r.figures.notReadyAfterSeconds = notReady;
          r.expect(
            'the gateways report not-ready (no ordering majority)',
            notReady !== undefined,
            `csd gateway /readyz 503 after ${notReady ?? '—'} s`,
          );
          // A new submission while no majority is up (the load's own requests wait for their commits).
          const probe = this.#probe();
          await sleep(observe);
          const answer = await probe;
          r.figures.newSubmissionWithoutMajority = answer;
          r.expect(
            'a new submission is answered with a documented 5xx, not acknowledged',
            /^50[34] FABRIC_(UNAVAILABLE|TIMEOUT)/.test(answer),
            answer,
          );
          const during = Object.entries(r.load.stats.outcomes)
            .map(([k, v]) => [k, v - (outcomesBefore[k] ?? 0)] as const)
            .filter(([, v]) => v > 0);
          r.figures.outcomesWithoutMajority = during.map(([k, v]) => `${k} ${v}`).join(', ');
          const undocumented = during.filter(
            ([k]) =>
              ![
                'VALID',
                'FABRIC_UNAVAILABLE',
                'FABRIC_TIMEOUT',
                'IDEMPOTENCY_KEY_PENDING',
                'NETWORK_TIMEOUT',
                'NOT_FOUND',
                'INVALID_STATE_TRANSITION',
                'ENDORSEMENT_MISMATCH',
                'CONFLICT',
              ].includes(k) && !k.startsWith('HTTP_5'),
          );
          r.expect(
            'submissions fail with documented statuses only',
            undocumented.length === 0,
            r.figures.outcomesWithoutMajority || 'none answered yet: the requests in flight were waiting for their commits',
          );
          this.start('orderer1');
          const repaired = r.mark('repaired');
          const resumed = await this.waitFor('commits resuming with two orderers', () =>
            r.load.acknowledgements.some((a) => a.at >= repaired.at),
          );
          r.expect(
            'commits resume once a majority is back',
            resumed !== undefined,
            `first commit ${resumed ?? '—'} s after orderer1 restarted`,
          );
          this.start('orderer2');
          r.mark('all-back');
          await sleep(observe / 2);
        });
      default:
        return this.#moreScenarios(name, observe);
    }
  }

  async #moreScenarios(name: ScenarioName, observe: number): Promise<ScenarioReport> {
    switch (name) {
      case 'namespace-cut': {
        if (this.#layout !== 'namespaces') return this.#skipped(name, 'needs the namespaces layout (npm start -- --namespaces)');
        return this.run(
          name,
          "network.sh cut bank: the bank's namespace loses its link, then heal",
          async (r) => {
            const heightAtCut = (await this.peerHeight('csd')) ?? 0;
            r.mark('fault');
            this.#sh('cut', 'bank');
            const notReady = await this.waitFor('bank gateway not-ready', () => this.readiness('bank') === 'not-ready', 30_000);
            r.figures.notReadyAfterSeconds = notReady;
            r.expect("the cut-off bank's gateway reports not-ready", notReady !== undefined, `/readyz 503 after ${notReady ?? '—'} s`);
            // Every transfer of the load involves the bank; the others go on writing without it meanwhile.
            const others = await this.#sideWrites(observe);
            r.figures.writesWithoutTheBank = others;
            r.expect(
              'the CSD and the securities company commit while the bank is cut off',
              others > 0,
              `${others} calendar updates committed through the CSD's gateway`,
            );
            // The bank's peer cannot be asked while cut off: what the others committed meanwhile.
            const behind = ((await this.peerHeight('csd')) ?? 0) - heightAtCut;
            r.figures.blocksCommittedWhileCut = behind;
            this.#sh('heal', 'bank');
            r.mark('repaired');
            const ready = await this.waitFor('bank gateway ready again', () => this.readiness('bank') === 'ready');
            r.figures.readyAgainAfterSeconds = ready;
            r.expect('its gateway is ready again by itself', ready !== undefined, `/readyz 200 ${ready ?? '—'} s after the heal`);
            const caughtUp = await this.waitFor('bank peer catching up', () => this.#caughtUp('bank'));
            r.figures.peerCatchUpSeconds = caughtUp;
            r.expect(
              "the bank's peer catches up from the orderers",
              caughtUp !== undefined,
              `${behind} blocks behind at the heal, level ${caughtUp ?? '—'} s after`,
            );
            await sleep(observe / 2);
          },
          ['csd', 'bank'],
        );
      }
      case 'peer-kill':
        return this.#processKill(name, 'peer0-securities', observe, 'securities');
      case 'chaincode-kill':
        return this.#processKill(name, 'chaincode-bank', observe, 'bank');
      case 'gateway-kill':
        return this.run(
          name,
          "kill -9 the bank's REST gateway with requests in flight, restart it",
          async (r) => {
            await this.waitFor('requests in flight', () => r.load.inFlight() > 0, 10_000);
            r.figures.inFlightAtKill = r.load.inFlight();
            r.mark('fault');
            this.kill('gateway-bank');
            await sleep(observe / 4);
            this.start('gateway-bank');
            r.mark('repaired');
            await sleep(observe / 2);
            r.expect(
              'requests cut off were answered after retries with the same key',
              r.load.stats.unresolved === 0,
              `${r.figures.inFlightAtKill} in flight at the kill; ${r.load.stats.retries} retries with the same key, ${r.load.stats.outcomes.NETWORK_ECONNREFUSED ?? 0} of them refused while the gateway was down`,
            );
          },
          ['csd', 'bank'],
        );
      case 'disk-full':
        return this.#diskFull(observe);
      default:
        throw new Error(`no scenario ${name as string}`);
    }
  }

  /** Calendar updates through the CSD's gateway (endorsed by the CSD and the securities company, never the bank) for `ms`: how many committed. */
  async #sideWrites(ms: number): Promise<number> {
    const until = Date.now() + ms;
    let committed = 0;
    for (let n = 0; Date.now() < until; n++) {
      const answer = await this.rest.request('csd', 'operator1', 'PUT', `/calendars/FAULTS-${n % 4}/2199`, {
        holidays: [],
        workingWeekends: [],
      });
      if (answer.sample.outcome === 'VALID') committed += 1;
      else await sleep(500);
    }
    return committed;
  }

  /** A contact update through the CSD's gateway (no key, not retried): its status, code and how long it took. */
  async #probe(): Promise<string> {
    const client = new RestClients(this.options.networkHome, 1, 120_000);
    try {
      const answer = await client.request('csd', 'operator1', 'PUT', '/members/me/contact', {
        contactName: 'Operations desk (fault probe)',
        email: 'ops@csd.bond.test',
      });
      return `${answer.status ?? 0} ${answer.sample.outcome} after ${((answer.sample.finishedAt - answer.sample.submittedAt) / 1000).toFixed(1)} s`;
    } finally {
      client.close();
    }
  }

  #skipped(name: ScenarioName, why: string): ScenarioReport {
    this.log(`${name}: skipped, ${why}`);
    return {
      scenario: name,
      injected: '',
      skipped: why,
      marks: [],
      phases: [],
      load: noLoad(),
      figures: {},
      lost: 0,
      holdingMismatches: [],
      checkLedger: { ok: true, summary: 'not run' },
      expectations: [],
      ok: true,
    };
  }

  #processKill(name: ScenarioName, process: string, observe: number, org: string): Promise<ScenarioReport> {
    return this.run(
      name,
      `kill -9 ${process} mid-load, restart it`,
      async (r) => {
        r.figures.inFlightAtKill = r.load.inFlight();
        r.mark('fault');
        this.kill(process);
        await sleep(observe / 2);
        this.start(process);
        r.mark('repaired');
        const ready = await this.waitFor(`${org} gateway ready`, () => this.readiness(org) === 'ready');
        const caughtUp = await this.waitFor(`${org} peer level with the CSD's`, () => this.#caughtUp(org));
        r.figures.peerCatchUpSeconds = caughtUp;
        r.expect(
          `${org}'s gateway and peer are back`,
          ready !== undefined && caughtUp !== undefined,
          `ready ${ready ?? '—'} s, peer level ${caughtUp ?? '—'} s after the restart`,
        );
        await sleep(observe / 2);
      },
      ['csd', org],
    );
  }

  /**
   * The securities peer's ledger directory moved onto a tmpfs a few MB
   * larger than it is, before the load starts; the load fills it. The peer
   * must fail visibly (exit, or /healthz failing), and once the filesystem
   * grows, start again over the same ledger and catch up: nothing corrupted.
   * Afterwards the ledger goes back to the disk.
   */
  async #diskFull(observe: number): Promise<ScenarioReport> {
    if (process.getuid?.() !== 0) return this.#skipped('disk-full', 'needs root (mount)');
    const peer = 'peer0-securities';
    const data = path.join(this.options.networkHome, 'nodes', peer);
    const onDisk = `${data}.on-disk`;
    const sh = (command: string) => {
      const result = spawnSync('bash', ['-c', command], { encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`${command}: ${result.stderr.trim()}`);
      return result.stdout.trim();
    };
    const usedKb = Number(sh(`du -sk "${data}" | cut -f1`));
    const sizeKb = usedKb + 3 * 1024;
    this.#sh('stopProcess', peer);
    sh(
      `mv "${data}" "${onDisk}" && mkdir "${data}" && mount -t tmpfs -o size=${sizeKb}k tmpfs "${data}" && cp -a "${onDisk}/." "${data}/"`,
    );
    this.start(peer);
    try {
      return await this.run(
        'disk-full',
        `the securities peer's ledger on a ${Math.round(sizeKb / 1024)} MB filesystem with 3 MB free, filled by the load; then 256 MB more`,
        async (r) => {
          const failed = await this.waitFor(
            'the peer failing on a full disk',
            async () => !this.running(peer) || (await this.peerHeight('securities')) === undefined,
            240_000,
          );
          r.mark('fault');
          const free = sh(`df -k --output=avail "${data}" | tail -1`);
          r.figures.secondsUntilFull = failed === undefined ? undefined : Math.round(failed);
          r.figures.peerExited = this.running(peer) ? 'no' : 'yes';
          r.expect(
            'the peer fails visibly when its disk is full',
            failed !== undefined,
            `${this.running(peer) ? 'not answering' : 'exited'} after ${failed ?? '—'} s, ${free} kB free; log: ${this.#lastLogLine(peer)}`,
          );
          await sleep(observe / 2);
          sh(`mount -o remount,size=${sizeKb + 256 * 1024}k "${data}"`);
          if (this.running(peer)) this.#sh('stopProcess', peer);
          this.start(peer);
          r.mark('repaired');
          const caughtUp = await this.waitFor('securities peer level with the CSD', () => this.#caughtUp('securities'));
          r.figures.peerCatchUpSeconds = caughtUp;
          r.expect(
            'after space returns it starts over the same ledger and catches up',
            caughtUp !== undefined,
            `level ${caughtUp ?? '—'} s after the restart`,
          );
          await sleep(observe / 2);
        },
        ['csd', 'securities'],
      );
    } finally {
      // The ledger back onto the disk, whatever happened.
      if (this.running(peer)) this.#sh('stopProcess', peer);
      sh(
        `rm -rf "${onDisk}" && mkdir "${onDisk}" && cp -a "${data}/." "${onDisk}/" && umount "${data}" && rmdir "${data}" && mv "${onDisk}" "${data}"`,
      );
      this.start(peer);
      await this.waitFor('securities peer level with the CSD', () => this.#caughtUp('securities'));
    }
  }

  #lastLogLine(name: string): string {
    const file = path.join(this.options.networkHome, 'logs', `${name}.log`);
    if (!existsSync(file) || statSync(file).size === 0) return '(no log)';
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    // The panic's own line names the cause (the stack frames after it do not).
    const recent = lines.slice(-400);
    const telling =
      recent.find((l) => l.startsWith('panic:')) ??
      recent.reverse().find((l) => /no space|PANI|FATA/.test(l)) ??
      lines[lines.length - 1] ??
      '';
    // Without the terminal colour codes Fabric's log lines carry.
    return telling.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '').slice(0, 240);
  }
}

/** The body of a 200 answer to an HTTPS GET with mutual TLS, or undefined if there is none. */
function httpsGet(url: string, tls: { ca: Buffer; cert: Buffer; key: Buffer }, servername: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const request = https.get(url, { ...tls, servername, timeout: 5_000 }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => {
        resolve(response.statusCode === 200 ? body : undefined);
      });
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => {
      resolve(undefined);
    });
  });
}

function table(reports: ScenarioReport[]): string {
  const rows = reports.map((r) =>
    r.skipped
      ? `${r.scenario.padEnd(17)} skipped: ${r.skipped}`
      : [
          `${r.scenario.padEnd(17)} ${(r.ok ? 'ok' : 'FAIL').padEnd(5)}`,
          `ack ${String(r.load.acknowledged).padStart(5)} `,
          `settled ${String(r.load.transfersSettled).padStart(4)} `,
          `retries ${String(r.load.retries).padStart(4)} `,
          `lost ${r.lost} `,
          `stall ${r.longestStallSeconds ?? '—'} s `,
          `recovery ${r.recoverySeconds ?? '—'} s`,
        ].join(' '),
  );
  return ['scenario          result', ...rows].join('\n');
}

export async function main(argv: readonly string[]): Promise<number> {
  const options = parseOrReport('faults', argv, parseArgs);
  if (!options) return 2;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const network = loadTestNetwork(options.networkHome);
  const direct = new DirectClients(network);
  const rest = new RestClients(options.networkHome, 256, 30_000);
  try {
    await direct.connect(['csd', 'bank', 'securities']);
    const fixture = await new FixtureBuilder(direct, network.chaincode, log).ensure(options.networkHome, options.concurrency);
    const suite = new FaultSuite(options, network, direct, rest, fixture, log);
    const reports: ScenarioReport[] = [];
    for (const name of options.scenarios) reports.push(await suite.scenario(name));
    mkdirSync(options.out, { recursive: true });
    writeFileSync(
      path.join(options.out, 'results.json'),
      JSON.stringify({ finished: new Date().toISOString(), options, reports }, null, 2) + '\n',
    );
    if (options.json) for (const r of reports) process.stdout.write(JSON.stringify(r) + '\n');
    else process.stdout.write(table(reports) + '\n');
    log(`reports in ${options.out}`);
    return reports.every((r) => r.ok) ? 0 : 1;
  } catch (error) {
    process.stderr.write(`faults: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  } finally {
    direct.close();
    rest.close();
  }
}
