/**
 * A platform on the in-memory world state for contract tests: the
 * contracts, the test identities (CSD, a bank, a securities company as
 * issuer and bookrunner, a fund), and the steps that bring a bond to a given
 * point of its life.
 */
import type { Bid, Bond, BondApplication, PrimarySettlementBatch, SettlementInstruction } from '../../src/api';
import { BenchmarkContract } from '../../src/contracts/benchmark-contract';
import { BondContract } from '../../src/contracts/bond-contract';
import { BookContract } from '../../src/contracts/book-contract';
import { CustodyContract } from '../../src/contracts/custody-contract';
import { HashLockContract } from '../../src/contracts/hash-lock-contract';
import { MembershipContract } from '../../src/contracts/membership-contract';
import { ServicingContract } from '../../src/contracts/servicing-contract';
import { SettlementContract } from '../../src/contracts/settlement-contract';
import type { GuardedContract } from '../../src/ledger/guarded-contract';
import { TERMS } from './fixtures';
import { type Invocation, type InvokeOptions, MemoryLedger, type TestIdentity } from './memory-ledger';

export const contracts = {
  membership: new MembershipContract(),
  bonds: new BondContract(),
  books: new BookContract(),
  settlement: new SettlementContract(),
  custody: new CustodyContract(),
  servicing: new ServicingContract(),
  benchmarks: new BenchmarkContract(),
  hashLocks: new HashLockContract(),
};

export const CSD_ADMIN: TestIdentity = { mspId: 'CSDMSP', bondRole: 'admin' };
export const CSD: TestIdentity = { mspId: 'CSDMSP', bondRole: 'operator' };
export const BANK: TestIdentity = { mspId: 'BankMSP', bondRole: 'operator' };
export const BANK_VIEWER: TestIdentity = { mspId: 'BankMSP' };
export const SEC: TestIdentity = { mspId: 'SecuritiesMSP', bondRole: 'operator' };
export const FUND: TestIdentity = { mspId: 'FundMSP', bondRole: 'operator' };

/** ISIN the CSD assigns from national code TEST00001 (country CN). */
export const ISIN = 'CNTEST000013';
export const HOUR = 3600;
export const json = (value: unknown): string => JSON.stringify(value);

/**
 * HashLocks:LockUnits' request: 100 of BankMSP's PROP units for
 * SecuritiesMSP's PROP account, under the SHA-256 `hash` until `expiresAt`.
 */
export const lockUnitsRequest = (hash: string, expiresAt: string, overrides: Record<string, unknown> = {}): string =>
  json({
    isin: ISIN,
    holder: 'BankMSP',
    accountId: 'PROP',
    units: '100',
    hash,
    hashAlgorithm: 'SHA256',
    beneficiary: 'SecuritiesMSP',
    beneficiaryAccountId: 'PROP',
    expiresAt,
    ...overrides,
  });

export class Scenario {
  readonly ledger = new MemoryLedger();

  /** Seconds since the epoch of 09:00 UTC on a date, for moving the transaction clock. */
  static at(date: string): number {
    return Date.parse(`${date}T09:00:00Z`) / 1000;
  }

  ok<T>(contract: GuardedContract, fn: string, caller: TestIdentity, ...args: string[]): Promise<T> {
    return this.ledger.ok<T>(contract, fn, caller, ...args);
  }

  /** Invokes, expects the refusal `code`, and checks nothing was written. */
  async refused(
    contract: GuardedContract,
    fn: string,
    caller: TestIdentity,
    code: string,
    options: InvokeOptions,
    ...args: string[]
  ): Promise<void> {
    const before = this.ledger.snapshot();
    const invocation = await this.ledger.invokeWith(contract, fn, caller, options, ...args);
    expect(invocation.error?.message ?? 'accepted').toMatch(new RegExp(`^${code}: `));
    expect(this.ledger.snapshot()).toEqual(before);
  }

  async members(): Promise<void> {
    await this.ok(
      contracts.membership,
      'Initialize',
      CSD_ADMIN,
      json({ csdMspId: 'CSDMSP', legalName: 'CSD', lei: '5493001KJTIIGC8Y1R12' }),
    );
    const admit = (mspId: string, roles: string[]) =>
      this.ok(contracts.membership, 'AdmitMember', CSD_ADMIN, json({ mspId, legalName: mspId, lei: '969500KSV493XWY0PS33', roles }));
    await admit('BankMSP', ['CUSTODIAN', 'INVESTOR', 'PAYING_AGENT']);
    await admit('SecuritiesMSP', ['INVESTOR', 'ISSUER', 'UNDERWRITER']);
    await admit('FundMSP', ['INVESTOR']);
  }

  async approvedBond(terms: Record<string, unknown> = TERMS): Promise<Bond> {
    const application = await this.ok<BondApplication>(contracts.bonds, 'ApplyForBond', SEC, json(terms));
    return this.ok<Bond>(
      contracts.bonds,
      'ApproveBond',
      CSD,
      json({ applicationId: application.applicationId, nationalCode: 'TEST00001' }),
    );
  }

  async openBook(bookType = 'FIXED_PRICE'): Promise<void> {
    const at = (s: number) => new Date((this.ledger.now + s) * 1000).toISOString();
    await this.ok(contracts.books, 'OpenBook', SEC, json({ isin: ISIN, bookType, opensAt: at(-60), closesAt: at(HOUR) }));
  }

  bid(caller: TestIdentity, units: string, accountId = 'PROP', rate?: string): Promise<Invocation> {
    return this.ledger.invokeWith(contracts.books, 'PlaceBid', caller, { transient: { bid: { isin: ISIN, units, accountId, rate } } });
  }

  async allocate(overAllotmentUnits = '0'): Promise<void> {
    await this.ok(contracts.books, 'CloseBook', SEC, ISIN);
    const orderBook = await this.ok<Bid[]>(contracts.books, 'GetOrderBook', SEC, ISIN);
    await this.ledger.okWith(contracts.books, 'AllocateBook', SEC, { transient: { orderBook } }, json({ isin: ISIN, overAllotmentUnits }));
  }

  /** A bond issued to BankMSP (646 units) and FundMSP (554 units), both in account PROP (members admitted first). */
  async issuedBond(terms: Record<string, unknown> = TERMS): Promise<void> {
    await this.approvedBond(terms);
    await this.openBook();
    await this.bid(BANK, '700');
    await this.bid(FUND, '600');
    await this.allocate('200');
    for (const instruction of await this.startSettlement())
      await this.ok(contracts.settlement, 'ConfirmCash', CSD, ISIN, instruction.settlementId);
    await this.ok(contracts.settlement, 'CompleteIssuance', CSD, ISIN);
  }

  /** Calls StartPrimarySettlement until every allocation line has its instruction; returns them all. */
  async startSettlement(): Promise<SettlementInstruction[]> {
    const instructions: SettlementInstruction[] = [];
    for (let batch: PrimarySettlementBatch | undefined; batch === undefined || batch.linesRemaining > 0;) {
      batch = await this.ok<PrimarySettlementBatch>(contracts.settlement, 'StartPrimarySettlement', CSD, ISIN);
      instructions.push(...batch.instructions);
    }
    return instructions;
  }

  async outstanding(): Promise<bigint> {
    return BigInt((await this.ok<{ outstandingUnits: string }>(contracts.custody, 'GetOutstanding', CSD, ISIN)).outstandingUnits);
  }
}
