import {
  type Book,
  type Bond,
  DUE_REPOS_PER_ANSWER,
  EXPIRED_TRANSFERS_PER_ANSWER,
  type Page,
  type Pledge,
  type Repo,
  type Transfer,
} from '@bond-platform/chaincode/api';
import pino from 'pino';
import type { Accepted, LedgerClient, SubmitRequest } from '../fabric/ledger-client';
import { ApiError } from '../http/errors';
import { Scheduler } from './scheduler';

interface DueEvent {
  eventId: string;
  kind: 'COUPON' | 'REDEMPTION';
  couponNumber?: number;
  reason?: string;
  fixed: boolean;
  missingFixing?: { referenceRate: string; fixingDate: string };
}

const PAST = '2000-01-01T00:00:00.000Z';
const FUTURE = '2999-01-01T00:00:00.000Z';

/**
 * A stand-in ledger with the chaincode's answers for what the scheduler reads
 * (bonds by status, paged; books; due events; expired transfers; due repos,
 * at most DUE_REPOS_PER_ANSWER; expired pledges, paged) and a record of what
 * it submits. A submission may be refused with a chaincode code; an expired
 * transfer leaves the list once expired.
 */
class StandInLedger {
  readonly bonds: Bond[] = [];
  readonly books = new Map<string, Pick<Book, 'status' | 'closesAt'>>();
  readonly due = new Map<string, DueEvent[]>();
  expired: Transfer[] = [];
  dueRepos: Repo[] = [];
  expiredPledges: Pledge[] = [];
  readonly submitted: SubmitRequest[] = [];
  readonly evaluated: string[][] = [];
  /** `fn:firstArg` → the chaincode code the submission is refused with. */
  readonly refusals = new Map<string, string>();
  /** ISIN → calls its fix still takes (a register fixed a page per call); absent: the fix answers nothing. */
  readonly fixingPages = new Map<string, number>();
  pageSize = 2;
  failReads = false;

  bond(isin: string, status: string): void {
    this.bonds.push({ isin, status } as unknown as Bond);
  }

  evaluate(_user: string, _contract: string, fn: string, args: string[]): Promise<unknown> {
    this.evaluated.push([fn, ...args]);
    if (this.failReads) return Promise.reject(new ApiError(503, 'FABRIC_UNAVAILABLE', 'the peer is unavailable'));
    switch (fn) {
      case 'ListBondsByStatus':
        return Promise.resolve(this.#bondPage(args));
      case 'GetBook':
        return Promise.resolve(this.books.get(args[0] ?? ''));
      case 'ListDueEvents':
        return Promise.resolve(this.due.get(args[0] ?? '') ?? []);
      case 'ListExpiredTransfers':
        return Promise.resolve(this.expired.slice(0, EXPIRED_TRANSFERS_PER_ANSWER));
      case 'ListDueRepos':
        return Promise.resolve(this.dueRepos.filter((r) => r.termDate <= (args[0] ?? '')).slice(0, DUE_REPOS_PER_ANSWER));
      case 'ListExpiredPledges':
        return Promise.resolve(this.#expiredPledgePage(args));
      default:
        return Promise.reject(new Error(`unexpected evaluation ${fn}`));
    }
  }

  /** A page of the bonds in `status`, `pageSize` at a time, the bookmark being the next one's index. */
  #bondPage([status, , bookmark]: string[]): Page<Bond> {
    const all = this.bonds.filter((b) => b.status === status);
    const start = bookmark === '' ? 0 : Number(bookmark);
    const end = start + this.pageSize;
    return { records: all.slice(start, end), bookmark: end < all.length ? String(end) : '' } as Page<Bond>;
  }

  /** A page of the pledges expired at `asOf`, the bookmark being the next one's index. */
  #expiredPledgePage([asOf = '', pageSize = '', bookmark = '']: string[]): Page<Pledge> {
    const all = this.expiredPledges.filter((p) => (p.expiresAt ?? '') <= asOf);
    const start = bookmark === '' ? 0 : Number(bookmark);
    const end = start + Number(pageSize || '100');
    const records = all.slice(start, end);
    return { records, bookmark: end < all.length ? String(end) : '', fetchedRecordsCount: records.length };
  }

