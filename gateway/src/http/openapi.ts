/**
 * The OpenAPI 3 document, generated from the route registry (ROUTES in
 * routes.ts: the chaincode operations of both ledgers and the gateway's own
 * routes; a gateway documents those of the ledgers it serves),
 * and the request and response validators compiled from the same schemas:
 * the document is what the gateway enforces. Results are described in the
 * chaincode APIs' own types (api-schemas.json, generated from
 * chaincode/src/api and cash-chaincode/src/api by scripts/api-schemas.js).
 */
import Ajv, { type ValidateFunction } from 'ajv';
import { type LedgerName, USER_ROLES } from '../config';
import apiSchemas from './api-schemas.json';
import {
  type GatewayOperation,
  isChaincodeOperation,
  type JsonSchema,
  MSP_ID_PATH_PARAMETERS,
  MSP_ID_PATTERN,
  type Operation,
  type Route,
} from './operations';
import { MAX_PROBLEMS_LISTED } from './errors';
import { resultSchema } from './result-schema';
import { bdtDocumentSchemaInline } from '../standards/bdt/bdt-schema';
import { ALL_LEDGERS, ROUTES, servedRoutes } from './routes';

const ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: {
          type: 'string',
          description:
            'stable code: a chaincode refusal (e.g. MEMBER_SUSPENDED) or a gateway code (e.g. FABRIC_UNAVAILABLE); the README lists them all',
        },
        message: { type: 'string' },
        txId: {
          type: 'string',
          description: 'the transaction concerned, only if it was sent for ordering (a proposal refused at endorsement has none)',
        },
        requestId: { type: 'string' },
        details: {
          type: 'object',
          additionalProperties: false,
          description: 'one shape for every error; each field only where it applies (ErrorDetails in gateway/src/http/errors.ts)',
          properties: {
            problems: {
              type: 'array',
              items: { type: 'string' },
              maxItems: MAX_PROBLEMS_LISTED,
              description: `what is wrong with the request (or the chaincode result), one finding each, at most ${MAX_PROBLEMS_LISTED}`,
            },
            problemsNotListed: { type: 'integer', minimum: 1, description: 'how many more problems there were than are listed' },
            transactionId: { type: 'string', description: 'a pending request: its transaction' },
            location: { type: 'string', description: 'a pending request: where to poll its transaction' },
            unknownOrganizations: {
              type: 'array',
              items: { type: 'string' },
              description: 'endorsing organisations named that are not on the channel',
            },
            validationCode: { type: 'string', description: 'an invalidated transaction: its validation code (e.g. MVCC_READ_CONFLICT)' },
            fields: {
              type: 'array',
              items: { type: 'string' },
              description:
                'a BDT document: the fields concerned, as JSON Pointers into it (BDT_UNSUPPORTED_FIELDS: every one the platform cannot keep)',
            },
          },
        },
      },
    },
  },
};

const COMPONENTS = '#/components/schemas/';
const ref = (name: string): JsonSchema => ({ $ref: `${COMPONENTS}${name}` });
const str = (description?: string): JsonSchema => ({ type: 'string', ...(description ? { description } : {}) });
const instantString = (description: string): JsonSchema => ({ type: 'string', format: 'date-time', description });
const closed = (properties: Record<string, JsonSchema>, required: string[]): JsonSchema => ({
  type: 'object',
  additionalProperties: false,
  required,
  properties,
});
const ROLE: JsonSchema = { type: 'string', enum: [...USER_ROLES] };
const USER_PROPERTIES: Record<string, JsonSchema> = {
  user: str(),
  role: ROLE,
  source: { type: 'string', enum: ['CONFIGURED', 'REGISTERED'], description: 'CONFIGURED users are managed by the deployment' },
  status: { type: 'string', enum: ['ACTIVE', 'REVOKED'] },
  enrollmentId: str(),
  certificateSerial: str('hex, as revocation lists name it'),
  registeredAt: instantString('registration'),
  revokedAt: instantString('revocation'),
  revocationReason: str(),
  revocationPublished: { type: 'boolean', description: "the channel's revocation list names the certificate" },
};
const USER_REQUIRED = ['user', 'role', 'source', 'status'];

