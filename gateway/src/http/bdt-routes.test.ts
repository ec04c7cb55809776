/**
 * The ICMA Bond Data Taxonomy routes over a stand-in ledger client: an
 * application submitted as a BDT document goes to Bonds:ApplyForBond as
 * POST /bond-applications sends it (idempotent, asynchronous on request),
 * refusals name the document's fields, and a bond or an application comes
 * out as a document that goes back in as the same terms.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import type { Bond, BondApplication, BondTermsRequest, Member } from '@bond-platform/chaincode/api';
import request from 'supertest';
import type { Accepted, LedgerClient, SubmitRequest } from '../fabric/ledger-client';
import { CN_INTERBANK_BOND, DIRECTORY, ISSUER, MEMBERS, PLATFORM } from '../standards/bdt/bdt-examples';
import { bdtFromBond, bdtFromTerms } from '../standards/bdt/bdt-mapping';
import { EXAMPLE_DOCUMENT_PATH } from '../standards/bdt/standards-doc';
import { testApp, testConfig } from './test-app';
import { ApiKeys, issueKey } from './auth';
import { ApiError } from './errors';
import { openApiDocument } from './openapi';

const operator = issueKey('operator1');
const asOperator = { Authorization: `Bearer ${operator.key}` };
const EXAMPLE = JSON.parse(readFileSync(path.resolve(__dirname, '../../..', EXAMPLE_DOCUMENT_PATH), 'utf8')) as object;
const STAMP = MEMBERS[0]!.admitted;
const BOND: Bond = {
  isin: 'CN0026000015',
  cfi: 'DBFUFM',
  issuer: ISSUER,
  issuerLei: '7ZW8QJWVPR4P1S5PX088',
  applicationId: 'tx-apply',
  terms: CN_INTERBANK_BOND,
  status: 'ISSUED',
  approved: STAMP,
  lastChange: STAMP,
};

interface SetUp {
  /** The gateway's organisation (default: the issuer's). */
  mspId?: string;
  members?: Member[];
  /** The application GetApplication answers. */
  application?: BondApplication;
}

function setUp(options: SetUp = {}) {
  const submitted: SubmitRequest[] = [];
  const evaluated: string[][] = [];
  const members = options.members ?? MEMBERS;
  const ledger = {
    evaluate: (_user: string, contract: string, fn: string, args: string[]) => {
      evaluated.push([contract, fn, ...args]);
      // Two pages: the directory reads them all.
      if (fn === 'ListMembers')
        return Promise.resolve(
          args[1] === ''
            ? { records: members.slice(0, 2), bookmark: members.length > 2 ? 'page2' : '', fetchedRecordsCount: 2 }
            : { records: members.slice(2), bookmark: '', fetchedRecordsCount: members.length - 2 },
        );
      if (fn === 'GetBond' && args[0] === BOND.isin) return Promise.resolve(BOND);
      if (fn === 'GetApplication' && options.application) return Promise.resolve(options.application);
      return Promise.reject(new ApiError(404, 'NOT_FOUND', `${fn} ${args.join(' ')}: not found`));
    },
    submit: (req: SubmitRequest): Promise<Accepted> => {
      submitted.push(req);
      const transactionId = `tx${submitted.length}`;
      req.beforeOrdering?.(transactionId, new TextEncoder().encode(`envelope of ${transactionId}`));
      const terms = JSON.parse(req.args[0] ?? '{}') as BondTermsRequest;
      const application: BondApplication = {
        applicationId: transactionId,
        issuer: options.mspId ?? ISSUER,
        terms,
        status: 'PENDING_APPROVAL',
        filed: STAMP,
      };
      return Promise.resolve({
        transactionId,
        result: application,
        committed: Promise.resolve({ transactionId, blockNumber: '7', result: application }),
      });
    },
    target: () => ({ channel: PLATFORM.channel, chaincode: PLATFORM.chaincode }),
    channelOrganizations: () => Promise.resolve(new Set(members.map((m) => m.mspId))),
    network: () => ({ getChaincodeEvents: () => Promise.reject(new Error('no peer in unit tests')) }),
  } as unknown as LedgerClient;
  const config = testConfig({
    organization: 'securities',
    mspId: options.mspId ?? ISSUER,
    channel: PLATFORM.channel,
    chaincode: PLATFORM.chaincode,
  });
  const { app } = testApp(config, ledger, new ApiKeys([operator.record]));
  return { app, submitted, evaluated };
}

const errorOf = (response: { body: unknown }) =>
  (response.body as { error: { code: string; message: string; details?: { fields?: string[]; problems?: string[] } } }).error;

