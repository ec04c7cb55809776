/**
 * The HTTP middleware every request passes through, in the order the app
 * mounts it: a request id with metrics and a log line, authentication by API
 * key (with the per-address limit on failed attempts), the per-caller rate
 * limit, the 404 for unknown routes and the one error model.
 */
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { UserDirectory } from '../users/directory';
import type { ApiKeys } from './auth';
import { ApiError, errorBody, fromFabricError } from './errors';
import { CallerLimiter, FailureLimiter } from './limits';
import type { Metrics } from './metrics';

interface CallerLocals {
  requestId: string;
  user?: string;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

function locals(res: Response): CallerLocals {
  return res.locals as CallerLocals;
}

/** The request's id, as echoed in the X-Request-Id header. */
export function requestIdOf(res: Response): string {
  return locals(res).requestId;
}

/** The authenticated caller; 401 when there is none. */
export function requireUser(res: Response): string {
  const user = locals(res).user;
  if (user === undefined) throw new ApiError(401, 'UNAUTHENTICATED', 'an API key is required');
  return user;
}

/** A check that the caller is one of the institution's admin users (403 otherwise). */
export type RequireAdmin = (res: Response) => void;

export function adminCheck(users: UserDirectory): RequireAdmin {
  return (res) => {
    if (users.role(requireUser(res)) !== 'admin') throw new ApiError(403, 'ADMIN_REQUIRED', 'this needs an admin user');
  };
}

/** An async route handler whose failures go to the error handler. */
export function handled(run: (req: Request, res: Response) => Promise<void> | void): RequestHandler {
  return async (req, res, next) => {
    try {
      await run(req, res);
    } catch (error) {
      next(error);
    }
  };
}

/** Request id, echoed in the response and in every error body and log line; request metrics and one log line per request. */
export function requestContext(metrics: Metrics, logger: Logger): RequestHandler {
  return (req, res, next) => {
    const given = req.get('X-Request-Id');
    locals(res).requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
    res.set('X-Request-Id', locals(res).requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.requests.inc({ route, method: req.method, status: String(res.statusCode) });
      metrics.latency.observe({ route, method: req.method }, seconds);
      logger.info(
        {
          requestId: locals(res).requestId,
          method: req.method,
          route,
          status: res.statusCode,
          ms: Math.round(seconds * 1000),
          user: locals(res).user,
        },
        'request',
      );
    });
    next();
  };
}

/**
 * Authentication by API key. A client address whose requests failed
 * authentication too often is refused before any authentication work, until
 * its minute is over.
 */
export function authenticate(keys: ApiKeys, users: UserDirectory, unauthenticatedPerMinute: number): RequestHandler {
  const failures = new FailureLimiter(unauthenticatedPerMinute);
  return (req, res, next) => {
    const address = req.socket.remoteAddress ?? 'unknown';
    const wait = failures.blocked(address);
    if (wait !== undefined) {
      next(
        new ApiError(
          429,
          'RATE_LIMITED',
          `at most ${unauthenticatedPerMinute} requests a minute per client address without a valid API key`,
          { retryAfterSeconds: wait },
        ),
      );
      return;
    }
    const user = keys.authenticate(req.get('Authorization'));
    if (user === undefined || !users.identity(user)) {
      failures.record(address);
      next(new ApiError(401, 'UNAUTHENTICATED', 'a valid API key is required (Authorization: Bearer <key>)'));
      return;
    }
    locals(res).user = user;
    next();
  };
}

/**
 * The rate limit per authenticated caller, a fixed window of a minute, with
 * the IETF draft-7 headers on every answer (`RateLimit-Policy`, `RateLimit`)
 * and, once over, 429 with Retry-After until the caller's window ends.
 * Synchronous and a Map lookup: it runs on every request.
 */
export function perCallerRateLimit(perMinute: number, now: () => number = Date.now): RequestHandler {
  const limiter = new CallerLimiter(perMinute, 60_000, now);
  const policy = `${perMinute};w=60`;
  return (_req, res, next) => {
    const hit = limiter.hit(locals(res).user ?? 'anonymous');
    res.setHeader('RateLimit-Policy', policy);
    res.setHeader('RateLimit', `limit=${perMinute}, remaining=${hit.remaining}, reset=${hit.resetSeconds}`);
    if (hit.limited) {
      next(
        new ApiError(429, 'RATE_LIMITED', `at most ${perMinute} requests a minute per caller`, {
          retryAfterSeconds: Math.max(hit.resetSeconds, 1),
        }),
      );
      return;
    }
    next();
  };
}

export const notFound: RequestHandler = (_req, _res, next) => {
  next(new ApiError(404, 'NOT_FOUND', 'no such route'));
};

/** One error model; never a stack trace to the caller. */
export function errorHandler(logger: Logger) {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- Express recognises error handlers by their four parameters
  return (error: unknown, _req: Request, res: Response, _next: NextFunction): void => {
    const apiError = asApiError(error);
    if (apiError.extra.alert) {
      logger.error(
        { requestId: locals(res).requestId, code: apiError.code, txId: apiError.extra.txId, err: apiError.extra.cause },
        'ALERT: failure needing attention',
      );
    } else if (apiError.status >= 500)
      logger.warn({ requestId: locals(res).requestId, code: apiError.code, txId: apiError.extra.txId }, apiError.message);
    if (apiError.extra.retryAfterSeconds !== undefined) res.set('Retry-After', String(apiError.extra.retryAfterSeconds));
    res.status(apiError.status).json(errorBody(apiError, locals(res).requestId));
  };
}

function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const http = error as { type?: string; status?: number };
  if (http.type === 'entity.parse.failed') return new ApiError(400, 'INVALID_JSON', 'the request body is not valid JSON');
  if (http.type === 'entity.too.large') return new ApiError(413, 'PAYLOAD_TOO_LARGE', 'the request body is too large');
  if (http.type === 'charset.unsupported' || http.type === 'encoding.unsupported') {
    return new ApiError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'the request body must be JSON in UTF-8 (identity, gzip, deflate or br content encoding)',
    );
  }
  if (typeof http.status === 'number' && http.status >= 400 && http.status < 500)
    return new ApiError(http.status, 'BAD_REQUEST', 'the request could not be read');
  // A Fabric client error carries a gRPC code; anything else is our own fault.
  if (typeof (error as { code?: unknown }).code === 'number') return fromFabricError(error);
  return new ApiError(500, 'INTERNAL', 'the gateway failed to handle the request', { alert: true, cause: error });
}