  submit(request: SubmitRequest): Promise<Accepted> {
    this.submitted.push(request);
    const refusal = this.refusals.get(`${request.fn}:${request.args[0] ?? ''}`);
    if (refusal) return Promise.reject(new ApiError(409, refusal as never, `refused: ${refusal}`));
    if (request.fn === 'ExpireTransfer') this.expired = this.expired.filter((t) => t.transferId !== request.args[0]);
    const transactionId = `tx${this.submitted.length}`;
    // A register fixed over several calls answers FIXING until its last page.
    const pagesLeft = this.fixingPages.get(request.args[0] ?? '');
    const result = pagesLeft === undefined ? null : { status: pagesLeft > 1 ? 'FIXING' : 'ENTITLEMENTS_FIXED' };
    if (pagesLeft !== undefined) this.fixingPages.set(request.args[0] ?? '', pagesLeft - 1);
    return Promise.resolve({ transactionId, result, committed: Promise.resolve({ transactionId, blockNumber: '7', result }) });
  }

  asClient(): LedgerClient {
    return this as unknown as LedgerClient;
  }
}

const logger = pino({ level: 'silent' });
const transfer = (n: number): Transfer => ({ transferId: `T${n}`, isin: 'XS0000000001' }) as unknown as Transfer;
const repo = (repoId: string, termDate: string): Repo =>
  ({
    repoId,
    isin: 'XS-REPO',
    borrower: 'BankMSP',
    lender: 'SecuritiesMSP',
    termDate,
    repurchaseAmount: '10004027',
    status: 'OPEN',
  }) as unknown as Repo;
const pledge = (n: number, expiresAt: string): Pledge =>
  ({
    pledgeId: `P${n}`,
    isin: 'XS-PLEDGE',
    pledgor: 'BankMSP',
    pledgee: 'SecuritiesMSP',
    expiresAt,
    status: 'ACTIVE',
  }) as unknown as Pledge;
/** A UTC date `days` from today's. */
const dayFrom = (today: string, days: number): string => new Date(Date.parse(today) + days * 86_400_000).toISOString().slice(0, 10);

function schedulerOn(ledger: StandInLedger, intervalSeconds = 0): Scheduler {
  return new Scheduler(ledger.asClient(), 'operator1', intervalSeconds, logger);
}

