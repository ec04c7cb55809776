import fc from 'fast-check';
import type { Repo, RepoStatus } from '../api/bonds';
import { refusal } from '../../test/support/fixtures';
import { daysBetween } from './dates';
import { PAR } from './decimal';
import {
  agreeRepo,
  cancelRepo,
  closeRepo,
  defaultRepo,
  isDue,
  openRepo,
  proposeRepo,
  REPO_TRANSITIONS,
  repoInterest,
  repurchaseAmount,
} from './repo';

const ISIN = 'CNTEST000015';
const stampAt = (timestamp: string, mspId = 'X') => ({ txId: 'tx-9', timestamp, mspId, identity: 'x509::CN=operator1' });
const proposed = stampAt('2026-06-01T09:00:00.000Z', 'BankMSP');
const request = {
  borrower: 'BankMSP',
  accountId: 'PROP',
  lender: 'LenderMSP',
  units: '40',
  principal: '10000000',
  repoRate: '1.85',
  dayCount: 'ACT/365',
  openDate: '2026-06-01',
  termDate: '2026-06-08',
};
const repo = (overrides: Record<string, unknown> = {}): Repo => proposeRepo({ ...request, ...overrides }, ISIN, 'BankMSP', proposed);
const withStatus = (status: RepoStatus): Repo => ({ ...repo(), status });

describe('proposeRepo', () => {
  it('fixes the term, the exact interest and the repurchase amount rounded once', () => {
    // 10 000 000 × 1.85 % × 7/365 = 3547.945… → 3548
    expect(repo()).toMatchObject({
      repoId: 'tx-9',
      borrower: 'BankMSP',
      lender: 'LenderMSP',
      days: 7,
      interest: '259000/73',
      repurchaseAmount: '10003548',
      status: 'PROPOSED',
    });
    expect(repo({ dayCount: 'ACT/360' })).toMatchObject({ interest: '32375/9', repurchaseAmount: '10003597' });
  });

  it('refuses a caller other than the borrower, a repo with itself and a bad term', () => {
    expect(refusal(() => proposeRepo(request, ISIN, 'LenderMSP', proposed))).toMatch(/^NOT_A_PARTY/);
    expect(refusal(() => repo({ lender: 'BankMSP' }))).toMatch(/^INVALID_ARGUMENT/);
    expect(refusal(() => repo({ termDate: '2026-06-01' }))).toMatch(/^INVALID_ARGUMENT: termDate must be after openDate/);
    expect(refusal(() => repo({ openDate: '2026-05-01', termDate: '2026-05-31' }))).toMatch(/in the past/);
    expect(refusal(() => repo({ dayCount: '30/360' }))).toMatch(/dayCount/);
    expect(refusal(() => repo({ principal: '0' }))).toMatch(/principal/);
    expect(refusal(() => repo({ repoRate: '1.5e0' }))).toMatch(/repoRate/);
  });
});

