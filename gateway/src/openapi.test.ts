import { execFileSync } from 'node:child_process';
import path from 'node:path';
import apiSchemas from './api-schemas.json';
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

  it("describes every result in the chaincode API's types, generated from the API as it is now", () => {
    for (const op of OPERATIONS) expect([op.operationId, op.result.type in apiSchemas]).toEqual([op.operationId, true]);
    // Exits non-zero if api-schemas.json no longer matches chaincode/src/api.
    execFileSync('node', [path.resolve(__dirname, '../scripts/api-schemas.js'), '--check'], { stdio: 'pipe' });
  });

  it('validates results: a page of members, and refuses a member without its status', () => {
    const members = compileValidators().get('listMembers')?.result;
    const member = {
      mspId: 'BankMSP',
      legalName: 'Example Bank',
      lei: '5493001KJTIIGC8Y1R12',
      roles: ['INVESTOR'],
      status: 'ACTIVE',
      admitted: { mspId: 'CSDMSP', identity: 'x509::CN=admin::CN=ca', timestamp: '2026-01-05T09:00:00.000Z', txId: 'tx1' },
      lastChange: { mspId: 'CSDMSP', identity: 'x509::CN=admin::CN=ca', timestamp: '2026-01-05T09:00:00.000Z', txId: 'tx1' },
    };
    expect(members?.({ records: [member], bookmark: '', fetchedRecordsCount: 1 })).toBe(true);
    expect(members?.({ records: [{ ...member, status: undefined }], bookmark: '', fetchedRecordsCount: 1 })).toBe(false);
    expect(members?.([member])).toBe(false);
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
