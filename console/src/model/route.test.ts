import { href, parseRoute } from './route';

describe('hash routes', () => {
  it('name a screen and at most one record', () => {
    expect(parseRoute('#/members')).toEqual({ screen: 'members' });
    expect(parseRoute('#/members/BankMSP')).toEqual({ screen: 'members', id: 'BankMSP' });
    expect(parseRoute('#/bonds/CNX 1')).toEqual({ screen: 'bonds', id: 'CNX 1' });
    expect(parseRoute('')).toBeUndefined();
    expect(parseRoute('#/nowhere')).toBeUndefined();
    expect(parseRoute('#/bonds/a/b')).toBeUndefined();
    expect(parseRoute('#/bonds/%E0')).toBeUndefined();
  });

  it('round-trip through href', () => {
    for (const id of ['BankMSP', 'a/b', 'x y', '%']) expect(parseRoute(href('applications', id))).toEqual({ screen: 'applications', id });
  });
});
