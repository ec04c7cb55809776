/**
 * npm run check-ledger: the ledger's invariants, read from a peer directly
 * (fabric-gateway as a reading identity, never through a REST gateway).
 * When the network has a cash ledger (issue 17), its rules too
 * (cash-rules.ts), from its blocks, read as the same organisation if it is
 * on the cash channel, else as the cash channel's observer (the CSD).
 *
 *   npm run check-ledger -- [--json] [--acknowledged FILE] [--from-block N] [--to-block N] [--no-blocks]
 *                           [--lock-grace SECONDS] [--org ORG] [--user USER] [--peer ORG] [--network-home DIR] [--quiet]
 *                           [--no-cash]
 *
 * Exit 0: every check passed; 1: a violation; 2: the checks could not run
 * (network unreachable, bad arguments). Progress goes to stderr, the table
 * (or with --json the machine-readable report) to stdout.
 */
import { UsageError } from '../command-line';
import { readFileSync } from 'node:fs';
import { type Gateway } from '@hyperledger/fabric-gateway';
import type * as grpc from '@grpc/grpc-js';
import { connectGateway, newGrpcClient, waitForReady } from '../fabric/connection';
import {
  cashOrganization,
  cashReaderOrg,
  defaultNetworkHome,
  loadTestNetwork,
  organization,
  peerEndpointOf,
  signingIdentityOf,
  type TestCashLedger,
  type TestNetwork,
} from './test-network';
import { type CashCheckResult, cashChecks, replayCashState } from './cash-rules';
import { errorText, LedgerReader, mapLimit, type LedgerSnapshot } from './ledger-reader';
import {
  type AcknowledgedTransaction,
  type BlockTransaction,
  checkAcknowledged,
  checkCsdEndorsement,
  checkEntitlements,
  checkHashLocks,
  checkHoldingUnits,
  checkOutstanding,
  checkPledges,
  checkRepos,
  type CheckResult,
  DEFAULT_LOCK_GRACE_SECONDS,
  formatTable,
  occurrences,
  parseAcknowledged,
  redeemedUnits,
  type TransactionLookup,
} from './rules';

export interface Options {
  json: boolean;
  quiet: boolean;
  acknowledged?: string;
  fromBlock?: number;
  toBlock?: number;
  blocks: boolean;
  org?: string;
  user: string;
  peer?: string;
  networkHome: string;
  connectTimeoutMs: number;
  /** Check the cash ledger too when the network has one (default); --no-cash skips it. */
  cash: boolean;
  /** Seconds past its expiry a hash lock (bond or cash) may still be LOCKED: the settlement agents' reaction time. */
  lockGraceSeconds: number;
}

const USAGE = `usage: npm run check-ledger -- [--json] [--acknowledged FILE] [--from-block N] [--to-block N] [--no-blocks]
                             [--lock-grace SECONDS] [--org ORG] [--user USER] [--peer ORG] [--network-home DIR] [--quiet]
                             [--no-cash]`;

function blockNumber(value: string | undefined, flag: string): number {
  if (value === undefined || !/^[0-9]{1,15}$/.test(value)) throw new UsageError(`${flag} needs a block number`);
  return Number(value);
}

type Flag = (options: Options, value: () => string) => void;

const FLAGS: Readonly<Record<string, Flag>> = {
  '--json': (o) => {
    o.json = true;
  },
  '--quiet': (o) => {
    o.quiet = true;
  },
  '--no-blocks': (o) => {
    o.blocks = false;
  },
  '--acknowledged': (o, v) => {
    o.acknowledged = v();
  },
  '--from-block': (o, v) => {
    o.fromBlock = blockNumber(v(), '--from-block');
  },
  '--to-block': (o, v) => {
    o.toBlock = blockNumber(v(), '--to-block');
  },
  '--lock-grace': (o, v) => {
    const value = v();
    if (!/^[0-9]{1,9}$/.test(value)) throw new UsageError('--lock-grace needs a number of seconds');
    o.lockGraceSeconds = Number(value);
  },
  '--org': (o, v) => {
    o.org = v();
  },
  '--user': (o, v) => {
    o.user = v();
  },
  '--peer': (o, v) => {
    o.peer = v();
  },
  '--network-home': (o, v) => {
    o.networkHome = v();
  },
  '--no-cash': (o) => {
    o.cash = false;
  },
};

