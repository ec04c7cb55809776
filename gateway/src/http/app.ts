/**
 * The HTTP application: operations from the table, each authenticated by an
 * API key that maps to one Fabric identity, validated against the OpenAPI
 * schemas, and answered with the result or one JSON error model.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import rateLimit from 'express-rate-limit';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { absolutePath as swaggerUiPath } from 'swagger-ui-dist';
import type { ApiKeys } from './auth';
import type { GatewayConfig } from '../config';
import { ApiError, errorBody, fromFabricError, validationError } from './errors';
import { streamEvents } from '../events/event-stream';
import type { Scheduler } from '../scheduler/scheduler';
import type { LedgerClient } from '../fabric/ledger-client';
import { lookupTransaction } from '../fabric/transaction-lookup';
import { FailureLimiter, limitJsonDepth } from './limits';
import type { IdempotencyStore } from './idempotency';
import type { Metrics } from './metrics';
import { compileValidators, openApiDocument } from './openapi';
import { type Operation, type OperationInput, OPERATIONS } from './operations';
import { type Answer, Submissions } from './submission';
import type { UserAdmin } from '../users/admin';
import { mountUserRoutes } from '../users/routes';
import type { UserDirectory } from '../users/directory';

export interface AppDeps {
  config: GatewayConfig;
  ledger: LedgerClient;
  keys: ApiKeys;
  /** Who the users are and which identity each signs as. */
  users: UserDirectory;
  /** User management at the institution's CA, when configured. */
  userAdmin?: UserAdmin;
  idempotency: IdempotencyStore;
  metrics: Metrics;
  logger: Logger;
  /** True once the peer answered; /readyz reports it. */
  isReady: () => boolean;
  /** The lifecycle scheduler, on the CSD's gateway only. */
  scheduler?: Scheduler;
}

interface CallerLocals {
  requestId: string;
  user?: string;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

function locals(res: Response): CallerLocals {
  return res.locals as CallerLocals;
}

function requireUser(res: Response): string {
  const user = locals(res).user;
  if (user === undefined) throw new ApiError(401, 'UNAUTHENTICATED', 'an API key is required');
  return user;
}

export function createApp(deps: AppDeps): express.Express {
  const { config, ledger, keys, users, idempotency, metrics, logger } = deps;
  const validators = compileValidators();
  const authFailures = new FailureLimiter(config.unauthenticatedPerMinute);
  const document = openApiDocument(`Bond platform gateway — ${config.organization} (${config.mspId})`);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);

