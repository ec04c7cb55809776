/**
 * Bonds: an issuer's application, the CSD's approval (ISIN assignment, CFI)
 * or rejection, the CSD's business-day calendars, and bond queries.
 */
import { Info, Returns, Transaction } from 'fabric-contract-api';
import {
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
import { parseBondTerms } from '../domain/bond-terms';
import { deriveCfi } from '../domain/cfi';
import { canonicalJson } from '../domain/canonical-json';
import { parseCalendarYearRequest, requireCalendarId } from '../domain/calendar';
import { isinFromNationalCode, isValidIsin } from '../domain/isin';
import { invalid, parseJsonObject, requireText, requireYear } from '../domain/validation';
import { BondContext } from '../ledger/context';
import { saveBond } from '../ledger/bonds-store';
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
  writeRecord,
} from '../ledger/state';

async function requireMemberWithRole(ctx: BondContext, mspId: string, role: Role, field: string): Promise<Member> {
  const member = await readRecord<Member>(ctx.stub, memberKey(ctx.stub, mspId));
  if (!member || member.status !== MemberStatus.ACTIVE || !member.roles.includes(role)) {
    throw invalid(`${field} ${mspId} must be an active member with the ${role} role`);
  }
  return member;
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
    const stamp = changeStamp(ctx);
    const application: BondApplication = {
      applicationId: stamp.txId,
      issuer: ctx.auth.mspId,
      terms,
      status: 'PENDING_APPROVAL',
      filed: stamp,
    };
    return recordAndAnnounce(ctx.stub, key(ctx.stub, KeyType.BOND_APPLICATION, application.applicationId), application, BondEvent.BOND_APPLIED);
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
    const stamp = changeStamp(ctx);
    const bond: Bond = {
      isin,
      cfi: deriveCfi(application.terms),
      issuer: application.issuer,
      issuerLei: issuer.lei,
      applicationId: application.applicationId,
      terms: { ...application.terms, isin },
      status: 'APPROVED',
      approved: stamp,
      lastChange: stamp,
    };
    await writeRecord(ctx.stub, key(ctx.stub, KeyType.BOND_APPLICATION, application.applicationId), {
      ...application,
      status: 'APPROVED',
      isin,
      decided: stamp,
    });
    await saveBond(ctx, bond, undefined);
    emitEvent(ctx.stub, BondEvent.BOND_APPROVED, bond);
    return canonicalJson(bond);
  }

  @Transaction()
  @Returns('string')
  async RejectBond(ctx: BondContext, requestJson: string): Promise<string> {
    const request = parseJsonObject(requestJson, 'request');
    const application = await this.#pendingApplication(ctx, request.applicationId);
    const rejected: BondApplication = {
      ...application,
      status: 'REJECTED',
      rejectionReason: requireText(request.reason, 'reason', 500),
      decided: changeStamp(ctx),
    };
    return recordAndAnnounce(ctx.stub, key(ctx.stub, KeyType.BOND_APPLICATION, application.applicationId), rejected, BondEvent.BOND_REJECTED);
  }

  /** Reference data: one calendar year's holidays and working weekend days. */
  @Transaction()
  @Returns('string')
  async SetCalendarYear(ctx: BondContext, requestJson: string): Promise<string> {
    const calendar: CalendarYearRecord = { ...parseCalendarYearRequest(parseJsonObject(requestJson, 'request')), lastChange: changeStamp(ctx) };
    return recordAndAnnounce(ctx.stub, key(ctx.stub, KeyType.CALENDAR, calendar.calendarId, String(calendar.year)), calendar, BondEvent.CALENDAR_SET);
  }

  @Transaction(false)
  @Returns('string')
  async GetCalendarYear(ctx: BondContext, calendarId: string, year: string): Promise<string> {
    const id = requireCalendarId(calendarId);
    const canonicalYear = String(requireYear(year));
    return canonicalJson(await requireRecord(ctx.stub, key(ctx.stub, KeyType.CALENDAR, id, canonicalYear), `calendar ${id} ${canonicalYear}`));
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
    if (ctx.auth.readScope === 'own') {
      throw new ChaincodeError(ErrorCode.ACCESS_DENIED, `${ctx.auth.mspId} may only read its own data while suspended`);
    }
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
    if (application.status !== 'PENDING_APPROVAL') {
      throw new ChaincodeError(ErrorCode.INVALID_STATE_TRANSITION, `application ${id} was already ${application.status}`);
    }
    return application;
  }
}

function assignIsin(application: BondApplication, request: Record<string, unknown>): string {
  if (request.nationalCode !== undefined) {
    const country = request.countryCode ?? 'CN';
    if (typeof country !== 'string' || !/^[A-Z]{2}$/.test(country)) throw invalid('countryCode must be two upper-case letters');
    if (typeof request.nationalCode !== 'string' || !/^[A-Z0-9]{9}$/.test(request.nationalCode)) {
      throw invalid('nationalCode must be 9 upper-case letters or digits');
    }
    const isin = isinFromNationalCode(country, request.nationalCode);
    if (application.terms.isin !== undefined && application.terms.isin !== isin) {
      throw invalid(`the assigned ISIN ${isin} differs from the issuer's ${application.terms.isin}`);
    }
    return isin;
  }
  const proposed = application.terms.isin;
  if (proposed === undefined || !isValidIsin(proposed)) {
    throw invalid('the application has no ISIN: give nationalCode (and countryCode) to assign one');
  }
  return proposed;
}