/**
 * The answers of the routes the gateway answers itself (GATEWAY_OPERATIONS,
 * BDT_OPERATIONS): transactions, events, the scheduler, the users and BDT
 * documents.
 * openapi.test.ts checks real answers against them.
 */
export const GATEWAY_SCHEMAS: Record<string, JsonSchema> = {
  Accepted: closed({ transactionId: str('poll /transactions/{transactionId}'), status: { type: 'string', enum: ['PENDING'] } }, [
    'transactionId',
    'status',
  ]),
  RecordedTransaction: closed(
    {
      status: { type: 'string', enum: ['COMMITTED'], description: 'on the ledger (valid or not: see validationCode)' },
      transactionId: str(),
      blockNumber: str('decimal'),
      validationCode: str('e.g. VALID, MVCC_READ_CONFLICT'),
      valid: { type: 'boolean' },
      timestamp: instantString("the client's proposal time"),
      creatorMspId: str(),
      endorserMspIds: { type: 'array', items: str() },
    },
    ['status', 'transactionId', 'blockNumber', 'validationCode', 'valid', 'timestamp', 'creatorMspId', 'endorserMspIds'],
  ),
  TransactionStatus: {
    description:
      'COMMITTED with the ledger record, or PENDING while a transaction this gateway submitted awaits its commit (a failed one answers its error)',
    oneOf: [ref('RecordedTransaction'), ref('Accepted')],
  },
  ChaincodeEvent: closed(
    {
      blockNumber: str('decimal'),
      transactionId: str(),
      eventName: str(),
      payload: { description: 'the event payload as JSON (or the text if it is not JSON)' },
    },
    ['blockNumber', 'transactionId', 'eventName', 'payload'],
  ),
  SchedulerAction: closed(
    {
      action: str(
        'CloseBook, FixCouponEntitlements, FixRedemptionEntitlements, ExpireTransfer; reported only: ConfirmRepoClosing (DUE), EnforceRepo (OVERDUE), ReleasePledge (EXPIRED); or scan / ListDueRepos (a failed scan)',
      ),
      isin: str(),
      eventId: str(),
      transferId: str(),
      repoId: str(),
      pledgeId: str(),
      outcome: {
        type: 'string',
        enum: ['DONE', 'ALREADY_DONE', 'FAILED', 'WAITING', 'DUE', 'OVERDUE', 'EXPIRED'],
        description:
          "WAITING: not submitted, it cannot be done yet (a floating-rate coupon whose fixing is not published). DUE, OVERDUE, EXPIRED: reported, never submitted, a party's to do: a repo whose closing leg is due today, a repo past its term date with its closing not confirmed (the lender may enforce), an ACTIVE pledge past its expiry (the holder or the pledgee may release it)",
      },
      waitingFor: str('what a WAITING, DUE, OVERDUE or EXPIRED action waits for, e.g. the DR007 fixing of 2027-03-01'),
      dueOn: str("a DUE or OVERDUE repo's term date (YYYY-MM-DD)"),
      expiresAt: instantString("an EXPIRED pledge's expiry"),
      transactionId: str(),
      error: str(),
    },
    ['action', 'isin', 'outcome'],
  ),
  SchedulerRun: closed(
    { startedAt: instantString('start'), finishedAt: instantString('end'), actions: { type: 'array', items: ref('SchedulerAction') } },
    ['startedAt', 'actions'],
  ),
  SchedulerState: closed(
    {
      enabled: { type: 'boolean', description: 'runs periodically (interval > 0)' },
      intervalSeconds: { type: 'integer', minimum: 0 },
      running: { type: 'boolean' },
      lastRun: ref('SchedulerRun'),
      nextRunAt: instantString('next periodic run'),
    },
    ['enabled', 'intervalSeconds', 'running'],
  ),
  /** An ICMA Bond Data Taxonomy document (the BDT routes: bdt-operations.ts), its extension inlined. */
  BdtDocument: bdtDocumentSchemaInline(),
  User: closed(USER_PROPERTIES, USER_REQUIRED),
  RevokedUser: closed(
    {
      ...USER_PROPERTIES,
      configBlockPublished: {
        type: 'boolean',
        description: 'this call put the revocation list into the channel configuration (false: it was there already)',
      },
    },
    [...USER_REQUIRED, 'configBlockPublished'],
  ),
};