  // Request id, echoed in the response and in every error body and log line.
  app.use((req, res, next) => {
    const given = req.get('X-Request-Id');
    locals(res).requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
    res.set('X-Request-Id', locals(res).requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.requests.inc({ route, method: req.method, status: String(res.statusCode) });
      metrics.latency.observe({ route, method: req.method }, seconds);
      logger.info({ requestId: locals(res).requestId, method: req.method, route, status: res.statusCode, ms: Math.round(seconds * 1000), user: locals(res).user }, 'request');
    });
    next();
  });
  // The gateway may be served over plain HTTP behind a TLS terminator: do not force https sub-requests.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  app.use(express.json({ limit: config.bodyLimit }));
  app.use(limitJsonDepth);

  // Public operations endpoints.
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', (_req, res) => {
    res.status(deps.isReady() ? 200 : 503).json({ status: deps.isReady() ? 'ready' : 'starting' });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  app.get('/docs/swagger-initializer.js', (_req, res) => {
    res.type('application/javascript').send("window.onload = () => { window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui' }); };\n");
  });
  // Swagger UI's page loads its files relative to /docs/, so /docs redirects there.
  const docsPage = readFileSync(path.join(swaggerUiPath(), 'index.html'), 'utf8');
  app.get('/docs', (req, res) => {
    if (req.originalUrl.split('?')[0]?.endsWith('/')) res.type('html').send(docsPage);
    else res.redirect(301, '/docs/');
  });
  app.use('/docs', express.static(swaggerUiPath(), { index: false }));

  // Everything else needs an API key; the rate limit is per caller. A client
  // address whose requests failed authentication too often is refused before
  // any authentication work, until its minute is over.
  app.use((req, res, next) => {
    const address = req.socket.remoteAddress ?? 'unknown';
    const wait = authFailures.blocked(address);
    if (wait !== undefined) {
      next(new ApiError(429, 'RATE_LIMITED', `at most ${config.unauthenticatedPerMinute} requests a minute per client address without a valid API key`, { retryAfterSeconds: wait }));
      return;
    }
    const user = keys.authenticate(req.get('Authorization'));
    if (user === undefined || !users.identity(user)) {
      authFailures.record(address);
      next(new ApiError(401, 'UNAUTHENTICATED', 'a valid API key is required (Authorization: Bearer <key>)'));
      return;
    }
    locals(res).user = user;
    next();
  });
  app.use(
    rateLimit({
      windowMs: 60_000,
      limit: config.rateLimitPerMinute,
      keyGenerator: (_req, res) => locals(res).user ?? 'anonymous',
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      handler: (_req, _res, next) => {
        next(new ApiError(429, 'RATE_LIMITED', `at most ${config.rateLimitPerMinute} requests a minute per caller`, { retryAfterSeconds: 60 }));
      },
    }),
  );

  const requireAdmin = (res: Response): void => {
    if (users.role(requireUser(res)) !== 'admin') throw new ApiError(403, 'ADMIN_REQUIRED', 'this needs an admin user');
  };

  /**
   * Checks a chaincode result against the schema the document publishes. A
   * mismatch is an alert; a query's is refused (unless the configuration
   * says only to log), a committed transaction's is reported but answered,
   * since the transaction is on the ledger either way.
   */
  function checkResult(op: Operation, result: unknown, committed: boolean): void {
    const validate = validators.get(op.operationId)?.result;
    if (!validate || validate(result)) return;
    const details = (validate.errors ?? []).map((e) => `result${e.instancePath} ${e.message ?? ''}`.trim());
    logger.error({ operationId: op.operationId, details }, 'ALERT: a chaincode result does not match the published schema');
    if (!committed && config.responseValidation === 'enforce') {
      throw new ApiError(500, 'RESPONSE_INVALID', 'the chaincode answered in a shape the API does not publish', { details });
    }
  }

  const submissions = new Submissions({ ledger, idempotency, metrics, csdMspId: config.csdMspId, checkResult });

  const send = (res: Response, answer: Answer): void => {
    res.status(answer.status).set(answer.headers ?? {}).json(answer.body);
  };

  /** The request as operation input, checked against the operation's OpenAPI schemas. */
  function validatedInput(op: Operation, req: Request): OperationInput {
    const validator = validators.get(op.operationId);
    const query = Object.fromEntries(Object.entries(req.query).filter((e): e is [string, string] => typeof e[1] === 'string'));
    if (validator?.query && !validator.query(query)) throw validationError(validator.query.errors, 'query');
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (validator?.body && !validator.body(body)) throw validationError(validator.body.errors, 'body');
    if (!op.body && !isEmptyBody(req.body)) throw new ApiError(400, 'INVALID_ARGUMENT', 'this operation takes no request body (send none, or {})');
    return { params: req.params as Record<string, string>, query, body, mspId: config.mspId };
  }

  for (const op of OPERATIONS) {
    const expressPath = op.path.replace(/\{(\w+)\}/g, ':$1');
    app[op.method](expressPath, async (req: Request, res: Response, next: NextFunction) => {
      try {
        const user = requireUser(res);
        if (op.adminOnly) requireAdmin(res);
        const input = validatedInput(op, req);
        if (op.submit) {
          const idempotencyKey = req.get('Idempotency-Key');
          const respondAsync = /respond-async/.test(req.get('Prefer') ?? '');
          send(res, await submissions.answer(op, input, user, { method: req.method, path: req.path, idempotencyKey, respondAsync, requestId: locals(res).requestId }));
        } else {
          const result = await ledger.evaluate(user, op.contract, op.fn, op.args(input));
          checkResult(op, result, false);
          res.json(result);
        }
      } catch (error) {
        next(error);
      }
    });
  }

  // The scheduler's state and a manual run, for the institution's admins.
  const requireScheduler = (res: Response): Scheduler => {
    requireAdmin(res);
    if (!deps.scheduler) throw new ApiError(404, 'NOT_FOUND', 'this gateway runs no scheduler (the CSD gateway does)');
    return deps.scheduler;
  };
  app.get('/admin/scheduler', (_req, res, next) => {
    try {
      res.json(requireScheduler(res).state());
    } catch (error) {
      next(error);
    }
  });
  app.post('/admin/scheduler/run', async (_req, res, next) => {
    try {
      res.json(await requireScheduler(res).runNow());
    } catch (error) {
      next(error);
    }
  });

  mountUserRoutes(app, requireAdmin, deps.userAdmin);

  // Chaincode events as Server-Sent Events, resumable with Last-Event-ID.
  const streams = new Set<() => void>();
  (app.locals as { closeEventStreams?: () => void }).closeEventStreams = () => {
    for (const close of streams) close();
  };
  app.get('/events', (req, res, next) => {
    try {
      const network = ledger.network(requireUser(res));
      const close = streamEvents(network, req, res, {
        chaincode: config.chaincode,
        onError: (error) => {
          logger.warn({ requestId: locals(res).requestId, err: String(error) }, 'event stream interrupted; reconnecting');
        },
      });
      streams.add(close);
      req.on('close', () => streams.delete(close));
    } catch (error) {
      next(error);
    }
  });

  app.get('/transactions/:txId', async (req, res, next) => {
    try {
      const user = requireUser(res);
      const txId = req.params.txId;
      const known = submissions.tracked(txId);
      if (known?.state === 'PENDING') {
        res.json({ transactionId: txId, status: 'PENDING' });
        return;
      }
      if (known?.state === 'FAILED') throw known.error;
      try {
        res.json({ ...(await lookupTransaction(ledger.network(user), txId)), status: 'COMMITTED' });
      } catch (error) {
        if (/not found|no such|failed to get transaction/i.test(String((error as { details?: unknown[] }).details ?? '') + String(error))) {
          throw new ApiError(404, 'NOT_FOUND', `transaction ${txId} is not on the ledger`);
        }
        throw fromFabricError(error);
      }
    } catch (error) {
      next(error);
    }
  });

  app.use((_req, _res, next) => {
    next(new ApiError(404, 'NOT_FOUND', 'no such route'));
  });

  // One error model; never a stack trace to the caller.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- Express recognises error handlers by their four parameters
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const apiError = asApiError(error);
    if (apiError.extra.alert) {
      logger.error({ requestId: locals(res).requestId, code: apiError.code, txId: apiError.extra.txId, err: apiError.extra.cause }, 'ALERT: failure needing attention');
    }
    else if (apiError.status >= 500) logger.warn({ requestId: locals(res).requestId, code: apiError.code, txId: apiError.extra.txId }, apiError.message);
    if (apiError.extra.retryAfterSeconds !== undefined) res.set('Retry-After', String(apiError.extra.retryAfterSeconds));
    res.status(apiError.status).json(errorBody(apiError, locals(res).requestId));
  });

  return app;
}

function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const http = error as { type?: string; status?: number };
  if (http.type === 'entity.parse.failed') return new ApiError(400, 'INVALID_JSON', 'the request body is not valid JSON');
  if (http.type === 'entity.too.large') return new ApiError(413, 'PAYLOAD_TOO_LARGE', 'the request body is too large');
  if (http.type === 'charset.unsupported' || http.type === 'encoding.unsupported') {
    return new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'the request body must be JSON in UTF-8 (identity, gzip, deflate or br content encoding)');
  }
  if (typeof http.status === 'number' && http.status >= 400 && http.status < 500) return new ApiError(http.status, 'BAD_REQUEST', 'the request could not be read');
  // A Fabric client error carries a gRPC code; anything else is our own fault.
  if (typeof (error as { code?: unknown }).code === 'number') return fromFabricError(error);
  return new ApiError(500, 'INTERNAL', 'the gateway failed to handle the request', { alert: true, cause: error });
}

/** No body, or an empty JSON object: what an operation without a request body accepts. */
function isEmptyBody(body: unknown): boolean {
  return body === undefined || (typeof body === 'object' && body !== null && !Array.isArray(body) && Object.keys(body).length === 0);
}