export function parseArgs(argv: readonly string[]): Options {
  const options: Options = {
    json: false,
    quiet: false,
    blocks: true,
    user: 'viewer1',
    networkHome: defaultNetworkHome(),
    connectTimeoutMs: 10_000,
    cash: true,
    lockGraceSeconds: DEFAULT_LOCK_GRACE_SECONDS,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] ?? '';
    if (flag === '--help' || flag === '-h') throw new UsageError('');
    const handler = FLAGS[flag];
    if (!handler) throw new UsageError(`unknown argument ${flag}`);
    handler(options, () => {
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      return next;
    });
  }
  if (options.fromBlock !== undefined && options.toBlock !== undefined && options.toBlock < options.fromBlock)
    throw new UsageError('--to-block is before --from-block');
  return options;
}

/** The reading identity: the regulator's viewer if the network has a regulator, else the CSD's. */
function readerOrg(network: TestNetwork, options: Options): string {
  if (options.org) return options.org;
  const regulator = Object.entries(network.organizations).find(([name, org]) => name === 'regulator' || /regulator/i.test(org.mspId));
  return regulator?.[0] ?? 'csd';
}

interface LedgerInfo {
  channel: string;
  chaincode: string;
  peer: string;
  identity: string;
  height: number;
}

interface Report {
  ok: boolean;
  network: LedgerInfo;
  blocks?: { from: number; to: number; transactions: number };
  checks: CheckResult[];
  /** The cash ledger's rules, when the network has a cash ledger and --no-cash was not given. */
  cash?: { network: LedgerInfo; checkedAt: string; checks: CashCheckResult[] };
}

/** The cash ledger's report, unless the network has none or --no-cash. */
function cashReport(network: TestNetwork, readingOrg: string, options: Options, log: (line: string) => void): Promise<Report['cash']> {
  return options.cash && network.cash ? checkCashLedger(network.cash, readingOrg, options, log) : Promise.resolve(undefined);
}

/** The report with the cash ledger's part, if any: every invariant of both ledgers must hold. */
function withCash(cash: Report['cash'], report: Omit<Report, 'ok' | 'cash'>): Report {
  const ok = [...report.checks, ...(cash?.checks ?? [])].every((c) => c.violations.length === 0);
  return cash ? { ok, ...report, cash } : { ok, ...report };
}

/**
 * The cash ledger's rules: its chaincode's world state replayed from every
 * block (so the snapshot is one height's, and needs no right to list the
 * participants' accounts), checked at the time its height was read.
 */
async function checkCashLedger(
  cash: TestCashLedger,
  readingOrg: string,
  options: Options,
  log: (line: string) => void,
): Promise<NonNullable<Report['cash']>> {
  const org = cashOrganization(cash, cashReaderOrg(cash, readingOrg));
  const identity = signingIdentityOf(org, options.user);
  const client = newGrpcClient(peerEndpointOf(org));
  let gateway: Gateway | undefined;
  try {
    try {
      await waitForReady(client, options.connectTimeoutMs);
    } catch {
      throw new UnreachableError(
        `cannot reach ${org.peer.hostAlias} at ${org.peer.endpoint} within ${options.connectTimeoutMs / 1000} s: is the cash ledger up? (or --no-cash)`,
      );
    }
    gateway = connectGateway(client, identity);
    const reader = new LedgerReader(gateway.getNetwork(cash.channel), cash.chaincode, 8, log);
    const height = await reader.height();
    // The state at this height held at this time: later blocks can only have refunded what it shows LOCKED.
    const checkedAt = Date.now();
    log(`reading ${cash.channel}/${cash.chaincode} from ${org.peer.hostAlias} as ${identity.mspId}/${options.user}; height ${height}`);
    const snapshot = replayCashState(await reader.stateWrites(cash.chaincode, height - 1));
    log(`${snapshot.accounts.length} cash accounts, ${snapshot.totals.length} currencies, ${snapshot.locks.length} locks`);
    return {
      network: {
        channel: cash.channel,
        chaincode: cash.chaincode,
        peer: org.peer.endpoint,
        identity: `${identity.mspId}/${options.user}`,
        height,
      },
      checkedAt: new Date(checkedAt).toISOString(),
      checks: cashChecks(snapshot, checkedAt, options.lockGraceSeconds),
    };
  } finally {
    gateway?.close();
    client.close();
  }
}

