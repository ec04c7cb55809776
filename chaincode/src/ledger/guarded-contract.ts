/**
 * Base class of every contract: runs the access layer before any
 * transaction function (@bond-platform/chaincode-common's
 * GuardedContractBase: input sizes and counts, the access table, the
 * transaction-time tolerance). The rule comes from ACCESS_POLICY; the facts
 * from the signed proposal (MSP ID, certificate attribute, transaction
 * timestamp) and the member registry. A refusal throws before the function
 * body, so nothing is written.
 */
import { type Guard, GuardedContractBase, parseIdentityRoles } from '@bond-platform/chaincode-common';
import { IDENTITY_ROLE_ATTRIBUTE, type Member, type PlatformConfig } from '../api';
import { type AccessRule, authorize } from '../domain/access';
import { accessRuleFor } from '../domain/access-policy';
import { refusal } from '../domain/validation';
import { ARGUMENT_LIMITS } from './arguments';
import { BondContext } from './context';
import { configKey, memberKey } from './keys';
import { readRecord } from './state';

const BOND_GUARD: Guard<BondContext, AccessRule> = {
  accessRule: accessRuleFor,
  argumentLimits: ARGUMENT_LIMITS,
  refuse: refusal,
  Context: BondContext,
  /** The CSD from the ledger's configuration, and the caller's member record. */
  async authorize(ctx, rule) {
    const mspId = ctx.clientIdentity.getMSPID();
    const config = await readRecord<PlatformConfig>(ctx.stub, configKey(ctx.stub));
    ctx.csdMspId = config?.csdMspId;
    ctx.authorization = authorize(rule, {
      mspId,
      identityRoles: parseIdentityRoles(ctx.clientIdentity.getAttributeValue(IDENTITY_ROLE_ATTRIBUTE)),
      member: await readRecord<Member>(ctx.stub, memberKey(ctx.stub, mspId)),
      csdMspId: config?.csdMspId,
    });
  },
};

export abstract class GuardedContract extends GuardedContractBase<BondContext, AccessRule> {
  protected override get guard(): Guard<BondContext, AccessRule> {
    return BOND_GUARD;
  }
}