describe('Scheduler', () => {
  it("closes the open books whose window has passed, and only those, signing as the scheduler's user", async () => {
    const ledger = new StandInLedger();
    ledger.bond('XS-PAST', 'BOOK_OPEN');
    ledger.bond('XS-FUTURE', 'BOOK_OPEN');
    ledger.bond('XS-CLOSED', 'BOOK_OPEN');
    ledger.books.set('XS-PAST', { status: 'OPEN', closesAt: PAST });
    ledger.books.set('XS-FUTURE', { status: 'OPEN', closesAt: FUTURE });
    ledger.books.set('XS-CLOSED', { status: 'CLOSED', closesAt: PAST });
    const run = await schedulerOn(ledger).runNow();
    expect(ledger.submitted).toEqual([{ user: 'operator1', contract: 'Books', fn: 'CloseBook', args: ['XS-PAST'] }]);
    expect(run.actions).toEqual([{ action: 'CloseBook', isin: 'XS-PAST', outcome: 'DONE', transactionId: 'tx1' }]);
  });

  it('fixes the unfixed due coupons and redemptions of issued and called bonds as of today, across pages of bonds', async () => {
    const ledger = new StandInLedger();
    for (const isin of ['XS-A', 'XS-B', 'XS-C']) ledger.bond(isin, 'ISSUED');
    ledger.bond('XS-CALLED', 'CALLED');
    ledger.due.set('XS-A', [
      { eventId: 'XS-A-C1', kind: 'COUPON', couponNumber: 1, fixed: true },
      { eventId: 'XS-A-C2', kind: 'COUPON', couponNumber: 2, fixed: false },
    ]);
    ledger.due.set('XS-C', [{ eventId: 'XS-C-C1', kind: 'COUPON', couponNumber: 1, fixed: false }]);
    ledger.due.set('XS-CALLED', [{ eventId: 'XS-CALLED-R', kind: 'REDEMPTION', reason: 'CALL', fixed: false }]);
    const run = await schedulerOn(ledger).runNow();
    const today = run.startedAt.slice(0, 10);
    expect(ledger.evaluated.filter(([fn]) => fn === 'ListDueEvents')).toEqual(
      ['XS-A', 'XS-B', 'XS-C', 'XS-CALLED'].map((isin) => ['ListDueEvents', isin, today]),
    );
    expect(ledger.submitted.map((s) => [s.contract, s.fn, s.args])).toEqual([
      ['Servicing', 'FixCouponEntitlements', ['XS-A', '2']],
      ['Servicing', 'FixCouponEntitlements', ['XS-C', '1']],
      ['Servicing', 'FixRedemptionEntitlements', [JSON.stringify({ isin: 'XS-CALLED', reason: 'CALL' })]],
    ]);
    expect(run.actions.map((a) => [a.action, a.eventId, a.outcome])).toEqual([
      ['FixCouponEntitlements', 'XS-A-C2', 'DONE'],
      ['FixCouponEntitlements', 'XS-C-C1', 'DONE'],
      ['FixRedemptionEntitlements', 'XS-CALLED-R', 'DONE'],
    ]);
  });

  it('repeats a fix while it answers FIXING, a page of holdings per call, and goes on to the next event', async () => {
    const ledger = new StandInLedger();
    ledger.bond('XS-BIG', 'ISSUED');
    ledger.due.set('XS-BIG', [
      { eventId: 'XS-BIG-C1', kind: 'COUPON', couponNumber: 1, fixed: false },
      { eventId: 'XS-BIG-R', kind: 'REDEMPTION', reason: 'MATURITY', fixed: false },
    ]);
    ledger.fixingPages.set('XS-BIG', 3);
    ledger.fixingPages.set(JSON.stringify({ isin: 'XS-BIG', reason: 'MATURITY' }), 2);
    const run = await schedulerOn(ledger).runNow();
    expect(ledger.submitted.map((s) => s.fn)).toEqual([
      'FixCouponEntitlements',
      'FixCouponEntitlements',
      'FixCouponEntitlements',
      'FixRedemptionEntitlements',
      'FixRedemptionEntitlements',
    ]);
    expect(run.actions.every((a) => a.outcome === 'DONE')).toBe(true);
  });

  it('submits no floating-rate coupon whose fixing is missing: records it as WAITING, each run, and goes on', async () => {
    const ledger = new StandInLedger();
    ledger.bond('XS-FRN', 'ISSUED');
    const missingFixing = { referenceRate: 'SHIBOR_3M', fixingDate: '2027-03-01' };
    ledger.due.set('XS-FRN', [
      { eventId: 'C-001', kind: 'COUPON', couponNumber: 1, fixed: false },
      { eventId: 'C-002', kind: 'COUPON', couponNumber: 2, fixed: false, missingFixing },
    ]);
    const waiting = {
      action: 'FixCouponEntitlements',
      isin: 'XS-FRN',
      eventId: 'C-002',
      outcome: 'WAITING',
      waitingFor: 'the SHIBOR_3M fixing of 2027-03-01',
    };
    const scheduler = schedulerOn(ledger);
    const first = await scheduler.runNow();
    expect(ledger.submitted.map((s) => s.args)).toEqual([['XS-FRN', '1']]);
    expect(first.actions).toContainEqual(waiting);
    const second = await scheduler.runNow();
    expect(second.actions).toContainEqual(waiting);
    expect(ledger.submitted.filter((s) => s.args[1] === '2')).toEqual([]);
  });

  it('counts a refusal saying it is already done as done, records any other failure and goes on', async () => {
    const ledger = new StandInLedger();
    for (const isin of ['XS-EXISTS', 'XS-MOVED', 'XS-BROKEN', 'XS-OK']) {
      ledger.bond(isin, 'ISSUED');
      ledger.due.set(isin, [{ eventId: `${isin}-C1`, kind: 'COUPON', couponNumber: 1, fixed: false }]);
    }
    ledger.refusals.set('FixCouponEntitlements:XS-EXISTS', 'ALREADY_EXISTS');
    ledger.refusals.set('FixCouponEntitlements:XS-MOVED', 'INVALID_STATE_TRANSITION');
    ledger.refusals.set('FixCouponEntitlements:XS-BROKEN', 'OUTSIDE_WINDOW');
    const run = await schedulerOn(ledger).runNow();
    expect(run.actions.map((a) => [a.isin, a.outcome, a.error])).toEqual([
      ['XS-EXISTS', 'ALREADY_DONE', undefined],
      ['XS-MOVED', 'ALREADY_DONE', undefined],
      ['XS-BROKEN', 'FAILED', 'refused: OUTSIDE_WINDOW'],
      ['XS-OK', 'DONE', undefined],
    ]);
  });

  it('expires unsettled transfers a batch at a time until none is left', async () => {
    const ledger = new StandInLedger();
    ledger.expired = Array.from({ length: EXPIRED_TRANSFERS_PER_ANSWER + 5 }, (_, n) => transfer(n));
    const run = await schedulerOn(ledger).runNow();
    expect(ledger.expired).toEqual([]);
    expect(run.actions).toHaveLength(EXPIRED_TRANSFERS_PER_ANSWER + 5);
    expect(run.actions.every((a) => a.action === 'ExpireTransfer' && a.outcome === 'DONE')).toBe(true);
    expect(ledger.evaluated.filter(([fn]) => fn === 'ListExpiredTransfers').every(([, asOf]) => asOf === run.startedAt)).toBe(true);
  });

  it('stops expiring when a full batch makes no progress, rather than asking again for ever', async () => {
    const ledger = new StandInLedger();
    ledger.expired = Array.from({ length: EXPIRED_TRANSFERS_PER_ANSWER }, (_, n) => transfer(n));
    for (const t of ledger.expired) ledger.refusals.set(`ExpireTransfer:${t.transferId}`, 'OUTSIDE_WINDOW');
    const run = await schedulerOn(ledger).runNow();
    expect(ledger.evaluated.filter(([fn]) => fn === 'ListExpiredTransfers')).toHaveLength(1);
    expect(run.actions.filter((a) => a.outcome === 'FAILED')).toHaveLength(EXPIRED_TRANSFERS_PER_ANSWER);
  });

  it('reports the repos whose closing leg is due today as DUE and those past their term date as OVERDUE, each run, submitting nothing', async () => {
    // A fixed clock: the run's date is the one the test expects, even around midnight.
    jest.useFakeTimers({ now: new Date('2030-06-15T23:59:59.000Z') });
    try {
      const ledger = new StandInLedger();
      const today = '2030-06-15';
      ledger.dueRepos = [repo('R-LATE', dayFrom(today, -3)), repo('R-TODAY', today), repo('R-LATER', dayFrom(today, 7))];
      const scheduler = schedulerOn(ledger);
      const run = await scheduler.runNow();
      expect(ledger.evaluated.filter(([fn]) => fn === 'ListDueRepos')).toEqual([['ListDueRepos', today]]);
      expect(ledger.submitted).toEqual([]);
      expect(run.actions).toEqual([
        {
          action: 'EnforceRepo',
          isin: 'XS-REPO',
          repoId: 'R-LATE',
          outcome: 'OVERDUE',
          dueOn: dayFrom(today, -3),
          waitingFor: `the enforcement by the lender SecuritiesMSP: the repurchase cash 10004027 from BankMSP due on ${dayFrom(today, -3)} was not confirmed`,
        },
        {
          action: 'ConfirmRepoClosing',
          isin: 'XS-REPO',
          repoId: 'R-TODAY',
          outcome: 'DUE',
          dueOn: today,
          waitingFor:
            "the CSD's confirmation today of the repurchase cash 10004027 from BankMSP to SecuritiesMSP; unpaid, SecuritiesMSP may enforce",
        },
      ]);
      expect((await scheduler.runNow()).actions).toEqual(run.actions);
    } finally {
      jest.useRealTimers();
    }
  });

  it('says when the due repos fill an answer: the run may not show them all', async () => {
    const ledger = new StandInLedger();
    ledger.dueRepos = Array.from({ length: DUE_REPOS_PER_ANSWER + 1 }, (_, n) => repo(`R${n}`, '2000-01-01'));
    const run = await schedulerOn(ledger).runNow();
    expect(run.actions.filter((a) => a.outcome === 'OVERDUE')).toHaveLength(DUE_REPOS_PER_ANSWER);
    expect(run.actions.at(-1)).toMatchObject({ action: 'ListDueRepos', outcome: 'FAILED' });
    expect(run.actions.at(-1)?.error).toMatch(/more may be due/);
  });

  it('reports every ACTIVE pledge past its expiry as EXPIRED, across pages, as of the run start, submitting nothing', async () => {
    const ledger = new StandInLedger();
    ledger.expiredPledges = [...Array.from({ length: 205 }, (_, n) => pledge(n, PAST)), pledge(999, FUTURE)];
    const run = await schedulerOn(ledger).runNow();
    const expired = run.actions.filter((a) => a.action === 'ReleasePledge');
    expect(expired).toHaveLength(205);
    expect(expired.every((a) => a.outcome === 'EXPIRED' && a.expiresAt === PAST)).toBe(true);
    expect(expired[0]).toEqual({
      action: 'ReleasePledge',
      isin: 'XS-PLEDGE',
      pledgeId: 'P0',
      outcome: 'EXPIRED',
      expiresAt: PAST,
      waitingFor: 'its release by the holder BankMSP or the pledgee SecuritiesMSP; it can no longer be enforced',
    });
    expect(ledger.evaluated.filter(([fn]) => fn === 'ListExpiredPledges')).toEqual([
      ['ListExpiredPledges', run.startedAt, '100', ''],
      ['ListExpiredPledges', run.startedAt, '100', '100'],
      ['ListExpiredPledges', run.startedAt, '100', '200'],
    ]);
    expect(ledger.submitted).toEqual([]);
  });

  it('records a ledger that cannot be read as a failed scan, and keeps the run as its last', async () => {
    const ledger = new StandInLedger();
    ledger.failReads = true;
    const scheduler = schedulerOn(ledger);
    const run = await scheduler.runNow();
    expect(run.actions).toEqual([{ action: 'scan', isin: '', outcome: 'FAILED', error: 'the peer is unavailable' }]);
    expect(run.finishedAt).toBeDefined();
    expect(scheduler.state().lastRun).toBe(run);
  });

  it('shares the run in progress with concurrent requests, then starts a new one', async () => {
    const ledger = new StandInLedger();
    ledger.bond('XS-PAST', 'BOOK_OPEN');
    ledger.books.set('XS-PAST', { status: 'OPEN', closesAt: PAST });
    const scheduler = schedulerOn(ledger);
    const first = scheduler.runNow();
    expect(scheduler.state().running).toBe(true);
    expect(scheduler.runNow()).toBe(first);
    await first;
    expect(ledger.submitted).toHaveLength(1);
    expect(scheduler.state().running).toBe(false);
    await scheduler.runNow();
    expect(ledger.submitted).toHaveLength(2);
  });

  it('with interval 0 runs only on request: disabled, no next run, start() schedules nothing', () => {
    jest.useFakeTimers();
    try {
      const ledger = new StandInLedger();
      const scheduler = schedulerOn(ledger, 0);
      scheduler.start();
      jest.advanceTimersByTime(3_600_000);
      expect(ledger.evaluated).toEqual([]);
      expect(scheduler.state()).toEqual({ enabled: false, intervalSeconds: 0, running: false, lastRun: undefined, nextRunAt: undefined });
    } finally {
      jest.useRealTimers();
    }
  });

  it('with an interval runs 5 s after start, then every interval, until stopped', async () => {
    jest.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z') });
    try {
      const ledger = new StandInLedger();
      const scheduler = schedulerOn(ledger, 60);
      scheduler.start();
      expect(scheduler.state()).toMatchObject({ enabled: true, intervalSeconds: 60, nextRunAt: '2030-01-01T00:00:05.000Z' });
      await jest.advanceTimersByTimeAsync(5_000);
      const scans = () => ledger.evaluated.filter(([fn]) => fn === 'ListExpiredTransfers').length;
      expect(scans()).toBe(1);
      expect(scheduler.state().nextRunAt).toBe('2030-01-01T00:01:05.000Z');
      await jest.advanceTimersByTimeAsync(60_000);
      expect(scans()).toBe(2);
      scheduler.stop();
      await jest.advanceTimersByTimeAsync(600_000);
      expect(scans()).toBe(2);
    } finally {
      jest.useRealTimers();
    }
  });
});
