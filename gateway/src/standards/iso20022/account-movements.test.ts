import fc from 'fast-check';
import {
  BondEvent,
  HASH_LOCK_ESCROW_ACCOUNT,
  HashLockEvent,
  type Pledge,
  ServicingEvent,
  type Transfer,
  type TransfersSettled,
} from '@bond-platform/chaincode/api';
import { movementsOf } from './account-movements';
import type { AccountMovement, LedgerEvent } from './message';
import { BANK_A, BANK_B, CSD, ISIN, ISSUER, ledgerEvent, PLEDGEE, stamp, txId } from './test-ledger';
import { entitlement, hashLock, pledge, putElection, repo, servicingRefs, settlementInstruction, transfer } from './servicing-test-ledger';

const AT = '2025-06-03T02:00:00.000Z';

/** The movements as (holder/account, direction, units, cash, reason) rows: what a statement reads. */
function rows(movements: AccountMovement[]): string[] {
  return movements.map(
    (m) => `${m.account.holder}/${m.account.accountId} ${m.direction} ${m.units}${m.cashAmount ? ` cash ${m.cashAmount}` : ''} ${m.reason}`,
  );
}

describe('movementsOf: the unit movements of one committed event', () => {
  it('primary settlement credits the investor against its cash; the issuer delivers new units from no account', () => {
    const settled = settlementInstruction(BANK_A, 'T1', '1000', '10000000');
    const event = ledgerEvent(BondEvent.SETTLEMENT_SETTLED, { settlement: settled, holding: {} }, AT, '7', txId('s1'));
    const [movement, ...more] = movementsOf(event);
    expect(more).toEqual([]);
    expect(movement).toEqual({
      account: { holder: BANK_A, accountId: 'T1' },
      isin: ISIN,
      direction: 'RECE',
      units: '1000',
      cashAmount: '10000000',
      reason: 'PRIMARY_SETTLEMENT',
      reference: settled.settlementId,
      transactionId: txId('s1'),
      blockNumber: '7',
      timestamp: AT,
    });
  });

  it('a settled transfer delivers from the seller and receives into the buyer, with its cash; free of payment has none', () => {
    const dvp = transfer('t1', [BANK_A, 'T1'], [BANK_B, 'B1'], '300', '3012345');
    expect(rows(movementsOf(ledgerEvent(BondEvent.TRANSFER_SETTLED, dvp, AT)))).toEqual([
      `${BANK_A}/T1 DELI 300 cash 3012345 TRANSFER`,
      `${BANK_B}/B1 RECE 300 cash 3012345 TRANSFER`,
    ]);
    const fop = movementsOf(ledgerEvent(BondEvent.TRANSFER_SETTLED, transfer('t2', [BANK_A, 'T1'], [BANK_B, 'B1'], '5'), AT));
    expect(fop.map((m) => m.cashAmount)).toEqual([undefined, undefined]);
    expect(fop.every((m) => !('cashAmount' in m))).toBe(true);
    expect(fop[0]?.reference).toBe(txId('t2'));
  });

  it('a settlement batch moves each transfer it names, in its order, read from the ledger', () => {
    const t1 = transfer('b1', [BANK_A, 'T1'], [BANK_B, 'B1'], '10', '100000');
    const t2 = transfer('b2', [BANK_B, 'B1'], [PLEDGEE, 'P1'], '4', '40000');
    const payload: TransfersSettled = { transferIds: [t1.transferId, t2.transferId], settled: stamp(CSD, AT) };
    const event = ledgerEvent(BondEvent.TRANSFERS_SETTLED, payload, AT);
    expect(rows(movementsOf(event, servicingRefs({ transfers: [t1, t2] })))).toEqual([
      `${BANK_A}/T1 DELI 10 cash 100000 TRANSFER`,
      `${BANK_B}/B1 RECE 10 cash 100000 TRANSFER`,
      `${BANK_B}/B1 DELI 4 cash 40000 TRANSFER`,
      `${PLEDGEE}/P1 RECE 4 cash 40000 TRANSFER`,
    ]);
    // A caller who may not read a transfer of the batch gets the others: that one is not its accounts'.
    expect(rows(movementsOf(event, servicingRefs({ transfers: [t2] })))).toHaveLength(2);
    expect(() => movementsOf(event)).toThrow(/TransfersSettled need ReferenceData.transfer/);
  });

  it('a redemption payment retires the holding against its amount; coupons and partial redemptions retire nothing', () => {
    const paid = (eventId: string) =>
      ledgerEvent(ServicingEvent.PAYMENT_CONFIRMED, entitlement(BANK_A, 'T1', '700', '7000000', { eventId, paidAt: AT }), AT);
    for (const eventId of ['R-MATURITY', 'R-CALL', 'R-PUT-2027-03-17']) {
      expect(rows(movementsOf(paid(eventId)))).toEqual([`${BANK_A}/T1 DELI 700 cash 7000000 REDEMPTION`]);
      expect(movementsOf(paid(eventId))[0]?.reference).toBe(eventId);
    }
    for (const eventId of ['C-001', 'R-AMORTISATION-2027-03-17', 'R-PARTIAL-CALL-2028-03-17'])
      expect(movementsOf(paid(eventId))).toEqual([]);
  });

  it('a put election moves the units to the holder’s PUT account', () => {
    const event = ledgerEvent(ServicingEvent.PUT_EXERCISED, putElection(BANK_B, 'B1', '2027-03-17', '250'), AT);
    expect(rows(movementsOf(event))).toEqual([`${BANK_B}/B1 DELI 250 PUT_ELECTION`, `${BANK_B}/PUT-2027-03-17 RECE 250 PUT_ELECTION`]);
  });

  it('an enforced pledge moves the units from the pledgor to the pledgee’s account', () => {
    const enforced = pledge('p1', [BANK_A, 'T1'], PLEDGEE, '120', { status: 'ENFORCED', enforcedTo: 'P9' });
    expect(rows(movementsOf(ledgerEvent(BondEvent.PLEDGE_ENFORCED, enforced, AT)))).toEqual([
      `${BANK_A}/T1 DELI 120 PLEDGE_ENFORCEMENT`,
      `${PLEDGEE}/P9 RECE 120 PLEDGE_ENFORCEMENT`,
    ]);
  });

  it('a defaulted repo moves the units to the lender’s account its enforced pledge names', () => {
    const enforced = pledge('rp', [BANK_A, 'T1'], BANK_B, '90', { status: 'ENFORCED', enforcedTo: 'B7' });
    const defaulted = repo('r1', [BANK_A, 'T1'], BANK_B, '90', enforced.pledgeId);
    const event = ledgerEvent(BondEvent.REPO_DEFAULTED, defaulted, AT);
    const movements = movementsOf(event, servicingRefs({ pledges: [enforced] }));
    expect(rows(movements)).toEqual([`${BANK_A}/T1 DELI 90 REPO_ENFORCEMENT`, `${BANK_B}/B7 RECE 90 REPO_ENFORCEMENT`]);
    expect(movements.map((m) => m.reference)).toEqual([defaulted.repoId, defaulted.repoId]);
    expect(() => movementsOf(event)).toThrow(/RepoDefaulted need ReferenceData.pledge/);
  });

  it('hash locks: into the locker’s escrow, out to the beneficiary on a claim, back on a refund (or kept once the register closed)', () => {
    const lock = hashLock('h1', [BANK_A, 'T1'], [BANK_B, 'B1'], '60');
    expect(rows(movementsOf(ledgerEvent(HashLockEvent.UNITS_LOCKED, lock, AT)))).toEqual([
      `${BANK_A}/T1 DELI 60 HASH_LOCK`,
      `${BANK_A}/${HASH_LOCK_ESCROW_ACCOUNT} RECE 60 HASH_LOCK`,
    ]);
    expect(
      rows(movementsOf(ledgerEvent(HashLockEvent.UNITS_CLAIMED, { ...lock, status: 'CLAIMED', preimage: 'b'.repeat(64) }, AT))),
    ).toEqual([`${BANK_A}/${HASH_LOCK_ESCROW_ACCOUNT} DELI 60 HASH_LOCK_CLAIM`, `${BANK_B}/B1 RECE 60 HASH_LOCK_CLAIM`]);
    expect(rows(movementsOf(ledgerEvent(HashLockEvent.UNITS_REFUNDED, { ...lock, status: 'REFUNDED', refundedTo: 'T1' }, AT)))).toEqual([
      `${BANK_A}/${HASH_LOCK_ESCROW_ACCOUNT} DELI 60 HASH_LOCK_REFUND`,
      `${BANK_A}/T1 RECE 60 HASH_LOCK_REFUND`,
    ]);
    const kept = { ...lock, status: 'REFUNDED', refundedTo: HASH_LOCK_ESCROW_ACCOUNT };
    expect(movementsOf(ledgerEvent(HashLockEvent.UNITS_REFUNDED, kept, AT))).toEqual([]);
  });

  it('events that change no account’s units have no movements', () => {
    const unmoving = [
      BondEvent.HOLDING_FROZEN,
      BondEvent.HOLDING_PLEDGED,
      BondEvent.PLEDGE_RELEASED,
      BondEvent.TRANSFER_INSTRUCTED,
      BondEvent.REPO_OPENED,
      ServicingEvent.BOND_REDEEMED,
      ServicingEvent.ENTITLEMENTS_FIXED,
      'SomethingElse',
    ];
    for (const name of unmoving) expect(movementsOf(ledgerEvent(name, {}, AT))).toEqual([]);
  });

  it('refuses a payload that lacks what the chaincode writes, naming the event', () => {
    expect(() => movementsOf(ledgerEvent(BondEvent.TRANSFER_SETTLED, { isin: ISIN }, AT))).toThrow(
      /TransferSettled .* lacks transferId, units/,
    );
    expect(() => movementsOf(ledgerEvent(BondEvent.SETTLEMENT_SETTLED, null, AT))).toThrow(/is not an object/);
  });
});

