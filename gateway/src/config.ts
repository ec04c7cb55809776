/**
 * A gateway instance serves one institution: its organisation, its gateway
 * peer, the ledgers it serves (the bond ledger, the cash ledger or both:
 * each a channel and chaincode), and the Fabric identities its API users
 * sign as. Loaded from a JSON file; missing or malformed settings stop the
 * process at start-up with a message naming them.
 */
import { readFileSync } from 'node:fs';
import { IdentityRole } from '@bond-platform/chaincode/api';

/** An API user's role: the chaincode's identity roles (carried in the certificate), or `viewer`, who may only read. */
export const USER_ROLES = [IdentityRole.ADMIN, IdentityRole.OPERATOR, 'viewer'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export interface UserIdentity {
  /** The user's role at its institution: admin routes need `admin`. */
  role: UserRole;
  certPath: string;
  keyPath: string;
}

/** The institution's Fabric CA, where its admins register and revoke users. */
export interface CaConfig {
  url: string;
  caName: string;
  tlsRootCertPath: string;
  /** An identity allowed to register and revoke (hf.Registrar.Roles, hf.Revoker). */
  registrar: { certPath: string; keyPath: string };
}

export interface OrdererConfig {
  endpoint: string;
  hostAlias?: string;
  tlsRootCertPath: string;
}

/** The ledgers a gateway can serve: the bond ledger (the bond chaincode) and the cash ledger (the cash chaincode). */
export type LedgerName = 'bond' | 'cash';

/**
 * The cash ledger, served beside the bond ledger (or alone, by the payment
 * operator's gateway) through the same peer and identities: the
 * institution's peer is joined to both channels.
 */
export interface CashLedgerConfig {
  channel: string;
  chaincode: string;
  /** The payment operator's MSP ID: its peer endorses cash transactions and the lock attestations. */
  operatorMspId: string;
}

export interface GatewayConfig {
  organization: string;
  mspId: string;
  /** The CSD's MSP ID: it endorses every transaction and runs the scheduler. */
  csdMspId: string;
  listen: { host: string; port: number };
  peer: { endpoint: string; hostAlias?: string; tlsRootCertPath: string };
  /**
   * The bond ledger's channel and chaincode. Both are left out on a gateway
   * that serves the cash ledger only (the payment operator's): then it has
   * no bond routes. Without `cashLedger` they are required.
   */
  channel?: string;
  chaincode?: string;
  /**
   * The cash ledger: its routes (`/cash/...`) are served where this is set.
   * The CSD's settlement agent watches the cash channel through it; the
   * operator's agent recognises itself by `operatorMspId`.
   */
  cashLedger?: CashLedgerConfig;
  users: Record<string, UserIdentity>;
  /** JSON file of hashed API keys (see http/auth.ts). */
  apiKeysFile: string;
  /** Where the gateway keeps what must survive a restart (idempotency records). */
  stateDir: string;
  /** Requests per minute per caller. */
  rateLimitPerMinute: number;
  /** Requests per minute per client address that fail authentication (no key, an unknown one) before the address is refused with 429. */
  unauthenticatedPerMinute: number;
  /** How long an Idempotency-Key is remembered (hours, default 24). */
  idempotencyRetentionHours: number;
  /** Largest accepted request body (default 256kb), except a bid's. */
  bodyLimit: string;
  /**
   * Largest accepted bid (POST /bonds/{isin}/bids, PUT …/bids/mine; default
   * 1mb): a bid for the most accounts (MAX_BID_ACCOUNTS, 10,000) is about
   * 440 kB with typical account ids and 860 kB at the longest, under the
   * chaincode's 1 MiB for private input.
   */
  bidBodyLimit: string;
  /** A query result not matching its published schema: `enforce` answers 500, `log` only alerts (default enforce). */
  responseValidation: 'enforce' | 'log';
  /** The CSD's gateway runs the lifecycle scheduler, signing as `user`; interval 0 = on request only. */
  scheduler?: { user: string; intervalSeconds: number };
  /**
   * User management (register, enrol, revoke) needs the CA, an orderer to
   * publish the revocation list to, and `channelAdmin`: a configured user
   * whose certificate is an admin of the institution's MSP.
   */
  identities?: { ca: CaConfig; orderer: OrdererConfig; channelAdmin: string };
  /**
   * The ordering service's orderers, for readiness only: /readyz is 200 while
   * the peer and a majority of these answer (none configured: the peer alone).
   */
  orderers: OrdererConfig[];
  /** Seconds between readiness checks (default 5). */
  readinessIntervalSeconds: number;
  /** The settlement agent (`node dist/settlement-agent.js --config FILE`): see settlement-agent/agent.ts. */
  settlementAgent?: SettlementAgentConfig;
}

export interface SettlementAgentConfig {
  /** The configured user the agent signs as: an operator (or admin), never a viewer. */
  user: string;
  /** Seconds between reconcile passes when no event comes (a whole number ≥ 1, default 5). */
  intervalSeconds: number;
  /** Seconds after a lock's expiry before the agent refunds it (a whole number ≥ 0, default 10): the parties' own refund goes first. */
  refundGraceSeconds: number;
}

function need<T>(value: T | undefined | null, name: string): T {
  if (value === undefined || value === null || value === '') throw new Error(`gateway configuration: ${name} is required`);
  return value;
}

function positive(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    throw new Error(`gateway configuration: ${name} must be a positive number`);
  return value;
}

function parseScheduler(value: unknown, users: GatewayConfig['users']): GatewayConfig['scheduler'] {
  if (value === undefined) return undefined;
  const scheduler = value as { user?: string; intervalSeconds?: number };
  if (!scheduler.user || !Object.hasOwn(users, scheduler.user))
    throw new Error('gateway configuration: scheduler.user must be one of the configured users');
  const interval = scheduler.intervalSeconds ?? 300;
  if (!Number.isInteger(interval) || interval < 0)
    throw new Error('gateway configuration: scheduler.intervalSeconds must be a whole number ≥ 0');
  return { user: scheduler.user, intervalSeconds: interval };
}

function parseCashLedger(value: unknown): CashLedgerConfig | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error('gateway configuration: cashLedger must be an object');
  const raw = value as Partial<CashLedgerConfig>;
  return {
    channel: need(raw.channel, 'cashLedger.channel'),
    chaincode: need(raw.chaincode, 'cashLedger.chaincode'),
    operatorMspId: need(raw.operatorMspId, 'cashLedger.operatorMspId'),
  };
}

