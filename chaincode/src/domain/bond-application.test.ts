import fc from 'fast-check';
import { TERMS } from '../../test/support/fixtures';
import type { BondApplication } from '../api/bonds';
import {
  APPLICATION_TRANSITIONS,
  type ApplicationStatus,
  approveApplication,
  assignIsin,
  fileApplication,
  mayDecide,
  rejectApplication,
} from './bond-application';
import { BOND_TRANSITIONS, FIRST_BOND_STATUS } from './bond-lifecycle';
import { parseBondTerms } from './bond-terms';

const stamp = (txId: string) => ({ txId, timestamp: '2026-01-05T09:00:00.000Z', mspId: 'CSDMSP', identity: 'x509::CN=operator1' });
const filed = (): BondApplication => fileApplication('SecuritiesMSP', parseBondTerms(TERMS), stamp('tx-apply'));

describe('bond application', () => {
  it('is filed pending approval, keyed by the filing transaction', () => {
    expect(filed()).toMatchObject({ applicationId: 'tx-apply', issuer: 'SecuritiesMSP', status: 'PENDING_APPROVAL' });
  });

  it('is decided once: approved or rejected, then final', () => {
    expect(APPLICATION_TRANSITIONS).toEqual({ PENDING_APPROVAL: ['APPROVED', 'REJECTED'], APPROVED: [], REJECTED: [] });
    const statuses = Object.keys(APPLICATION_TRANSITIONS) as ApplicationStatus[];
    fc.assert(
      fc.property(fc.constantFrom(...statuses), (status) => {
        const application = { ...filed(), status };
        expect(mayDecide(application)).toBe(status === 'PENDING_APPROVAL');
        if (status === 'PENDING_APPROVAL') return;
        const refusal = `INVALID_STATE_TRANSITION: application tx-apply was already ${status}`;
        expect(() => approveApplication(application, 'CNTEST000015', 'LEI', stamp('tx'))).toThrow(refusal);
        expect(() => rejectApplication(application, 'r', stamp('tx'))).toThrow(refusal);
      }),
    );
  });

  it('approval creates the bond in the first status of its lifecycle, with its ISIN and CFI', () => {
    const { application, bond } = approveApplication(filed(), 'CNTEST000015', '5493001KJTIIGC8Y1R12', stamp('tx-approve'));
    expect(application).toMatchObject({ status: 'APPROVED', isin: 'CNTEST000015', decided: stamp('tx-approve') });
    expect(bond).toMatchObject({
      isin: 'CNTEST000015',
      cfi: 'DBFUFR',
      status: FIRST_BOND_STATUS,
      applicationId: 'tx-apply',
      terms: { isin: 'CNTEST000015' },
    });
    expect(FIRST_BOND_STATUS).toBe('APPROVED');
    // No status leads back to the first one: a bond is approved once.
    expect(Object.values(BOND_TRANSITIONS).flat()).not.toContain(FIRST_BOND_STATUS);
  });

  it('rejection keeps the reason and creates no bond', () => {
    expect(rejectApplication(filed(), 'duplicate', stamp('tx-reject'))).toMatchObject({ status: 'REJECTED', rejectionReason: 'duplicate' });
  });

  it("assigns the ISIN from the national code, or takes the issuer's", () => {
    const application = filed();
    expect(assignIsin(application, { nationalCode: 'TEST00001' })).toMatch(/^CNTEST00001\d$/);
    expect(() => assignIsin(application, {})).toThrow('the application has no ISIN');
    expect(() => assignIsin(application, { nationalCode: 'short' })).toThrow('nationalCode must be 9');
    const proposed = assignIsin(application, { nationalCode: 'TEST00001' });
    expect(assignIsin({ terms: { ...application.terms, isin: proposed } }, {})).toBe(proposed);
    expect(() => assignIsin({ terms: { ...application.terms, isin: proposed } }, { nationalCode: 'TEST00002' })).toThrow(
      'differs from the issuer',
    );
  });
});
