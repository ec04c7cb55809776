/**
 * reda.006.001.01 SecurityCreationRequest from BondApproved: the bond's
 * static data (ICMA Bond Data Taxonomy names on the ledger) in the ISO 20022
 * elements, checked against the XSD of the version.
 */
import { BondEvent, DayCountFraction } from '@bond-platform/chaincode/api';
import { expectGolden } from './golden-messages';
import { MessageType, type IsoMessage } from './message';
import { validateMessage } from './schemas';
import { BOND_PARTIES_NAMESPACE, DAY_COUNT_CODES, SECURITY_CREATION_BUILDERS, unitPrice } from './security-creation';
import { bond, CSD, idsOf, ISIN, ISSUER, LEI, ledgerEvent, ledgerRefs } from './test-ledger';

const APPROVED_AT = '2025-03-03T02:00:00.000Z';

function created(theBond = bond()): IsoMessage {
  const event = ledgerEvent(BondEvent.BOND_APPROVED, theBond, APPROVED_AT, '12');
  const messages = SECURITY_CREATION_BUILDERS[BondEvent.BOND_APPROVED]?.(event, ledgerRefs({ bond: theBond }), idsOf(event)) ?? [];
  expect(messages).toHaveLength(1);
  const [message] = messages;
  if (!message) throw new Error('no message');
  return message;
}

function valueOf(xml: string, path: string): string | undefined {
  const names = path.split('/');
  let rest = xml;
  for (const name of names.slice(0, -1)) rest = rest.slice(Math.max(rest.search(new RegExp(`<${name}[ >]`)), 0));
  const last = names[names.length - 1] ?? '';
  return new RegExp(`<${last}(?: [^>]*)?>([^<]*)</${last}>`).exec(rest)?.[1];
}

describe('security creation (BondApproved → reda.006)', () => {
  it('states the approved bond static data to every member', async () => {
    const message = created();
    expect(message).toMatchObject({
      messageType: MessageType.SECURITY_CREATION,
      recipients: ['*'],
      isin: ISIN,
      accounts: [],
      createdAt: APPROVED_AT,
    });
    const { xml } = message;
    expect(valueOf(xml, 'FinInstrmId/ISIN')).toBe(ISIN);
    expect(valueOf(xml, 'FinInstrmId/Desc')).toBe('EDB 2.85% 2030');
    expect(valueOf(xml, 'Debt/PmtCcy')).toBe('CNY');
    expect(xml).toContain('<FaceAmt Ccy="CNY">100.00</FaceAmt>');
    expect(valueOf(xml, 'Debt/PmtFrqcy/Cd')).toBe('YEAR');
    expect(valueOf(xml, 'Debt/DtdDt')).toBe('2025-03-17T00:00:00');
    expect(valueOf(xml, 'Debt/MtrtyDt')).toBe('2030-03-17T00:00:00');
    expect(valueOf(xml, 'Debt/IntrstRate')).toBe('2.85');
    expect(valueOf(xml, 'Debt/IntrstClctnMtd')).toBe('A006 (ICMA_ACT/ACT)');
    expect(valueOf(xml, 'Debt/IntrstTp')).toBe('FIXD');
    expect(valueOf(xml, 'Debt/CllblInd')).toBe('false');
    expect(valueOf(xml, 'FinInstrmAttrbts/DnmtnCcy')).toBe('CNY');
    expect(valueOf(xml, 'ClssfctnTp/ClssfctnFinInstrm')).toBe('DBFUFR');
    expect(valueOf(xml, 'Issnc/IsseDt')).toBe('2025-03-17');
    expect(valueOf(xml, 'Issnc/ISINVldFr')).toBe('2025-03-03');
    expect(valueOf(xml, 'IsseNmnlAmt/FaceAmt')).toBe('100000000.00');
    expect(valueOf(xml, 'IssePric/Amt')).toBe('100.00');
    expect(valueOf(xml, 'PmryPlcOfDpst/LEI')).toBe(LEI[CSD]);
    expect(valueOf(xml, 'SttlmInf/SctiesQtyTp/Cd')).toBe('FAMT');
    expect(valueOf(xml, 'LglForm/Cd')).toBe('REGD');
    expect(xml).toContain(`<BondPties xmlns="${BOND_PARTIES_NAMESPACE}">`);
    expect(valueOf(xml, 'BondPties/Issr/LEI')).toBe(LEI[ISSUER]);
    expect(valueOf(xml, 'BondPties/PngAgt/LEI')).toBe(LEI[ISSUER]);
    expect((await validateMessage(xml, MessageType.SECURITY_CREATION)).errors).toEqual([]);
  });

  it('states a floating, callable, subordinated, book-entry bond without a fixed rate', async () => {
    const { xml } = created(
      bond({
        interestType: 'FLOATING',
        interestRate: undefined,
        floatingRate: { referenceRate: 'SHIBOR_3M', spread: '0.35', fixingLagBusinessDays: 1 },
        interestPaymentFrequency: 'QUARTERLY',
        dayCountFraction: 'ACT/360',
        statusOfNote: 'SENIOR_SUBORDINATED',
        formOfNote: 'BOOK_ENTRY',
        callSchedule: [{ date: '2028-03-17', price: '100' }],
        issuePrice: '99.875',
      }),
    );
    expect(xml).not.toContain('<IntrstRate>');
    expect(valueOf(xml, 'Debt/PmtFrqcy/Cd')).toBe('QURT');
    expect(valueOf(xml, 'Debt/IntrstTp')).toBe('FLRN');
    expect(valueOf(xml, 'Debt/VarblRateInd')).toBe('true');
    expect(valueOf(xml, 'Debt/CllblInd')).toBe('true');
    expect(valueOf(xml, 'Debt/SubrdntdInd')).toBe('true');
    expect(valueOf(xml, 'Debt/IntrstClctnMtd')).toBe('A004 (ACT/360)');
    expect(valueOf(xml, 'IssePric/Amt')).toBe('99.875');
    expect(valueOf(xml, 'BookgApprnc/Cd')).toBe('BENT');
    expect((await validateMessage(xml, MessageType.SECURITY_CREATION)).errors).toEqual([]);
  });

  it('has an ISO 20022 interest computation code for every day count of the platform', () => {
    expect(Object.keys(DAY_COUNT_CODES).sort()).toEqual(Object.values(DayCountFraction).sort());
    expect(new Set(Object.values(DAY_COUNT_CODES)).size).toBe(Object.values(DayCountFraction).length);
  });

  it('prices one unit exactly from its face value and a percentage', () => {
    expect(unitPrice('10000', '100', 'CNY')).toBe('100.00');
    expect(unitPrice('10000', '99.875', 'CNY')).toBe('99.875');
    expect(unitPrice('10000', '99.123456', 'CNY')).toBe('99.123456');
    expect(unitPrice('1', '0.000001', 'CNY')).toBe('0.0000000001');
    expect(unitPrice('10000', '101.5', 'JPY')).toBe('10150');
    expect(() => unitPrice('10000', '99.1234567', 'CNY')).toThrow(/six decimals/);
  });

  it('golden file (reviewed by hand; UPDATE_GOLDEN=1 regenerates)', () => {
    expectGolden('reda-security-creation', [created()]);
  });
});
