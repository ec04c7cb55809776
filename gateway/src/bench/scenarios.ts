/**
 * The benchmark's scenarios, each a closed loop: `concurrency` workers, each
 * sending its next request when the last one finished, for a fixed time.
 * Every scenario returns the samples it timed; the transfer scenarios also
 * count the transfers that settled.
 */
import { performance } from 'node:perf_hooks';
import type { ContractName, FunctionName, Transfer } from '@bond-platform/chaincode/api';
import { afterCommit, type DirectClients, type RestClients, type Timed } from './clients';
import { type Account, benchmarkTerms, type TransferFixture } from './fixture';
import type { Sample } from './stats';

export interface RunOptions {
  concurrency: number;
  durationMs: number;
}

export interface ScenarioRun {
  samples: Sample[];
  /** Transfers that reached SETTLED (transfer scenarios only). */
  settled?: number;
  /** Findings the scenario checked after its load (hot spot: holdings read back). */
  checks?: Record<string, unknown>;
}

/** Runs `work(worker)` in `concurrency` workers until the time is up; each call is one operation. */
export async function closedLoop(options: RunOptions, work: (worker: number) => Promise<void>): Promise<void> {
  const deadline = performance.now() + options.durationMs;
  await Promise.all(
    Array.from({ length: options.concurrency }, async (_, worker) => {
      while (performance.now() < deadline) await work(worker);
    }),
  );
}

export interface Context {
  direct: DirectClients;
  rest: RestClients;
  chaincode: string;
  fixture: TransferFixture;
  /** A run-unique prefix, so keys never repeat across runs. */
  runId: string;
  /** Progress of long work (a line every 10 s at most). */
  progress: (line: string) => void;
}

// --- 1. baseline ----------------------------------------------------------------------

/** One key written per transaction through the benchmark's own chaincode, endorsed by the CSD and the bank. */
export async function baseline(ctx: Context, options: RunOptions): Promise<ScenarioRun> {
  const samples: Sample[] = [];
  const endorsers = [ctx.direct.mspId('csd'), ctx.direct.mspId('bank')];
  const contract = ctx.direct.contract('bank', 'operator1', 'benchmark', 'Baseline');
  let n = 0;
  await closedLoop(options, async (worker) => {
    n += 1;
    const answer = await ctx.direct.submit(contract, 'Put', [`${ctx.runId}-${worker}-${n}`, 'x'], endorsers);
    samples.push(answer.sample);
  });
  return { samples };
}

// --- 2, 3. transfers ----------------------------------------------------------------

/** The three steps of a DvP transfer, as the parties send them: seller instructs, buyer affirms, the CSD confirms the cash. */
interface TransferSteps {
  instruct(seller: Account, buyer: Account): Promise<Timed<Transfer>>;
  affirm(transfer: Transfer, buyer: Account): Promise<Timed<Transfer>>;
  confirmCash(transfer: Transfer): Promise<Timed<Transfer>>;
}

function instruction(ctx: Context, seller: Account, buyer: Account) {
  return {
    isin: ctx.fixture.isin,
    fromAccount: seller.accountId,
    to: buyer.mspId,
    toAccount: buyer.accountId,
    units: ctx.fixture.units,
    cashAmount: ctx.fixture.cashAmount,
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  };
}

/** REST: each step through the acting party's own gateway; a submit answers `{ result, transactionId, blockNumber }`. */
function restSteps(ctx: Context): TransferSteps {
  const result = (answer: Timed<{ result: Transfer }>): Timed<Transfer> => ({ ...answer, value: answer.value?.result });
  return {
    instruct: async (seller, buyer) =>
      result(await ctx.rest.request(seller.org, 'operator1', 'POST', '/transfers', instruction(ctx, seller, buyer))),
    affirm: async (transfer, buyer) =>
      result(await ctx.rest.request(buyer.org, 'operator1', 'POST', `/transfers/${transfer.transferId}/affirmation`)),
    confirmCash: async (transfer) =>
      result(await ctx.rest.request('csd', 'operator1', 'POST', `/transfers/${transfer.transferId}/cash-confirmation`)),
  };
}

