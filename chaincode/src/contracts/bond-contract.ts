/**
 * Bonds: an issuer's application, the CSD's approval (ISIN assignment, CFI)
 * or rejection, the CSD's business-day calendars, and bond queries. The
 * application's rules are in domain/bond-application.ts.
 */
import { Info, Returns, Transaction } from 'fabric-contract-api';
import {
  ApplicationStatus,
  type BondApplication,
  type Bond,
  BondEvent,
  type BondHistoryEntry,
  type CalendarYearRecord,
  ChaincodeError,
  ErrorCode,
  type Member,
  MemberStatus,
  Role,
} from '../api';
import { assertMayRead } from '../domain/access';
import { approveApplication, assignIsin, fileApplication, rejectApplication, requirePending } from '../domain/bond-application';
import { parseBondTerms } from '../domain/bond-terms';
import { canonicalJson } from '../domain/canonical-json';
import { parseCalendarYearRequest, requireCalendarId } from '../domain/calendar';
import { invalid, parseJsonObject, requireText, requireYear } from '../domain/validation';
import { BondContext } from '../ledger/context';
import { saveApplication, saveBond } from '../ledger/bonds-store';
import { GuardedContract } from '../ledger/guarded-contract';
import { key, KeyType, type KeyTypeName, memberKey } from '../ledger/keys';
import {
  changeStamp,
  emitEvent,
  historyOf,
  pageOfRecords,
  parsePageSize,
  readRecord,
  recordAndAnnounce,
  requireRecord,
} from '../ledger/state';

async function requireMemberWithRole(ctx: BondContext, mspId: string, role: Role, field: string): Promise<Member> {
  const member = await readRecord<Member>(ctx.stub, memberKey(ctx.stub, mspId));
  if (!member || member.status !== MemberStatus.ACTIVE || !member.roles.includes(role)) {
    throw invalid(`${field} ${mspId} must be an active member with the ${role} role`);
  }
  return member;
}

/** Lists span every member's records: a suspended member (which may read only its own) is refused them. */
function requireWholeReadScope(ctx: BondContext): void {
  if (ctx.auth.readScope === 'own') {
    throw new ChaincodeError(ErrorCode.ACCESS_DENIED, `${ctx.auth.mspId} may only read its own data while suspended`);
  }
}

function requireApplicationStatus(status: string): ApplicationStatus {
  if (!Object.values<string>(ApplicationStatus).includes(status)) {
    throw invalid(`status must be one of ${Object.values(ApplicationStatus).join(', ')}`);
  }
  return status as ApplicationStatus;
}

@Info({ title: 'Bonds', description: 'Bond registration, approval, calendars and queries' })
export class BondContract extends GuardedContract {
  constructor() {
    super('Bonds');
  }

  /** An issuer applies to register a bond; the CSD decides. Returns the application. */
  @Transaction()
  @Returns('string')
  async ApplyForBond(ctx: BondContext, termsJson: string): Promise<string> {
    const terms = parseBondTerms(parseJsonObject(termsJson, 'terms'));
    await requireMemberWithRole(ctx, terms.payingAgent, Role.PAYING_AGENT, 'payingAgent');
    if (terms.leadUnderwriter !== undefined) {
      await requireMemberWithRole(ctx, terms.leadUnderwriter, Role.UNDERWRITER, 'leadUnderwriter');
    }
    const application = fileApplication(ctx.auth.mspId, terms, changeStamp(ctx));
    await saveApplication(ctx, application, undefined);
    emitEvent(ctx.stub, BondEvent.BOND_APPLIED, application);
    return canonicalJson(application);
  }

  /**
   * The CSD approves an application: assigns the ISIN from the national code
   * (check digit computed) or validates the issuer's, derives the CFI code,
   * and records the bond as APPROVED.
   */
  @Transaction()
  @Returns('string')
  async ApproveBond(ctx: BondContext, requestJson: string): Promise<string> {
    const request = parseJsonObject(requestJson, 'request');
    const application = await this.#pendingApplication(ctx, request.applicationId);
    const isin = assignIsin(application, request);
    const bondKey = key(ctx.stub, KeyType.BOND, isin);
    if (await readRecord<Bond>(ctx.stub, bondKey)) {
      throw new ChaincodeError(ErrorCode.ALREADY_EXISTS, `a bond with ISIN ${isin} already exists`);
    }
    const issuer = await requireRecord<Member>(ctx.stub, memberKey(ctx.stub, application.issuer), `member ${application.issuer}`);
    const { application: approved, bond } = approveApplication(application, isin, issuer.lei, changeStamp(ctx));
    await saveApplication(ctx, approved, application.status);
    await saveBond(ctx, bond, undefined);
    emitEvent(ctx.stub, BondEvent.BOND_APPROVED, bond);
    return canonicalJson(bond);
  }

  @Transaction()
  @Returns('string')
  async RejectBond(ctx: BondContext, requestJson: string): Promise<string> {
    const request = parseJsonObject(requestJson, 'request');
    const application = await this.#pendingApplication(ctx, request.applicationId);
    const rejected = rejectApplication(application, requireText(request.reason, 'reason', 500), changeStamp(ctx));
    await saveApplication(ctx, rejected, application.status);
    emitEvent(ctx.stub, BondEvent.BOND_REJECTED, rejected);
    return canonicalJson(rejected);
  }

