import { ChaincodeError, ErrorCode, parseChaincodeError } from './errors';

describe('chaincode error format', () => {
  it('prefixes the message with its stable code', () => {
    const error = new ChaincodeError(ErrorCode.NOT_A_MEMBER, 'XMSP is not a member');
    expect(error.message).toBe('NOT_A_MEMBER: XMSP is not a member');
    expect(error.detail).toBe('XMSP is not a member');
  });

  it('finds the code behind transport prefixes, skipping unknown upper-case words', () => {
    expect(parseChaincodeError('10 ABORTED: failed to endorse: chaincode response 500, MEMBER_SUSPENDED: BankMSP is suspended')).toEqual({
      code: 'MEMBER_SUSPENDED',
      message: 'BankMSP is suspended',
    });
  });

  it('returns undefined when no known code is present', () => {
    expect(parseChaincodeError('14 UNAVAILABLE: connection refused')).toBeUndefined();
  });
});
