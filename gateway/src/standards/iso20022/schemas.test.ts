import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { MessageType, namespaceOf } from './message';
import { SCHEMA_FILES, SCHEMA_SOURCE, schemaPath, validateMessage } from './schemas';

const ALL_TYPES = Object.values(MessageType);
const fixture = (name: string): string => readFileSync(join(__dirname, 'test-data', name), 'utf8');
const xsd = (type: MessageType): string => readFileSync(schemaPath(type), 'utf8');

/** The patterns of the elements or attributes named `name` in a schema (their inline simple types). */
function patternsOf(schema: string, name: string): Set<string> {
  const declaration = new RegExp(
    `<xs:(?:element|attribute)[^>]* name="${name}"[^>]*>\\s*<xs:simpleType>\\s*<xs:restriction base="[^"]+">\\s*<xs:pattern value="([^"]+)"/>`,
    'g',
  );
  return new Set([...schema.matchAll(declaration)].map((m) => m[1] ?? ''));
}

/** The codes of a named code list (simple type) of a schema. */
function codesOf(schema: string, codeList: string): string[] {
  const body = new RegExp(`<xs:simpleType name="${codeList}">([\\s\\S]*?)</xs:simpleType>`).exec(schema)?.[1] ?? '';
  return [...body.matchAll(/<xs:enumeration value="([^"]+)"\/>/g)].map((m) => m[1] ?? '');
}

describe('ISO 20022 schemas', () => {
  it('names its source', () => {
    expect(SCHEMA_SOURCE).toContain('python-iso20022 0.3.0');
    expect(SCHEMA_SOURCE).toContain('npm run iso20022:xsd');
  });

  describe.each(ALL_TYPES)('%s', (type) => {
    it('has a committed XSD with the message version as target namespace, elements qualified', () => {
      expect(SCHEMA_FILES[type]).toBe(schemaPath(type));
      expect(existsSync(schemaPath(type))).toBe(true);
      const schema = xsd(type);
      expect(schema).toContain(`targetNamespace="${namespaceOf(type)}"`);
      expect(schema).toContain('elementFormDefault="qualified"');
      expect(schema).toContain('<xs:element name="Document" type="Document"/>');
      expect(schema).toContain('derived from python-iso20022 0.3.0');
    });

    it('compiles in libxml2, which then asks an empty Document for its message element', async () => {
      // A schema libxml2 cannot compile makes xmllint fail outright (validateMessage rejects).
      const result = await validateMessage(`<Document xmlns="${namespaceOf(type)}"/>`, type);
      expect(result.valid).toBe(false);
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]).toMatch(/^line 1: Element 'Document': Missing child element\(s\)\. Expected is \( \w+ \)\.$/);
    });

    // Published facts of the ISO 20022 data dictionary, reproduced by the derived schema.
    it('keeps the ISIN pattern of ISINOct2015Identifier (ISO 6166)', () => {
      expect(patternsOf(xsd(type), 'ISIN')).toEqual(new Set(['[A-Z]{2,2}[A-Z0-9]{9,9}[0-9]{1,1}']));
    });

    it('keeps ActiveCurrencyCode [A-Z]{3,3} (ISO 4217) for every Ccy attribute', () => {
      expect(patternsOf(xsd(type), 'Ccy')).toEqual(new Set(['[A-Z]{3,3}']));
    });
  });

  it('keeps the LEI pattern of LEIIdentifier (ISO 17442) wherever an LEI is carried', () => {
    const withLei = ALL_TYPES.filter((type) => xsd(type).includes('name="LEI"'));
    expect(withLei).toEqual(expect.arrayContaining([MessageType.SETTLEMENT_CONFIRMATION, MessageType.SECURITY_CREATION]));
    for (const type of withLei) expect(patternsOf(xsd(type), 'LEI')).toEqual(new Set(['[A-Z0-9]{18,18}[0-9]{2,2}']));
  });

  it('keeps the AnyBICDec2014Identifier pattern (ISO 9362)', () => {
    expect(patternsOf(xsd(MessageType.SETTLEMENT_CONFIRMATION), 'AnyBIC')).toEqual(
      new Set(['[A-Z0-9]{4,4}[A-Z]{2,2}[A-Z0-9]{2,2}([A-Z0-9]{3,3}){0,1}']),
    );
  });

  it('keeps published code lists: ReceiveDelivery1Code, DeliveryReceiptType2Code, CreditDebitCode', () => {
    const schema = xsd(MessageType.SETTLEMENT_CONFIRMATION);
    expect(codesOf(schema, 'ReceiveDelivery1Code')).toEqual(['DELI', 'RECE']);
    expect(codesOf(schema, 'DeliveryReceiptType2Code')).toEqual(['FREE', 'APMT']);
    expect(codesOf(schema, 'CreditDebitCode')).toEqual(['CRDT', 'DBIT']);
  });

  it('keeps ActiveCurrencyAndAmount: a non-negative decimal of 18 digits, 5 after the point, with Ccy', () => {
    const schema = xsd(MessageType.SETTLEMENT_CONFIRMATION);
    expect(schema).toMatch(
      /<xs:simpleType name="ActiveCurrencyAndAmount_SimpleType">\s*<xs:restriction base="xs:decimal">\s*<xs:minInclusive value="0"\/>\s*<xs:totalDigits value="18"\/>\s*<xs:fractionDigits value="5"\/>/,
    );
  });

  it('makes ...Choice components xs:choice: DateAndDateTime2Choice is Dt or DtTm', () => {
    expect(xsd(MessageType.SETTLEMENT_CONFIRMATION)).toMatch(
      /<xs:complexType name="DateAndDateTime2Choice">\s*<xs:choice>\s*<xs:element name="Dt" type="xs:date"\/>\s*<xs:element name="DtTm" type="xs:dateTime"\/>\s*<\/xs:choice>/,
    );
  });
});

