/**
 * Starts a settlement agent: `node dist/settlement-agent.js --config FILE`
 * (or BOND_GATEWAY_CONFIG), FILE a gateway configuration with
 * `settlementAgent`. With the CSD's it completes the bond side of
 * cross-ledger DvPs; with the payment operator's it refunds expired cash
 * locks (settlement-agent/agent.ts). On SIGTERM or SIGINT it lets a pass in
 * progress finish, then closes the Fabric connections.
 */
import pino from 'pino';
import { loadConfig } from './config';
import { configFile, stopOnSignals } from './service';
import { SettlementAgent } from './settlement-agent/agent';
import { connectAgent } from './settlement-agent/fabric';

function main(): void {
  const config = loadConfig(configFile('settlement-agent.js', process.argv));
  const settings = config.settlementAgent;
  if (!settings) throw new Error('the configuration has no settlementAgent');
  const logger = pino({ base: { service: 'settlement-agent', org: config.organization } });
  const connection = connectAgent(config, logger);
  const agent = new SettlementAgent(connection.ledgers, {
    intervalMs: settings.intervalSeconds * 1000,
    refundGraceMs: settings.refundGraceSeconds * 1000,
    logger,
    watchers: connection.watchers,
  });
  agent.start();
  logger.info(
    {
      mode: connection.mode,
      mspId: config.mspId,
      intervalSeconds: settings.intervalSeconds,
      refundGraceSeconds: settings.refundGraceSeconds,
    },
    'settlement agent started',
  );

  stopOnSignals(logger, () =>
    agent.stop().finally(() => {
      connection.close();
    }),
  );
}

try {
  main();
} catch (error) {
  console.error(`settlement agent: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
