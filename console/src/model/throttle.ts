/**
 * How the console spreads many reads over the gateway: a small pool instead
 * of every request at once (the gateway answers RATE_LIMITED beyond its
 * per-caller budget, 600 requests a minute by default), and paging that
 * stops at a stated cap and says whether it reached the end.
 */

/** Requests a screen keeps in flight at once. */
export const POOL_SIZE = 4;

/**
 * `task` over every item, at most `limit` at a time; the results in the
 * items' order. The first failure rejects, and no task starts after it.
 */
export async function mapPool<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await task(items[index] as T, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const workers = Array.from({ length: Math.min(Math.max(1, Math.floor(limit)), items.length) }, worker);
  await Promise.all(workers);
  return results;
}

/** Records read page by page, and whether the last page was reached. */
export interface Collected<T> {
  records: T[];
  /** False when `maxPages` ran out while the ledger still offered a next page. */
  complete: boolean;
}

/** Every page of a paginated query, at most `maxPages`, records in order. */
export async function collectPages<T>(
  page: (cursor: string | undefined) => Promise<{ records: T[]; bookmark: string }>,
  maxPages: number,
): Promise<Collected<T>> {
  const records: T[] = [];
  let cursor: string | undefined;
  for (let n = 0; n < maxPages; n++) {
    const result = await page(cursor);
    records.push(...result.records);
    if (result.bookmark === '' || result.records.length === 0) return { records, complete: true };
    cursor = result.bookmark;
  }
  return { records, complete: false };
}
