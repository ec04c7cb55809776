/**
 * The fault suite's steady load: delivery-versus-payment transfers through
 * the REST gateways, as an institution's back office would send them when
 * the network misbehaves. Worker w owns the benchmark fixture's pair w (no
 * two transfers in flight touch one holding) and repeats: the seller
 * instructs, the buyer affirms, the CSD confirms the cash.
 *
 * Every request carries an Idempotency-Key, and a request whose outcome the
 * client did not see (no answer, a dropped connection, a 5xx, 429) is sent
 * again with the same key until it is answered, as the README tells
 * integrators to do (after 409 IDEMPOTENCY_KEY_PENDING too: the gateway then
 * sends the first transaction again). A request is acknowledged when the client sees
 * its transaction committed: each acknowledgement is written to a JSON lines
 * file (transactionId, idempotencyKey) that `npm run check-ledger --
 * --acknowledged FILE` verifies is on the ledger, VALID, exactly once.
 *
 * stop() lets every worker finish the transfer it is in, so that at the end
 * each transfer started is settled or refused, and the holdings the client
 * expects (seed ± what it saw settle) can be compared with the ledger's.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Transfer } from '@bond-platform/chaincode/api';
import type { RestClients, Timed } from '../bench/clients';
import type { Account, TransferFixture } from '../bench/fixture';

/** Answers that mean "the outcome is unknown or the service is not there right now": send again, same key. */
const TRANSIENT_STATUS = new Set([429, 500, 502, 503, 504]);
/** Refusals of an endorser that has not caught up with the previous step yet: nothing is recorded, same key again. */
const PEER_LAG = new Set(['NOT_FOUND', 'INVALID_STATE_TRANSITION', 'ENDORSEMENT_MISMATCH', 'CONFLICT']);
const PAUSE_MS = { first: 200, max: 2_000 };
/** No answer, a transient status, a lagging endorser, or a key whose first outcome is unknown (the retry makes the gateway send the same transaction again). */
function worthRetrying(status: number, outcome: string): boolean {
  return status === 0 || TRANSIENT_STATUS.has(status) || PEER_LAG.has(outcome) || outcome === 'IDEMPOTENCY_KEY_PENDING';
}
/** The counters of a load that has sent nothing. */
export const noLoad = (): LoadStats => ({
  requests: 0,
  retries: 0,
  acknowledged: 0,
  transfersSettled: 0,
  transfersAbandoned: 0,
  outcomes: {},
  unresolved: 0,
});

/** The accounts a load of `concurrency` workers moves units between: both sides of its pairs. */
export function accountsMoved(fixture: TransferFixture, concurrency: number): Account[] {
  return fixture.pairs.slice(0, concurrency).flatMap((p) => [p.seller, p.buyer]);
}

