/**
 * The contracts against a model, under random sequences of issue, redeem,
 * transfer, lock, claim, refund and the passing of time: each call is
 * accepted or refused with the code the model predicts (refusals writing
 * nothing), every balance is the model's, and after every step the ledger's
 * own queries satisfy Σ balances + Σ open locks = issued − redeemed
 * (GetTotals), the check the invariant checker will run on the network.
 */
import type { Invocation } from '@bond-platform/chaincode-common/testing';
import fc from 'fast-check';
import type { Account, CashLock, CurrencyTotals, Page } from '../src/api';
import { contracts, json, PAY, Scenario, secret } from './support/scenario';

const PARTIES = ['BankMSP', 'SecuritiesMSP', 'FundMSP'] as const;
type Party = (typeof PARTIES)[number];
const MINUTE = 60_000;
const OPERATOR = 'PaymentMSP';

const party = fc.constantFrom(...PARTIES);
const caller = fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: party });
/** An amount, or the source account's whole balance ('all') or one more ('over'): the edges of "no negative balance". */
const amount = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 2_000 }) },
  { weight: 1, arbitrary: fc.constantFrom('all' as const, 'over' as const) },
);
/** Expiries and waits on a five-minute grid, so that claims and refunds often fall on exactly the expiry. */
const expiryMinutes = fc.constantFrom(5, 10, 15);
const op = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('issue' as const), to: party, amount }) },
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
      minutes: expiryMinutes,
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('claim' as const), lock: fc.nat(), caller, wrongSecret: fc.boolean() }) },
  // A refund may also come from the payment operator, for the locker.
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('refund' as const),
      lock: fc.nat(),
      caller: fc.oneof({ weight: 4, arbitrary: caller }, { weight: 1, arbitrary: fc.constant(OPERATOR) }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('wait' as const), minutes: fc.constantFrom(0, 5) }) },
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

/** The amount a step moves, resolved against the model's balances before it (0 for 'all' of an empty account). */
function amountOf(m: Model, o: Op): number {
  if (!('amount' in o)) return 0;
  if (typeof o.amount === 'number') return o.amount;
  return m.balance(o.kind === 'issue' ? o.to : o.from) + (o.amount === 'over' ? 1 : 0);
}

interface ModelLock {
  id: string;
  from: Party;
  to: Party;
  amount: number;
  expiry: number;
  status: 'LOCKED' | 'CLAIMED' | 'REFUNDED';
}

const identity = (mspId: string) => ({ mspId, bondRole: 'operator' });
const ref = (owner: string) => ({ owner, accountId: 'SETTLEMENT' });
const { cash, htlc } = contracts;

/** The model: plain numbers, written apart from the domain rules it checks. */
class Model {
  readonly balances = new Map<string, number>(PARTIES.map((p) => [p, 0]));
  issued = 0;
  redeemed = 0;
  readonly locks: ModelLock[] = [];

  balance(p: string): number {
    return this.balances.get(p) ?? 0;
  }

  move(p: string, delta: number): void {
    this.balances.set(p, this.balance(p) + delta);
  }
}

/** The refusal code the model predicts for `o` at `now`, applying it to the model when accepted. */
function predict(m: Model, o: Op, amount: number, now: number): string | undefined {
  switch (o.kind) {
    case 'issue':
    case 'redeem':
      return predictSupply(m, o, amount);
    case 'transfer':
    case 'lock':
      return predictPayment(m, o, amount, now);
    case 'claim':
    case 'refund':
      return predictSettlement(m, o, now);
    case 'wait':
      return undefined;
  }
}

function predictSupply(m: Model, o: Extract<Op, { kind: 'issue' | 'redeem' }>, amount: number): string | undefined {
  if (amount <= 0) return 'INVALID_ARGUMENT';
  if (o.kind === 'issue') {
    m.move(o.to, amount);
    m.issued += amount;
    return undefined;
  }
  if (amount > m.balance(o.from)) return 'INSUFFICIENT_FUNDS';
  m.move(o.from, -amount);
  m.redeemed += amount;
  return undefined;
}

function predictPayment(m: Model, o: Extract<Op, { kind: 'transfer' | 'lock' }>, amount: number, now: number): string | undefined {
  if (o.from === o.to || amount <= 0) return 'INVALID_ARGUMENT';
  if ((o.caller ?? o.from) !== o.from) return 'NOT_A_PARTY';
  if (amount > m.balance(o.from)) return 'INSUFFICIENT_FUNDS';
  m.move(o.from, -amount);
  if (o.kind === 'transfer') m.move(o.to, amount);
  else m.locks.push({ id: `L${m.locks.length}`, from: o.from, to: o.to, amount, expiry: now + o.minutes * MINUTE, status: 'LOCKED' });
  return undefined;
}

/** The step's own party may take it, and the payment operator may refund for the locker. */
function mayAct(o: Extract<Op, { kind: 'claim' | 'refund' }>, party: Party): boolean {
  const by = o.caller ?? party;
  return by === party || (o.kind === 'refund' && by === OPERATOR);
}

