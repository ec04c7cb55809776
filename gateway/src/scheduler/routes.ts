/** The scheduler's state and a manual run, for the institution's admins (the CSD gateway runs the scheduler; elsewhere 404). */
import type { Express, Response } from 'express';
import { ApiError } from '../http/errors';
import { handled, type RequireAdmin } from '../http/middleware';
import type { Scheduler } from './scheduler';

export function mountSchedulerRoutes(app: Express, requireAdmin: RequireAdmin, scheduler: Scheduler | undefined): void {
  const requireScheduler = (res: Response): Scheduler => {
    requireAdmin(res);
    if (!scheduler) throw new ApiError(404, 'NOT_FOUND', 'this gateway runs no scheduler (the CSD gateway does)');
    return scheduler;
  };
  app.get(
    '/admin/scheduler',
    handled((_req, res) => {
      res.json(requireScheduler(res).state());
    }),
  );
  app.post(
    '/admin/scheduler/run',
    handled(async (_req, res) => {
      res.json(await requireScheduler(res).runNow());
    }),
  );
}
