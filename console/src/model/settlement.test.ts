import { linesLeft, settlementSteps } from './settlement';

const line = (bidder: string, units: string, accountId = 'PROPRIETARY') => ({ bidder, accountId, units });
const instruction = (receiver: string, receiverAccount = 'PROPRIETARY') => ({ receiver, receiverAccount });

describe('linesLeft', () => {
  const lines = [line('A', '100'), line('B', '0'), line('C', '50'), line('D', '0')];

  it('is none once the last line has its instruction', () => {
    expect(linesLeft([line('A', '100'), line('B', '5')], [instruction('A'), instruction('B')])).toEqual({ kind: 'none' });
  });

  it('counts the lines with units after the last instructed one (at least)', () => {
    expect(linesLeft(lines, [instruction('A')])).toEqual({ kind: 'some', count: 1, exact: false });
    expect(linesLeft(lines, [])).toEqual({ kind: 'some', count: 2, exact: false });
  });

  it('cannot tell whether trailing lines allocated nothing were passed over', () => {
    expect(linesLeft(lines, [instruction('A'), instruction('C')])).toEqual({ kind: 'unknown', zeroLines: 1 });
    expect(linesLeft(undefined, [])).toEqual({ kind: 'unknown', zeroLines: 0 });
  });

  it('takes StartPrimarySettlement’s answer unless the ledger shows every line done', () => {
    expect(linesLeft(lines, [instruction('A'), instruction('C')], { linesRemaining: 0 })).toEqual({ kind: 'none' });
    expect(linesLeft(lines, [instruction('A')], { linesRemaining: 3 })).toEqual({ kind: 'some', count: 3, exact: true });
    const done = [line('A', '1')];
    expect(linesLeft(done, [instruction('A')], { linesRemaining: 4 })).toEqual({ kind: 'none' });
  });

  it('tells accounts of one bidder apart', () => {
    const split = [line('A', '1', 'X'), line('A', '1', 'Y')];
    expect(linesLeft(split, [instruction('A', 'X')])).toEqual({ kind: 'some', count: 1, exact: false });
  });
});

describe('settlementSteps', () => {
  const none = { kind: 'none' } as const;
  const some = { kind: 'some', count: 2, exact: true } as const;
  const unknown = { kind: 'unknown', zeroLines: 1 } as const;

  it('starts an allocated bond, and continues a settling one while lines are left', () => {
    expect(settlementSteps({ status: 'ALLOCATED', left: unknown, pending: 0, firstRecordDatePassed: false })).toEqual({
      start: true,
      complete: false,
    });
    expect(settlementSteps({ status: 'SETTLING', left: some, pending: 0, firstRecordDatePassed: false })).toEqual({
      start: true,
      complete: false,
    });
    expect(settlementSteps({ status: 'SETTLING', left: none, pending: 0, firstRecordDatePassed: false })).toEqual({
      start: false,
      complete: true,
    });
  });

  it('completes only with nothing pending', () => {
    expect(settlementSteps({ status: 'SETTLING', left: none, pending: 1, firstRecordDatePassed: false }).complete).toBe(false);
  });

  it('offers both where the lines left are unknown', () => {
    expect(settlementSteps({ status: 'SETTLING', left: unknown, pending: 0, firstRecordDatePassed: false })).toEqual({
      start: true,
      complete: true,
    });
  });

  it('after the first record date: no more settling, and issuance completes with lines left', () => {
    expect(settlementSteps({ status: 'SETTLING', left: some, pending: 0, firstRecordDatePassed: true })).toEqual({
      start: false,
      complete: true,
    });
    expect(settlementSteps({ status: 'ALLOCATED', left: some, pending: 0, firstRecordDatePassed: true }).start).toBe(false);
  });

  it('offers nothing for a bond past settlement', () => {
    expect(settlementSteps({ status: 'ISSUED', left: none, pending: 0, firstRecordDatePassed: false })).toEqual({
      start: false,
      complete: false,
    });
  });
});
