import fc from 'fast-check';
import { CURRENCIES, currencyMinorUnits } from '@bond-platform/chaincode-common';
import {
  amountElement,
  amountFromMinorUnits,
  dateChoice,
  faceAmount,
  isoDate,
  isoDocument,
  isoReference,
  minorUnitDigits,
  minorUnitsFromAmount,
  partyWithLei,
  quantityChoice,
} from './common';
import { renderXml } from './xml';
import { bond } from './test-ledger';

describe('ISO 20022 common components', () => {
  it('knows the minor units of every currency the chaincode settles in, as the chaincode does (ISO 4217)', () => {
    for (const currency of CURRENCIES) expect(minorUnitDigits(currency)).toBe(currencyMinorUnits(currency));
    expect(() => minorUnitDigits('XAU')).toThrow(/not a currency the platform settles in/);
  });

  it('writes minor units as the currency amount exactly', () => {
    expect(amountFromMinorUnits('123456', 'CNY')).toBe('1234.56');
    expect(amountFromMinorUnits('5', 'CNY')).toBe('0.05');
    expect(amountFromMinorUnits('0', 'USD')).toBe('0.00');
    expect(amountFromMinorUnits('-105', 'EUR')).toBe('-1.05');
    expect(amountFromMinorUnits('100', 'JPY')).toBe('100');
    expect(amountFromMinorUnits('123456789012345678901234567890', 'CNY')).toBe('1234567890123456789012345678.90');
    expect(() => amountFromMinorUnits('1.5', 'CNY')).toThrow(/whole number of minor units/);
    expect(minorUnitsFromAmount('1234.5', 'CNY')).toBe('123450');
    expect(minorUnitsFromAmount('7.000', 'JPY')).toBe('7');
    expect(() => minorUnitsFromAmount('0.001', 'CNY')).toThrow(/more decimals/);
  });

  it('round-trips any amount exactly: minor units → ISO amount → minor units (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.constantFrom(...CURRENCIES), (minor, currency) => {
        const amount = amountFromMinorUnits(minor.toString(), currency);
        expect(amount).toMatch(minorUnitDigits(currency) === 0 ? /^-?\d+$/ : new RegExp(`^-?\\d+\\.\\d{${minorUnitDigits(currency)}}$`));
        expect(minorUnitsFromAmount(amount, currency)).toBe(minor.toString());
      }),
    );
  });

  it('never writes a negative ISO amount', () => {
    expect(renderXml(amountElement('Amt', '100000', 'CNY'))).toContain('<Amt Ccy="CNY">1000.00</Amt>');
    expect(() => amountElement('Amt', '-1', 'CNY')).toThrow(/cannot be negative/);
  });

  it('keeps short ledger ids and shortens long ones to Max35Text deterministically', () => {
    expect(isoReference('P-BankMSP-TRADING')).toBe('P-BankMSP-TRADING');
    const txId = 'a'.repeat(30) + 'b'.repeat(34);
    const reference = isoReference(txId);
    expect(reference).toHaveLength(35);
    expect(reference.startsWith('a'.repeat(26))).toBe(true);
    expect(isoReference(txId)).toBe(reference);
    expect(isoReference('a'.repeat(30) + 'c'.repeat(34))).not.toBe(reference);
  });

  it('expresses a bond quantity as its face amount or its units', () => {
    const cny = bond();
    expect(faceAmount('1000', cny)).toBe('100000.00');
    expect(renderXml(quantityChoice('1000', cny))).toContain('<FaceAmt>100000.00</FaceAmt>');
    expect(renderXml(quantityChoice('1000', cny, 'Unit'))).toContain('<Unit>1000</Unit>');
  });

  it('identifies a party by its LEI (no BIC on the platform)', () => {
    const xml = renderXml(partyWithLei('AcctOwnr', '5493001KJTIIGC8Y1R12'));
    expect(xml).toContain(
      '<Id>\n    <PrtryId>\n      <Id>5493001KJTIIGC8Y1R12</Id>\n      <Issr>GLEIF</Issr>\n      <SchmeNm>LEI</SchmeNm>',
    );
    expect(xml).toContain('<LEI>5493001KJTIIGC8Y1R12</LEI>');
  });

  it('takes dates from ledger dates and timestamps (UTC)', () => {
    expect(isoDate('2025-03-01')).toBe('2025-03-01');
    expect(isoDate('2025-03-01T23:30:00.000Z')).toBe('2025-03-01');
    expect(() => isoDate('01/03/2025')).toThrow(/not a date/);
    expect(renderXml(dateChoice('SttlmDt', '2025-03-01T08:00:00Z'))).toContain('<Dt>2025-03-01</Dt>');
  });

  it('roots a message in its version namespace without an application header', () => {
    const xml = isoDocument('sese.025.001.11', 'SctiesSttlmTxConf', [quantityChoice('1', bond(), 'Unit')]);
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:sese.025.001.11">\n  <SctiesSttlmTxConf>\n    <Unit>1</Unit>\n  </SctiesSttlmTxConf>\n</Document>\n',
    );
  });
});
