/**
 * Membership: the CSD's register of member institutions. Thin: parse the
 * request, apply the domain rule, write, emit one event. Who may call each
 * function is in domain/access-policy.ts and checked before these run.
 * Requests and responses are canonical JSON strings (see api/membership.ts).
 */
import { Info, Returns, Transaction } from 'fabric-contract-api';
import {
  ChaincodeError,
  ErrorCode,
  type Member,
  type MemberCorrection,
  type MemberContact,
  type MemberHistoryEntry,
  MembershipEvent,
  MemberStatus,
  type PlatformConfig,
  type WhoAmI,
} from '../api';
import { assertMayRead, authorize } from '../domain/access';
import { CSD_ADMIN_RULE } from '../domain/access-policy';
import { canonicalJson } from '../domain/canonical-json';
import * as membership from '../domain/membership';
import { invalid, parseJsonObject, requireEmail, requireFreeText, requireMspId } from '../domain/validation';
// A value import: decorator metadata needs the class to recognise the context parameter.
import { BondContext } from '../ledger/context';
import { GuardedContract } from '../ledger/guarded-contract';
import { configKey, KeyType, memberContactKey, memberKey } from '../ledger/keys';
import {
  changeStamp,
  emitEvent,
  historyOf,
  pageOfRecords,
  parsePageSize,
  readRecord,
  recordAndAnnounce,
  writeRecord,
} from '../ledger/state';

@Info({ title: 'Membership', description: 'CSD-controlled member registry and access rules' })
export class MembershipContract extends GuardedContract {
  constructor() {
    super('Membership');
  }

  /**
   * Records the CSD's MSP ID and the CSD's own member record. Runs once, by
   * an identity of that MSP carrying bond.role=admin (the deployment script
   * calls it right after the chaincode definition is committed).
   */
  @Transaction()
  @Returns('string')
  async Initialize(ctx: BondContext, requestJson: string): Promise<string> {
    const request = membership.parseInitializeRequest(parseJsonObject(requestJson, 'request'));
    const key = configKey(ctx.stub);
    if (await readRecord<PlatformConfig>(ctx.stub, key)) {
      throw new ChaincodeError(ErrorCode.ALREADY_INITIALIZED, 'the ledger has already been initialised');
    }
    // The same check as every CSD admin function, against the MSP ID being configured.
    authorize(CSD_ADMIN_RULE, {
      mspId: ctx.clientIdentity.getMSPID(),
      identityRoles: ctx.auth.identityRoles,
      member: undefined,
      csdMspId: request.csdMspId,
    });
    const stamp = changeStamp(ctx);
    const csd = membership.csdMember(request, stamp);
    const config: PlatformConfig = { csdMspId: request.csdMspId, initialized: stamp };
    await writeRecord(ctx.stub, key, config);
    await writeRecord(ctx.stub, memberKey(ctx.stub, csd.mspId), csd);
    emitEvent(ctx.stub, MembershipEvent.LEDGER_INITIALIZED, { config, member: csd });
    return canonicalJson(csd);
  }

  @Transaction()
  @Returns('string')
  async AdmitMember(ctx: BondContext, requestJson: string): Promise<string> {
    const request = membership.parseAdmitMemberRequest(parseJsonObject(requestJson, 'request'));
    const existing = await readRecord<Member>(ctx.stub, memberKey(ctx.stub, request.mspId));
    const member = membership.admitMember(request, existing, changeStamp(ctx));
    return this.#saveMember(ctx, member, MembershipEvent.MEMBER_ADMITTED);
  }

