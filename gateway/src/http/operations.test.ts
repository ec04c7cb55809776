/**
 * The operation table against the chaincode's published functions
 * (chaincode/src/api/functions.ts, which the chaincode's own test ties to
 * its contracts and access policy): every operation calls a function that
 * exists, and submits it exactly when it is a transaction.
 */
import { functionKind } from '@bond-platform/chaincode/api';
import { openApiDocument } from './openapi';
import { OPERATIONS } from './operations';
import { ROUTES } from './routes';

describe('operation table against the chaincode API', () => {
  it('names only published functions, submitting transactions and evaluating queries', () => {
    const wrong = OPERATIONS.filter((op) => functionKind(op.contract, op.fn) !== (op.submit ? 'submit' : 'evaluate'));
    expect(
      wrong.map(
        (op) =>
          `${op.operationId}: ${op.contract}:${op.fn} ${op.submit ? 'submitted' : 'evaluated'}, published as ${functionKind(op.contract, op.fn) ?? 'nothing'}`,
      ),
    ).toEqual([]);
  });
});

describe('route registry', () => {
  it('declares each route once and the document publishes exactly its routes', () => {
    const routes = ROUTES.map((route) => `${route.method} ${route.path}`);
    expect(new Set(routes).size).toBe(routes.length);
    expect(new Set(ROUTES.map((route) => route.operationId)).size).toBe(ROUTES.length);
    const document = openApiDocument('test') as { paths: Record<string, Record<string, { operationId: string }>> };
    const published = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => `${op.operationId} ${method} ${path}`),
    );
    expect(published.sort()).toEqual(ROUTES.map((route) => `${route.operationId} ${route.method} ${route.path}`).sort());
  });
});
