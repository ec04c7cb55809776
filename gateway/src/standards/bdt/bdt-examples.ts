/** The example ledger (the test network's members, channel and chaincode) and a China interbank bond's terms: docs/examples/bdt-cn-interbank-bond.json is written from them, and the BDT unit tests use them. */
import type { BondTermsRequest, Member, Role } from '@bond-platform/chaincode/api';
import { csdOf, type LedgerPlatform, partyDirectory } from './party-directory';

const stamp = { mspId: 'CSDMSP', identity: 'x509::CN=admin::CN=ca', timestamp: '2026-01-05T09:00:00.000Z', txId: 'tx0' };

function member(mspId: string, legalName: string, lei: string, roles: Role[], status: Member['status'] = 'ACTIVE'): Member {
  return { mspId, legalName, lei, roles, status, admitted: stamp, lastChange: stamp };
}

/** The test network's CSD, bank and securities company (network/topology.env, test-network-scripts), and an underwriter. */
export const MEMBERS: Member[] = [
  member('CSDMSP', 'Central Securities Depository (test network)', '5493001KJTIIGC8Y1R12', ['CSD']),
  member('BankMSP', 'Example Bank Co., Ltd.', '969500KSV493XWY0PS33', ['CUSTODIAN', 'INVESTOR', 'PAYING_AGENT']),
  member('SecuritiesMSP', 'Example Securities Co., Ltd.', '7ZW8QJWVPR4P1S5PX088', ['INVESTOR', 'ISSUER', 'UNDERWRITER']),
  member('UnderwriterMSP', 'Example Underwriter Ltd.', '3003000EXAMPLEUW0117', ['UNDERWRITER']),
];

export const DIRECTORY = partyDirectory(MEMBERS);

export const PLATFORM: LedgerPlatform = {
  channel: 'bonds',
  chaincode: 'bond',
  csd: csdOf(MEMBERS) ?? { legalName: '', lei: '' },
};

/**
 * A China interbank bond as the ledger stores its terms: RMB 3bn at 1.84 %
 * a year for five years with a holders' put after three ("3+2"), an RMB
 * 1.5bn over-allotment option, ICMA actual/actual (the interbank market's
 * actual/actual by period), paid on the following CN-IB business day without
 * further interest, PRC law, rated by Moody's and two domestic agencies.
 */
export const CN_INTERBANK_BOND: BondTermsRequest = {
  shortName: '26 Example Securities 01',
  specifiedCurrency: 'CNY',
  specifiedDenomination: '10000',
  issueSize: '30000000',
  overAllotmentLimit: '15000000',
  interestType: 'FIXED',
  interestRate: '1.84',
  bookType: 'FIXED_PRICE',
  interestPaymentFrequency: 'ANNUALLY',
  dayCountFraction: 'ICMA_ACT/ACT',
  issueDate: '2026-06-15',
  maturityDate: '2031-06-15',
  businessDayConvention: 'FOLLOWING',
  businessDayCalendar: 'CN-IB',
  recordDateOffset: 1,
  payingAgent: 'BankMSP',
  statusOfNote: 'SENIOR_UNSECURED',
  formOfNote: 'BOOK_ENTRY',
  issuePrice: '100',
  callNoticeDays: 30,
  putSchedule: [{ date: '2029-06-15', price: '100' }],
  governingLaw: 'PRC_LAW',
  ratings: [
    { agency: 'MOODYS', rating: 'A2', outlook: 'STABLE' },
    { agency: 'CCXI', rating: 'AAA', outlook: 'STABLE' },
    { agency: 'CHINA_LIANHE', rating: 'AAA', outlook: 'STABLE' },
  ],
};

/** The issuer of CN_INTERBANK_BOND. */
export const ISSUER = 'SecuritiesMSP';
