/**
 * Submitting a transaction for an HTTP request: its arguments, private
 * input and endorsing organisations prepared (every organisation checked
 * to be one of the channel's), then endorsed, ordered and followed to its
 * commit, with the outcome tracked for GET /transactions/{txId}.
 *
 * Idempotency-Key: the first request with a key submits; a retry while it
 * is still running waits for its outcome and answers the same (or, with
 * `Prefer: respond-async`, answers 202 once it is ordered); a retry after
 * it gets the stored outcome. A retry of a key whose transaction's outcome
 * is unknown (a time-out, or a gateway restart while it was pending) sends
 * the same signed transaction again (LedgerClient.resubmit: committed at most
 * once) and answers its outcome; while that is still unknown it answers 409
 * IDEMPOTENCY_KEY_PENDING with Retry-After and the transaction id to poll.
 * Nothing is recorded for a request refused before ordering.
 */
import type { ContractName, FunctionName } from '@bond-platform/chaincode/api';
import type { LedgerName } from '../config';
import type { ChaincodeCall } from '../fabric/chaincode-functions';
import type { Accepted, LedgerClient, SubmitRequest } from '../fabric/ledger-client';
import { ApiError, errorBody, fromFabricError } from './errors';
import { fingerprint, type IdempotencyStore } from './idempotency';
import type { Metrics } from './metrics';
import { MSP_ID_PATTERN, type Operation, type OperationInput, type PreparationContext } from './operations';

/** What the HTTP layer sends back. */
export interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type TrackedOutcome = { state: 'PENDING' } | { state: 'COMMITTED'; body: unknown } | { state: 'FAILED'; error: ApiError };

export interface SubmissionRequest {
  method: string;
  path: string;
  idempotencyKey?: string;
  respondAsync: boolean;
  requestId: string;
}

export interface SubmissionDeps {
  ledger: LedgerClient;
  idempotency: IdempotencyStore;
  metrics: Metrics;
  csdMspId: string;
  /** Checks a result against the published schema (throws for a query's, only alerts for a committed one). */
  checkResult(op: Operation, result: unknown, committed: boolean): void;
}

/** A submission still running in this process, which a retry with its key waits for. */
interface InFlight {
  print: string;
  /** 202 once the transaction is sent for ordering; rejects if it was refused before. */
  accepted: Promise<Answer>;
  /** The final answer; rejects with the ApiError to answer. */
  outcome: Promise<Answer>;
}

/** 1 to 128 visible ASCII characters, as the OpenAPI document publishes. */
export const IDEMPOTENCY_KEY = /^[!-~]{1,128}$/;
/** Seconds a client is asked to wait before retrying a key whose outcome is not known yet. */
const PENDING_RETRY_SECONDS = 5;
/** Outcomes kept for GET /transactions/{txId} (the oldest are forgotten; the ledger still has them). */
const TRACKED_MAX = 10_000;
/** A channel organisation asked for but not in the cached list: the list is read again if older than this. */
const ORGANIZATIONS_RECHECK_MS = 5_000;

const ignore = (): undefined => undefined;
const replayed = (answer: Answer): Answer => ({ ...answer, headers: { ...answer.headers, 'Idempotent-Replayed': 'true' } });
const acceptedAnswer = (transactionId: string): Answer => ({
  status: 202,
  headers: { Location: `/transactions/${transactionId}` },
  body: { transactionId, status: 'PENDING' },
});

export class Submissions {
  readonly #tracked = new Map<string, TrackedOutcome>();
  readonly #inFlight = new Map<string, InFlight>();

  constructor(private readonly deps: SubmissionDeps) {}

  /** What the gateway knows of a transaction it submitted, if anything. */
  tracked(transactionId: string): TrackedOutcome | undefined {
    return this.#tracked.get(transactionId);
  }