/** The API types as OpenAPI components: their references point into the document. */
const API_COMPONENTS = JSON.parse(JSON.stringify(apiSchemas).replaceAll('#/definitions/', COMPONENTS)) as Record<string, JsonSchema>;

const committedSchema = (op: Operation): JsonSchema => ({
  type: 'object',
  required: ['transactionId', 'blockNumber', 'result'],
  properties: { transactionId: { type: 'string' }, blockNumber: { type: 'string' }, result: resultSchema(op.result) },
});

const ERROR_RESPONSE = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});
const RETRY_AFTER = { 'Retry-After': { description: 'seconds to wait', schema: { type: 'integer' } } };

export function pathParameters(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');
}

/** A route's path and query parameters. */
function routeParameters(route: Route): Record<string, unknown>[] {
  return [
    ...pathParameters(route.path).map((name) => ({
      name,
      in: 'path',
      required: true,
      schema: MSP_ID_PATH_PARAMETERS.has(name) ? { type: 'string', pattern: MSP_ID_PATTERN.source } : { type: 'string', minLength: 1 },
    })),
    ...Object.entries(route.query ?? {}).map(([name, q]) => ({
      name,
      in: 'query',
      required: q.required ?? false,
      description: q.description,
      schema: q.schema,
    })),
  ];
}

function operationObject(op: Operation): Record<string, unknown> {
  const parameters = [
    ...routeParameters(op),
    ...(op.submit
      ? [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            description:
              'retrying with the same key returns the first outcome (remembered 24 hours); a retry while the first request runs waits for its outcome; 1 to 128 visible ASCII characters',
            schema: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[!-~]+$' },
          },
          {
            name: 'Prefer',
            in: 'header',
            required: false,
            description: '`respond-async`: 202 once ordered, then poll the status resource',
            schema: { type: 'string' },
          },
        ]
      : []),
  ];
  const success = op.submit
    ? {
        [op.creates ? '201' : '200']: { description: 'committed', content: { 'application/json': { schema: committedSchema(op) } } },
        '202': {
          description: 'accepted (Prefer: respond-async); poll Location',
          headers: { Location: { description: '/transactions/{transactionId}', schema: { type: 'string' } } },
          content: { 'application/json': { schema: ref('Accepted') } },
        },
      }
    : { '200': { description: 'the result', content: { 'application/json': { schema: resultSchema(op.result) } } } };
  return {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    description: `Chaincode \`${op.contract}:${op.fn}\`${op.ledger === 'cash' ? ' on the cash ledger' : ''}${op.adminOnly ? '; admin users only' : ''}.`,
    parameters,
    ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: op.body } } } } : {}),
    responses: {
      ...success,
      '400': ERROR_RESPONSE('invalid input'),
      '401': ERROR_RESPONSE('missing or unknown API key'),
      '403': ERROR_RESPONSE('refused by the access rules'),
      '404': ERROR_RESPONSE('not found'),
      '409': op.submit
        ? {
            ...ERROR_RESPONSE(
              'conflict with the current state; IDEMPOTENCY_KEY_PENDING: the first request with this Idempotency-Key has no known outcome yet (poll the transaction in txId)',
            ),
            headers: RETRY_AFTER,
          }
        : ERROR_RESPONSE('conflict with the current state'),
      ...(op.body
        ? { '413': ERROR_RESPONSE('PAYLOAD_TOO_LARGE'), '415': ERROR_RESPONSE('UNSUPPORTED_MEDIA_TYPE: the body must be JSON in UTF-8') }
        : {}),
      '422': ERROR_RESPONSE('refused by a business rule'),
      '429': { ...ERROR_RESPONSE('rate or concurrency limit'), headers: RETRY_AFTER },
      '503': ERROR_RESPONSE('Fabric unavailable'),
      '504': ERROR_RESPONSE('timeout: outcome unknown, poll the transaction'),
    },
  };
}