async function acknowledgedCheck(
  reader: LedgerReader,
  file: string,
  scanned: BlockTransaction[] | undefined,
  fullScan: boolean,
  concurrency: number,
): Promise<CheckResult> {
  const { records, errors } = parseAcknowledged(readFileSync(file, 'utf8'));
  if (errors.length > 0)
    throw new UsageError(`${file}: ${errors.slice(0, 5).join('; ')}${errors.length > 5 ? ` (and ${errors.length - 5} more)` : ''}`);
  const counts = scanned ? occurrences(scanned) : new Map<string, number>();
  const blocks = new Map((scanned ?? []).map((t) => [t.transactionId, String(t.blockNumber)]));
  const ids = [...new Set(records.map((r: AcknowledgedTransaction) => r.transactionId))];
  const lookups = new Map<string, TransactionLookup>();
  const found = await mapLimit(ids, concurrency, (id) => reader.lookup(id));
  ids.forEach((id, i) => {
    const count = counts.get(id) ?? 0;
    const lookup = found[i] ?? { found: false };
    const block = blocks.get(id);
    lookups.set(id, { ...lookup, ...(block ? { blockNumber: block } : {}), ...(fullScan || count > 1 ? { occurrences: count } : {}) });
  });
  return checkAcknowledged(records, lookups);
}

/** The hash lock rule's clock: the check's own time, and how late past an expiry a lock may still be LOCKED. */
interface LockClock {
  now: string;
  graceSeconds: number;
}

function bondChecks(snapshot: LedgerSnapshot, locks: LockClock): CheckResult[] {
  return [
    checkOutstanding(snapshot.bonds, redeemedUnits(snapshot.entitlements, snapshot.events)),
    checkHoldingUnits(snapshot.bonds.flatMap((b) => b.holdings)),
    checkPledges(snapshot.bonds),
    checkRepos(snapshot.bonds),
    checkEntitlements(snapshot),
    checkHashLocks(snapshot.bonds, locks),
  ];
}

/**
 * A bond whose figures disagree is read again once: a transaction committed
 * between two of its queries (the checker does not stop the network) would
 * otherwise look like a violation. What still disagrees is reported.
 */
async function recheck(reader: LedgerReader, snapshot: LedgerSnapshot, results: CheckResult[], locks: LockClock): Promise<CheckResult[]> {
  const suspect = new Set(
    results
      .filter((r) => ['outstanding', 'holding-units', 'pledges', 'repos', 'hash-locks'].includes(r.check))
      .flatMap((r) => r.violations.map((v) => v.subject.split('/')[0])),
  );
  if (suspect.size === 0) return results;
  const bonds = await reader.bonds();
  for (const [index, record] of snapshot.bonds.entries()) {
    const bond = bonds.find((b) => b.isin === record.isin);
    if (bond && suspect.has(record.isin)) snapshot.bonds[index] = await reader.bondRecord(bond);
  }
  return bondChecks(snapshot, locks);
}

