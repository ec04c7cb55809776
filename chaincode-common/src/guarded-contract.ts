/**
 * Base class of every contract of both chaincodes: runs the access layer
 * before any transaction function. The input check (argument sizes, then
 * the declared argument count), the refusal of functions without an access
 * rule, and the transaction-time tolerance for writes are the same on both
 * ledgers. What differs the chaincode hands the base class as its Guard:
 * its access table, its argument limits, its error class, its context, and
 * how it decides a rule from the ledger's configuration (the bond
 * chaincode's member registry, the cash ledger's payment operator). A
 * refusal throws before the function body, so nothing is written.
 */
import { Contract } from 'fabric-contract-api';
import type { ChaincodeStub } from 'fabric-shim-api';
import { type ArgumentLimits, requireArgumentCount, requireArgumentSizes } from './arguments';
import type { Clock, GuardedContext } from './context';
import { refuseUnknownContracts } from './dispatch';
import type { Refuse } from './refusal';
import { requireTimestampWithinTolerance } from './transaction-time';

/** An access rule: `read` rules (queries) skip the transaction-time check; the chaincode decides every kind. */
export interface AccessRuleKind {
  readonly kind: string;
}

/** What a chaincode hands its guard. */
export interface Guard<C extends GuardedContext<unknown>, R extends AccessRuleKind> {
  /** The chaincode's access table: the rule of `<contract>:<function>`, or undefined (refused). */
  accessRule(qualifiedFunction: string): R | undefined;
  /** Its argument size limits. */
  argumentLimits: ArgumentLimits;
  /** Its own coded error for one of the guard's refusals. */
  refuse: Refuse;
  /** Its context class, made with the input check to run when the shim sets the stub. */
  Context: new (checkInput: (stub: ChaincodeStub) => void, peerClock?: Clock) => C;
  /** Reads what the rule depends on from the ledger and sets `ctx.authorization`, or refuses the caller. */
  authorize(ctx: C, rule: R): Promise<void>;
}

export abstract class GuardedContractBase<C extends GuardedContext<unknown>, R extends AccessRuleKind> extends Contract {
  constructor(name: string) {
    super(name);
    // Unknown contract names are refused with FUNCTION_NOT_ALLOWED too, not with the contract API's own text.
    refuseUnknownContracts();
  }

  /**
   * The chaincode's Guard: a getter of its guard class, so the prototype has
   * it too. fabric-contract-api's @Transaction calls createContext on the
   * prototype, to know the context's class and so leave the context out of
   * the function's published parameters.
   */
  protected abstract get guard(): Guard<C, R>;

  /** The shim calls this with no argument: the peer's clock is then Date.now. */
  override createContext(peerClock?: Clock): C {
    return new this.guard.Context((stub) => {
      this.checkInput(stub);
    }, peerClock);
  }

  /**
   * The one input check before any parsing: argument sizes on the raw bytes
   * (see arguments.ts), then, for a function with an access rule, the
   * argument count its declaration takes.
   */
  checkInput(stub: ChaincodeStub): void {
    const { refuse, argumentLimits } = this.guard;
    requireArgumentSizes(refuse, stub.getArgs(), argumentLimits);
    const { fcn, params } = stub.getFunctionAndParameters();
    const fn = qualifiedFunctionName(this.getName(), fcn);
    if (this.guard.accessRule(fn) === undefined) return; // refused as FUNCTION_NOT_ALLOWED by the hooks below
    const method: unknown = Reflect.get(this, fn.slice(fn.indexOf(':') + 1));
    // A transaction function's declared parameters: the context, then its arguments.
    if (typeof method === 'function') requireArgumentCount(refuse, fn, method.length - 1, params.length);
  }

  override async beforeTransaction(ctx: C): Promise<void> {
    const fn = qualifiedFunctionName(this.getName(), ctx.stub.getFunctionAndParameters().fcn);
    const rule = this.guard.accessRule(fn);
    if (rule === undefined) throw this.guard.refuse('FUNCTION_NOT_ALLOWED', `${fn} has no access rule`);
    if (rule.kind !== 'read') {
      // The one place a chaincode reads the local clock (the peer's, at
      // endorsement). It can only refuse, and a refusal writes nothing: if
      // endorsers' clocks disagree about a proposal near the edge, that
      // proposal just fails to collect its endorsements. The read and write
      // sets of an accepted proposal still depend on the transaction alone,
      // so endorsements stay deterministic. Queries are not checked.
      requireTimestampWithinTolerance(this.guard.refuse, ctx.now, ctx.peerClock());
    }
    await this.guard.authorize(ctx, rule);
  }

  override unknownTransaction(ctx: C): Promise<void> {
    const fn = ctx.stub.getFunctionAndParameters().fcn;
    return Promise.reject(this.guard.refuse('FUNCTION_NOT_ALLOWED', `no transaction function ${fn}`));
  }
}

/**
 * `AdmitMember` or `Membership:AdmitMember` → `Membership:AdmitMember`, split
 * as the contract API splits it (the contract name up to the first ':', an
 * empty one meaning the default contract). A name for another contract
 * (`Foo:AdmitMember`, which reaches the default contract only to be refused,
 * see dispatch.ts) stays as it is and so has no access rule.
 */
export function qualifiedFunctionName(contractName: string, fcn: string): string {
  const at = fcn.indexOf(':');
  if (at < 0) return `${contractName}:${fcn}`;
  const prefix = fcn.slice(0, at);
  return prefix.trim() === '' || prefix === contractName ? `${contractName}:${fcn.slice(at + 1)}` : fcn;
}