function parseSettlementAgent(value: unknown, users: GatewayConfig['users']): SettlementAgentConfig | undefined {
  if (value === undefined) return undefined;
  const raw = value as Partial<SettlementAgentConfig>;
  if (!raw.user || !Object.hasOwn(users, raw.user) || users[raw.user]?.role === 'viewer')
    throw new Error('gateway configuration: settlementAgent.user must be a configured user who may write (not a viewer)');
  const interval = raw.intervalSeconds ?? 5;
  if (!Number.isInteger(interval) || interval < 1)
    throw new Error('gateway configuration: settlementAgent.intervalSeconds must be a whole number ≥ 1');
  const grace = raw.refundGraceSeconds ?? 10;
  if (!Number.isInteger(grace) || grace < 0)
    throw new Error('gateway configuration: settlementAgent.refundGraceSeconds must be a whole number ≥ 0');
  return { user: raw.user, intervalSeconds: interval, refundGraceSeconds: grace };
}

/**
 * The bond ledger's channel and chaincode: required, unless the gateway
 * serves the cash ledger and neither is given (then it serves that alone).
 */
function parseBondLedger(raw: Record<string, unknown>, cashLedger: CashLedgerConfig | undefined): { channel?: string; chaincode?: string } {
  if (cashLedger && raw.channel === undefined && raw.chaincode === undefined) return {};
  return { channel: need(raw.channel as string, 'channel'), chaincode: need(raw.chaincode as string, 'chaincode') };
}

/**
 * The ledgers the gateway serves: the bond ledger unless it is configured
 * for the cash ledger alone, the cash ledger where `cashLedger` is set.
 */
export function servedLedgers(config: Pick<GatewayConfig, 'channel' | 'cashLedger'>): ReadonlySet<LedgerName> {
  if (!config.cashLedger) return new Set(['bond']);
  return new Set(config.channel === undefined ? ['cash'] : ['bond', 'cash']);
}

function parseOrderers(value: unknown): OrdererConfig[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new Error('gateway configuration: orderers must be a list');
  return value.map((o: Partial<OrdererConfig>, i) => ({
    endpoint: need(o.endpoint, `orderers[${i}].endpoint`),
    hostAlias: o.hostAlias,
    tlsRootCertPath: need(o.tlsRootCertPath, `orderers[${i}].tlsRootCertPath`),
  }));
}

