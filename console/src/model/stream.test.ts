import { backoffMs, reconnects } from './stream';

describe('event stream reconnection', () => {
  it('reconnects after no answer, a time-out, rate limiting or a 5xx, and stops on a refusal', () => {
    expect([0, 408, 429, 500, 502, 503, 504].every(reconnects)).toBe(true);
    expect([400, 401, 403, 404].some(reconnects)).toBe(false);
  });

  it('waits longer after each failure in a row, up to 30 s', () => {
    expect([0, 1, 2, 3, 5, 6, 20].map(backoffMs)).toEqual([1000, 1000, 2000, 4000, 16_000, 30_000, 30_000]);
  });
});