  /** Reference data: one calendar year's holidays and working weekend days. */
  @Transaction()
  @Returns('string')
  async SetCalendarYear(ctx: BondContext, requestJson: string): Promise<string> {
    const calendar: CalendarYearRecord = {
      ...parseCalendarYearRequest(parseJsonObject(requestJson, 'request')),
      lastChange: changeStamp(ctx),
    };
    return recordAndAnnounce(
      ctx.stub,
      key(ctx.stub, KeyType.CALENDAR, calendar.calendarId, String(calendar.year)),
      calendar,
      BondEvent.CALENDAR_SET,
    );
  }

  @Transaction(false)
  @Returns('string')
  async GetCalendarYear(ctx: BondContext, calendarId: string, year: string): Promise<string> {
    const id = requireCalendarId(calendarId);
    const canonicalYear = String(requireYear(year));
    return canonicalJson(
      await requireRecord(ctx.stub, key(ctx.stub, KeyType.CALENDAR, id, canonicalYear), `calendar ${id} ${canonicalYear}`),
    );
  }

  @Transaction(false)
  @Returns('string')
  async GetApplication(ctx: BondContext, applicationId: string): Promise<string> {
    const application = await requireRecord<BondApplication>(
      ctx.stub,
      key(ctx.stub, KeyType.BOND_APPLICATION, applicationId),
      `application ${applicationId}`,
    );
    assertMayRead(ctx.auth, application.issuer);
    return canonicalJson(application);
  }

  @Transaction(false)
  @Returns('string')
  async GetBond(ctx: BondContext, isin: string): Promise<string> {
    const bond = await requireRecord<Bond>(ctx.stub, key(ctx.stub, KeyType.BOND, isin), `bond ${isin}`);
    assertMayRead(ctx.auth, bond.issuer);
    return canonicalJson(bond);
  }

  /** Applications with a status (PENDING_APPROVAL: the CSD's review queue), in filing-transaction order, a page at a time. */
  @Transaction(false)
  @Returns('string')
  async ListApplications(ctx: BondContext, status: string, pageSize: string, bookmark: string): Promise<string> {
    requireWholeReadScope(ctx);
    const wanted = requireApplicationStatus(status);
    const page = await pageOfRecords<{ applicationId: string }>(
      ctx.stub,
      KeyType.BOND_APPLICATION_BY_STATUS,
      [wanted],
      parsePageSize(pageSize),
      bookmark,
    );
    const applications: BondApplication[] = [];
    for (const row of page.records) {
      applications.push(
        await requireRecord<BondApplication>(
          ctx.stub,
          key(ctx.stub, KeyType.BOND_APPLICATION, row.applicationId),
          `application ${row.applicationId}`,
        ),
      );
    }
    return canonicalJson({ ...page, records: applications });
  }

  /** Bonds with a status (e.g. ISSUED), in ISIN order, a page at a time. */
  @Transaction(false)
  @Returns('string')
  async ListBondsByStatus(ctx: BondContext, status: string, pageSize: string, bookmark: string): Promise<string> {
    return this.#listByIndex(ctx, KeyType.BOND_BY_STATUS, status, pageSize, bookmark);
  }

  @Transaction(false)
  @Returns('string')
  async ListBondsByIssuer(ctx: BondContext, issuer: string, pageSize: string, bookmark: string): Promise<string> {
    assertMayRead(ctx.auth, issuer);
    return this.#listByIndex(ctx, KeyType.BOND_BY_ISSUER, issuer, pageSize, bookmark);
  }

  @Transaction(false)
  @Returns('string')
  async GetBondHistory(ctx: BondContext, isin: string): Promise<string> {
    const bond = await requireRecord<Bond>(ctx.stub, key(ctx.stub, KeyType.BOND, isin), `bond ${isin}`);
    assertMayRead(ctx.auth, bond.issuer);
    const history = await historyOf<Bond>(ctx.stub, key(ctx.stub, KeyType.BOND, isin));
    return canonicalJson(history.map(({ value, ...entry }): BondHistoryEntry => ({ ...entry, bond: value })));
  }

  async #listByIndex(ctx: BondContext, index: KeyTypeName, value: string, pageSize: string, bookmark: string): Promise<string> {
    requireWholeReadScope(ctx);
    const page = await pageOfRecords<{ isin: string }>(ctx.stub, index, [value], parsePageSize(pageSize), bookmark);
    const bonds: Bond[] = [];
    for (const row of page.records) {
      bonds.push(await requireRecord<Bond>(ctx.stub, key(ctx.stub, KeyType.BOND, row.isin), `bond ${row.isin}`));
    }
    return canonicalJson({ ...page, records: bonds });
  }

  async #pendingApplication(ctx: BondContext, applicationId: unknown): Promise<BondApplication> {
    const id = requireText(applicationId, 'applicationId', 128);
    const application = await requireRecord<BondApplication>(ctx.stub, key(ctx.stub, KeyType.BOND_APPLICATION, id), `application ${id}`);
    requirePending(application);
    return application;
  }
}
