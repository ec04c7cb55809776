/**
 * The ledger's invariants as pure rules: given records read from the ledger
 * (bonds, holdings, holding histories, payment events, entitlements,
 * settlements, recorded transactions), the list of violations. No I/O, so
 * each rule is unit tested with broken data (rules.test.ts); the reader
 * (ledger-reader.ts) fetches the records through a peer and cli.ts prints.
 *
 * - outstanding: for every bond, the outstanding units the chaincode
 *   reports = Σ of the holdings listed page by page = units issued by
 *   settled primary settlements − units retired by paid redemptions.
 * - holding-units: every holding's units, frozen and pledged units are
 *   canonical whole numbers (no sign, fraction, exponent or leading zero),
 *   and frozen ≤ held, pledged ≤ held, frozen + pledged ≤ held.
 * - pledges: every pledge's units are a canonical whole number above 0 and
 *   its status a pledge status; the ACTIVE pledges on each holding add up to
 *   the pledged units the chaincode reports for it (GetHolding), and none is
 *   on a holding missing from the register.
 * - repos: units, principal and repurchase amount are canonical whole
 *   numbers, units and principal above 0, repurchase ≥ principal; an OPEN
 *   repo has an ACTIVE pledge of its units, from its borrower's account to
 *   its lender; a CLOSED repo's pledge is RELEASED and a DEFAULTED one's
 *   ENFORCED (no active pledge left); a repo never opened has no pledge.
 * - entitlements: every entitlement of a fixed coupon or redemption has the
 *   units its holding had at the end of the record date (the holding's key
 *   history, newest version written on or before that day), every holding
 *   entitled then has an entitlement, and the event's totals match.
 * - acknowledged: every transaction a client saw acknowledged is on the
 *   ledger, VALID, exactly once; one Idempotency-Key, one transaction.
 * - csd-endorsement: every VALID transaction of the bond chaincode carries
 *   an endorsement of the CSD.
 * - hash-locks: per bond and locker, the escrow holding HTLC-ESCROW holds
 *   exactly the units of its LOCKED locks (plus those a refund left there
 *   once the register had closed, until their redemption retires the
 *   holding); a CLAIMED lock's preimage is 32 bytes whose SHA-256 is its
 *   hash; nothing is locked forever: no lock is still LOCKED more than a
 *   grace (120 s unless told) after its expiry, by the check's clock.
 */
import { createHash } from 'node:crypto';
import {
  HASH_LOCK_ESCROW_ACCOUNT,
  type HashLock,
  type Pledge,
  PUT_ACCOUNT_PREFIX,
  redemptionDateOf,
  type Repo,
} from '@bond-platform/chaincode/api';

export const CHECKS = [
  'outstanding',
  'holding-units',
  'pledges',
  'repos',
  'entitlements',
  'acknowledged',
  'csd-endorsement',
  'hash-locks',
] as const;
export type CheckName = (typeof CHECKS)[number];

export interface Violation {
  check: CheckName;
  /** What the violation is about: an ISIN, a holding, an event, a transaction id. */
  subject: string;
  message: string;
}

/** Outcome of one check: how many items it looked at, and what was wrong. */
export interface CheckResult {
  check: CheckName;
  checked: number;
  violations: Violation[];
}

// --- records as read from the ledger ------------------------------------------------

export interface HoldingRecord {
  isin: string;
  holder: string;
  accountId: string;
  units: string;
  /** From Custody:GetHolding; absent if not read. */
  frozenUnits?: string;
  /** Units under ACTIVE pledges, from Custody:GetHolding; absent if not read. */
  pledgedUnits?: string;
}

/**
 * A pledge of a holding, from Custody:ListPledgesOfBond; a repo, from
 * Custody:ListReposOfBond. Their status is any string here: the checker
 * reports a value the API does not know rather than trusting it.
 */
export type PledgeRecord = Pick<Pledge, 'pledgeId' | 'isin' | 'pledgor' | 'accountId' | 'pledgee' | 'units'> & { status: string };
export type RepoRecord = Pick<
  Repo,
  'repoId' | 'isin' | 'borrower' | 'accountId' | 'lender' | 'units' | 'principal' | 'repurchaseAmount' | 'pledgeId'
> & {
  status: string;
};

/** A hash lock of the bond, from HashLocks:ListHashLocks; its status any string, as for pledges. */
export type HashLockRecord = Pick<HashLock, 'lockId' | 'isin' | 'locker' | 'units' | 'hash' | 'expiresAt' | 'preimage' | 'refundedTo'> & {
  status: string;
};

