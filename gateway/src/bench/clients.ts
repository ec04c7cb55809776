/**
 * The benchmark's two ways to reach the ledger, timed alike: a direct
 * @hyperledger/fabric-gateway client per organisation (what an integrator
 * without the REST layer would run), and a light HTTP client for the REST
 * gateways (node:http with keep-alive, no fetch: the load generator must not
 * take the CPU the network needs).
 */
import * as http from 'node:http';
import { performance } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type * as grpc from '@grpc/grpc-js';
import { type Contract, type Gateway, type Network } from '@hyperledger/fabric-gateway';
import { connectGateway, newGrpcClient, waitForReady } from '../fabric/connection';
import { fromFabricError, validationCodeName } from '../http/errors';
import { organization, peerEndpointOf, signingIdentityOf, type TestNetwork } from '../ledger-check/test-network';
import type { Sample } from './stats';

const decoder = new TextDecoder();

export interface Timed<T> {
  sample: Sample;
  /** The decoded answer (a committed transaction's result, a query's answer, an HTTP body). */
  value?: T;
  /** HTTP status (REST only). */
  status?: number;
}

/** The outcome name of a failed direct call: the code the REST gateway would answer with (the chaincode's error code, ENDORSEMENT_MISMATCH, FABRIC_UNAVAILABLE, …), so both paths count alike. */
function outcomeOf(error: unknown): string {
  return fromFabricError(error).code;
}

function parse(bytes: Uint8Array): unknown {
  const text = decoder.decode(bytes);
  try {
    return text === '' ? null : JSON.parse(text);
  } catch {
    return text;
  }
}

/** Direct fabric-gateway connections: one gRPC client per organisation's peer, one Gateway per user. */
export class DirectClients {
  readonly #grpc = new Map<string, grpc.Client>();
  readonly #gateways = new Map<string, Gateway>();

  constructor(readonly testNetwork: TestNetwork) {}

  async connect(orgs: readonly string[], timeoutMs = 15_000): Promise<void> {
    for (const org of orgs) {
      const client = newGrpcClient(peerEndpointOf(organization(this.testNetwork, org)));
      await waitForReady(client, timeoutMs);
      this.#grpc.set(org, client);
    }
  }

  mspId(org: string): string {
    return organization(this.testNetwork, org).mspId;
  }

  contract(org: string, user: string, chaincode: string, name: string): Contract {
    return this.network(org, user).getContract(chaincode, name);
  }

  network(org: string, user: string): Network {
    const id = `${org}/${user}`;
    let gateway = this.#gateways.get(id);
    if (!gateway) {
      const client = this.#grpc.get(org);
      if (!client) throw new Error(`not connected to ${org}'s peer`);
      gateway = connectGateway(client, signingIdentityOf(organization(this.testNetwork, org), user));
      this.#gateways.set(id, gateway);
    }
    return gateway.getNetwork(this.testNetwork.channel);
  }

  /**
   * Endorses, submits and waits for the commit; the sample runs from before
   * endorsement to the commit status. Without `endorsers` the peer's gateway
   * plans the endorsement (state-based policies included), as the REST gateway lets it.
   */
  async submit<T = unknown>(contract: Contract, fn: string, args: string[], endorsers?: string[]): Promise<Timed<T>> {
    const submittedAt = performance.now();
    try {
      const submitted = await contract.submitAsync(fn, { arguments: args, endorsingOrganizations: endorsers });
      const status = await submitted.getStatus();
      const outcome = status.successful ? 'VALID' : validationCodeName(status.code);
      return { sample: { submittedAt, finishedAt: performance.now(), outcome }, value: parse(submitted.getResult()) as T };
    } catch (error) {
      return { sample: { submittedAt, finishedAt: performance.now(), outcome: outcomeOf(error) } };
    }
  }

  async evaluate<T = unknown>(contract: Contract, fn: string, args: string[]): Promise<Timed<T>> {
    const submittedAt = performance.now();
    try {
      const value = parse(await contract.evaluateTransaction(fn, ...args)) as T;
      return { sample: { submittedAt, finishedAt: performance.now(), outcome: 'VALID' }, value };
    } catch (error) {
      return { sample: { submittedAt, finishedAt: performance.now(), outcome: outcomeOf(error) } };
    }
  }