describe('the repo state machine', () => {
  it('lets only the lender agree, either party cancel before opening', () => {
    expect(agreeRepo(repo(), 'LenderMSP', proposed).status).toBe('AGREED');
    expect(refusal(() => agreeRepo(repo(), 'BankMSP', proposed))).toMatch(/^NOT_A_PARTY/);
    expect(cancelRepo(withStatus('AGREED'), 'BankMSP', proposed).status).toBe('CANCELLED');
    expect(refusal(() => cancelRepo(repo(), 'OtherMSP', proposed))).toMatch(/^NOT_A_PARTY/);
    expect(refusal(() => cancelRepo(withStatus('OPEN'), 'BankMSP', proposed))).toMatch(/^INVALID_STATE_TRANSITION/);
  });

  it('opens from the open date to the term date, closes up to the term date, enforces from it', () => {
    const agreed = withStatus('AGREED');
    expect(openRepo(agreed, 'tx-open', stampAt('2026-06-08T23:59:59.000Z'))).toMatchObject({ status: 'OPEN', pledgeId: 'tx-open' });
    expect(refusal(() => openRepo(agreed, 'p', stampAt('2026-06-09T00:00:00.000Z')))).toMatch(/^OUTSIDE_WINDOW/);
    expect(refusal(() => openRepo(withStatus('PROPOSED'), 'p', proposed))).toMatch(/^INVALID_STATE_TRANSITION/);
    const open = withStatus('OPEN');
    expect(closeRepo(open, stampAt('2026-06-08T23:59:59.000Z')).status).toBe('CLOSED');
    expect(refusal(() => closeRepo(open, stampAt('2026-06-09T00:00:00.000Z')))).toMatch(/^OUTSIDE_WINDOW/);
    expect(refusal(() => defaultRepo(open, 'LenderMSP', stampAt('2026-06-07T23:59:59.000Z')))).toMatch(/^OUTSIDE_WINDOW/);
    expect(defaultRepo(open, 'LenderMSP', stampAt('2026-06-08T00:00:00.000Z')).status).toBe('DEFAULTED');
    expect(refusal(() => defaultRepo(open, 'BankMSP', stampAt('2026-06-09T00:00:00.000Z')))).toMatch(/^NOT_A_PARTY/);
    expect(refusal(() => defaultRepo(withStatus('CLOSED'), 'LenderMSP', stampAt('2026-06-09T00:00:00.000Z')))).toMatch(
      /^INVALID_STATE_TRANSITION/,
    );
  });

  it('is due when OPEN and its term date is at or before the day asked', () => {
    expect(isDue(withStatus('OPEN'), '2026-06-08')).toBe(true);
    expect(isDue(withStatus('OPEN'), '2026-06-07')).toBe(false);
    expect(isDue(withStatus('CLOSED'), '2026-06-09')).toBe(false);
  });

  it('has terminal CLOSED, DEFAULTED and CANCELLED', () => {
    expect(REPO_TRANSITIONS.CLOSED).toEqual([]);
    expect(REPO_TRANSITIONS.DEFAULTED).toEqual([]);
    expect(REPO_TRANSITIONS.CANCELLED).toEqual([]);
  });
});

describe('repo interest (property)', () => {
  const terms = fc.record({
    principal: fc.bigInt({ min: 1n, max: 10n ** 15n }),
    rate: fc.bigInt({ min: 0n, max: 20n * 1_000_000n }),
    days: fc.integer({ min: 1, max: 366 }),
    dayCount: fc.constantFrom('ACT/365' as const, 'ACT/360' as const),
  });

  it('is exact: interest × 100 × basis × 10⁶ = principal × rate × days', () => {
    fc.assert(
      fc.property(terms, ({ principal, rate, days, dayCount }) => {
        const { num, den } = repoInterest(principal, rate, days, dayCount);
        expect(num * PAR * (dayCount === 'ACT/365' ? 365n : 360n)).toBe(principal * rate * BigInt(days) * den);
      }),
    );
  });

  it('repurchase = principal + interest rounded half up once: within half a minor unit, halves up', () => {
    fc.assert(
      fc.property(terms, ({ principal, rate, days, dayCount }) => {
        const { num, den } = repoInterest(principal, rate, days, dayCount);
        const rounded = repurchaseAmount(principal, rate, days, dayCount) - principal;
        // |rounded − num/den| ≤ 1/2, and exactly halves round up.
        expect(2n * (rounded * den - num)).toBeLessThanOrEqual(den);
        expect(2n * (num - rounded * den)).toBeLessThan(den);
      }),
    );
  });

  it('counts actual days from open to term date', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), (term) => {
        const termDate = new Date(Date.UTC(2026, 5, 1) + term * 86_400_000).toISOString().slice(0, 10);
        const r = repo({ termDate });
        expect(r.days).toBe(daysBetween('2026-06-01', termDate));
        expect(r.days).toBe(term);
      }),
    );
  });
});