export interface BondRecord {
  isin: string;
  status: string;
  maturityDate: string;
  callDate?: string;
  /** Custody:GetOutstanding's figure. */
  reportedOutstanding?: string;
  /** Every holding of the bond, from the paginated register. */
  holdings: HoldingRecord[];
  /** Primary settlement instructions: units credited once SETTLED. */
  settlements: { settlementId: string; kind: string; status: string; units: string }[];
  /** Every pledge of the bond's holdings, of every status; absent if not read. */
  pledges?: PledgeRecord[];
  /** Every repo of the bond, of every status; absent if not read. */
  repos?: RepoRecord[];
  /** Every hash lock of the bond, of every status; absent if not read. */
  hashLocks?: HashLockRecord[];
}

/** One version of a holding key, newest first as Fabric returns a key's history. */
export interface HoldingVersion {
  txId: string;
  timestamp: string;
  isDelete: boolean;
  units?: string;
}

export interface PaymentEventRecord {
  isin: string;
  eventId: string;
  /** COUPON, REDEMPTION (retires the units it pays) or PARTIAL_REDEMPTION (retires none). */
  kind: string;
  reason?: string;
  recordDate: string;
  holders: number;
  totalUnits: string;
  /** For a coupon: the end of its accrual period (which put accounts it entitles). */
  accrualEnd?: string;
  /** While the event is still being fixed a page at a time: the last holding fixed so far (later ones have no entitlement yet). */
  fixedThrough?: { holder: string; accountId: string };
}

export interface EntitlementRecord {
  isin: string;
  eventId: string;
  holder: string;
  accountId: string;
  units: string;
  status: string;
  /** The transaction that paid it, once PAID. */
  paidTxId?: string;
}

/** One holding key's history, keyed `isin/holder/accountId`. */
export type HoldingHistories = ReadonlyMap<string, readonly HoldingVersion[]>;

export function holdingKeyOf(h: { isin: string; holder: string; accountId: string }): string {
  return `${h.isin}/${h.holder}/${h.accountId}`;
}

// --- whole numbers ----------------------------------------------------------------------

const WHOLE = /^(0|[1-9][0-9]*)$/;

export function isCanonicalWhole(value: unknown): value is string {
  return typeof value === 'string' && WHOLE.test(value);
}

/** The units as a bigint if canonical, else undefined. */
function whole(value: unknown): bigint | undefined {
  return isCanonicalWhole(value) ? BigInt(value) : undefined;
}

// --- outstanding --------------------------------------------------------------------

/** Units retired by paid redemption entitlements, per ISIN. */
export function redeemedUnits(entitlements: readonly EntitlementRecord[], events: readonly PaymentEventRecord[]): Map<string, bigint> {
  const redemptions = new Set(events.filter((e) => e.kind === 'REDEMPTION').map((e) => `${e.isin}/${e.eventId}`));
  const redeemed = new Map<string, bigint>();
  for (const e of entitlements) {
    if (e.status !== 'PAID' || !redemptions.has(`${e.isin}/${e.eventId}`)) continue;
    redeemed.set(e.isin, (redeemed.get(e.isin) ?? 0n) + (whole(e.units) ?? 0n));
  }
  return redeemed;
}

function sumUnits(records: readonly { units: string }[]): bigint {
  let sum = 0n;
  for (const r of records) sum += whole(r.units) ?? 0n;
  return sum;
}

function outstandingProblems(bond: BondRecord, redeemed: bigint): string[] {
  const problems: string[] = [];
  const sum = sumUnits(bond.holdings);
  const reported = whole(bond.reportedOutstanding);
  if (bond.reportedOutstanding !== undefined && reported === undefined) {
    problems.push(`outstanding units reported as '${bond.reportedOutstanding}', not a whole number`);
  } else if (reported !== undefined && reported !== sum) {
    problems.push(`outstanding units ${reported} ≠ Σ holdings ${sum} (${bond.holdings.length} holdings)`);
  }
  const issued = sumUnits(bond.settlements.filter((s) => s.kind === 'PRIMARY' && s.status === 'SETTLED'));
  if (issued - redeemed !== sum) {
    problems.push(
      `Σ holdings ${sum} ≠ units issued by settled primary settlements ${issued} − units redeemed ${redeemed} = ${issued - redeemed}`,
    );
  }
  return problems;
}

