/**
 * The ICMA Bond Data Taxonomy routes (issue 19): an issuer applies for a
 * bond with a BDT document, and anyone entitled to read a bond or an
 * application gets it as one. The gateway maps the document with
 * standards/bdt/bdt-mapping.ts; who the parties are (LEI ↔ MSP ID) comes
 * from the ledger's member list, read for each request, and the ledger's
 * own description (channel, chaincode, the CSD) from the gateway's target
 * and that list: never from gateway state.
 *
 * POST /bond-applications/bdt submits Bonds:ApplyForBond exactly as
 * POST /bond-applications does (the same operation through the submission
 * service: Idempotency-Key, Prefer: respond-async, 201 with the committed
 * application), with the terms the document maps to.
 */
import { type Bond, type BondApplication, ContractName, type Member, type Page } from '@bond-platform/chaincode/api';
import type { LedgerClient } from '../fabric/ledger-client';
import { type BdtApplication, bdtFromBond, bdtFromTerms, BdtRefusal, readBdt } from '../standards/bdt/bdt-mapping';
import { csdOf, type LedgerPlatform, type PartyDirectory, partyDirectory } from '../standards/bdt/party-directory';
import { ApiError, MAX_PROBLEMS_LISTED } from './errors';
import { requestIdOf } from './middleware';
import { type GatewayCall, type GatewayOperation, type JsonSchema, OPERATIONS, p } from './operations';

/** Pages of members read at most (100 each): far more members than a consortium has. */
const MAX_MEMBER_PAGES = 1000;

/** Every member of the ledger, page by page. */
async function ledgerMembers(ledger: LedgerClient, user: string): Promise<Member[]> {
  const members: Member[] = [];
  let bookmark = '';
  for (let page = 0; page < MAX_MEMBER_PAGES; page++) {
    const answer = (await ledger.evaluate(user, ContractName.MEMBERSHIP, 'ListMembers', ['', bookmark])) as Page<Member>;
    members.push(...answer.records);
    if (answer.bookmark === '' || answer.records.length === 0) return members;
    bookmark = answer.bookmark;
  }
  throw new ApiError(500, 'INTERNAL', `the member list did not end after ${MAX_MEMBER_PAGES} pages`);
}

/** The parties' directory and the ledger's description, from the ledger's member list. */
async function ledgerParties(ledger: LedgerClient, user: string): Promise<{ directory: PartyDirectory; platform: LedgerPlatform }> {
  const members = await ledgerMembers(ledger, user);
  const csd = csdOf(members);
  if (!csd) throw new ApiError(503, 'NOT_INITIALIZED', 'the ledger has no CSD member yet: it is not initialised');
  return { directory: partyDirectory(members), platform: { ...ledger.target('bond'), csd } };
}

/** A BDT refusal as the API's error: the fields in `details.fields`, the problems (at most MAX_PROBLEMS_LISTED) in `details.problems`. */
function refusalError(refusal: BdtRefusal): ApiError {
  const problems = refusal.problems.slice(0, MAX_PROBLEMS_LISTED);
  const more = refusal.problems.length - problems.length;
  const details = { fields: refusal.fields, problems, ...(more > 0 ? { problemsNotListed: more } : {}) };
  return refusal.code === 'BDT_INVALID'
    ? new ApiError(400, 'BDT_INVALID', refusal.message, { details })
    : new ApiError(422, 'BDT_UNSUPPORTED_FIELDS', refusal.message, { details });
}

/** The application a document makes for the caller's organisation: its ISSUER must be that organisation. */
function applicationOf(body: unknown, mspId: string, parties: { directory: PartyDirectory; platform: LedgerPlatform }): BdtApplication {
  let application: BdtApplication;
  try {
    application = readBdt(body, parties.directory, parties.platform);
  } catch (error) {
    throw error instanceof BdtRefusal ? refusalError(error) : error;
  }
  if (application.issuer !== mspId) {
    const problem = `/ICMABondDataTaxonomy/PartyRole: the ISSUER party is the member ${application.issuer}, not ${mspId}, the organisation applying: an issuer applies for its own bonds`;
    throw new ApiError(400, 'BDT_INVALID', problem, { details: { fields: ['/ICMABondDataTaxonomy/PartyRole'], problems: [problem] } });
  }
  return application;
}

const APPLY_FOR_BOND = OPERATIONS.find((op) => op.operationId === 'applyForBond');

