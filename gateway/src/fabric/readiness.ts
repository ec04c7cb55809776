/**
 * Whether this gateway can take writes: its peer accepts the gRPC connection
 * and a majority of the ordering service's orderers complete a TLS handshake
 * (Raft orders only with a majority). Checked every few seconds, so /readyz
 * answers 503 while the institution is cut off from the network or the
 * ordering service has lost its majority, and 200 again once it is back,
 * without a restart.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { connect } from 'node:tls';
import type { OrdererConfig } from '../config';

export type ReadinessStatus = 'starting' | 'ready' | 'not-ready';

export interface ReadinessReport {
  status: ReadinessStatus;
  /** Whether the peer accepted the connection at the last check. */
  peer?: 'reachable' | 'unreachable';
  /** Orderers that completed a TLS handshake at the last check, of those configured. */
  orderers?: { reachable: number; of: number };
  /** When the last check finished (ISO 8601). */
  checkedAt?: string;
}

/** Ready iff the peer is reachable and, when orderers are configured, more than half of them are. */
export function assess(peerReachable: boolean, orderersReachable: number, orderers: number): ReadinessStatus {
  if (!peerReachable) return 'not-ready';
  return orderers === 0 || orderersReachable * 2 > orderers ? 'ready' : 'not-ready';
}

/** True if a TLS handshake with the endpoint (host:port), verified against `ca`, completes in time. */
export function tlsHandshake(endpoint: string, ca: Buffer, servername: string | undefined, timeoutMs: number): Promise<boolean> {
  const split = endpoint.lastIndexOf(':');
  const host = endpoint.slice(0, split);
  const port = Number(endpoint.slice(split + 1));
  return new Promise((resolve) => {
    const socket = connect({ host, port, ca, servername: servername ?? (isIP(host) ? undefined : host), ALPNProtocols: ['h2'] });
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => {
      done(false);
    }, timeoutMs);
    socket.once('secureConnect', () => {
      done(socket.authorized);
    });
    socket.once('error', () => {
      done(false);
    });
  });
}

export interface ReadinessOptions {
  /** Resolves true if the peer accepts the connection within the time given. */
  peerReachable: (timeoutMs: number) => Promise<boolean>;
  orderers: readonly OrdererConfig[];
  intervalMs: number;
  /** Called when the status changes (for logging). */
  onChange?: (report: ReadinessReport) => void;
}

const CHECK_TIMEOUT_MS = 3_000;

export class ReadinessMonitor {
  readonly #options: ReadinessOptions;
  readonly #orderers: { endpoint: string; hostAlias?: string; ca: Buffer }[];
  #report: ReadinessReport = { status: 'starting' };
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(options: ReadinessOptions) {
    this.#options = options;
    this.#orderers = options.orderers.map((o) => ({ endpoint: o.endpoint, hostAlias: o.hostAlias, ca: readFileSync(o.tlsRootCertPath) }));
  }

  report(): ReadinessReport {
    return this.#report;
  }

  /** Checks now and then every interval until stop(). */
  start(): void {
    const loop = async () => {
      await this.check();
      if (!this.#stopped) {
        this.#timer = setTimeout(() => void loop(), this.#options.intervalMs);
        this.#timer.unref();
      }
    };
    void loop();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#report = { status: 'not-ready' };
  }

  async check(): Promise<ReadinessReport> {
    const [peer, handshakes] = await Promise.all([
      this.#options.peerReachable(CHECK_TIMEOUT_MS),
      Promise.all(this.#orderers.map((o) => tlsHandshake(o.endpoint, o.ca, o.hostAlias, CHECK_TIMEOUT_MS))),
    ]);
    if (this.#stopped) return this.#report;
    const reachable = handshakes.filter(Boolean).length;
    const previous = this.#report.status;
    this.#report = {
      status: assess(peer, reachable, this.#orderers.length),
      peer: peer ? 'reachable' : 'unreachable',
      orderers: { reachable, of: this.#orderers.length },
      checkedAt: new Date().toISOString(),
    };
    if (this.#report.status !== previous) this.#options.onChange?.(this.#report);
    return this.#report;
  }
}
