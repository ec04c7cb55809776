/**
 * GET /events: the chaincode's events as Server-Sent Events. Each event's id
 * is `<block>:<transaction id>`; a client that reconnects with that id as
 * Last-Event-ID resumes after it, with nothing repeated or lost (the
 * gateway's checkpoint is the id). When the peer connection breaks (a peer
 * restart), the stream reconnects from its checkpoint by itself.
 */
import { checkpointers, type ChaincodeEvent, type CloseableAsyncIterable, type Network } from '@hyperledger/fabric-gateway';
import type { Request, Response } from 'express';
import { ApiError } from '../http/errors';

const decoder = new TextDecoder();
const EVENT_ID = /^([0-9]{1,20}):([0-9a-f]{64})$/;
/** Block numbers are uint64 on the wire. */
const MAX_BLOCK = 2n ** 64n - 1n;

/** A block number in canonical decimal form (no sign, no leading zero) within uint64, or undefined. */
export function blockNumber(text: string): bigint | undefined {
  if (!/^(0|[1-9][0-9]{0,19})$/.test(text)) return undefined;
  const block = BigInt(text);
  return block <= MAX_BLOCK ? block : undefined;
}

export interface EventStreamOptions {
  chaincode: string;
  /** First delay before reconnecting to the peer after a failure; doubles up to 30 s. */
  retryMs?: number;
  onError?: (error: unknown) => void;
}

/** The resume position from Last-Event-ID (or ?after=), or a start block from ?startBlock=. */
export function resumePosition(req: Request): { block: bigint; txId?: string } | undefined {
  const lastId = req.get('Last-Event-ID') ?? (typeof req.query.after === 'string' ? req.query.after : undefined);
  if (lastId !== undefined) {
    const match = EVENT_ID.exec(lastId);
    const block = match ? blockNumber(match[1] ?? '') : undefined;
    if (block === undefined)
      throw new ApiError(
        400,
        'INVALID_ARGUMENT',
        'Last-Event-ID must be <block>:<transaction id> as sent in an event id (a block number up to 2^64-1)',
      );
    return { block, txId: match?.[2] };
  }
  if (req.query.startBlock !== undefined) {
    const block = typeof req.query.startBlock === 'string' ? blockNumber(req.query.startBlock) : undefined;
    if (block === undefined) throw new ApiError(400, 'INVALID_ARGUMENT', 'startBlock must be a block number in decimal, 0 to 2^64-1');
    return { block };
  }
  return undefined;
}

function payloadOf(event: ChaincodeEvent): unknown {
  const text = decoder.decode(event.payload);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Streams until the client goes away; returns a function that ends the stream (for shutdown). */
export function streamEvents(network: Network, req: Request, res: Response, options: EventStreamOptions): () => void {
  const checkpoint = checkpointers.inMemory();
  const start = resumePosition(req);
  const state = { closed: false };
  // A function, not a field read: the loop below must see closes made by the request's 'close' handler.
  const isClosed = (): boolean => state.closed;
  let current: CloseableAsyncIterable<ChaincodeEvent> | undefined;
  const close = () => {
    state.closed = true;
    current?.close();
    res.end();
  };
  req.on('close', close);

  res.status(200).set({ 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
  res.flushHeaders();
  res.write(': connected\n\n');

  void (async () => {
    if (start?.txId !== undefined) await checkpoint.checkpointTransaction(start.block, start.txId);
    else if (start !== undefined) await checkpoint.checkpointBlock(start.block - 1n);
    let delay = options.retryMs ?? 1000;
    while (!isClosed()) {
      try {
        current = await network.getChaincodeEvents(options.chaincode, {
          checkpoint: checkpoint.getBlockNumber() === undefined ? undefined : checkpoint,
        });
        for await (const event of current) {
          const id = `${event.blockNumber}:${event.transactionId}`;
          const data = {
            blockNumber: event.blockNumber.toString(),
            transactionId: event.transactionId,
            eventName: event.eventName,
            payload: payloadOf(event),
          };
          res.write(`id: ${id}\nevent: ${event.eventName}\ndata: ${JSON.stringify(data)}\n\n`);
          await checkpoint.checkpointChaincodeEvent(event);
          delay = options.retryMs ?? 1000;
        }
      } catch (error) {
        if (isClosed()) return;
        options.onError?.(error);
        res.write(': reconnecting to the peer\n\n');
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, 30_000);
      }
    }
  })();
  return close;
}
