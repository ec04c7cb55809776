/**
 * What the two fuzz suites share (issue 14): the case-count rule, the
 * hostile values (control characters, look-alikes, bad identifiers, ISINs,
 * LEIs, quantities, dates, malformed JSON) and the ledger checks (every
 * peer's height; which transactions the blocks in between hold).
 *
 * fuzz-http.test.ts sends the values through the REST gateways,
 * fuzz-chaincode.test.ts as chaincode arguments through fabric-gateway.
 */
import fc from 'fast-check';
import { common } from '@hyperledger/fabric-protos';
import { loadTestNetwork } from '../../src/ledger-check/test-network';
import { transactionsOf } from '../../src/ledger-check/blocks';
import { onChannel } from './direct';

// --- how many cases ---------------------------------------------------------------------

/** At least this many cases whenever FUZZ_CASES is set (npm run fuzz); fewer only by default, in npm test. */
export const MIN_CASES_WHEN_SET = 5_000;

/** `fromEnv` (e.g. FUZZ_CHAINCODE_CASES) if set, else FUZZ_CASES with its minimum of 5,000, else `defaultCases`. */
export function fuzzCaseCount(defaultCases: number, fromEnv?: string): number {
  if (fromEnv && process.env[fromEnv]) return Math.max(1, Number(process.env[fromEnv]) || defaultCases);
  if (process.env.FUZZ_CASES) return Math.max(MIN_CASES_WHEN_SET, Number(process.env.FUZZ_CASES) || 0);
  return defaultCases;
}

/** FUZZ_SEED, default 14: the same seed and count replay the same cases. */
export const fuzzSeed = (): number => (process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 14);

// --- hostile characters -------------------------------------------------------------------

export const CONTROL = ['\u0000', '\u0001', '\u0007', '\u0008', '\t', '\n', '\r', '\u001b', '\u001f', '\u007f', '\u0085', '\u00a0'];
export const INVISIBLE = [
  '\u200b',
  '\u200c',
  '\u200d',
  '\u2060',
  '\ufeff',
  '\u202e',
  '\u202d',
  '\u2066',
  '\ufffe',
  '\uffff',
  '\ud800',
  '\udfff',
];
/** Look-alikes of letters in MSP IDs and ISINs: Cyrillic, Greek, fullwidth, mathematical. */
export const LOOK_ALIKES: Readonly<Record<string, string[]>> = {
  B: ['\u0412', '\u0392', '\uff22', '\ud835\udc01'],
  a: ['\u0430', '\u03b1', '\uff41'],
  C: ['\u0421', '\u03f9', '\uff23'],
  N: ['\u039d', '\uff2e'],
  S: ['\u0405', '\uff33'],
  M: ['\u041c', '\u039c', '\uff2d'],
  P: ['\u0420', '\u03a1', '\uff30'],
  '0': ['\u041e', '\uff10', '\u0660', '\u06f0'],
  '1': ['\u0406', '\uff11', '\u0661'],
};

/**
 * Characters the README's input rules refuse in free text (C0 and C1
 * controls, DEL, zero-width and bidirectional marks, BOM, noncharacters)
 * and therefore in every other kind of text too (identifiers, key parts,
 * numbers, dates: all printable ASCII or digits). A string holding one is
 * invalid wherever the chaincode takes a string.
 */
export const REFUSED_EVERYWHERE = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\u0008',
  '\t',
  '\n',
  '\r',
  '\u001b',
  '\u001f',
  '\u007f',
  '\u0085',
  '\u009f',
  '\u00ad',
  '\u200b',
  '\u200d',
  '\u200f',
  '\u2028',
  '\u202e',
  '\u2060',
  '\u2066',
  '\ufeff',
  '\ufdd0',
  '\ufffe',
  '\uffff',
  '\u{e0041}',
];
/** Lone surrogates: refused too, but only where they survive transport (inside JSON, as \ud800 escapes; an argument's UTF-8 turns them into U+FFFD). */
export const LONE_SURROGATES = ['\ud800', '\udfff'];

// --- hostile values ---------------------------------------------------------------------------

/** Records the values name: a member that exists, a bond that does not. */
export interface FuzzAnchors {
  existingMember: string;
  noBond: string;
}

