import { holdingMismatches, longestGap, phases, secondsToFirstAfter } from './timeline';

describe('a fault run’s timeline', () => {
  const acks = [500, 1_500, 2_500, 9_000, 9_500];
  const marks = [
    { name: 'repaired', at: 8_000 },
    { name: 'fault', at: 3_000 },
  ];

  it('counts acknowledgements between the marks, in order', () => {
    expect(phases(acks, marks, 10_000)).toEqual([
      { from: 'start', to: 'fault', seconds: 3, acknowledged: 3 },
      { from: 'fault', to: 'repaired', seconds: 5, acknowledged: 0 },
      { from: 'repaired', to: 'end', seconds: 2, acknowledged: 2 },
    ]);
  });

  it('measures the recovery as the time to the first acknowledgement after a mark', () => {
    expect(secondsToFirstAfter(acks, { name: 'repaired', at: 8_000 })).toBe(1);
    expect(secondsToFirstAfter(acks, { name: 'late', at: 9_600 })).toBeUndefined();
    expect(secondsToFirstAfter(acks, undefined)).toBeUndefined();
  });

  it('finds the longest stretch without an acknowledgement, to the window’s ends', () => {
    expect(longestGap(acks, 0, 10_000)).toBe(6.5);
    expect(longestGap([], 1_000, 4_000)).toBe(3);
  });

  it('compares the holdings the client saw settle with the ledger’s', () => {
    const before = new Map([
      ['bank/A', 100n],
      ['securities/B', 50n],
    ]);
    const net = new Map([
      ['bank/A', -2n],
      ['securities/B', 2n],
    ]);
    expect(
      holdingMismatches(
        before,
        net,
        new Map([
          ['bank/A', 98n],
          ['securities/B', 52n],
        ]),
      ),
    ).toEqual([]);
    // A settlement applied twice (a retried request duplicated) shows as a difference on both sides.
    expect(
      holdingMismatches(
        before,
        net,
        new Map([
          ['bank/A', 97n],
          ['securities/B', 53n],
        ]),
      ),
    ).toHaveLength(2);
  });
});
