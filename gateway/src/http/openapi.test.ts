import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import { MAX_BID_ACCOUNTS } from '@bond-platform/chaincode/api';
import pino from 'pino';
import apiSchemas from './api-schemas.json';
import type { LedgerClient } from '../fabric/ledger-client';
import type { RecordedTransaction } from '../fabric/transaction-lookup';
import { compileValidators, openApiDocument, pathParameters } from './openapi';
import { ISO20022_OPERATIONS } from './iso20022-operations';
import { OPERATIONS } from './operations';
import { Scheduler } from '../scheduler/scheduler';
import { UserDirectory, view } from '../users/directory';
import { registeredTrader } from '../users/test-fixtures';

interface PublishedOperation {
  operationId: string;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

describe('OpenAPI document', () => {
  const document = openApiDocument('test') as {
    paths: Record<string, Record<string, { operationId: string; parameters: { name: string; in: string }[] }>>;
  };

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
    execFileSync('node', [path.resolve(__dirname, '../../scripts/api-schemas.js'), '--check'], { stdio: 'pipe' });
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

  it("takes an application's governing law and ratings as the chaincode API enumerates them", () => {
    const apply = compileValidators().get('applyForBond')?.body ?? (() => 'no validator');
    const terms = {
      shortName: '26 Example Bank 01',
      specifiedCurrency: 'CNY',
      specifiedDenomination: '10000',
      issueSize: '1000',
      interestType: 'FIXED',
      interestRate: '2.85',
      interestPaymentFrequency: 'ANNUALLY',
      dayCountFraction: 'ICMA_ACT/ACT',
      issueDate: '2026-03-02',
      maturityDate: '2029-03-02',
      businessDayConvention: 'FOLLOWING',
      businessDayCalendar: 'CN-IB',
      recordDateOffset: 1,
      payingAgent: 'BankMSP',
      statusOfNote: 'SENIOR_UNSECURED',
      formOfNote: 'REGISTERED',
      issuePrice: '100',
    };
    expect(apply(terms)).toBe(true);
    expect(apply({ ...terms, governingLaw: 'PRC_LAW', ratings: [{ agency: 'CCXI', rating: 'AAA', outlook: 'STABLE' }] })).toBe(true);
    expect(apply({ ...terms, governingLaw: 'PRC' })).toBe(false);
    expect(apply({ ...terms, ratings: [{ agency: 'ACME', rating: 'AAA' }] })).toBe(false);
    expect(apply({ ...terms, ratings: [{ agency: 'SP', rating: 'AA  (high)' }] })).toBe(false);
    expect(apply({ ...terms, ratings: [{ agency: 'SP', rating: 'AAA', extra: 1 }] })).toBe(false);
  });

  it('takes a bid for one account or split across accounts, never both or neither', () => {
    const validators = compileValidators();
    const accounts = [
      { accountId: 'CLIENT-1', units: '60' },
      { accountId: 'CLIENT-2', units: '40' },
    ];
    const many = (n: number) => Array.from({ length: n }, (_, i) => ({ accountId: `C${i}`, units: '1' }));
    for (const operationId of ['placeBid', 'amendBid']) {
      const validate = validators.get(operationId)?.body ?? (() => 'no validator');
      expect(validate({ units: '100', accounts })).toBe(true);
      expect(validate({ units: '100', accountId: 'PROP', accounts })).toBe(false);
      expect(validate({ units: '100' })).toBe(false);
      expect(validate({ accounts })).toBe(false);
      expect(validate({ units: '100', accounts: [] })).toBe(false);
      expect(validate({ units: '100', accounts: [{ accountId: 'CLIENT-1', units: 60 }] })).toBe(false);
      expect(validate({ units: '100', accounts: [{ accountId: 'CLIENT-1', units: '60', extra: 1 }] })).toBe(false);
      expect(validate({ units: String(MAX_BID_ACCOUNTS), accounts: many(MAX_BID_ACCOUNTS) })).toBe(true);
      expect(validate({ units: String(MAX_BID_ACCOUNTS + 1), accounts: many(MAX_BID_ACCOUNTS + 1) })).toBe(false);
    }
  });

  it('publishes a response schema for every success of every route, also those outside the operation table', () => {
    const everything = openApiDocument('test') as { paths: Record<string, Record<string, PublishedOperation>> };
    const missing: string[] = [];
    for (const [route, methods] of Object.entries(everything.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const successes = Object.entries(operation.responses).filter(([status]) => status.startsWith('2'));
        expect([route, method, successes.length > 0]).toEqual([route, method, true]);
        for (const [status, response] of successes) {
          const schemas = Object.values(response.content ?? {}).map((c) => c.schema);
          if (schemas.length === 0 || schemas.some((schema) => schema === undefined)) missing.push(`${method} ${route} ${status}`);
        }
      }
    }
    expect(missing).toEqual([]);
    // Every reference resolves to a published component.
    const components = (everything as unknown as { components: { schemas: Record<string, unknown> } }).components.schemas;
    const refs = [...JSON.stringify(everything).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(refs.filter((name) => !(name in components))).toEqual([]);
  });

  it('publishes the ISO 20022 routes under Standards: the feed as JSON, messages and statements as application/xml', () => {
    const published = openApiDocument('test') as { paths: Record<string, Record<string, PublishedOperation & { tags: string[] }>> };
    for (const op of ISO20022_OPERATIONS) {
      const operation = published.paths[op.path]?.[op.method];
      expect([op.operationId, operation?.operationId, operation?.tags]).toEqual([op.operationId, op.operationId, ['Standards']]);
    }
    const mediaTypes = (path: string) => Object.keys(published.paths[path]?.get?.responses['200']?.content ?? {});
    expect(mediaTypes('/iso20022/messages')).toEqual(['application/json']);
    for (const path of ['/iso20022/messages/{id}', '/iso20022/statements/holdings', '/iso20022/statements/transactions'])
      expect([path, mediaTypes(path)]).toEqual([path, ['application/xml']]);
    // A gateway without the bond ledger has none of them.
    expect(
      Object.keys((openApiDocument('cash', new Set(['cash'])) as { paths: object }).paths).filter((p) => p.startsWith('/iso20022')),
    ).toEqual([]);
  });

  it('describes the feed answer as it is, and validates its query', () => {
    const ajv = new Ajv({ strict: false, validateFormats: false });
    ajv.addSchema(openApiDocument('test'), 'doc');
    const validate = ajv.getSchema('doc#/paths/~1iso20022~1messages/get/responses/200/content/application~1json/schema');
    const message = {
      id: `12:${'a'.repeat(64)}:1`,
      messageType: 'sese.025.001.11',
      isin: 'CND100000012',
      accounts: [{ holder: 'BankMSP', accountId: 'PROP' }],
      recipients: ['BankMSP'],
      createdAt: '2026-11-25T10:00:00.000Z',
    };
    expect(validate?.({ messages: [message], next: message.id, skipped: 0 })).toBe(true);
    expect(validate?.({ messages: [], next: null, skipped: 0 })).toBe(true);
    expect(validate?.({ messages: [{ ...message, xml: '<Document/>' }], next: null, skipped: 0 })).toBe(false);
    const query = compileValidators().get('listIso20022Messages')?.query;
    expect(query?.({ after: message.id, limit: '500', type: 'semt.013.001.06' })).toBe(true);
    expect(query?.({ limit: '501' })).toBe(false);
    expect(query?.({ after: '12:abc:1' })).toBe(false);
  });

  it("describes the gateway's own answers as they are: transactions, events, the scheduler and the users", async () => {
    const ajv = new Ajv({ strict: false, validateFormats: false });
    ajv.addSchema(openApiDocument('test'), 'doc');
    const check = (component: string, value: unknown) => {
      const validate = ajv.getSchema(`doc#/components/schemas/${component}`);
      if (!validate) throw new Error(`no component ${component}`);
      expect([component, validate(value), validate.errors ?? null]).toEqual([component, true, null]);
    };
    const recorded: RecordedTransaction & { status: 'COMMITTED' } = {
      status: 'COMMITTED',
      transactionId: 'a'.repeat(64),
      blockNumber: '12',
      validationCode: 'VALID',
      valid: true,
      timestamp: '2026-11-25T10:00:00.000Z',
      creatorMspId: 'BankMSP',
      endorserMspIds: ['BankMSP', 'CSDMSP'],
    };
    check('TransactionStatus', recorded);
    check('TransactionStatus', { transactionId: 'tx1', status: 'PENDING' });
    check('Accepted', { transactionId: 'tx1', status: 'PENDING' });
    check('ChaincodeEvent', { blockNumber: '12', transactionId: 'tx1', eventName: 'BondApproved', payload: { isin: 'CN1' } });

    // A scheduler run that closes one book and reports an overdue repo and an expired pledge, over a stand-in ledger.
    const ledger = {
      evaluate: (_user: string, _contract: string, fn: string, args: string[]) => {
        if (fn === 'ListBondsByStatus')
          return Promise.resolve({ records: args[0] === 'BOOK_OPEN' ? [{ isin: 'CN1' }] : [], bookmark: '', fetchedRecordsCount: 0 });
        if (fn === 'GetBook') return Promise.resolve({ status: 'OPEN', closesAt: '2000-01-01T00:00:00.000Z' });
        if (fn === 'ListDueRepos') return Promise.resolve([{ isin: 'CN2', repoId: 'R1', termDate: '2000-01-01', status: 'OPEN' }]);
        if (fn === 'ListExpiredPledges')
          return Promise.resolve({
            records: [{ isin: 'CN3', pledgeId: 'P1', expiresAt: '2000-01-01T00:00:00.000Z', status: 'ACTIVE' }],
            bookmark: '',
            fetchedRecordsCount: 1,
          });
        return Promise.resolve([]);
      },
      submit: () =>
        Promise.resolve({
          transactionId: 'tx1',
          result: {},
          committed: Promise.resolve({ transactionId: 'tx1', blockNumber: '3', result: {} }),
        }),
    } as unknown as LedgerClient;
    const scheduler = new Scheduler(ledger, 'operator1', 0, pino({ level: 'silent' }));
    check('SchedulerState', scheduler.state());
    const run = await scheduler.runNow();
    expect(run.actions.map((a) => [a.action, a.isin, a.outcome])).toEqual([
      ['CloseBook', 'CN1', 'DONE'],
      ['EnforceRepo', 'CN2', 'OVERDUE'],
      ['ReleasePledge', 'CN3', 'EXPIRED'],
    ]);
    check('SchedulerRun', run);
    check('SchedulerState', scheduler.state());

    const directory = new UserDirectory(
      { admin: { role: 'admin', certPath: '/c', keyPath: '/k' } },
      mkdtempSync(path.join(os.tmpdir(), 'openapi-users-')),
    );
    const trader = registeredTrader(directory, {
      status: 'REVOKED',
      revokedAt: '2026-11-25T11:00:00.000Z',
      revocationReason: 'left',
      revocationPublished: true,
    });
    directory.add(trader, 'CERT', 'KEY');
    for (const user of directory.list()) check('User', user);
    check('RevokedUser', { ...view(trader), configBlockPublished: true });
  });
});
