/**
 * Every route of the API, declaratively, in the order Express matches them:
 * the chaincode operations (OPERATIONS: the chaincode function behind each
 * route, how the request becomes arguments and private (transient) input,
 * and which organisations must endorse), then the routes the gateway answers
 * itself (GATEWAY_OPERATIONS: the scheduler, user administration, the event
 * stream and transaction status). The OpenAPI document, the request
 * validation and the Express routes are all generated from ROUTES; nothing
 * else defines an API route (routes.ts puts them together, with the cash
 * ledger's routes of cash-operations.ts). Only the infrastructure routes anyone may call
 * without a key (health, readiness, metrics, the document and its viewer:
 * public-routes.ts) are served apart, and are not in the document.
 *
 * The gateway knows the chaincode only through its published API (contract
 * and function names, request shapes, error codes).
 */
import type { Request, Response } from 'express';
import {
  ALL_ROLES,
  type Book,
  ContractName,
  ENTITLEMENTS_FIXED_PER_CALL,
  type FunctionName,
  type HashLock,
  MAX_BID_ACCOUNTS,
  MAX_TRANSFERS_PER_BATCH,
  type Pledge,
  PRIMARY_SETTLEMENT_LINES_PER_CALL,
  RatingAgency,
  type Repo,
  Role,
  type SettlementInstruction,
} from '@bond-platform/chaincode/api';
import { type CashLedgerConfig, type LedgerName, USER_ROLES } from '../config';
import type { EventStreams } from '../events/streams';
import type { ChaincodeFunction } from '../fabric/chaincode-functions';
import type { LedgerClient } from '../fabric/ledger-client';
import type { Scheduler } from '../scheduler/scheduler';
import type { Iso20022Service } from '../standards/iso20022/service';
import type { NewUser, UserAdmin } from '../users/admin';
import apiSchemas from './api-schemas.json';
import type { Submissions } from './submission';
import { transactionStatus } from './transaction-status';

export type JsonSchema = Record<string, unknown>;

/**
 * An MSP ID: what names an organisation to endorse or a peer to ask. Any
 * value that selects endorsers must match it and be one of the channel's
 * organisations (checked before submitting, see submission.ts).
 */
export const MSP_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** Path parameters that name an organisation: an MSP ID, checked before anything is sent (`~` or `..` name nobody). */
export const MSP_ID_PATH_PARAMETERS: ReadonlySet<string> = new Set(['mspId', 'issuer', 'holder', 'bidder', 'pledgee', 'owner']);

/** A request as a route sees it once checked against its declaration. */
export interface OperationInput {
  params: Record<string, string>;
  query: Record<string, string>;
  body: Record<string, unknown>;
  /** The caller's organisation. */
  mspId: string;
}

/** What an operation may ask of the ledger while preparing its request (read-only). */
export interface PreparationContext {
  csdMspId: string;
  evaluate<T>(contract: ContractName, fn: FunctionName, args: string[]): Promise<T>;
}

/** What every route declares: where it is, who may call it, and the shape of its request. */
interface RouteDeclaration {
  operationId: string;
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  tag: string;
  summary: string;
  /** Only the institution's admin users may call it. */
  adminOnly?: boolean;
  query?: Record<string, { schema: JsonSchema; required?: boolean; description: string }>;
  /** The request body's schema; a route without one takes no body (or `{}`). */
  body?: JsonSchema;
}

/**
 * A chaincode operation: its route, and the chaincode function behind it as
 * the chaincode's API publishes it (a function of that contract), on its
 * ledger: the bond ledger's unless it says `ledger: 'cash'`.
 */
export type Operation = ChaincodeRoute & ChaincodeFunction;

interface ChaincodeRoute extends RouteDeclaration {
  /** Submitted as a transaction (ordered and committed), or evaluated as a query. */
  submit: boolean;
  /** 201 instead of 200 when the submit creates a resource. */
  creates?: boolean;
  args(input: OperationInput): string[];
  transient?(input: OperationInput, ctx: PreparationContext): Promise<Record<string, unknown>>;
  endorsers?(input: OperationInput, ctx: PreparationContext): Promise<string[]>;
  /** The shape of the chaincode's result, in the chaincode API's types (gateway/src/http/api-schemas.json). */
  result: ResultShape;
}

/** What the gateway's own routes answer from. */
export interface GatewayServices {
  ledger: LedgerClient;
  submissions: Submissions;
  events: EventStreams;
  /** User management at the institution's CA; 404 NOT_FOUND when the gateway has none configured. */
  userAdmin(): UserAdmin;
  /** The lifecycle scheduler; 404 NOT_FOUND on every gateway but the CSD's. */
  scheduler(): Scheduler;
  /** The cash ledger's configuration; 404 NOT_FOUND on a gateway that serves none. */
  cashLedger(): CashLedgerConfig;
  /** The ISO 20022 messages and statements (their routes are the bond ledger's). */
  iso20022: Iso20022Service;
}

/** A checked request to one of the gateway's own routes. */
export interface GatewayCall {
  req: Request;
  res: Response;
  /** The authenticated caller. */
  user: string;
  input: OperationInput;
  services: GatewayServices;
}

/** A route the gateway answers itself, from its own services rather than a chaincode function. */
export interface GatewayOperation extends RouteDeclaration {
  /** The ledger it works on: only a gateway serving that ledger has the route. Without one, every gateway has it. */
  ledger?: LedgerName;
  /** A service it needs: without one the route answers 404, after the admin check and before the input is checked. */
  needs?: 'userAdmin' | 'scheduler';
  /** The body may be left out. */
  optionalBody?: boolean;
  /** Request headers, for the document only: the handler checks them. */
  headers?: Record<string, { schema: JsonSchema; description: string }>;
  /** The answer on success, as the document publishes it. */
  answer: { status: 200 | 201; description: string; schema: JsonSchema; mediaType?: 'text/event-stream' | 'application/xml' };
  /** The failures particular to the route, by status, for the document. */
  failures?: Record<string, string>;
  /** More for the document than the summary says. */
  description?: string;
  /** Answers the checked request: a body, sent as JSON with the answer's status, or undefined once it has answered itself. */
  handle(call: GatewayCall): unknown;
}

/** Any route of the API. */
export type Route = Operation | GatewayOperation;

/** True for a chaincode operation, false for one of the gateway's own routes. */
export function isChaincodeOperation(route: Route): route is Operation {
  return 'contract' in route;
}

/** The ledger a route works on (a chaincode operation's is the bond ledger unless it says otherwise), or undefined for every gateway's routes. */
export function routeLedger(route: Route): LedgerName | undefined {
  return isChaincodeOperation(route) ? (route.ledger ?? 'bond') : route.ledger;
}

/** One API type, a list of them, or a page of them (`Page<T>`: records, bookmark, fetchedRecordsCount). */
export interface ResultShape {
  type: string;
  as: 'one' | 'list' | 'page';
}

export const one = (type: string): ResultShape => ({ type, as: 'one' });
export const list = (type: string): ResultShape => ({ type, as: 'list' });
export const paged = (type: string): ResultShape => ({ type, as: 'page' });

// --- schema helpers ------------------------------------------------------------

export const text = (description: string, pattern?: string): JsonSchema => ({
  type: 'string',
  minLength: 1,
  description,
  ...(pattern ? { pattern } : {}),
});
export const whole = (description: string): JsonSchema => text(`${description} (whole number as a decimal string)`, '^(0|[1-9][0-9]*)$');
const percent = (description: string): JsonSchema => text(`${description} (percent, decimal string)`, '^[0-9]{1,4}(\\.[0-9]{1,6})?$');
const date = (description: string): JsonSchema => text(`${description} (YYYY-MM-DD)`, '^[0-9]{4}-[0-9]{2}-[0-9]{2}$');
export const mspId = (description: string): JsonSchema => ({ ...text(`${description} (an MSP ID)`, MSP_ID_PATTERN.source), maxLength: 64 });
export const instant = (description: string): JsonSchema => text(`${description} (ISO-8601 date and time)`);
export const object = (properties: Record<string, JsonSchema>, required: string[] = Object.keys(properties)): JsonSchema => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});

// --- request schemas from the chaincode API's request types -----------------------

/** The chaincode API's type `name` (api-schemas.json), its references to other API types inlined. */
export function apiType(name: string): JsonSchema {
  const schema = (apiSchemas as Record<string, JsonSchema | undefined>)[name];
  if (!schema) throw new Error(`the chaincode API has no type ${name}`);
  const inline = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(inline);
    if (typeof value !== 'object' || value === null) return value;
    const ref = (value as { $ref?: unknown }).$ref;
    if (typeof ref === 'string') return apiType(ref.replace('#/definitions/', ''));
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, inline(v)]));
  };
  return inline(schema) as JsonSchema;
}

/**
 * A request body from the chaincode API's request type: its fields, enums and
 * required fields as the API declares them, less those the route fills in
 * from its path (`fromPath`), each with the gateway's transport rules
 * (patterns, lengths, descriptions) from `rules` laid over it.
 */
export function requestBody(type: string, rules: Record<string, JsonSchema>, fromPath: string[] = []): JsonSchema {
  const api = apiType(type) as { properties: Record<string, JsonSchema>; required?: string[] };
  const names = Object.keys(api.properties).filter((name) => !fromPath.includes(name));
  return object(
    Object.fromEntries(names.map((name) => [name, { ...api.properties[name], ...rules[name] }])),
    (api.required ?? []).filter((name) => names.includes(name)),
  );
}

