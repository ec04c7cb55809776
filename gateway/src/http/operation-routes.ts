/**
 * The Express routes of the registry (ROUTES in routes.ts), in its order:
 * those of the ledgers the gateway serves, and every gateway's own (a
 * ledger it does not serve has no routes here: they answer 404). Each request is authenticated, refused if
 * the route is for admin users and the caller is none (or if the service it
 * needs is missing), and checked against the route's OpenAPI schemas. Then a
 * chaincode operation is either evaluated (a query, answered with the result
 * checked against its published schema) or submitted through the submission
 * service; a gateway operation is answered by its own handler.
 */
import type { Express, Request, Response } from 'express';
import type { Logger } from 'pino';
import type { GatewayConfig, LedgerName } from '../config';
import type { LedgerClient } from '../fabric/ledger-client';
import { ApiError, validationError } from './errors';
import { handled, type RequireAdmin, requestIdOf, requireUser } from './middleware';
import type { RequestValidators } from './openapi';
import {
  type GatewayOperation,
  type GatewayServices,
  isChaincodeOperation,
  MSP_ID_PATH_PARAMETERS,
  MSP_ID_PATTERN,
  type Operation,
  type OperationInput,
  type Route,
} from './operations';
import { servedRoutes } from './routes';
import type { Answer, Submissions } from './submission';

export type CheckResult = (op: Operation, result: unknown, committed: boolean) => void;

/**
 * Checks a chaincode result against the schema the document publishes. A
 * mismatch is an alert; a query's is refused (unless the configuration
 * says only to log), a committed transaction's is reported but answered,
 * since the transaction is on the ledger either way.
 */
export function resultChecker(
  validators: Map<string, RequestValidators>,
  config: Pick<GatewayConfig, 'responseValidation'>,
  logger: Logger,
): CheckResult {
  return (op, result, committed) => {
    const validate = validators.get(op.operationId)?.result;
    if (!validate || validate(result)) return;
    const problems = (validate.errors ?? []).map((e) => `result${e.instancePath} ${e.message ?? ''}`.trim());
    logger.error({ operationId: op.operationId, details: problems }, 'ALERT: a chaincode result does not match the published schema');
    if (!committed && config.responseValidation === 'enforce') {
      throw new ApiError(500, 'RESPONSE_INVALID', 'the chaincode answered in a shape the API does not publish', { details: { problems } });
    }
  };
}

/**
 * Answers `body` as JSON, as res.json would (same body, Content-Type and
 * Content-Length) but without Express's per-response content-type lookup
 * and charset parsing: the operation routes are the gateway's hot path.
 */
function sendJson(res: Response, status: number, body: unknown, headers?: Record<string, string>): void {
  const json = JSON.stringify(body) as string | undefined;
  res.statusCode = status;
  if (headers) for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(json ?? ''));
  res.end(json);
}

export interface OperationRouteDeps {
  mspId: string;
  /** The ledgers the gateway serves: only their routes are mounted. */
  ledgers: ReadonlySet<LedgerName>;
  ledger: LedgerClient;
  validators: Map<string, RequestValidators>;
  submissions: Submissions;
  checkResult: CheckResult;
  requireAdmin: RequireAdmin;
  /** What the gateway's own routes answer from. */
  services: GatewayServices;
}

/** Mounts the routes of the registry the gateway serves. */
export function mountOperationRoutes(app: Express, deps: OperationRouteDeps): void {
  for (const route of servedRoutes(deps.ledgers)) {
    const expressPath = route.path.replace(/\{(\w+)\}/g, ':$1');
    app[route.method](expressPath, handled(isChaincodeOperation(route) ? chaincodeHandler(route, deps) : gatewayHandler(route, deps)));
  }
}

/** The caller, once admitted to the route: authenticated, an admin where needed, the route's service present. */
function admittedCaller(deps: OperationRouteDeps, route: Route, res: Response): string {
  const user = requireUser(res);
  if (route.adminOnly) deps.requireAdmin(res);
  if ('needs' in route && route.needs) deps.services[route.needs]();
  return user;
}

function chaincodeHandler(op: Operation, deps: OperationRouteDeps) {
  const { ledger, submissions, checkResult } = deps;
  return async (req: Request, res: Response): Promise<void> => {
    const user = admittedCaller(deps, op, res);
    const input = validatedInput(deps, op, req);
    if (op.submit) {
      const idempotencyKey = req.get('Idempotency-Key');
      const respondAsync = /respond-async/.test(req.get('Prefer') ?? '');
      const answer: Answer = await submissions.answer(op, input, user, {
        method: req.method,
        path: req.path,
        idempotencyKey,
        respondAsync,
        requestId: requestIdOf(res),
      });
      sendJson(res, answer.status, answer.body, answer.headers);
    } else {
      const args = op.args(input);
      const result =
        op.ledger === 'cash'
          ? await ledger.evaluateCash(user, op.contract, op.fn, args)
          : await ledger.evaluate(user, op.contract, op.fn, args);
      checkResult(op, result, false);
      sendJson(res, 200, result);
    }
  };
}

function gatewayHandler(op: GatewayOperation, deps: OperationRouteDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const user = admittedCaller(deps, op, res);
    const input = validatedInput(deps, op, req);
    const body = await op.handle({ req, res, user, input, services: deps.services });
    if (body !== undefined) sendJson(res, op.answer.status, body);
  };
}

/** The path parameters, those naming an organisation checked to be MSP IDs. */
function checkedPathParameters(params: Record<string, string>): Record<string, string> {
  for (const [name, value] of Object.entries(params)) {
    if (MSP_ID_PATH_PARAMETERS.has(name) && !MSP_ID_PATTERN.test(value))
      throw new ApiError(400, 'INVALID_ARGUMENT', `${name} must be an MSP ID (letters, digits, '.', '_', '-', at most 64)`);
  }
  return params;
}

/** The request as route input, checked against the route's OpenAPI schemas. */
function validatedInput(deps: Pick<OperationRouteDeps, 'validators' | 'mspId'>, op: Route, req: Request): OperationInput {
  const validator = deps.validators.get(op.operationId);
  const params = checkedPathParameters(req.params as Record<string, string>);
  const query = Object.fromEntries(Object.entries(req.query).filter((e): e is [string, string] => typeof e[1] === 'string'));
  if (validator?.query && !validator.query(query)) throw validationError(validator.query.errors, 'query');
  const body = (req.body ?? {}) as Record<string, unknown>;
  if (validator?.body && !validator.body(body)) throw validationError(validator.body.errors, 'body');
  if (!op.body && !isEmptyBody(req.body))
    throw new ApiError(400, 'INVALID_ARGUMENT', 'this operation takes no request body (send none, or {})');
  return { params, query, body, mspId: deps.mspId };
}

/** No body, or an empty JSON object: what an operation without a request body accepts. */
function isEmptyBody(body: unknown): boolean {
  return body === undefined || (typeof body === 'object' && body !== null && !Array.isArray(body) && Object.keys(body).length === 0);
}
