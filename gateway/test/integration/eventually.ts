/**
 * Each organisation's peer commits a block on its own schedule, so a step
 * that reads from one peer what another just committed polls for it.
 */

/** `read`'s value once `accepted` (every 100 ms, about 10 s at most); otherwise the last value, for the caller's assertion to report. */
export async function eventually<T>(read: () => Promise<T>, accepted: (value: T) => boolean): Promise<T> {
  let value = await read();
  for (let attempt = 0; !accepted(value) && attempt < 100; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}
