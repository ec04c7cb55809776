/**
 * Base class of every cash contract: runs the access layer before any
 * transaction function. The rule comes from CASH_ACCESS_POLICY; the facts
 * from the signed proposal (MSP ID, certificate attribute, transaction
 * timestamp) and the ledger's configuration. A refusal throws before the
 * function body, so nothing is written.
 */
import { Contract } from 'fabric-contract-api';
import type { ChaincodeStub } from 'fabric-shim-api';
import { type CashConfig, IDENTITY_ROLE_ATTRIBUTE } from '../api/cash';
import { CashChaincodeError, CashErrorCode } from '../api/errors';
import { authorize, parseIdentityRoles } from '../domain/access';
import { cashAccessRuleFor } from '../domain/access-policy';
import { requireTimestampWithinTolerance } from '../domain/transaction-time';
import { requireArgumentCount, requireArgumentSizes } from './arguments';
import { CashContext, type Clock } from './context';
import { refuseUnknownContracts } from './dispatch';
import { configKey } from './keys';
import { readRecord } from './state';

export abstract class CashGuardedContract extends Contract {
  constructor(name: string) {
    super(name);
    // Unknown contract names are refused with FUNCTION_NOT_ALLOWED too, not with the contract API's own text.
    refuseUnknownContracts();
  }

  /** The shim calls this with no argument: the peer's clock is then Date.now. */
  override createContext(peerClock?: Clock): CashContext {
    return new CashContext((stub) => {
      this.checkInput(stub);
    }, peerClock);
  }

  /**
   * The one input check before any parsing: argument sizes on the raw bytes
   * (see ./arguments.ts), then, for a function with an access rule, the
   * argument count its declaration takes.
   */
  checkInput(stub: ChaincodeStub): void {
    requireArgumentSizes(stub.getArgs());
    const { fcn, params } = stub.getFunctionAndParameters();
    const fn = qualifiedFunctionName(this.getName(), fcn);
    if (cashAccessRuleFor(fn) === undefined) return; // refused as FUNCTION_NOT_ALLOWED by the hooks below
    const method: unknown = Reflect.get(this, fn.slice(fn.indexOf(':') + 1));
    // A transaction function's declared parameters: the context, then its arguments.
    if (typeof method === 'function') requireArgumentCount(fn, method.length - 1, params.length);
  }

  override async beforeTransaction(ctx: CashContext): Promise<void> {
    const fn = qualifiedFunctionName(this.getName(), ctx.stub.getFunctionAndParameters().fcn);
    const rule = cashAccessRuleFor(fn);
    if (rule === undefined) {
      throw new CashChaincodeError(CashErrorCode.FUNCTION_NOT_ALLOWED, `${fn} has no access rule`);
    }
    if (rule.kind !== 'read') {
      // The one place the chaincode reads the local clock (the peer's, at
      // endorsement). It can only refuse, and a refusal writes nothing: the
      // read and write sets of an accepted proposal still depend on the
      // transaction alone, so endorsements stay deterministic. Queries are
      // not checked.
      requireTimestampWithinTolerance(ctx.now, ctx.peerClock());
    }
    const config = await readRecord<CashConfig>(ctx.stub, configKey(ctx.stub));
    ctx.config = config;
    ctx.authorization = authorize(rule, {
      mspId: ctx.clientIdentity.getMSPID(),
      identityRoles: parseIdentityRoles(ctx.clientIdentity.getAttributeValue(IDENTITY_ROLE_ATTRIBUTE)),
      operatorMspId: config?.operatorMspId,
    });
  }

  override unknownTransaction(ctx: CashContext): Promise<void> {
    const fn = ctx.stub.getFunctionAndParameters().fcn;
    return Promise.reject(new CashChaincodeError(CashErrorCode.FUNCTION_NOT_ALLOWED, `no transaction function ${fn}`));
  }
}

/**
 * `IssueCash` or `Cash:IssueCash` → `Cash:IssueCash`, split as the contract
 * API splits it (the contract name up to the first ':', an empty one meaning
 * the default contract). A name for another contract stays as it is and so
 * has no access rule.
 */
export function qualifiedFunctionName(contractName: string, fcn: string): string {
  const at = fcn.indexOf(':');
  if (at < 0) return `${contractName}:${fcn}`;
  const prefix = fcn.slice(0, at);
  return prefix.trim() === '' || prefix === contractName ? `${contractName}:${fcn.slice(at + 1)}` : fcn;
}