export function checkOutstanding(bonds: readonly BondRecord[], redeemed: ReadonlyMap<string, bigint>): CheckResult {
  const violations = bonds.flatMap((bond) =>
    outstandingProblems(bond, redeemed.get(bond.isin) ?? 0n).map((message): Violation => ({
      check: 'outstanding',
      subject: bond.isin,
      message,
    })),
  );
  return { check: 'outstanding', checked: bonds.length, violations };
}

// --- holding units ----------------------------------------------------------------------

function unitsProblem(field: string, value: string | undefined): string | undefined {
  if (value === undefined || WHOLE.test(value)) return undefined;
  if (/^-/.test(value.trim())) return `negative ${field} '${value}'`;
  if (/[.,]/.test(value)) return `fractional ${field} '${value}'`;
  return `${field} '${value}' is not a whole number in canonical decimal form`;
}

/** Frozen or pledged units above the holding, alone or together (frozen + pledged ≤ held). */
function encumbranceProblems(held: bigint, frozen: bigint | undefined, pledged: bigint | undefined): string[] {
  const problems: string[] = [];
  if (frozen !== undefined && frozen > held) problems.push(`frozen units ${frozen} > held ${held}`);
  if (pledged !== undefined && pledged > held) problems.push(`pledged units ${pledged} > held ${held}`);
  if (problems.length > 0 || frozen === undefined || pledged === undefined) return problems;
  return frozen + pledged > held ? [`frozen ${frozen} + pledged ${pledged} units > held ${held}`] : [];
}

export function checkHoldingUnits(holdings: readonly HoldingRecord[]): CheckResult {
  const violations: Violation[] = [];
  for (const h of holdings) {
    const subject = holdingKeyOf(h);
    const add = (message: string) => violations.push({ check: 'holding-units', subject, message });
    for (const [field, value] of [
      ['units', h.units],
      ['frozen units', h.frozenUnits],
      ['pledged units', h.pledgedUnits],
    ] as const) {
      const problem = unitsProblem(field, value);
      if (problem) add(problem);
    }
    const held = whole(h.units);
    if (held === undefined) continue;
    for (const problem of encumbranceProblems(held, whole(h.frozenUnits), whole(h.pledgedUnits))) add(problem);
  }
  return { check: 'holding-units', checked: holdings.length, violations };
}

// --- pledges -----------------------------------------------------------------------------

const PLEDGE_STATUSES: ReadonlySet<string> = new Set(['ACTIVE', 'RELEASED', 'ENFORCED']);

/** Units that must be a canonical whole number above 0. */
function positiveProblem(field: string, value: string): string | undefined {
  return unitsProblem(field, value) ?? (value === '0' ? `${field} 0` : undefined);
}

function pledgeProblems(p: PledgeRecord, isin: string): string[] {
  const problems: string[] = [];
  const units = positiveProblem('units', p.units);
  if (units) problems.push(units);
  if (!PLEDGE_STATUSES.has(p.status)) problems.push(`status '${p.status}' is not a pledge status`);
  if (p.isin !== isin) problems.push(`listed under ${isin} but pledges ${p.isin}`);
  return problems;
}

/** Σ units of the ACTIVE pledges per holding key (pledges with broken units count 0: reported on their own). */
function activePledgedUnits(pledges: readonly PledgeRecord[]): Map<string, bigint> {
  const sums = new Map<string, bigint>();
  for (const p of pledges) {
    if (p.status !== 'ACTIVE') continue;
    const k = holdingKeyOf({ isin: p.isin, holder: p.pledgor, accountId: p.accountId });
    sums.set(k, (sums.get(k) ?? 0n) + (whole(p.units) ?? 0n));
  }
  return sums;
}

/** One bond's pledges, each on its own and the ACTIVE ones against its holdings' pledged units. */
function bondPledgeViolations(bond: BondRecord): Violation[] {
  const pledges = bond.pledges ?? [];
  const violations: Violation[] = [];
  for (const p of pledges) {
    for (const message of pledgeProblems(p, bond.isin))
      violations.push({ check: 'pledges', subject: `${bond.isin}/pledge/${p.pledgeId}`, message });
  }
  const active = activePledgedUnits(pledges);
  for (const h of bond.holdings) {
    const k = holdingKeyOf(h);
    const sum = active.get(k) ?? 0n;
    active.delete(k);
    const pledged = whole(h.pledgedUnits);
    if (pledged !== undefined && pledged !== sum) {
      violations.push({ check: 'pledges', subject: k, message: `pledged units ${pledged} ≠ Σ ACTIVE pledges ${sum}` });
    }
  }
  for (const [k, sum] of active) {
    violations.push({ check: 'pledges', subject: k, message: `ACTIVE pledges of ${sum} units on a holding not in the register` });
  }
  return violations;
}

