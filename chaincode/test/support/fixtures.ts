/** Bond terms the unit tests share: a 3-year annual fixed-rate CNY bond. */
export const TERMS = {
  shortName: '26 Example Bank 01',
  specifiedCurrency: 'CNY',
  specifiedDenomination: '10000',
  issueSize: '1000',
  overAllotmentLimit: '200',
  interestType: 'FIXED',
  interestRate: '2.85',
  interestPaymentFrequency: 'ANNUALLY',
  dayCountFraction: 'ICMA_ACT/ACT',
  issueDate: '2026-03-02',
  maturityDate: '2029-03-02',
  businessDayConvention: 'FOLLOWING',
  businessDayCalendar: 'CN-IB',
  recordDateOffset: 1,
  payingAgent: 'BankMSP',
  statusOfNote: 'SENIOR_UNSECURED',
  formOfNote: 'REGISTERED',
  issuePrice: '100',
};

/** What a domain rule says of `fn`: its refusal's message, or 'accepted'. */
export function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  return 'accepted';
}
