/**
 * Starts one institution's gateway: `node dist/main.js --config FILE`.
 * Ready (/readyz) while its peer and a majority of the orderers answer
 * (fabric/readiness.ts), checked every few seconds; on SIGTERM or SIGINT it stops
 * accepting requests, lets running ones finish, then closes the Fabric
 * connections (gateways, then the gRPC client).
 */
import pino from 'pino';
import { ApiKeys } from './http/auth';
import { createApp, createServer } from './http/app';
import { loadConfig } from './config';
import { LedgerClient } from './fabric/ledger-client';
import { ReadinessMonitor } from './fabric/readiness';
import { answerClientErrors } from './http/limits';
import { IdempotencyStore } from './http/idempotency';
import { Metrics } from './http/metrics';
import { Scheduler } from './scheduler/scheduler';
import { configFile, stopOnSignals } from './service';
import { configuredUserAdminParts, UserAdmin } from './users/admin';
import { UserDirectory } from './users/directory';

function main(): void {
  const config = loadConfig(configFile('main.js', process.argv));
  const logger = pino({ base: { service: 'bond-gateway', org: config.organization }, redact: ['req.headers.authorization'] });
  const users = new UserDirectory(config.users, config.stateDir);
  const keys = ApiKeys.load(config.apiKeysFile);
  for (const record of users.activeKeys()) keys.add(record);
  const ledger = new LedgerClient(config, undefined, (user) => users.identity(user));
  const userAdmin = config.identities ? new UserAdmin(users, keys, ledger, logger, configuredUserAdminParts(config, ledger)) : undefined;
  const readiness = new ReadinessMonitor({
    peerReachable: (timeoutMs) =>
      ledger.ready(timeoutMs).then(
        () => true,
        () => false,
      ),
    orderers: config.orderers,
    intervalMs: config.readinessIntervalSeconds * 1000,
    onChange: (report) => {
      if (report.status === 'ready') {
        logger.info({ peer: config.peer.endpoint, orderers: report.orderers }, 'ready');
        // The CSD's scheduler starts with the first ready state and then keeps its own schedule.
        scheduler?.start();
      } else {
        logger.warn(
          { peer: config.peer.endpoint, peerState: report.peer, orderers: report.orderers },
          'not ready: the peer or a majority of the orderers does not answer',
        );
      }
    },
  });
  const idempotency = new IdempotencyStore(config.stateDir, { retentionMs: config.idempotencyRetentionHours * 3600_000 });
  // Expired keys leave the file at least hourly (it is also compacted as it grows).
  const compaction = setInterval(() => {
    idempotency.compact();
  }, 3600_000);
  compaction.unref();
  const scheduler = config.scheduler ? new Scheduler(ledger, config.scheduler.user, config.scheduler.intervalSeconds, logger) : undefined;
  const { app, closeEventStreams } = createApp({
    config,
    ledger,
    keys,
    users,
    userAdmin,
    idempotency,
    metrics: new Metrics(),
    logger,
    readiness: () => readiness.report(),
    scheduler,
  });
  const server = createServer(app);
  server.listen(config.listen.port, config.listen.host, () => {
    logger.info({ host: config.listen.host, port: config.listen.port, mspId: config.mspId }, 'gateway listening');
  });
  answerClientErrors(server);
  readiness.start();

  stopOnSignals(
    logger,
    () =>
      new Promise((stopped) => {
        readiness.stop();
        scheduler?.stop();
        // Event streams first (they never end by themselves), then the server, then Fabric.
        closeEventStreams();
        server.close(() => {
          userAdmin?.close();
          ledger.close();
          stopped();
        });
        server.closeIdleConnections();
      }),
  );
}

try {
  main();
} catch (error) {
  console.error(`bond gateway: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