export function checkPledges(bonds: readonly BondRecord[]): CheckResult {
  const violations = bonds.flatMap(bondPledgeViolations);
  return { check: 'pledges', checked: bonds.reduce((n, b) => n + (b.pledges?.length ?? 0), 0), violations };
}

// --- repos ---------------------------------------------------------------------------------

/** The pledge status a repo's pledge must have, by repo status; undefined: the repo has no pledge. */
const REPO_PLEDGE_STATUS: Readonly<Record<string, string | undefined>> = {
  PROPOSED: undefined,
  AGREED: undefined,
  CANCELLED: undefined,
  OPEN: 'ACTIVE',
  CLOSED: 'RELEASED',
  DEFAULTED: 'ENFORCED',
};

function repoAmountProblems(r: RepoRecord): string[] {
  const problems = [
    positiveProblem('units', r.units),
    positiveProblem('principal', r.principal),
    unitsProblem('repurchase amount', r.repurchaseAmount),
  ];
  const [principal, repurchase] = [whole(r.principal), whole(r.repurchaseAmount)];
  if (principal !== undefined && repurchase !== undefined && repurchase < principal)
    problems.push(`repurchase amount ${repurchase} < principal ${principal}`);
  return problems.filter((p): p is string => p !== undefined);
}

/** A repo's pledge as its status requires: none before opening; of its units, from its borrower to its lender, in the status that follows the repo's. */
function repoPledgeProblems(r: RepoRecord, pledges: ReadonlyMap<string, PledgeRecord>): string[] {
  if (!Object.hasOwn(REPO_PLEDGE_STATUS, r.status)) return [`status '${r.status}' is not a repo status`];
  const wanted = REPO_PLEDGE_STATUS[r.status];
  if (wanted === undefined) return r.pledgeId === undefined ? [] : [`${r.status} but secured by pledge ${r.pledgeId}`];
  if (r.pledgeId === undefined) return [`${r.status} without a pledge`];
  const p = pledges.get(r.pledgeId);
  if (p === undefined) return [`${r.status} but its pledge ${r.pledgeId} is not among the bond's pledges`];
  const problems: string[] = [];
  if (p.status !== wanted) problems.push(`${r.status} but its pledge ${r.pledgeId} is ${p.status}, not ${wanted}`);
  const expected = { pledgor: r.borrower, accountId: r.accountId, pledgee: r.lender, units: r.units };
  for (const [field, value] of Object.entries(expected) as [keyof typeof expected, string][]) {
    if (p[field] !== value) problems.push(`its pledge ${r.pledgeId} has ${field} ${p[field]}, the repo ${value}`);
  }
  return problems;
}

export function checkRepos(bonds: readonly BondRecord[]): CheckResult {
  const violations: Violation[] = [];
  let checked = 0;
  for (const bond of bonds) {
    const pledges = new Map((bond.pledges ?? []).map((p) => [p.pledgeId, p]));
    for (const r of bond.repos ?? []) {
      checked++;
      const problems = [...repoAmountProblems(r), ...repoPledgeProblems(r, pledges)];
      if (r.isin !== bond.isin) problems.push(`listed under ${bond.isin} but repos ${r.isin}`);
      for (const message of problems) violations.push({ check: 'repos', subject: `${bond.isin}/repo/${r.repoId}`, message });
    }
  }
  return { check: 'repos', checked, violations };
}

// --- hash locks ----------------------------------------------------------------------------

/** How long after its expiry a lock may still be LOCKED before the check calls it locked forever: the settlement agent's reaction time. */
export const DEFAULT_LOCK_GRACE_SECONDS = 120;

export interface HashLockCheckOptions {
  /** The check's time (ISO instant): what "expired" is measured against. */
  now: string;
  /** Seconds past its expiry a lock may still be LOCKED; DEFAULT_LOCK_GRACE_SECONDS unless given. */
  graceSeconds?: number;
}

const HASH_LOCK_STATUSES: ReadonlySet<string> = new Set(['LOCKED', 'CLAIMED', 'REFUNDED']);
const HEX_64 = /^[0-9a-f]{64}$/;

