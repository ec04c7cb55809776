import type { AllocationLine, PrimarySettlementProgress } from '../api/bonds';
import { someOf } from './messages';
import { firstLineToSettle, issuanceBlocker, linesOfCall, primaryCash } from './primary-settlement';
import { refusal } from '../../test/support/fixtures';

const stamp = { mspId: 'CSDMSP', identity: 'x509::csd', timestamp: '2026-01-05T09:00:00.000Z', txId: 'tx1' };
const progress = (linesDone: number, linesTotal: number): PrimarySettlementProgress => ({
  isin: 'XS1',
  linesTotal,
  linesDone,
  started: stamp,
  lastChange: stamp,
});

describe('primary settlement in bounded steps', () => {
  it('starts an allocated bond at its first line and continues a settling one where the last call stopped', () => {
    expect(firstLineToSettle('XS1', 'ALLOCATED', undefined)).toBe(0);
    expect(firstLineToSettle('XS1', 'SETTLING', progress(500, 1201))).toBe(500);
  });

  it('refuses once every line is done, for a bond settled all at once before progress was recorded, and in any other status', () => {
    expect(refusal(() => firstLineToSettle('XS1', 'SETTLING', progress(1201, 1201)))).toMatch(
      /^INVALID_STATE_TRANSITION: every allocation line of XS1 has its settlement instruction/,
    );
    expect(refusal(() => firstLineToSettle('XS1', 'SETTLING', undefined))).toMatch(/^INVALID_STATE_TRANSITION: every allocation line/);
    expect(refusal(() => firstLineToSettle('XS1', 'BOOK_CLOSED', undefined))).toMatch(/^INVALID_STATE_TRANSITION: bond XS1 is BOOK_CLOSED/);
    expect(refusal(() => firstLineToSettle('XS1', 'ISSUED', progress(2, 2)))).toMatch(/^INVALID_STATE_TRANSITION: bond XS1 is ISSUED/);
  });

  it('takes at most the lines of one call, in allocation order, and covers every line exactly once over the calls', () => {
    const lines: AllocationLine[] = Array.from({ length: 1201 }, (_, i) => ({
      bidder: 'BankMSP',
      accountId: `C${String(i).padStart(5, '0')}`,
      units: String(i % 3),
    }));
    const seen: AllocationLine[] = [];
    let from = 0;
    const sizes: number[] = [];
    while (from < lines.length) {
      const call = linesOfCall(lines, from, 500);
      sizes.push(call.lines.length);
      seen.push(...call.lines);
      from = call.linesDone;
    }
    expect(sizes).toEqual([500, 500, 201]);
    expect(seen).toEqual(lines);
    expect(linesOfCall([], 0, 500)).toEqual({ lines: [], linesDone: 0 });
  });

  it('prices the cash leg at the issue price, rounded half up once', () => {
    // 3 units × 10 000 × 99.99995 % = 29 999.985 minor units → 30 000; 1 × 10 001 × 99.995 % = 10 000.49… → 10 000.
    expect(primaryCash(3n, 10_000n, 99_999_950n)).toBe(30_000n);
    expect(primaryCash(1n, 10_001n, 99_995_000n)).toBe(10_000n);
    expect(primaryCash(538n, 10_000n, 100_000_000n)).toBe(5_380_000n);
  });

  it('completes issuance only when every line has its instruction and none is pending, naming at most ten', () => {
    expect(issuanceBlocker('XS1', 0, false, [])).toBeUndefined();
    expect(issuanceBlocker('XS1', 701, false, [])).toMatch(
      /701 allocation line\(s\) of XS1 have no settlement instruction yet: call StartPrimarySettlement again/,
    );
    // After the first record date nothing more can settle: lines without an instruction are never issued.
    expect(issuanceBlocker('XS1', 701, true, [])).toBeUndefined();
    const pending = Array.from({ length: 10_000 }, (_, i) => `P-BankMSP-C${i}`);
    const message = issuanceBlocker('XS1', 0, false, pending)!;
    expect(message).toMatch(/still pending for P-BankMSP-C0, .*P-BankMSP-C9 and 9990 more$/);
    expect(message.length).toBeLessThan(300);
  });

  it('bounds a list in a message', () => {
    expect(someOf(['a', 'b'])).toBe('a, b');
    expect(someOf(['a', 'b', 'c'], 2)).toBe('a, b and 1 more');
  });
});
