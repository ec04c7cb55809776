/**
 * The gateway's Express app for route tests: a configuration with generous
 * limits and enforced response validation, fresh user and idempotency
 * stores, silent logs, always ready; the test gives its ledger client,
 * keys and what it changes of the configuration.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { GatewayConfig } from '../config';
import type { LedgerClient } from '../fabric/ledger-client';
import { UserDirectory } from '../users/directory';
import { type AppDeps, createApp, type GatewayApp } from './app';
import type { ApiKeys } from './auth';
import { IdempotencyStore } from './idempotency';
import { Metrics } from './metrics';

/** A test gateway's configuration: the CSD is CSDMSP, `operator1` an operator, limits out of the way; `fields` on top. */
export function testConfig(fields: Record<string, unknown>): GatewayConfig {
  return {
    csdMspId: 'CSDMSP',
    users: { operator1: { role: 'operator' } },
    rateLimitPerMinute: 1000,
    unauthenticatedPerMinute: 1000,
    bodyLimit: '256kb',
    bidBodyLimit: '256kb',
    responseValidation: 'enforce',
    ...fields,
  } as unknown as GatewayConfig;
}

/** The app of `config` over `ledger`, answering `keys`. */
export function testApp(config: GatewayConfig, ledger: LedgerClient, keys: ApiKeys, iso20022?: AppDeps['iso20022']): GatewayApp {
  return createApp({
    config,
    ledger,
    keys,
    users: new UserDirectory(config.users, mkdtempSync(path.join(os.tmpdir(), 'gw-users-'))),
    idempotency: new IdempotencyStore(mkdtempSync(path.join(os.tmpdir(), 'gw-'))),
    metrics: new Metrics(),
    logger: pino({ level: 'silent' }),
    readiness: () => ({ status: 'ready' }),
    ...(iso20022 === undefined ? {} : { iso20022 }),
  });
}
