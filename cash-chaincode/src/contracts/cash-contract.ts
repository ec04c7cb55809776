/**
 * Cash: the payment operator's ledger of accounts. Thin: parse the
 * request, read what the rule needs, apply the domain rule, write, emit one
 * event. Who may call each function is in domain/access-policy.ts and
 * checked before these run; every check of a function comes before its
 * first write, so a refusal writes nothing. Requests and results are JSON
 * (see api/cash.ts); results are canonical JSON.
 */
import { Info, Returns, Transaction } from 'fabric-contract-api';
import { type Account, CashEvent } from '../api/cash';
import { CashChaincodeError, CashErrorCode } from '../api/errors';
import { assertMayReadAccount, requireOperatorAdmin } from '../domain/access';
import { openAccount, parseOpenAccountRequest, requireOwnAccount } from '../domain/accounts';
import { canonicalJson } from '../domain/canonical-json';
import { initialize, parseInitializeRequest } from '../domain/config';
import { requireCurrency } from '../domain/currency';
import { issue, parseIssueOrRedeemRequest, parseTransferRequest, redeem, transfer } from '../domain/movements';
import { parseJsonObject, requireAccountId, requireMspId } from '../domain/validation';
import { readAccount, readTotals, requireAccount, writeAccount, writeTotals } from '../ledger/cash-store';
// A value import: decorator metadata needs the class to recognise the context parameter.
import { CashContext } from '../ledger/context';
import { CashGuardedContract } from '../ledger/guarded-contract';
import { CashKeyType, configKey } from '../ledger/keys';
import { announceMovement } from '../ledger/movements';
import { changeStamp, emitEvent, pageOfRecords, parsePageSize, writeRecord } from '../ledger/state';

@Info({ title: 'Cash', description: 'Payment-operator-governed cash accounts in minor units: issue, redeem, transfer' })
export class CashContract extends CashGuardedContract {
  constructor() {
    super('Cash');
  }

  /**
   * Records the payment operator's MSP ID (`{"operatorMspId": "PaymentMSP"}`,
   * or `{}` for the default). Runs once, by an identity of that MSP carrying
   * bond.role=admin (the deployment calls it right after the chaincode
   * definition is committed on the cash channel).
   */
  @Transaction()
  @Returns('string')
  async Initialize(ctx: CashContext, requestJson: string): Promise<string> {
    const { operatorMspId } = parseInitializeRequest(parseJsonObject(requestJson, 'request'));
    const config = initialize(operatorMspId, ctx.config, changeStamp(ctx));
    // The same check as every operator admin function, against the MSP ID being configured.
    requireOperatorAdmin(ctx.auth, operatorMspId);
    await writeRecord(ctx.stub, configKey(ctx.stub), config);
    emitEvent(ctx.stub, CashEvent.LEDGER_INITIALIZED, config);
    return canonicalJson(config);
  }

  /** The operator's administrator opens an account (owner, accountId, currency) with a zero balance. */
  @Transaction()
  @Returns('string')
  async OpenAccount(ctx: CashContext, requestJson: string): Promise<string> {
    const request = parseOpenAccountRequest(parseJsonObject(requestJson, 'request'));
    const account = openAccount(request, await readAccount(ctx, request), changeStamp(ctx));
    await writeAccount(ctx, account);
    emitEvent(ctx.stub, CashEvent.ACCOUNT_OPENED, account);
    return canonicalJson(account);
  }

  /** The operator issues (mints) an amount into an open account: the currency's issued total grows by it. */
  @Transaction()
  @Returns('string')
  async IssueCash(ctx: CashContext, requestJson: string): Promise<string> {
    const { account: key, amount } = parseIssueOrRedeemRequest(parseJsonObject(requestJson, 'request'));
    const result = issue(await requireAccount(ctx, key), await readTotals(ctx, key.currency), amount, changeStamp(ctx));
    await writeAccount(ctx, result.account);
    await writeTotals(ctx, result.totals);
    return announceMovement(ctx, result.movement);
  }

  /** The operator redeems (burns) an amount from an account, never more than its balance: the redeemed total grows by it. */
  @Transaction()
  @Returns('string')
  async RedeemCash(ctx: CashContext, requestJson: string): Promise<string> {
    const { account: key, amount } = parseIssueOrRedeemRequest(parseJsonObject(requestJson, 'request'));
    const result = redeem(await requireAccount(ctx, key), await readTotals(ctx, key.currency), amount, changeStamp(ctx));
    await writeAccount(ctx, result.account);
    await writeTotals(ctx, result.totals);
    return announceMovement(ctx, result.movement);
  }

  /** A participant pays from an account of its own into another open account in the same currency. */
  @Transaction()
  @Returns('string')
  async TransferCash(ctx: CashContext, requestJson: string): Promise<string> {
    const instruction = parseTransferRequest(parseJsonObject(requestJson, 'request'));
    requireOwnAccount(instruction.from, ctx.auth.mspId, 'pay from');
    const from = await requireAccount(ctx, instruction.from);
    const to = await requireAccount(ctx, instruction.to);
    const result = transfer(from, to, ctx.auth.mspId, instruction.amount, changeStamp(ctx));
    await writeAccount(ctx, result.from);
    await writeAccount(ctx, result.to);
    return announceMovement(ctx, result.movement);
  }

  /** The ledger's configuration: who the payment operator is. */
  @Transaction(false)
  @Returns('string')
  GetConfig(ctx: CashContext): Promise<string> {
    return Promise.resolve(canonicalJson(ctx.configuration));
  }

  /** An account with its balance: to its owner and the operator. */
  @Transaction(false)
  @Returns('string')
  async GetAccount(ctx: CashContext, owner: string, accountId: string, currency: string): Promise<string> {
    const key = { owner: requireMspId(owner, 'owner'), accountId: requireAccountId(accountId), currency: requireCurrency(currency) };
    assertMayReadAccount(ctx.auth, key.owner);
    return canonicalJson(await requireAccount(ctx, key));
  }

  /**
   * An owner's accounts (all currencies), a page at a time: to the owner and
   * the operator. An empty `owner` lists every account, for the operator only.
   */
  @Transaction(false)
  @Returns('string')
  async ListAccounts(ctx: CashContext, owner: string, pageSize: string, bookmark: string): Promise<string> {
    const attributes = owner === '' ? [] : [requireMspId(owner, 'owner')];
    if (owner !== '') assertMayReadAccount(ctx.auth, owner);
    else if (!ctx.auth.isOperator)
      throw new CashChaincodeError(CashErrorCode.ACCESS_DENIED, 'only the payment operator lists every account');
    const page = await pageOfRecords<Account>(ctx.stub, CashKeyType.ACCOUNT, attributes, parsePageSize(pageSize), bookmark);
    return canonicalJson(page);
  }

  /** A currency's totals (issued, redeemed, outstanding = issued − redeemed): to every organisation. */
  @Transaction(false)
  @Returns('string')
  async GetTotals(ctx: CashContext, currency: string): Promise<string> {
    return canonicalJson(await readTotals(ctx, requireCurrency(currency)));
  }
}
