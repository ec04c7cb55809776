import { CashErrorCode } from '../api/errors';
import { codeOf } from '../../test/support/domain';
import { parseJsonObject, requireAccountId, requireKeyAttribute, requireMspId, requireOnlyFields } from './validation';
import { minorUnits, requireCurrency } from './currency';
import { initialize, parseInitializeRequest } from './config';
import { STAMP } from '../../test/support/domain';

describe('input rules', () => {
  it('takes identifiers of letters, digits, ".", "-", "_" starting with a letter or digit, within their length', () => {
    expect(requireMspId('PaymentMSP')).toBe('PaymentMSP');
    expect(requireAccountId('CLIENT-OMNIBUS_1.EUR')).toBe('CLIENT-OMNIBUS_1.EUR');
    for (const bad of ['', '-x', 'a b', 'a\u0000b', 'ä', 'A'.repeat(33), 7])
      expect(codeOf(() => requireAccountId(bad))).toBe(CashErrorCode.INVALID_ARGUMENT);
    expect(codeOf(() => requireMspId('M'.repeat(65)))).toBe(CashErrorCode.INVALID_ARGUMENT);
  });

  it('keeps key attributes to printable ASCII', () => {
    for (const bad of ['', 'a\u0000', '\u{10ffff}', 'a b', 'x'.repeat(129)])
      expect(codeOf(() => requireKeyAttribute(bad))).toBe(CashErrorCode.INVALID_ARGUMENT);
  });

  it('parses JSON objects only, and refuses fields a request does not define', () => {
    expect(parseJsonObject('{"a":1}', 'request')).toEqual({ a: 1 });
    for (const bad of ['[]', 'null', '"x"', '{', ''])
      expect(codeOf(() => parseJsonObject(bad, 'request'))).toBe(CashErrorCode.INVALID_ARGUMENT);
    expect(
      codeOf(() => {
        requireOnlyFields({ a: 1, b: 2 }, ['a'], 'request');
      }),
    ).toBe(CashErrorCode.INVALID_ARGUMENT);
  });

  it('knows the ISO 4217 currencies the bond platform settles in, with their minor units', () => {
    expect(minorUnits('EUR')).toBe(2);
    expect(minorUnits('JPY')).toBe(0);
    for (const bad of ['eur', 'XXX', 'EURO', 'toString', '__proto__', 978])
      expect(codeOf(() => requireCurrency(bad))).toBe(CashErrorCode.INVALID_ARGUMENT);
  });

  it('configures PaymentMSP as the operator unless told another MSP ID, once', () => {
    expect(parseInitializeRequest({})).toEqual({ operatorMspId: 'PaymentMSP' });
    expect(parseInitializeRequest({ operatorMspId: 'CentralBankMSP' })).toEqual({ operatorMspId: 'CentralBankMSP' });
    expect(codeOf(() => parseInitializeRequest({ operatorMspId: '' }))).toBe(CashErrorCode.INVALID_ARGUMENT);
    const config = initialize('PaymentMSP', undefined, STAMP);
    expect(codeOf(() => initialize('PaymentMSP', config, STAMP))).toBe(CashErrorCode.ALREADY_INITIALIZED);
  });
});
