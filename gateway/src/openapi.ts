/**
 * The OpenAPI 3 document, generated from the operation table, and the
 * request and response validators compiled from the same schemas: the
 * document is what the gateway enforces. Results are described in the
 * chaincode API's own types (api-schemas.json, generated from
 * chaincode/src/api by scripts/api-schemas.js).
 */
import Ajv, { type ValidateFunction } from 'ajv';
import apiSchemas from './api-schemas.json';
import { type JsonSchema, type Operation, OPERATIONS, type ResultShape } from './operations';
import { userPaths } from './user-routes';

const ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'stable code: a chaincode refusal (e.g. MEMBER_SUSPENDED) or a gateway code (e.g. FABRIC_UNAVAILABLE)' },
        message: { type: 'string' },
        txId: { type: 'string', description: 'the transaction concerned, if one was created' },
        requestId: { type: 'string' },
        details: {},
      },
    },
  },
};

const COMPONENTS = '#/components/schemas/';

/** The API types as OpenAPI components: their references point into the document. */
const API_COMPONENTS = JSON.parse(JSON.stringify(apiSchemas).replaceAll('#/definitions/', COMPONENTS)) as Record<string, JsonSchema>;

/** The schema of a result: one API type, a list, or a page of them; `refBase` locates the types. */
export function resultSchema(shape: ResultShape, refBase = COMPONENTS): JsonSchema {
  const item = { $ref: `${refBase}${shape.type}` };
  if (shape.as === 'one') return item;
  const items = { type: 'array', items: item };
  if (shape.as === 'list') return items;
  return {
    type: 'object',
    required: ['records', 'bookmark', 'fetchedRecordsCount'],
    additionalProperties: false,
    properties: { records: items, bookmark: { type: 'string', description: 'cursor of the next page; empty on the last' }, fetchedRecordsCount: { type: 'integer' } },
  };
}

const committedSchema = (op: Operation): JsonSchema => ({
  type: 'object',
  required: ['transactionId', 'blockNumber', 'result'],
  properties: { transactionId: { type: 'string' }, blockNumber: { type: 'string' }, result: resultSchema(op.result) },
});

const ERROR_RESPONSE = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

export function pathParameters(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');
}

function operationObject(op: Operation): Record<string, unknown> {
  const parameters = [
    ...pathParameters(op.path).map((name) => ({ name, in: 'path', required: true, schema: { type: 'string', minLength: 1 } })),
    ...Object.entries(op.query ?? {}).map(([name, q]) => ({ name, in: 'query', required: q.required ?? false, description: q.description, schema: q.schema })),
    ...(op.submit
      ? [
          { name: 'Idempotency-Key', in: 'header', required: false, description: 'retrying with the same key returns the first outcome', schema: { type: 'string', maxLength: 128 } },
          { name: 'Prefer', in: 'header', required: false, description: '`respond-async`: 202 once ordered, then poll the status resource', schema: { type: 'string' } },
        ]
      : []),
  ];
  const success = op.submit
    ? {
        [op.creates ? '201' : '200']: { description: 'committed', content: { 'application/json': { schema: committedSchema(op) } } },
        '202': { description: 'accepted (Prefer: respond-async); poll Location' },
      }
    : { '200': { description: 'the result', content: { 'application/json': { schema: resultSchema(op.result) } } } };
  return {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    description: `Chaincode \`${op.contract}:${op.fn}\`${op.adminOnly ? '; admin users only' : ''}.`,
    parameters,
    ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: op.body } } } } : {}),
    responses: {
      ...success,
      '400': ERROR_RESPONSE('invalid input'),
      '401': ERROR_RESPONSE('missing or unknown API key'),
      '403': ERROR_RESPONSE('refused by the access rules'),
      '404': ERROR_RESPONSE('not found'),
      '409': ERROR_RESPONSE('conflict with the current state'),
      '422': ERROR_RESPONSE('refused by a business rule'),
      '429': ERROR_RESPONSE('rate or concurrency limit'),
      '503': ERROR_RESPONSE('Fabric unavailable'),
      '504': ERROR_RESPONSE('timeout: outcome unknown, poll the transaction'),
    },
  };
}

export function openApiDocument(title: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) (paths[op.path] ??= {})[op.method] = operationObject(op);
  paths['/admin/scheduler'] = {
    get: { operationId: 'getScheduler', tags: ['Admin'], summary: "The CSD scheduler's state, last run and next run (admin users)", responses: { '200': { description: 'state' }, '403': ERROR_RESPONSE('not an admin') } },
  };
  paths['/admin/scheduler/run'] = {
    post: { operationId: 'runScheduler', tags: ['Admin'], summary: 'Run the scheduler now and return the run (admin users)', responses: { '200': { description: 'the run' }, '403': ERROR_RESPONSE('not an admin') } },
  };
  Object.assign(paths, userPaths(ERROR_RESPONSE));
  paths['/events'] = {
    get: {
      operationId: 'streamEvents',
      tags: ['Events'],
      summary: 'Chaincode events as Server-Sent Events; resume with Last-Event-ID (<block>:<txId>)',
      parameters: [
        { name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'string' } },
        { name: 'startBlock', in: 'query', required: false, schema: { type: 'string' } },
      ],
      responses: { '200': { description: 'text/event-stream' }, '400': ERROR_RESPONSE('invalid resume position') },
    },
  };
  paths['/transactions/{txId}'] = {
    get: {
      operationId: 'getTransaction',
      tags: ['Transactions'],
      summary: "A transaction's block, validation code, timestamp, creator and endorsers, from the ledger",
      parameters: [{ name: 'txId', in: 'path', required: true, schema: { type: 'string' } }],
      responses: { '200': { description: 'the transaction' }, '404': ERROR_RESPONSE('unknown transaction') },
    },
  };
  return {
    openapi: '3.0.3',
    info: { title, version: '0.1.0', description: 'Digital bond platform: the institutions’ API. Amounts and quantities are decimal strings.' },
    security: [{ apiKey: [] }],
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'API key issued per user (bk_…)' } },
      schemas: { Error: ERROR_SCHEMA, ...API_COMPONENTS },
    },
    paths,
  };
}

export interface RequestValidators {
  body?: ValidateFunction;
  query?: ValidateFunction;
  /** The chaincode's result. */
  result: ValidateFunction;
}

/** One set of validators per operation, from the same schemas the document publishes. */
export function compileValidators(): Map<string, RequestValidators> {
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addSchema({ $id: 'api', definitions: apiSchemas });
  const validators = new Map<string, RequestValidators>();
  for (const op of OPERATIONS) {
    const query = op.query
      ? ajv.compile({
          type: 'object',
          properties: Object.fromEntries(Object.entries(op.query).map(([k, q]) => [k, q.schema])),
          required: Object.entries(op.query).filter(([, q]) => q.required).map(([k]) => k),
        })
      : undefined;
    validators.set(op.operationId, { body: op.body ? ajv.compile(op.body) : undefined, query, result: ajv.compile(resultSchema(op.result, 'api#/definitions/')) });
  }
  return validators;
}