/** Why a route that needs a service answers 404 without it. */
const MISSING_SERVICE: Record<NonNullable<GatewayOperation['needs']>, string> = {
  scheduler: 'this gateway runs no scheduler',
  userAdmin: 'user management is not configured on this gateway',
};

function gatewayOperationObject(op: GatewayOperation): Record<string, unknown> {
  const headers = Object.entries(op.headers ?? {}).map(([name, h]) => ({
    name,
    in: 'header',
    required: false,
    description: h.description,
    schema: h.schema,
  }));
  const failures: Record<string, string> = {
    '401': 'missing or unknown API key',
    ...(op.adminOnly ? { '403': 'not an admin' } : {}),
    ...(op.needs ? { '404': MISSING_SERVICE[op.needs] } : {}),
    '429': 'rate limit',
  };
  for (const [status, description] of Object.entries(op.failures ?? {}))
    failures[status] = failures[status] ? `${failures[status]}; ${description}` : description;
  return {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    parameters: [...routeParameters(op), ...headers],
    ...(op.body ? { requestBody: { required: !op.optionalBody, content: { 'application/json': { schema: op.body } } } } : {}),
    responses: {
      [op.answer.status]: {
        description: op.answer.description,
        content: { [op.answer.mediaType ?? 'application/json']: { schema: op.answer.schema } },
      },
      ...Object.fromEntries(
        Object.entries(failures).map(([status, description]) => [
          status,
          status === '429' ? { ...ERROR_RESPONSE(description), headers: RETRY_AFTER } : ERROR_RESPONSE(description),
        ]),
      ),
    },
  };
}

/** The document of a gateway serving `ledgers` (by default both): their routes and every gateway's own. */
export function openApiDocument(title: string, ledgers: ReadonlySet<LedgerName> = ALL_LEDGERS): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of servedRoutes(ledgers))
    (paths[route.path] ??= {})[route.method] = isChaincodeOperation(route) ? operationObject(route) : gatewayOperationObject(route);
  return {
    openapi: '3.0.3',
    info: {
      title,
      version: '0.1.0',
      description: 'Digital bond platform: the institutions’ API. Amounts and quantities are decimal strings.',
    },
    security: [{ apiKey: [] }],
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'API key issued per user (bk_…)' } },
      schemas: { Error: ERROR_SCHEMA, ...GATEWAY_SCHEMAS, ...API_COMPONENTS },
    },
    paths,
  };
}

export interface RequestValidators {
  body?: ValidateFunction;
  query?: ValidateFunction;
  /** The chaincode's result (chaincode operations only). */
  result?: ValidateFunction;
}

/** One set of validators per route, by operation id, from the same schemas the document publishes. */
export function compileValidators(): Map<string, RequestValidators> {
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addSchema({ $id: 'api', definitions: apiSchemas });
  const validators = new Map<string, RequestValidators>();
  for (const route of ROUTES) {
    const query = route.query
      ? ajv.compile({
          type: 'object',
          properties: Object.fromEntries(Object.entries(route.query).map(([k, q]) => [k, q.schema])),
          required: Object.entries(route.query)
            .filter(([, q]) => q.required)
            .map(([k]) => k),
        })
      : undefined;
    const result = isChaincodeOperation(route) ? ajv.compile(resultSchema(route.result, 'api#/definitions/')) : undefined;
    validators.set(route.operationId, { body: route.body ? ajv.compile(route.body) : undefined, query, result });
  }
  return validators;
}
