/**
 * The institution's connection to the ledgers it serves (the bond ledger,
 * the cash ledger or both, each a channel and chaincode reached through the
 * same peer): one gRPC client to its peer, one fabric-gateway connection
 * per configured user over it, and the evaluate/submit/endorse calls the
 * HTTP routes make, each on the ledger named. Submits retry MVCC and phantom
 * read conflicts, and endorsements that differ (a peer behind the others),
 * with a new proposal (bounded, with jitter) before giving up.
 */
import { readFileSync } from 'node:fs';
import type * as grpc from '@grpc/grpc-js';
import {
  type Contract,
  type Gateway,
  type Network,
  type Proposal,
  StatusCode,
  type SubmittedTransaction,
} from '@hyperledger/fabric-gateway';
import type { ContractName, FunctionName } from '@bond-platform/chaincode/api';
import { type GatewayConfig, type LedgerName, servedLedgers, type UserIdentity } from '../config';
import { ApiError, fromCommitStatus, fromFabricError, validationCodeName } from '../http/errors';
import type { CashContractFunction, ChaincodeCall } from './chaincode-functions';
import { channelMspIds, currentConfig } from './channel-config';
import { connectGateway, newGrpcClient, waitForReady } from './connection';
import { lookupTransaction } from './transaction-lookup';

/** A transaction to submit: a chaincode function on its ledger (the bond ledger unless `ledger` says 'cash'), and how. */
export type SubmitRequest = ChaincodeCall & {
  user: string;
  args: string[];
  transient?: Record<string, unknown>;
  endorsingOrganizations?: string[];
  /**
   * Called with the transaction id and the signed transaction once the
   * proposal is endorsed and before it is sent for ordering (again for each
   * retry's new proposal): what is recorded here may be on the ledger; a
   * refused proposal never gets here.
   */
  beforeOrdering?: (transactionId: string, envelope: Uint8Array) => void;
};

/** A proposal to endorse and not submit (see LedgerClient.endorse). */
export type EndorseRequest = ChaincodeCall & { user: string; args: string[]; endorsingOrganizations?: string[] };

/** An endorsed transaction that was not sent for ordering. */
export interface Endorsed {
  transactionId: string;
  result: unknown;
  /** The endorsed transaction as fabric-gateway serialises it (Transaction.getBytes()): a `gateway.PreparedTransaction`. */
  preparedTransaction: Uint8Array;
}

export interface Committed {
  transactionId: string;
  blockNumber: string;
  result: unknown;
}

/** An endorsed transaction sent for ordering. */
interface Sent {
  transactionId: string;
  result: unknown;
  commit: SubmittedTransaction;
  /** Sends the same signed transaction to the orderers again. */
  resend: () => Promise<unknown>;
}

export interface Accepted {
  transactionId: string;
  result: unknown;
  /** Resolves when the transaction commits (or rejects with an ApiError). */
  committed: Promise<Committed>;
}

/**
 * While a commit is awaited, the same transaction is sent again this often:
 * the orderer that took it may have died before it was ordered (a Raft
 * leader's unreplicated entries are lost, yet the client was told it was
 * accepted). A copy of a transaction already ordered is only marked
 * DUPLICATE_TXID; without this, the lost one waits out the 60 s commit wait.
 */
export const RESEND_EVERY_MS = 10_000;

const RETRYABLE: ReadonlySet<number> = new Set([StatusCode.MVCC_READ_CONFLICT, StatusCode.PHANTOM_READ_CONFLICT]);
/** Validation code names by number, for error bodies. */
const MAX_ATTEMPTS = 3;
/** How long the channel's organisations are taken as known before the configuration is read again. */
const ORGANIZATIONS_MAX_AGE_MS = 60_000;
const decoder = new TextDecoder();
const encoder = new TextEncoder();

