/**
 * Primary settlement, delivery versus payment. The CSD starts settlement of
 * an allocated bond: one instruction per allocation line, pending the cash
 * leg, created in bounded steps (PRIMARY_SETTLEMENT_LINES_PER_CALL lines per
 * call; domain/primary-settlement.ts). When the CSD confirms the cash, the
 * investor's holding is credited; a failed cash leg credits nothing (the
 * securities leg unwinds, and those units are never issued). Outstanding =
 * Σ holdings, always: nothing else counts the bond's units.
 */
import { Info, Returns, Transaction } from 'fabric-contract-api';
import {
  type Allocation,
  BondEvent,
  ChaincodeError,
  ErrorCode,
  type Holding,
  PRIMARY_SETTLEMENT_LINES_PER_CALL,
  type PrimarySettlementBatch,
  type PrimarySettlementProgress,
  type SettlementInstruction,
} from '../api';
import { assertMayRead } from '../domain/access';
import { canonicalJson } from '../domain/canonical-json';
import { requireCashPays } from '../domain/cash-lock-proof';
import { parsePercent } from '../domain/decimal';
import { firstLineToSettle, issuanceBlocker, linesOfCall, primaryCash } from '../domain/primary-settlement';
import { requireText } from '../domain/validation';
import { advanceBond, requireBond, requireStatus } from '../ledger/bonds-store';
import { useCashLock, verifiedCashLock } from '../ledger/cash-ledger-store';
import { BondContext } from '../ledger/context';
import { GuardedContract } from '../ledger/guarded-contract';
import { creditHolding } from '../ledger/holdings-store';
import { isAfterFirstRecordDate, requireBeforeFirstRecordDate } from '../ledger/register';
import { key, KeyType } from '../ledger/keys';
import {
  changeStamp,
  emitEvent,
  pageOfRecords,
  parsePageSize,
  readRecord,
  recordAndAnnounce,
  recordsUnder,
  requireRecord,
  writeRecord,
} from '../ledger/state';

@Info({ title: 'Settlement', description: 'Primary DvP settlement and completion of issuance' })
export class SettlementContract extends GuardedContract {
  constructor() {
    super('Settlement');
  }

  /**
   * Creates the instructions of the next PRIMARY_SETTLEMENT_LINES_PER_CALL
   * allocation lines; the first call moves the bond ALLOCATED → SETTLING.
   * Call again while the answer's linesRemaining > 0; once every line is
   * done a further call is refused (INVALID_STATE_TRANSITION).
   */
  @Transaction()
  @Returns('string')
  async StartPrimarySettlement(ctx: BondContext, isin: string): Promise<string> {
    const bond = await requireBond(ctx, isin);
    const progressKey = key(ctx.stub, KeyType.PRIMARY_SETTLEMENT, isin);
    const progress = await readRecord<PrimarySettlementProgress>(ctx.stub, progressKey);
    const from = firstLineToSettle(isin, bond.status, progress);
    await requireBeforeFirstRecordDate(ctx, bond);
    const allocation = await requireRecord<Allocation>(ctx.stub, key(ctx.stub, KeyType.ALLOCATION, isin), `the allocation of ${isin}`);
    const stamp = changeStamp(ctx);
    const price = parsePercent(bond.terms.issuePrice, 'issuePrice');
    const denomination = BigInt(bond.terms.specifiedDenomination);
    const { lines, linesDone } = linesOfCall(allocation.lines, from, PRIMARY_SETTLEMENT_LINES_PER_CALL);
    const instructions: SettlementInstruction[] = lines
      .filter((line) => BigInt(line.units) > 0n)
      .map((line) => ({
        settlementId: `P-${line.bidder}-${line.accountId}`,
        isin,
        kind: 'PRIMARY',
        deliverer: bond.issuer,
        receiver: line.bidder,
        receiverAccount: line.accountId,
        units: line.units,
        price: bond.terms.issuePrice,
        cashAmount: primaryCash(BigInt(line.units), denomination, price).toString(),
        status: 'PENDING_CASH',
        created: stamp,
        lastChange: stamp,
      }));
    for (const instruction of instructions) {
      await writeRecord(ctx.stub, key(ctx.stub, KeyType.SETTLEMENT, isin, instruction.settlementId), instruction);
    }
    const linesTotal = allocation.lines.length;
    const next: PrimarySettlementProgress = { isin, linesTotal, linesDone, started: progress?.started ?? stamp, lastChange: stamp };
    await writeRecord(ctx.stub, progressKey, next);
    if (bond.status === 'ALLOCATED') await advanceBond(ctx, bond, 'SETTLING');
    const batch: PrimarySettlementBatch = { isin, instructions, linesTotal, linesDone, linesRemaining: linesTotal - linesDone };
    emitEvent(ctx.stub, BondEvent.PRIMARY_SETTLEMENT_STARTED, batch);
    return canonicalJson(batch);
  }