export interface HostileValues {
  /** An identifier the rules must refuse (or not find): a real one spoiled, or junk. */
  badIdentifier: fc.Arbitrary<string>;
  badIsin: fc.Arbitrary<string>;
  badLei: fc.Arbitrary<string>;
  /** Quantities: negative, zero, fractional, exponent, huge, padded, other digits, other types. */
  badQuantity: fc.Arbitrary<unknown>;
  impossibleDate: fc.Arbitrary<string>;
  badInstant: fc.Arbitrary<string>;
  wrongType: fc.Arbitrary<unknown>;
  malformedJson: fc.Arbitrary<string>;
}

const notJson = (s: string): boolean => {
  try {
    JSON.parse(s);
    return false;
  } catch {
    return true;
  }
};

export function hostileValues({ existingMember, noBond }: FuzzAnchors): HostileValues {
  const badIdentifier: fc.Arbitrary<string> = fc.oneof(
    fc
      .tuple(fc.constantFrom(existingMember, noBond, 'PROPRIETARY', 'CN-IB'), fc.constantFrom(...CONTROL, ...INVISIBLE), fc.nat(12))
      .map(([id, c, at]) => id.slice(0, at) + c + id.slice(at)),
    fc.tuple(fc.constantFrom(existingMember, noBond, 'CSDMSP'), fc.nat(12)).map(([id, at]) => {
      const i = Math.min(at, id.length - 1);
      const options = LOOK_ALIKES[id[i] ?? ''] ?? ['\u0430'];
      return id.slice(0, i) + (options[at % options.length] ?? '') + id.slice(i + 1);
    }),
    fc.constantFrom(
      '',
      ' ',
      '.',
      '..',
      '%',
      '\u0000',
      '\u0000\u0000',
      'a'.repeat(300),
      'Bank\u0000MSP',
      'CN\u0000000000000',
      '\u0000PROPRIETARY',
      '../../etc/passwd',
      '{}',
      '[]',
      'null',
      "'; --",
      '\\',
      '*',
      '~',
      '\u{10ffff}',
    ),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
  );

  const badIsin: fc.Arbitrary<string> = fc.oneof(
    fc.constantFrom(
      'cn0000000000',
      'CN000000000',
      'CN00000000000',
      'CN000000000X',
      '000000000000',
      'C\u041d0000000000',
      '\uff23\uff2e0000000000',
      'CN00000000\u0660',
      'US0378331006 ',
      ' US0378331006',
      'US03783310O6',
    ),
    fc.stringMatching(/^[A-Z]{2}[A-Z0-9]{9}[0-9]$/).filter((isin) => isin !== noBond), // plausible, not on the ledger
    badIdentifier,
  );

  const badLei: fc.Arbitrary<string> = fc.oneof(
    fc.constantFrom(
      '969500KSV493XWY0PS3',
      '969500KSV493XWY0PS333',
      '969500ksv493xwy0ps33',
      '969500KSV493XWY0PSAA',
      '969500KSV493XWY0PS3\u0663',
      '969500KSV493XWY0P\u0405333',
      '',
    ),
    fc.stringMatching(/^[A-Z0-9]{18}[0-9]{2}$/), // checksum almost always wrong; and the member exists anyway
    badIdentifier,
  );

  const badQuantity: fc.Arbitrary<unknown> = fc.oneof(
    fc.constantFrom(
      '-1',
      '-0',
      '0',
      '00',
      '007',
      '1.5',
      '1.0',
      '.5',
      '1e3',
      '1E3',
      '+5',
      ' 5',
      '5 ',
      '0x10',
      '\u0661\u0662',
      '\uff15',
      '1_000',
      '1,000',
      'Infinity',
      'NaN',
      '',
      '9'.repeat(400),
      `1${'0'.repeat(80)}`,
    ),
    fc.constantFrom(-1, 0, 1.5, 1e3, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, true, null, [], {}, ['1'], { units: '1' }),
    fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(String),
    fc.double({ noDefaultInfinity: true, noNaN: true }).map(String),
  );

  const impossibleDate: fc.Arbitrary<string> = fc.oneof(
    fc.constantFrom(
      '2025-02-29',
      '2100-02-29',
      '2025-02-30',
      '2025-04-31',
      '2025-13-01',
      '2025-00-10',
      '2025-01-00',
      '2025-01-32',
      '0000-01-01',
      '1899-12-31',
      '10000-01-01',
      '2025-1-1',
      '2025/01/01',
      '20250101',
      '2025-01-01T00:00:00Z',
      '2025-01-01\u0000',
      '\uff12025-01-01',
      '2025-\u0661\u0662-01',
      '',
    ),
    fc
      .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 13, max: 99 }), fc.integer({ min: 1, max: 28 }))
      .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${m}-${String(d).padStart(2, '0')}`),
    fc
      .tuple(fc.integer({ min: 1900, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 32, max: 99 }))
      .map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${d}`),
  );

  const badInstant: fc.Arbitrary<string> = fc.oneof(
    impossibleDate.map((d) => `${d}T00:00:00Z`),
    fc.constantFrom('2025-01-01T25:00:00Z', '2025-01-01T00:60:00Z', 'tomorrow', 'now', '1735689600', '2025-01-01T00:00:00+25:00'),
  );

  const wrongType: fc.Arbitrary<unknown> = fc.oneof(
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string(), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
  );

  const malformedJson: fc.Arbitrary<string> = fc.oneof(
    fc.constantFrom(
      '{',
      '}',
      '{"a":}',
      '{"a":1,}',
      "{'a':1}",
      '{"a":NaN}',
      '{"a":Infinity}',
      '{"a":undefined}',
      '{a:1}',
      '{"a":01}',
      '{"a":1}{',
      '[1,2',
      '"\\u00"',
      '{"a":"\u0000"}',
      '\ufeff{}',
      '{"a":1}//',
      '{"a":.5}',
      '{"a":-}',
      'null',
      'true',
      '42',
      '"text"',
    ),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }).filter(notJson),
    fc
      .json()
      .map((s) => s.slice(0, Math.max(1, s.length - 1)))
      .filter(notJson),
  );

  return { badIdentifier, badIsin, badLei, badQuantity, impossibleDate, badInstant, wrongType, malformedJson };
}