/** Roles a member may be given: any but the CSD's own, which the chaincode never grants (refused here before anything is sent). */
const roles: JsonSchema = {
  type: 'array',
  minItems: 1,
  items: { type: 'string', enum: ALL_ROLES.filter((role) => role !== Role.CSD) },
};
const reason = object({ reason: text('why') });
export const page = {
  pageSize: { schema: text('records per page, at most 100', '^[1-9][0-9]*$'), description: 'records per page (at most 100)' },
  cursor: { schema: { type: 'string' }, description: 'the `bookmark` of the previous page' },
};
const optionDate: JsonSchema = { items: requestBody('OptionDate', { date: date('exercise date'), price: percent('price') }) };

export const json = (value: unknown): string => JSON.stringify(value);
export const p = (input: OperationInput, name: string): string => input.params[name] ?? '';
export const pageArgs = (input: OperationInput): string[] => [input.query.pageSize ?? '', input.query.cursor ?? ''];

// --- endorsement plans -----------------------------------------------------------
// Writes to private data collections need named organisations (the transient
// input goes only to them). Everything else lets the peer's gateway plan:
// it adds the organisations that holdings' state-based endorsement policies
// name, from the simulation's chaincode interest (seen on Fabric 3.1.1: an
// affirmation or cash confirmation sent without named endorsers commits VALID,
// endorsed by both holders' peers), so a transfer step needs no lookup first.

const unique = (orgs: string[]): string[] => [...new Set(orgs)];

async function bidEndorsers(input: OperationInput, ctx: PreparationContext): Promise<string[]> {
  const book = await ctx.evaluate<Book>(ContractName.BOOKS, 'GetBook', [p(input, 'isin')]);
  return unique([ctx.csdMspId, input.mspId, book.bookrunner]);
}

async function pledgeEnforcers(input: OperationInput, ctx: PreparationContext): Promise<string[]> {
  const pledge = await ctx.evaluate<Pledge>(ContractName.CUSTODY, 'GetPledge', [p(input, 'pledgeId')]);
  return unique([ctx.csdMspId, input.mspId, pledge.pledgor]);
}

/** A repo step: the CSD's peers, the caller's, and both parties' (the borrower's holding is read, and debited on enforcement). */
async function repoEndorsers(input: OperationInput, ctx: PreparationContext): Promise<string[]> {
  const repo = await ctx.evaluate<Repo>(ContractName.CUSTODY, 'GetRepo', [p(input, 'repoId')]);
  return unique([ctx.csdMspId, input.mspId, repo.borrower, repo.lender]);
}

/**
 * A hash lock's claim moves the units from the locker's escrow holding,
 * whose key policy is the CSD's peers only, to the beneficiary's account:
 * the CSD's peers and the beneficiary's (its holding, if it has one, is
 * credited), never the locker's, so a locker whose peers are down cannot
 * hold off the claim. Only the beneficiary or the CSD may claim, so the
 * caller is one of them.
 */
async function hashLockClaimEndorsers(input: OperationInput, ctx: PreparationContext): Promise<string[]> {
  const lock = await ctx.evaluate<HashLock>(ContractName.HASH_LOCKS, 'GetHashLock', [p(input, 'lockId')]);
  return unique([ctx.csdMspId, lock.beneficiary]);
}

/**
 * A hash lock's refund moves the units from escrow back to the locker's
 * account: the CSD's peers and the locker's, never the beneficiary's, so a
 * beneficiary whose peers are down cannot keep the locker from taking its
 * units back. Only the locker or the CSD may refund.
 */
async function hashLockRefundEndorsers(input: OperationInput, ctx: PreparationContext): Promise<string[]> {
  const lock = await ctx.evaluate<HashLock>(ContractName.HASH_LOCKS, 'GetHashLock', [p(input, 'lockId')]);
  return unique([ctx.csdMspId, lock.locker]);
}

/** A cash-lock proof: what the cash routes' `POST /cash/locks/{lockId}/attestation` answers as `proof`. */
const proof: JsonSchema = {
  ...text("base64 of the endorsed, unsubmitted envelope of the cash chaincode's Htlc:AttestLock(lockId)", '^[A-Za-z0-9+/]+={0,2}$'),
  maxLength: 16384,
};
const proofBody: JsonSchema = object({ proof });

const transferIds: JsonSchema = {
  type: 'array',
  minItems: 1,
  maxItems: MAX_TRANSFERS_PER_BATCH,
  uniqueItems: true,
  description: `transfer ids, at most ${MAX_TRANSFERS_PER_BATCH}, each once; settled in this order`,
  items: text('transfer id'),
};

const bondTerms = requestBody('BondTermsRequest', {
  isin: text('ISIN proposed by the issuer (optional: the CSD assigns one)', '^[A-Z]{2}[A-Z0-9]{9}[0-9]$'),
  shortName: text('short name'),
  specifiedCurrency: text('ISO 4217 currency', '^[A-Z]{3}$'),
  specifiedDenomination: whole('face value of a unit, minor units'),
  issueSize: whole('units offered'),
  overAllotmentLimit: whole('greenshoe units'),
  interestRate: percent('interest rate per annum (FIXED only)'),
  floatingRate: object(
    {
      referenceRate: apiType('ReferenceRate'),
      spread: text('added to the fixing, percent per annum; may be negative (e.g. "-0.15")', '^-?[0-9]{1,4}(\\.[0-9]{1,6})?$'),
      fixingLagBusinessDays: {
        type: 'integer',
        minimum: 0,
        maximum: 10,
        description: "business days between the period's fixing date and its start, on the bond's calendar",
      },
      floor: percent('lowest period rate'),
      cap: percent('highest period rate'),
    },
    ['referenceRate', 'spread', 'fixingLagBusinessDays'],
  ),
  bookType: { description: 'book the terms are for: a TENDER omits interestRate (it discovers it); default from the rate' },
  issueDate: date('issue date'),
  maturityDate: date('maturity date'),
  firstCouponDate: date(
    'first coupon date, for a short or long first period (optional): after the issue date, on the coupon grid rolled back from penultimateCouponDate or maturity',
  ),
  penultimateCouponDate: date(
    'last coupon date before maturity, for a short or long last period (optional): the regular dates roll back from it',
  ),
  businessDayCalendar: text('calendar id, e.g. CN-IB'),
  recordDateOffset: { type: 'integer', minimum: 0, maximum: 30 },
  payingAgent: text('paying agent MSP ID'),
  leadUnderwriter: text('lead underwriter MSP ID'),
  issuePrice: percent('issue price'),
  callSchedule: optionDate,
  callNoticeDays: { type: 'integer', minimum: 0, maximum: 365 },
  putSchedule: optionDate,
  governingLaw: { description: "the law governing the bond: the ICMA Bond Data Taxonomy's values or PRC_LAW" },
  ratings: {
    type: 'array',
    maxItems: Object.values(RatingAgency).length,
    description: "the issuer's credit ratings, at most one per agency (stored in agency order)",
    items: object(
      {
        agency: apiType('RatingAgency'),
        rating: {
          ...text("the agency's grade, e.g. AAA, Aa1, A-1+, AA (high)", '^[A-Za-z0-9+()-]+( [A-Za-z0-9+()-]+)*$'),
          maxLength: 16,
        },
        outlook: apiType('RatingOutlook'),
      },
      ['agency', 'rating'],
    ),
  },
});

/**
 * A bid for one account (accountId) or split across accounts (accounts,
 * whose units add up to units): exactly one of the two. The chaincode is the
 * authority (account rules, distinct accounts, the sum).
 */
const bid: JsonSchema = {
  ...object(
    {
      units: whole('units: the whole bid; with accounts, the sum of their units'),
      rate: percent('bid rate (tender books only)'),
      accountId: text('account to credit (or give accounts)'),
      accounts: {
        type: 'array',
        minItems: 1,
        maxItems: MAX_BID_ACCOUNTS,
        description: `accounts to credit (instead of accountId), at most ${MAX_BID_ACCOUNTS}, each named once: the allocation is divided among them pro rata`,
        items: object({ accountId: text('account to credit'), units: whole('units for this account') }),
      },
    },
    ['units'],
  ),
  oneOf: [{ required: ['accountId'] }, { required: ['accounts'] }],
};

