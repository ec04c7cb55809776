/**
 * Limits on what a client can make the gateway do: nesting depth of a JSON
 * body (checked without recursion, before anything serialises the body),
 * failed authentications per client address (refused before any
 * authentication work), requests per authenticated caller, and a JSON error
 * body for the requests Node's HTTP parser refuses itself (malformed
 * headers, a request line or headers too large), which never reach Express.
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { NextFunction, Request, Response } from 'express';
import { ApiError, type ErrorBody, type GatewayErrorCode } from './errors';

/** The deepest JSON body accepted: the API's bodies nest at most 3 levels. */
export const MAX_JSON_DEPTH = 32;

/** True if `value` nests objects and arrays deeper than `max` levels; iterative, linear in the size. */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [node, depth] = next;
    if (node === null || typeof node !== 'object') continue;
    if (depth > max) return true;
    for (const child of Array.isArray(node) ? (node as unknown[]) : Object.values(node)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}

/** Middleware after the JSON parser: 400 JSON_TOO_DEEP for a body nested deeper than MAX_JSON_DEPTH. */
export function limitJsonDepth(req: Request, _res: Response, next: NextFunction): void {
  if (nestedDeeperThan(req.body, MAX_JSON_DEPTH)) {
    next(new ApiError(400, 'JSON_TOO_DEEP', `the request body nests deeper than ${MAX_JSON_DEPTH} levels`));
    return;
  }
  next();
}

/** A key's fixed window: its count and when the window ends (ms since the epoch). */
export interface Window {
  count: number;
  resetAt: number;
}

/**
 * Counts per key in fixed windows, each starting at the key's first count
 * after its previous window ended. Bounded: at most `maxKeys` keys are
 * tracked; expired windows go first, then the oldest.
 */
export class FixedWindows {
  readonly #windows = new Map<string, Window>();

  constructor(
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 10_000,
  ) {}

  /** The key's window, or undefined if it has none running. */
  current(key: string): Window | undefined {
    const window = this.#windows.get(key);
    if (!window) return undefined;
    if (window.resetAt <= this.now()) {
      this.#windows.delete(key);
      return undefined;
    }
    return window;
  }

  /** Counts one for the key; its window after counting. */
  count(key: string): Window {
    const now = this.now();
    const window = this.#windows.get(key);
    if (window && window.resetAt > now) {
      window.count++;
      return window;
    }
    this.#windows.delete(key);
    if (this.#windows.size >= this.maxKeys) this.#evict(now);
    const fresh = { count: 1, resetAt: now + this.windowMs };
    this.#windows.set(key, fresh);
    return fresh;
  }

  #evict(now: number): void {
    for (const [key, window] of this.#windows) if (window.resetAt <= now) this.#windows.delete(key);
    for (const key of this.#windows.keys()) {
      if (this.#windows.size < this.maxKeys) break;
      this.#windows.delete(key);
    }
  }
}

/**
 * Failed (or missing) authentications per client address in a fixed
 * window: once an address reached the limit it is refused until the
 * window ends. Bounded: at most `maxAddresses` are tracked.
 */
export class FailureLimiter {
  readonly #windows: FixedWindows;

  constructor(
    readonly limit: number,
    windowMs = 60_000,
    private readonly now: () => number = Date.now,
    maxAddresses = 10_000,
  ) {
    this.#windows = new FixedWindows(windowMs, now, maxAddresses);
  }

  /** Seconds until the address may try again, or undefined if it may now. */
  blocked(address: string): number | undefined {
    const window = this.#windows.current(address);
    return window && window.count >= this.limit ? Math.ceil((window.resetAt - this.now()) / 1000) : undefined;
  }

  /** Counts one failure of the address. */
  record(address: string): void {
    this.#windows.count(address);
  }
}

/** One request of a caller against its limit: what the RateLimit headers say, and whether it is over. */
export interface CallerHit {
  remaining: number;
  /** Seconds until the caller's window ends. */
  resetSeconds: number;
  limited: boolean;
}

/**
 * Requests per caller in a fixed window (every request counts, refused ones
 * too): a request beyond `limit` in its caller's window is limited.
 */
export class CallerLimiter {
  readonly #windows: FixedWindows;

  constructor(
    readonly limit: number,
    windowMs = 60_000,
    private readonly now: () => number = Date.now,
    maxCallers = 10_000,
  ) {
    this.#windows = new FixedWindows(windowMs, now, maxCallers);
  }

  hit(caller: string): CallerHit {
    const window = this.#windows.count(caller);
    return {
      remaining: Math.max(this.limit - window.count, 0),
      resetSeconds: Math.max(0, Math.ceil((window.resetAt - this.now()) / 1000)),
      limited: window.count > this.limit,
    };
  }
}

const CLIENT_ERRORS: Readonly<Record<string, { status: number; reason: string; code: GatewayErrorCode; message: string }>> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    reason: 'Request Header Fields Too Large',
    code: 'HEADERS_TOO_LARGE',
    message: 'the request line or headers are too large',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    reason: 'Request Timeout',
    code: 'REQUEST_TIMEOUT',
    message: 'the request was not received in time',
  },
};
const MALFORMED = { status: 400, reason: 'Bad Request', code: 'BAD_REQUEST' as const, message: 'the request could not be parsed as HTTP' };

/** The raw HTTP response for a request Node's parser refused: the gateway's JSON error body, and the connection closed. */
export function clientErrorResponse(errorCode: string | undefined, requestId: string = randomUUID()): string {
  const known = CLIENT_ERRORS[errorCode ?? ''] ?? MALFORMED;
  const body: ErrorBody = { error: { code: known.code, message: known.message, requestId } };
  const json = JSON.stringify(body);
  return [
    `HTTP/1.1 ${known.status} ${known.reason}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(json)}`,
    `X-Request-Id: ${requestId}`,
    'Connection: close',
    '',
    json,
  ].join('\r\n');
}

/** Answers what Node's HTTP parser refuses with the JSON error body instead of an empty one. */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    // A reset or closed connection can take no answer.
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    socket.end(clientErrorResponse(error.code));
  });
}
