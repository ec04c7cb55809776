/**
 * Custody: holdings per bond and account, the register of holders, judicial
 * freezes (CSD only), pledges (the holder pledges, the pledgee releases or
 * enforces: domain/pledge.ts), pledged repos (a pledge opened and released
 * or enforced around two CSD-confirmed cash legs: domain/repo.ts), and
 * secondary transfers. A transfer is
 * instructed by the seller, affirmed by the buyer and settled: free of
 * payment at affirmation, or against payment when the CSD confirms the cash
 * (one transfer, or a settlement batch of many in one transaction).
 * An instruction still unsettled at its expiry no longer settles; the CSD's
 * scheduler finds those through an index by expiry and marks them EXPIRED.
 * Every debit of a holding needs the holder's organisation's endorsement
 * (state-based endorsement on the holding key) besides the CSD's. Who may
 * affirm, cancel or expire a transfer, and its statuses, are in
 * domain/transfer-lifecycle.ts.
 */
import { Info, Returns, Transaction } from 'fabric-contract-api';
import {
  BondEvent,
  ChaincodeError,
  ErrorCode,
  DUE_REPOS_PER_ANSWER,
  EXPIRED_TRANSFERS_PER_ANSWER,
  type Freeze,
  type Holding,
  type HoldingHistoryEntry,
  type HoldingPosition,
  type Member,
  type Outstanding,
  type Pledge,
  type Repo,
  type Transfer,
  type TransfersSettled,
} from '../api';
import { assertMayRead } from '../domain/access';
import { HOLDER_ROLES } from '../domain/access-policy';
import { canonicalJson } from '../domain/canonical-json';
import { parseUnits } from '../domain/decimal';
import * as holdingRules from '../domain/holdings';
import { batchStepAsync, deliveryOf, parseTransferBatch } from '../domain/settlement-batch';
import {
  affirmTransfer,
  cancelTransfer,
  expireTransfer,
  hasCashLeg,
  instructTransfer,
  isOpen,
  requireCashLeg,
  requireNotExpired,
  requireSettlementDateReached,
  transferTransition,
} from '../domain/transfer-lifecycle';
import { requireDate, requireInstant } from '../domain/dates';
import { scheduleWithFixings } from '../ledger/fixings-store';
import { isPriced, priceTrade } from '../domain/trade-price';
import { calendarForBond } from '../ledger/calendar-store';
import { createPledge, enforcePledge, releasePledge } from '../domain/pledge';
import { agreeRepo, cancelRepo, closeRepo, defaultRepo, openRepo, proposeRepo } from '../domain/repo';
import { invalid, parseJsonObject, requireAccountId, requireMspId, requireText } from '../domain/validation';
import { requireBond, requireStatus } from '../ledger/bonds-store';
import { BondContext } from '../ledger/context';
import { GuardedContract } from '../ledger/guarded-contract';
import {
  encumberedUnits,
  freezeKey,
  frozenUnits,
  type HoldingId,
  holdingKey,
  lockedUnits,
  moveUnits,
  pledgedUnits,
  readHolding,
  readPledge,
  settleDeliveries,
  writePledge,
} from '../ledger/holdings-store';
import { key, KeyType, type KeyTypeName, memberKey } from '../ledger/keys';
import { requireDeliveryOpen } from '../ledger/register';
import {
  changeStamp,
  EMPTY,
  emitEvent,
  historyOf,
  pageOfRecords,
  pageOfRows,
  parsePageSize,
  readRecord,
  recordAndAnnounce,
  recordsUnder,
  requireRecord,
  writeRecord,
} from '../ledger/state';

@Info({ title: 'Custody', description: 'Holdings, freezes, pledges and secondary transfers' })
export class CustodyContract extends GuardedContract {
  constructor() {
    super('Custody');
  }