  /** Submits the operation (or replays an earlier outcome for its Idempotency-Key) and returns the answer. */
  async answer(op: Operation, input: OperationInput, user: string, request: SubmissionRequest): Promise<Answer> {
    if (request.idempotencyKey === undefined) {
      const attempt = this.#start(op, input, user, request.requestId);
      return request.respondAsync ? attempt.accepted : attempt.outcome;
    }
    if (!IDEMPOTENCY_KEY.test(request.idempotencyKey)) {
      throw new ApiError(400, 'INVALID_ARGUMENT', 'Idempotency-Key must be 1 to 128 visible ASCII characters');
    }
    const storeKey = `${user}:${request.idempotencyKey}`;
    // The validated input, not the raw body: it is bounded and shallow.
    const print = fingerprint(request.method, request.path, input.body);
    const running = this.#inFlight.get(storeKey);
    if (running) {
      if (running.print !== print) throw reusedKey();
      return replayed(await (request.respondAsync ? running.accepted : running.outcome));
    }
    const replay = this.#replay(storeKey, print);
    if (replay && !('resend' in replay)) return replay;
    const store = { key: storeKey, print };
    const attempt = replay
      ? this.#resend(op, user, replay.resend, request.requestId, store)
      : this.#start(op, input, user, request.requestId, store);
    this.#inFlight.set(storeKey, attempt);
    const settled = () => this.#inFlight.delete(storeKey);
    attempt.outcome.then(settled, settled);
    return request.respondAsync ? attempt.accepted : attempt.outcome;
  }

