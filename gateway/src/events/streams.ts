/** The open event streams of GET /events (see event-stream.ts): opened per request, all ended on shutdown. */
import type { Network } from '@hyperledger/fabric-gateway';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { requestIdOf } from '../http/middleware';
import { streamEvents } from './event-stream';

export class EventStreams {
  readonly #open = new Set<() => void>();

  constructor(
    private readonly chaincode: string,
    private readonly logger: Logger,
  ) {}

  /** Streams the chaincode's events from `network` to the response until the client goes away. */
  open(network: Network, req: Request, res: Response): void {
    const close = streamEvents(network, req, res, {
      chaincode: this.chaincode,
      onError: (error) => {
        this.logger.warn({ requestId: requestIdOf(res), err: String(error) }, 'event stream interrupted; reconnecting');
      },
    });
    this.#open.add(close);
    req.on('close', () => this.#open.delete(close));
  }

  /** Ends every open stream (they never end by themselves). */
  closeAll(): void {
    for (const close of this.#open) close();
  }
}