  /** The CSD confirms the cash leg; the securities leg settles into the investor's account. */
  @Transaction()
  @Returns('string')
  async ConfirmCash(ctx: BondContext, isin: string, settlementId: string): Promise<string> {
    const instruction = await this.#pending(ctx, isin, settlementId);
    // Holders registered after a record date would miss what fell due: issuance settles before the first.
    await requireBeforeFirstRecordDate(ctx, await requireBond(ctx, isin));
    return this.#settle(ctx, instruction);
  }

  /**
   * The cash leg proven instead of confirmed: settles a pending instruction
   * on proof (base64 of the cash chaincode's endorsed Htlc:AttestLock
   * envelope, see CrossLedger) of a CLAIMED cash lock that paid the
   * instruction's cash amount in the bond's currency from the investor to
   * the issuer. By the investor, the issuer or the CSD; a cash lock settles
   * one instruction only. The securities leg then settles as ConfirmCash's.
   */
  @Transaction()
  @Returns('string')
  async ConfirmCashByProof(ctx: BondContext, isin: string, settlementId: string, proofBase64: string): Promise<string> {
    const instruction = await this.#pending(ctx, isin, settlementId);
    const caller = ctx.auth.mspId;
    if (caller !== instruction.receiver && caller !== instruction.deliverer && caller !== ctx.csd) {
      throw new ChaincodeError(
        ErrorCode.NOT_A_PARTY,
        `only the investor ${instruction.receiver}, the issuer ${instruction.deliverer} or the CSD settle ${settlementId}`,
      );
    }
    const bond = await requireBond(ctx, isin);
    await requireBeforeFirstRecordDate(ctx, bond);
    const verified = await verifiedCashLock(ctx, proofBase64);
    requireCashPays(instruction, bond.terms.specifiedCurrency, verified);
    await useCashLock(ctx, verified, 'Settlement:ConfirmCashByProof', `${isin}/${settlementId}`);
    return this.#settle(ctx, instruction);
  }

