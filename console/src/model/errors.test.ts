import { errorOf, explain } from './errors';

describe('errors in words', () => {
  it('takes the gateway’s error model and explains the common codes', () => {
    const body = { error: { code: 'MEMBER_SUSPENDED', message: 'BankMSP is suspended', requestId: 'r1' } };
    expect(errorOf(body, 403)).toEqual(body.error);
    expect(explain('MEMBER_SUSPENDED')).toMatch(/suspended/);
    expect(explain('toString')).toBeUndefined();
  });

  it('stands in for an answer without the error model', () => {
    expect(errorOf('<html>', 502)).toEqual({ code: 'HTTP_502', message: 'the gateway answered 502' });
    expect(errorOf(undefined, 0).code).toBe('NETWORK');
  });
});