function parseIdentities(value: unknown, users: GatewayConfig['users']): GatewayConfig['identities'] {
  if (value === undefined) return undefined;
  const raw = value as Partial<NonNullable<GatewayConfig['identities']>>;
  const ca = need(raw.ca, 'identities.ca');
  const orderer = need(raw.orderer, 'identities.orderer');
  const channelAdmin = need(raw.channelAdmin, 'identities.channelAdmin');
  if (!Object.hasOwn(users, channelAdmin) || users[channelAdmin]?.role !== 'admin')
    throw new Error('gateway configuration: identities.channelAdmin must be a configured admin user');
  return {
    ca: {
      url: need(ca.url, 'identities.ca.url'),
      caName: need(ca.caName, 'identities.ca.caName'),
      tlsRootCertPath: need(ca.tlsRootCertPath, 'identities.ca.tlsRootCertPath'),
      registrar: {
        certPath: need(ca.registrar.certPath, 'identities.ca.registrar.certPath'),
        keyPath: need(ca.registrar.keyPath, 'identities.ca.registrar.keyPath'),
      },
    },
    orderer: {
      endpoint: need(orderer.endpoint, 'identities.orderer.endpoint'),
      hostAlias: orderer.hostAlias,
      tlsRootCertPath: need(orderer.tlsRootCertPath, 'identities.orderer.tlsRootCertPath'),
    },
    channelAdmin,
  };
}

export function parseConfig(raw: Record<string, unknown>): GatewayConfig {
  const peer = need(raw.peer as GatewayConfig['peer'] | undefined, 'peer');
  const listen = need(raw.listen as GatewayConfig['listen'] | undefined, 'listen');
  const users = need(raw.users as GatewayConfig['users'] | undefined, 'users');
  for (const [name, user] of Object.entries(users)) {
    if (!(USER_ROLES as readonly string[]).includes(user.role))
      throw new Error(
        `gateway configuration: users.${name}.role must be ${USER_ROLES.slice(0, -1).join(', ')} or ${USER_ROLES[USER_ROLES.length - 1]}`,
      );
    need(user.certPath, `users.${name}.certPath`);
    need(user.keyPath, `users.${name}.keyPath`);
  }
  if (!Number.isInteger(listen.port) || listen.port <= 0) throw new Error('gateway configuration: listen.port must be a port number');
  const cashLedger = parseCashLedger(raw.cashLedger);
  return {
    organization: need(raw.organization as string, 'organization'),
    mspId: need(raw.mspId as string, 'mspId'),
    csdMspId: need(raw.csdMspId as string, 'csdMspId'),
    listen: { host: listen.host || '127.0.0.1', port: listen.port },
    peer: {
      endpoint: need(peer.endpoint, 'peer.endpoint'),
      hostAlias: peer.hostAlias,
      tlsRootCertPath: need(peer.tlsRootCertPath, 'peer.tlsRootCertPath'),
    },
    ...parseBondLedger(raw, cashLedger),
    ...(cashLedger ? { cashLedger } : {}),
    users,
    apiKeysFile: need(raw.apiKeysFile as string, 'apiKeysFile'),
    stateDir: need(raw.stateDir as string, 'stateDir'),
    rateLimitPerMinute: typeof raw.rateLimitPerMinute === 'number' ? raw.rateLimitPerMinute : 600,
    unauthenticatedPerMinute: positive(raw.unauthenticatedPerMinute, 'unauthenticatedPerMinute', 60),
    idempotencyRetentionHours: positive(raw.idempotencyRetentionHours, 'idempotencyRetentionHours', 24),
    bodyLimit: typeof raw.bodyLimit === 'string' ? raw.bodyLimit : '256kb',
    bidBodyLimit: typeof raw.bidBodyLimit === 'string' ? raw.bidBodyLimit : '1mb',
    responseValidation: raw.responseValidation === 'log' ? 'log' : 'enforce',
    scheduler: parseScheduler(raw.scheduler, users),
    identities: parseIdentities(raw.identities, users),
    orderers: parseOrderers(raw.orderers),
    readinessIntervalSeconds: positive(raw.readinessIntervalSeconds, 'readinessIntervalSeconds', 5),
    settlementAgent: parseSettlementAgent(raw.settlementAgent, users),
  };
}

export function loadConfig(file: string): GatewayConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the gateway configuration ${file}: ${String(error)}`);
  }
  return parseConfig(raw as Record<string, unknown>);
}