  /**
   * The seller instructs a transfer from one of its accounts. Priced clean
   * (cleanPrice and settlementDate), the chaincode computes the accrued
   * interest and the cash amount (domain/trade-price.ts). Returns the
   * instruction (id = transaction id).
   */
  @Transaction()
  @Returns('string')
  async InstructTransfer(ctx: BondContext, requestJson: string): Promise<string> {
    const input = parseJsonObject(requestJson, 'request');
    const isin = requireText(input.isin, 'isin', 12);
    const bond = await requireBond(ctx, isin);
    requireStatus(isin, bond.status, 'ISSUED');
    const stamp = changeStamp(ctx);
    let transfer = instructTransfer(input, isin, ctx.auth.mspId, stamp);
    if (isPriced(input)) {
      const schedule = await scheduleWithFixings(ctx, bond, (await calendarForBond(ctx, bond)).calendar);
      const today = stamp.timestamp.slice(0, 10);
      transfer = { ...transfer, ...priceTrade(input, BigInt(transfer.units), transfer.expiresAt, bond.terms, schedule, today) };
    }
    // Checked again at settlement; refusing early spares the counterparty an instruction that cannot settle.
    await requireDeliveryOpen(ctx, bond);
    await this.#assertFree(ctx, { isin, holder: transfer.from, accountId: transfer.fromAccount }, BigInt(transfer.units));
    return this.#saveTransfer(ctx, transfer, BondEvent.TRANSFER_INSTRUCTED);
  }

