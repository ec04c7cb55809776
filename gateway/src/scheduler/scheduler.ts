/**
 * The CSD gateway's scheduler. Ledger code cannot wake itself up, so this
 * submits the lifecycle events that fall due: coupon and redemption
 * entitlements whose record date has come (the chaincode's ListDueEvents
 * says which, and whether already fixed), the closing of books whose
 * window has passed, and the expiry of transfer instructions left unsettled
 * (ListExpiredTransfers). Each run scans everything due, so it catches up after
 * downtime; it is idempotent because the chaincode refuses anything already
 * done (ALREADY_EXISTS, INVALID_STATE_TRANSITION), which counts as done. A
 * floating-rate coupon whose fixing is not published is not submitted: the
 * run records it as WAITING (with the fixing it waits for) and the next run
 * looks again.
 *
 * Some things fall due that only a party may act on, so each run reports
 * them in the same way and submits nothing: OPEN repos whose closing leg is
 * due today (DUE: the CSD confirms the repurchase cash, or the lender
 * enforces) or whose term date has passed without it (OVERDUE: only the
 * lender's enforcement is left), from ListDueRepos; and ACTIVE pledges past
 * their expiry (EXPIRED: the holder or the pledgee releases, nobody may
 * enforce), from ListExpiredPledges. Each is reported every run until a
 * party acts.
 */
import {
  type Book,
  bookWindowHasClosed,
  type Bond,
  type ContractName,
  type DueEvent,
  DUE_REPOS_PER_ANSWER,
  EXPIRED_TRANSFERS_PER_ANSWER,
  type FunctionName,
  type Page,
  type PaymentEvent,
  type Pledge,
  type Repo,
  type Transfer,
} from '@bond-platform/chaincode/api';
import type { Logger } from 'pino';
import { ApiError } from '../http/errors';
import type { LedgerClient } from '../fabric/ledger-client';

export interface SchedulerAction {
  action: string;
  isin: string;
  eventId?: string;
  transferId?: string;
  repoId?: string;
  pledgeId?: string;
  /**
   * WAITING: not submitted, it cannot be done yet (a floating-rate coupon's
   * fixing is not published). DUE, OVERDUE, EXPIRED: reported, never
   * submitted, a party's to do: a repo's closing leg due today, a repo past
   * its term date with its closing not confirmed, a pledge past its expiry.
   */
  outcome: 'DONE' | 'ALREADY_DONE' | 'FAILED' | 'WAITING' | 'DUE' | 'OVERDUE' | 'EXPIRED';
  /** What a WAITING, DUE, OVERDUE or EXPIRED action waits for, and whom. */
  waitingFor?: string;
  /** A DUE or OVERDUE repo's term date. */
  dueOn?: string;
  /** An EXPIRED pledge's expiry. */
  expiresAt?: string;
  transactionId?: string;
  error?: string;
}

export interface SchedulerRun {
  startedAt: string;
  finishedAt?: string;
  actions: SchedulerAction[];
}

export interface SchedulerState {
  enabled: boolean;
  intervalSeconds: number;
  running: boolean;
  lastRun?: SchedulerRun;
  nextRunAt?: string;
}

const ALREADY_DONE = new Set(['ALREADY_EXISTS', 'INVALID_STATE_TRANSITION']);

export class Scheduler {
  #timer?: NodeJS.Timeout;
  #running?: Promise<SchedulerRun>;
  #lastRun?: SchedulerRun;
  #nextRunAt?: Date;

  constructor(
    private readonly ledger: LedgerClient,
    private readonly user: string,
    readonly intervalSeconds: number,
    private readonly logger: Logger,
  ) {}