/** One lock on its own: units, status, the claim's preimage against the hash, and whether it outlived its expiry. */
function hashLockProblems(l: HashLockRecord, isin: string, nowMs: number, graceSeconds: number): string[] {
  const problems: string[] = [];
  const units = positiveProblem('units', l.units);
  if (units) problems.push(units);
  if (!HASH_LOCK_STATUSES.has(l.status)) problems.push(`status '${l.status}' is not a hash lock status`);
  if (l.isin !== isin) problems.push(`listed under ${isin} but locks ${l.isin}`);
  if (l.status === 'CLAIMED') {
    if (l.preimage === undefined || !HEX_64.test(l.preimage)) problems.push('CLAIMED without a 32-byte preimage');
    else if (createHash('sha256').update(Buffer.from(l.preimage, 'hex')).digest('hex') !== l.hash) {
      problems.push(`CLAIMED with a preimage whose SHA-256 is not its hash ${l.hash}`);
    }
  }
  const expiresMs = Date.parse(l.expiresAt);
  if (Number.isNaN(expiresMs)) problems.push(`expiresAt '${l.expiresAt}' is not an instant`);
  else if (l.status === 'LOCKED' && nowMs - expiresMs > graceSeconds * 1000) {
    const late = Math.floor((nowMs - expiresMs) / 1000);
    problems.push(`still LOCKED ${late} s after its expiry ${l.expiresAt} (grace ${graceSeconds} s): locked forever unless refunded`);
  }
  return problems;
}

/** Σ units per locker: of its LOCKED locks, and of the REFUNDED ones a refund left in its escrow. */
function escrowedUnits(locks: readonly HashLockRecord[]): Map<string, { locked: bigint; leftInEscrow: bigint }> {
  const sums = new Map<string, { locked: bigint; leftInEscrow: bigint }>();
  for (const l of locks) {
    const sum = sums.get(l.locker) ?? { locked: 0n, leftInEscrow: 0n };
    if (l.status === 'LOCKED') sum.locked += whole(l.units) ?? 0n;
    if (l.status === 'REFUNDED' && l.refundedTo === HASH_LOCK_ESCROW_ACCOUNT) sum.leftInEscrow += whole(l.units) ?? 0n;
    sums.set(l.locker, sum);
  }
  return sums;
}

/**
 * Each locker's escrow holding against its locks: its units = Σ LOCKED
 * units, plus the units refunds left in it after the register closed while
 * the holding is still there (their redemption retires it whole).
 */
function escrowViolations(bond: BondRecord): Violation[] {
  const sums = escrowedUnits(bond.hashLocks ?? []);
  const escrows = new Map(bond.holdings.filter((h) => h.accountId === HASH_LOCK_ESCROW_ACCOUNT).map((h) => [h.holder, h]));
  const violations: Violation[] = [];
  for (const locker of new Set([...sums.keys(), ...escrows.keys()])) {
    const { locked, leftInEscrow } = sums.get(locker) ?? { locked: 0n, leftInEscrow: 0n };
    const holding = escrows.get(locker);
    const held = holding ? (whole(holding.units) ?? 0n) : 0n;
    const expected = locked + (holding ? leftInEscrow : 0n);
    if (held !== expected) {
      const left = holding && leftInEscrow > 0n ? ` + ${leftInEscrow} refunded into it after the register closed` : '';
      violations.push({
        check: 'hash-locks',
        subject: holdingKeyOf({ isin: bond.isin, holder: locker, accountId: HASH_LOCK_ESCROW_ACCOUNT }),
        message: `escrow holds ${held} units ≠ Σ LOCKED locks ${locked}${left}`,
      });
    }
  }
  return violations;
}

export function checkHashLocks(bonds: readonly BondRecord[], options: HashLockCheckOptions): CheckResult {
  const nowMs = Date.parse(options.now);
  const grace = options.graceSeconds ?? DEFAULT_LOCK_GRACE_SECONDS;
  const violations: Violation[] = [];
  for (const bond of bonds) {
    for (const l of bond.hashLocks ?? []) {
      for (const message of hashLockProblems(l, bond.isin, nowMs, grace))
        violations.push({ check: 'hash-locks', subject: `${bond.isin}/hash-lock/${l.lockId}`, message });
    }
    violations.push(...escrowViolations(bond));
  }
  return { check: 'hash-locks', checked: bonds.reduce((n, b) => n + (b.hashLocks?.length ?? 0), 0), violations };
}

// --- entitlements ------------------------------------------------------------------------