function predictSettlement(m: Model, o: Extract<Op, { kind: 'claim' | 'refund' }>, now: number): string | undefined {
  const lock = m.locks[o.lock % m.locks.length]!;
  if (lock.status !== 'LOCKED') return lock.status === 'CLAIMED' ? 'LOCK_ALREADY_CLAIMED' : 'LOCK_ALREADY_REFUNDED';
  const party = o.kind === 'claim' ? lock.to : lock.from;
  if (!mayAct(o, party)) return 'NOT_A_PARTY';
  if (o.kind === 'claim') {
    if (now >= lock.expiry) return 'LOCK_EXPIRED';
    if (o.wrongSecret) return 'HASH_MISMATCH';
  } else if (now < lock.expiry) {
    return 'LOCK_NOT_EXPIRED';
  }
  lock.status = o.kind === 'claim' ? 'CLAIMED' : 'REFUNDED';
  m.move(party, lock.amount);
  return undefined;
}

/** Submits `o` (not a wait) to the contracts. */
function submit(s: Scenario, m: Model, o: Exclude<Op, { kind: 'wait' }>, amount: number): Promise<Invocation> {
  const { ledger } = s;
  const money = { currency: 'EUR', amount: String(amount) };
  switch (o.kind) {
    case 'issue':
      return ledger.invoke(cash, 'IssueCash', PAY, json({ ...ref(o.to), ...money }));
    case 'redeem':
      return ledger.invoke(cash, 'RedeemCash', PAY, json({ ...ref(o.from), ...money }));
    case 'transfer':
      return ledger.invoke(cash, 'TransferCash', identity(o.caller ?? o.from), json({ from: ref(o.from), to: ref(o.to), ...money }));
    case 'lock': {
      const expiry = new Date(ledger.nowMillis + o.minutes * MINUTE).toISOString();
      const request = { lockId: `L${m.locks.length}`, from: ref(o.from), beneficiary: ref(o.to), ...money, expiry };
      const hashLock = { hashAlgorithm: 'SHA256', hash: secret(m.locks.length % 250).hash };
      return ledger.invoke(htlc, 'LockCash', identity(o.caller ?? o.from), json({ ...request, ...hashLock }));
    }
    case 'claim':
    case 'refund':
      return submitSettlement(s, m, o);
  }
}

function submitSettlement(s: Scenario, m: Model, o: Extract<Op, { kind: 'claim' | 'refund' }>): Promise<Invocation> {
  const index = o.lock % m.locks.length;
  const lock = m.locks[index]!;
  if (o.kind === 'refund') return s.ledger.invoke(htlc, 'RefundCash', identity(o.caller ?? lock.from), lock.id);
  // Lock i is under secret i (mod 250); 251 is nobody's.
  const preimage = secret(o.wrongSecret ? 251 : index % 250).preimage;
  return s.ledger.invoke(htlc, 'ClaimCash', identity(o.caller ?? lock.to), lock.id, preimage);
}

async function all<T>(fetch: (bookmark: string) => Promise<Page<T>>): Promise<T[]> {
  const records: T[] = [];
  let bookmark = '';
  do {
    const page = await fetch(bookmark);
    records.push(...page.records);
    bookmark = page.bookmark;
  } while (bookmark !== '');
  return records;
}

async function checkLedger(s: Scenario, m: Model): Promise<void> {
  const accounts = await all<Account>((b) => s.ok(cash, 'ListAccounts', PAY, '', '', b));
  const open = await all<CashLock>((b) => s.ok(htlc, 'ListOpenLocks', PAY, '', b));
  const totals = await s.ok<CurrencyTotals>(cash, 'GetTotals', PAY, 'EUR');
  const sum = (values: string[]) => values.reduce((total, v) => total + BigInt(v), 0n);
  expect(sum(accounts.map((a) => a.balance)) + sum(open.map((l) => l.amount))).toBe(BigInt(totals.outstanding));
  expect(totals).toMatchObject({ issued: String(m.issued), redeemed: String(m.redeemed) });
  expect(Object.fromEntries(accounts.map((a) => [a.owner, a.balance]))).toEqual(
    Object.fromEntries(PARTIES.map((p) => [p, String(m.balance(p))])),
  );
  expect(open.map((l) => l.lockId).sort()).toEqual(
    m.locks
      .filter((l) => l.status === 'LOCKED')
      .map((l) => l.id)
      .sort(),
  );
}

describe('the contracts against a model', () => {
  it('accept and refuse as the model predicts, refusals write nothing, and the totals invariant holds (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 30, size: 'max' }), async (ops) => {
        const s = new Scenario();
        const m = new Model();
        await s.ready();
        await s.open('FundMSP', 'SETTLEMENT', 'EUR');
        for (const p of PARTIES) {
          await s.issue(p, '3000');
          predict(m, { kind: 'issue', to: p, amount: 3000 }, 3000, s.ledger.nowMillis);
        }
        for (const o of ops) {
          if (o.kind === 'wait') {
            s.ledger.nowMillis += o.minutes * MINUTE;
            continue;
          }
          if ((o.kind === 'claim' || o.kind === 'refund') && m.locks.length === 0) continue;
          const amount = amountOf(m, o);
          const before = s.ledger.snapshot();
          const invocation = await submit(s, m, o, amount);
          const expected = predict(m, o, amount, s.ledger.nowMillis);
          const code = invocation.error ? (/^([A-Z_]+): /.exec(invocation.error.message)?.[1] ?? invocation.error.message) : undefined;
          expect({ op: o, amount, code }).toEqual({ op: o, amount, code: expected });
          if (code !== undefined) {
            expect(invocation.attemptedWrites).toEqual([]);
            expect(s.ledger.snapshot()).toEqual(before);
          }
          await checkLedger(s, m);
        }
      }),
      { numRuns: 60 },
    );
  });
});