export const OPERATIONS: readonly Operation[] = [
  // --- members --------------------------------------------------------------------
  {
    operationId: 'whoAmI',
    result: one('WhoAmI'),
    method: 'get',
    path: '/me',
    tag: 'Members',
    summary: 'The caller as the ledger sees it',
    contract: ContractName.MEMBERSHIP,
    fn: 'WhoAmI',
    submit: false,
    args: () => [],
  },
  {
    operationId: 'listMembers',
    result: paged('Member'),
    method: 'get',
    path: '/members',
    tag: 'Members',
    summary: 'Members, a page at a time',
    contract: ContractName.MEMBERSHIP,
    fn: 'ListMembers',
    submit: false,
    query: page,
    args: pageArgs,
  },
  {
    operationId: 'getMember',
    result: one('Member'),
    method: 'get',
    path: '/members/{mspId}',
    tag: 'Members',
    summary: 'One member',
    contract: ContractName.MEMBERSHIP,
    fn: 'GetMember',
    submit: false,
    args: (i) => [p(i, 'mspId')],
  },
  {
    operationId: 'getMemberHistory',
    result: list('MemberHistoryEntry'),
    method: 'get',
    path: '/members/{mspId}/history',
    tag: 'Members',
    summary: "A member record's changes, newest first",
    contract: ContractName.MEMBERSHIP,
    fn: 'GetMemberHistory',
    submit: false,
    args: (i) => [p(i, 'mspId')],
  },
  {
    operationId: 'admitMember',
    result: one('Member'),
    method: 'post',
    path: '/members',
    tag: 'Members',
    summary: 'Admit an institution (CSD admins)',
    contract: ContractName.MEMBERSHIP,
    fn: 'AdmitMember',
    submit: true,
    adminOnly: true,
    creates: true,
    body: requestBody('AdmitMemberRequest', {
      mspId: text('MSP ID'),
      legalName: text('legal name'),
      lei: text('ISO 17442 LEI', '^[A-Z0-9]{18}[0-9]{2}$'),
      roles,
    }),
    args: (i) => [json(i.body)],
  },
  {
    operationId: 'changeRoles',
    result: one('Member'),
    method: 'put',
    path: '/members/{mspId}/roles',
    tag: 'Members',
    summary: "Replace a member's roles (CSD admins)",
    contract: ContractName.MEMBERSHIP,
    fn: 'ChangeRoles',
    submit: true,
    adminOnly: true,
    body: requestBody('ChangeRolesRequest', { roles }, ['mspId']),
    args: (i) => [json({ mspId: p(i, 'mspId'), roles: i.body.roles })],
  },
  {
    operationId: 'suspendMember',
    result: one('Member'),
    method: 'post',
    path: '/members/{mspId}/suspension',
    tag: 'Members',
    summary: 'Suspend a member (CSD admins)',
    contract: ContractName.MEMBERSHIP,
    fn: 'SuspendMember',
    submit: true,
    adminOnly: true,
    body: reason,
    args: (i) => [json({ mspId: p(i, 'mspId'), reason: i.body.reason })],
  },
  {
    operationId: 'reinstateMember',
    result: one('Member'),
    method: 'post',
    path: '/members/{mspId}/reinstatement',
    tag: 'Members',
    summary: 'Reinstate a suspended member (CSD admins)',
    contract: ContractName.MEMBERSHIP,
    fn: 'ReinstateMember',
    submit: true,
    adminOnly: true,
    body: reason,
    args: (i) => [json({ mspId: p(i, 'mspId'), reason: i.body.reason })],
  },
  {
    operationId: 'revokeMember',
    result: one('Member'),
    method: 'post',
    path: '/members/{mspId}/revocation',
    tag: 'Members',
    summary: 'Revoke a member, finally (CSD admins)',
    contract: ContractName.MEMBERSHIP,
    fn: 'RevokeMember',
    submit: true,
    adminOnly: true,
    body: reason,
    args: (i) => [json({ mspId: p(i, 'mspId'), reason: i.body.reason })],
  },
  {
    operationId: 'correctMember',
    result: one('MemberCorrection'),
    method: 'post',
    path: '/members/{mspId}/correction',
    tag: 'Members',
    summary: "Correct a member's legal name or contact written before the input rules (CSD admins)",
    contract: ContractName.MEMBERSHIP,
    fn: 'CorrectMember',
    submit: true,
    adminOnly: true,
    body: object(
      {
        legalName: text('corrected legal name'),
        contactName: text('corrected contact name'),
        email: text('corrected e-mail'),
        reason: text('why'),
      },
      ['reason'],
    ),
    args: (i) => [json({ mspId: p(i, 'mspId'), ...i.body })],
  },
  {
    operationId: 'getMemberContact',
    result: one('MemberContact'),
    method: 'get',
    path: '/members/{mspId}/contact',
    tag: 'Members',
    summary: "A member's operational contact",
    contract: ContractName.MEMBERSHIP,
    fn: 'GetMemberContact',
    submit: false,
    args: (i) => [p(i, 'mspId')],
  },
  {
    operationId: 'updateContact',
    result: one('MemberContact'),
    method: 'put',
    path: '/members/me/contact',
    tag: 'Members',
    summary: "Set the caller's institution's operational contact",
    contract: ContractName.MEMBERSHIP,
    fn: 'UpdateContact',
    submit: true,
    body: object({ contactName: text('contact name'), email: text('e-mail') }),
    args: (i) => [json(i.body)],
  },

  // --- bonds ------------------------------------------------------------------------
  {
    operationId: 'applyForBond',
    result: one('BondApplication'),
    method: 'post',
    path: '/bond-applications',
    tag: 'Bonds',
    summary: 'Apply to register a bond (issuers)',
    contract: ContractName.BONDS,
    fn: 'ApplyForBond',
    submit: true,
    creates: true,
    body: bondTerms,
    args: (i) => [json(i.body)],
  },
  {
    operationId: 'getBondApplication',
    result: one('BondApplication'),
    method: 'get',
    path: '/bond-applications/{applicationId}',
    tag: 'Bonds',
    summary: 'An application',
    contract: ContractName.BONDS,
    fn: 'GetApplication',
    submit: false,
    args: (i) => [p(i, 'applicationId')],
  },
  {
    operationId: 'listBondApplications',
    result: paged('BondApplication'),
    method: 'get',
    path: '/bond-applications',
    tag: 'Bonds',
    summary: 'Applications with a status, a page at a time (PENDING_APPROVAL: the CSD’s review queue)',
    contract: ContractName.BONDS,
    fn: 'ListApplications',
    submit: false,
    query: { status: { schema: apiType('ApplicationStatus'), required: true, description: 'e.g. PENDING_APPROVAL' }, ...page },
    args: (i) => [i.query.status ?? '', ...pageArgs(i)],
  },
  {
    operationId: 'approveBond',
    result: one('Bond'),
    method: 'post',
    path: '/bond-applications/{applicationId}/approval',
    tag: 'Bonds',
    summary: 'Approve: assign the ISIN and CFI (CSD)',
    contract: ContractName.BONDS,
    fn: 'ApproveBond',
    submit: true,
    creates: true,
    body: object(
      { nationalCode: text('9-character national code', '^[A-Z0-9]{9}$'), countryCode: text('ISO 3166 country code', '^[A-Z]{2}$') },
      [],
    ),
    args: (i) => [json({ ...i.body, applicationId: p(i, 'applicationId') })],
  },
  {
    operationId: 'rejectBond',
    result: one('BondApplication'),
    method: 'post',
    path: '/bond-applications/{applicationId}/rejection',
    tag: 'Bonds',
    summary: 'Reject with a reason (CSD)',
    contract: ContractName.BONDS,
    fn: 'RejectBond',
    submit: true,
    body: reason,
    args: (i) => [json({ applicationId: p(i, 'applicationId'), reason: i.body.reason })],
  },
  {
    operationId: 'listBondsByStatus',
    result: paged('Bond'),
    method: 'get',
    path: '/bonds',
    tag: 'Bonds',
    summary: 'Bonds with a status, a page at a time',
    contract: ContractName.BONDS,
    fn: 'ListBondsByStatus',
    submit: false,
    query: { status: { schema: apiType('BondStatus'), required: true, description: 'e.g. ISSUED' }, ...page },
    args: (i) => [i.query.status ?? '', ...pageArgs(i)],
  },
  {
    operationId: 'listBondsByIssuer',
    result: paged('Bond'),
    method: 'get',
    path: '/issuers/{issuer}/bonds',
    tag: 'Bonds',
    summary: "An issuer's bonds, a page at a time",
    contract: ContractName.BONDS,
    fn: 'ListBondsByIssuer',
    submit: false,
    query: page,
    args: (i) => [p(i, 'issuer'), ...pageArgs(i)],
  },
  {
    operationId: 'getBond',
    result: one('Bond'),
    method: 'get',
    path: '/bonds/{isin}',
    tag: 'Bonds',
    summary: 'A bond by ISIN',
    contract: ContractName.BONDS,
    fn: 'GetBond',
    submit: false,
    args: (i) => [p(i, 'isin')],
  },
  {
    operationId: 'getBondHistory',
    result: list('BondHistoryEntry'),
    method: 'get',
    path: '/bonds/{isin}/history',
    tag: 'Bonds',
    summary: "A bond record's changes",
    contract: ContractName.BONDS,
    fn: 'GetBondHistory',
    submit: false,
    args: (i) => [p(i, 'isin')],
  },
  {
    operationId: 'setCalendarYear',
    result: one('CalendarYearRecord'),
    method: 'put',
    path: '/calendars/{calendarId}/{year}',
    tag: 'Bonds',
    summary: "A calendar year's holidays and working weekend days (CSD)",
    contract: ContractName.BONDS,
    fn: 'SetCalendarYear',
    submit: true,
    body: object({
      holidays: { type: 'array', items: date('holiday') },
      workingWeekends: { type: 'array', items: date('working weekend day') },
    }),
    // The year segment goes on as written: the chaincode accepts only its canonical decimal form.
    args: (i) => [json({ calendarId: p(i, 'calendarId'), year: p(i, 'year'), ...i.body })],
  },
  {
    operationId: 'getCalendarYear',
    result: one('CalendarYearRecord'),
    method: 'get',
    path: '/calendars/{calendarId}/{year}',
    tag: 'Bonds',
    summary: 'A calendar year',
    contract: ContractName.BONDS,
    fn: 'GetCalendarYear',
    submit: false,
    args: (i) => [p(i, 'calendarId'), p(i, 'year')],
  },

  // --- books ------------------------------------------------------------------------
  {
    operationId: 'openBook',
    result: one('Book'),
    method: 'post',
    path: '/bonds/{isin}/book',
    tag: 'Books',
    summary: 'Open the book (issuer or lead underwriter)',
    contract: ContractName.BOOKS,
    fn: 'OpenBook',
    submit: true,
    creates: true,
    body: requestBody('OpenBookRequest', { opensAt: instant('opens at'), closesAt: instant('closes at') }, ['isin']),
    args: (i) => [json({ ...i.body, isin: p(i, 'isin') })],
  },
  {
    operationId: 'getBook',
    result: one('Book'),
    method: 'get',
    path: '/bonds/{isin}/book',
    tag: 'Books',
    summary: 'The book',
    contract: ContractName.BOOKS,
    fn: 'GetBook',
    submit: false,
    args: (i) => [p(i, 'isin')],
  },
  {
    operationId: 'closeBook',
    result: one('Book'),
    method: 'post',
    path: '/bonds/{isin}/book/closure',
    tag: 'Books',
    summary: 'Close the book (bookrunner)',
    contract: ContractName.BOOKS,
    fn: 'CloseBook',
    submit: true,
    args: (i) => [p(i, 'isin')],
  },
  {
    operationId: 'placeBid',
    result: one('BidReference'),
    method: 'post',
    path: '/bonds/{isin}/bids',
    tag: 'Books',
    summary: "Place the caller's bid; sent as private data",
    contract: ContractName.BOOKS,
    fn: 'PlaceBid',
    submit: true,
    creates: true,
    body: bid,
    args: () => [],
    transient: (i) => Promise.resolve({ bid: { ...i.body, isin: p(i, 'isin') } }),
    endorsers: bidEndorsers,
  },
  {
    operationId: 'amendBid',
    result: one('BidReference'),
    method: 'put',
    path: '/bonds/{isin}/bids/mine',
    tag: 'Books',
    summary: "Replace the caller's bid",
    contract: ContractName.BOOKS,
    fn: 'AmendBid',
    submit: true,
    body: bid,
    args: () => [],
    transient: (i) => Promise.resolve({ bid: { ...i.body, isin: p(i, 'isin') } }),
    endorsers: bidEndorsers,
  },
  {
    operationId: 'withdrawBid',
    result: one('BidReference'),
    method: 'delete',
    path: '/bonds/{isin}/bids/mine',
    tag: 'Books',
    summary: "Withdraw the caller's bid",
    contract: ContractName.BOOKS,
    fn: 'WithdrawBid',
    submit: true,
    args: (i) => [p(i, 'isin')],
    endorsers: bidEndorsers,
  },
  {
    operationId: 'listBidReferences',
    result: paged('BidReference'),
    method: 'get',
    path: '/bonds/{isin}/bids',
    tag: 'Books',
    summary: 'Who has bid (not what), a page at a time',
    contract: ContractName.BOOKS,
    fn: 'ListBidReferences',
    submit: false,
    query: page,
    args: (i) => [p(i, 'isin'), ...pageArgs(i)],
  },
  {
    operationId: 'getBid',
    result: one('Bid'),
    method: 'get',
    path: '/bonds/{isin}/bids/{bidder}',
    tag: 'Books',
    summary: 'A bid (bidder, CSD, bookrunner)',
    contract: ContractName.BOOKS,
    fn: 'GetBid',
    submit: false,
    args: (i) => [p(i, 'isin'), p(i, 'bidder')],
  },
  {
    operationId: 'getOrderBook',
    result: list('Bid'),
    method: 'get',
    path: '/bonds/{isin}/order-book',
    tag: 'Books',
    summary: 'All bids (CSD, bookrunner)',
    contract: ContractName.BOOKS,
    fn: 'GetOrderBook',
    submit: false,
    args: (i) => [p(i, 'isin')],
  },
  {
    operationId: 'allocateBook',
    result: one('Allocation'),
    method: 'post',
    path: '/bonds/{isin}/allocation',
    tag: 'Books',
    summary: "Allocate the closed book, revealing the bookrunner's order book",
    contract: ContractName.BOOKS,
    fn: 'AllocateBook',
    submit: true,
    creates: true,
    body: object({ overAllotmentUnits: whole('over-allotment to exercise') }, []),
    args: (i) => [json({ ...i.body, isin: p(i, 'isin') })],
    transient: async (i, ctx) => ({ orderBook: await ctx.evaluate(ContractName.BOOKS, 'GetOrderBook', [p(i, 'isin')]) }),
    endorsers: (i, ctx) => Promise.resolve(unique([ctx.csdMspId, i.mspId])),
  },
  {
    operationId: 'getAllocation',
    result: one('Allocation'),
    method: 'get',
    path: '/bonds/{isin}/allocation',
    tag: 'Books',
    summary: 'The allocation with the revealed order book',
    contract: ContractName.BOOKS,
    fn: 'GetAllocation',
    submit: false,
    args: (i) => [p(i, 'isin')],
  },

  // --- settlement -------------------------------------------------------------------
  {
    operationId: 'startPrimarySettlement',
    result: one('PrimarySettlementBatch'),
    method: 'post',
    path: '/bonds/{isin}/settlements',
    tag: 'Settlement',
    summary: `Start DvP settlement of the allocation: instructions for the next ${PRIMARY_SETTLEMENT_LINES_PER_CALL} allocation lines; repeat while the answer's linesRemaining > 0 (CSD)`,
    contract: ContractName.SETTLEMENT,
    fn: 'StartPrimarySettlement',
    submit: true,
    creates: true,
    args: (i) => [p(i, 'isin')],
  },
  {
    operationId: 'listSettlements',
    result: paged('SettlementInstruction'),
    method: 'get',
    path: '/bonds/{isin}/settlements',
    tag: 'Settlement',
    summary: 'Settlement instructions, a page at a time',
    contract: ContractName.SETTLEMENT,
    fn: 'ListSettlements',
    submit: false,
    query: page,
    args: (i) => [p(i, 'isin'), ...pageArgs(i)],
  },
  {
    operationId: 'getSettlement',
    result: one('SettlementInstruction'),
    method: 'get',
    path: '/bonds/{isin}/settlements/{settlementId}',
    tag: 'Settlement',
    summary: 'A settlement instruction',
    contract: ContractName.SETTLEMENT,
    fn: 'GetSettlement',
    submit: false,
    args: (i) => [p(i, 'isin'), p(i, 'settlementId')],
  },
  {
    operationId: 'confirmCash',
    result: one('SettlementInstruction'),
    method: 'post',
    path: '/bonds/{isin}/settlements/{settlementId}/cash-confirmation',
    tag: 'Settlement',
    summary: 'Cash received: credit the holding (CSD)',
    contract: ContractName.SETTLEMENT,
    fn: 'ConfirmCash',
    submit: true,
    args: (i) => [p(i, 'isin'), p(i, 'settlementId')],
    endorsers: async (i, ctx) => {
      const s = await ctx.evaluate<SettlementInstruction>(ContractName.SETTLEMENT, 'GetSettlement', [p(i, 'isin'), p(i, 'settlementId')]);
      return unique([ctx.csdMspId, s.receiver]);
    },
  },
  {
    operationId: 'failCash',
    result: one('SettlementInstruction'),
    method: 'post',
    path: '/bonds/{isin}/settlements/{settlementId}/cash-failure',
    tag: 'Settlement',
    summary: 'Cash failed: nothing is credited (CSD)',
    contract: ContractName.SETTLEMENT,
    fn: 'FailCash',
    submit: true,
    body: reason,
    args: (i) => [p(i, 'isin'), p(i, 'settlementId'), String(i.body.reason)],
  },
  {
    operationId: 'completeIssuance',
    result: one('Bond'),
    method: 'post',
    path: '/bonds/{isin}/issuance-completion',
    tag: 'Settlement',
    summary: 'Mark the bond ISSUED once settlement is resolved (CSD)',
    contract: ContractName.SETTLEMENT,
    fn: 'CompleteIssuance',
    submit: true,
    args: (i) => [p(i, 'isin')],
  },

  // --- custody ----------------------------------------------------------------------
  {
    operationId: 'listHolders',
    result: paged('Holding'),
    method: 'get',
    path: '/bonds/{isin}/holders',
    tag: 'Custody',
    summary: 'Register of holders, a page at a time',
    contract: ContractName.CUSTODY,
    fn: 'ListHoldersOfBond',
    submit: false,
    query: page,
    args: (i) => [p(i, 'isin'), ...pageArgs(i)],
  },
  {
    operationId: 'getOutstanding',
    result: one('Outstanding'),
    method: 'get',
    path: '/bonds/{isin}/outstanding',
    tag: 'Custody',
    summary: 'Outstanding units (Σ holdings)',
    contract: ContractName.CUSTODY,
    fn: 'GetOutstanding',
    submit: false,
    args: (i) => [p(i, 'isin')],
  },
  {
    operationId: 'listHoldings',
    result: paged('Holding'),
    method: 'get',
    path: '/holders/{holder}/holdings',
    tag: 'Custody',
    summary: "A holder's holdings, a page at a time",
    contract: ContractName.CUSTODY,
    fn: 'ListHoldingsOfHolder',
    submit: false,
    query: page,
    args: (i) => [p(i, 'holder'), ...pageArgs(i)],
  },
  {
    operationId: 'getHolding',
    result: one('HoldingPosition'),
    method: 'get',
    path: '/bonds/{isin}/holdings/{holder}/{accountId}',
    tag: 'Custody',
    summary: 'A holding with its frozen, pledged and available units',
    contract: ContractName.CUSTODY,
    fn: 'GetHolding',
    submit: false,
    args: (i) => [p(i, 'isin'), p(i, 'holder'), p(i, 'accountId')],
  },
  {
    operationId: 'getHoldingHistory',
    result: list('HoldingHistoryEntry'),
    method: 'get',
    path: '/bonds/{isin}/holdings/{holder}/{accountId}/history',
    tag: 'Custody',
    summary: "A holding's changes",
    contract: ContractName.CUSTODY,
    fn: 'GetHoldingHistory',
    submit: false,
    args: (i) => [p(i, 'isin'), p(i, 'holder'), p(i, 'accountId')],
  },
  {
    operationId: 'instructTransfer',
    result: one('Transfer'),
    method: 'post',
    path: '/transfers',
    tag: 'Custody',
    summary: 'Instruct a transfer (seller)',
    contract: ContractName.CUSTODY,
    fn: 'InstructTransfer',
    submit: true,
    creates: true,
    body: object(
      {
        isin: text('ISIN'),
        fromAccount: text('from account'),
        to: text('buyer MSP ID'),
        toAccount: text('buyer account'),
        units: whole('units'),
        cashAmount: whole(
          'cash against delivery, minor units; "0" = free of payment; with cleanPrice computed, and if given must equal it',
        ),
        cleanPrice: percent(
          'clean price, percent of face value: the chaincode computes accrued interest to settlementDate and the cash amount',
        ),
        settlementDate: date('date accrued interest runs to; only with cleanPrice'),
        expiresAt: instant('expiry'),
      },
      ['isin', 'fromAccount', 'to', 'toAccount', 'units', 'expiresAt'],
    ),
    args: (i) => [json(i.body)],
  },
  {
    operationId: 'getTransfer',
    result: one('Transfer'),
    method: 'get',
    path: '/transfers/{transferId}',
    tag: 'Custody',
    summary: 'A transfer',
    contract: ContractName.CUSTODY,
    fn: 'GetTransfer',
    submit: false,
    args: (i) => [p(i, 'transferId')],
  },
  {
    operationId: 'getTransfers',
    result: list('Transfer'),
    method: 'get',
    path: '/transfers',
    tag: 'Custody',
    summary: `Listed transfers, in the order listed, at most ${MAX_TRANSFERS_PER_BATCH}`,
    contract: ContractName.CUSTODY,
    fn: 'GetTransfers',
    submit: false,
    query: {
      ids: {
        schema: text('transfer ids separated by commas'),
        required: true,
        description: `comma-separated transfer ids, at most ${MAX_TRANSFERS_PER_BATCH}, each once`,
      },
    },
    args: (i) => [json({ transferIds: (i.query.ids ?? '').split(',') })],
  },
  {
    operationId: 'affirmTransfer',
    result: one('Transfer'),
    method: 'post',
    path: '/transfers/{transferId}/affirmation',
    tag: 'Custody',
    summary: 'Affirm (buyer); settles a free-of-payment transfer',
    contract: ContractName.CUSTODY,
    fn: 'AffirmTransfer',
    submit: true,
    args: (i) => [p(i, 'transferId')],
  },
  {
    operationId: 'confirmTransferCash',
    result: one('Transfer'),
    method: 'post',
    path: '/transfers/{transferId}/cash-confirmation',
    tag: 'Custody',
    summary: 'Cash received: settle the DvP transfer (CSD)',
    contract: ContractName.CUSTODY,
    fn: 'ConfirmTransferCash',
    submit: true,
    args: (i) => [p(i, 'transferId')],
  },
  {
    operationId: 'confirmTransferCashBatch',
    result: list('Transfer'),
    method: 'post',
    path: '/transfer-settlements',
    tag: 'Custody',
    summary: 'Cash received for several affirmed DvP transfers: settle them all in one transaction, or none (CSD)',
    contract: ContractName.CUSTODY,
    fn: 'ConfirmTransferCashBatch',
    submit: true,
    body: object({ transferIds }),
    args: (i) => [json({ transferIds: i.body.transferIds })],
  },
  {
    operationId: 'cancelTransfer',
    result: one('Transfer'),
    method: 'post',
    path: '/transfers/{transferId}/cancellation',
    tag: 'Custody',
    summary: 'Cancel an unsettled transfer',
    contract: ContractName.CUSTODY,
    fn: 'CancelTransfer',
    submit: true,
    args: (i) => [p(i, 'transferId')],
  },
  {
    operationId: 'expireTransfer',
    result: one('Transfer'),
    method: 'post',
    path: '/transfers/{transferId}/expiry',
    tag: 'Custody',
    summary: 'Mark an instruction unsettled at its expiry as EXPIRED (CSD; the scheduler does this)',
    contract: ContractName.CUSTODY,
    fn: 'ExpireTransfer',
    submit: true,
    args: (i) => [p(i, 'transferId')],
  },
  {
    operationId: 'listExpiredTransfers',
    result: list('Transfer'),
    method: 'get',
    path: '/expired-transfers',
    tag: 'Custody',
    summary: 'Unsettled instructions past their expiry at `asOf`, earliest first, at most 100 (CSD)',
    contract: ContractName.CUSTODY,
    fn: 'ListExpiredTransfers',
    submit: false,
    query: { asOf: { schema: instant('as of'), required: true, description: 'ISO-8601 instant, e.g. now' } },
    args: (i) => [i.query.asOf ?? ''],
  },
  {
    operationId: 'freezeHolding',
    result: one('Freeze'),
    method: 'post',
    path: '/freezes',
    tag: 'Custody',
    summary: 'Freeze units of a holding (CSD)',
    contract: ContractName.CUSTODY,
    fn: 'FreezeHolding',
    submit: true,
    body: object({
      isin: text('ISIN'),
      holder: text('holder MSP ID'),
      accountId: text('account'),
      units: whole('units'),
      reason: text('why'),
    }),
    args: (i) => [json(i.body)],
  },
  {
    operationId: 'unfreezeHolding',
    result: one('Freeze'),
    method: 'post',
    path: '/freezes/release',
    tag: 'Custody',
    summary: 'Release frozen units (CSD)',
    contract: ContractName.CUSTODY,
    fn: 'UnfreezeHolding',
    submit: true,
    body: object({
      isin: text('ISIN'),
      holder: text('holder MSP ID'),
      accountId: text('account'),
      units: whole('units'),
      reason: text('why'),
    }),
    args: (i) => [json(i.body)],
  },
  {
    operationId: 'pledgeHolding',
    result: one('Pledge'),
    method: 'post',
    path: '/bonds/{isin}/holdings/{holder}/{accountId}/pledges',
    tag: 'Custody',
    summary: 'Pledge free units of a holding to a member (the holder)',
    contract: ContractName.CUSTODY,
    fn: 'PledgeHolding',
    submit: true,
    creates: true,
    body: requestBody(
      'PledgeRequest',
      {
        pledgee: mspId('pledgee'),
        units: whole('units'),
        reference: text("the pledge agreement's reference"),
        expiresAt: instant('expiry: from then the pledgee can no longer enforce and the holder may release'),
        enforceable: { description: 'the pledgee may take the units' },
        couponsTo: { description: 'who is paid the coupon on the pledged units: PLEDGOR (default; PLEDGEE is not supported yet)' },
      },
      ['isin', 'holder', 'accountId'],
    ),
    args: (i) => [json({ ...i.body, isin: p(i, 'isin'), holder: p(i, 'holder'), accountId: p(i, 'accountId') })],
    endorsers: (i, ctx) => Promise.resolve(unique([ctx.csdMspId, i.mspId])),
  },
  {
    operationId: 'listPledgesOfHolding',
    result: list('Pledge'),
    method: 'get',
    path: '/bonds/{isin}/holdings/{holder}/{accountId}/pledges',
    tag: 'Custody',
    summary: "A holding's active pledges",
    contract: ContractName.CUSTODY,
    fn: 'ListPledgesOfHolding',
    submit: false,
    args: (i) => [p(i, 'isin'), p(i, 'holder'), p(i, 'accountId')],
  },
  {
    operationId: 'listPledgesOfBond',
    result: paged('Pledge'),
    method: 'get',
    path: '/bonds/{isin}/pledges',
    tag: 'Custody',
    summary: "A bond's pledges of every status, or those to one pledgee, by pledgee then pledge id, a page at a time",
    contract: ContractName.CUSTODY,
    fn: 'ListPledgesOfBond',
    submit: false,
    query: { pledgee: { schema: mspId('pledgee'), description: 'only the pledges to this member' }, ...page },
    args: (i) => [p(i, 'isin'), i.query.pledgee ?? '', ...pageArgs(i)],
  },
  {
    operationId: 'listPledgesOfPledgee',
    result: paged('Pledge'),
    method: 'get',
    path: '/pledgees/{pledgee}/pledges',
    tag: 'Custody',
    summary: "A pledgee's pledges across bonds, of every status, by bond then pledge id, a page at a time",
    contract: ContractName.CUSTODY,
    fn: 'ListPledgesOfPledgee',
    submit: false,
    query: page,
    args: (i) => [p(i, 'pledgee'), ...pageArgs(i)],
  },
  {
    operationId: 'listExpiredPledges',
    result: paged('Pledge'),
    method: 'get',
    path: '/expired-pledges',
    tag: 'Custody',
    summary: 'ACTIVE pledges past their expiry at `asOf`, earliest first, a page at a time: what the scheduler reports (CSD)',
    contract: ContractName.CUSTODY,
    fn: 'ListExpiredPledges',
    submit: false,
    query: { asOf: { schema: instant('as of'), required: true, description: 'ISO-8601 instant, e.g. now' }, ...page },
    args: (i) => [i.query.asOf ?? '', ...pageArgs(i)],
  },
  {
    operationId: 'getPledge',
    result: one('Pledge'),
    method: 'get',
    path: '/pledges/{pledgeId}',
    tag: 'Custody',
    summary: 'A pledge',
    contract: ContractName.CUSTODY,
    fn: 'GetPledge',
    submit: false,
    args: (i) => [p(i, 'pledgeId')],
  },
  {
    operationId: 'releasePledge',
    result: one('Pledge'),
    method: 'post',
    path: '/pledges/{pledgeId}/release',
    tag: 'Custody',
    summary: 'Release a pledge (the pledgee; the holder once it has expired)',
    contract: ContractName.CUSTODY,
    fn: 'ReleasePledge',
    submit: true,
    args: (i) => [p(i, 'pledgeId')],
    endorsers: (i, ctx) => Promise.resolve(unique([ctx.csdMspId, i.mspId])),
  },
  {
    operationId: 'enforcePledge',
    result: one('Pledge'),
    method: 'post',
    path: '/pledges/{pledgeId}/enforcement',
    tag: 'Custody',
    summary: "Enforce an enforceable pledge: the pledged units move to the pledgee's account (the pledgee)",
    contract: ContractName.CUSTODY,
    fn: 'EnforcePledge',
    submit: true,
    body: requestBody('PledgeEnforcementRequest', { accountId: text("the pledgee's account to credit") }),
    args: (i) => [p(i, 'pledgeId'), json(i.body)],
    // The pledgor's holding is debited: its key policy needs the pledgor's peers besides the CSD's.
    endorsers: pledgeEnforcers,
  },

  {
    operationId: 'proposeRepo',
    result: one('Repo'),
    method: 'post',
    path: '/repos',
    tag: 'Custody',
    summary: 'Propose a pledged repo of free units of a holding to a lender (the borrower)',
    contract: ContractName.CUSTODY,
    fn: 'ProposeRepo',
    submit: true,
    creates: true,
    body: requestBody('RepoRequest', {
      isin: text('ISIN', '^[A-Z]{2}[A-Z0-9]{9}[0-9]$'),
      borrower: mspId('borrower (the caller)'),
      accountId: text("the borrower's account holding the units"),
      lender: mspId('lender'),
      units: whole('units to pledge'),
      principal: whole('opening cash, minor units'),
      repoRate: percent('repo rate, percent per annum'),
      openDate: date('value date of the opening leg'),
      termDate: date('repurchase date'),
    }),
    args: (i) => [json(i.body)],
    endorsers: (i, ctx) => Promise.resolve(unique([ctx.csdMspId, i.mspId])),
  },
  {
    operationId: 'listDueRepos',
    result: list('Repo'),
    method: 'get',
    path: '/repos',
    tag: 'Custody',
    summary: 'OPEN repos whose term date is on or before `dueOn`, earliest first, at most 100: what the scheduler sees (CSD)',
    contract: ContractName.CUSTODY,
    fn: 'ListDueRepos',
    submit: false,
    query: { dueOn: { schema: date('due on or before'), required: true, description: 'YYYY-MM-DD, e.g. today' } },
    args: (i) => [i.query.dueOn ?? ''],
  },
  {
    operationId: 'listReposOfBond',
    result: paged('Repo'),
    method: 'get',
    path: '/bonds/{isin}/repos',
    tag: 'Custody',
    summary: "A bond's repos of every status, a page at a time",
    contract: ContractName.CUSTODY,
    fn: 'ListReposOfBond',
    submit: false,
    query: page,
    args: (i) => [p(i, 'isin'), ...pageArgs(i)],
  },
  {
    operationId: 'getRepo',
    result: one('Repo'),
    method: 'get',
    path: '/repos/{repoId}',
    tag: 'Custody',
    summary: 'A repo',
    contract: ContractName.CUSTODY,
    fn: 'GetRepo',
    submit: false,
    args: (i) => [p(i, 'repoId')],
  },
  {
    operationId: 'agreeRepo',
    result: one('Repo'),
    method: 'post',
    path: '/repos/{repoId}/acceptance',
    tag: 'Custody',
    summary: 'Agree to a proposed repo (the lender)',
    contract: ContractName.CUSTODY,
    fn: 'AgreeRepo',
    submit: true,
    args: (i) => [p(i, 'repoId')],
    endorsers: repoEndorsers,
  },
  {
    operationId: 'cancelRepo',
    result: one('Repo'),
    method: 'post',
    path: '/repos/{repoId}/cancellation',
    tag: 'Custody',
    summary: 'Withdraw a repo before its opening (borrower or lender)',
    contract: ContractName.CUSTODY,
    fn: 'CancelRepo',
    submit: true,
    args: (i) => [p(i, 'repoId')],
    endorsers: repoEndorsers,
  },
  {
    operationId: 'confirmRepoOpening',
    result: one('Repo'),
    method: 'post',
    path: '/repos/{repoId}/opening',
    tag: 'Custody',
    summary: "Opening cash paid: pledge the borrower's units to the lender (CSD)",
    contract: ContractName.CUSTODY,
    fn: 'ConfirmRepoOpening',
    submit: true,
    args: (i) => [p(i, 'repoId')],
    endorsers: repoEndorsers,
  },
  {
    operationId: 'confirmRepoClosing',
    result: one('Repo'),
    method: 'post',
    path: '/repos/{repoId}/closing',
    tag: 'Custody',
    summary: 'Repurchase amount paid, on or before the term date: release the pledge (CSD)',
    contract: ContractName.CUSTODY,
    fn: 'ConfirmRepoClosing',
    submit: true,
    args: (i) => [p(i, 'repoId')],
    endorsers: repoEndorsers,
  },
  {
    operationId: 'enforceRepo',
    result: one('Repo'),
    method: 'post',
    path: '/repos/{repoId}/enforcement',
    tag: 'Custody',
    summary: "Not repaid by the term date: the pledged units move to the lender's account (the lender, from the term date on)",
    contract: ContractName.CUSTODY,
    fn: 'EnforceRepo',
    submit: true,
    body: requestBody('RepoEnforcementRequest', { accountId: text("the lender's account to credit") }),
    args: (i) => [p(i, 'repoId'), json(i.body)],
    endorsers: repoEndorsers,
  },

  // --- hash locks (the bond side of a hash time-locked DvP, issue 17) ---------------
  {
    operationId: 'lockUnits',
    result: one('HashLock'),
    method: 'post',
    path: '/bonds/{isin}/hash-locks',
    tag: 'Hash locks',
    summary:
      "Lock free units of one of the caller's holdings for a beneficiary under a SHA-256 hash until an expiry at most 7 days ahead (the holder; the lock id is the transaction id)",
    contract: ContractName.HASH_LOCKS,
    fn: 'LockUnits',
    submit: true,
    creates: true,
    body: requestBody(
      'HashLockRequest',
      {
        accountId: text("the caller's account holding the units"),
        units: whole('units to lock'),
        hash: text('SHA-256 of the 32-byte preimage, 64 lowercase hexadecimal characters', '^[0-9a-f]{64}$'),
        hashAlgorithm: { description: 'SHA256, the only hash mechanism' },
        beneficiary: mspId('the member the units are delivered to on a claim'),
        beneficiaryAccountId: text("the beneficiary's account credited on a claim"),
        expiresAt: instant('claims before it, refunds from it on; after now and at most 7 days ahead'),
        reference: text('the trade or transfer this lock settles'),
      },
      ['isin', 'holder'],
    ),
    // The locker is the caller's institution: its account is debited (CSD + locker), the escrow created under the CSD's policy.
    args: (i) => [json({ ...i.body, isin: p(i, 'isin'), holder: i.mspId })],
    endorsers: (i, ctx) => Promise.resolve(unique([ctx.csdMspId, i.mspId])),
  },
  {
    operationId: 'listHashLocks',
    result: paged('HashLock'),
    method: 'get',
    path: '/bonds/{isin}/hash-locks',
    tag: 'Hash locks',
    summary: "A bond's hash locks of every status, a page at a time",
    contract: ContractName.HASH_LOCKS,
    fn: 'ListHashLocks',
    submit: false,
    query: page,
    args: (i) => [p(i, 'isin'), ...pageArgs(i)],
  },
  {
    operationId: 'listOpenHashLocks',
    result: paged('HashLock'),
    method: 'get',
    path: '/hash-locks',
    tag: 'Hash locks',
    summary:
      'The LOCKED hash locks of every bond, soonest expiry first, a page at a time (what a settlement agent completes or refunds next; a suspended member sees those it is party to)',
    contract: ContractName.HASH_LOCKS,
    fn: 'ListOpenHashLocks',
    submit: false,
    query: page,
    args: pageArgs,
  },
  {
    operationId: 'getHashLock',
    result: one('HashLock'),
    method: 'get',
    path: '/hash-locks/{lockId}',
    tag: 'Hash locks',
    summary: 'A hash lock: its status, and once claimed its preimage',
    contract: ContractName.HASH_LOCKS,
    fn: 'GetHashLock',
    submit: false,
    args: (i) => [p(i, 'lockId')],
  },
  {
    operationId: 'claimUnits',
    result: one('HashLock'),
    method: 'post',
    path: '/hash-locks/{lockId}/claim',
    tag: 'Hash locks',
    summary:
      "Claim with the preimage before the expiry: the units move to the beneficiary's account named in the lock (the beneficiary, or the CSD as settlement agent)",
    contract: ContractName.HASH_LOCKS,
    fn: 'ClaimUnits',
    submit: true,
    body: requestBody('HashLockClaimRequest', {
      preimage: text('the 32-byte secret whose SHA-256 is the hash, 64 lowercase hexadecimal characters', '^[0-9a-f]{64}$'),
    }),
    args: (i) => [p(i, 'lockId'), String(i.body.preimage)],
    endorsers: hashLockClaimEndorsers,
  },
  {
    operationId: 'refundUnits',
    result: one('HashLock'),
    method: 'post',
    path: '/hash-locks/{lockId}/refund',
    tag: 'Hash locks',
    summary:
      'From the expiry on, end the lock: the units go back from escrow to the locker’s account, free (the locker, or the CSD for it)',
    contract: ContractName.HASH_LOCKS,
    fn: 'RefundUnits',
    submit: true,
    args: (i) => [p(i, 'lockId')],
    endorsers: hashLockRefundEndorsers,
  },

  // --- cross-ledger proofs (issue 17: proof instead of trust) ------------------------
  {
    operationId: 'registerCashLedger',
    result: one('CashLedgerRegistration'),
    method: 'put',
    path: '/cash-ledger',
    tag: 'Cross-ledger',
    summary:
      "Register, or replace, the cash ledger whose signed cash-lock attestations the bond ledger accepts as proof: its channel, chaincode, organisations' CA certificates and the endorsement policy a proof must meet (CSD admins)",
    contract: ContractName.CROSS_LEDGER,
    fn: 'RegisterCashLedger',
    submit: true,
    adminOnly: true,
    body: requestBody('CashLedgerRegistrationRequest', {
      channel: text('the cash channel, e.g. cash', '^[a-z][a-z0-9.-]*$'),
      chaincode: text("the cash chaincode's name on that channel"),
      organisations: {
        minItems: 1,
        description:
          "the cash channel's organisations whose peers may endorse a proof, each with the PEM certificates of the CAs that issue its peers' certificates",
      },
      endorsementPolicy: { description: "organisations every proof needs a peer's endorsement of; default the first organisation" },
      maxProofAgeSeconds: {
        type: 'integer',
        minimum: 30,
        maximum: 3600,
        description: 'how old an attestation may be when used, seconds (default 300)',
      },
    }),
    args: (i) => [json(i.body)],
  },
  {
    operationId: 'getCashLedger',
    result: one('CashLedgerRegistration'),
    method: 'get',
    path: '/cash-ledger',
    tag: 'Cross-ledger',
    summary: 'The registered cash ledger whose proofs the bond ledger accepts',
    contract: ContractName.CROSS_LEDGER,
    fn: 'GetCashLedger',
    submit: false,
    args: () => [],
  },
  {
    operationId: 'attachCashLock',
    result: one('HashLock'),
    method: 'post',
    path: '/hash-locks/{lockId}/cash-lock',
    tag: 'Cross-ledger',
    summary:
      "Record on a LOCKED bond lock, on proof, the cash lock that pays for it: LOCKED under the same hash, from the lock's beneficiary to its locker, expiring at least 60 s before the bond lock (the locker, the beneficiary or the CSD)",
    contract: ContractName.HASH_LOCKS,
    fn: 'AttachCashLock',
    submit: true,
    body: proofBody,
    args: (i) => [p(i, 'lockId'), String(i.body.proof)],
    endorsers: (i, ctx) => Promise.resolve(unique([ctx.csdMspId, i.mspId])),
  },
  {
    operationId: 'confirmCashByProof',
    result: one('SettlementInstruction'),
    method: 'post',
    path: '/bonds/{isin}/settlements/{settlementId}/cash-proof',
    tag: 'Cross-ledger',
    summary:
      'Settle a pending primary instruction on proof of the CLAIMED cash lock that paid its cash amount from the investor to the issuer: the holding is credited (the investor, the issuer or the CSD)',
    contract: ContractName.SETTLEMENT,
    fn: 'ConfirmCashByProof',
    submit: true,
    body: proofBody,
    args: (i) => [p(i, 'isin'), p(i, 'settlementId'), String(i.body.proof)],
    endorsers: async (i, ctx) => {
      const s = await ctx.evaluate<SettlementInstruction>(ContractName.SETTLEMENT, 'GetSettlement', [p(i, 'isin'), p(i, 'settlementId')]);
      return unique([ctx.csdMspId, s.receiver]);
    },
  },
  {
    operationId: 'confirmPaymentByProof',
    result: one('Entitlement'),
    method: 'post',
    path: '/bonds/{isin}/payment-events/{eventId}/payments/by-proof',
    tag: 'Cross-ledger',
    summary:
      "Record a holder's coupon or redemption payment on proof of the CLAIMED cash lock that paid the entitlement's single payee its amount from the paying agent, as a confirmation records it (the paying agent, the holder or the CSD)",
    contract: ContractName.SERVICING,
    fn: 'ConfirmPaymentByProof',
    submit: true,
    body: object({ holder: mspId('holder'), accountId: text('account'), proof }),
    args: (i) => [p(i, 'isin'), p(i, 'eventId'), String(i.body.holder), String(i.body.accountId), String(i.body.proof)],
    // As confirmPayment's: a redemption retires the holding, which its holder's peers endorse.
    endorsers: (i, ctx) => Promise.resolve(unique([ctx.csdMspId, i.mspId, String(i.body.holder)])),
  },

  // --- benchmarks -------------------------------------------------------------------
  {
    operationId: 'publishFixing',
    result: one('RateFixing'),
    method: 'put',
    path: '/benchmarks/{referenceRate}/fixings/{fixingDate}',
    tag: 'Benchmarks',
    summary: "Publish a reference rate's fixing for a date, once, on or after that date (CSD, benchmark administrator)",
    contract: ContractName.BENCHMARKS,
    fn: 'PublishFixing',
    submit: true,
    creates: true,
    body: object({ rate: percent('the fixing, percent per annum') }),
    args: (i) => [p(i, 'referenceRate'), p(i, 'fixingDate'), String(i.body.rate)],
  },
  {
    operationId: 'getFixing',
    result: one('RateFixing'),
    method: 'get',
    path: '/benchmarks/{referenceRate}/fixings/{fixingDate}',
    tag: 'Benchmarks',
    summary: "A reference rate's fixing for a date",
    contract: ContractName.BENCHMARKS,
    fn: 'GetFixing',
    submit: false,
    args: (i) => [p(i, 'referenceRate'), p(i, 'fixingDate')],
  },
  {
    operationId: 'listFixings',
    result: paged('RateFixing'),
    method: 'get',
    path: '/benchmarks/{referenceRate}/fixings',
    tag: 'Benchmarks',
    summary: "A reference rate's fixings, oldest first, a page at a time",
    contract: ContractName.BENCHMARKS,
    fn: 'ListFixings',
    submit: false,
    query: page,
    args: (i) => [p(i, 'referenceRate'), ...pageArgs(i)],
  },

  // --- servicing --------------------------------------------------------------------
  {
    operationId: 'getCouponSchedule',
    result: one('CouponSchedule'),
    method: 'get',
    path: '/bonds/{isin}/coupon-schedule',
    tag: 'Servicing',
    summary: 'Coupon schedule with adjusted and record dates',
    contract: ContractName.SERVICING,
    fn: 'GetCouponSchedule',
    submit: false,
    args: (i) => [p(i, 'isin')],
  },
  {
    operationId: 'getAccruedInterest',
    result: one('AccruedInterest'),
    method: 'get',
    path: '/bonds/{isin}/accrued-interest',
    tag: 'Servicing',
    summary: 'Accrued interest per unit on a date',
    contract: ContractName.SERVICING,
    fn: 'GetAccruedInterest',
    submit: false,
    query: { date: { schema: date('date'), required: true, description: 'YYYY-MM-DD' } },
    args: (i) => [p(i, 'isin'), i.query.date ?? ''],
  },
  {
    operationId: 'listDueEvents',
    result: list('DueEvent'),
    method: 'get',
    path: '/bonds/{isin}/due-events',
    tag: 'Servicing',
    summary: "Coupon and redemption events due by a date, whether fixed, and a floating-rate coupon's missing fixing",
    contract: ContractName.SERVICING,
    fn: 'ListDueEvents',
    submit: false,
    query: { date: { schema: date('date'), required: true, description: 'YYYY-MM-DD' } },
    args: (i) => [p(i, 'isin'), i.query.date ?? ''],
  },
  {
    operationId: 'listPaymentEvents',
    result: list('PaymentEvent'),
    method: 'get',
    path: '/bonds/{isin}/payment-events',
    tag: 'Servicing',
    summary: 'Coupon and redemption events',
    contract: ContractName.SERVICING,
    fn: 'ListPaymentEvents',
    submit: false,
    args: (i) => [p(i, 'isin')],
  },
  {
    operationId: 'listEntitlements',
    result: paged('Entitlement'),
    method: 'get',
    path: '/bonds/{isin}/payment-events/{eventId}/entitlements',
    tag: 'Servicing',
    summary: 'Entitlements and payment status per holder, a page at a time',
    contract: ContractName.SERVICING,
    fn: 'ListEntitlements',
    submit: false,
    query: page,
    args: (i) => [p(i, 'isin'), p(i, 'eventId'), ...pageArgs(i)],
  },
  {
    operationId: 'fixCouponEntitlements',
    result: one('PaymentEvent'),
    method: 'post',
    path: '/bonds/{isin}/coupons/{couponNumber}/entitlements',
    tag: 'Servicing',
    summary: `Fix a coupon's entitlements on its record date (CSD, paying agent), ${ENTITLEMENTS_FIXED_PER_CALL} holdings a call: repeat while the answer's status is FIXING`,
    contract: ContractName.SERVICING,
    fn: 'FixCouponEntitlements',
    submit: true,
    creates: true,
    args: (i) => [p(i, 'isin'), p(i, 'couponNumber')],
  },
  {
    operationId: 'fixRedemptionEntitlements',
    result: one('PaymentEvent'),
    method: 'post',
    path: '/bonds/{isin}/redemptions',
    tag: 'Servicing',
    summary: `Fix a redemption (MATURITY, CALL, PUT) or partial redemption (AMORTISATION, PARTIAL_CALL) on its record date, ${ENTITLEMENTS_FIXED_PER_CALL} holdings a call: repeat while the answer's status is FIXING`,
    contract: ContractName.SERVICING,
    fn: 'FixRedemptionEntitlements',
    submit: true,
    creates: true,
    body: object(
      {
        reason: apiType('RedemptionReason'),
        putDate: date('put date (PUT only)'),
        date: date('the date of the AMORTISATION or PARTIAL_CALL (or the PUT)'),
      },
      ['reason'],
    ),
    args: (i) => [json({ ...i.body, isin: p(i, 'isin') })],
  },
  {
    operationId: 'confirmPayment',
    result: one('Entitlement'),
    method: 'post',
    path: '/bonds/{isin}/payment-events/{eventId}/payments',
    tag: 'Servicing',
    summary: "Confirm a holder's payment (paying agent)",
    contract: ContractName.SERVICING,
    fn: 'ConfirmPayment',
    submit: true,
    body: object({ holder: mspId('holder'), accountId: text('account') }),
    args: (i) => [p(i, 'isin'), p(i, 'eventId'), String(i.body.holder), String(i.body.accountId)],
    endorsers: (i, ctx) => Promise.resolve(unique([ctx.csdMspId, i.mspId, String(i.body.holder)])),
  },
  {
    operationId: 'completePaymentEvent',
    result: one('PaymentEvent'),
    method: 'post',
    path: '/bonds/{isin}/payment-events/{eventId}/completion',
    tag: 'Servicing',
    summary: 'Complete an event once all are paid',
    contract: ContractName.SERVICING,
    fn: 'CompletePaymentEvent',
    submit: true,
    args: (i) => [p(i, 'isin'), p(i, 'eventId')],
  },
  {
    operationId: 'callBond',
    result: one('Bond'),
    method: 'post',
    path: '/bonds/{isin}/call',
    tag: 'Servicing',
    summary: 'Call the bond on a call date (issuer)',
    contract: ContractName.SERVICING,
    fn: 'CallBond',
    submit: true,
    body: object({ callDate: date('call date') }),
    args: (i) => [p(i, 'isin'), String(i.body.callDate)],
  },
  {
    operationId: 'callBondInPart',
    result: one('Bond'),
    method: 'post',
    path: '/bonds/{isin}/partial-calls',
    tag: 'Servicing',
    summary: "Call part of every unit's principal on a call date (issuer)",
    contract: ContractName.SERVICING,
    fn: 'CallBondInPart',
    submit: true,
    body: object({ callDate: date('call date'), percent: percent('percent of the original face value repaid') }),
    args: (i) => [p(i, 'isin'), String(i.body.callDate), String(i.body.percent)],
  },
  {
    operationId: 'exercisePut',
    result: one('PutElection'),
    method: 'post',
    path: '/bonds/{isin}/puts',
    tag: 'Servicing',
    summary: 'Exercise a put for some units (holder)',
    contract: ContractName.SERVICING,
    fn: 'ExercisePut',
    submit: true,
    creates: true,
    body: object({ putDate: date('put date'), accountId: text('account'), units: whole('units') }),
    args: (i) => [json({ ...i.body, isin: p(i, 'isin') })],
    endorsers: (i, ctx) => Promise.resolve(unique([ctx.csdMspId, i.mspId])),
  },
  {
    operationId: 'declareDefault',
    result: one('Bond'),
    method: 'post',
    path: '/bonds/{isin}/default',
    tag: 'Servicing',
    summary: 'Declare a default on an overdue payment (CSD)',
    contract: ContractName.SERVICING,
    fn: 'DeclareDefault',
    submit: true,
    body: reason,
    args: (i) => [p(i, 'isin'), String(i.body.reason)],
  },
];