// --- property: the movements account for every change of units -------------

const HOLDERS = [BANK_A, BANK_B, PLEDGEE] as const;
const TRADING = HOLDERS.flatMap((holder) => ['T1', 'T2'].map((accountId) => ({ holder, accountId })));

type Op =
  | { kind: 'settle'; to: number; units: number }
  | { kind: 'transfer'; from: number; to: number; share: number; cash: boolean }
  | { kind: 'batch'; legs: { from: number; to: number; share: number }[] }
  | { kind: 'lock'; from: number; to: number; share: number }
  | { kind: 'unlock'; which: number; claim: boolean; keep: boolean }
  | { kind: 'put'; from: number; share: number }
  | { kind: 'enforce'; from: number; to: number; share: number; viaRepo: boolean }
  | { kind: 'redeem'; which: number };

const account = fc.nat({ max: TRADING.length - 1 });
const share = fc.integer({ min: 1, max: 100 });
const settleArb = fc.record({ kind: fc.constant('settle' as const), to: account, units: fc.integer({ min: 1, max: 5000 }) });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  settleArb,
  fc.record({ kind: fc.constant('transfer' as const), from: account, to: account, share, cash: fc.boolean() }),
  fc.record({
    kind: fc.constant('batch' as const),
    legs: fc.array(fc.record({ from: account, to: account, share }), { minLength: 1, maxLength: 4 }),
  }),
  fc.record({ kind: fc.constant('lock' as const), from: account, to: account, share }),
  fc.record({ kind: fc.constant('unlock' as const), which: fc.nat(), claim: fc.boolean(), keep: fc.boolean() }),
  fc.record({ kind: fc.constant('put' as const), from: account, share }),
  fc.record({ kind: fc.constant('enforce' as const), from: account, to: account, share, viaRepo: fc.boolean() }),
  fc.record({ kind: fc.constant('redeem' as const), which: fc.nat() }),
);