export async function run(options: Options, log: (line: string) => void): Promise<Report> {
  const network = loadTestNetwork(options.networkHome);
  const idOrg = readerOrg(network, options);
  const peerOrg = options.peer ?? idOrg;
  const peerInfo = organization(network, peerOrg);
  const identity = signingIdentityOf(organization(network, idOrg), options.user);
  const csdMspId = organization(network, 'csd').mspId;
  let client: grpc.Client | undefined;
  let gateway: Gateway | undefined;
  try {
    client = newGrpcClient(peerEndpointOf(peerInfo));
    try {
      await waitForReady(client, options.connectTimeoutMs);
    } catch {
      throw new UnreachableError(
        `cannot reach ${peerInfo.peer.hostAlias} at ${peerInfo.peer.endpoint} within ${options.connectTimeoutMs / 1000} s: is the network up? (test-network-scripts/network.sh status)`,
      );
    }
    gateway = connectGateway(client, identity);
    const reader = new LedgerReader(gateway.getNetwork(network.channel), network.chaincode, 8, log);
    const height = await reader.height();
    log(
      `reading ${network.channel}/${network.chaincode} from ${peerInfo.peer.hostAlias} as ${identity.mspId}/${options.user}; height ${height}`,
    );

    const snapshot = await reader.snapshot();
    const locks: LockClock = { now: new Date().toISOString(), graceSeconds: options.lockGraceSeconds };
    const checks = await recheck(reader, snapshot, bondChecks(snapshot, locks), locks);

    let scanned: BlockTransaction[] | undefined;
    let blocks: Report['blocks'];
    if (options.blocks) {
      const from = options.fromBlock ?? 0;
      const to = Math.min(options.toBlock ?? height - 1, height - 1);
      scanned = await reader.blockTransactions(from, to);
      blocks = { from, to, transactions: scanned.length };
      checks.push(checkCsdEndorsement(scanned, network.chaincode, csdMspId));
    }
    if (options.acknowledged !== undefined) {
      const fullScan = blocks !== undefined && blocks.from === 0 && blocks.to === height - 1;
      checks.push(await acknowledgedCheck(reader, options.acknowledged, scanned, fullScan, 8));
    }
    const cash = await cashReport(network, idOrg, options, log);
    return withCash(cash, {
      network: {
        channel: network.channel,
        chaincode: network.chaincode,
        peer: peerInfo.peer.endpoint,
        identity: `${identity.mspId}/${options.user}`,
        height,
      },
      ...(blocks ? { blocks } : {}),
      checks,
    });
  } finally {
    gateway?.close();
    client?.close();
  }
}

class UnreachableError extends Error {}

function isUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 14 || code === 4 || /UNAVAILABLE|DEADLINE_EXCEEDED|ECONNREFUSED/.test(errorText(error));
}

function printReport(report: Report, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  const range = report.blocks ? `, blocks ${report.blocks.from}–${report.blocks.to} (${report.blocks.transactions} transactions)` : '';
  process.stdout.write(
    `ledger ${report.network.channel}/${report.network.chaincode} at height ${report.network.height} from ${report.network.peer} as ${report.network.identity}${range}\n\n`,
  );
  process.stdout.write(`${formatTable(report.checks)}\n\n`);
  if (report.cash) {
    const { network, checks } = report.cash;
    process.stdout.write(
      `ledger ${network.channel}/${network.chaincode} at height ${network.height} from ${network.peer} as ${network.identity}, at ${report.cash.checkedAt}\n\n`,
    );
    process.stdout.write(`${formatTable(checks)}\n\n`);
  }
  process.stdout.write(`${report.ok ? 'all invariants hold' : 'INVARIANTS VIOLATED'}\n`);
}

/** One line saying why the ledger could not be checked: never a stack. */
function failureMessage(error: unknown): string {
  if (error instanceof UnreachableError || error instanceof UsageError) return error.message;
  const first = errorText(error).split('\n')[0] ?? '';
  return isUnavailable(error) ? `the peer stopped answering: ${first}` : first;
}

export async function main(argv: readonly string[]): Promise<number> {
  let options: Options;
  try {
    options = parseArgs(argv);
  } catch (error) {
    const message = (error as Error).message;
    process.stderr.write(`${message ? `${message}\n` : ''}${USAGE}\n`);
    return 2;
  }
  const log = options.quiet ? () => undefined : (line: string) => process.stderr.write(`  ${line}\n`);
  try {
    const report = await run(options, log);
    printReport(report, options.json);
    return report.ok ? 0 : 1;
  } catch (error) {
    const message = failureMessage(error);
    if (options.json) process.stdout.write(`${JSON.stringify({ ok: false, error: message })}\n`);
    process.stderr.write(`check-ledger: cannot check the ledger: ${message}\n`);
    return 2;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
