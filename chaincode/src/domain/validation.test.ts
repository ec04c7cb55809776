/**
 * The one input rule (issue 12): identifiers, free text, canonical numbers,
 * strict dates and instants. Property tests draw from the full Unicode range
 * (every code point, lone surrogates included) and show that whatever the
 * rule accepts satisfies it and round-trips; adversarial inputs show every
 * check stays linear.
 */
import { isIdentifier } from '@bond-platform/chaincode-common';
import fc from 'fast-check';
import { parseCalendarYearRequest } from './calendar';
import { parseInstant, requireDate, requireInstant } from './dates';
import {
  isFreeTextCodePoint,
  normaliseFreeText,
  requireCanonicalInteger,
  requireEmail,
  requireFreeText,
  requireIdentifier,
  requireKeyAttribute,
  requireYear,
} from './validation';

const accepted = <T>(check: () => T): T | undefined => {
  try {
    return check();
  } catch {
    return undefined;
  }
};

/** Every code point, and UTF-16 code units alone (lone surrogates), mixed with look-alike and invisible characters. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)), maxLength: 80 }),
  fc.string({
    unit: fc.constantFrom(
      'A',
      'z',
      '9',
      '.',
      '-',
      '_',
      ' ',
      'e',
      '\u0301',
      '\u00e9',
      '\u0000',
      '\u001f',
      '\r',
      '\n',
      '\u202e',
      '\u2066',
      '\u200b',
      '\ufeff',
      '\u0085',
      '\u{10ffff}',
      '\ud800',
      'С',
      '\u3000',
      '/',
      '@',
    ),
    maxLength: 40,
  }),
);

describe('identifiers', () => {
  it('accepts only the documented character set and length, never the key separator', () => {
    fc.assert(
      fc.property(anyText, fc.integer({ min: 1, max: 64 }), (text, max) => {
        const id = accepted(() => requireIdentifier(text, 'id', max));
        if (id === undefined) return;
        expect(id).toBe(text); // identifiers are taken as they are, never rewritten
        expect(id.length).toBeGreaterThanOrEqual(1);
        expect(id.length).toBeLessThanOrEqual(max);
        expect(id).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*$/);
        expect(id).not.toContain('\u0000');
        expect(requireKeyAttribute(id)).toBe(id); // every identifier is a valid key attribute
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses the probes of the defect report', () => {
    for (const id of [
      'CN\u0000IB',
      'CN\u001fIB',
      'CN\r\nIB',
      '\u{10ffff}',
      '..',
      'ZZPROBE/../../CN-IB',
      'СN-IB',
      'CN\u200bIB',
      'CN\u202eBI',
      '',
      ' CN-IB',
    ]) {
      expect(isIdentifier(id)).toBe(false);
    }
    expect(isIdentifier('CN-IB')).toBe(true);
  });
});

describe('free text', () => {
  it('stores only NFC text without control, bidi, zero-width or separator characters, within its length, and round-trips', () => {
    fc.assert(
      fc.property(anyText, fc.integer({ min: 1, max: 80 }), (text, max) => {
        const stored = accepted(() => requireFreeText(text, 'text', max));
        if (stored === undefined) return;
        expect(stored).toBe(stored.normalize('NFC'));
        expect(stored).toBe(stored.trim());
        expect(stored).not.toBe('');
        expect(Array.from(stored).length).toBeLessThanOrEqual(max); // code points
        for (const ch of stored) expect(isFreeTextCodePoint(ch.codePointAt(0)!)).toBe(true);
        // eslint-disable-next-line no-control-regex -- the control characters are what must be absent
        expect(stored).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/);
        expect(stored).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
        // Accepting the stored value again changes nothing, and it survives JSON and UTF-8 as the ledger stores it.
        expect(requireFreeText(stored, 'text', max)).toBe(stored);
        expect(JSON.parse(JSON.stringify(stored))).toBe(stored);
        expect(Buffer.from(stored, 'utf8').toString('utf8')).toBe(stored);
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses the probes of the defect report and normalises to NFC', () => {
    for (const text of [
      'Desk\u001f',
      'Desk\u0000',
      'Desk\r\nX',
      'Desk\n',
      'Desk\u202e',
      'De\u200bsk',
      'Desk\u0085',
      '\u2066x\u2069',
      'x\ud800',
      'x\u{10ffff}',
      '   ',
    ]) {
      expect(accepted(() => requireFreeText(text, 'name', 200))).toBeUndefined();
    }
    expect(requireFreeText(' Re\u0301mi ', 'name', 200)).toBe('R\u00e9mi');
    expect(requireFreeText('中国银行 (香港)', 'name', 200)).toBe('中国银行 (香港)');
    expect(accepted(() => requireFreeText('é'.repeat(11), 'name', 10))).toBeUndefined();
    expect(requireFreeText('\u{1F600}'.repeat(10), 'name', 10)).toHaveLength(20); // code points, not UTF-16 units
  });

  it('takes e-mail addresses without control characters or whitespace', () => {
    expect(requireEmail('desk@bank.example')).toBe('desk@bank.example');
    for (const email of [
      'desk\u0000@bank.example',
      'desk@bank\u001f.example',
      'de sk@bank.example',
      'desk@@bank.example',
      'desk@bank',
      'desk@.example',
      'desk@bank.',
      '@bank.example',
      'desk',
    ]) {
      expect(accepted(() => requireEmail(email))).toBeUndefined();
    }
  });
});

describe('numbers, years, dates and instants', () => {
  it('takes whole numbers and years in one canonical decimal form', () => {
    expect(requireYear(2025)).toBe(2025);
    expect(requireYear('2025')).toBe(2025);
    for (const year of [
      '02025',
      '2025.0',
      '2025e0',
      '0x7E9',
      '0b11111101001',
      '+2025',
      ' 2025',
      '2025 ',
      '',
      '1899',
      2025.5,
      1e21,
      null,
      '２０２５',
    ]) {
      expect(accepted(() => requireYear(year))).toBeUndefined();
    }
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 12 }), fc.double(), fc.integer()), (value) => {
        const n = accepted(() => requireCanonicalInteger(value, 'n', 0, 1e12));
        if (n === undefined) return;
        expect(Number.isSafeInteger(n)).toBe(true);
        if (typeof value === 'string') expect(String(n)).toBe(value);
      }),
    );
  });

  it('parses dates strictly', () => {
    expect(requireDate('2024-02-29', 'd')).toBe('2024-02-29');
    for (const date of [
      '2025-02-29',
      '2025-02-30',
      '2025-13-01',
      '0000-01-01',
      '2025-1-01',
      '2025-01-01\u0000',
      '2025-01-01\n',
      ' 2025-01-01',
      '2025-01-01T00:00:00Z',
    ]) {
      expect(accepted(() => requireDate(date, 'd'))).toBeUndefined();
    }
  });

  it('parses instants strictly and normalises them to UTC', () => {
    expect(requireInstant('2026-03-01T09:00:00Z', 't')).toBe('2026-03-01T09:00:00.000Z');
    expect(requireInstant('2026-03-01T17:00+08:00', 't')).toBe('2026-03-01T09:00:00.000Z');
    expect(requireInstant('2026-03-01T09:00:00.123456789Z', 't')).toBe('2026-03-01T09:00:00.123Z');
    for (const instant of [
      '2025-02-30T00:00:00Z',
      '2025-03-01T24:00:00Z',
      '0000-01-01T00:00:00Z',
      '2025-03-01T09:00:00Z\u0000',
      '2025-03-01T09:60:00Z',
      '2025-03-01T09:00:60Z',
      '2025-03-01T09:00:00',
      '2025-03-01 09:00:00Z',
      '2025-03-01T09:00:00+24:00',
      '2025-03-01T09:00:00.Z',
      '+002025-03-01T09:00:00Z',
      '2025-03-01T09:00:00z',
    ]) {
      expect(accepted(() => requireInstant(instant, 't'))).toBeUndefined();
    }
    // Whatever is accepted is the instant Date would read from the normalised form.
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }),
        (date) => {
          const iso = date.toISOString();
          expect(requireInstant(iso, 't')).toBe(iso);
          expect(parseInstant(iso)).toBe(date.getTime());
        },
      ),
    );
  });

  it('refuses weekend holidays, weekday working weekends and a date in both lists', () => {
    const calendar = (holidays: string[], workingWeekends: string[]) => ({ calendarId: 'CN-IB', year: 2026, holidays, workingWeekends });
    expect(parseCalendarYearRequest(calendar(['2026-01-05', '2026-01-05'], ['2026-01-03']))).toEqual({
      calendarId: 'CN-IB',
      year: 2026,
      holidays: ['2026-01-05'],
      workingWeekends: ['2026-01-03'],
    });
    for (const [holidays, weekends] of [
      [['2026-01-03'], []],
      [[], ['2026-01-05']],
      [['2026-01-04'], ['2026-01-04']],
      [['2025-12-31'], []],
    ] as [string[], string[]][]) {
      expect(accepted(() => parseCalendarYearRequest(calendar(holidays, weekends)))).toBeUndefined();
    }
  });
});

describe('linear checks', () => {
  // Each check runs over 64 kB adversarial strings (quadratic work would be ~10^9 steps); a generous bound, not a timing test.
  const n = 64 * 1024;
  const adversarial = [
    'a@' + 'a'.repeat(n),
    '@'.repeat(n),
    'a'.repeat(n) + '\u0000',
    '0'.repeat(n) + 'x',
    '2026-01-01T' + '0'.repeat(n),
    'e\u0301'.repeat(n / 2),
    '\ud800'.repeat(n),
    ' '.repeat(n) + 'x' + ' '.repeat(n),
    'A-'.repeat(n / 2) + '!',
  ];

  it('answers promptly for 64 kB adversarial strings', () => {
    const checks: ((text: string) => unknown)[] = [
      (t) => requireIdentifier(t, 'id'),
      (t) => requireFreeText(t, 'text', 500),
      (t) => normaliseFreeText(t, 100_000),
      (t) => requireEmail(t),
      (t) => requireYear(t),
      (t) => requireDate(t, 'd'),
      (t) => requireInstant(t, 't'),
      (t) => requireKeyAttribute(t),
      (t) => requireCanonicalInteger(t, 'n', 0, 10),
    ];
    const started = Date.now();
    for (const text of adversarial) for (const check of checks) accepted(() => check(text));
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
