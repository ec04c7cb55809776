import { compileValidators, openApiDocument, pathParameters } from './openapi';
import { OPERATIONS } from './operations';

describe('OpenAPI document', () => {
  const document = openApiDocument('test') as { paths: Record<string, Record<string, { operationId: string; parameters: { name: string; in: string }[] }>> };

  it('publishes every operation once, with unique operation ids and its path parameters', () => {
    const ids = OPERATIONS.map((op) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const op of OPERATIONS) {
      const published = document.paths[op.path]?.[op.method];
      expect(published?.operationId).toBe(op.operationId);
      expect(published?.parameters.filter((p) => p.in === 'path').map((p) => p.name)).toEqual(pathParameters(op.path));
    }
  });

  it('never has two operations on the same method and path', () => {
    const routes = OPERATIONS.map((op) => `${op.method} ${op.path}`);
    expect(new Set(routes).size).toBe(routes.length);
  });

  it('validates request bodies with the published schemas', () => {
    const validators = compileValidators();
    const bid = validators.get('placeBid')?.body;
    expect(bid?.({ units: '100', accountId: 'PROP' })).toBe(true);
    expect(bid?.({ units: 100, accountId: 'PROP' })).toBe(false);
    expect(bid?.({ units: '100', accountId: 'PROP', extra: 1 })).toBe(false);
    const accrued = validators.get('getAccruedInterest')?.query;
    expect(accrued?.({})).toBe(false);
    expect(accrued?.({ date: '2027-01-01' })).toBe(true);
  });
});