/** An account's name in netUnits. */
export const accountKey = (account: Account): string => `${account.org}/${account.accountId}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Acknowledgement {
  transactionId: string;
  idempotencyKey: string;
  /** Milliseconds since the load started. */
  at: number;
}

export interface LoadStats {
  /** Requests sent, retries included. */
  requests: number;
  /** Requests sent again with the same key after an unknown or transient outcome. */
  retries: number;
  acknowledged: number;
  transfersSettled: number;
  /** Transfers given up on: refused for good (a 4xx that is not a lag), or no answer within the deadline. */
  transfersAbandoned: number;
  /** Answers by outcome (VALID, error codes, NETWORK_…), every attempt counted. */
  outcomes: Record<string, number>;
  /** A step given no answer within the deadline: its outcome is unknown to the client (a defect if > 0 at the end). */
  unresolved: number;
}

export interface LoadOptions {
  concurrency: number;
  /** Where acknowledgements are written (JSON lines; truncated at start). */
  acknowledgedFile: string;
  /** Give a step up after this long without an answer (default 5 minutes). */
  stepDeadlineMs?: number;
  runId: string;
}

interface Submitted {
  transactionId?: string;
  result?: Transfer;
}

export class TransferLoad {
  readonly stats: LoadStats = noLoad();
  readonly acknowledgements: Acknowledgement[] = [];
  /** Net units each account gained from transfers the client saw settle, by accountKey. */
  readonly netUnits = new Map<string, bigint>();
  readonly #started = performance.now();
  #stopping = false;
  #workers: Promise<void>[] = [];
  #inFlight = 0;

  constructor(
    readonly rest: RestClients,
    readonly fixture: TransferFixture,
    readonly options: LoadOptions,
  ) {
    if (fixture.pairs.length < options.concurrency)
      throw new Error(`the fixture has ${fixture.pairs.length} pairs; ${options.concurrency} are needed`);
    writeFileSync(options.acknowledgedFile, '');
  }

  /** Milliseconds since the load started. */
  now(): number {
    return performance.now() - this.#started;
  }

  /** Requests sent and not answered yet. */
  inFlight(): number {
    return this.#inFlight;
  }

  start(): void {
    this.#workers = Array.from({ length: this.options.concurrency }, (_, w) => this.#worker(w));
  }

  /** Lets every worker finish its transfer, then resolves. */
  async stop(): Promise<LoadStats> {
    this.#stopping = true;
    await Promise.all(this.#workers);
    return this.stats;
  }

  async #worker(w: number): Promise<void> {
    const pair = this.fixture.pairs[w] as TransferFixture['pairs'][number];
    for (let n = 0, forward = true; !this.#stopping; n++, forward = !forward) {
      const [seller, buyer] = forward ? [pair.seller, pair.buyer] : [pair.buyer, pair.seller];
      const settled = await this.#transfer(`${this.options.runId}-w${w}-t${n}`, seller, buyer);
      if (settled) {
        this.#add(seller, -BigInt(this.fixture.units));
        this.#add(buyer, BigInt(this.fixture.units));
        this.stats.transfersSettled += 1;
      } else {
        this.stats.transfersAbandoned += 1;
        // Refused for good: give the network a moment instead of spinning.
        await sleep(PAUSE_MS.max);
      }
    }
  }

  #add(account: Account, units: bigint): void {
    const key = accountKey(account);
    this.netUnits.set(key, (this.netUnits.get(key) ?? 0n) + units);
  }

  /** One transfer's three steps, each until acknowledged; true once settled. */
  async #transfer(key: string, seller: Account, buyer: Account): Promise<boolean> {
    const instruction = {
      isin: this.fixture.isin,
      fromAccount: seller.accountId,
      to: buyer.mspId,
      toAccount: buyer.accountId,
      units: this.fixture.units,
      cashAmount: this.fixture.cashAmount,
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    };
    const instructed = await this.#untilAnswered(seller.org, 'POST', '/transfers', instruction, `${key}-instruct`);
    // The transfer's id is its instruction's transaction id.
    const transferId = instructed?.result?.transferId ?? instructed?.transactionId;
    if (!transferId) return false;
    const affirmed = await this.#untilAnswered(buyer.org, 'POST', `/transfers/${transferId}/affirmation`, undefined, `${key}-affirm`);
    if (!affirmed) return false;
    const confirmed = await this.#untilAnswered('csd', 'POST', `/transfers/${transferId}/cash-confirmation`, undefined, `${key}-confirm`);
    if (!confirmed) return false;
    return confirmed.result?.status === 'SETTLED';
  }

  async #send<T>(org: string, method: string, route: string, body?: unknown, idempotencyKey?: string): Promise<Timed<T>> {
    this.stats.requests += 1;
    this.#inFlight += 1;
    try {
      const answer = await this.rest.request<T>(
        org,
        'operator1',
        method,
        route,
        body,
        idempotencyKey ? { 'idempotency-key': idempotencyKey } : {},
      );
      this.stats.outcomes[answer.sample.outcome] = (this.stats.outcomes[answer.sample.outcome] ?? 0) + 1;
      return answer;
    } finally {
      this.#inFlight -= 1;
    }
  }

  /**
   * Sends until the request is answered for good: committed (acknowledged,
   * returned) or refused (undefined). An unknown outcome is sent again with
   * the same key.
   */
  async #untilAnswered(org: string, method: string, route: string, body: unknown, idempotencyKey: string): Promise<Submitted | undefined> {
    const deadline = this.now() + (this.options.stepDeadlineMs ?? 300_000);
    for (let pause = PAUSE_MS.first; ; pause = Math.min(pause * 2, PAUSE_MS.max)) {
      const answer = await this.#send<Submitted>(org, method, route, body, idempotencyKey);
      const status = answer.status ?? 0;
      if (status >= 200 && status < 300 && answer.value?.transactionId) {
        this.#acknowledge(answer.value.transactionId, idempotencyKey);
        return answer.value;
      }
      if (!worthRetrying(status, answer.sample.outcome)) return undefined;
      if (this.now() > deadline) {
        this.stats.unresolved += 1;
        return undefined;
      }
      this.stats.retries += 1;
      await sleep(pause);
    }
  }

  #acknowledge(transactionId: string, idempotencyKey: string): void {
    const ack = { transactionId, idempotencyKey, at: Math.round(this.now()) };
    this.acknowledgements.push(ack);
    this.stats.acknowledged += 1;
    appendFileSync(this.options.acknowledgedFile, JSON.stringify(ack) + '\n');
  }
}
