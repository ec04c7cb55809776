import fc from 'fast-check';
import type { Pledge, PledgeStatus } from '../api/bonds';
import { refusal } from '../../test/support/fixtures';
import { available, debit, pledge as addPledge, setFrozen } from './holdings';
import { holdingPayment } from './coupon-schedule';
import {
  activeAtEndOf,
  createPledge,
  enforcePledge,
  hasExpired,
  mayEnforce,
  mayRelease,
  PLEDGE_TRANSITIONS,
  pledgeTransition,
  pledgeeShares,
  releasePledge,
} from './pledge';

const ISIN = 'CNTEST000015';
const EXPIRES = '2026-06-30T16:00:00.000Z';
const BEFORE = '2026-06-30T15:59:59.999Z';
const stampAt = (timestamp: string, mspId = 'X') => ({ txId: 'tx-7', timestamp, mspId, identity: 'x509::CN=operator1' });
const created = stampAt('2026-06-01T09:00:00.000Z');
const request = {
  holder: 'BankMSP',
  accountId: 'PROP',
  pledgee: 'LenderMSP',
  units: '40',
  reference: 'REPO-2026-17',
  expiresAt: EXPIRES,
  enforceable: true,
};

function pledge(overrides: Partial<Pledge> = {}): Pledge {
  return { ...createPledge(request, ISIN, 'BankMSP', created), ...overrides };
}

const STATUSES = Object.keys(PLEDGE_TRANSITIONS) as PledgeStatus[];
const PARTIES = ['BankMSP', 'LenderMSP', 'CSDMSP', 'OtherMSP'];
const instant = fc.date({ min: new Date('2026-06-01'), max: new Date('2026-07-31'), noInvalidDate: true }).map((d) => d.toISOString());

describe('pledge status machine', () => {
  it('allows exactly ACTIVE → RELEASED | ENFORCED; both are final (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...STATUSES), fc.constantFrom(...STATUSES), (from, to) => {
        const allowed = from === 'ACTIVE' && to !== 'ACTIVE';
        expect(PLEDGE_TRANSITIONS[from].includes(to)).toBe(allowed);
        const answer = refusal(() => pledgeTransition({ pledgeId: 'p', status: from }, to));
        expect(answer).toBe(allowed ? 'accepted' : `INVALID_STATE_TRANSITION: pledge p is ${from}; it cannot become ${to}`);
      }),
    );
  });
});

describe('who may release or enforce, and when', () => {
  it('the pledgee releases at any time, the pledgor only from the expiry, nobody else (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PARTIES), instant, fc.boolean(), (caller, now, withExpiry) => {
        const p = withExpiry ? pledge() : pledge({ expiresAt: undefined });
        const expired = withExpiry && now >= EXPIRES;
        expect(hasExpired(p, now)).toBe(expired);
        expect(mayRelease(p, caller, now)).toBe(caller === 'LenderMSP' || (caller === 'BankMSP' && expired));
      }),
    );
  });

  it('only the pledgee enforces, only an enforceable pledge, only before its expiry (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PARTIES), instant, fc.boolean(), (caller, now, enforceable) => {
        const p = pledge({ enforceable });
        expect(mayEnforce(p, caller, now)).toBe(caller === 'LenderMSP' && enforceable && now < EXPIRES);
        const answer = refusal(() => enforcePledge(p, caller, 'COLLATERAL', stampAt(now, caller)));
        if (caller !== 'LenderMSP') expect(answer).toMatch(/^NOT_A_PARTY: /);
        else if (!enforceable) expect(answer).toMatch(/^INVALID_STATE_TRANSITION: .*do not allow enforcement/);
        else if (now >= EXPIRES) expect(answer).toMatch(/^OUTSIDE_WINDOW: /);
        else expect(answer).toBe('accepted');
      }),
    );
  });

  it('releases and enforces only an ACTIVE pledge', () => {
    for (const status of ['RELEASED', 'ENFORCED'] as const) {
      expect(refusal(() => releasePledge(pledge({ status }), 'LenderMSP', stampAt(BEFORE)))).toMatch(/^INVALID_STATE_TRANSITION: /);
      expect(refusal(() => enforcePledge(pledge({ status }), 'LenderMSP', 'C', stampAt(BEFORE)))).toMatch(/^INVALID_STATE_TRANSITION: /);
    }
  });

  it('records the change and, on enforcement, the pledgee account', () => {
    const released = releasePledge(pledge(), 'BankMSP', stampAt(EXPIRES, 'BankMSP'));
    expect([released.status, released.lastChange.timestamp]).toEqual(['RELEASED', EXPIRES]);
    expect(refusal(() => releasePledge(pledge(), 'BankMSP', stampAt(BEFORE)))).toBe(
      `NOT_A_PARTY: only the pledgee LenderMSP releases pledge tx-7, or BankMSP from ${EXPIRES}`,
    );
    const enforced = enforcePledge(pledge(), 'LenderMSP', 'COLLATERAL', stampAt(BEFORE, 'LenderMSP'));
    expect([enforced.status, enforced.enforcedTo]).toEqual(['ENFORCED', 'COLLATERAL']);
    expect(refusal(() => enforcePledge(pledge(), 'LenderMSP', 'PUT-2027-03-02', stampAt(BEFORE)))).toMatch(/^INVALID_ARGUMENT: /);
  });
});

