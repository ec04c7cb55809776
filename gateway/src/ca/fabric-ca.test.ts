import { caResult } from './fabric-ca';

describe("the CA's answers", () => {
  it('returns the result of a successful call', () => {
    expect(caResult<{ CRL: string }>(200, JSON.stringify({ success: true, result: { CRL: 'abc' }, errors: [] }))).toEqual({ CRL: 'abc' });
  });

  it.each([
    [400, { success: false, errors: [{ code: 74, message: "Identity 'trader1' is already registered" }] }, 409, 'USER_EXISTS'],
    [400, { success: false, errors: [{ code: 42, message: 'Identity trader1 was already revoked' }] }, 409, 'ALREADY_REVOKED'],
    [401, { success: false, errors: [{ code: 20, message: 'Authentication failure' }] }, 502, 'CA_REFUSED'],
  ])('maps HTTP %i %j to %i %s', (status, body, expectedStatus, code) => {
    expect(() => caResult(status, JSON.stringify(body))).toThrow(expect.objectContaining({ status: expectedStatus, code }) as Error);
  });

  it('reports a body that is not the CA protocol as a refusal, not a crash', () => {
    expect(() => caResult(502, '<html>bad gateway</html>')).toThrow(
      expect.objectContaining({ code: 'CA_REFUSED', message: expect.stringContaining('HTTP 502') as string }) as Error,
    );
  });
});
