/** GET /events: the chaincode's events as Server-Sent Events, resumable with Last-Event-ID (see event-stream.ts). */
import type { Express } from 'express';
import type { Logger } from 'pino';
import type { LedgerClient } from '../fabric/ledger-client';
import { handled, requestIdOf, requireUser } from '../http/middleware';
import { streamEvents } from './event-stream';

/** Mounts the route; returns a function that closes every open stream (on shutdown). */
export function mountEventRoutes(app: Express, ledger: LedgerClient, chaincode: string, logger: Logger): () => void {
  const streams = new Set<() => void>();
  app.get(
    '/events',
    handled((req, res) => {
      const network = ledger.network(requireUser(res));
      const close = streamEvents(network, req, res, {
        chaincode,
        onError: (error) => {
          logger.warn({ requestId: requestIdOf(res), err: String(error) }, 'event stream interrupted; reconnecting');
        },
      });
      streams.add(close);
      req.on('close', () => streams.delete(close));
    }),
  );
  return () => {
    for (const close of streams) close();
  };
}