/** Direct: the same steps from fabric-gateway clients, endorsers planned by the peer's gateway as for REST. */
function directSteps(ctx: Context): TransferSteps {
  const contract = (org: string) => ctx.direct.contract(org, 'operator1', ctx.chaincode, 'Custody');
  return {
    instruct: (seller, buyer) =>
      ctx.direct.submit<Transfer>(contract(seller.org), 'InstructTransfer', [JSON.stringify(instruction(ctx, seller, buyer))]),
    affirm: (transfer, buyer) => ctx.direct.submit<Transfer>(contract(buyer.org), 'AffirmTransfer', [transfer.transferId]),
    confirmCash: (transfer) => ctx.direct.submit<Transfer>(contract('csd'), 'ConfirmTransferCash', [transfer.transferId]),
  };
}

/**
 * Worker w owns pair w alone and moves one unit across it per transfer,
 * alternating direction: no two transactions in flight touch the same
 * holding, so no MVCC or phantom conflict can arise by construction.
 */
async function pairedTransfers(ctx: Context, options: RunOptions, steps: TransferSteps): Promise<ScenarioRun> {
  if (ctx.fixture.pairs.length < options.concurrency)
    throw new Error(`the fixture has ${ctx.fixture.pairs.length} pairs; ${options.concurrency} are needed`);
  const samples: Sample[] = [];
  let settled = 0;
  const lag = { retries: 0 };
  const forward = Array.from({ length: options.concurrency }, () => true);
  await closedLoop(options, async (worker) => {
    const pair = ctx.fixture.pairs[worker] as TransferFixture['pairs'][number];
    const [seller, buyer] = forward[worker] ? [pair.seller, pair.buyer] : [pair.buyer, pair.seller];
    forward[worker] = !forward[worker];
    if (await settleOne(steps, seller, buyer, samples, lag)) settled += 1;
  });
  return { samples, settled, checks: { peerLagRetries: lag.retries } };
}

/** One transfer's three steps; true once it settled. */
async function settleOne(
  steps: TransferSteps,
  seller: Account,
  buyer: Account,
  samples: Sample[],
  lag: { retries: number },
  confirmAttempts = 1,
): Promise<boolean> {
  // The seller's holding was just changed by this pair's last transfer: an endorser may still be behind.
  const instructed = await afterCommit(() => steps.instruct(seller, buyer), lag);
  samples.push(instructed.sample);
  const transfer = instructed.value;
  if (instructed.sample.outcome !== 'VALID' || !transfer) return false;
  const affirmed = await afterCommit(() => steps.affirm(transfer, buyer), lag);
  samples.push(affirmed.sample);
  if (affirmed.sample.outcome !== 'VALID') return false;
  for (let attempt = 1; attempt <= confirmAttempts; attempt++) {
    const confirmed = await afterCommit(() => steps.confirmCash(transfer), lag);
    samples.push(confirmed.sample);
    if (confirmed.sample.outcome === 'VALID') return confirmed.value?.status === 'SETTLED';
    if (confirmed.sample.outcome !== 'CONFLICT') return false;
  }
  return false;
}

export const transfersRest = (ctx: Context, options: RunOptions) => pairedTransfers(ctx, options, restSteps(ctx));

/**
 * Transfers settled in batches, as a CSD settles: each worker instructs and
 * affirms on its own pair through REST and hands the affirmed transfer to
 * the CSD's settlement run, which confirms the cash legs of every transfer
 * waiting (up to MAX_TRANSFERS_PER_BATCH) in one POST /transfer-settlements,
 * one batch at a time. A worker sends its pair's next transfer once its last
 * one settled, so no two transactions in flight touch the same holding.
 */
