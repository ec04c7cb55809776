import { collectPages, mapPool } from './throttle';

/** A task that resolves on the next turns, counting how many run at once. */
function counting() {
  let running = 0;
  let most = 0;
  const started: number[] = [];
  const task = async (n: number): Promise<number> => {
    started.push(n);
    running++;
    most = Math.max(most, running);
    await new Promise((resolve) => setTimeout(resolve, (n * 7) % 5));
    running--;
    return n * 10;
  };
  return { task, most: () => most, started };
}

describe('mapPool', () => {
  it('keeps at most `limit` tasks in flight and answers in the items’ order', async () => {
    const items = Array.from({ length: 23 }, (_, i) => i);
    const { task, most, started } = counting();
    const results = await mapPool(items, 4, task);
    expect(results).toEqual(items.map((n) => n * 10));
    expect(most()).toBe(4);
    expect(started).toHaveLength(23);
  });

  it('runs fewer workers than the limit for few items, and nothing for none', async () => {
    const { task, most } = counting();
    expect(await mapPool([1, 2], 4, task)).toEqual([10, 20]);
    expect(most()).toBe(2);
    expect(await mapPool([], 4, task)).toEqual([]);
  });

  it('rejects with the first failure and starts nothing after it', async () => {
    const started: number[] = [];
    const failing = mapPool([0, 1, 2, 3, 4, 5, 6, 7], 2, async (n) => {
      started.push(n);
      await Promise.resolve();
      if (n === 1) throw new Error('RATE_LIMITED');
      return n;
    });
    await expect(failing).rejects.toThrow('RATE_LIMITED');
    expect(started.length).toBeLessThan(8);
  });
});

describe('collectPages', () => {
  const pages = (n: number) => async (cursor: string | undefined) => {
    const at = cursor === undefined ? 0 : Number(cursor);
    return { records: [at], bookmark: at + 1 < n ? String(at + 1) : '' };
  };

  it('reads to the last page and says it is complete', async () => {
    expect(await collectPages(pages(3), 10)).toEqual({ records: [0, 1, 2], complete: true });
  });

  it('stops at the cap and says more pages remain', async () => {
    expect(await collectPages(pages(30), 5)).toEqual({ records: [0, 1, 2, 3, 4], complete: false });
  });

  it('is complete on an empty page even with a bookmark', async () => {
    expect(await collectPages(async () => ({ records: [], bookmark: 'x' }), 5)).toEqual({ records: [], complete: true });
  });
});