/**
 * Units a holding had at the end of `recordDate` (UTC day of the
 * transaction timestamps): its newest version written on or before that
 * day, 0 if none or if that version is a deletion.
 */
export function unitsAtEndOf(recordDate: string, newestFirst: readonly HoldingVersion[]): bigint {
  const version = newestFirst.find((v) => v.timestamp.slice(0, 10) <= recordDate);
  if (version === undefined || version.isDelete) return 0n;
  return whole(version.units) ?? 0n;
}

/**
 * Whether an account is entitled to an event: units in a put account
 * (PUT-<date>) earn coupons accruing up to the put date and are redeemed by
 * their own put, not by the redemption of the whole bond.
 */
export function isEntitled(event: PaymentEventRecord, accountId: string, redemptionDate: string): boolean {
  const putDate = accountId.startsWith(PUT_ACCOUNT_PREFIX) ? accountId.slice(PUT_ACCOUNT_PREFIX.length) : undefined;
  if (event.kind === 'COUPON') return putDate === undefined || event.accrualEnd === undefined || putDate >= event.accrualEnd;
  if (event.reason === 'PUT') return event.eventId === `R-${accountId}`;
  // A partial redemption repays units put on its date too: the put redeems what is left after it.
  if (event.kind === 'PARTIAL_REDEMPTION') return putDate === undefined || putDate >= redemptionDate;
  return putDate === undefined || putDate > redemptionDate;
}

export interface EntitlementInput {
  bonds: readonly BondRecord[];
  events: readonly PaymentEventRecord[];
  entitlements: readonly EntitlementRecord[];
  histories: HoldingHistories;
}

/**
 * The register's versions of a holding without those written by redemption
 * payments: a redemption paid on its own record date (as on bonds whose
 * record date is the payment date) retires the units after the register was
 * fixed, and is no delivery that moved them.
 */
function registerVersions(history: readonly HoldingVersion[], retirements: ReadonlySet<string>): HoldingVersion[] {
  return history.filter((v) => !retirements.has(v.txId));
}

/** One entitlement against the holding's units at the end of the record date. */
function entitlementProblem(
  event: PaymentEventRecord,
  e: EntitlementRecord,
  histories: HoldingHistories,
  retirements: ReadonlySet<string>,
): string | undefined {
  const units = whole(e.units);
  if (units === undefined) return `entitlement units '${e.units}' are not a whole number`;
  const history = histories.get(holdingKeyOf(e));
  if (history === undefined) return 'the holding has no history on the ledger';
  const expected = unitsAtEndOf(event.recordDate, registerVersions(history, retirements));
  if (units !== expected) return `entitled to ${units} units, but held ${expected} at the end of the record date ${event.recordDate}`;
  return units === 0n ? 'an entitlement of 0 units' : undefined;
}

/** What an event's entitlements are checked against: its bond's register and the redemptions' own retirements. */
interface EventRegister {
  bond: BondRecord | undefined;
  histories: HoldingHistories;
  retirements: ReadonlySet<string>;
}

/** Whether a holding lies beyond the part of the register an event still being fixed has reached (in the chaincode's key order). */
function notFixedYet(event: PaymentEventRecord, h: { holder: string; accountId: string }): boolean {
  const through = event.fixedThrough;
  return through !== undefined && `${h.holder}\u0000${h.accountId}\u0000` > `${through.holder}\u0000${through.accountId}\u0000`;
}

/** Holdings of the bond entitled on the record date that have no entitlement (beyond what an event being fixed has reached). */
function missingEntitlements(
  event: PaymentEventRecord,
  own: readonly EntitlementRecord[],
  { bond, histories, retirements }: EventRegister,
): Violation[] {
  const entitled = new Set(own.map(holdingKeyOf));
  const redemptionDate = redemptionDateOf(event, bond?.maturityDate ?? '', bond?.callDate);
  const violations: Violation[] = [];
  for (const h of bond?.holdings ?? []) {
    const hk = holdingKeyOf(h);
    if (entitled.has(hk) || !isEntitled(event, h.accountId, redemptionDate) || notFixedYet(event, h)) continue;
    const held = unitsAtEndOf(event.recordDate, registerVersions(histories.get(hk) ?? [], retirements));
    if (held > 0n) {
      violations.push({
        check: 'entitlements',
        subject: `${event.isin}/${event.eventId} ${h.holder}/${h.accountId}`,
        message: `held ${held} units at the end of the record date ${event.recordDate} but has no entitlement`,
      });
    }
  }
  return violations;
}