export async function transfersBatchedRest(ctx: Context, options: RunOptions, maxBatch: number): Promise<ScenarioRun> {
  if (ctx.fixture.pairs.length < options.concurrency)
    throw new Error(`the fixture has ${ctx.fixture.pairs.length} pairs; ${options.concurrency} are needed`);
  const samples: Sample[] = [];
  const lag = { retries: 0 };
  const waiting: { transferId: string; settled: (ok: boolean) => void }[] = [];
  let settled = 0;
  let batches = 0;
  const loading = { running: true };
  let wake: (() => void) | undefined;
  const settler = (async () => {
    while (loading.running || waiting.length > 0) {
      if (waiting.length === 0) {
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      const batch = waiting.splice(0, maxBatch);
      const transferIds = batch.map((b) => b.transferId);
      const answer = await afterCommit(() => ctx.rest.request('csd', 'operator1', 'POST', '/transfer-settlements', { transferIds }), lag);
      samples.push(answer.sample);
      const ok = answer.sample.outcome === 'VALID';
      if (ok) {
        settled += batch.length;
        batches += 1;
      }
      for (const b of batch) b.settled(ok);
    }
  })();
  const steps = restSteps(ctx);
  const forward = Array.from({ length: options.concurrency }, () => true);
  await closedLoop(options, async (worker) => {
    const pair = ctx.fixture.pairs[worker] as TransferFixture['pairs'][number];
    const [seller, buyer] = forward[worker] ? [pair.seller, pair.buyer] : [pair.buyer, pair.seller];
    forward[worker] = !forward[worker];
    const instructed = await afterCommit(() => steps.instruct(seller, buyer), lag);
    samples.push(instructed.sample);
    const transfer = instructed.value;
    if (instructed.sample.outcome !== 'VALID' || !transfer) return;
    const affirmed = await afterCommit(() => steps.affirm(transfer, buyer), lag);
    samples.push(affirmed.sample);
    if (affirmed.sample.outcome !== 'VALID') return;
    await new Promise<boolean>((settledOrNot) => {
      waiting.push({ transferId: transfer.transferId, settled: settledOrNot });
      wake?.();
    });
  });
  loading.running = false;
  wake?.();
  await settler;
  return {
    samples,
    settled,
    checks: { batches, meanBatch: batches > 0 ? Math.round((settled / batches) * 10) / 10 : 0, peerLagRetries: lag.retries },
  };
}
export const transfersDirect = (ctx: Context, options: RunOptions) => pairedTransfers(ctx, options, directSteps(ctx));

// --- 4. hot spot -----------------------------------------------------------------------

interface HoldingPosition {
  units: string;
}

export async function unitsOf(ctx: Pick<Context, 'direct' | 'chaincode' | 'fixture'>, account: Account): Promise<bigint> {
  const answer = await ctx.direct.evaluate<HoldingPosition>(
    ctx.direct.contract('csd', 'operator1', ctx.chaincode, 'Custody'),
    'GetHolding',
    [ctx.fixture.isin, account.mspId, account.accountId],
  );
  if (answer.sample.outcome === 'NOT_FOUND') return 0n;
  if (answer.sample.outcome !== 'VALID' || !answer.value)
    throw new Error(`cannot read ${account.mspId}/${account.accountId}: ${answer.sample.outcome}`);
  return BigInt(answer.value.units);
}

/**
 * Every worker transfers out of the bank's one HOT account at once, through
 * REST, into its own account of the securities company. Settling debits the
 * same holding, so most transactions conflict: the gateway retries a
 * conflict itself; past its retries the caller gets a clean 409 CONFLICT and
 * sends the cash confirmation again (up to 5 times in all). Afterwards the
 * holdings are read back: the HOT account lost exactly what the receiving
 * accounts gained, one unit per settled transfer.
 */
export async function hotSpot(ctx: Context, options: RunOptions): Promise<ScenarioRun> {
  const hot = ctx.fixture.hot;
  const receivers = Array.from({ length: options.concurrency }, (_, w): Account => ({
    org: 'securities',
    mspId: ctx.rest.mspId('securities'),
    accountId: `HOTIN-${ctx.runId}-${w}`.slice(0, 32),
  }));
  const before = await unitsOf(ctx, hot);
  const samples: Sample[] = [];
  let settled = 0;
  const lag = { retries: 0 };
  const steps = restSteps(ctx);
  await closedLoop(options, async (worker) => {
    if (await settleOne(steps, hot, receivers[worker] as Account, samples, lag, 5)) settled += 1;
  });
  const after = await unitsOf(ctx, hot);
  let received = 0n;
  for (const receiver of receivers) received += await unitsOf(ctx, receiver);
  const moved = BigInt(settled) * BigInt(ctx.fixture.units);
  return {
    samples,
    settled,
    checks: {
      hotUnitsBefore: before.toString(),
      hotUnitsAfter: after.toString(),
      receivedUnits: received.toString(),
      settledUnits: moved.toString(),
      consistent: before - after === moved && received === moved,
      peerLagRetries: lag.retries,
    },
  };
}

// --- 6. queries ---------------------------------------------------------------------

export interface Query {
  name: string;
  /** REST: the route, asked of `org`'s gateway as its viewer. */
  route: string;
  /** Direct: contract, function and arguments, asked of the same organisation's peer as the same viewer. */
  contract: ContractName;
  fn: FunctionName;
  args: string[];
}

export function queries(ctx: Context): Query[] {
  const bank = ctx.direct.mspId('bank');
  const csd = ctx.direct.mspId('csd');
  const isin = ctx.fixture.isin;
  return [
    { name: 'member', route: `/members/${csd}`, contract: 'Membership', fn: 'GetMember', args: [csd] },
    { name: 'bond', route: `/bonds/${isin}`, contract: 'Bonds', fn: 'GetBond', args: [isin] },
    {
      name: 'holdings',
      route: `/holders/${bank}/holdings?pageSize=20`,
      contract: 'Custody',
      fn: 'ListHoldingsOfHolder',
      args: [bank, '20', ''],
    },
    { name: 'register', route: `/bonds/${isin}/holders?pageSize=20`, contract: 'Custody', fn: 'ListHoldersOfBond', args: [isin, '20', ''] },
  ];
}

/** The CSD's viewer (who may read every record) asks `query` through the CSD's REST gateway. */
export async function queryRest(ctx: Context, query: Query, options: RunOptions): Promise<ScenarioRun> {
  const samples: Sample[] = [];
  await closedLoop(options, async () => {
    samples.push((await ctx.rest.request('csd', 'viewer1', 'GET', query.route)).sample);
  });
  return { samples };
}

/** The same viewer asks the same query of the CSD's peer directly. */
export async function queryDirect(ctx: Context, query: Query, options: RunOptions): Promise<ScenarioRun> {
  const samples: Sample[] = [];
  const contract = ctx.direct.contract('csd', 'viewer1', ctx.chaincode, query.contract);
  await closedLoop(options, async () => {
    samples.push((await ctx.direct.evaluate(contract, query.fn, query.args)).sample);
  });
  return { samples };
}

// --- 5. primary settlement and coupon fan-out ---------------------------------------

interface Submitted<T> {
  result: T;
}

/** One phase of the issuance: how long it took and how many transactions it needed. */
export interface Phase {
  seconds: number;
  transactions: number;
}

/**
 * A bond's issuance to `accounts` investor accounts and its first coupon,
 * through REST as the parties send it: the bank bids for all its clients'
 * accounts in one bid, the securities company runs the book, the CSD starts
 * primary settlement (in as many calls as it needs) and confirms each cash
 * leg, then the bank as paying agent fixes the coupon's entitlements (in as
 * many calls as it needs) and confirms each payment. The bond is dated so the coupon falls due today.
 * Cash confirmations and payments go `concurrency` at a time.
 */
export async function issuanceFanOut(ctx: Context, accounts: number, concurrency: number): Promise<ScenarioRun> {
  const samples: Sample[] = [];
  const lag = { retries: 0 };
  const call = async <T>(org: string, method: string, route: string, body?: unknown): Promise<T> => {
    const answer = await afterCommit(() => ctx.rest.request<Submitted<T>>(org, 'operator1', method, route, body), lag);
    samples.push(answer.sample);
    if (answer.sample.outcome !== 'VALID' || !answer.value)
      throw new Error(`issuance of ${accounts} accounts: ${method} ${route} failed (${answer.sample.outcome})`);
    return answer.value.result;
  };
  const bank = ctx.rest.mspId('bank');
  const phase = async (work: () => Promise<void>): Promise<Phase> => {
    const before = samples.length;
    const started = performance.now();
    await work();
    return { seconds: Math.round(performance.now() - started) / 1000, transactions: samples.length - before };
  };
  const inParallel = async <T>(what: string, items: readonly T[], work: (item: T) => Promise<unknown>) => {
    let next = 0;
    let done = 0;
    const report = setInterval(() => {
      ctx.progress(`    ${what}: ${done}/${items.length}`);
    }, 10_000);
    try {
      await Promise.all(
        Array.from({ length: Math.min(concurrency, items.length) }, async () => {
          while (next < items.length) {
            await work(items[next++] as T);
            done += 1;
          }
        }),
      );
    } finally {
      clearInterval(report);
    }
  };
  const unitsEach = 100;
  const accountIds = Array.from({ length: accounts }, (_, i) => `INV-${String(i + 1).padStart(5, '0')}`);
  let isin = '';
  const book = await phase(async () => {
    const terms = benchmarkTerms({
      shortName: `FANOUT ${accounts}`,
      issueSize: BigInt(accounts * unitsEach),
      yearsSinceIssue: 1,
      yearsToMaturity: 2,
      payingAgent: bank,
    });
    const application = await call<{ applicationId: string }>('securities', 'POST', '/bond-applications', terms);
    const nationalCode = `F${(Date.now() + accounts).toString(36).toUpperCase().slice(-8)}`;
    isin = (await call<{ isin: string }>('csd', 'POST', `/bond-applications/${application.applicationId}/approval`, { nationalCode })).isin;
    const now = Date.now();
    await call('securities', 'POST', `/bonds/${isin}/book`, {
      bookType: 'FIXED_PRICE',
      opensAt: new Date(now - 60_000).toISOString(),
      closesAt: new Date(now + 600_000).toISOString(),
    });
    await call('bank', 'POST', `/bonds/${isin}/bids`, {
      units: String(accounts * unitsEach),
      accounts: accountIds.map((accountId) => ({ accountId, units: String(unitsEach) })),
    });
    await call('securities', 'POST', `/bonds/${isin}/book/closure`);
    await call('securities', 'POST', `/bonds/${isin}/allocation`, {});
  });
  const settlementIds: string[] = [];
  const settlement = await phase(async () => {
    for (;;) {
      const batch = await call<{ instructions: { settlementId: string }[]; linesRemaining: number }>(
        'csd',
        'POST',
        `/bonds/${isin}/settlements`,
      );
      settlementIds.push(...batch.instructions.map((i) => i.settlementId));
      if (batch.linesRemaining === 0) break;
    }
    await inParallel('cash legs confirmed', settlementIds, (id) =>
      call('csd', 'POST', `/bonds/${isin}/settlements/${id}/cash-confirmation`),
    );
    await call('csd', 'POST', `/bonds/${isin}/issuance-completion`);
  });
  const coupon = await phase(async () => {
    // Entitlements are fixed a page of holdings per call: repeat while the event is still FIXING.
    let status = 'FIXING';
    while (status === 'FIXING') status = (await call<{ status: string }>('bank', 'POST', `/bonds/${isin}/coupons/1/entitlements`)).status;
    await inParallel('coupon payments confirmed', accountIds, (accountId) =>
      call('bank', 'POST', `/bonds/${isin}/payment-events/C-001/payments`, { holder: bank, accountId }),
    );
    await call('bank', 'POST', `/bonds/${isin}/payment-events/C-001/completion`);
  });
  return { samples, checks: { accounts, isin, book, settlement, coupon, peerLagRetries: lag.retries } };
}