/** Submits the application the document makes, as POST /bond-applications submits one, and answers as it does. */
async function applyWithBdt({ req, res, user, input, services }: GatewayCall): Promise<undefined> {
  if (!APPLY_FOR_BOND) throw new Error('the applyForBond operation is missing');
  const { terms } = applicationOf(input.body, input.mspId, await ledgerParties(services.ledger, user));
  const answer = await services.submissions.answer(APPLY_FOR_BOND, { ...input, body: { ...terms } }, user, {
    method: req.method,
    path: req.path,
    idempotencyKey: req.get('Idempotency-Key'),
    respondAsync: /respond-async/.test(req.get('Prefer') ?? ''),
    requestId: requestIdOf(res),
  });
  res
    .status(answer.status)
    .set(answer.headers ?? {})
    .json(answer.body);
  return undefined;
}

const BDT_DOCUMENT: JsonSchema = { $ref: '#/components/schemas/BdtDocument' };
const DOCUMENTED =
  'the platform’s JSON form of ICMA’s Bond Data Taxonomy v1.2 with its DLT fields and the extension urn:bdt-ext:cn-interbank:v1 (docs/standards.md)';

export const BDT_OPERATIONS: readonly GatewayOperation[] = [
  {
    operationId: 'applyForBondWithBdt',
    method: 'post',
    path: '/bond-applications/bdt',
    tag: 'Bonds',
    ledger: 'bond',
    summary: 'Apply to register a bond with an ICMA Bond Data Taxonomy document (issuers)',
    description: `The body is a BDT document, ${DOCUMENTED}; schema: components/schemas/BdtDocument. The gateway maps it to the terms and submits chaincode \`Bonds:ApplyForBond\` as POST /bond-applications does, with its Idempotency-Key and Prefer: respond-async (202 once ordered). The document's ISSUER party must be the calling organisation; the parties are named by LEI and mapped to members by the ledger's member list.`,
    body: { type: 'object', description: `a BDT document: ${DOCUMENTED}` },
    headers: {
      'Idempotency-Key': {
        schema: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[!-~]+$' },
        description: 'as POST /bond-applications: retrying with the same key returns the first outcome',
      },
      Prefer: { schema: { type: 'string' }, description: '`respond-async`: 202 once ordered, then poll the status resource' },
    },
    answer: {
      status: 201,
      description: 'committed: the application, as POST /bond-applications answers',
      schema: {
        type: 'object',
        required: ['transactionId', 'blockNumber', 'result'],
        properties: {
          transactionId: { type: 'string' },
          blockNumber: { type: 'string' },
          result: { $ref: '#/components/schemas/BondApplication' },
        },
      },
    },
    failures: {
      '400':
        'BDT_INVALID: not a BDT document, a malformed value, or a rule of the platform broken (details.fields, details.problems); INVALID_ARGUMENT: the chaincode refused the terms',
      '403': 'refused by the access rules (an issuer applies)',
      '409': 'IDEMPOTENCY_KEY_PENDING, CONFLICT',
      '422': 'BDT_UNSUPPORTED_FIELDS: fields or values the platform cannot keep, every one in details.fields; IDEMPOTENCY_KEY_REUSED',
    },
    handle: applyWithBdt,
  },
  {
    operationId: 'getBondBdt',
    method: 'get',
    path: '/bonds/{isin}/bdt',
    tag: 'Bonds',
    ledger: 'bond',
    summary: 'A bond as an ICMA Bond Data Taxonomy document, with its ISIN',
    description: `Chaincode \`Bonds:GetBond\`, as ${DOCUMENTED}. Submitted to POST /bond-applications/bdt, it applies for the same terms; exported again, it is the same document.`,
    answer: { status: 200, description: 'the BDT document', schema: BDT_DOCUMENT },
    failures: { '404': 'no such bond' },
    handle: async ({ services, user, input }) => {
      const bond = (await services.ledger.evaluate(user, ContractName.BONDS, 'GetBond', [p(input, 'isin')])) as Bond;
      const { directory, platform } = await ledgerParties(services.ledger, user);
      return bdtFromBond(bond, directory, platform);
    },
  },
  {
    operationId: 'getBondApplicationBdt',
    method: 'get',
    path: '/bond-applications/{applicationId}/bdt',
    tag: 'Bonds',
    ledger: 'bond',
    summary: "An application's terms as an ICMA Bond Data Taxonomy document, as filed",
    description: `Chaincode \`Bonds:GetApplication\`, as ${DOCUMENTED}. Export → import → export gives the same document.`,
    answer: { status: 200, description: 'the BDT document', schema: BDT_DOCUMENT },
    failures: { '404': 'no such application' },
    handle: async ({ services, user, input }) => {
      const application = (await services.ledger.evaluate(user, ContractName.BONDS, 'GetApplication', [
        p(input, 'applicationId'),
      ])) as BondApplication;
      const { directory, platform } = await ledgerParties(services.ledger, user);
      return bdtFromTerms(application.terms, { issuer: application.issuer, directory, platform });
    },
  },
];