/** A model ledger: applies each op as the chaincode would (skipping what it would refuse) and records the event it emits. */
class ModelLedger {
  readonly units = new Map<string, bigint>();
  readonly events: LedgerEvent[] = [];
  readonly transfers: Transfer[] = [];
  readonly pledges: Pledge[] = [];
  readonly openLocks: ReturnType<typeof hashLock>[] = [];
  #n = 0;

  apply(op: Op): void {
    const handlers: { [K in Op['kind']]: (op: Extract<Op, { kind: K }>) => void } = {
      settle: (o) => {
        const to = TRADING[o.to]!;
        this.#move(undefined, [to.holder, to.accountId], BigInt(o.units));
        this.#emit(BondEvent.SETTLEMENT_SETTLED, {
          settlement: settlementInstruction(to.holder, to.accountId, String(o.units), '1'),
          holding: {},
        });
      },
      transfer: (o) => {
        const t = this.#transfer(o.from, o.to, o.share, o.cash);
        if (t) this.#emit(BondEvent.TRANSFER_SETTLED, t);
      },
      batch: (o) => {
        const settled = o.legs.flatMap((leg) => this.#transfer(leg.from, leg.to, leg.share, true) ?? []);
        if (settled.length > 0)
          this.#emit(BondEvent.TRANSFERS_SETTLED, { transferIds: settled.map((t) => t.transferId), settled: stamp(CSD, AT) });
      },
      lock: (o) => {
        const from = TRADING[o.from]!;
        const to = TRADING[o.to]!;
        const units = this.#share(from, o.share);
        if (units === 0n) return;
        const lock = hashLock(this.#id(), [from.holder, from.accountId], [to.holder, to.accountId], units.toString());
        this.#move([from.holder, from.accountId], [from.holder, HASH_LOCK_ESCROW_ACCOUNT], units);
        this.openLocks.push(lock);
        this.#emit(HashLockEvent.UNITS_LOCKED, lock);
      },
      unlock: (o) => {
        if (this.openLocks.length === 0) return;
        const [lock] = this.openLocks.splice(o.which % this.openLocks.length, 1);
        const escrow: [string, string] = [lock!.locker, HASH_LOCK_ESCROW_ACCOUNT];
        if (o.claim) {
          this.#move(escrow, [lock!.beneficiary, lock!.beneficiaryAccountId], BigInt(lock!.units));
          this.#emit(HashLockEvent.UNITS_CLAIMED, { ...lock, status: 'CLAIMED' });
          return;
        }
        const refundedTo = o.keep ? HASH_LOCK_ESCROW_ACCOUNT : lock!.accountId;
        if (!o.keep) this.#move(escrow, [lock!.locker, lock!.accountId], BigInt(lock!.units));
        this.#emit(HashLockEvent.UNITS_REFUNDED, { ...lock, status: 'REFUNDED', refundedTo });
      },
      put: (o) => {
        const from = TRADING[o.from]!;
        const units = this.#share(from, o.share);
        if (units === 0n) return;
        const election = putElection(from.holder, from.accountId, '2027-03-17', units.toString());
        this.#move([from.holder, from.accountId], [from.holder, election.accountId], units);
        this.#emit(ServicingEvent.PUT_EXERCISED, election);
      },
      enforce: (o) => {
        const from = TRADING[o.from]!;
        const to = TRADING[o.to]!;
        const units = this.#share(from, o.share);
        if (units === 0n || from.holder === to.holder) return;
        const enforced = pledge(this.#id(), [from.holder, from.accountId], to.holder, units.toString(), {
          status: 'ENFORCED',
          enforcedTo: to.accountId,
        });
        this.#move([from.holder, from.accountId], [to.holder, to.accountId], units);
        if (!o.viaRepo) {
          this.#emit(BondEvent.PLEDGE_ENFORCED, enforced);
          return;
        }
        this.pledges.push(enforced);
        this.#emit(
          BondEvent.REPO_DEFAULTED,
          repo(this.#id(), [from.holder, from.accountId], to.holder, units.toString(), enforced.pledgeId),
        );
      },
      redeem: (o) => {
        const held = [...this.units].filter(([, units]) => units > 0n);
        if (held.length === 0) return;
        const [key, units] = held[o.which % held.length]!;
        const [holder = '', accountId = ''] = key.split('/');
        this.#move([holder, accountId], undefined, units);
        const paid = entitlement(holder, accountId, units.toString(), (units * 10000n).toString(), { eventId: 'R-MATURITY', paidAt: AT });
        this.#emit(ServicingEvent.PAYMENT_CONFIRMED, paid);
      },
    };
    (handlers[op.kind] as (o: Op) => void)(op);
  }

  #transfer(fromIndex: number, toIndex: number, percent: number, cash: boolean): Transfer | undefined {
    const from = TRADING[fromIndex]!;
    const to = TRADING[toIndex]!;
    const units = this.#share(from, percent);
    if (units === 0n || fromIndex === toIndex) return undefined;
    const t = transfer(
      this.#id(),
      [from.holder, from.accountId],
      [to.holder, to.accountId],
      units.toString(),
      cash ? (units * 9990n).toString() : '0',
    );
    this.#move([from.holder, from.accountId], [to.holder, to.accountId], units);
    this.transfers.push(t);
    return t;
  }

  #share(from: { holder: string; accountId: string }, percent: number): bigint {
    return ((this.units.get(`${from.holder}/${from.accountId}`) ?? 0n) * BigInt(percent)) / 100n;
  }

  #move(from: [string, string] | undefined, to: [string, string] | undefined, units: bigint): void {
    if (from) this.units.set(from.join('/'), (this.units.get(from.join('/')) ?? 0n) - units);
    if (to) this.units.set(to.join('/'), (this.units.get(to.join('/')) ?? 0n) + units);
  }

  #emit(name: string, payload: unknown): void {
    this.events.push(
      ledgerEvent(name, payload, AT, String(this.events.length + 1), txId(`e${String(this.events.length + 1).padStart(8, '0')}`)),
    );
  }

  #id(): string {
    this.#n += 1;
    // Fixed width: txId pads with zeros, so m1 and m10 would be one id.
    return `c${String(this.#n).padStart(8, '0')}`;
  }
}

