/**
 * The cash ledger's invariant under random sequences of every balance
 * change, applied through the domain rules as the contracts apply them
 * (refusals leave everything as it was): per currency,
 * Σ balances + Σ amounts of LOCKED locks = issued − redeemed, no balance is
 * ever negative, and once every expiry has passed every lock can be taken
 * back by its locker, so nothing stays locked for ever.
 */
import fc from 'fast-check';
import type { Account, CurrencyTotals } from '../api/cash';
import { CashChaincodeError } from '../api/errors';
import { type CashLock, HashAlgorithm, LockStatus } from '../api/htlc';
import { account, secret, stampAt, T0 } from '../../test/support/domain';
import { claimCash, lockCash, refundCash } from './htlc';
import { issue, redeem, transfer } from './movements';
import { emptyTotals } from './totals';

const PARTIES = ['BankMSP', 'SecuritiesMSP', 'FundMSP'] as const;
const MINUTE = 60_000;

const party = fc.constantFrom(...PARTIES);
/** Mostly the party the step belongs to (undefined), sometimes any party: refusals are part of the sequence. */
const caller = fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: party });
/** An amount, or the source account's whole balance ('all') or one more ('over'): the edges of "no negative balance". */
const amount = fc.oneof(
  { weight: 3, arbitrary: fc.bigInt({ min: 1n, max: 2_000n }) },
  { weight: 1, arbitrary: fc.constantFrom('all' as const, 'over' as const) },
);
const op = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('issue' as const), to: party, amount }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('redeem' as const), from: party, amount }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('transfer' as const), from: party, to: party, caller, amount }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('lock' as const),
      from: party,
      to: party,
      caller,
      amount,
      minutes: fc.integer({ min: 1, max: 30 }),
      secret: fc.integer({ min: 1, max: 3 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('claim' as const),
      lock: fc.nat(),
      caller,
      wrongSecret: fc.boolean(),
      secret: fc.integer({ min: 1, max: 4 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('refund' as const), lock: fc.nat(), caller }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('wait' as const), minutes: fc.integer({ min: 0, max: 20 }) }) },
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

class Model {
  now = T0;
  tx = 0;
  readonly accounts = new Map<string, Account>(PARTIES.map((p) => [p, account(p)]));
  totals: CurrencyTotals = emptyTotals('EUR');
  readonly locks: CashLock[] = [];
  refusals = 0;

  stamp(caller: string) {
    return stampAt(this.now, caller, `tx${++this.tx}`);
  }

  get(owner: string): Account {
    const found = this.accounts.get(owner);
    if (!found) throw new Error(owner);
    return found;
  }

  /** Applies one operation; a refusal (a stable-coded ChaincodeError) changes nothing. */
  apply(o: Op): void {
    try {
      this.#apply(o);
    } catch (error) {
      if (!(error instanceof CashChaincodeError)) throw error;
      this.refusals++;
    }
  }

  /** The amount of a step that debits `from`. */
  amount(a: bigint | 'all' | 'over', from: string): bigint {
    if (typeof a === 'bigint') return a;
    return BigInt(this.get(from).balance) + (a === 'over' ? 1n : 0n);
  }

