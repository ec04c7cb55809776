/**
 * Base class of every contract: runs the access layer before any
 * transaction function. The rule comes from ACCESS_POLICY; the facts from
 * the signed proposal (MSP ID, certificate attribute, transaction
 * timestamp) and the member registry. A refusal throws before the function
 * body, so nothing is written.
 */
import { Contract } from 'fabric-contract-api';
import type { ChaincodeStub } from 'fabric-shim-api';
import { ChaincodeError, ErrorCode, IDENTITY_ROLE_ATTRIBUTE, type Member, type PlatformConfig } from '../api';
import { authorize, parseIdentityRoles } from '../domain/access';
import { accessRuleFor } from '../domain/access-policy';
import { requireTimestampWithinTolerance } from '../domain/transaction-time';
import { requireArgumentCount, requireArgumentSizes } from './arguments';
import { BondContext, type Clock } from './context';
import { refuseUnknownContracts } from './dispatch';
import { configKey, memberKey } from './keys';
import { readRecord } from './state';

export abstract class GuardedContract extends Contract {
  constructor(name: string) {
    super(name);
    // Unknown contract names are refused with FUNCTION_NOT_ALLOWED too, not with the contract API's own text.
    refuseUnknownContracts();
  }

  /** The shim calls this with no argument: the peer's clock is then Date.now. */
  override createContext(peerClock?: Clock): BondContext {
    return new BondContext((stub) => {
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
    if (accessRuleFor(fn) === undefined) return; // refused as FUNCTION_NOT_ALLOWED by the hooks below
    const method: unknown = Reflect.get(this, fn.slice(fn.indexOf(':') + 1));
    // A transaction function's declared parameters: the context, then its arguments.
    if (typeof method === 'function') requireArgumentCount(fn, method.length - 1, params.length);
  }

  override async beforeTransaction(ctx: BondContext): Promise<void> {
    const fn = qualifiedFunctionName(this.getName(), ctx.stub.getFunctionAndParameters().fcn);
    const rule = accessRuleFor(fn);
    if (rule === undefined) {
      throw new ChaincodeError(ErrorCode.FUNCTION_NOT_ALLOWED, `${fn} has no access rule`);
    }
    if (rule.kind !== 'read') {
      // The one place the chaincode reads the local clock (the peer's, at
      // endorsement). It can only refuse, and a refusal writes nothing: if
      // endorsers' clocks disagree about a proposal near the edge, that
      // proposal just fails to collect its endorsements. The read and write
      // sets of an accepted proposal still depend on the transaction alone,
      // so endorsements stay deterministic. Queries are not checked.
      requireTimestampWithinTolerance(ctx.stub.getDateTimestamp().getTime(), ctx.peerClock());
    }
    const mspId = ctx.clientIdentity.getMSPID();
    const config = await readRecord<PlatformConfig>(ctx.stub, configKey(ctx.stub));
    ctx.csdMspId = config?.csdMspId;
    ctx.authorization = authorize(rule, {
      mspId,
      identityRoles: parseIdentityRoles(ctx.clientIdentity.getAttributeValue(IDENTITY_ROLE_ATTRIBUTE)),
      member: await readRecord<Member>(ctx.stub, memberKey(ctx.stub, mspId)),
      csdMspId: config?.csdMspId,
    });
  }

  override unknownTransaction(ctx: BondContext): Promise<void> {
    const fn = ctx.stub.getFunctionAndParameters().fcn;
    return Promise.reject(new ChaincodeError(ErrorCode.FUNCTION_NOT_ALLOWED, `no transaction function ${fn}`));
  }
}

/**
 * `AdmitMember` or `Membership:AdmitMember` → `Membership:AdmitMember`, split
 * as the contract API splits it (the contract name up to the first ':', an
 * empty one meaning the default contract). A name for another contract
 * (`Foo:AdmitMember`, which reaches the default contract only to be refused,
 * see ./dispatch.ts) stays as it is and so has no access rule.
 */
export function qualifiedFunctionName(contractName: string, fcn: string): string {
  const at = fcn.indexOf(':');
  if (at < 0) return `${contractName}:${fcn}`;
  const prefix = fcn.slice(0, at);
  return prefix.trim() === '' || prefix === contractName ? `${contractName}:${fcn.slice(at + 1)}` : fcn;
}