  /** The buyer affirms. A free-of-payment transfer settles in this transaction; DvP waits for the CSD's cash confirmation. */
  @Transaction()
  @Returns('string')
  async AffirmTransfer(ctx: BondContext, transferId: string): Promise<string> {
    const affirmed = affirmTransfer(await this.#transfer(ctx, transferId), ctx.auth.mspId, changeStamp(ctx));
    if (!hasCashLeg(affirmed)) return this.#settle(ctx, affirmed);
    return this.#saveTransfer(ctx, affirmed, BondEvent.TRANSFER_AFFIRMED);
  }

  /** The CSD confirms the cash leg of an affirmed DvP transfer; the securities move. */
  @Transaction()
  @Returns('string')
  async ConfirmTransferCash(ctx: BondContext, transferId: string): Promise<string> {
    return this.#settle(ctx, await this.#withCashLeg(ctx, transferId));
  }

  /**
   * The CSD confirms the cash legs of several affirmed DvP transfers in one
   * transaction: all settle, or none. Each passes ConfirmTransferCash's
   * checks; the deliveries are checked gross in the listed order and each
   * holding is written once (domain/settlement-batch.ts). One event,
   * TransfersSettled, names them all. Returns the settled transfers.
   */
  @Transaction()
  @Returns('string')
  async ConfirmTransferCashBatch(ctx: BondContext, requestJson: string): Promise<string> {
    const transferIds = parseTransferBatch(requestJson);
    const checkedBonds = new Set<string>();
    const settled: Transfer[] = [];
    for (const transferId of transferIds) {
      settled.push(
        await batchStepAsync(transferId, async () => this.#settled(ctx, await this.#withCashLeg(ctx, transferId), checkedBonds)),
      );
    }
    await settleDeliveries(ctx, settled.map(deliveryOf));
    for (const transfer of settled) await this.#writeTransfer(ctx, transfer);
    const announcement: TransfersSettled = { transferIds, settled: changeStamp(ctx) };
    emitEvent(ctx.stub, BondEvent.TRANSFERS_SETTLED, announcement);
    return canonicalJson(settled);
  }

  /**
   * Cancels an unsettled transfer: the seller or the CSD at any time before
   * settlement, the buyer before affirming, and either party once expired.
   */
  @Transaction()
  @Returns('string')
  async CancelTransfer(ctx: BondContext, transferId: string): Promise<string> {
    const cancelled = cancelTransfer(await this.#transfer(ctx, transferId), ctx.auth.mspId, ctx.csd, changeStamp(ctx));
    return this.#saveTransfer(ctx, cancelled, BondEvent.TRANSFER_CANCELLED);
  }

  /** The CSD marks an instruction that passed its expiry unsettled as EXPIRED (its scheduler does this). */
  @Transaction()
  @Returns('string')
  async ExpireTransfer(ctx: BondContext, transferId: string): Promise<string> {
    const expired = expireTransfer(await this.#transfer(ctx, transferId), changeStamp(ctx));
    return this.#saveTransfer(ctx, expired, BondEvent.TRANSFER_EXPIRED);
  }

  /** Unsettled instructions whose expiry is at or before `asOf`, earliest first, at most 100 (CSD). */
  @Transaction(false)
  @Returns('string')
  async ListExpiredTransfers(ctx: BondContext, asOf: string): Promise<string> {
    const cutoff = requireInstant(asOf, 'asOf');
    const expired: Transfer[] = [];
    // Keys sort by expiry: stop at the first one not yet expired (leaving the loop closes the iterator).
    for await (const row of ctx.stub.getStateByPartialCompositeKey(KeyType.OPEN_TRANSFER, [])) {
      const [expiresAt = '', transferId = ''] = ctx.stub.splitCompositeKey(row.key).attributes;
      if (expiresAt > cutoff || expired.length >= EXPIRED_TRANSFERS_PER_ANSWER) break;
      expired.push(await this.#transfer(ctx, transferId));
    }
    return canonicalJson(expired);
  }

  /** The CSD freezes more units of a holding (judicial freeze). */
  @Transaction()
  @Returns('string')
  async FreezeHolding(ctx: BondContext, requestJson: string): Promise<string> {
    return this.#changeFreeze(ctx, requestJson, 1n);
  }

  /** The CSD releases frozen units. */
  @Transaction()
  @Returns('string')
  async UnfreezeHolding(ctx: BondContext, requestJson: string): Promise<string> {
    return this.#changeFreeze(ctx, requestJson, -1n);
  }

  /**
   * The holder pledges free units of one of its holdings to a pledgee (a
   * member in good standing). Returns the pledge (id = transaction id).
   */
  @Transaction()
  @Returns('string')
  async PledgeHolding(ctx: BondContext, requestJson: string): Promise<string> {
    const input = parseJsonObject(requestJson, 'request');
    const isin = requireText(input.isin, 'isin', 12);
    requireStatus(isin, (await requireBond(ctx, isin)).status, 'ISSUED');
    const pledge = createPledge(input, isin, ctx.auth.mspId, changeStamp(ctx));
    await this.#requirePledgee(ctx, pledge.pledgee, 'pledgee');
    await this.#encumber(ctx, pledge);
    return this.#savePledge(ctx, pledge, BondEvent.HOLDING_PLEDGED);
  }

  /** The pledgee releases a pledge; the pledgor may once it has expired. The units are free again. */
  @Transaction()
  @Returns('string')
  async ReleasePledge(ctx: BondContext, pledgeId: string): Promise<string> {
    const released = releasePledge(await readPledge(ctx, pledgeId), ctx.auth.mspId, changeStamp(ctx));
    return this.#savePledge(ctx, released, BondEvent.PLEDGE_RELEASED);
  }

  /**
   * The pledgee enforces an enforceable pledge before its expiry: the
   * pledged units move from the pledgor's holding to the pledgee's account,
   * as a delivery (the bond ISSUED, its register open).
   */
  @Transaction()
  @Returns('string')
  async EnforcePledge(ctx: BondContext, pledgeId: string, requestJson: string): Promise<string> {
    const input = parseJsonObject(requestJson, 'request');
    const enforced = await this.#enforce(ctx, await readPledge(ctx, pledgeId), input.accountId);
    return this.#savePledge(ctx, enforced, BondEvent.PLEDGE_ENFORCED);
  }

  /**
   * The borrower proposes a pledged repo of free units of one of its
   * holdings to a lender (a member that can hold bonds). The chaincode fixes
   * the term's days, the exact interest and the repurchase amount. Returns
   * the repo (id = transaction id).
   */
  @Transaction()
  @Returns('string')
  async ProposeRepo(ctx: BondContext, requestJson: string): Promise<string> {
    const input = parseJsonObject(requestJson, 'request');
    const isin = requireText(input.isin, 'isin', 12);
    requireStatus(isin, (await requireBond(ctx, isin)).status, 'ISSUED');
    const repo = proposeRepo(input, isin, ctx.auth.mspId, changeStamp(ctx));
    await this.#requirePledgee(ctx, repo.lender, 'lender');
    // Checked again at opening; refusing early spares the lender a repo that cannot open.
    await this.#assertFree(ctx, { isin, holder: repo.borrower, accountId: repo.accountId }, BigInt(repo.units));
    return this.#saveRepo(ctx, repo, BondEvent.REPO_PROPOSED);
  }

  /** The lender agrees to a proposed repo: the CSD may now confirm its opening cash. */
  @Transaction()
  @Returns('string')
  async AgreeRepo(ctx: BondContext, repoId: string): Promise<string> {
    const agreed = agreeRepo(await this.#repo(ctx, repoId), ctx.auth.mspId, changeStamp(ctx));
    return this.#saveRepo(ctx, agreed, BondEvent.REPO_AGREED);
  }

  /** Either party withdraws a repo before its opening. */
  @Transaction()
  @Returns('string')
  async CancelRepo(ctx: BondContext, repoId: string): Promise<string> {
    const cancelled = cancelRepo(await this.#repo(ctx, repoId), ctx.auth.mspId, changeStamp(ctx));
    return this.#saveRepo(ctx, cancelled, BondEvent.REPO_CANCELLED);
  }

  /**
   * The CSD confirms the lender paid the opening cash: the borrower's units
   * are pledged to the lender (enforceable, no expiry; id = this
   * transaction's) as the borrower instructed by proposing, and the repo is OPEN.
   */
  @Transaction()
  @Returns('string')
  async ConfirmRepoOpening(ctx: BondContext, repoId: string): Promise<string> {
    const repo = await this.#repo(ctx, repoId);
    const stamp = changeStamp(ctx);
    const opened = openRepo(repo, stamp.txId, stamp);
    requireStatus(repo.isin, (await requireBond(ctx, repo.isin)).status, 'ISSUED');
    const request = {
      holder: repo.borrower,
      accountId: repo.accountId,
      pledgee: repo.lender,
      units: repo.units,
      reference: `repo ${repo.repoId}`,
      enforceable: true,
    };
    const pledge = createPledge(request, repo.isin, repo.borrower, stamp);
    await this.#encumber(ctx, pledge);
    await writePledge(ctx, pledge);
    return this.#saveRepo(ctx, opened, BondEvent.REPO_OPENED);
  }

  /** The CSD confirms the borrower paid the repurchase amount, on the term date or earlier: the pledge is released. */
  @Transaction()
  @Returns('string')
  async ConfirmRepoClosing(ctx: BondContext, repoId: string): Promise<string> {
    const repo = await this.#repo(ctx, repoId);
    const stamp = changeStamp(ctx);
    const closed = closeRepo(repo, stamp);
    // The lender agreed to release on repayment; the CSD's confirmation acts for it.
    await writePledge(ctx, releasePledge(await readPledge(ctx, repo.pledgeId ?? ''), repo.lender, stamp));
    return this.#saveRepo(ctx, closed, BondEvent.REPO_CLOSED);
  }

  /**
   * The lender enforces an OPEN repo from its term date on (not repaid): the
   * pledge is enforced, the pledged units move to the lender's account.
   */
  @Transaction()
  @Returns('string')
  async EnforceRepo(ctx: BondContext, repoId: string, requestJson: string): Promise<string> {
    const input = parseJsonObject(requestJson, 'request');
    const repo = await this.#repo(ctx, repoId);
    const defaulted = defaultRepo(repo, ctx.auth.mspId, changeStamp(ctx));
    await writePledge(ctx, await this.#enforce(ctx, await readPledge(ctx, repo.pledgeId ?? ''), input.accountId));
    return this.#saveRepo(ctx, defaulted, BondEvent.REPO_DEFAULTED);
  }

  /** A repo its lender, or anyone who may read its borrower's records, may read. */
  @Transaction(false)
  @Returns('string')
  async GetRepo(ctx: BondContext, repoId: string): Promise<string> {
    const repo = await this.#repo(ctx, repoId);
    if (ctx.auth.mspId !== repo.lender) assertMayRead(ctx.auth, repo.borrower);
    return canonicalJson(repo);
  }

  /** OPEN repos whose term date is at or before `asOf` (YYYY-MM-DD), earliest first, at most 100: the scheduler's list (CSD). */
  @Transaction(false)
  @Returns('string')
  async ListDueRepos(ctx: BondContext, asOf: string): Promise<string> {
    const cutoff = requireDate(asOf, 'asOf');
    const due: Repo[] = [];
    // Keys sort by term date: stop at the first one not yet due (leaving the loop closes the iterator).
    for await (const row of ctx.stub.getStateByPartialCompositeKey(KeyType.OPEN_REPO, [])) {
      const [termDate = '', repoId = ''] = ctx.stub.splitCompositeKey(row.key).attributes;
      if (termDate > cutoff || due.length >= DUE_REPOS_PER_ANSWER) break;
      due.push(await this.#repo(ctx, repoId));
    }
    return canonicalJson(due);
  }

  /** A pledge its pledgee, or anyone who may read its pledgor's records, may read. */
  @Transaction(false)
  @Returns('string')
  async GetPledge(ctx: BondContext, pledgeId: string): Promise<string> {
    const pledge = await readPledge(ctx, pledgeId);
    if (ctx.auth.mspId !== pledge.pledgee) assertMayRead(ctx.auth, pledge.pledgor);
    return canonicalJson(pledge);
  }

  /** The ACTIVE pledges of a holding, in pledge id order. */
  @Transaction(false)
  @Returns('string')
  async ListPledgesOfHolding(ctx: BondContext, isin: string, holder: string, accountId: string): Promise<string> {
    assertMayRead(ctx.auth, holder);
    const pledges: Pledge[] = [];
    for (const row of await recordsUnder<{ units: string }>(ctx.stub, KeyType.ACTIVE_PLEDGE, [isin, holder, accountId])) {
      const [, , , pledgeId = ''] = ctx.stub.splitCompositeKey(row.key).attributes;
      pledges.push(await readPledge(ctx, pledgeId));
    }
    return canonicalJson(pledges);
  }

  /**
   * A bond's pledges of every status, by pledgee then pledge id, or only
   * those to `pledgee` (empty: all), a page at a time. A suspended member
   * sees the pledges it gave or holds.
   */
  @Transaction(false)
  @Returns('string')
  async ListPledgesOfBond(ctx: BondContext, isin: string, pledgee: string, pageSize: string, bookmark: string): Promise<string> {
    await requireBond(ctx, isin);
    const attributes = pledgee === '' ? [isin] : [isin, requireMspId(pledgee, 'pledgee')];
    return this.#pledgePage(ctx, KeyType.PLEDGE_BY_BOND, attributes, pageSize, bookmark);
  }

  /** The pledges to a pledgee across bonds, of every status, by bond then pledge id, a page at a time (as ListPledgesOfBond). */
  @Transaction(false)
  @Returns('string')
  async ListPledgesOfPledgee(ctx: BondContext, pledgee: string, pageSize: string, bookmark: string): Promise<string> {
    return this.#pledgePage(ctx, KeyType.PLEDGE_BY_PLEDGEE, [requireMspId(pledgee, 'pledgee')], pageSize, bookmark);
  }

  /**
   * ACTIVE pledges whose expiry is at or before `asOf` (ISO instant),
   * earliest first, a page at a time: what the scheduler reports (CSD). The
   * page ends at the first pledge not yet expired.
   */
  @Transaction(false)
  @Returns('string')
  async ListExpiredPledges(ctx: BondContext, asOf: string, pageSize: string, bookmark: string): Promise<string> {
    const cutoff = requireInstant(asOf, 'asOf');
    const page = await pageOfRows(ctx.stub, KeyType.EXPIRING_PLEDGE, [], parsePageSize(pageSize), bookmark);
    const records: Pledge[] = [];
    for (const row of page.records) {
      const [expiresAt = '', pledgeId = ''] = ctx.stub.splitCompositeKey(row.key).attributes;
      if (expiresAt > cutoff) return canonicalJson({ records, bookmark: '', fetchedRecordsCount: records.length });
      records.push(await readPledge(ctx, pledgeId));
    }
    return canonicalJson({ ...page, records });
  }

  /** A bond's repos of every status, in repo id order, a page at a time. A suspended member sees those it is a party to. */
  @Transaction(false)
  @Returns('string')
  async ListReposOfBond(ctx: BondContext, isin: string, pageSize: string, bookmark: string): Promise<string> {
    await requireBond(ctx, isin);
    const page = await pageOfRows(ctx.stub, KeyType.REPO_BY_BOND, [isin], parsePageSize(pageSize), bookmark);
    const records: Repo[] = [];
    for (const row of page.records) {
      const [, repoId = ''] = ctx.stub.splitCompositeKey(row.key).attributes;
      const repo = await this.#repo(ctx, repoId);
      if (this.#mayList(ctx, repo.borrower, repo.lender)) records.push(repo);
    }
    return canonicalJson({ ...page, records });
  }

  @Transaction(false)
  @Returns('string')
  async GetHolding(ctx: BondContext, isin: string, holder: string, accountId: string): Promise<string> {
    assertMayRead(ctx.auth, holder);
    const id = { isin, holder, accountId };
    const holding = await readHolding(ctx, id);
    if (!holding) throw new ChaincodeError(ErrorCode.NOT_FOUND, `${holder}/${accountId} holds no ${isin}`);
    const frozen = await frozenUnits(ctx, id);
    const pledged = await pledgedUnits(ctx, id);
    const locked = await lockedUnits(ctx, id);
    const position: HoldingPosition = {
      ...holding,
      frozenUnits: frozen.toString(),
      pledgedUnits: pledged.toString(),
      lockedUnits: locked.toString(),
      availableUnits: holdingRules.available(BigInt(holding.units), frozen, pledged, locked).toString(),
    };
    return canonicalJson(position);
  }

  /** The register of holders of a bond, a page at a time. */
  @Transaction(false)
  @Returns('string')
  async ListHoldersOfBond(ctx: BondContext, isin: string, pageSize: string, bookmark: string): Promise<string> {
    const bond = await requireBond(ctx, isin);
    assertMayRead(ctx.auth, bond.issuer);
    return canonicalJson(await pageOfRecords<Holding>(ctx.stub, KeyType.HOLDING, [isin], parsePageSize(pageSize), bookmark));
  }

  /** A holder's holdings across bonds and accounts, a page at a time. */
  @Transaction(false)
  @Returns('string')
  async ListHoldingsOfHolder(ctx: BondContext, holder: string, pageSize: string, bookmark: string): Promise<string> {
    assertMayRead(ctx.auth, holder);
    const page = await pageOfRows(ctx.stub, KeyType.HOLDING_BY_HOLDER, [holder], parsePageSize(pageSize), bookmark);
    const records: Holding[] = [];
    for (const row of page.records) {
      const [, isin = '', accountId = ''] = ctx.stub.splitCompositeKey(row.key).attributes;
      const holding = await readHolding(ctx, { isin, holder, accountId });
      if (holding) records.push(holding);
    }
    return canonicalJson({ ...page, records });
  }

  /** Outstanding units of a bond: the sum of all holdings. */
  @Transaction(false)
  @Returns('string')
  async GetOutstanding(ctx: BondContext, isin: string): Promise<string> {
    const bond = await requireBond(ctx, isin);
    let outstanding = 0n;
    let holders = 0;
    for (const { value } of await recordsUnder<Holding>(ctx.stub, KeyType.HOLDING, [isin])) {
      const units = BigInt(value.units);
      outstanding += units;
      if (units > 0n) holders++;
    }
    const answer: Outstanding = { isin, outstandingUnits: outstanding.toString(), holders, status: bond.status };
    return canonicalJson(answer);
  }

  @Transaction(false)
  @Returns('string')
  async GetTransfer(ctx: BondContext, transferId: string): Promise<string> {
    return canonicalJson(await this.#readableTransfer(ctx, transferId));
  }

  /** The listed transfers (request as for ConfirmTransferCashBatch), in that order, each with GetTransfer's read check. */
  @Transaction(false)
  @Returns('string')
  async GetTransfers(ctx: BondContext, requestJson: string): Promise<string> {
    const transfers: Transfer[] = [];
    for (const transferId of parseTransferBatch(requestJson)) transfers.push(await this.#readableTransfer(ctx, transferId));
    return canonicalJson(transfers);
  }

  @Transaction(false)
  @Returns('string')
  async GetHoldingHistory(ctx: BondContext, isin: string, holder: string, accountId: string): Promise<string> {
    assertMayRead(ctx.auth, holder);
    const history = await historyOf<Holding>(ctx.stub, holdingKey(ctx, { isin, holder, accountId }));
    return canonicalJson(history.map(({ value, ...entry }): HoldingHistoryEntry => ({ ...entry, holding: value })));
  }

  async #settle(ctx: BondContext, transfer: Transfer): Promise<string> {
    const settled = await this.#settled(ctx, transfer);
    const { from, to, units } = deliveryOf(transfer);
    await moveUnits(ctx, from, to, units);
    return this.#saveTransfer(ctx, settled, BondEvent.TRANSFER_SETTLED);
  }

  /** A DvP transfer whose cash leg the CSD confirms, stamped with this change. */
  async #withCashLeg(ctx: BondContext, transferId: string): Promise<Transfer> {
    const transfer = await this.#transfer(ctx, transferId);
    requireCashLeg(transfer);
    return { ...transfer, lastChange: changeStamp(ctx) };
  }

  /**
   * The transfer as SETTLED, once the checks of every settlement pass.
   * `checkedBonds` lists bonds whose delivery window this transaction has
   * already checked (a batch reads each bond once).
   */
  async #settled(ctx: BondContext, transfer: Transfer, checkedBonds = new Set<string>()): Promise<Transfer> {
    const now = ctx.stub.getDateTimestamp().toISOString();
    requireNotExpired(transfer, now);
    requireSettlementDateReached(transfer, now);
    if (!checkedBonds.has(transfer.isin)) {
      // Once a redemption's record date has passed (or a record date's entitlements are fixed today), nothing settles.
      await requireDeliveryOpen(ctx, await requireBond(ctx, transfer.isin));
      checkedBonds.add(transfer.isin);
    }
    return { ...transfer, status: transferTransition(transfer, 'SETTLED') };
  }

  /** Writes the instruction, announces it as the transaction's event, and returns it. */
  async #saveTransfer(ctx: BondContext, transfer: Transfer, event: string): Promise<string> {
    await this.#writeTransfer(ctx, transfer);
    emitEvent(ctx.stub, event, transfer);
    return canonicalJson(transfer);
  }

  /** Writes the instruction and keeps the index of open instructions by expiry in step with its status. */
  async #writeTransfer(ctx: BondContext, transfer: Transfer): Promise<void> {
    const indexRow = key(ctx.stub, KeyType.OPEN_TRANSFER, transfer.expiresAt, transfer.transferId);
    if (isOpen(transfer)) await writeRecord(ctx.stub, indexRow, { transferId: transfer.transferId });
    else await ctx.stub.deleteState(indexRow);
    await writeRecord(ctx.stub, key(ctx.stub, KeyType.TRANSFER, transfer.transferId), transfer);
  }

  async #changeFreeze(ctx: BondContext, requestJson: string, sign: 1n | -1n): Promise<string> {
    const input = parseJsonObject(requestJson, 'request');
    const id: HoldingId = {
      isin: requireText(input.isin, 'isin', 12),
      holder: requireMspId(input.holder, 'holder'),
      accountId: requireAccountId(input.accountId),
    };
    const units = parseUnits(input.units, 'units');
    const holding = await readHolding(ctx, id);
    if (!holding) throw new ChaincodeError(ErrorCode.NOT_FOUND, `${id.holder}/${id.accountId} holds no ${id.isin}`);
    const current = await frozenUnits(ctx, id);
    if (sign < 0n && units > current) throw invalid(`only ${current} units are frozen`);
    const freeze: Freeze = {
      ...id,
      units: holdingRules
        .setFrozen(BigInt(holding.units), current + sign * units, await pledgedUnits(ctx, id), await lockedUnits(ctx, id))
        .toString(),
      previousUnits: current.toString(),
      reason: requireText(input.reason, 'reason', 500),
      lastChange: changeStamp(ctx),
    };
    return recordAndAnnounce(ctx.stub, freezeKey(ctx, id), freeze, BondEvent.HOLDING_FROZEN);
  }

  async #assertFree(ctx: BondContext, id: HoldingId, units: bigint): Promise<void> {
    const holding = await readHolding(ctx, id);
    holdingRules.debit(holding ? BigInt(holding.units) : 0n, await encumberedUnits(ctx, id), units);
  }

  /** A member in good standing that can hold bonds: only such a member may release or enforce (the access policy's HOLDER rule). */
  async #requirePledgee(ctx: BondContext, mspId: string, field: string): Promise<void> {
    const member = await readRecord<Member>(ctx.stub, memberKey(ctx.stub, mspId));
    if (member?.status !== 'ACTIVE') throw invalid(`${field} ${mspId} is not a member in good standing`);
    if (!member.roles.some((role) => HOLDER_ROLES.includes(role))) {
      throw invalid(`${field} ${mspId} holds none of the roles that may release or enforce a pledge: ${HOLDER_ROLES.join(', ')}`);
    }
  }

  /** Refuses a pledge for more than the free units of its holding. */
  async #encumber(ctx: BondContext, pledge: Pledge): Promise<void> {
    const id: HoldingId = { isin: pledge.isin, holder: pledge.pledgor, accountId: pledge.accountId };
    const holding = await readHolding(ctx, id);
    if (!holding) throw new ChaincodeError(ErrorCode.NOT_FOUND, `${id.holder}/${id.accountId} holds no ${id.isin}`);
    const locked = await lockedUnits(ctx, id);
    holdingRules.pledge(BigInt(holding.units), await frozenUnits(ctx, id), await pledgedUnits(ctx, id), BigInt(pledge.units), locked);
  }

  /** The caller's enforcement of a pledge: its units move to the pledgee's account (the bond ISSUED, its register open). */
  async #enforce(ctx: BondContext, pledge: Pledge, accountId: unknown): Promise<Pledge> {
    const enforced = enforcePledge(pledge, ctx.auth.mspId, accountId, changeStamp(ctx));
    const bond = await requireBond(ctx, enforced.isin);
    requireStatus(bond.isin, bond.status, 'ISSUED');
    await requireDeliveryOpen(ctx, bond);
    const units = BigInt(enforced.units);
    const from: HoldingId = { isin: bond.isin, holder: enforced.pledgor, accountId: enforced.accountId };
    await moveUnits(ctx, from, { isin: bond.isin, holder: enforced.pledgee, accountId: enforced.enforcedTo ?? '' }, units, units);
    return enforced;
  }

  /**
   * Writes the repo, keeps the index of OPEN repos by term date in step,
   * announces it and returns it. A proposal also gets its row in the list
   * of the bond's repos.
   */
  async #saveRepo(ctx: BondContext, repo: Repo, event: string): Promise<string> {
    const indexRow = key(ctx.stub, KeyType.OPEN_REPO, repo.termDate, repo.repoId);
    if (repo.status === 'OPEN') await writeRecord(ctx.stub, indexRow, { repoId: repo.repoId });
    else await ctx.stub.deleteState(indexRow);
    if (repo.status === 'PROPOSED') await ctx.stub.putState(key(ctx.stub, KeyType.REPO_BY_BOND, repo.isin, repo.repoId), EMPTY);
    await writeRecord(ctx.stub, key(ctx.stub, KeyType.REPO, repo.repoId), repo);
    emitEvent(ctx.stub, event, repo);
    return canonicalJson(repo);
  }

  #repo(ctx: BondContext, repoId: string): Promise<Repo> {
    return requireRecord<Repo>(ctx.stub, key(ctx.stub, KeyType.REPO, repoId), `repo ${repoId}`);
  }