  #apply(o: Op): void {
    switch (o.kind) {
      case 'issue':
      case 'redeem':
        this.#supply(o);
        return;
      case 'transfer':
        this.#transfer(o);
        return;
      case 'lock':
        this.#lock(o);
        return;
      case 'claim':
      case 'refund':
        this.#settle(o);
        return;
      case 'wait':
        this.wait(o.minutes);
        return;
    }
  }

  #supply(o: Extract<Op, { kind: 'issue' | 'redeem' }>): void {
    const owner = o.kind === 'issue' ? o.to : o.from;
    const amount = this.amount(o.amount, owner);
    const r = (o.kind === 'issue' ? issue : redeem)(this.get(owner), this.totals, amount, this.stamp('PaymentMSP'));
    this.accounts.set(owner, r.account);
    this.totals = r.totals;
  }

  #transfer(o: Extract<Op, { kind: 'transfer' }>): void {
    const by = o.caller ?? o.from;
    const r = transfer(this.get(o.from), this.get(o.to), by, this.amount(o.amount, o.from), this.stamp(by));
    this.accounts.set(o.from, r.from);
    this.accounts.set(o.to, r.to);
  }

  #lock(o: Extract<Op, { kind: 'lock' }>): void {
    const instruction = {
      from: { owner: o.from, accountId: 'SETTLEMENT', currency: 'EUR' },
      beneficiary: { owner: o.to, accountId: 'SETTLEMENT', currency: 'EUR' },
      amount: this.amount(o.amount, o.from),
      hashAlgorithm: HashAlgorithm.SHA256,
      hash: secret(o.secret).hash,
      expiry: this.now + o.minutes * MINUTE,
    };
    const by = o.caller ?? o.from;
    const r = lockCash(this.get(o.from), this.get(o.to), instruction, `L${this.locks.length}`, by, this.now, this.stamp(by));
    this.accounts.set(o.from, r.account);
    this.locks.push(r.lock);
  }

  #settle(o: Extract<Op, { kind: 'claim' | 'refund' }>): void {
    if (this.locks.length === 0) return;
    const index = o.lock % this.locks.length;
    const lock = this.locks[index]!;
    const by = o.caller ?? (o.kind === 'claim' ? lock.beneficiary : lock.locker).owner;
    let r;
    if (o.kind === 'claim') {
      // The lock's own secret, or (wrongSecret) a drawn one, which may still happen to be the right one.
      const lockSecret = [1, 2, 3].find((n) => secret(n).hash === lock.hash) ?? 0;
      const preimage = secret(o.wrongSecret ? o.secret : lockSecret).bytes;
      r = claimCash(lock, this.get(lock.beneficiary.owner), by, preimage, this.now, this.stamp(by));
    } else {
      r = refundCash(lock, this.get(lock.locker.owner), by, 'PaymentMSP', this.now, this.stamp(by));
    }
    this.accounts.set(r.account.owner, r.account);
    this.locks[index] = r.lock;
  }

  wait(minutes: number): void {
    this.now += minutes * MINUTE;
  }

  checkInvariant(): void {
    const balances = [...this.accounts.values()].reduce((sum, a) => sum + BigInt(a.balance), 0n);
    const locked = this.locks.filter((l) => l.status === LockStatus.LOCKED).reduce((sum, l) => sum + BigInt(l.amount), 0n);
    expect(balances + locked).toBe(BigInt(this.totals.issued) - BigInt(this.totals.redeemed));
    expect(this.totals.outstanding).toBe((BigInt(this.totals.issued) - BigInt(this.totals.redeemed)).toString());
    for (const a of this.accounts.values()) expect(BigInt(a.balance) >= 0n).toBe(true);
  }
}

describe('the cash ledger invariant', () => {
  it('holds after every issue, redeem, transfer, lock, claim, refund and passing of time (property)', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 60, size: 'max' }), (ops) => {
        const model = new Model();
        // Some money to start with, so that most payments and locks have something to move.
        for (const p of PARTIES) model.apply({ kind: 'issue', to: p, amount: 3_000n });
        for (const o of ops) {
          model.apply(o);
          model.checkInvariant();
        }
        // Nothing is locked for ever: once every expiry has passed, each locker takes its open locks back.
        model.now += 31 * MINUTE;
        model.locks.forEach((lock, index) => {
          if (lock.status === LockStatus.LOCKED) model.apply({ kind: 'refund', lock: index, caller: undefined });
        });
        model.checkInvariant();
        expect(model.locks.filter((l) => l.status === LockStatus.LOCKED)).toEqual([]);
        expect([...model.accounts.values()].reduce((sum, a) => sum + BigInt(a.balance), 0n).toString()).toBe(model.totals.outstanding);
      }),
      { numRuns: 300 },
    );
  });
});