/** The entitlement rules for one event: each entitlement against the register, then completeness and totals. */
function checkEvent(event: PaymentEventRecord, own: readonly EntitlementRecord[], register: EventRegister): Violation[] {
  const eventName = `${event.isin}/${event.eventId}`;
  const violations: Violation[] = [];
  for (const e of own) {
    const problem = entitlementProblem(event, e, register.histories, register.retirements);
    if (problem) violations.push({ check: 'entitlements', subject: `${eventName} ${e.holder}/${e.accountId}`, message: problem });
  }
  violations.push(...missingEntitlements(event, own, register));
  const total = sumUnits(own);
  if (whole(event.totalUnits) !== total)
    violations.push({
      check: 'entitlements',
      subject: eventName,
      message: `event total ${event.totalUnits} units ≠ Σ entitlements ${total}`,
    });
  if (event.holders !== own.length)
    violations.push({
      check: 'entitlements',
      subject: eventName,
      message: `event counts ${event.holders} holders, ${own.length} entitlements found`,
    });
  return violations;
}

export function checkEntitlements(input: EntitlementInput): CheckResult {
  const bonds = new Map(input.bonds.map((b) => [b.isin, b]));
  const redemptions = new Set(input.events.filter((e) => e.kind === 'REDEMPTION').map((e) => `${e.isin}/${e.eventId}`));
  const retirements = new Set(
    input.entitlements.flatMap((e) => (e.paidTxId !== undefined && redemptions.has(`${e.isin}/${e.eventId}`) ? [e.paidTxId] : [])),
  );
  const byEvent = new Map<string, EntitlementRecord[]>();
  for (const e of input.entitlements) {
    const k = `${e.isin}/${e.eventId}`;
    const list = byEvent.get(k) ?? [];
    list.push(e);
    byEvent.set(k, list);
  }
  const violations: Violation[] = [];
  for (const event of input.events) {
    const k = `${event.isin}/${event.eventId}`;
    violations.push(...checkEvent(event, byEvent.get(k) ?? [], { bond: bonds.get(event.isin), histories: input.histories, retirements }));
    byEvent.delete(k);
  }
  for (const [k, orphans] of byEvent) {
    violations.push({ check: 'entitlements', subject: k, message: `${orphans.length} entitlements of an event that is not on the ledger` });
  }
  return { check: 'entitlements', checked: input.entitlements.length, violations };
}

// --- acknowledged transactions ------------------------------------------------------------

/** One line of a load generator's file: a transaction the client saw acknowledged. */
export interface AcknowledgedTransaction {
  transactionId: string;
  idempotencyKey?: string;
  /** Where in the file (1-based line), for the report. */
  line?: number;
}

/** What the ledger says of a transaction id (qscc GetTransactionByID, and the blocks scanned). */
export interface TransactionLookup {
  found: boolean;
  validationCode?: string;
  blockNumber?: string;
  /** How often the id occurs in the blocks scanned, if the scan covered the block it is in; undefined if unknown. */
  occurrences?: number;
}

/** Parses the JSON lines file: `{"transactionId": "…", "idempotencyKey"?: "…"}` (also `txId`); blank lines skipped. */
export function parseAcknowledged(text: string): { records: AcknowledgedTransaction[]; errors: string[] } {
  const records: AcknowledgedTransaction[] = [];
  const errors: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      errors.push(`line ${index + 1}: not JSON`);
      return;
    }
    const record = value as { transactionId?: unknown; txId?: unknown; idempotencyKey?: unknown };
    const transactionId = record.transactionId ?? record.txId;
    if (typeof transactionId !== 'string' || !/^[0-9a-f]{64}$/.test(transactionId)) {
      errors.push(`line ${index + 1}: no transactionId (64 hex digits)`);
      return;
    }
    records.push({
      transactionId,
      line: index + 1,
      ...(typeof record.idempotencyKey === 'string' ? { idempotencyKey: record.idempotencyKey } : {}),
    });
  });
  return { records, errors };
}

function lookupProblems(lookup: TransactionLookup | undefined): string[] {
  if (!lookup?.found) return ['acknowledged but not on the ledger'];
  const problems: string[] = [];
  if (lookup.validationCode !== 'VALID')
    problems.push(`on the ledger as ${lookup.validationCode ?? 'unknown'} in block ${lookup.blockNumber ?? '?'}, not VALID`);
  if (lookup.occurrences !== undefined && lookup.occurrences !== 1)
    problems.push(`occurs ${lookup.occurrences} times in the blocks scanned`);
  return problems;
}

