import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { ChaincodeEvent, Checkpoint, CloseableAsyncIterable, Network } from '@hyperledger/fabric-gateway';
import express, { type NextFunction, type Request, type Response } from 'express';
import { ApiError } from '../http/errors';
import { blockNumber, resumePosition, streamEvents } from './event-stream';

const encoder = new TextEncoder();
const tx = (n: number) => n.toString(16).padStart(64, '0');

function event(block: number, n: number, name: string, payload: string): ChaincodeEvent {
  return { blockNumber: BigInt(block), transactionId: tx(n), chaincodeName: 'bond', eventName: name, payload: encoder.encode(payload) };
}

/**
 * A stand-in peer for chaincode events, as the Fabric gateway serves them:
 * from the checkpoint's block, after its transaction, else from the next
 * block to be committed (none here). It can break the connection once after
 * a number of events, as a restarting peer does.
 */
class StandInPeer {
  readonly requests: { block?: bigint; txId?: string }[] = [];
  breakAfter?: number;
  closed = 0;

  constructor(readonly events: ChaincodeEvent[]) {}

  network(): Network {
    return {
      getChaincodeEvents: (_chaincode: string, options?: { checkpoint?: Checkpoint }) => Promise.resolve(this.#stream(options?.checkpoint)),
    } as unknown as Network;
  }

  #stream(checkpoint: Checkpoint | undefined): CloseableAsyncIterable<ChaincodeEvent> {
    const block = checkpoint?.getBlockNumber();
    const txId = checkpoint?.getTransactionId();
    this.requests.push({ block, txId });
    let from = block === undefined ? this.events.length : this.events.findIndex((e) => e.blockNumber >= block);
    if (from < 0) from = this.events.length;
    if (txId !== undefined) {
      const at = this.events.findIndex((e) => e.transactionId === txId);
      if (at >= from) from = at + 1;
    }
    const pending = this.events.slice(from);
    const breakAfter = this.breakAfter;
    this.breakAfter = undefined;
    let stopped = false;
    const onClose = () => {
      this.closed++;
    };
    return {
      async *[Symbol.asyncIterator]() {
        let sent = 0;
        for (const e of pending) {
          if (stopped) return;
          if (breakAfter !== undefined && sent === breakAfter) throw new Error('14 UNAVAILABLE: the peer went away');
          yield await Promise.resolve(e);
          sent++;
        }
        // Then wait, as a live stream does, until closed.
        while (!stopped) await new Promise((resolve) => setTimeout(resolve, 5));
      },
      close() {
        stopped = true;
        onClose();
      },
      [Symbol.dispose]() {
        stopped = true;
        onClose();
      },
    };
  }
}

interface Streaming {
  url: string;
  errors: unknown[];
  closers: (() => void)[];
  server: Server;
}