  @Transaction()
  @Returns('string')
  async ChangeRoles(ctx: BondContext, requestJson: string): Promise<string> {
    const request = membership.parseChangeRolesRequest(parseJsonObject(requestJson, 'request'));
    const member = membership.changeRoles(await this.#requireMember(ctx, request.mspId), request.roles, changeStamp(ctx));
    return this.#saveMember(ctx, member, MembershipEvent.MEMBER_ROLES_CHANGED);
  }

  @Transaction()
  @Returns('string')
  async SuspendMember(ctx: BondContext, requestJson: string): Promise<string> {
    return this.#changeStatus(ctx, requestJson, MemberStatus.SUSPENDED, MembershipEvent.MEMBER_SUSPENDED);
  }

  @Transaction()
  @Returns('string')
  async ReinstateMember(ctx: BondContext, requestJson: string): Promise<string> {
    return this.#changeStatus(ctx, requestJson, MemberStatus.ACTIVE, MembershipEvent.MEMBER_REINSTATED);
  }

  @Transaction()
  @Returns('string')
  async RevokeMember(ctx: BondContext, requestJson: string): Promise<string> {
    return this.#changeStatus(ctx, requestJson, MemberStatus.REVOKED, MembershipEvent.MEMBER_REVOKED);
  }

  /** A member's operators keep their org's operational contact; the CSD uses it for notices. */
  @Transaction()
  @Returns('string')
  async UpdateContact(ctx: BondContext, requestJson: string): Promise<string> {
    const input = parseJsonObject(requestJson, 'request');
    const contact: MemberContact = {
      mspId: ctx.auth.mspId,
      contactName: requireFreeText(input.contactName, 'contactName', 200),
      email: requireEmail(input.email),
      lastChange: changeStamp(ctx),
    };
    return recordAndAnnounce(ctx.stub, memberContactKey(ctx.stub, contact.mspId), contact, MembershipEvent.MEMBER_CONTACT_UPDATED);
  }

  /**
   * The CSD's correcting transaction for a member's legal name and/or
   * operational contact (e.g. one written before the input rules): rewrites
   * the given fields, keeps everything else, and stamps the change.
   */
  @Transaction()
  @Returns('string')
  async CorrectMember(ctx: BondContext, requestJson: string): Promise<string> {
    const request = membership.parseCorrectMemberRequest(parseJsonObject(requestJson, 'request'));
    const stamp = changeStamp(ctx);
    const existing = await this.#requireMember(ctx, request.mspId);
    const member: Member = { ...existing, legalName: request.legalName ?? existing.legalName, lastChange: stamp };
    await writeRecord(ctx.stub, memberKey(ctx.stub, member.mspId), member);
    const correction: MemberCorrection = { member, reason: request.reason };
    if (request.contactName !== undefined || request.email !== undefined) {
      const contact = await readRecord<MemberContact>(ctx.stub, memberContactKey(ctx.stub, member.mspId));
      const contactName = request.contactName ?? contact?.contactName;
      const email = request.email ?? contact?.email;
      if (contactName === undefined || email === undefined)
        throw invalid(`${member.mspId} has no contact on record: give contactName and email`);
      correction.contact = { mspId: member.mspId, contactName, email, lastChange: stamp };
      await writeRecord(ctx.stub, memberContactKey(ctx.stub, member.mspId), correction.contact);
    }
    emitEvent(ctx.stub, MembershipEvent.MEMBER_CORRECTED, correction);
    return canonicalJson(correction);
  }

  @Transaction(false)
  @Returns('string')
  async GetMember(ctx: BondContext, mspId: string): Promise<string> {
    requireMspId(mspId);
    assertMayRead(ctx.auth, mspId);
    return canonicalJson(await this.#requireMember(ctx, mspId));
  }

  @Transaction(false)
  @Returns('string')
  async GetMemberContact(ctx: BondContext, mspId: string): Promise<string> {
    requireMspId(mspId);
    assertMayRead(ctx.auth, mspId);
    const contact = await readRecord<MemberContact>(ctx.stub, memberContactKey(ctx.stub, mspId));
    if (!contact) throw new ChaincodeError(ErrorCode.NOT_FOUND, `${mspId} has no contact on record`);
    return canonicalJson(contact);
  }

  /** Members in MSP ID order; a suspended caller sees only itself. */
  @Transaction(false)
  @Returns('string')
  async ListMembers(ctx: BondContext, pageSize: string, bookmark: string): Promise<string> {
    if (ctx.auth.readScope === 'own') {
      const own = await this.#requireMember(ctx, ctx.auth.mspId);
      return canonicalJson({ records: [own], bookmark: '', fetchedRecordsCount: 1 });
    }
    return canonicalJson(await pageOfRecords<Member>(ctx.stub, KeyType.MEMBER, [], parsePageSize(pageSize), bookmark));
  }

  @Transaction(false)
  @Returns('string')
  async GetMemberHistory(ctx: BondContext, mspId: string): Promise<string> {
    requireMspId(mspId);
    assertMayRead(ctx.auth, mspId);
    const history = await historyOf<Member>(ctx.stub, memberKey(ctx.stub, mspId));
    if (history.length === 0) throw new ChaincodeError(ErrorCode.NOT_FOUND, `${mspId} has never been a member`);
    return canonicalJson(history.map(({ value, ...entry }): MemberHistoryEntry => ({ ...entry, member: value })));
  }

  /** The caller as the ledger sees it: MSP, registry record, certificate roles. */
  @Transaction(false)
  @Returns('string')
  WhoAmI(ctx: BondContext): string {
    const who: WhoAmI = {
      mspId: ctx.auth.mspId,
      identity: ctx.clientIdentity.getID(),
      identityRoles: ctx.auth.identityRoles,
      member: ctx.auth.member,
    };
    return canonicalJson(who);
  }

  async #changeStatus(ctx: BondContext, requestJson: string, to: MemberStatus, event: MembershipEvent): Promise<string> {
    const request = membership.parseStatusChangeRequest(parseJsonObject(requestJson, 'request'));
    const member = await this.#requireMember(ctx, request.mspId);
    return this.#saveMember(ctx, membership.changeStatus(member, to, request.reason, changeStamp(ctx)), event);
  }

  async #requireMember(ctx: BondContext, mspId: string): Promise<Member> {
    const member = await readRecord<Member>(ctx.stub, memberKey(ctx.stub, mspId));
    if (!member) throw new ChaincodeError(ErrorCode.NOT_FOUND, `${mspId} is not in the member registry`);
    return member;
  }

  async #saveMember(ctx: BondContext, member: Member, event: MembershipEvent): Promise<string> {
    return recordAndAnnounce(ctx.stub, memberKey(ctx.stub, member.mspId), member, event);
  }
}