  /** One page of pledges through a list index whose rows end with the pledge id (see ListPledgesOfBond). */
  async #pledgePage(ctx: BondContext, index: KeyTypeName, attributes: string[], pageSize: string, bookmark: string): Promise<string> {
    const page = await pageOfRows(ctx.stub, index, attributes, parsePageSize(pageSize), bookmark);
    const records: Pledge[] = [];
    for (const row of page.records) {
      const [, , pledgeId = ''] = ctx.stub.splitCompositeKey(row.key).attributes;
      const pledge = await readPledge(ctx, pledgeId);
      if (this.#mayList(ctx, pledge.pledgor, pledge.pledgee)) records.push(pledge);
    }
    return canonicalJson({ ...page, records });
  }

  /** A list shows a record to a caller that reads everything, and to a suspended member only if it is one of the parties. */
  #mayList(ctx: BondContext, ...parties: string[]): boolean {
    return ctx.auth.readScope === 'all' || parties.includes(ctx.auth.mspId);
  }

  /** Writes the pledge, announces it as the transaction's event, and returns it. */
  async #savePledge(ctx: BondContext, pledge: Pledge, event: string): Promise<string> {
    await writePledge(ctx, pledge);
    emitEvent(ctx.stub, event, pledge);
    return canonicalJson(pledge);
  }

  #transfer(ctx: BondContext, transferId: string): Promise<Transfer> {
    return requireRecord<Transfer>(ctx.stub, key(ctx.stub, KeyType.TRANSFER, transferId), `transfer ${transferId}`);
  }

  /** A transfer its buyer, or anyone who may read its seller's records, may read. */
  async #readableTransfer(ctx: BondContext, transferId: string): Promise<Transfer> {
    const transfer = await this.#transfer(ctx, transferId);
    if (ctx.auth.mspId !== transfer.to) assertMayRead(ctx.auth, transfer.from);
    return transfer;
  }
}