  /** Starts periodic runs (none if the interval is 0: runs only on request); once started, later calls do nothing. */
  start(): void {
    if (this.intervalSeconds <= 0 || this.#timer !== undefined) return;
    const tick = () => {
      void this.runNow().finally(() => {
        this.#nextRunAt = new Date(Date.now() + this.intervalSeconds * 1000);
        this.#timer = setTimeout(tick, this.intervalSeconds * 1000);
        this.#timer.unref();
      });
    };
    this.#nextRunAt = new Date(Date.now() + 5000);
    this.#timer = setTimeout(tick, 5000);
    this.#timer.unref();
  }

  stop(): void {
    clearTimeout(this.#timer);
  }

  state(): SchedulerState {
    return {
      enabled: this.intervalSeconds > 0,
      intervalSeconds: this.intervalSeconds,
      running: this.#running !== undefined,
      lastRun: this.#lastRun,
      nextRunAt: this.intervalSeconds > 0 ? this.#nextRunAt?.toISOString() : undefined,
    };
  }

  /** One run over everything due; concurrent requests share the run in progress. */
  runNow(): Promise<SchedulerRun> {
    this.#running ??= this.#run().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #run(): Promise<SchedulerRun> {
    const run: SchedulerRun = { startedAt: new Date().toISOString(), actions: [] };
    const today = run.startedAt.slice(0, 10);
    try {
      for (const bond of await this.#bonds('BOOK_OPEN')) await this.#closeExpiredBook(bond, run);
      for (const bond of [...(await this.#bonds('ISSUED')), ...(await this.#bonds('CALLED'))]) await this.#fixDueEvents(bond, today, run);
      await this.#expireTransfers(run.startedAt, run);
      await this.#reportDueRepos(today, run);
      await this.#reportExpiredPledges(run.startedAt, run);
    } catch (error) {
      run.actions.push({ action: 'scan', isin: '', outcome: 'FAILED', error: error instanceof Error ? error.message : String(error) });
    }
    run.finishedAt = new Date().toISOString();
    this.#lastRun = run;
    if (run.actions.length > 0) this.logger.info({ actions: run.actions.length }, 'scheduler run');
    return run;
  }

  async #bonds(status: string): Promise<Bond[]> {
    const bonds: Bond[] = [];
    let bookmark = '';
    do {
      const page = (await this.ledger.evaluate(this.user, 'Bonds', 'ListBondsByStatus', [status, '100', bookmark])) as Page<Bond>;
      bonds.push(...page.records);
      bookmark = page.bookmark;
    } while (bookmark !== '');
    return bonds;
  }

  async #closeExpiredBook(bond: Bond, run: SchedulerRun): Promise<void> {
    const book = (await this.ledger.evaluate(this.user, 'Books', 'GetBook', [bond.isin])) as Book;
    if (book.status === 'OPEN' && bookWindowHasClosed(book, new Date().toISOString())) {
      await this.#submit(run, { action: 'CloseBook', isin: bond.isin }, 'Books', 'CloseBook', [bond.isin]);
    }
  }

  /**
   * Fixes each due event that is not fixed yet. A register larger than
   * ENTITLEMENTS_FIXED_PER_CALL holdings is fixed a page per call: the fix is
   * repeated while it answers FIXING (each call moves on by a page). A
   * coupon waiting for its fixing is recorded, not submitted.
   */
  async #fixDueEvents(bond: Bond, today: string, run: SchedulerRun): Promise<void> {
    const due = (await this.ledger.evaluate(this.user, 'Servicing', 'ListDueEvents', [bond.isin, today])) as DueEvent[];
    for (const event of due.filter((e) => !e.fixed)) {
      if (event.missingFixing) {
        const { referenceRate, fixingDate } = event.missingFixing;
        run.actions.push({
          action: 'FixCouponEntitlements',
          isin: bond.isin,
          eventId: event.eventId,
          outcome: 'WAITING',
          waitingFor: `the ${referenceRate} fixing of ${fixingDate}`,
        });
        continue;
      }
      const fix = (): Promise<unknown> =>
        event.kind === 'COUPON'
          ? this.#submit(
              run,
              { action: 'FixCouponEntitlements', isin: bond.isin, eventId: event.eventId },
              'Servicing',
              'FixCouponEntitlements',
              [bond.isin, String(event.couponNumber)],
            )
          : this.#submit(
              run,
              { action: 'FixRedemptionEntitlements', isin: bond.isin, eventId: event.eventId },
              'Servicing',
              'FixRedemptionEntitlements',
              [JSON.stringify({ isin: bond.isin, reason: event.reason, date: event.redemptionDate })],
            );
      let fixed = (await fix()) as Partial<PaymentEvent> | undefined;
      while (fixed?.status === 'FIXING') fixed = (await fix()) as Partial<PaymentEvent> | undefined;
    }
  }

  /** Expires every instruction unsettled at `asOf`, a batch at a time, until none is left or a batch makes no progress. */
  async #expireTransfers(asOf: string, run: SchedulerRun): Promise<void> {
    for (;;) {
      const expired = (await this.ledger.evaluate(this.user, 'Custody', 'ListExpiredTransfers', [asOf])) as Transfer[];
      const before = run.actions.length;
      for (const transfer of expired) {
        await this.#submit(
          run,
          { action: 'ExpireTransfer', isin: transfer.isin, transferId: transfer.transferId },
          'Custody',
          'ExpireTransfer',
          [transfer.transferId],
        );
      }
      const progressed = run.actions.slice(before).some((a) => a.outcome !== 'FAILED');
      if (expired.length < EXPIRED_TRANSFERS_PER_ANSWER || !progressed) return;
    }
  }

  /**
   * Reports the OPEN repos due at `today`: DUE on their term date (the CSD
   * may still confirm the repurchase cash, the lender may already enforce),
   * OVERDUE after it (only the lender's enforcement is left). ListDueRepos
   * answers at most DUE_REPOS_PER_ANSWER, earliest first; a full answer is
   * reported as a failure to see the rest.
   */
  async #reportDueRepos(today: string, run: SchedulerRun): Promise<void> {
    const due = (await this.ledger.evaluate(this.user, 'Custody', 'ListDueRepos', [today])) as Repo[];
    for (const repo of due) {
      const { isin, repoId, termDate, borrower, lender, repurchaseAmount } = repo;
      run.actions.push(
        termDate >= today
          ? {
              action: 'ConfirmRepoClosing',
              isin,
              repoId,
              outcome: 'DUE',
              dueOn: termDate,
              waitingFor: `the CSD's confirmation today of the repurchase cash ${repurchaseAmount} from ${borrower} to ${lender}; unpaid, ${lender} may enforce`,
            }
          : {
              action: 'EnforceRepo',
              isin,
              repoId,
              outcome: 'OVERDUE',
              dueOn: termDate,
              waitingFor: `the enforcement by the lender ${lender}: the repurchase cash ${repurchaseAmount} from ${borrower} due on ${termDate} was not confirmed`,
            },
      );
    }
    if (due.length >= DUE_REPOS_PER_ANSWER) {
      run.actions.push({
        action: 'ListDueRepos',
        isin: '',
        outcome: 'FAILED',
        error: `ListDueRepos answers at most ${DUE_REPOS_PER_ANSWER} repos, earliest first: more may be due than this run reports`,
      });
    }
  }

  /** Reports every ACTIVE pledge past its expiry at `asOf`, page by page: EXPIRED, the holder's or the pledgee's to release. */
  async #reportExpiredPledges(asOf: string, run: SchedulerRun): Promise<void> {
    const seen = new Set<string>();
    let bookmark = '';
    do {
      seen.add(bookmark);
      const page = (await this.ledger.evaluate(this.user, 'Custody', 'ListExpiredPledges', [asOf, '100', bookmark])) as Page<Pledge>;
      for (const { isin, pledgeId, pledgor, pledgee, expiresAt } of page.records) {
        run.actions.push({
          action: 'ReleasePledge',
          isin,
          pledgeId,
          outcome: 'EXPIRED',
          ...(expiresAt === undefined ? {} : { expiresAt }),
          waitingFor: `its release by the holder ${pledgor} or the pledgee ${pledgee}; it can no longer be enforced`,
        });
      }
      bookmark = page.bookmark;
    } while (bookmark !== '' && !seen.has(bookmark));
  }

  /** Submits and records the outcome; returns the committed result (undefined if it was not done now). */
  async #submit(
    run: SchedulerRun,
    what: Pick<SchedulerAction, 'action' | 'isin' | 'eventId' | 'transferId'>,
    contract: ContractName,
    fn: FunctionName,
    args: string[],
  ): Promise<unknown> {
    try {
      const accepted = await this.ledger.submit({ user: this.user, contract, fn, args });
      const committed = await accepted.committed;
      run.actions.push({ ...what, outcome: 'DONE', transactionId: committed.transactionId });
      return committed.result;
    } catch (error) {
      if (error instanceof ApiError && ALREADY_DONE.has(error.code)) {
        run.actions.push({ ...what, outcome: 'ALREADY_DONE' });
        return undefined;
      }
      run.actions.push({ ...what, outcome: 'FAILED', error: error instanceof Error ? error.message : String(error) });
      this.logger.warn({ ...what, err: String(error) }, 'scheduled event failed; retried next run');
      return undefined;
    }
  }
}
