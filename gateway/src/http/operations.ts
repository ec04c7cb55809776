/**
 * Every HTTP operation of the API, declaratively: its route, the chaincode
 * function behind it, how the request becomes arguments and private
 * (transient) input, and which organisations must endorse. The OpenAPI
 * document and the request validation are generated from this table, and
 * the router serves it; nothing else defines a route.
 *
 * The gateway knows the chaincode only through its published API (contract
 * and function names, request shapes, error codes).
 */
import { type Book, type ContractFunction, ContractName, ENTITLEMENTS_FIXED_PER_CALL, type FunctionName, MAX_BID_ACCOUNTS, MAX_TRANSFERS_PER_BATCH, PRIMARY_SETTLEMENT_LINES_PER_CALL, type SettlementInstruction } from '@bond-platform/chaincode/api';

export type JsonSchema = Record<string, unknown>;

/**
 * An MSP ID: what names an organisation to endorse or a peer to ask. Any
 * value that selects endorsers must match it and be one of the channel's
 * organisations (checked before submitting, see submission.ts).
 */
export const MSP_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** Path parameters that name an organisation: an MSP ID, checked before anything is sent (`~` or `..` name nobody). */
export const MSP_ID_PATH_PARAMETERS: ReadonlySet<string> = new Set(['mspId', 'issuer', 'holder', 'bidder']);

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

/**
 * One operation: its route, and the chaincode function behind it as the
 * chaincode API publishes it (ContractFunction: a function of that contract).
 */
export type Operation = OperationRoute & ContractFunction;

interface OperationRoute {
  operationId: string;
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  tag: string;
  summary: string;
  /** Submitted as a transaction (ordered and committed), or evaluated as a query. */
  submit: boolean;
  /** Only the institution's admin users may call it. */
  adminOnly?: boolean;
  /** 201 instead of 200 when the submit creates a resource. */
  creates?: boolean;
  query?: Record<string, { schema: JsonSchema; required?: boolean; description: string }>;
  body?: JsonSchema;
  args(input: OperationInput): string[];
  transient?(input: OperationInput, ctx: PreparationContext): Promise<Record<string, unknown>>;
  endorsers?(input: OperationInput, ctx: PreparationContext): Promise<string[]>;
  /** The shape of the chaincode's result, in the chaincode API's types (gateway/src/http/api-schemas.json). */
  result: ResultShape;
}

/** One API type, a list of them, or a page of them (`Page<T>`: records, bookmark, fetchedRecordsCount). */
export interface ResultShape {
  type: string;
  as: 'one' | 'list' | 'page';
}

const one = (type: string): ResultShape => ({ type, as: 'one' });
const list = (type: string): ResultShape => ({ type, as: 'list' });
const paged = (type: string): ResultShape => ({ type, as: 'page' });

// --- schema helpers ------------------------------------------------------------

const text = (description: string, pattern?: string): JsonSchema => ({ type: 'string', minLength: 1, description, ...(pattern ? { pattern } : {}) });
const whole = (description: string): JsonSchema => text(`${description} (whole number as a decimal string)`, '^(0|[1-9][0-9]*)$');
const percent = (description: string): JsonSchema => text(`${description} (percent, decimal string)`, '^[0-9]{1,4}(\\.[0-9]{1,6})?$');
const date = (description: string): JsonSchema => text(`${description} (YYYY-MM-DD)`, '^[0-9]{4}-[0-9]{2}-[0-9]{2}$');
const mspId = (description: string): JsonSchema => ({ ...text(`${description} (an MSP ID)`, MSP_ID_PATTERN.source), maxLength: 64 });
const instant = (description: string): JsonSchema => text(`${description} (ISO-8601 date and time)`);
const object = (properties: Record<string, JsonSchema>, required: string[] = Object.keys(properties)): JsonSchema => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});
const roles: JsonSchema = {
  type: 'array',
  minItems: 1,
  items: { type: 'string', enum: ['ISSUER', 'UNDERWRITER', 'INVESTOR', 'PAYING_AGENT', 'CUSTODIAN', 'REGULATOR'] },
};
const reason = object({ reason: text('why') });
const page = {
  pageSize: { schema: text('records per page, at most 100', '^[1-9][0-9]*$'), description: 'records per page (at most 100)' },
  cursor: { schema: { type: 'string' }, description: 'the `bookmark` of the previous page' },
};
const optionDate: JsonSchema = { type: 'array', items: object({ date: date('exercise date'), price: percent('price') }) };