  /** The stored answer for a key used before, the transaction to send again if its outcome is unknown, or undefined if the key is new. */
  #replay(storeKey: string, print: string): Answer | { resend: Uint8Array } | undefined {
    const replay = this.deps.idempotency.check(storeKey, print);
    switch (replay.kind) {
      case 'new':
        return undefined;
      case 'mismatch':
        throw reusedKey();
      case 'done':
        return replayed(replay.outcome);
      case 'pending':
        if (replay.envelope) return { resend: replay.envelope };
        throw new ApiError(
          409,
          'IDEMPOTENCY_KEY_PENDING',
          'the first request with this Idempotency-Key has no known outcome yet; poll its transaction, or retry later',
          {
            txId: replay.transactionId,
            details: {
              transactionId: replay.transactionId,
              location: replay.transactionId ? `/transactions/${replay.transactionId}` : undefined,
            },
            retryAfterSeconds: PENDING_RETRY_SECONDS,
          },
        );
    }
  }

  /** Starts the submission; nothing is awaited before it is registered, so a concurrent retry finds it. */
  #start(op: Operation, input: OperationInput, user: string, requestId: string, store?: { key: string; print: string }): InFlight {
    const { idempotency, metrics } = this.deps;
    const sent = (async (): Promise<Accepted> => {
      const request = await this.#prepare(op, input, user);
      const submitTimer = metrics.submit.startTimer({ function: op.fn });
      try {
        return await this.deps.ledger.submit({
          ...request,
          beforeOrdering: store
            ? (txId, envelope) => {
                idempotency.pending(store.key, store.print, txId, envelope);
              }
            : undefined,
        });
      } catch (error) {
        // Refused before ordering (no transaction id): nothing can be on the ledger, the key may be used again.
        // Failed while being sent: it may have reached the orderer; the key stays pending and a retry resends it.
        if (store && !(error instanceof ApiError && error.extra.txId !== undefined)) idempotency.forget(store.key, store.print);
        throw error;
      } finally {
        submitTimer();
      }
    })();
    return this.#tracking(op, sent, requestId, store);
  }

  /** A transaction being sent, as the answers a request awaits: 202 once it is ordered, or its outcome. */
  #tracking(op: Operation, sent: Promise<Accepted>, requestId: string, store?: { key: string; print: string }): InFlight {
    const accepted = sent.then((a) => acceptedAnswer(a.transactionId));
    const outcome = sent.then((a) => this.#follow(op, a, requestId, store));
    // Whoever asked awaits one of them; the other must not be an unhandled rejection.
    accepted.catch(ignore);
    outcome.catch(ignore);
    return { print: store?.print ?? '', accepted, outcome };
  }

  /**
   * Sends a pending key's signed transaction again. Refused before ordering
   * (the orderers unreachable), the key stays pending: the first copy may
   * still be ordered, so the key must not be used for a new transaction.
   */
  #resend(op: Operation, user: string, envelope: Uint8Array, requestId: string, store: { key: string; print: string }): InFlight {
    return this.#tracking(op, this.deps.ledger.resubmit(user, envelope, op.ledger ?? 'bond'), requestId, store);
  }

  async #prepare(op: Operation, input: OperationInput, user: string): Promise<SubmitRequest> {
    const ctx: PreparationContext = {
      csdMspId: this.deps.csdMspId,
      evaluate: async <T>(contract: ContractName, fn: FunctionName, args: string[]) =>
        (await this.deps.ledger.evaluate(user, contract, fn, args)) as T,
    };
    const endorsingOrganizations = op.endorsers ? await op.endorsers(input, ctx) : undefined;
    if (endorsingOrganizations) await this.#checkOrganizations(user, endorsingOrganizations, op.ledger ?? 'bond');
    return {
      ...chaincodeFunction(op),
      user,
      args: op.args(input),
      transient: op.transient ? await op.transient(input, ctx) : undefined,
      endorsingOrganizations,
    };
  }

  /** Every organisation named to endorse must be an MSP ID of the ledger's channel: anything else is the caller's error, not Fabric's. */
  async #checkOrganizations(user: string, mspIds: string[], ledger: LedgerName): Promise<void> {
    const malformed = mspIds.find((id) => !MSP_ID_PATTERN.test(id));
    if (malformed !== undefined) throw new ApiError(400, 'INVALID_ARGUMENT', `${JSON.stringify(malformed)} is not an MSP ID`);
    const unknown = (known: ReadonlySet<string>) => mspIds.filter((id) => !known.has(id));
    if (unknown(await this.deps.ledger.channelOrganizations(user, undefined, ledger)).length === 0) return;
    // An organisation may have joined since the list was read.
    const missing = unknown(await this.deps.ledger.channelOrganizations(user, ORGANIZATIONS_RECHECK_MS, ledger));
    if (missing.length > 0)
      throw new ApiError(400, 'INVALID_ARGUMENT', `not an organisation of the channel: ${missing.join(', ')}`, {
        details: { unknownOrganizations: missing },
      });
  }

  /** Follows an ordered transaction to its commit: the answer, also recorded for replays and status queries. */
  async #follow(op: Operation, accepted: Accepted, requestId: string, store?: { key: string; print: string }): Promise<Answer> {
    const { idempotency, metrics } = this.deps;
    const status = op.creates ? 201 : 200;
    const commitTimer = metrics.commit.startTimer({ function: op.fn });
    this.#track(accepted.transactionId, { state: 'PENDING' });
    try {
      const committed = await accepted.committed;
      commitTimer();
      this.deps.checkResult(op, committed.result, true);
      this.#track(accepted.transactionId, { state: 'COMMITTED', body: committed });
      if (store) idempotency.done(store.key, store.print, { status, body: committed }, committed.transactionId);
      return { status, body: committed };
    } catch (error) {
      commitTimer();
      const apiError = fromFabricError(error);
      // Only a validation code is an outcome. A time-out or a lost peer while waiting is none:
      // GET /transactions/{txId} then looks on the ledger, and a retry with the key resends the transaction.
      const outcomeKnown = apiError.extra.details !== undefined && 'validationCode' in apiError.extra.details;
      if (outcomeKnown) this.#track(accepted.transactionId, { state: 'FAILED', error: apiError });
      else this.#tracked.delete(accepted.transactionId);
      if (store && outcomeKnown) {
        idempotency.done(store.key, store.print, { status: apiError.status, body: errorBody(apiError, requestId) }, accepted.transactionId);
      }
      throw apiError;
    }
  }

  #track(transactionId: string, outcome: TrackedOutcome): void {
    this.#tracked.delete(transactionId);
    this.#tracked.set(transactionId, outcome);
    for (const oldest of this.#tracked.keys()) {
      if (this.#tracked.size <= TRACKED_MAX) break;
      this.#tracked.delete(oldest);
    }
  }
}

/** The operation's chaincode function on its ledger, as a submit names it. */
function chaincodeFunction(op: Operation): ChaincodeCall {
  return op.ledger === 'cash' ? { ledger: 'cash', contract: op.contract, fn: op.fn } : { contract: op.contract, fn: op.fn };
}

function reusedKey(): ApiError {
  return new ApiError(422, 'IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used for a different request');
}