  close(): void {
    for (const gateway of this.#gateways.values()) gateway.close();
    for (const client of this.#grpc.values()) client.close();
  }
}

interface GatewaysFile {
  gateways: Record<string, { mspId: string; baseUrl: string; users: Record<string, { apiKey: string }> }>;
}

/** The REST gateways of the test network (gateways.json), called as their demo users. */
export class RestClients {
  readonly #file: GatewaysFile;
  readonly #agent: http.Agent;

  /** `timeoutMs`: a request without an answer by then fails as NETWORK_TIMEOUT (0: none). */
  constructor(
    networkHome: string,
    maxSockets = 256,
    readonly timeoutMs = 0,
  ) {
    this.#file = JSON.parse(readFileSync(path.join(networkHome, 'gateways.json'), 'utf8')) as GatewaysFile;
    this.#agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  /** One request; 2xx is 'VALID', otherwise the error body's code (or HTTP_<status>). */
  request<T = unknown>(
    org: string,
    user: string,
    method: string,
    route: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Timed<T>> {
    const gateway = this.#file.gateways[org];
    const apiKey = gateway?.users[user]?.apiKey;
    if (!gateway || !apiKey) throw new Error(`no REST gateway or API key for ${org}/${user} in gateways.json`);
    const url = new URL(route, gateway.baseUrl);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const submittedAt = performance.now();
    return new Promise((resolve) => {
      const request = http.request(
        url,
        {
          method,
          agent: this.#agent,
          headers: {
            ...headers,
            authorization: `Bearer ${apiKey}`,
            ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
          },
          ...(this.timeoutMs > 0 ? { timeout: this.timeoutMs } : {}),
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            let value: unknown;
            try {
              value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
            } catch {
              value = undefined;
            }
            const code = (value as { error?: { code?: string } } | undefined)?.error?.code;
            const outcome = status >= 200 && status < 300 ? 'VALID' : (code ?? `HTTP_${status}`);
            resolve({ sample: { submittedAt, finishedAt: performance.now(), outcome }, value: value as T, status });
          });
        },
      );
      request.on('timeout', () => request.destroy(Object.assign(new Error('no answer in time'), { code: 'TIMEOUT' })));
      request.on('error', (error) => {
        resolve({
          sample: { submittedAt, finishedAt: performance.now(), outcome: `NETWORK_${(error as NodeJS.ErrnoException).code ?? 'ERROR'}` },
        });
      });
      request.end(payload);
    });
  }

  mspId(org: string): string {
    const gateway = this.#file.gateways[org];
    if (!gateway) throw new Error(`no REST gateway for ${org} in gateways.json`);
    return gateway.mspId;
  }

  close(): void {
    this.#agent.destroy();
  }
}

const PEER_LAG_RETRIES = 40;
const PEER_LAG_PAUSE_MS = 25;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * How an endorser that has not yet committed the previous step's block
 * answers: the record is missing, still in its earlier state, or its result
 * differs from an up-to-date endorser's. Nothing is ordered in any of these.
 */
const PEER_LAG_OUTCOMES: ReadonlySet<string> = new Set(['NOT_FOUND', 'INVALID_STATE_TRANSITION', 'ENDORSEMENT_MISMATCH']);

/**
 * A step that needs the previous step's transaction. A commit status comes
 * from one peer; the next step's endorsers may not have that block yet.
 * Sent again after a pause, for up to about a second; the retries are
 * counted (peerLagRetries) and make one sample, timed from the first try.
 */
export async function afterCommit<T>(step: () => Promise<Timed<T>>, lag: { retries: number }): Promise<Timed<T>> {
  let firstTry: number | undefined;
  for (let attempt = 1; ; attempt++) {
    const answer = await step();
    firstTry ??= answer.sample.submittedAt;
    if (!PEER_LAG_OUTCOMES.has(answer.sample.outcome) || attempt > PEER_LAG_RETRIES)
      return { ...answer, sample: { ...answer.sample, submittedAt: firstTry } };
    lag.retries += 1;
    await sleep(PEER_LAG_PAUSE_MS);
  }
}
