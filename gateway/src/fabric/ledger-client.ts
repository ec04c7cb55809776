/**
 * The institution's connection to the ledger: one gRPC client to its peer,
 * one fabric-gateway connection per configured user over it, and the
 * evaluate/submit calls the HTTP routes make. Submits retry MVCC and phantom
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
import type { GatewayConfig, UserIdentity } from '../config';
import { ApiError, fromCommitStatus, fromFabricError, validationCodeName } from '../http/errors';
import { channelMspIds, currentConfig } from './channel-config';
import { connectGateway, newGrpcClient, waitForReady } from './connection';
import { lookupTransaction } from './transaction-lookup';

export interface SubmitRequest {
  user: string;
  contract: ContractName;
  fn: FunctionName;
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

export class LedgerClient {
  readonly #client: grpc.Client;
  readonly #gateways = new Map<string, Gateway>();
  readonly #identities: IdentityLookup;
  #organizations?: { ids: Promise<ReadonlySet<string>>; at: number };

  /** `client` is for tests; by default a TLS connection to the configured peer. By default only the configured users sign. */
  constructor(
    readonly config: GatewayConfig,
    client?: grpc.Client,
    identities?: IdentityLookup,
    /** How often a transaction awaiting its commit is sent again (RESEND_EVERY_MS; shorter in unit tests). */
    readonly resendEveryMs = RESEND_EVERY_MS,
  ) {
    this.#identities = identities ?? ((user) => (Object.hasOwn(config.users, user) ? config.users[user] : undefined));
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

  network(user: string): Network {
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
    return gateway.getNetwork(this.config.channel);
  }

  contract(user: string, name: string): Contract {
    return this.network(user).getContract(this.config.chaincode, name);
  }

  async evaluate(user: string, contract: ContractName, fn: FunctionName, args: string[]): Promise<unknown> {
    try {
      return decodeResult(await this.contract(user, contract).evaluateTransaction(fn, ...args));
    } catch (error) {
      // An evaluation is never ordered: no transaction id to report.
      throw fromFabricError(error).withoutTxId();
    }
  }

  /**
   * The MSP IDs of the channel's application organisations, from its
   * configuration block (read as `user`, cached for a minute, or for
   * `maxAgeMs`). Only these can endorse.
   */
  channelOrganizations(user: string, maxAgeMs = ORGANIZATIONS_MAX_AGE_MS): Promise<ReadonlySet<string>> {
    const cached = this.#organizations;
    if (cached && Date.now() - cached.at < maxAgeMs) return cached.ids;
    const ids = (async () => {
      try {
        return new Set(channelMspIds(await currentConfig(this.network(user)))) as ReadonlySet<string>;
      } catch (error) {
        this.#organizations = undefined;
        throw fromFabricError(error).withoutTxId();
      }
    })();
    this.#organizations = { ids, at: Date.now() };
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
        const status = await this.#statusResending(attempt);
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
  async #statusResending(sent: Sent): Promise<Awaited<ReturnType<SubmittedTransaction['getStatus']>>> {
    const timer = setInterval(() => {
      // A failed resend changes nothing: the status wait goes on, and ends in its own error.
      sent.resend().catch(() => undefined);
    }, this.resendEveryMs);
    try {
      return await sent.commit.getStatus();
    } catch (error) {
      throw fromFabricError(Object.assign(error as object, { transactionId: sent.transactionId }));
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
   */
  async resubmit(user: string, envelope: Uint8Array): Promise<Accepted> {
    const network = this.network(user);
    let transactionId: string | undefined;
    try {
      const transaction = this.#gateways.get(user)?.newTransaction(envelope);
      if (!transaction) throw new Error(`no Fabric connection for user ${user}`);
      transactionId = transaction.getTransactionId();
      const result = decodeResult(transaction.getResult());
      const commit = await transaction.submit();
      const committed = (async (): Promise<Committed> => {
        const status = await commit.getStatus().catch((error: unknown) => {
          throw fromFabricError(Object.assign(error as object, { transactionId }));
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
      throw fromFabricError(Object.assign(error as object, { transactionId }));
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
      proposal = this.contract(request.user, request.contract).newProposal(request.fn, {
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
      const apiError = fromFabricError(Object.assign(error as object, { transactionId: proposal?.getTransactionId() }));
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
