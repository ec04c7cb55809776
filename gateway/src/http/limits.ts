/**
 * Limits on what a client can make the gateway do before it is known:
 * nesting depth of a JSON body (checked without recursion, before anything
 * serialises the body), failed authentications per client address (refused
 * before any authentication work), and a JSON error body for the requests
 * Node's HTTP parser refuses itself (malformed headers, a request line or
 * headers too large), which never reach Express.
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

/**
 * Failed (or missing) authentications per client address in a fixed
 * window: once an address reached the limit it is refused until the
 * window ends. Bounded: at most `maxAddresses` are tracked.
 */
export class FailureLimiter {
  readonly #windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    readonly limit: number,
    readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
    private readonly maxAddresses = 10_000,
  ) {}

  /** Seconds until the address may try again, or undefined if it may now. */
  blocked(address: string): number | undefined {
    const window = this.#windows.get(address);
    if (!window) return undefined;
    const left = window.resetAt - this.now();
    if (left <= 0) {
      this.#windows.delete(address);
      return undefined;
    }
    return window.count >= this.limit ? Math.ceil(left / 1000) : undefined;
  }

  /** Counts one failure of the address. */
  record(address: string): void {
    const now = this.now();
    const window = this.#windows.get(address);
    if (window && window.resetAt > now) {
      window.count++;
      return;
    }
    this.#windows.delete(address);
    if (this.#windows.size >= this.maxAddresses) this.#evict(now);
    this.#windows.set(address, { count: 1, resetAt: now + this.windowMs });
  }

  /** Expired windows go first, then the oldest. */
  #evict(now: number): void {
    for (const [address, window] of this.#windows) if (window.resetAt <= now) this.#windows.delete(address);
    for (const address of this.#windows.keys()) {
      if (this.#windows.size < this.maxAddresses) break;
      this.#windows.delete(address);
    }
  }
}

const CLIENT_ERRORS: Readonly<Record<string, { status: number; reason: string; code: GatewayErrorCode; message: string }>> = {
  HPE_HEADER_OVERFLOW: { status: 431, reason: 'Request Header Fields Too Large', code: 'HEADERS_TOO_LARGE', message: 'the request line or headers are too large' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, reason: 'Request Timeout', code: 'REQUEST_TIMEOUT', message: 'the request was not received in time' },
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