// --- the ledger -----------------------------------------------------------------------------

/** Every organisation's peer and its channel height. */
export async function heights(): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const org of Object.keys(loadTestNetwork().organizations)) {
    result[org] = await onChannel(org, async (network) =>
      common.BlockchainInfo.deserializeBinary(
        await network.getContract('qscc').evaluateTransaction('GetChainInfo', network.getName()),
      ).getHeight(),
    );
  }
  return result;
}

/** One committed transaction, as a line for a report. */
export interface CommittedTransaction {
  block: number;
  transactionId: string;
  line: string;
}

/** The transactions of the blocks `org`'s peer committed between two heights (at most `limit`). */
export async function transactionsBetween(
  org: string,
  from: number,
  to: number,
  limit = Number.POSITIVE_INFINITY,
): Promise<CommittedTransaction[]> {
  return onChannel(org, async (network) => {
    const found: CommittedTransaction[] = [];
    for (let n = from; n < to && found.length < limit; n++) {
      const block = common.Block.deserializeBinary(
        await network.getContract('qscc').evaluateTransaction('GetBlockByNumber', network.getName(), String(n)),
      );
      for (const tx of transactionsOf(block)) {
        found.push({
          block: n,
          transactionId: tx.transactionId,
          line: `block ${n}: ${tx.type} ${tx.chaincode} ${tx.validationCode} ${tx.transactionId} endorsed by ${tx.endorserMspIds.join(',')}`,
        });
      }
    }
    return found;
  });
}

/** The transactions of the blocks a peer committed between two heights, as report lines (at most 20): what changed the ledger. */
export async function blocksBetween(org: string, from: number, to: number): Promise<string[]> {
  return (await transactionsBetween(org, from, to, 20)).map((tx) => tx.line);
}

/** Peers whose height differs between two readings, as report lines. */
export function changedHeights(before: Record<string, number>, after: Record<string, number>): string[] {
  return Object.entries(before)
    .filter(([org, height]) => after[org] !== height)
    .map(([org, height]) => `${org}: ${height} → ${after[org] ?? '?'}`);
}