  /** The securities leg of a pending instruction whose cash is settled: the investor's holding is credited. */
  async #settle(ctx: BondContext, instruction: SettlementInstruction): Promise<string> {
    const { isin, settlementId } = instruction;
    const holding: Holding = await creditHolding(
      ctx,
      { isin, holder: instruction.receiver, accountId: instruction.receiverAccount },
      BigInt(instruction.units),
    );
    const settled: SettlementInstruction = { ...instruction, status: 'SETTLED', lastChange: changeStamp(ctx) };
    await writeRecord(ctx.stub, key(ctx.stub, KeyType.SETTLEMENT, isin, settlementId), settled);
    emitEvent(ctx.stub, BondEvent.SETTLEMENT_SETTLED, { settlement: settled, holding });
    return canonicalJson(settled);
  }

  /** The cash leg failed: nothing is credited and the instruction is closed. */
  @Transaction()
  @Returns('string')
  async FailCash(ctx: BondContext, isin: string, settlementId: string, reason: string): Promise<string> {
    const instruction = await this.#pending(ctx, isin, settlementId);
    const failed: SettlementInstruction = {
      ...instruction,
      status: 'FAILED',
      failureReason: requireText(reason, 'reason', 500),
      lastChange: changeStamp(ctx),
    };
    return recordAndAnnounce(ctx.stub, key(ctx.stub, KeyType.SETTLEMENT, isin, settlementId), failed, BondEvent.SETTLEMENT_FAILED);
  }

  /** Once every allocation line has its instruction and every instruction is settled or failed, the bond is ISSUED. */
  @Transaction()
  @Returns('string')
  async CompleteIssuance(ctx: BondContext, isin: string): Promise<string> {
    const bond = await requireBond(ctx, isin);
    requireStatus(isin, bond.status, 'SETTLING');
    // A bond that started settling before progress was recorded got every instruction in one call.
    const progress = await readRecord<PrimarySettlementProgress>(ctx.stub, key(ctx.stub, KeyType.PRIMARY_SETTLEMENT, isin));
    const linesRemaining = progress ? progress.linesTotal - progress.linesDone : 0;
    const instructions = (await recordsUnder<SettlementInstruction>(ctx.stub, KeyType.SETTLEMENT, [isin])).map((r) => r.value);
    const pending = instructions.filter((i) => i.status === 'PENDING_CASH').map((i) => i.settlementId);
    const blocker = issuanceBlocker(isin, linesRemaining, linesRemaining > 0 && (await isAfterFirstRecordDate(ctx, bond)), pending);
    if (blocker) throw new ChaincodeError(ErrorCode.INVALID_STATE_TRANSITION, blocker);
    const issued = await advanceBond(ctx, bond, 'ISSUED');
    const issuedUnits = instructions.filter((i) => i.status === 'SETTLED').reduce((sum, i) => sum + BigInt(i.units), 0n);
    emitEvent(ctx.stub, BondEvent.ISSUANCE_COMPLETED, { isin, issuedUnits: issuedUnits.toString() });
    return canonicalJson(issued);
  }

  @Transaction(false)
  @Returns('string')
  async ListSettlements(ctx: BondContext, isin: string, pageSize: string, bookmark: string): Promise<string> {
    const bond = await requireBond(ctx, isin);
    const page = await pageOfRecords<SettlementInstruction>(ctx.stub, KeyType.SETTLEMENT, [isin], parsePageSize(pageSize), bookmark);
    if (ctx.auth.readScope === 'own' && ctx.auth.mspId !== bond.issuer) {
      page.records = page.records.filter((i) => i.receiver === ctx.auth.mspId);
    }
    return canonicalJson(page);
  }

  @Transaction(false)
  @Returns('string')
  async GetSettlement(ctx: BondContext, isin: string, settlementId: string): Promise<string> {
    const instruction = await requireRecord<SettlementInstruction>(
      ctx.stub,
      key(ctx.stub, KeyType.SETTLEMENT, isin, settlementId),
      `settlement ${settlementId} of ${isin}`,
    );
    if (ctx.auth.mspId !== instruction.deliverer) assertMayRead(ctx.auth, instruction.receiver);
    return canonicalJson(instruction);
  }

  async #pending(ctx: BondContext, isin: string, settlementId: string): Promise<SettlementInstruction> {
    const instruction = await requireRecord<SettlementInstruction>(
      ctx.stub,
      key(ctx.stub, KeyType.SETTLEMENT, isin, settlementId),
      `settlement ${settlementId} of ${isin}`,
    );
    if (instruction.status !== 'PENDING_CASH') {
      throw new ChaincodeError(ErrorCode.INVALID_STATE_TRANSITION, `settlement ${settlementId} is ${instruction.status}`);
    }
    return instruction;
  }
}
