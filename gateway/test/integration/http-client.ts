/**
 * HTTP access to the running gateways as the test network's demo users
 * (gateways.json in the network's state directory): what a bank's
 * integration would do, and nothing more.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultNetworkHome, loadTestNetwork } from '../../src/ledger-check/test-network';
import { eventually } from './eventually';
import { FOUNDING_MEMBERS } from './participants';

type Gateways = Record<string, { mspId: string; baseUrl: string; users: Record<string, { role: string; apiKey: string }> }>;

interface GatewaysFile {
  gateways: Gateways;
  /** The cash ledger's operator's gateway (the other organisations' gateways serve both ledgers). */
  cash?: { gateways: Gateways };
}

export interface HttpResult<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

const file = path.join(defaultNetworkHome(), 'gateways.json');

/** Every gateway by organisation, the cash ledger operator's included. Read on every use: onboarding adds gateways while the tests run. */
function gatewaysOf(): Gateways {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as GatewaysFile;
  return { ...parsed.cash?.gateways, ...parsed.gateways };
}

/** True if the network's gateways.json lists a gateway for `org` (an institution onboarded and running). */
export function hasGateway(org: string): boolean {
  return gatewaysOf()[org] !== undefined;
}

export function mspOf(org: string): string {
  const gateway = gatewaysOf()[org];
  if (!gateway) throw new Error(`no gateway for ${org} in ${file}`);
  return gateway.mspId;
}

export class Api {
  constructor(
    readonly org: string,
    readonly user: string,
  ) {}

  get apiKey(): string {
    const key = gatewaysOf()[this.org]?.users[this.user]?.apiKey;
    if (!key) throw new Error(`no API key for ${this.org}/${this.user} in ${file}`);
    return key;
  }

  get baseUrl(): string {
    const gateway = gatewaysOf()[this.org];
    if (!gateway) throw new Error(`no gateway for ${this.org} in ${file}`);
    return gateway.baseUrl;
  }

  async request<T = unknown>(
    method: string,
    route: string,
    body?: unknown,
    headers: Record<string, string> = {},
    apiKey?: string | null,
  ): Promise<HttpResult<T>> {
    const key = apiKey === undefined ? gatewaysOf()[this.org]?.users[this.user]?.apiKey : apiKey;
    const send = () =>
      fetch(`${this.baseUrl}${route}`, {
        method,
        headers: {
          ...(key ? { Authorization: `Bearer ${key}` } : {}),
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
    // A pooled keep-alive connection to a gateway that has since restarted fails once: send again.
    const response = await send().catch(() => send());
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  get<T = unknown>(route: string): Promise<HttpResult<T>> {
    return this.request<T>('GET', route);
  }

  post<T = unknown>(route: string, body?: unknown, headers?: Record<string, string>): Promise<HttpResult<T>> {
    return this.request<T>('POST', route, body ?? {}, headers);
  }

  put<T = unknown>(route: string, body: unknown): Promise<HttpResult<T>> {
    return this.request<T>('PUT', route, body);
  }

  /**
   * The committed result of a submit that must succeed, once every member's
   * peer has committed it: the gateway waits for its own peer only, and the
   * next step may read from another organisation's.
   */
  async ok<T>(method: 'POST' | 'PUT' | 'DELETE', route: string, body?: unknown): Promise<T> {
    const response = await this.request<{ result: T; transactionId: string }>(method, route, body ?? {});
    if (response.status !== 200 && response.status !== 201) {
      throw new Error(`${method} ${route} as ${this.org}/${this.user}: ${response.status} ${JSON.stringify(response.body)}`);
    }
    await untilEveryPeerHas(response.body.transactionId);
    return response.body.result;
  }

  /** A query that must succeed. */
  async read<T>(route: string): Promise<T> {
    const response = await this.get<T>(route);
    if (response.status !== 200)
      throw new Error(`GET ${route} as ${this.org}/${this.user}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }
}

/** Through the CSD's admin routes: both institutions admitted and active with the roles the tests use. */
export async function ensureMembersOverHttp(): Promise<void> {
  const admin = new Api('csd', 'admin');
  for (const { org, legalName, lei, roles } of FOUNDING_MEMBERS) {
    const mspId = mspOf(org);
    const found = await admin.get<{ status: string; roles: string[] }>(`/members/${mspId}`);
    if (found.status === 404) {
      await admin.ok('POST', '/members', { mspId, legalName, lei, roles });
      continue;
    }
    if (found.body.status === 'SUSPENDED') await admin.ok('POST', `/members/${mspId}/reinstatement`, { reason: 'test set-up' });
    if (found.body.roles.join() !== roles.join()) await admin.ok('PUT', `/members/${mspId}/roles`, { roles });
  }
}

/** Waits until each member organisation's peer (through its gateway) has the transaction on its ledger. */
async function untilEveryPeerHas(transactionId: string): Promise<void> {
  const members = Object.keys(loadTestNetwork().organizations);
  for (const org of members) {
    const gateway = gatewaysOf()[org];
    const user = gateway ? Object.keys(gateway.users)[0] : undefined;
    if (user === undefined) continue;
    const api = new Api(org, user);
    await eventually(
      () => api.get(`/transactions/${transactionId}`),
      (found) => found.status === 200,
    );
  }
}
