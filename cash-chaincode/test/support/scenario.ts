/**
 * A cash ledger on the in-memory world state for contract tests: the
 * contracts, the test identities (the payment operator's administrator and
 * operator, a bank and a securities firm as participants, the CSD as an
 * observer) and the steps that bring the ledger to a given point.
 */
import { createHash } from 'node:crypto';
import type { Account, CashMovement } from '../../src/api';
import { CashContract } from '../../src/contracts/cash-contract';
import { HtlcContract } from '../../src/contracts/htlc-contract';
import type { CashGuardedContract } from '../../src/ledger/guarded-contract';
import { type Invocation, type InvokeOptions, MemoryLedger, type TestIdentity } from './memory-ledger';

export const contracts = { cash: new CashContract(), htlc: new HtlcContract() };

export const PAY_ADMIN: TestIdentity = { mspId: 'PaymentMSP', bondRole: 'admin' };
export const PAY: TestIdentity = { mspId: 'PaymentMSP', bondRole: 'operator' };
export const BANK: TestIdentity = { mspId: 'BankMSP', bondRole: 'operator' };
export const BANK_ADMIN: TestIdentity = { mspId: 'BankMSP', bondRole: 'admin' };
export const BANK_VIEWER: TestIdentity = { mspId: 'BankMSP' };
export const SEC: TestIdentity = { mspId: 'SecuritiesMSP', bondRole: 'operator' };
export const CSD: TestIdentity = { mspId: 'CSDMSP', bondRole: 'operator' };

export const SECOND = 1000;
export const HOUR = 3600 * SECOND;
export const json = (value: unknown): string => JSON.stringify(value);

/** A 32-byte secret as hex, and its SHA-256 as hex. */
export function secret(byte: number): { preimage: string; hash: string } {
  const bytes = Buffer.alloc(32, byte);
  return { preimage: bytes.toString('hex'), hash: createHash('sha256').update(bytes).digest('hex') };
}

export class Scenario {
  readonly ledger = new MemoryLedger();

  ok<T>(contract: CashGuardedContract, fn: string, caller: TestIdentity, ...args: string[]): Promise<T> {
    return this.ledger.ok<T>(contract, fn, caller, ...args);
  }

  /** Invokes, expects the refusal `code`, and checks nothing was written, attempted or announced. */
  async refused(contract: CashGuardedContract, fn: string, caller: TestIdentity, code: string, ...args: string[]): Promise<Invocation> {
    return this.refusedWith(contract, fn, caller, code, {}, ...args);
  }

  async refusedWith(
    contract: CashGuardedContract,
    fn: string,
    caller: TestIdentity,
    code: string,
    options: InvokeOptions,
    ...args: string[]
  ): Promise<Invocation> {
    const before = this.ledger.snapshot();
    const invocation = await this.ledger.invokeWith(contract, fn, caller, options, ...args);
    expect(invocation.error?.message ?? 'accepted').toMatch(new RegExp(`^${code}: `));
    expect(invocation.attemptedWrites).toEqual([]);
    expect(invocation.attemptedEvent).toBe(false);
    expect(this.ledger.snapshot()).toEqual(before);
    return invocation;
  }

  /** Initialises the ledger for PaymentMSP and opens SETTLEMENT accounts in EUR for the bank and the securities firm. */
  async ready(): Promise<void> {
    await this.ok(contracts.cash, 'Initialize', PAY_ADMIN, json({}));
    await this.open('BankMSP', 'SETTLEMENT', 'EUR');
    await this.open('SecuritiesMSP', 'SETTLEMENT', 'EUR');
  }

  open(owner: string, accountId: string, currency: string): Promise<Account> {
    return this.ok<Account>(contracts.cash, 'OpenAccount', PAY_ADMIN, json({ owner, accountId, currency }));
  }

  issue(owner: string, amount: string, accountId = 'SETTLEMENT', currency = 'EUR'): Promise<CashMovement> {
    return this.ok<CashMovement>(contracts.cash, 'IssueCash', PAY, json({ owner, accountId, currency, amount }));
  }

  async balance(owner: string, accountId = 'SETTLEMENT', currency = 'EUR'): Promise<string> {
    return (await this.ok<Account>(contracts.cash, 'GetAccount', PAY, owner, accountId, currency)).balance;
  }
}