describe('validateMessage', () => {
  it.each([
    ['sese.025.001.11.xml', MessageType.SETTLEMENT_CONFIRMATION],
    ['semt.013.001.06.xml', MessageType.INTRA_POSITION_MOVEMENT],
    ['seev.031.001.14.xml', MessageType.CORPORATE_ACTION_NOTIFICATION],
  ])('accepts the minimal %s (mandatory elements of the message definition)', async (file, type) => {
    await expect(validateMessage(fixture(file), type)).resolves.toEqual({ valid: true, errors: [] });
  });

  it.each([
    [
      'sese.025.001.11.missing-mandatory.xml',
      MessageType.SETTLEMENT_CONFIRMATION,
      "Element 'SttldAmt': This element is not expected. Expected is ( SttlmParams ).",
    ],
    [
      'seev.031.001.14.missing-mandatory.xml',
      MessageType.CORPORATE_ACTION_NOTIFICATION,
      "Element 'UndrlygScty': This element is not expected. Expected is ( MndtryVlntryEvtTp ).",
    ],
    [
      'sese.025.001.11.wrong-code.xml',
      MessageType.SETTLEMENT_CONFIRMATION,
      "Element 'SctiesMvmntTp': [facet 'enumeration'] The value 'RECV' is not an element of the set {'DELI', 'RECE'}.",
    ],
    [
      'semt.013.001.06.wrong-code.xml',
      MessageType.INTRA_POSITION_MOVEMENT,
      "[facet 'enumeration'] The value 'FROZ' is not an element of the set",
    ],
    [
      'sese.025.001.11.isin-lowercase.xml',
      MessageType.SETTLEMENT_CONFIRMATION,
      "Element 'ISIN': [facet 'pattern'] The value 'xs2345678906' is not accepted by the pattern '[A-Z]{2,2}[A-Z0-9]{9,9}[0-9]{1,1}'.",
    ],
    [
      'seev.031.001.14.isin-short.xml',
      MessageType.CORPORATE_ACTION_NOTIFICATION,
      "Element 'ISIN': [facet 'pattern'] The value 'XS23456789' is not accepted",
    ],
    ['sese.025.001.11.two-alternatives.xml', MessageType.SETTLEMENT_CONFIRMATION, "Element 'DtTm': This element is not expected."],
    ['semt.013.001.06.two-alternatives.xml', MessageType.INTRA_POSITION_MOVEMENT, "Element 'FaceAmt': This element is not expected."],
  ])('rejects %s with a readable error', async (file, type, expected) => {
    const result = await validateMessage(fixture(file), type);
    expect(result.valid).toBe(false);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(/^line \d+: /);
    expect(result.errors[0]).toContain(expected);
  });

  it('rejects a message validated against another message version', async () => {
    const result = await validateMessage(fixture('sese.025.001.11.xml'), MessageType.SETTLEMENT_INSTRUCTION);
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toContain('No matching global declaration available for the validation root');
  });

  it('rejects XML that is not well-formed', async () => {
    const result = await validateMessage(
      '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:sese.025.001.11">',
      MessageType.SETTLEMENT_CONFIRMATION,
    );
    expect(result.valid).toBe(false);
    expect(result.errors.length).toBeGreaterThan(0);
  });

  it('accepts any upper-case ISIN shape and rejects it in lower case (property, ISO 6166 shape only)', async () => {
    const valid = fixture('sese.025.001.11.xml');
    const upper = fc.stringMatching(/^[A-Z]{2}[A-Z0-9]{9}[0-9]$/);
    await fc.assert(
      fc.asyncProperty(upper, async (isin) => {
        const withIsin = (code: string): string => valid.replace('<ISIN>XS2345678906</ISIN>', `<ISIN>${code}</ISIN>`);
        expect((await validateMessage(withIsin(isin), MessageType.SETTLEMENT_CONFIRMATION)).valid).toBe(true);
        expect((await validateMessage(withIsin(isin.toLowerCase()), MessageType.SETTLEMENT_CONFIRMATION)).valid).toBe(false);
      }),
      { numRuns: 5 },
    );
  }, 30_000);
});
