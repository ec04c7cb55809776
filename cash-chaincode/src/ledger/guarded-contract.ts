/**
 * Base class of every cash contract: runs the access layer before any
 * transaction function (@bond-platform/chaincode-common's
 * GuardedContractBase: input sizes and counts, the access table, the
 * transaction-time tolerance). The rule comes from CASH_ACCESS_POLICY; the
 * facts from the signed proposal (MSP ID, certificate attribute,
 * transaction timestamp) and the ledger's configuration. A refusal throws
 * before the function body, so nothing is written.
 */
import { type Guard, GuardedContractBase, parseIdentityRoles, readRecord } from '@bond-platform/chaincode-common';
import { type CashConfig, IDENTITY_ROLE_ATTRIBUTE } from '../api/cash';
import { authorize, type CashAccessRule } from '../domain/access';
import { cashAccessRuleFor } from '../domain/access-policy';
import { refusal } from '../domain/validation';
import { ARGUMENT_LIMITS } from './arguments';
import { CashContext } from './context';
import { configKey } from './keys';

const CASH_GUARD: Guard<CashContext, CashAccessRule> = {
  accessRule: cashAccessRuleFor,
  argumentLimits: ARGUMENT_LIMITS,
  refuse: refusal,
  Context: CashContext,
  /** The payment operator from the ledger's configuration. */
  async authorize(ctx, rule) {
    const config = await readRecord<CashConfig>(ctx.stub, configKey(ctx.stub));
    ctx.config = config;
    ctx.authorization = authorize(rule, {
      mspId: ctx.clientIdentity.getMSPID(),
      identityRoles: parseIdentityRoles(ctx.clientIdentity.getAttributeValue(IDENTITY_ROLE_ATTRIBUTE)),
      operatorMspId: config?.operatorMspId,
    });
  },
};

export abstract class CashGuardedContract extends GuardedContractBase<CashContext, CashAccessRule> {
  protected override get guard(): Guard<CashContext, CashAccessRule> {
    return CASH_GUARD;
  }
}