export function decodeResult(bytes: Uint8Array): unknown {
  const text = decoder.decode(bytes);
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The identity a user signs as, or undefined if it has none (unknown or revoked). */
export type IdentityLookup = (user: string) => UserIdentity | undefined;

/** The ledger a request goes to: the cash ledger where it says so, else the bond ledger. */
const ledgerOf = (call: { ledger?: LedgerName }): LedgerName => call.ledger ?? 'bond';

export class LedgerClient {
  readonly #client: grpc.Client;
  readonly #gateways = new Map<string, Gateway>();
  readonly #identities: IdentityLookup;
  readonly #organizations = new Map<LedgerName, { ids: Promise<ReadonlySet<string>>; at: number }>();
  /** The ledgers served, in the order transaction lookups try them. */
  readonly ledgers: readonly LedgerName[];
  /**
   * The ledger of the gateway's own routes (events, transaction lookup,
   * publishing a revocation list): the bond ledger where it is served, else
   * the cash ledger.
   */
  readonly primaryLedger: LedgerName;

  /** `client` is for tests; by default a TLS connection to the configured peer. By default only the configured users sign. */
  constructor(
    readonly config: GatewayConfig,
    client?: grpc.Client,
    identities?: IdentityLookup,
    /** How often a transaction awaiting its commit is sent again (RESEND_EVERY_MS; shorter in unit tests). */
    readonly resendEveryMs = RESEND_EVERY_MS,
  ) {
    this.#identities = identities ?? ((user) => (Object.hasOwn(config.users, user) ? config.users[user] : undefined));
    this.ledgers = [...servedLedgers(config)];
    this.primaryLedger = this.ledgers[0] ?? 'bond';
    this.#client =
      client ??
      newGrpcClient({
        endpoint: config.peer.endpoint,
        hostAlias: config.peer.hostAlias,
        tlsRootCert: readFileSync(config.peer.tlsRootCertPath),
      });
  }

  /** Resolves once the peer accepted the gRPC connection. */
  async ready(timeoutMs: number): Promise<void> {
    await waitForReady(this.#client, timeoutMs);
  }

  /** The ledger's channel and chaincode; a ledger the gateway does not serve is an error. */
  target(ledger: LedgerName): { channel: string; chaincode: string } {
    const target =
      ledger === 'cash'
        ? this.config.cashLedger
        : this.config.channel !== undefined && this.config.chaincode !== undefined
          ? { channel: this.config.channel, chaincode: this.config.chaincode }
          : undefined;
    if (!target || !this.ledgers.includes(ledger)) throw new ApiError(404, 'NOT_FOUND', `this gateway serves no ${ledger} ledger`);
    return target;
  }

  /** The user's view of the ledger's channel (the primary ledger's by default). */
  network(user: string, ledger: LedgerName = this.primaryLedger): Network {
    let gateway = this.#gateways.get(user);
    if (!gateway) {
      const identity = this.#identities(user);
      if (!identity) throw new Error(`no Fabric identity for user ${user}`);
      gateway = connectGateway(this.#client, {
        mspId: this.config.mspId,
        certificate: readFileSync(identity.certPath),
        privateKey: readFileSync(identity.keyPath),
      });
      this.#gateways.set(user, gateway);
    }
    return gateway.getNetwork(this.target(ledger).channel);
  }

  /** A contract of the ledger's chaincode (the bond chaincode's by default). */
  contract(user: string, name: string, ledger: LedgerName = 'bond'): Contract {
    return this.network(user, ledger).getContract(this.target(ledger).chaincode, name);
  }

  /** Evaluates a bond chaincode function (a query). */
  evaluate(user: string, contract: ContractName, fn: FunctionName, args: string[]): Promise<unknown> {
    return this.#evaluate(user, 'bond', contract, fn, args);
  }

  /** Evaluates a cash chaincode function (a query). */
  evaluateCash(user: string, contract: CashContractFunction['contract'], fn: CashContractFunction['fn'], args: string[]): Promise<unknown> {
    return this.#evaluate(user, 'cash', contract, fn, args);
  }

  async #evaluate(user: string, ledger: LedgerName, contract: string, fn: string, args: string[]): Promise<unknown> {
    try {
      return decodeResult(await this.contract(user, contract, ledger).evaluateTransaction(fn, ...args));
    } catch (error) {
      // An evaluation is never ordered: no transaction id to report.
      throw fromFabricError(error, ledger).withoutTxId();
    }
  }

  /**
   * Endorses a transaction and stops there: nothing is sent for ordering,
   * so nothing is written; what comes back is the endorsed transaction (its
   * envelope carries the endorsers' signed responses: a proof another ledger
   * can check) and its result.
   */
  async endorse(request: EndorseRequest): Promise<Endorsed> {
    const ledger = ledgerOf(request);
    try {
      const proposal = this.contract(request.user, request.contract, ledger).newProposal(request.fn, {
        arguments: request.args,
        endorsingOrganizations: request.endorsingOrganizations,
      });
      const transaction = await proposal.endorse();
      return {
        transactionId: transaction.getTransactionId(),
        result: decodeResult(transaction.getResult()),
        preparedTransaction: transaction.getBytes(),
      };
    } catch (error) {
      // Never ordered: its transaction id names nothing on the ledger.
      throw fromFabricError(error, ledger).withoutTxId();
    }
  }

  /**
   * The MSP IDs of the application organisations of the ledger's channel
   * (the bond ledger's by default), from its configuration block (read as
   * `user`, cached for a minute, or for `maxAgeMs`). Only these can endorse.
   */
  channelOrganizations(user: string, maxAgeMs = ORGANIZATIONS_MAX_AGE_MS, ledger: LedgerName = 'bond'): Promise<ReadonlySet<string>> {
    const cached = this.#organizations.get(ledger);
    if (cached && Date.now() - cached.at < maxAgeMs) return cached.ids;
    const ids = (async () => {
      try {
        return new Set(channelMspIds(await currentConfig(this.network(user, ledger)))) as ReadonlySet<string>;
      } catch (error) {
        this.#organizations.delete(ledger);
        throw fromFabricError(error, ledger).withoutTxId();
      }
    })();
    this.#organizations.set(ledger, { ids, at: Date.now() });
    return ids;
  }

  /**
   * Endorses and submits; `committed` settles when the transaction commits.
   * A conflict at commit is retried with a new proposal; the transaction id
   * returned is the first attempt's until a retry replaces it. Endorsements
   * that differ are retried too (see #endorseAgreed).
   */
  async submit(request: SubmitRequest): Promise<Accepted> {
    const first = await this.#endorseAgreed(request);
    const committed = (async (): Promise<Committed> => {
      let attempt = first;
      for (let n = 1; ; n++) {
        const status = await this.#statusResending(attempt, ledgerOf(request));
        if (status.successful) {
          return { transactionId: attempt.transactionId, blockNumber: status.blockNumber.toString(), result: attempt.result };
        }
        if (!RETRYABLE.has(status.code) || n >= MAX_ATTEMPTS) {
          throw fromCommitStatus(status.code, validationCodeName(status.code), attempt.transactionId);
        }
        await sleep(50 + Math.floor(Math.random() * 200));
        attempt = await this.#endorseAgreed(request);
      }
    })();
    return { transactionId: first.transactionId, result: first.result, committed };
  }

  /** The transaction's commit status, sending it again every RESEND_EVERY_MS until it comes. */
  async #statusResending(sent: Sent, ledger: LedgerName): Promise<Awaited<ReturnType<SubmittedTransaction['getStatus']>>> {
    const timer = setInterval(() => {
      // A failed resend changes nothing: the status wait goes on, and ends in its own error.
      sent.resend().catch(() => undefined);
    }, this.resendEveryMs);
    try {
      return await sent.commit.getStatus();
    } catch (error) {
      throw fromFabricError(Object.assign(error as object, { transactionId: sent.transactionId }), ledger);
    } finally {
      clearInterval(timer);
    }
  }

  /**
   * Sends an endorsed transaction whose outcome is unknown (its commit timed
   * out, or the gateway restarted) to the orderers again, unchanged. Fabric
   * commits a transaction id at most once: if the first copy was ordered, the
   * peers mark this one DUPLICATE_TXID and the commit status is the first
   * copy's; if it never was, this copy is ordered now. Either way nothing is
   * written twice. Not retried on a conflict: that needs a new proposal.
   * `ledger` is the ledger the transaction was endorsed on (the bond ledger by default).
   */
  async resubmit(user: string, envelope: Uint8Array, ledger: LedgerName = 'bond'): Promise<Accepted> {
    const network = this.network(user, ledger);
    let transactionId: string | undefined;
    try {
      const transaction = this.#gateways.get(user)?.newTransaction(envelope);
      if (!transaction) throw new Error(`no Fabric connection for user ${user}`);
      transactionId = transaction.getTransactionId();
      const result = decodeResult(transaction.getResult());
      const commit = await transaction.submit();
      const committed = (async (): Promise<Committed> => {
        const status = await commit.getStatus().catch((error: unknown) => {
          throw fromFabricError(Object.assign(error as object, { transactionId }), ledger);
        });
        if (status.successful) return { transactionId: commit.getTransactionId(), blockNumber: status.blockNumber.toString(), result };
        if (status.code === StatusCode.DUPLICATE_TXID) {
          // The copy came second: the first copy's outcome is on the ledger.
          const first = await lookupTransaction(network, commit.getTransactionId());
          if (first.validationCode === 'VALID') return { transactionId: commit.getTransactionId(), blockNumber: first.blockNumber, result };
          throw fromCommitStatus(status.code, first.validationCode, commit.getTransactionId());
        }
        throw fromCommitStatus(status.code, validationCodeName(status.code), commit.getTransactionId());
      })();
      return { transactionId: commit.getTransactionId(), result, committed };
    } catch (error) {
      if (error instanceof ApiError) throw error;
      throw fromFabricError(Object.assign(error as object, { transactionId }), ledger);
    }
  }

  /**
   * Endorsing peers that answer differently usually stand at different
   * heights: one has not yet committed the block a request builds on (the
   * caller saw it committed on its own peer; others commit it a little
   * later). Nothing was ordered, so the proposal is built anew after a pause
   * (bounded); a difference that persists is answered as ENDORSEMENT_MISMATCH.
   */
  async #endorseAgreed(request: SubmitRequest): Promise<Sent> {
    for (let n = 1; ; n++) {
      try {
        return await this.#endorseAndSend(request);
      } catch (error) {
        if (!(error instanceof ApiError) || error.code !== 'ENDORSEMENT_MISMATCH' || n >= MAX_ATTEMPTS) throw error;
        await sleep(100 + Math.floor(Math.random() * 200));
      }
    }
  }

  async #endorseAndSend(request: SubmitRequest): Promise<Sent> {
    let proposal: Proposal | undefined;
    let ordering = false;
    try {
      proposal = this.contract(request.user, request.contract, ledgerOf(request)).newProposal(request.fn, {
        arguments: request.args,
        transientData: request.transient
          ? Object.fromEntries(Object.entries(request.transient).map(([k, v]) => [k, encoder.encode(JSON.stringify(v))]))
          : undefined,
        endorsingOrganizations: request.endorsingOrganizations,
      });
      const transaction = await proposal.endorse();
      request.beforeOrdering?.(transaction.getTransactionId(), transaction.getBytes());
      ordering = true;
      const commit = await transaction.submit();
      return {
        transactionId: transaction.getTransactionId(),
        result: decodeResult(transaction.getResult()),
        commit,
        resend: () => transaction.submit(),
      };
    } catch (error) {
      if (error instanceof ApiError) throw error;
      const apiError = fromFabricError(Object.assign(error as object, { transactionId: proposal?.getTransactionId() }), ledgerOf(request));
      // A proposal refused at endorsement never reached the orderer: its id names nothing GET /transactions/{txId} could find.
      throw ordering ? apiError : apiError.withoutTxId();
    }
  }

  /** Drops the user's connection (e.g. after its certificate was revoked). */
  forget(user: string): void {
    this.#gateways.get(user)?.close();
    this.#gateways.delete(user);
  }

  /** Closes the gateways, then the gRPC client. */
  close(): void {
    for (const gateway of this.#gateways.values()) gateway.close();
    this.#gateways.clear();
    this.#client.close();
  }
}