describe('a new pledge', () => {
  it('is ACTIVE, the pledging transaction its id, coupons to the pledgor by default', () => {
    expect(pledge()).toEqual({
      pledgeId: 'tx-7',
      isin: ISIN,
      pledgor: 'BankMSP',
      accountId: 'PROP',
      pledgee: 'LenderMSP',
      units: '40',
      reference: 'REPO-2026-17',
      expiresAt: EXPIRES,
      enforceable: true,
      couponsTo: 'PLEDGOR',
      status: 'ACTIVE',
      created,
      lastChange: created,
    });
    expect(createPledge({ ...request, expiresAt: undefined }, ISIN, 'BankMSP', created)).not.toHaveProperty('expiresAt');
  });

  it.each([
    ['another holder pledging', { holder: 'OtherMSP' }, /^NOT_A_PARTY: only OtherMSP pledges its holding/],
    ['a pledge to oneself', { pledgee: 'BankMSP' }, /^INVALID_ARGUMENT: a holder cannot pledge to itself/],
    ['no units', { units: '0' }, /^INVALID_ARGUMENT: units/],
    ['a past expiry', { expiresAt: '2026-05-01T00:00:00Z' }, /^INVALID_ARGUMENT: expiresAt must be in the future/],
    ['enforceable missing', { enforceable: undefined }, /^INVALID_ARGUMENT: enforceable must be true or false/],
    ['a reserved put account', { accountId: 'PUT-2027-03-02' }, /^INVALID_ARGUMENT: accountId PUT-2027-03-02 is reserved/],
    ['coupons to an unknown party', { couponsTo: 'LENDER' }, /^INVALID_ARGUMENT: couponsTo must be PLEDGOR or PLEDGEE/],
    ['an unknown couponsTo', { couponsTo: 'ISSUER' }, /^INVALID_ARGUMENT: couponsTo must be PLEDGOR or PLEDGEE/],
    ['no reference', { reference: '' }, /^INVALID_ARGUMENT: reference/],
  ])('refuses %s', (_, change, expected) => {
    expect(refusal(() => createPledge({ ...request, ...change }, ISIN, 'BankMSP', created))).toMatch(expected);
  });
});

