import { CashChaincodeError, CashErrorCode, parseCashChaincodeError } from './errors';

describe('cash chaincode error format', () => {
  it('prefixes the message with its stable code', () => {
    const error = new CashChaincodeError(CashErrorCode.HASH_MISMATCH, 'no match');
    expect(error.message).toBe('HASH_MISMATCH: no match');
    expect(error.detail).toBe('no match');
    expect(error.code).toBe('HASH_MISMATCH');
  });

  it('finds the code behind transport prefixes, skipping unknown upper-case words', () => {
    expect(parseCashChaincodeError('10 ABORTED: failed to endorse: chaincode response 500, LOCK_EXPIRED: lock L1 expired')).toEqual({
      code: 'LOCK_EXPIRED',
      message: 'lock L1 expired',
    });
    expect(parseCashChaincodeError('14 UNAVAILABLE: connection refused')).toBeUndefined();
  });

  it('names every code by itself', () => {
    for (const [name, code] of Object.entries(CashErrorCode)) expect(code).toBe(name);
  });
});