export function checkAcknowledged(
  acknowledged: readonly AcknowledgedTransaction[],
  lookups: ReadonlyMap<string, TransactionLookup>,
): CheckResult {
  const violations: Violation[] = [];
  const byKey = new Map<string, Set<string>>();
  const seen = new Set<string>();
  for (const ack of acknowledged) {
    if (ack.idempotencyKey !== undefined)
      byKey.set(ack.idempotencyKey, (byKey.get(ack.idempotencyKey) ?? new Set()).add(ack.transactionId));
    if (seen.has(ack.transactionId)) continue;
    seen.add(ack.transactionId);
    for (const message of lookupProblems(lookups.get(ack.transactionId)))
      violations.push({ check: 'acknowledged', subject: ack.transactionId, message });
  }
  for (const [idempotencyKey, ids] of byKey) {
    if (ids.size > 1) {
      violations.push({
        check: 'acknowledged',
        subject: `Idempotency-Key ${idempotencyKey}`,
        message: `acknowledged as ${ids.size} different transactions: ${[...ids].join(', ')}`,
      });
    }
  }
  return { check: 'acknowledged', checked: seen.size, violations };
}

// --- endorsements -------------------------------------------------------------------------

/** A transaction of a block, as far as the endorsement rule needs it. */
export interface BlockTransaction {
  blockNumber: number;
  transactionId: string;
  /** Header type name: ENDORSER_TRANSACTION, CONFIG, … */
  type: string;
  validationCode: string;
  /** The chaincode the transaction's action ran (empty when it is not an endorser transaction). */
  chaincode: string;
  endorserMspIds: string[];
}

export function checkCsdEndorsement(transactions: readonly BlockTransaction[], chaincode: string, csdMspId: string): CheckResult {
  const violations: Violation[] = [];
  let checked = 0;
  for (const tx of transactions) {
    if (tx.type === 'UNDECODABLE' && tx.validationCode === 'VALID') {
      checked++;
      violations.push({
        check: 'csd-endorsement',
        subject: `block ${tx.blockNumber}`,
        message: 'a VALID transaction whose envelope cannot be decoded',
      });
      continue;
    }
    if (tx.type !== 'ENDORSER_TRANSACTION' || tx.validationCode !== 'VALID' || tx.chaincode !== chaincode) continue;
    checked++;
    if (!tx.endorserMspIds.includes(csdMspId)) {
      violations.push({
        check: 'csd-endorsement',
        subject: tx.transactionId,
        message: `VALID ${chaincode} transaction in block ${tx.blockNumber} endorsed by ${tx.endorserMspIds.join(', ') || 'nobody'}, not ${csdMspId}`,
      });
    }
  }
  return { check: 'csd-endorsement', checked, violations };
}

/**
 * How often each transaction id occurs VALID in the transactions scanned. A
 * copy the peers marked DUPLICATE_TXID (the same signed transaction ordered
 * again, as a replay or the gateway's resend of an unknown outcome does)
 * wrote nothing and is not counted.
 */
export function occurrences(transactions: readonly BlockTransaction[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const tx of transactions) {
    if (tx.validationCode === 'DUPLICATE_TXID') continue;
    counts.set(tx.transactionId, (counts.get(tx.transactionId) ?? 0) + 1);
  }
  return counts;
}

// --- report --------------------------------------------------------------------------------

/**
 * The table an operator reads: one row per check with counts. Generic in the
 * check's name so the cash ledger's results (cash-rules.ts) print the same way.
 */
export function formatTable<Name extends string>(
  results: readonly { check: Name; checked: number; violations: readonly { check: Name; subject: string; message: string }[] }[],
  maxListed = 20,
): string {
  const rows = results.map((r) => [r.check, String(r.checked), String(r.violations.length), r.violations.length === 0 ? 'ok' : 'VIOLATED']);
  const header = ['check', 'checked', 'violations', 'result'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 1 || i === 2 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
  const all = results.flatMap((r) => r.violations);
  if (all.length > 0) {
    out.push('', 'violations:');
    for (const v of all.slice(0, maxListed)) out.push(`  [${v.check}] ${v.subject}: ${v.message}`);
    if (all.length > maxListed) out.push(`  … and ${all.length - maxListed} more (--json lists every one)`);
  }
  return out.join('\n');
}
