/**
 * What the long-running services (main.ts, the gateway; settlement-agent.ts,
 * the settlement agent) share: where the configuration file comes from, and
 * how they stop on SIGTERM or SIGINT.
 */
import type { Logger } from 'pino';

/** How long a stop may take before the process exits 1 regardless. */
const STOP_DEADLINE_MS = 10_000;

/** The configuration file: `--config FILE`, else BOND_GATEWAY_CONFIG; `script` names the program in the usage message. */
export function configFile(script: string, argv: readonly string[]): string {
  const index = argv.indexOf('--config');
  const file = index >= 0 ? argv[index + 1] : process.env.BOND_GATEWAY_CONFIG;
  if (!file) throw new Error(`usage: ${script} --config <gateway config JSON> (or BOND_GATEWAY_CONFIG)`);
  return file;
}

/**
 * On the first SIGTERM or SIGINT: logs it, runs `stop` (later signals are
 * ignored), then logs "stopped" and exits 0; exits 1 if the stop has not
 * ended within 10 s.
 */
export function stopOnSignals(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => process.exit(1), STOP_DEADLINE_MS).unref();
    void stop().finally(() => {
      logger.info('stopped');
      process.exit(0);
    });
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      shutdown(signal);
    });
  }
}
