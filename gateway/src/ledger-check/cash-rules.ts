/**
 * The cash ledger's invariants as pure rules (issue 17), beside the bond
 * ledger's (rules.ts): given the cash chaincode's world state, the list of
 * violations. No I/O: the reader (ledger-reader.ts, CashLedgerReader)
 * rebuilds the world state from the channel's blocks and cli.ts prints.
 *
 * - cash-outstanding: per currency, Σ account balances + Σ amounts of
 *   LOCKED locks = issued − redeemed, and the outstanding the totals record
 *   holds (what Cash:GetTotals answers) is issued − redeemed.
 * - cash-balances: every balance is a canonical whole number: never
 *   negative, no fraction, sign, exponent or leading zero.
 * - cash-preimages: every CLAIMED lock records a preimage whose SHA-256 is
 *   its hash (the secret the bond side's claim needs), and no other lock
 *   carries one.
 * - cash-expiries: nothing is locked for ever: no LOCKED lock whose expiry
 *   is more than a grace (default 120 s, the transaction-time tolerance)
 *   before the check time; by then its locker, the payment operator or a
 *   settlement agent should have refunded it.
 */
import { DEFAULT_LOCK_GRACE_SECONDS } from './rules';
import { createHash } from 'node:crypto';
import type { Account, CashLock, CurrencyTotals } from '@bond-platform/cash-chaincode/api';

export const CASH_CHECKS = ['cash-outstanding', 'cash-balances', 'cash-preimages', 'cash-expiries'] as const;
export type CashCheckName = (typeof CASH_CHECKS)[number];

export interface CashViolation {
  check: CashCheckName;
  /** A currency, an account (`owner/accountId/currency`) or a lock ID. */
  subject: string;
  message: string;
}

export interface CashCheckResult {
  check: CashCheckName;
  checked: number;
  violations: CashViolation[];
}

/** The cash chaincode's records as its world state holds them. */
export interface CashLedgerSnapshot {
  accounts: Account[];
  totals: CurrencyTotals[];
  locks: CashLock[];
}

// --- the world state from its writes ------------------------------------------------

/** One key written (or deleted) by a VALID transaction, in commit order. */
export interface StateWrite {
  key: string;
  /** The value written; undefined for a delete. */
  value?: Uint8Array;
}

const SEP = '\u0000';
const decoder = new TextDecoder();

/**
 * The world state the cash chaincode's writes leave, as a peer applies them
 * (a later write of a key replaces an earlier one, a delete removes it),
 * with its accounts, currency totals and locks decoded. Index rows and the
 * configuration are not records the rules read.
 */
export function replayCashState(writes: Iterable<StateWrite>): CashLedgerSnapshot {
  const state = new Map<string, Uint8Array>();
  for (const write of writes) {
    if (write.value === undefined) state.delete(write.key);
    else state.set(write.key, write.value);
  }
  const snapshot: CashLedgerSnapshot = { accounts: [], totals: [], locks: [] };
  for (const key of [...state.keys()].sort()) {
    // A composite key: U+0000, the object type, then each attribute, each followed by U+0000.
    const type = key.startsWith(SEP) ? key.slice(1, key.indexOf(SEP, 1)) : '';
    const record = (): unknown => JSON.parse(decoder.decode(state.get(key)));
    if (type === 'cashAccount') snapshot.accounts.push(record() as Account);
    else if (type === 'cashTotals') snapshot.totals.push(record() as CurrencyTotals);
    else if (type === 'cashLock') snapshot.locks.push(record() as CashLock);
  }
  return snapshot;
}

// --- the rules ------------------------------------------------------------------------

const CANONICAL_WHOLE = /^(0|[1-9][0-9]*)$/;

function whole(value: unknown): bigint | undefined {
  return typeof value === 'string' && CANONICAL_WHOLE.test(value) ? BigInt(value) : undefined;
}

const accountName = (a: Account): string => `${a.owner}/${a.accountId}/${a.currency}`;

/** The sum of canonical whole numbers; undefined if one is not. */
function sumOf(values: readonly string[]): bigint | undefined {
  let sum = 0n;
  for (const value of values) {
    const n = whole(value);
    if (n === undefined) return undefined;
    sum += n;
  }
  return sum;
}