describe('POST /bond-applications/bdt', () => {
  it('submits Bonds:ApplyForBond with the terms the document maps to, as POST /bond-applications does, and answers 201 with the application', async () => {
    const { app, submitted, evaluated } = setUp();
    const response = await request(app).post('/bond-applications/bdt').set(asOperator).send(EXAMPLE);
    expect(response.status).toBe(201);
    expect(submitted).toHaveLength(1);
    expect(submitted[0]).toMatchObject({ contract: 'Bonds', fn: 'ApplyForBond', user: 'operator1' });
    expect(JSON.parse(submitted[0]!.args[0]!)).toStrictEqual(CN_INTERBANK_BOND);
    expect(response.body).toMatchObject({
      transactionId: 'tx1',
      blockNumber: '7',
      result: { applicationId: 'tx1', terms: CN_INTERBANK_BOND },
    });
    // The parties come from the ledger's member list, every page of it.
    expect(evaluated).toEqual([
      ['Membership', 'ListMembers', '', ''],
      ['Membership', 'ListMembers', '', 'page2'],
    ]);
  });

  it('replays an Idempotency-Key instead of applying twice, and answers Prefer: respond-async with 202', async () => {
    const { app, submitted } = setUp();
    const first = await request(app).post('/bond-applications/bdt').set(asOperator).set('Idempotency-Key', 'bdt-1').send(EXAMPLE);
    const again = await request(app).post('/bond-applications/bdt').set(asOperator).set('Idempotency-Key', 'bdt-1').send(EXAMPLE);
    expect([first.status, again.status, again.headers['idempotent-replayed']]).toEqual([201, 201, 'true']);
    expect(again.body).toEqual(first.body);
    expect(submitted).toHaveLength(1);
    const later = await request(app).post('/bond-applications/bdt').set(asOperator).set('Prefer', 'respond-async').send(EXAMPLE);
    expect([later.status, later.headers.location, later.body]).toEqual([
      202,
      '/transactions/tx2',
      { transactionId: 'tx2', status: 'PENDING' },
    ]);
    const bad = await request(app).post('/bond-applications/bdt').set(asOperator).set('Idempotency-Key', 'é').send(EXAMPLE);
    expect([bad.status, errorOf(bad).code]).toEqual([400, 'INVALID_ARGUMENT']);
  });

  it('answers 422 BDT_UNSUPPORTED_FIELDS naming every field the platform cannot keep, and submits nothing', async () => {
    const { app, submitted } = setUp();
    const doc = structuredClone(EXAMPLE) as { ICMABondDataTaxonomy: { Issuance: Record<string, unknown>; PartyRole: unknown[] } };
    doc.ICMABondDataTaxonomy.Issuance.PricingDate = '2026-06-10';
    doc.ICMABondDataTaxonomy.Issuance.SellingRestrictions = { SellingRestriction: ['NOT_APPLICABLE'] };
    doc.ICMABondDataTaxonomy.PartyRole.push({ PartyRoleType: 'TRUSTEE', PartyID: { PID: 'LEI-969500KSV493XWY0PS33' } });
    const response = await request(app).post('/bond-applications/bdt').set(asOperator).send(doc);
    expect([response.status, errorOf(response).code]).toEqual([422, 'BDT_UNSUPPORTED_FIELDS']);
    expect(errorOf(response).details?.fields).toEqual([
      '/ICMABondDataTaxonomy/Issuance/PricingDate',
      '/ICMABondDataTaxonomy/Issuance/SellingRestrictions',
      '/ICMABondDataTaxonomy/PartyRole/2',
    ]);
    expect(errorOf(response).details?.problems).toHaveLength(3);
    expect(submitted).toEqual([]);
  });

  it('answers 400 BDT_INVALID naming each malformed field and its rule, and submits nothing', async () => {
    const { app, submitted } = setUp();
    const doc = structuredClone(EXAMPLE) as { ICMABondDataTaxonomy: { Issuance: Record<string, unknown> } };
    doc.ICMABondDataTaxonomy.Issuance.IssueDate = '15 June 2026';
    doc.ICMABondDataTaxonomy.Issuance.SpecifiedDenomination = 100;
    const response = await request(app).post('/bond-applications/bdt').set(asOperator).send(doc);
    expect([response.status, errorOf(response).code]).toEqual([400, 'BDT_INVALID']);
    expect(errorOf(response).details).toEqual({
      fields: ['/ICMABondDataTaxonomy/Issuance/SpecifiedDenomination', '/ICMABondDataTaxonomy/Issuance/IssueDate'],
      problems: [
        '/ICMABondDataTaxonomy/Issuance/SpecifiedDenomination: must be string: face value of one note (a decimal string in the currency, e.g. "100" or "100.50")',
        '/ICMABondDataTaxonomy/Issuance/IssueDate: is malformed: issue date (YYYY-MM-DD)',
      ],
    });
    const empty = await request(app).post('/bond-applications/bdt').set(asOperator).send({});
    expect([empty.status, errorOf(empty).code, errorOf(empty).details?.fields]).toEqual([400, 'BDT_INVALID', ['/ICMABondDataTaxonomy']]);
    expect(submitted).toEqual([]);
  });

  it('refuses a document whose ISSUER is another organisation than the one applying', async () => {
    const { app, submitted } = setUp({ mspId: 'BankMSP' });
    const response = await request(app).post('/bond-applications/bdt').set(asOperator).send(EXAMPLE);
    expect([response.status, errorOf(response).code, errorOf(response).details?.fields]).toEqual([
      400,
      'BDT_INVALID',
      ['/ICMABondDataTaxonomy/PartyRole'],
    ]);
    expect(errorOf(response).message).toMatch(/the ISSUER party is the member SecuritiesMSP, not BankMSP/);
    expect(submitted).toEqual([]);
  });

  it('answers 503 NOT_INITIALIZED while the ledger has no CSD member', async () => {
    const { app } = setUp({ members: MEMBERS.slice(1) });
    const response = await request(app).post('/bond-applications/bdt').set(asOperator).send(EXAMPLE);
    expect([response.status, errorOf(response).code]).toEqual([503, 'NOT_INITIALIZED']);
  });
});