// --- the gateway's own routes ------------------------------------------------------

const component = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const USER_ROLE: JsonSchema = {
  type: 'string',
  enum: [...USER_ROLES],
  description: 'admin and operator become the certificate attribute bond.role; viewer reads only',
};
const USER_FAILURES = { '400': 'invalid input', '409': 'conflict', '502': 'the CA refused', '503': 'CA or ordering service unavailable' };
const EVENT_ID: JsonSchema = { type: 'string', pattern: '^(0|[1-9][0-9]{0,19}):[0-9a-f]{64}$' };

export const GATEWAY_OPERATIONS: readonly GatewayOperation[] = [
  // --- the CSD's scheduler --------------------------------------------------------
  {
    operationId: 'getScheduler',
    method: 'get',
    path: '/admin/scheduler',
    tag: 'Admin',
    summary: "The CSD scheduler's state, last run and next run (admin users)",
    adminOnly: true,
    needs: 'scheduler',
    answer: { status: 200, description: 'state', schema: component('SchedulerState') },
    handle: ({ services }) => services.scheduler().state(),
  },
  {
    operationId: 'runScheduler',
    method: 'post',
    path: '/admin/scheduler/run',
    tag: 'Admin',
    summary: 'Run the scheduler now and return the run (admin users)',
    adminOnly: true,
    needs: 'scheduler',
    answer: { status: 200, description: 'the run', schema: component('SchedulerRun') },
    handle: ({ services }) => services.scheduler().runNow(),
  },

  // --- the institution's users, at its CA ---------------------------------------------
  {
    operationId: 'listUsers',
    method: 'get',
    path: '/admin/users',
    tag: 'Admin',
    summary: "The institution's API users: configured and registered, with status (admin users)",
    adminOnly: true,
    needs: 'userAdmin',
    answer: { status: 200, description: 'users', schema: { type: 'array', items: component('User') } },
    failures: USER_FAILURES,
    handle: ({ services }) => services.userAdmin().list(),
  },
  {
    operationId: 'registerUser',
    method: 'post',
    path: '/admin/users',
    tag: 'Admin',
    summary: 'Register a user at the institution’s CA with its role attribute, enrol it, and accept its API key (admin users)',
    adminOnly: true,
    needs: 'userAdmin',
    body: object({
      user: { type: 'string', pattern: '^[a-z][a-z0-9._-]{2,63}$', description: 'login name; also the enrolment ID at the CA' },
      role: USER_ROLE,
      apiKeySha256: {
        type: 'string',
        pattern: '^[0-9a-f]{64}$',
        description:
          'SHA-256 (hex) of the API key the user will send: `bk_` followed by at least 32 random URL-safe characters, made and kept by the caller',
      },
    }),
    answer: { status: 201, description: 'the user (never a key)', schema: component('User') },
    failures: USER_FAILURES,
    // The body was checked against the schema above: it is a NewUser.
    handle: ({ services, input }) => services.userAdmin().register(input.body as unknown as NewUser),
  },
  {
    operationId: 'renewUser',
    method: 'post',
    path: '/admin/users/{user}/enrolment',
    tag: 'Admin',
    summary:
      'Enrol the user again: a new key and certificate with the same role (admin users); the old certificate stays valid until it expires',
    adminOnly: true,
    needs: 'userAdmin',
    answer: { status: 200, description: 'the user with its new certificate serial', schema: component('User') },
    failures: { ...USER_FAILURES, '404': 'no such user' },
    handle: ({ services, input }) => services.userAdmin().renew(p(input, 'user')),
  },
  {
    operationId: 'revokeUser',
    method: 'post',
    path: '/admin/users/{user}/revocation',
    tag: 'Admin',
    summary:
      'Withdraw the user’s API key, revoke its certificate and publish the CA’s revocation list in the channel (admin users; retry finishes a partial revocation)',
    adminOnly: true,
    needs: 'userAdmin',
    body: object({ reason: { type: 'string', minLength: 1, maxLength: 200, description: 'recorded at the CA' } }, []),
    optionalBody: true,
    answer: { status: 200, description: 'the revoked user', schema: component('RevokedUser') },
    failures: {
      ...USER_FAILURES,
      '404': 'no such user',
      '504': 'CRL_NOT_YET_VISIBLE: the peer does not show the revocation list yet; retry to check',
    },
    handle: ({ services, input }) =>
      services
        .userAdmin()
        .revoke(p(input, 'user'), typeof input.body.reason === 'string' ? input.body.reason : 'revoked by the institution'),
  },

  // --- events and transactions ---------------------------------------------------------
  {
    operationId: 'streamEvents',
    method: 'get',
    path: '/events',
    tag: 'Events',
    summary: 'Chaincode events as Server-Sent Events; resume with Last-Event-ID (<block>:<txId>)',
    description:
      'Each event is `id: <block>:<txId>`, `event: <eventName>` and `data:` a ChaincodeEvent as JSON. Comment lines (`: connected`, `: reconnecting to the peer`) carry no event.',
    headers: { 'Last-Event-ID': { schema: EVENT_ID, description: 'resume after this event id' } },
    query: {
      after: { schema: EVENT_ID, description: 'the same as Last-Event-ID' },
      startBlock: {
        schema: { type: 'string', pattern: '^(0|[1-9][0-9]{0,19})$' },
        description: 'first block to read, 0 to 2^64-1 in decimal',
      },
    },
    answer: {
      status: 200,
      description: 'the event stream; each data line is a ChaincodeEvent',
      schema: { type: 'string' },
      mediaType: 'text/event-stream',
    },
    failures: { '400': 'invalid resume position (not an event id, or a block beyond 2^64-1)' },
    handle: ({ req, res, user, services }) => {
      services.events.open(services.ledger.network(user), req, res);
      return undefined;
    },
  },
  {
    operationId: 'getTransaction',
    method: 'get',
    path: '/transactions/{txId}',
    tag: 'Transactions',
    summary: "A transaction's block, validation code, timestamp, creator and endorsers, from the ledger",
    answer: {
      status: 200,
      description: 'the transaction: its ledger record, or PENDING while it awaits its commit',
      schema: component('TransactionStatus'),
    },
    failures: { '404': 'unknown transaction (also one whose proposal was never sent for ordering)' },
    handle: ({ services, user, input }) => transactionStatus(services, user, p(input, 'txId')),
  },
];