describe('movementsOf: property', () => {
  it('over any sequence of settlements, transfers, batches, locks, puts, enforcements and redemptions, RECE − DELI per account is its net change', () => {
    fc.assert(
      // Primary settlements first, so the ops after them have units to move.
      fc.property(fc.array(settleArb, { minLength: 1, maxLength: 6 }), fc.array(opArb, { maxLength: 60, size: 'large' }), (issued, ops) => {
        const ledger = new ModelLedger();
        for (const op of [...issued, ...ops]) ledger.apply(op);
        const refs = servicingRefs({ transfers: ledger.transfers, pledges: ledger.pledges });
        const net = new Map<string, bigint>();
        for (const m of ledger.events.flatMap((event) => movementsOf(event, refs))) {
          const key = `${m.account.holder}/${m.account.accountId}`;
          expect(m.isin).toBe(ISIN);
          expect(BigInt(m.units)).toBeGreaterThan(0n);
          net.set(key, (net.get(key) ?? 0n) + (m.direction === 'RECE' ? BigInt(m.units) : -BigInt(m.units)));
        }
        for (const key of new Set([...net.keys(), ...ledger.units.keys()]))
          expect([key, net.get(key) ?? 0n]).toEqual([key, ledger.units.get(key) ?? 0n]);
        // Nobody but the holders moved units: the issuer's new units come from no account.
        expect([...net.keys()].some((key) => key.startsWith(`${ISSUER}/`))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
