/**
 * The HTTP application: the routes of the registry (operations.ts), each
 * authenticated by an API key that maps to one Fabric identity, validated
 * against the OpenAPI schemas, and answered with the result or one JSON
 * error model. This module only composes: middleware (middleware.ts), the
 * public infrastructure routes, the registry's routes with the services
 * they answer from (submissions, event streams, user administration, the
 * scheduler), in the order Express must see them; and the HTTP server to
 * serve it with.
 */
import http from 'node:http';
import express from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { type GatewayConfig, servedLedgers } from '../config';
import { EventStreams } from '../events/streams';
import type { LedgerClient } from '../fabric/ledger-client';
import type { ReadinessReport } from '../fabric/readiness';
import type { Scheduler } from '../scheduler/scheduler';
import { channelBlockSource } from '../standards/iso20022/chain-events';
import { EVENT_BUILDERS, STATEMENT_BUILDERS } from '../standards/iso20022/registry';
import type { Iso20022Service } from '../standards/iso20022/service';
import type { UserAdmin } from '../users/admin';
import type { UserDirectory } from '../users/directory';
import type { ApiKeys } from './auth';
import { ApiError } from './errors';
import type { IdempotencyStore } from './idempotency';
import { limitJsonDepth } from './limits';
import type { Metrics } from './metrics';
import { adminCheck, authenticate, errorHandler, notFound, perCallerRateLimit, requestContext } from './middleware';
import { compileValidators, openApiDocument } from './openapi';
import { mountOperationRoutes, resultChecker } from './operation-routes';
import type { GatewayServices } from './operations';
import { mountPublicRoutes } from './public-routes';
import { Submissions } from './submission';

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
  /** The last readiness check; /readyz reports it. */
  readiness: () => ReadinessReport;
  /** The lifecycle scheduler, on the CSD's gateway only. */
  scheduler?: Scheduler;
  /** Replaces the ISO 20022 builders or block source (tests); by default the registry's builders and the peer's blocks. */
  iso20022?: Partial<Pick<Iso20022Service, 'builders' | 'statements' | 'blocks'>>;
}

export interface GatewayApp {
  app: express.Express;
  /** Ends every open event stream (they never end by themselves): first thing on shutdown. */
  closeEventStreams: () => void;
}

export function createApp(deps: AppDeps): GatewayApp {
  const { config, ledger, keys, users, idempotency, metrics, logger } = deps;
  const ledgers = servedLedgers(config);
  const validators = compileValidators();
  const document = openApiDocument(`Bond platform gateway — ${config.organization} (${config.mspId})`, ledgers);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  // No ETag: hashing every answer costs each request CPU, and the ledger's answers are not cached by validators.
  app.set('etag', false);

  app.use(requestContext(metrics, logger));
  // The gateway may be served over plain HTTP behind a TLS terminator: do not force https sub-requests.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));

  mountPublicRoutes(app, { readiness: deps.readiness, metrics, document });

  // Everything else needs an API key; the rate limit is per caller.
  app.use(authenticate(keys, users, config.unauthenticatedPerMinute));
  app.use(perCallerRateLimit(config.rateLimitPerMinute));
  // Bodies are read only for an authenticated caller within its limit: nobody else makes the gateway parse
  // anything. A bid may name 10,000 accounts; every other body is far smaller.
  app.use('/bonds/:isin/bids', express.json({ limit: config.bidBodyLimit }));
  app.use(express.json({ limit: config.bodyLimit }));
  app.use(limitJsonDepth);

  const requireAdmin = adminCheck(users);
  const checkResult = resultChecker(validators, config, logger);
  const submissions = new Submissions({ ledger, idempotency, metrics, csdMspId: config.csdMspId, checkResult });
  // GET /events streams the primary ledger's chaincode: the bond chaincode's, or on a cash-only gateway the cash chaincode's.
  const events = new EventStreams((ledgers.has('bond') ? config.chaincode : config.cashLedger?.chaincode) ?? '', logger);
  const services: GatewayServices = {
    ledger,
    submissions,
    events,
    userAdmin: () => deps.userAdmin ?? missing('user management is not configured on this gateway'),
    scheduler: () => deps.scheduler ?? missing('this gateway runs no scheduler (the CSD gateway does)'),
    cashLedger: () => config.cashLedger ?? missing('this gateway serves no cash ledger'),
    iso20022: iso20022Service(deps),
  };
  mountOperationRoutes(app, { mspId: config.mspId, ledgers, ledger, validators, submissions, checkResult, requireAdmin, services });

  app.use(notFound);
  app.use(errorHandler(logger));
  return {
    app,
    closeEventStreams: () => {
      events.closeAll();
    },
  };
}

/** The ISO 20022 routes' service: the registry's builders and the bond ledger's blocks, unless the deps replace them. */
function iso20022Service({ config, ledger, logger, iso20022: given = {} }: AppDeps): Iso20022Service {
  return {
    chaincode: config.chaincode ?? '',
    builders: given.builders ?? EVENT_BUILDERS,
    statements: given.statements ?? STATEMENT_BUILDERS,
    blocks: given.blocks ?? ((user) => channelBlockSource(ledger.network(user, 'bond'))),
    logger,
  };
}

/** A service this gateway does not run: the route that needs it answers 404. */
function missing(what: string): never {
  throw new ApiError(404, 'NOT_FOUND', what);
}

/**
 * The HTTP server for the app (one per app). Express gives every request and
 * response the app's prototypes by Object.setPrototypeOf as it begins to
 * handle them, and V8 then takes a slow path for every later property access
 * on those objects, Node's own HTTP code's included: measured, about half of
 * the gateway's CPU per request. Here Node builds requests and responses from
 * classes whose prototypes already are the app's, so Express finds them in
 * place and changes nothing; the objects have the same properties and
 * methods as Express would give them.
 */
export function createServer(app: express.Express): http.Server {
  class GatewayRequest extends http.IncomingMessage {}
  class GatewayResponse extends http.ServerResponse {}
  Object.setPrototypeOf(GatewayRequest.prototype, app.request);
  Object.setPrototypeOf(GatewayResponse.prototype, app.response);
  app.request = GatewayRequest.prototype as unknown as express.Request;
  app.response = GatewayResponse.prototype as unknown as express.Response;
  const server = http.createServer({ IncomingMessage: GatewayRequest, ServerResponse: GatewayResponse }, app);
  // An idle kept-alive connection stays open longer than clients and load balancers keep theirs
  // (commonly up to 60 s): with Node's 5 s, a client reusing a connection just as the gateway
  // closes it gets ECONNRESET for a request the gateway never read.
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  return server;
}

/** How long the gateway keeps an idle kept-alive connection open. */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;