/** What is wrong with one currency's figures, if anything. */
function currencyFault(currency: string, snapshot: CashLedgerSnapshot): string | undefined {
  const totals = snapshot.totals.find((t) => t.currency === currency);
  // Nothing issued yet: no totals record, and every balance and lock must then be zero.
  const issued = totals ? whole(totals.issued) : 0n;
  const redeemed = totals ? whole(totals.redeemed) : 0n;
  if (issued === undefined || redeemed === undefined) {
    return `the totals are not whole numbers: issued ${totals?.issued}, redeemed ${totals?.redeemed}`;
  }
  const outstanding = issued - redeemed;
  if (totals && whole(totals.outstanding) !== outstanding) {
    return `the totals record says outstanding ${totals.outstanding}, but issued − redeemed = ${outstanding}`;
  }
  const balances = sumOf(snapshot.accounts.filter((a) => a.currency === currency).map((a) => a.balance));
  const locked = sumOf(snapshot.locks.filter((l) => l.currency === currency && l.status === 'LOCKED').map((l) => l.amount));
  // A malformed balance or amount makes any sum misleading (cash-balances names the account).
  if (balances === undefined || locked === undefined)
    return 'a balance or a locked amount is not a whole number: the sum cannot be checked';
  if (balances + locked !== outstanding) {
    return `Σ balances ${balances} + Σ locked ${locked} = ${balances + locked}, but issued ${issued} − redeemed ${redeemed} = ${outstanding}`;
  }
  return undefined;
}

/** Per currency: Σ balances + Σ LOCKED amounts = issued − redeemed = the totals record's outstanding. */
export function checkCashOutstanding(snapshot: CashLedgerSnapshot): CashCheckResult {
  const currencies = new Set([
    ...snapshot.totals.map((t) => t.currency),
    ...snapshot.accounts.map((a) => a.currency),
    ...snapshot.locks.filter((l) => l.status === 'LOCKED').map((l) => l.currency),
  ]);
  const violations: CashViolation[] = [];
  for (const currency of [...currencies].sort()) {
    const fault = currencyFault(currency, snapshot);
    if (fault !== undefined) violations.push({ check: 'cash-outstanding', subject: currency, message: fault });
  }
  return { check: 'cash-outstanding', checked: currencies.size, violations };
}

/** No negative (or otherwise malformed) balance. */
export function checkCashBalances(accounts: readonly Account[]): CashCheckResult {
  const violations: CashViolation[] = accounts
    .filter((a) => whole(a.balance) === undefined)
    .map((a) => ({
      check: 'cash-balances',
      subject: accountName(a),
      message: a.balance.startsWith('-') ? `negative balance ${a.balance}` : `balance ${a.balance} is not a whole number`,
    }));
  return { check: 'cash-balances', checked: accounts.length, violations };
}

/** A CLAIMED lock's preimage hashes (SHA-256 of its 32 bytes) to its hash; only a CLAIMED lock has one. */
export function checkCashPreimages(locks: readonly CashLock[]): CashCheckResult {
  const violations: CashViolation[] = [];
  const violation = (lock: CashLock, message: string) => violations.push({ check: 'cash-preimages', subject: lock.lockId, message });
  for (const lock of locks) {
    if (lock.status !== 'CLAIMED') {
      if (lock.preimage !== undefined) violation(lock, `a ${lock.status} lock carries a preimage`);
      continue;
    }
    if (typeof lock.preimage !== 'string' || !/^[0-9a-f]{64}$/.test(lock.preimage)) {
      violation(lock, 'a CLAIMED lock without a 32-byte hexadecimal preimage');
    } else if (createHash('sha256').update(Buffer.from(lock.preimage, 'hex')).digest('hex') !== lock.hash) {
      violation(lock, `its preimage does not hash (SHA-256) to its hash ${lock.hash}`);
    }
  }
  return { check: 'cash-preimages', checked: locks.filter((l) => l.status === 'CLAIMED').length, violations };
}

/** No LOCKED lock whose expiry lies more than `graceSeconds` before `now` (epoch ms). */
export function checkCashExpiries(
  locks: readonly CashLock[],
  now: number,
  graceSeconds: number = DEFAULT_LOCK_GRACE_SECONDS,
): CashCheckResult {
  const open = locks.filter((l) => l.status === 'LOCKED');
  const violations: CashViolation[] = [];
  for (const lock of open) {
    const expiry = Date.parse(lock.expiry);
    if (Number.isNaN(expiry)) {
      violations.push({ check: 'cash-expiries', subject: lock.lockId, message: `expiry ${lock.expiry} is not an instant` });
    } else if (now - expiry > graceSeconds * 1000) {
      const late = Math.floor((now - expiry) / 1000);
      violations.push({
        check: 'cash-expiries',
        subject: lock.lockId,
        message: `still LOCKED ${late} s after its expiry ${lock.expiry} (grace ${graceSeconds} s): ${lock.amount} ${lock.currency} of ${lock.locker.owner}/${lock.locker.accountId} not refunded`,
      });
    }
  }
  return { check: 'cash-expiries', checked: open.length, violations };
}

/** Every cash rule, in the order the report lists them. */
export function cashChecks(snapshot: CashLedgerSnapshot, now: number, graceSeconds = DEFAULT_LOCK_GRACE_SECONDS): CashCheckResult[] {
  return [
    checkCashOutstanding(snapshot),
    checkCashBalances(snapshot.accounts),
    checkCashPreimages(snapshot.locks),
    checkCashExpiries(snapshot.locks, now, graceSeconds),
  ];
}