describe('GET /bonds/{isin}/bdt and GET /bond-applications/{applicationId}/bdt', () => {
  it('exports a registered bond with its ISIN, from Bonds:GetBond and the member list', async () => {
    const { app, evaluated } = setUp();
    const response = await request(app).get(`/bonds/${BOND.isin}/bdt`).set(asOperator);
    expect(response.status).toBe(200);
    expect(response.body).toEqual(JSON.parse(JSON.stringify(bdtFromBond(BOND, DIRECTORY, PLATFORM))));
    expect(evaluated[0]).toEqual(['Bonds', 'GetBond', BOND.isin]);
    const missing = await request(app).get('/bonds/CN0000000000/bdt').set(asOperator);
    expect([missing.status, errorOf(missing).code]).toEqual([404, 'NOT_FOUND']);
  });

  it('gives an application as a document that applies for the same terms, and exports again identically (export → import → export)', async () => {
    const filed: BondApplication = {
      applicationId: 'tx0',
      issuer: ISSUER,
      terms: CN_INTERBANK_BOND,
      status: 'PENDING_APPROVAL',
      filed: STAMP,
    };
    const first = setUp({ application: filed });
    const exported = await request(first.app).get('/bond-applications/tx0/bdt').set(asOperator);
    expect(exported.status).toBe(200);
    expect(exported.body).toEqual(EXAMPLE);
    expect(first.evaluated[0]).toEqual(['Bonds', 'GetApplication', 'tx0']);

    const applied = await request(first.app).post('/bond-applications/bdt').set(asOperator).send(exported.body);
    const refiled = (applied.body as { result: BondApplication }).result;
    expect(refiled.terms).toStrictEqual(CN_INTERBANK_BOND);
    const second = setUp({ application: refiled });
    const again = await request(second.app).get(`/bond-applications/${refiled.applicationId}/bdt`).set(asOperator);
    expect(again.text).toBe(exported.text);
  });

  it('publishes the three routes with the BDT document as a schema the answers validate against', async () => {
    const document = openApiDocument('test') as { paths: Record<string, Record<string, { operationId: string }>> };
    expect(document.paths['/bond-applications/bdt']?.post?.operationId).toBe('applyForBondWithBdt');
    expect(document.paths['/bonds/{isin}/bdt']?.get?.operationId).toBe('getBondBdt');
    expect(document.paths['/bond-applications/{applicationId}/bdt']?.get?.operationId).toBe('getBondApplicationBdt');
    const ajv = new Ajv({ strict: false });
    ajv.addSchema(document, 'doc');
    const validate = ajv.getSchema('doc#/components/schemas/BdtDocument');
    const { app } = setUp();
    const answer = await request(app).get(`/bonds/${BOND.isin}/bdt`).set(asOperator);
    expect([validate?.(answer.body), validate?.errors ?? null]).toEqual([true, null]);
    expect(validate?.({ ICMABondDataTaxonomy: { Version: '1.2', Issuance: { IssueDat: '2026-06-15' } } })).toBe(false);
    const terms = bdtFromTerms(
      { ...CN_INTERBANK_BOND, dayCountFraction: 'NL/365' },
      { issuer: ISSUER, directory: DIRECTORY, platform: PLATFORM },
    );
    expect(validate?.(terms)).toBe(true);
  });
});
