import { CodedError, refuse, thrown } from '../test/coded-error';
import { CURRENCIES, currencyMinorUnits, isCurrency } from './currency';
import { parseIdentityRoles } from './identity-roles';
import { inputRules, isIdentifier } from './validation';

const { invalid, parseJsonObject, requireIdentifier, requireKeyAttribute, requireMspId, requireObject } = inputRules(refuse);
const codeOf = (fn: () => unknown): unknown => (thrown(fn) as CodedError | undefined)?.code;

describe('input rules', () => {
  it("refuse with the chaincode's own error class and INVALID_ARGUMENT", () => {
    const error = thrown(() => requireMspId(''));
    expect(error).toBeInstanceOf(CodedError);
    expect((error as CodedError).message).toBe(
      "INVALID_ARGUMENT: mspId must be 1-64 letters, digits, '.', '-' or '_', starting with a letter or digit",
    );
    expect(invalid('x').message).toBe('INVALID_ARGUMENT: x');
  });

  it('take identifiers of letters, digits, ".", "-", "_" starting with a letter or digit, within their length', () => {
    expect(requireMspId('PaymentMSP')).toBe('PaymentMSP');
    expect(requireIdentifier('CLIENT-OMNIBUS_1.EUR', 'accountId', 32)).toBe('CLIENT-OMNIBUS_1.EUR');
    for (const bad of ['', '-x', 'a b', 'a\u0000b', 'ä', 'A'.repeat(33), 7]) {
      expect(isIdentifier(bad, 32)).toBe(false);
      expect(codeOf(() => requireIdentifier(bad, 'accountId', 32))).toBe('INVALID_ARGUMENT');
    }
    expect(codeOf(() => requireMspId('M'.repeat(65)))).toBe('INVALID_ARGUMENT');
  });

  it('keep key attributes to printable ASCII', () => {
    expect(requireKeyAttribute('CN0001!~')).toBe('CN0001!~');
    for (const bad of ['', 'a\u0000', '\u{10ffff}', 'a b', 'x'.repeat(129), 1]) {
      expect(codeOf(() => requireKeyAttribute(bad))).toBe('INVALID_ARGUMENT');
    }
  });

  it('parse JSON objects only', () => {
    expect(parseJsonObject('{"a":1}', 'request')).toEqual({ a: 1 });
    for (const bad of ['[]', 'null', '"x"', '{', '']) expect(codeOf(() => parseJsonObject(bad, 'request'))).toBe('INVALID_ARGUMENT');
    expect(thrown(() => parseJsonObject('[]', 'the request'))).toEqual(
      new CodedError('INVALID_ARGUMENT', 'the request must be a JSON object'),
    );
    expect(codeOf(() => requireObject(null, 'lock'))).toBe('INVALID_ARGUMENT');
  });
});

describe('currencies', () => {
  it('are the ISO 4217 currencies the platform settles in, with their minor units', () => {
    expect(CURRENCIES).toEqual(['CNY', 'EUR', 'GBP', 'HKD', 'JPY', 'SGD', 'USD']);
    expect(currencyMinorUnits('EUR')).toBe(2);
    expect(currencyMinorUnits('JPY')).toBe(0);
    for (const bad of ['eur', 'XXX', 'EURO', 'toString', '__proto__', 978]) {
      expect(isCurrency(bad)).toBe(false);
      if (typeof bad === 'string') expect(currencyMinorUnits(bad)).toBeUndefined();
    }
  });
});

describe('parseIdentityRoles', () => {
  it('splits the comma-separated bond.role attribute', () => {
    expect(parseIdentityRoles(' admin, operator ,')).toEqual(['admin', 'operator']);
    expect(parseIdentityRoles(null)).toEqual([]);
    expect(parseIdentityRoles(undefined)).toEqual([]);
  });
});