describe('free units: frozen + pledged ≤ held', () => {
  const position = fc
    .tuple(fc.bigInt({ min: 0n, max: 10_000n }), fc.bigInt({ min: 0n, max: 10_000n }), fc.bigInt({ min: 0n, max: 10_000n }))
    .filter(([held, frozen, pledged]) => frozen + pledged <= held);

  it('a pledge, a delivery or a freeze succeeds exactly when it fits the free units, and keeps the bound (property)', () => {
    fc.assert(
      fc.property(position, fc.bigInt({ min: 1n, max: 12_000n }), ([held, frozen, pledged], units) => {
        const free = available(held, frozen, pledged);
        expect(free).toBe(held - frozen - pledged);
        const pledging = refusal(() => addPledge(held, frozen, pledged, units));
        const delivering = refusal(() => debit(held, frozen + pledged, units));
        const freezing = refusal(() => setFrozen(held, frozen + units, pledged));
        if (units <= free) {
          expect([pledging, delivering, freezing]).toEqual(['accepted', 'accepted', 'accepted']);
          expect(frozen + addPledge(held, frozen, pledged, units)).toBeLessThanOrEqual(held);
          expect(debit(held, frozen + pledged, units)).toBeGreaterThanOrEqual(frozen + pledged);
        } else {
          const code = units > held ? 'INSUFFICIENT_HOLDING' : 'HOLDING_FROZEN';
          expect(pledging.split(':')[0]).toBe(code);
          expect(delivering.split(':')[0]).toBe(code);
          expect(freezing.split(':')[0]).toBe('INSUFFICIENT_HOLDING');
        }
      }),
    );
  });
});

describe('coupons to the pledgee', () => {
  it('count a pledge active at the end of the record date: made by then, ended after it', () => {
    const on = (day: string) => stampAt(`${day}T23:59:59.999Z`);
    const pledge = { status: 'ACTIVE' as PledgeStatus, created: on('2027-02-01'), lastChange: on('2027-02-01') };
    expect(activeAtEndOf(pledge, '2027-01-31')).toBe(false);
    expect(activeAtEndOf(pledge, '2027-02-01')).toBe(true);
    const released = { ...pledge, status: 'RELEASED' as PledgeStatus, lastChange: on('2027-03-01') };
    expect(activeAtEndOf(released, '2027-02-28')).toBe(true);
    expect(activeAtEndOf(released, '2027-03-01')).toBe(false);
  });

  it("carve the pledgees' shares out of the holding's payment: never more than it, each within a minor unit of exact", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ units: fc.bigInt({ min: 1n, max: 10_000n }), toPledgee: fc.boolean() }), { maxLength: 6 }),
        fc.bigInt({ min: 0n, max: 10_000n }),
        fc.bigInt({ min: 1n, max: 10_000_000n }),
        fc.bigInt({ min: 1n, max: 10_000n }),
        (pledges, free, num, den) => {
          const perUnit = { num, den };
          const held = pledges.reduce((sum, p) => sum + p.units, free);
          const records = pledges.map((p, i) => ({
            pledgeId: `tx-${String(i).padStart(2, '0')}`,
            pledgee: 'BankMSP',
            units: p.units.toString(),
            couponsTo: p.toPledgee ? ('PLEDGEE' as const) : ('PLEDGOR' as const),
          }));
          const shares = pledgeeShares(records, perUnit);
          expect(shares.map((s) => s.pledgeId)).toEqual(records.filter((r) => r.couponsTo === 'PLEDGEE').map((r) => r.pledgeId));
          const total = shares.reduce((sum, s) => sum + BigInt(s.amount), 0n);
          const pledgedToPledgees = shares.reduce((sum, s) => sum + BigInt(s.units), 0n);
          expect(total).toBe(holdingPayment(pledgedToPledgees, perUnit));
          expect(total).toBeLessThanOrEqual(holdingPayment(held, perUnit));
          for (const s of shares) {
            // |share × den − units × num| ≤ den: within one minor unit of the exact share.
            const diff = BigInt(s.amount) * den - BigInt(s.units) * num;
            expect(diff <= den && diff >= -den).toBe(true);
          }
        },
      ),
    );
  });
});