const json = (value: unknown): string => JSON.stringify(value);
const p = (input: OperationInput, name: string): string => input.params[name] ?? '';
const pageArgs = (input: OperationInput): string[] => [input.query.pageSize ?? '', input.query.cursor ?? ''];

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

const transferIds: JsonSchema = {
  type: 'array',
  minItems: 1,
  maxItems: MAX_TRANSFERS_PER_BATCH,
  uniqueItems: true,
  description: `transfer ids, at most ${MAX_TRANSFERS_PER_BATCH}, each once; settled in this order`,
  items: text('transfer id'),
};

const bondTerms = object(
  {
    isin: text('ISIN proposed by the issuer (optional: the CSD assigns one)', '^[A-Z]{2}[A-Z0-9]{9}[0-9]$'),
    shortName: text('short name'),
    specifiedCurrency: text('ISO 4217 currency', '^[A-Z]{3}$'),
    specifiedDenomination: whole('face value of a unit, minor units'),
    issueSize: whole('units offered'),
    overAllotmentLimit: whole('greenshoe units'),
    interestType: { type: 'string', enum: ['FIXED', 'ZERO_COUPON'] },
    interestRate: percent('interest rate per annum'),
    bookType: { type: 'string', enum: ['FIXED_PRICE', 'TENDER'], description: 'book the terms are for: a TENDER omits interestRate (it discovers it); default from the rate' },
    interestPaymentFrequency: { type: 'string', enum: ['ANNUALLY', 'SEMIANNUALLY', 'QUARTERLY', 'NONE'] },
    dayCountFraction: { type: 'string', enum: ['ICMA_ACT/ACT', 'ISDA_ACT/ACT', 'ACT/365', 'NL/365', 'ACT/360', '30/360', '30E/360'] },
    issueDate: date('issue date'),
    maturityDate: date('maturity date'),
    firstCouponDate: date('first coupon date, for a short or long first period (optional): after the issue date, on the coupon grid rolled back from penultimateCouponDate or maturity'),
    penultimateCouponDate: date('last coupon date before maturity, for a short or long last period (optional): the regular dates roll back from it'),
    businessDayConvention: { type: 'string', enum: ['FOLLOWING', 'MODIFIED_FOLLOWING', 'PRECEDING', 'UNADJUSTED'] },
    businessDayCalendar: text('calendar id, e.g. CN-IB'),
    recordDateOffset: { type: 'integer', minimum: 0, maximum: 30 },
    payingAgent: text('paying agent MSP ID'),
    leadUnderwriter: text('lead underwriter MSP ID'),
    statusOfNote: { type: 'string', enum: ['SENIOR_SECURED', 'SENIOR_UNSECURED', 'SENIOR_SUBORDINATED', 'JUNIOR_SUBORDINATED', 'GOVERNMENT_GUARANTEED'] },
    formOfNote: { type: 'string', enum: ['REGISTERED', 'BEARER', 'BOOK_ENTRY'] },
    issuePrice: percent('issue price'),
    callSchedule: optionDate,
    callNoticeDays: { type: 'integer', minimum: 0, maximum: 365 },
    putSchedule: optionDate,
  },
  [
    'shortName',
    'specifiedCurrency',
    'specifiedDenomination',
    'issueSize',
    'interestType',
    'interestPaymentFrequency',
    'dayCountFraction',
    'issueDate',
    'maturityDate',
    'businessDayConvention',
    'businessDayCalendar',
    'recordDateOffset',
    'payingAgent',
    'statusOfNote',
    'formOfNote',
    'issuePrice',
  ],
);

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
  { operationId: 'whoAmI', result: one('WhoAmI'), method: 'get', path: '/me', tag: 'Members', summary: 'The caller as the ledger sees it', contract: ContractName.MEMBERSHIP, fn: 'WhoAmI', submit: false, args: () => [] },
  { operationId: 'listMembers', result: paged('Member'), method: 'get', path: '/members', tag: 'Members', summary: 'Members, a page at a time', contract: ContractName.MEMBERSHIP, fn: 'ListMembers', submit: false, query: page, args: pageArgs },
  { operationId: 'getMember', result: one('Member'), method: 'get', path: '/members/{mspId}', tag: 'Members', summary: 'One member', contract: ContractName.MEMBERSHIP, fn: 'GetMember', submit: false, args: (i) => [p(i, 'mspId')] },
  { operationId: 'getMemberHistory', result: list('MemberHistoryEntry'), method: 'get', path: '/members/{mspId}/history', tag: 'Members', summary: "A member record's changes, newest first", contract: ContractName.MEMBERSHIP, fn: 'GetMemberHistory', submit: false, args: (i) => [p(i, 'mspId')] },
  {
    operationId: 'admitMember', result: one('Member'), method: 'post', path: '/members', tag: 'Members', summary: 'Admit an institution (CSD admins)', contract: ContractName.MEMBERSHIP, fn: 'AdmitMember', submit: true, adminOnly: true, creates: true,
    body: object({ mspId: text('MSP ID'), legalName: text('legal name'), lei: text('ISO 17442 LEI', '^[A-Z0-9]{18}[0-9]{2}$'), roles }),
    args: (i) => [json(i.body)],
  },
  { operationId: 'changeRoles', result: one('Member'), method: 'put', path: '/members/{mspId}/roles', tag: 'Members', summary: "Replace a member's roles (CSD admins)", contract: ContractName.MEMBERSHIP, fn: 'ChangeRoles', submit: true, adminOnly: true, body: object({ roles }), args: (i) => [json({ mspId: p(i, 'mspId'), roles: i.body.roles })] },
  { operationId: 'suspendMember', result: one('Member'), method: 'post', path: '/members/{mspId}/suspension', tag: 'Members', summary: 'Suspend a member (CSD admins)', contract: ContractName.MEMBERSHIP, fn: 'SuspendMember', submit: true, adminOnly: true, body: reason, args: (i) => [json({ mspId: p(i, 'mspId'), reason: i.body.reason })] },
  { operationId: 'reinstateMember', result: one('Member'), method: 'post', path: '/members/{mspId}/reinstatement', tag: 'Members', summary: 'Reinstate a suspended member (CSD admins)', contract: ContractName.MEMBERSHIP, fn: 'ReinstateMember', submit: true, adminOnly: true, body: reason, args: (i) => [json({ mspId: p(i, 'mspId'), reason: i.body.reason })] },
  { operationId: 'revokeMember', result: one('Member'), method: 'post', path: '/members/{mspId}/revocation', tag: 'Members', summary: 'Revoke a member, finally (CSD admins)', contract: ContractName.MEMBERSHIP, fn: 'RevokeMember', submit: true, adminOnly: true, body: reason, args: (i) => [json({ mspId: p(i, 'mspId'), reason: i.body.reason })] },
  {
    operationId: 'correctMember', result: one('MemberCorrection'), method: 'post', path: '/members/{mspId}/correction', tag: 'Members', summary: "Correct a member's legal name or contact written before the input rules (CSD admins)", contract: ContractName.MEMBERSHIP, fn: 'CorrectMember', submit: true, adminOnly: true,
    body: object({ legalName: text('corrected legal name'), contactName: text('corrected contact name'), email: text('corrected e-mail'), reason: text('why') }, ['reason']),
    args: (i) => [json({ mspId: p(i, 'mspId'), ...i.body })],
  },
  { operationId: 'getMemberContact', result: one('MemberContact'), method: 'get', path: '/members/{mspId}/contact', tag: 'Members', summary: "A member's operational contact", contract: ContractName.MEMBERSHIP, fn: 'GetMemberContact', submit: false, args: (i) => [p(i, 'mspId')] },
  { operationId: 'updateContact', result: one('MemberContact'), method: 'put', path: '/members/me/contact', tag: 'Members', summary: "Set the caller's institution's operational contact", contract: ContractName.MEMBERSHIP, fn: 'UpdateContact', submit: true, body: object({ contactName: text('contact name'), email: text('e-mail') }), args: (i) => [json(i.body)] },

  // --- bonds ------------------------------------------------------------------------
  { operationId: 'applyForBond', result: one('BondApplication'), method: 'post', path: '/bond-applications', tag: 'Bonds', summary: 'Apply to register a bond (issuers)', contract: ContractName.BONDS, fn: 'ApplyForBond', submit: true, creates: true, body: bondTerms, args: (i) => [json(i.body)] },
  { operationId: 'getBondApplication', result: one('BondApplication'), method: 'get', path: '/bond-applications/{applicationId}', tag: 'Bonds', summary: 'An application', contract: ContractName.BONDS, fn: 'GetApplication', submit: false, args: (i) => [p(i, 'applicationId')] },
  {
    operationId: 'approveBond', result: one('Bond'), method: 'post', path: '/bond-applications/{applicationId}/approval', tag: 'Bonds', summary: 'Approve: assign the ISIN and CFI (CSD)', contract: ContractName.BONDS, fn: 'ApproveBond', submit: true, creates: true,
    body: object({ nationalCode: text('9-character national code', '^[A-Z0-9]{9}$'), countryCode: text('ISO 3166 country code', '^[A-Z]{2}$') }, []),
    args: (i) => [json({ ...i.body, applicationId: p(i, 'applicationId') })],
  },
  { operationId: 'rejectBond', result: one('BondApplication'), method: 'post', path: '/bond-applications/{applicationId}/rejection', tag: 'Bonds', summary: 'Reject with a reason (CSD)', contract: ContractName.BONDS, fn: 'RejectBond', submit: true, body: reason, args: (i) => [json({ applicationId: p(i, 'applicationId'), reason: i.body.reason })] },
  {
    operationId: 'listBondsByStatus', result: paged('Bond'), method: 'get', path: '/bonds', tag: 'Bonds', summary: 'Bonds with a status, a page at a time', contract: ContractName.BONDS, fn: 'ListBondsByStatus', submit: false,
    query: { status: { schema: { type: 'string', enum: ['PENDING_APPROVAL', 'APPROVED', 'BOOK_OPEN', 'BOOK_CLOSED', 'ALLOCATED', 'SETTLING', 'ISSUED', 'CALLED', 'REDEEMED', 'DEFAULTED'] }, required: true, description: 'e.g. ISSUED' }, ...page },
    args: (i) => [i.query.status ?? '', ...pageArgs(i)],
  },
  { operationId: 'listBondsByIssuer', result: paged('Bond'), method: 'get', path: '/issuers/{issuer}/bonds', tag: 'Bonds', summary: "An issuer's bonds, a page at a time", contract: ContractName.BONDS, fn: 'ListBondsByIssuer', submit: false, query: page, args: (i) => [p(i, 'issuer'), ...pageArgs(i)] },
  { operationId: 'getBond', result: one('Bond'), method: 'get', path: '/bonds/{isin}', tag: 'Bonds', summary: 'A bond by ISIN', contract: ContractName.BONDS, fn: 'GetBond', submit: false, args: (i) => [p(i, 'isin')] },
  { operationId: 'getBondHistory', result: list('BondHistoryEntry'), method: 'get', path: '/bonds/{isin}/history', tag: 'Bonds', summary: "A bond record's changes", contract: ContractName.BONDS, fn: 'GetBondHistory', submit: false, args: (i) => [p(i, 'isin')] },
  {
    operationId: 'setCalendarYear', result: one('CalendarYearRecord'), method: 'put', path: '/calendars/{calendarId}/{year}', tag: 'Bonds', summary: "A calendar year's holidays and working weekend days (CSD)", contract: ContractName.BONDS, fn: 'SetCalendarYear', submit: true,
    body: object({ holidays: { type: 'array', items: date('holiday') }, workingWeekends: { type: 'array', items: date('working weekend day') } }),
    // The year segment goes on as written: the chaincode accepts only its canonical decimal form.
    args: (i) => [json({ calendarId: p(i, 'calendarId'), year: p(i, 'year'), ...i.body })],
  },
  { operationId: 'getCalendarYear', result: one('CalendarYearRecord'), method: 'get', path: '/calendars/{calendarId}/{year}', tag: 'Bonds', summary: 'A calendar year', contract: ContractName.BONDS, fn: 'GetCalendarYear', submit: false, args: (i) => [p(i, 'calendarId'), p(i, 'year')] },

  // --- books ------------------------------------------------------------------------
  {
    operationId: 'openBook', result: one('Book'), method: 'post', path: '/bonds/{isin}/book', tag: 'Books', summary: 'Open the book (issuer or lead underwriter)', contract: ContractName.BOOKS, fn: 'OpenBook', submit: true, creates: true,
    body: object({ bookType: { type: 'string', enum: ['FIXED_PRICE', 'TENDER'] }, opensAt: instant('opens at'), closesAt: instant('closes at') }),
    args: (i) => [json({ ...i.body, isin: p(i, 'isin') })],
  },
  { operationId: 'getBook', result: one('Book'), method: 'get', path: '/bonds/{isin}/book', tag: 'Books', summary: 'The book', contract: ContractName.BOOKS, fn: 'GetBook', submit: false, args: (i) => [p(i, 'isin')] },
  { operationId: 'closeBook', result: one('Book'), method: 'post', path: '/bonds/{isin}/book/closure', tag: 'Books', summary: 'Close the book (bookrunner)', contract: ContractName.BOOKS, fn: 'CloseBook', submit: true, args: (i) => [p(i, 'isin')] },
  {
    operationId: 'placeBid', result: one('BidReference'), method: 'post', path: '/bonds/{isin}/bids', tag: 'Books', summary: "Place the caller's bid; sent as private data", contract: ContractName.BOOKS, fn: 'PlaceBid', submit: true, creates: true, body: bid,
    args: () => [], transient: (i) => Promise.resolve({ bid: { ...i.body, isin: p(i, 'isin') } }), endorsers: bidEndorsers,
  },
  {
    operationId: 'amendBid', result: one('BidReference'), method: 'put', path: '/bonds/{isin}/bids/mine', tag: 'Books', summary: "Replace the caller's bid", contract: ContractName.BOOKS, fn: 'AmendBid', submit: true, body: bid,
    args: () => [], transient: (i) => Promise.resolve({ bid: { ...i.body, isin: p(i, 'isin') } }), endorsers: bidEndorsers,
  },
  { operationId: 'withdrawBid', result: one('BidReference'), method: 'delete', path: '/bonds/{isin}/bids/mine', tag: 'Books', summary: "Withdraw the caller's bid", contract: ContractName.BOOKS, fn: 'WithdrawBid', submit: true, args: (i) => [p(i, 'isin')], endorsers: bidEndorsers },
  { operationId: 'listBidReferences', result: paged('BidReference'), method: 'get', path: '/bonds/{isin}/bids', tag: 'Books', summary: 'Who has bid (not what), a page at a time', contract: ContractName.BOOKS, fn: 'ListBidReferences', submit: false, query: page, args: (i) => [p(i, 'isin'), ...pageArgs(i)] },
  { operationId: 'getBid', result: one('Bid'), method: 'get', path: '/bonds/{isin}/bids/{bidder}', tag: 'Books', summary: 'A bid (bidder, CSD, bookrunner)', contract: ContractName.BOOKS, fn: 'GetBid', submit: false, args: (i) => [p(i, 'isin'), p(i, 'bidder')] },
  { operationId: 'getOrderBook', result: list('Bid'), method: 'get', path: '/bonds/{isin}/order-book', tag: 'Books', summary: 'All bids (CSD, bookrunner)', contract: ContractName.BOOKS, fn: 'GetOrderBook', submit: false, args: (i) => [p(i, 'isin')] },
  {
    operationId: 'allocateBook', result: one('Allocation'), method: 'post', path: '/bonds/{isin}/allocation', tag: 'Books', summary: "Allocate the closed book, revealing the bookrunner's order book", contract: ContractName.BOOKS, fn: 'AllocateBook', submit: true, creates: true,
    body: object({ overAllotmentUnits: whole('over-allotment to exercise') }, []),
    args: (i) => [json({ ...i.body, isin: p(i, 'isin') })],
    transient: async (i, ctx) => ({ orderBook: await ctx.evaluate(ContractName.BOOKS, 'GetOrderBook', [p(i, 'isin')]) }),
    endorsers: (i, ctx) => Promise.resolve(unique([ctx.csdMspId, i.mspId])),
  },
  { operationId: 'getAllocation', result: one('Allocation'), method: 'get', path: '/bonds/{isin}/allocation', tag: 'Books', summary: 'The allocation with the revealed order book', contract: ContractName.BOOKS, fn: 'GetAllocation', submit: false, args: (i) => [p(i, 'isin')] },

  // --- settlement -------------------------------------------------------------------
  {
    operationId: 'startPrimarySettlement', result: one('PrimarySettlementBatch'), method: 'post', path: '/bonds/{isin}/settlements', tag: 'Settlement',
    summary: `Start DvP settlement of the allocation: instructions for the next ${PRIMARY_SETTLEMENT_LINES_PER_CALL} allocation lines; repeat while the answer's linesRemaining > 0 (CSD)`,
    contract: ContractName.SETTLEMENT, fn: 'StartPrimarySettlement', submit: true, creates: true, args: (i) => [p(i, 'isin')],
  },
  { operationId: 'listSettlements', result: paged('SettlementInstruction'), method: 'get', path: '/bonds/{isin}/settlements', tag: 'Settlement', summary: 'Settlement instructions, a page at a time', contract: ContractName.SETTLEMENT, fn: 'ListSettlements', submit: false, query: page, args: (i) => [p(i, 'isin'), ...pageArgs(i)] },
  { operationId: 'getSettlement', result: one('SettlementInstruction'), method: 'get', path: '/bonds/{isin}/settlements/{settlementId}', tag: 'Settlement', summary: 'A settlement instruction', contract: ContractName.SETTLEMENT, fn: 'GetSettlement', submit: false, args: (i) => [p(i, 'isin'), p(i, 'settlementId')] },
  {
    operationId: 'confirmCash', result: one('SettlementInstruction'), method: 'post', path: '/bonds/{isin}/settlements/{settlementId}/cash-confirmation', tag: 'Settlement', summary: 'Cash received: credit the holding (CSD)', contract: ContractName.SETTLEMENT, fn: 'ConfirmCash', submit: true,
    args: (i) => [p(i, 'isin'), p(i, 'settlementId')],
    endorsers: async (i, ctx) => {
      const s = await ctx.evaluate<SettlementInstruction>(ContractName.SETTLEMENT, 'GetSettlement', [p(i, 'isin'), p(i, 'settlementId')]);
      return unique([ctx.csdMspId, s.receiver]);
    },
  },
  { operationId: 'failCash', result: one('SettlementInstruction'), method: 'post', path: '/bonds/{isin}/settlements/{settlementId}/cash-failure', tag: 'Settlement', summary: 'Cash failed: nothing is credited (CSD)', contract: ContractName.SETTLEMENT, fn: 'FailCash', submit: true, body: reason, args: (i) => [p(i, 'isin'), p(i, 'settlementId'), String(i.body.reason)] },
  { operationId: 'completeIssuance', result: one('Bond'), method: 'post', path: '/bonds/{isin}/issuance-completion', tag: 'Settlement', summary: 'Mark the bond ISSUED once settlement is resolved (CSD)', contract: ContractName.SETTLEMENT, fn: 'CompleteIssuance', submit: true, args: (i) => [p(i, 'isin')] },

  // --- custody ----------------------------------------------------------------------
  { operationId: 'listHolders', result: paged('Holding'), method: 'get', path: '/bonds/{isin}/holders', tag: 'Custody', summary: 'Register of holders, a page at a time', contract: ContractName.CUSTODY, fn: 'ListHoldersOfBond', submit: false, query: page, args: (i) => [p(i, 'isin'), ...pageArgs(i)] },
  { operationId: 'getOutstanding', result: one('Outstanding'), method: 'get', path: '/bonds/{isin}/outstanding', tag: 'Custody', summary: 'Outstanding units (Σ holdings)', contract: ContractName.CUSTODY, fn: 'GetOutstanding', submit: false, args: (i) => [p(i, 'isin')] },
  { operationId: 'listHoldings', result: paged('Holding'), method: 'get', path: '/holders/{holder}/holdings', tag: 'Custody', summary: "A holder's holdings, a page at a time", contract: ContractName.CUSTODY, fn: 'ListHoldingsOfHolder', submit: false, query: page, args: (i) => [p(i, 'holder'), ...pageArgs(i)] },
  { operationId: 'getHolding', result: one('HoldingPosition'), method: 'get', path: '/bonds/{isin}/holdings/{holder}/{accountId}', tag: 'Custody', summary: 'A holding with its frozen units', contract: ContractName.CUSTODY, fn: 'GetHolding', submit: false, args: (i) => [p(i, 'isin'), p(i, 'holder'), p(i, 'accountId')] },
  { operationId: 'getHoldingHistory', result: list('HoldingHistoryEntry'), method: 'get', path: '/bonds/{isin}/holdings/{holder}/{accountId}/history', tag: 'Custody', summary: "A holding's changes", contract: ContractName.CUSTODY, fn: 'GetHoldingHistory', submit: false, args: (i) => [p(i, 'isin'), p(i, 'holder'), p(i, 'accountId')] },
  {
    operationId: 'instructTransfer', result: one('Transfer'), method: 'post', path: '/transfers', tag: 'Custody', summary: 'Instruct a transfer (seller)', contract: ContractName.CUSTODY, fn: 'InstructTransfer', submit: true, creates: true,
    body: object({ isin: text('ISIN'), fromAccount: text('from account'), to: text('buyer MSP ID'), toAccount: text('buyer account'), units: whole('units'), cashAmount: whole('cash against delivery, minor units; "0" = free of payment'), expiresAt: instant('expiry') }, ['isin', 'fromAccount', 'to', 'toAccount', 'units', 'expiresAt']),
    args: (i) => [json(i.body)],
  },
  { operationId: 'getTransfer', result: one('Transfer'), method: 'get', path: '/transfers/{transferId}', tag: 'Custody', summary: 'A transfer', contract: ContractName.CUSTODY, fn: 'GetTransfer', submit: false, args: (i) => [p(i, 'transferId')] },
  {
    operationId: 'getTransfers', result: list('Transfer'), method: 'get', path: '/transfers', tag: 'Custody', summary: `Listed transfers, in the order listed, at most ${MAX_TRANSFERS_PER_BATCH}`, contract: ContractName.CUSTODY, fn: 'GetTransfers', submit: false,
    query: { ids: { schema: text('transfer ids separated by commas'), required: true, description: `comma-separated transfer ids, at most ${MAX_TRANSFERS_PER_BATCH}, each once` } },
    args: (i) => [json({ transferIds: (i.query.ids ?? '').split(',') })],
  },
  { operationId: 'affirmTransfer', result: one('Transfer'), method: 'post', path: '/transfers/{transferId}/affirmation', tag: 'Custody', summary: 'Affirm (buyer); settles a free-of-payment transfer', contract: ContractName.CUSTODY, fn: 'AffirmTransfer', submit: true, args: (i) => [p(i, 'transferId')] },
  { operationId: 'confirmTransferCash', result: one('Transfer'), method: 'post', path: '/transfers/{transferId}/cash-confirmation', tag: 'Custody', summary: 'Cash received: settle the DvP transfer (CSD)', contract: ContractName.CUSTODY, fn: 'ConfirmTransferCash', submit: true, args: (i) => [p(i, 'transferId')] },
  {
    operationId: 'confirmTransferCashBatch', result: list('Transfer'), method: 'post', path: '/transfer-settlements', tag: 'Custody',
    summary: 'Cash received for several affirmed DvP transfers: settle them all in one transaction, or none (CSD)', contract: ContractName.CUSTODY, fn: 'ConfirmTransferCashBatch', submit: true,
    body: object({ transferIds }), args: (i) => [json({ transferIds: i.body.transferIds })],
  },
  { operationId: 'cancelTransfer', result: one('Transfer'), method: 'post', path: '/transfers/{transferId}/cancellation', tag: 'Custody', summary: 'Cancel an unsettled transfer', contract: ContractName.CUSTODY, fn: 'CancelTransfer', submit: true, args: (i) => [p(i, 'transferId')] },
  { operationId: 'expireTransfer', result: one('Transfer'), method: 'post', path: '/transfers/{transferId}/expiry', tag: 'Custody', summary: 'Mark an instruction unsettled at its expiry as EXPIRED (CSD; the scheduler does this)', contract: ContractName.CUSTODY, fn: 'ExpireTransfer', submit: true, args: (i) => [p(i, 'transferId')] },
  {
    operationId: 'listExpiredTransfers', result: list('Transfer'), method: 'get', path: '/expired-transfers', tag: 'Custody', summary: 'Unsettled instructions past their expiry at `asOf`, earliest first, at most 100 (CSD)', contract: ContractName.CUSTODY, fn: 'ListExpiredTransfers', submit: false,
    query: { asOf: { schema: instant('as of'), required: true, description: 'ISO-8601 instant, e.g. now' } }, args: (i) => [i.query.asOf ?? ''],
  },
  {
    operationId: 'freezeHolding', result: one('Freeze'), method: 'post', path: '/freezes', tag: 'Custody', summary: 'Freeze units of a holding (CSD)', contract: ContractName.CUSTODY, fn: 'FreezeHolding', submit: true,
    body: object({ isin: text('ISIN'), holder: text('holder MSP ID'), accountId: text('account'), units: whole('units'), reason: text('why') }), args: (i) => [json(i.body)],
  },
  {
    operationId: 'unfreezeHolding', result: one('Freeze'), method: 'post', path: '/freezes/release', tag: 'Custody', summary: 'Release frozen units (CSD)', contract: ContractName.CUSTODY, fn: 'UnfreezeHolding', submit: true,
    body: object({ isin: text('ISIN'), holder: text('holder MSP ID'), accountId: text('account'), units: whole('units'), reason: text('why') }), args: (i) => [json(i.body)],
  },

  // --- servicing --------------------------------------------------------------------
  { operationId: 'getCouponSchedule', result: one('CouponSchedule'), method: 'get', path: '/bonds/{isin}/coupon-schedule', tag: 'Servicing', summary: 'Coupon schedule with adjusted and record dates', contract: ContractName.SERVICING, fn: 'GetCouponSchedule', submit: false, args: (i) => [p(i, 'isin')] },
  {
    operationId: 'getAccruedInterest', result: one('AccruedInterest'), method: 'get', path: '/bonds/{isin}/accrued-interest', tag: 'Servicing', summary: 'Accrued interest per unit on a date', contract: ContractName.SERVICING, fn: 'GetAccruedInterest', submit: false,
    query: { date: { schema: date('date'), required: true, description: 'YYYY-MM-DD' } }, args: (i) => [p(i, 'isin'), i.query.date ?? ''],
  },
  {
    operationId: 'listDueEvents', result: list('DueEvent'), method: 'get', path: '/bonds/{isin}/due-events', tag: 'Servicing', summary: 'Coupon and redemption events due by a date, and whether fixed', contract: ContractName.SERVICING, fn: 'ListDueEvents', submit: false,
    query: { date: { schema: date('date'), required: true, description: 'YYYY-MM-DD' } }, args: (i) => [p(i, 'isin'), i.query.date ?? ''],
  },
  { operationId: 'listPaymentEvents', result: list('PaymentEvent'), method: 'get', path: '/bonds/{isin}/payment-events', tag: 'Servicing', summary: 'Coupon and redemption events', contract: ContractName.SERVICING, fn: 'ListPaymentEvents', submit: false, args: (i) => [p(i, 'isin')] },
  { operationId: 'listEntitlements', result: paged('Entitlement'), method: 'get', path: '/bonds/{isin}/payment-events/{eventId}/entitlements', tag: 'Servicing', summary: 'Entitlements and payment status per holder, a page at a time', contract: ContractName.SERVICING, fn: 'ListEntitlements', submit: false, query: page, args: (i) => [p(i, 'isin'), p(i, 'eventId'), ...pageArgs(i)] },
  { operationId: 'fixCouponEntitlements', result: one('PaymentEvent'), method: 'post', path: '/bonds/{isin}/coupons/{couponNumber}/entitlements', tag: 'Servicing', summary: `Fix a coupon's entitlements on its record date (CSD, paying agent), ${ENTITLEMENTS_FIXED_PER_CALL} holdings a call: repeat while the answer's status is FIXING`, contract: ContractName.SERVICING, fn: 'FixCouponEntitlements', submit: true, creates: true, args: (i) => [p(i, 'isin'), p(i, 'couponNumber')] },
  {
    operationId: 'fixRedemptionEntitlements', result: one('PaymentEvent'), method: 'post', path: '/bonds/{isin}/redemptions', tag: 'Servicing', summary: `Fix a redemption (MATURITY, CALL, PUT) on its record date, ${ENTITLEMENTS_FIXED_PER_CALL} holdings a call: repeat while the answer's status is FIXING`, contract: ContractName.SERVICING, fn: 'FixRedemptionEntitlements', submit: true, creates: true,
    body: object({ reason: { type: 'string', enum: ['MATURITY', 'CALL', 'PUT'] }, putDate: date('put date (PUT only)') }, ['reason']),
    args: (i) => [json({ ...i.body, isin: p(i, 'isin') })],
  },
  {
    operationId: 'confirmPayment', result: one('Entitlement'), method: 'post', path: '/bonds/{isin}/payment-events/{eventId}/payments', tag: 'Servicing', summary: "Confirm a holder's payment (paying agent)", contract: ContractName.SERVICING, fn: 'ConfirmPayment', submit: true,
    body: object({ holder: mspId('holder'), accountId: text('account') }),
    args: (i) => [p(i, 'isin'), p(i, 'eventId'), String(i.body.holder), String(i.body.accountId)],
    endorsers: (i, ctx) => Promise.resolve(unique([ctx.csdMspId, i.mspId, String(i.body.holder)])),
  },
  { operationId: 'completePaymentEvent', result: one('PaymentEvent'), method: 'post', path: '/bonds/{isin}/payment-events/{eventId}/completion', tag: 'Servicing', summary: 'Complete an event once all are paid', contract: ContractName.SERVICING, fn: 'CompletePaymentEvent', submit: true, args: (i) => [p(i, 'isin'), p(i, 'eventId')] },
  { operationId: 'callBond', result: one('Bond'), method: 'post', path: '/bonds/{isin}/call', tag: 'Servicing', summary: 'Call the bond on a call date (issuer)', contract: ContractName.SERVICING, fn: 'CallBond', submit: true, body: object({ callDate: date('call date') }), args: (i) => [p(i, 'isin'), String(i.body.callDate)] },
  {
    operationId: 'exercisePut', result: one('PutElection'), method: 'post', path: '/bonds/{isin}/puts', tag: 'Servicing', summary: 'Exercise a put for some units (holder)', contract: ContractName.SERVICING, fn: 'ExercisePut', submit: true, creates: true,
    body: object({ putDate: date('put date'), accountId: text('account'), units: whole('units') }),
    args: (i) => [json({ ...i.body, isin: p(i, 'isin') })],
    endorsers: (i, ctx) => Promise.resolve(unique([ctx.csdMspId, i.mspId])),
  },
  { operationId: 'declareDefault', result: one('Bond'), method: 'post', path: '/bonds/{isin}/default', tag: 'Servicing', summary: 'Declare a default on an overdue payment (CSD)', contract: ContractName.SERVICING, fn: 'DeclareDefault', submit: true, body: reason, args: (i) => [p(i, 'isin'), String(i.body.reason)] },
];