async function serve(peer: StandInPeer): Promise<Streaming> {
  const app = express();
  const streaming = { errors: [] as unknown[], closers: [] as (() => void)[] };
  app.get('/events', (req, res, next) => {
    try {
      streaming.closers.push(
        streamEvents(peer.network(), req, res, { chaincode: 'bond', retryMs: 1, onError: (error) => streaming.errors.push(error) }),
      );
    } catch (error) {
      next(error);
    }
  });
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- Express recognises error handlers by their four parameters
  app.use((error: ApiError, _req: Request, res: Response, _next: NextFunction) => {
    res.status(error.status).json({ code: error.code });
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => {
      resolve(s);
    });
  });
  return { ...streaming, server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/events` };
}

/** Reads the stream until `count` events arrived, then disconnects; returns everything read. */
async function readEvents(
  url: string,
  count: number,
  headers: Record<string, string> = {},
): Promise<{ text: string; events: { id: string; event: string; data: unknown }[] }> {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  const parsed = () =>
    text
      .split('\n\n')
      .filter((block) => block.startsWith('id: '))
      .map((block) => {
        const field = (name: string) =>
          block
            .split('\n')
            .find((line) => line.startsWith(`${name}: `))
            ?.slice(name.length + 2) ?? '';
        return { id: field('id'), event: field('event'), data: JSON.parse(field('data')) as unknown };
      });
  while (parsed().length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  controller.abort();
  return { text, events: parsed().slice(0, count) };
}

const LEDGER = [
  event(5, 1, 'BondApproved', '{"isin":"XS1"}'),
  event(5, 2, 'BookOpened', 'not json'),
  event(6, 3, 'BidPlaced', '{"units":"10"}'),
  event(8, 4, 'BookClosed', '{"isin":"XS1"}'),
];

describe('GET /events (event stream)', () => {
  let streaming: Streaming | undefined;
  afterEach(async () => {
    for (const close of streaming?.closers ?? []) close();
    const server = streaming?.server;
    if (server) await new Promise((resolve) => server.close(resolve));
    streaming = undefined;
  });

  it('sends each chaincode event with id <block>:<transaction id>, its name and its payload (JSON, or text)', async () => {
    const peer = new StandInPeer(LEDGER);
    streaming = await serve(peer);
    const { text, events } = await readEvents(`${streaming.url}?startBlock=5`, 2);
    expect(text.startsWith(': connected\n\n')).toBe(true);
    expect(events).toEqual([
      {
        id: `5:${tx(1)}`,
        event: 'BondApproved',
        data: { blockNumber: '5', transactionId: tx(1), eventName: 'BondApproved', payload: { isin: 'XS1' } },
      },
      {
        id: `5:${tx(2)}`,
        event: 'BookOpened',
        data: { blockNumber: '5', transactionId: tx(2), eventName: 'BookOpened', payload: 'not json' },
      },
    ]);
  });

  it('without a position starts at the next block (the peer is asked with no checkpoint)', async () => {
    const peer = new StandInPeer(LEDGER);
    streaming = await serve(peer);
    const controller = new AbortController();
    const response = await fetch(streaming.url, { signal: controller.signal });
    const first = await (response.body as ReadableStream<Uint8Array>).getReader().read();
    controller.abort();
    expect(new TextDecoder().decode(first.value)).toBe(': connected\n\n');
    expect(peer.requests).toEqual([{ block: undefined, txId: undefined }]);
  });

  it('resumes after the Last-Event-ID (or ?after=) with nothing repeated or lost', async () => {
    const peer = new StandInPeer(LEDGER);
    streaming = await serve(peer);
    const resumed = await readEvents(streaming.url, 2, { 'Last-Event-ID': `5:${tx(2)}` });
    expect(resumed.events.map((e) => e.id)).toEqual([`6:${tx(3)}`, `8:${tx(4)}`]);
    expect(peer.requests[0]).toEqual({ block: 5n, txId: tx(2) });
    const after = await readEvents(`${streaming.url}?after=5:${tx(1)}`, 3);
    expect(after.events.map((e) => e.id)).toEqual([`5:${tx(2)}`, `6:${tx(3)}`, `8:${tx(4)}`]);
  });

  it('starts at ?startBlock=, that block included', async () => {
    const peer = new StandInPeer(LEDGER);
    streaming = await serve(peer);
    const { events } = await readEvents(`${streaming.url}?startBlock=6`, 2);
    expect(events.map((e) => e.id)).toEqual([`6:${tx(3)}`, `8:${tx(4)}`]);
  });

  it('reconnects by itself when the peer connection breaks, from its checkpoint: nothing repeated or lost', async () => {
    const peer = new StandInPeer(LEDGER);
    peer.breakAfter = 2;
    streaming = await serve(peer);
    const { text, events } = await readEvents(`${streaming.url}?startBlock=5`, 4);
    expect(events.map((e) => e.id)).toEqual(LEDGER.map((e) => `${e.blockNumber}:${e.transactionId}`));
    expect(text).toContain(': reconnecting to the peer\n\n');
    expect(streaming.errors).toHaveLength(1);
    expect(peer.requests).toEqual([
      { block: 5n, txId: undefined },
      { block: 5n, txId: tx(2) },
    ]);
  });

  it('refuses a malformed position with 400 before streaming', async () => {
    const peer = new StandInPeer(LEDGER);
    streaming = await serve(peer);
    for (const [query, headers] of [
      ['', { 'Last-Event-ID': '5:nothex' }],
      ['?startBlock=-1', {}],
      ['?startBlock=18446744073709551616', {}],
      ['?after=05:' + tx(1), {}],
    ] as const) {
      const response = await fetch(`${streaming.url}${query}`, { headers });
      expect([query, response.status, await response.json()]).toEqual([query, 400, { code: 'INVALID_ARGUMENT' }]);
    }
    expect(peer.requests).toEqual([]);
  });

  it('ends the response and closes the peer stream when closed (shutdown)', async () => {
    const peer = new StandInPeer(LEDGER);
    streaming = await serve(peer);
    const response = await fetch(`${streaming.url}?startBlock=8`);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('BookClosed')) text += decoder.decode((await reader.read()).value);
    for (const close of streaming.closers) close();
    for (;;) {
      const { done } = await reader.read();
      if (done) break;
    }
    // Closed by the shutdown, and again when the request ends: closing is idempotent.
    expect(peer.closed).toBeGreaterThanOrEqual(1);
    expect(response.status).toBe(200);
  });
});

describe('event positions', () => {
  const requestWith = (headers: Record<string, string>, query: Record<string, unknown>) =>
    ({ get: (name: string) => headers[name], query }) as unknown as Request;

  it('reads block numbers in canonical decimal within uint64 only', () => {
    expect(blockNumber('0')).toBe(0n);
    expect(blockNumber('18446744073709551615')).toBe(2n ** 64n - 1n);
    for (const bad of ['', '01', '-1', '1.5', '18446744073709551616', ' 1']) expect(blockNumber(bad)).toBeUndefined();
  });

  it('prefers Last-Event-ID to ?after= and both to ?startBlock=', () => {
    expect(resumePosition(requestWith({ 'Last-Event-ID': `7:${tx(9)}` }, { after: `3:${tx(1)}`, startBlock: '1' }))).toEqual({
      block: 7n,
      txId: tx(9),
    });
    expect(resumePosition(requestWith({}, { after: `3:${tx(1)}`, startBlock: '1' }))).toEqual({ block: 3n, txId: tx(1) });
    expect(resumePosition(requestWith({}, { startBlock: '1' }))).toEqual({ block: 1n });
    expect(resumePosition(requestWith({}, {}))).toBeUndefined();
    expect(() => resumePosition(requestWith({}, { startBlock: ['1', '2'] }))).toThrow(ApiError);
  });
});
