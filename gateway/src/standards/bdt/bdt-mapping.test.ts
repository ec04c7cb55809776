/**
 * The ICMA Bond Data Taxonomy (BDT) v1.2 mapping: each field and
 * enumeration both ways, the fields the platform does not support named
 * together, invalid values named with their rule, and the round trips
 * (terms → document → terms, document → terms → document) as properties.
 * BDT v1.2 structure and enumerations: ICMA's pack ICMA-Bond-Data-Taxonomy-
 * v1.2-2024-02-02 as docs/standards.md cites it; ISO 20022 codes from the
 * published message definitions (InterestComputationMethod2Code,
 * InterestType3Code, Frequency5Code, FormOfSecurity1Code).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import {
  type BondTermsRequest,
  BookType,
  CURRENCIES,
  DayCountFraction,
  FormOfNote,
  GoverningLaw,
  RatingAgency,
  RatingOutlook,
  ReferenceRate,
  StatusOfNote,
} from '@bond-platform/chaincode/api';
import {
  BDT_BUSINESS_DAY_CENTERS,
  type BdtDltPlatform,
  type BdtExtensions,
  type BdtInterestPayment,
  type BdtIssuance,
  type BdtParty,
  type BdtPartyRole,
  type BdtProduct,
  type IcmaBondDataTaxonomy,
  BDT_DAY_COUNT_FRACTIONS,
  BDT_DLT_PLATFORM_TYPES,
  BDT_GOVERNING_LAWS,
  BDT_IDENTIFIER_TYPES,
  BDT_INTEREST_PAYMENT_FREQUENCIES,
  BDT_INTEREST_TYPES,
  BDT_ISSUANCE_TYPES,
  BDT_RATING_AGENCIES,
  BDT_REDEMPTION_PAYMENT_BASES,
  BDT_BUSINESS_DAY_CONVENTIONS,
  BDT_STATUSES_OF_NOTE,
  type BdtDocument,
} from './bdt-document';
import { CN_INTERBANK_BOND, DIRECTORY, ISSUER, MEMBERS, PLATFORM } from './bdt-examples';
import {
  BDT_FIELDS,
  type BdtContext,
  bdtFromBond,
  bdtFromTerms,
  BdtRefusal,
  BUSINESS_DAY_CENTERS,
  DAY_COUNT_FRACTIONS,
  ENUMERATIONS,
  type EnumerationMapping,
  INTEREST_PAYMENT_FREQUENCIES,
  INTEREST_TYPES,
  readBdt,
  termsFromBdt,
} from './bdt-mapping';
import { BDT_DOCUMENT_SCHEMA, bdtDocumentSchemaInline, CN_INTERBANK_EXTENSION_SCHEMA } from './bdt-schema';
import {
  CN_INTERBANK_EXTENSION,
  type CnInterbankExtension,
  DOMESTIC_RATING_AGENCIES,
  EXTENSION_BUSINESS_DAY_CONVENTIONS,
  EXTENSION_DAY_COUNT_FRACTIONS,
  EXTENSION_GOVERNING_LAWS,
  EXTENSION_STATUSES_OF_NOTE,
} from './cn-interbank-extension';
import { csdOf, partyDirectory } from './party-directory';
import { EXAMPLE_DOCUMENT_PATH } from './standards-doc';

const CONTEXT: BdtContext = { issuer: ISSUER, directory: DIRECTORY, platform: PLATFORM };
const EXT = CN_INTERBANK_EXTENSION;
const REPOSITORY = path.resolve(__dirname, '../../../..');

/** The document as it travels: JSON text parsed again. */
const wire = (doc: BdtDocument): BdtDocument => JSON.parse(JSON.stringify(doc)) as BdtDocument;
const exported = (terms: BondTermsRequest = CN_INTERBANK_BOND, context: BdtContext = CONTEXT): BdtDocument =>
  wire(bdtFromTerms(terms, context));

/** The refusal `fn` throws. */
function refusalOf(fn: () => unknown): BdtRefusal {
  try {
    fn();
  } catch (error) {
    if (error instanceof BdtRefusal) return error;
    throw error;
  }
  throw new Error('no refusal');
}

/** The example's elements, as a test edits them (the example has each of them). */
interface Parts {
  issuance: BdtIssuance;
  product: BdtProduct;
  interest: BdtInterestPayment;
  payments: NonNullable<BdtInterestPayment['InterestPayments']>;
  roles: BdtPartyRole[];
  parties: BdtParty[];
  extensions: BdtExtensions;
  ext: CnInterbankExtension;
  dlt: BdtDltPlatform;
}

/** A copy of the example document as a client might send it, changed by `change`. */
function changed(change: (p: Parts, t: IcmaBondDataTaxonomy) => void): unknown {
  const t = exported().ICMABondDataTaxonomy;
  const product = t.Product!;
  const interest = product.InterestPayment!;
  change(
    {
      issuance: t.Issuance!,
      product,
      interest,
      payments: interest.InterestPayments!,
      roles: t.PartyRole!,
      parties: t.Party!,
      extensions: t.Extensions!,
      ext: t.Extensions![EXT]!,
      dlt: t.DLTPlatform!,
    },
    t,
  );
  return { ICMABondDataTaxonomy: t };
}

/** Sets what the document's types would not let a test write: a value of another type, an element BDT does not have. */
function put(target: object | undefined, key: string, value: unknown): void {
  Object.assign(target ?? {}, { [key]: value });
}

/** The value at a field table path (`[]`: the first element). */
function valueAt(doc: BdtDocument, fieldPath: string): unknown {
  let node: unknown = doc.ICMABondDataTaxonomy;
  const segments = fieldPath.startsWith('Extensions/')
    ? ['Extensions', EXT, ...fieldPath.slice(`Extensions/${EXT}/`.length).split('/')]
    : fieldPath.split('/');
  for (const segment of segments) {
    const [key = '', array] = segment.split('[');
    node = (node as Record<string, unknown> | undefined)?.[key];
    if (array !== undefined) node = (node as unknown[] | undefined)?.[0];
  }
  return node;
}

/** Every leaf of a document as a field table path (arrays as `[]`). */
function leafPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => leafPaths(item, `${prefix}[]`));
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => leafPaths(child, prefix === '' ? key : `${prefix}/${key}`));
}

describe('the example China interbank bond as a BDT document', () => {
  const doc = exported();
  const t = doc.ICMABondDataTaxonomy;

  it('names the issuer and the paying agent by LEI, with the ledger’s legal names, and the issuer’s BDT-agency rating on its Party', () => {
    expect(t.Version).toBe('1.2');
    expect(t.PartyRole).toEqual([
      { PartyRoleType: 'ISSUER', PartyID: { PID: 'LEI-7ZW8QJWVPR4P1S5PX088' } },
      { PartyRoleType: 'PAYING_AGENT', PartyID: { PID: 'LEI-969500KSV493XWY0PS33' } },
    ]);
    expect(t.Party).toEqual([
      {
        PID: 'LEI-7ZW8QJWVPR4P1S5PX088',
        PartyName: 'Example Securities Co., Ltd.',
        LEIIdentifier: '7ZW8QJWVPR4P1S5PX088',
        PartyRating: { Rating: [{ RatingAgency: 'MOODYS', RatingValue: 'A2', RatingOutlook: 'STABLE' }] },
      },
      { PID: 'LEI-969500KSV493XWY0PS33', PartyName: 'Example Bank Co., Ltd.', LEIIdentifier: '969500KSV493XWY0PS33' },
    ]);
  });

  it('writes amounts in the currency (CNY 100 notes, RMB 3bn), not in minor units', () => {
    expect(t.Issuance).toEqual({
      IssuanceType: 'STANDALONE',
      SpecifiedDenomination: '100',
      SpecifiedCurrency: 'CNY',
      IssueDate: '2026-06-15',
      IssuePrice: '100',
      RedemptionPaymentBasis: 'PAR',
    });
    expect(t.Product?.AggregateNominalAmount).toBe('3000000000');
    expect(t.Extensions?.[EXT]?.OverAllotmentAmount).toBe('1500000000');
  });

  it('keeps BDT’s own elements where BDT has the value: ICMA actual/actual, following unadjusted (顺延, no further interest)', () => {
    expect(t.Product).toMatchObject({
      FormOfNote: 'BOOK_ENTRY',
      StatusOfNote: 'SENIOR_UNSECURED',
      MaturityDate: '2031-06-15',
      InterestPayment: {
        InterestType: 'FIXED',
        InterestRate: '1.84',
        InterestCommencementDate: '2026-06-15',
        InterestPayments: { InterestPaymentFrequency: 'ANNUALLY' },
      },
      DayCountFraction: 'ICMA_ACT/ACT',
      BusinessDayConvention: 'FOLLOWING_UNADJUSTED',
    });
    expect(t.Product?.BusinessDayCenter).toBeUndefined();
    expect(t.Issuance?.GoverningLaw).toBeUndefined();
  });

  it('puts in urn:bdt-ext:cn-interbank:v1 what BDT lacks: PRC law, the CSD as registrar, CN-IB, domestic ratings, record date, book, greenshoe, put', () => {
    expect(t.Extensions).toEqual({
      [EXT]: {
        ShortName: '26 Example Securities 01',
        GoverningLaw: 'PRC_LAW',
        Registrar: { PartyName: 'Central Securities Depository (test network)', LEIIdentifier: '5493001KJTIIGC8Y1R12' },
        BusinessDayCalendar: 'CN-IB',
        IssuerRating: {
          Rating: [
            { RatingAgency: 'CCXI', RatingValue: 'AAA', RatingOutlook: 'STABLE' },
            { RatingAgency: 'CHINA_LIANHE', RatingValue: 'AAA', RatingOutlook: 'STABLE' },
          ],
        },
        RecordDateOffset: 1,
        BookType: 'FIXED_PRICE',
        OverAllotmentAmount: '1500000000',
        CallNoticeDays: 30,
        PutSchedule: { Put: [{ Date: '2029-06-15', Price: '100' }] },
      },
    });
  });

  it('describes the ledger in the 2024 DLT fields: permissioned Hyperledger Fabric, operated by the CSD, channel/chaincode', () => {
    expect(t.DLTPlatform).toEqual({
      DLTPlatformType: 'PERMISSIONED',
      DLTPlatformName: 'Hyperledger Fabric',
      DLTPlatformOperator: { PartyName: 'Central Securities Depository (test network)', LEIIdentifier: '5493001KJTIIGC8Y1R12' },
      TokenSmartContractAddress: 'bonds/bond',
    });
  });

  it(`is the committed example ${EXAMPLE_DOCUMENT_PATH} (npm run docs:standards), and imports to the bond's terms and issuer`, () => {
    const committed = readFileSync(path.join(REPOSITORY, EXAMPLE_DOCUMENT_PATH), 'utf8');
    expect(committed).toBe(`${JSON.stringify(doc, null, 2)}\n`);
    expect(readBdt(JSON.parse(committed), DIRECTORY, PLATFORM)).toStrictEqual({ issuer: ISSUER, terms: CN_INTERBANK_BOND });
  });

  it("exports a registered bond with the CSD's ISIN and the issuer's LEI as the bond records them", () => {
    const bond = {
      isin: 'CN0026000015',
      cfi: 'DBFUFM',
      issuer: ISSUER,
      issuerLei: '7ZW8QJWVPR4P1S5PX088',
      applicationId: 'tx1',
      terms: CN_INTERBANK_BOND,
      status: 'ISSUED' as const,
      approved: MEMBERS[0]!.admitted,
      lastChange: MEMBERS[0]!.admitted,
    };
    const fromBond = wire(bdtFromBond(bond, DIRECTORY, PLATFORM));
    expect(fromBond.ICMABondDataTaxonomy.Product?.SecurityIdentifierList).toEqual({
      SecurityIdentifier: [{ ISIN: 'CN0026000015', IdentifierType: 'ISIN' }],
    });
    expect(termsFromBdt(fromBond, DIRECTORY, PLATFORM)).toStrictEqual({ isin: 'CN0026000015', ...CN_INTERBANK_BOND });
    expect(wire(bdtFromTerms(termsFromBdt(fromBond, DIRECTORY), CONTEXT))).toStrictEqual(fromBond);
  });
});

describe('each field, both ways', () => {
  const roundTrip = (terms: BondTermsRequest, context: BdtContext = CONTEXT) => readBdt(exported(terms, context), DIRECTORY, PLATFORM);

  it('shifts amounts by the currency’s minor-unit digits exactly (JPY has none; CNY two), and counts notes exactly', () => {
    const yen = {
      ...CN_INTERBANK_BOND,
      specifiedCurrency: 'JPY',
      specifiedDenomination: '1000000',
      issueSize: '50',
      overAllotmentLimit: '0',
    };
    expect(valueAt(exported(yen), 'Issuance/SpecifiedDenomination')).toBe('1000000');
    expect(valueAt(exported(yen), 'Product/AggregateNominalAmount')).toBe('50000000');
    expect(valueAt(exported(yen), `Extensions/${EXT}/OverAllotmentAmount`)).toBe('0');
    const odd = { ...CN_INTERBANK_BOND, specifiedDenomination: '10050', issueSize: '3' };
    expect(valueAt(exported(odd), 'Issuance/SpecifiedDenomination')).toBe('100.5');
    expect(valueAt(exported(odd), 'Product/AggregateNominalAmount')).toBe('301.5');
    expect(roundTrip(odd).terms).toStrictEqual(odd);
    // Written with trailing zeros, the same amounts.
    const padded = changed((p) => {
      p.issuance.SpecifiedDenomination = '100.00';
      p.product.AggregateNominalAmount = '3000000000.0';
    });
    expect(termsFromBdt(padded, DIRECTORY)).toMatchObject({ specifiedDenomination: '10000', issueSize: '30000000' });
  });

  it('maps the ISSUER, PAYING_AGENT and LEAD_MANAGER parties to members by LEI, one Party for a member in two roles', () => {
    const led = { ...CN_INTERBANK_BOND, payingAgent: ISSUER, leadUnderwriter: 'UnderwriterMSP' };
    const doc = exported(led);
    expect(doc.ICMABondDataTaxonomy.PartyRole?.map((r) => [r.PartyRoleType, r.PartyID.PID])).toEqual([
      ['ISSUER', 'LEI-7ZW8QJWVPR4P1S5PX088'],
      ['PAYING_AGENT', 'LEI-7ZW8QJWVPR4P1S5PX088'],
      ['LEAD_MANAGER', 'LEI-3003000EXAMPLEUW0117'],
    ]);
    expect(doc.ICMABondDataTaxonomy.Party?.map((p) => p.PID)).toEqual(['LEI-7ZW8QJWVPR4P1S5PX088', 'LEI-3003000EXAMPLEUW0117']);
    expect(roundTrip(led)).toStrictEqual({ issuer: ISSUER, terms: led });
    // Any xs:ID will do as a PID, and the roles may come in any order; the PartyName is information only.
    const renamed = changed((p, t) => {
      t.PartyRole = [
        { PartyRoleType: 'PAYING_AGENT', PartyID: { PID: 'agent' } },
        { PartyRoleType: 'ISSUER', PartyID: { PID: 'issuer' } },
      ];
      t.Party = [
        { PID: 'issuer', PartyName: 'Another spelling', LEIIdentifier: '7ZW8QJWVPR4P1S5PX088', PartyRating: p.parties[0]!.PartyRating },
        { PID: 'agent', PartyName: 'Bank', LEIIdentifier: '969500KSV493XWY0PS33' },
      ];
    });
    expect(readBdt(renamed, DIRECTORY, PLATFORM)).toStrictEqual({ issuer: ISSUER, terms: CN_INTERBANK_BOND });
  });

  it('carries each optional term: ISIN, first and penultimate coupon dates, schedules, floating rate, tender, law, ratings', () => {
    const frn: BondTermsRequest = {
      ...CN_INTERBANK_BOND,
      isin: 'CN0026000015',
      interestType: 'FLOATING',
      floatingRate: { referenceRate: 'LPR_1Y', spread: '-0.15', fixingLagBusinessDays: 1, floor: '0', cap: '6.5' },
      bookType: 'FIXED_PRICE',
      firstCouponDate: '2026-12-15',
      penultimateCouponDate: '2030-12-15',
      callSchedule: [{ date: '2029-06-15', price: '100.5' }],
      amortisationSchedule: [{ date: '2028-06-15', percent: '20' }],
      governingLaw: 'ENGLISH_LAW',
    };
    delete frn.interestRate;
    const doc = exported(frn);
    expect(valueAt(doc, 'Product/InterestPayment/InterestPayments/FirstPayment/PaymentDate')).toBe('2026-12-15');
    expect(valueAt(doc, 'Issuance/GoverningLaw')).toBe('ENGLISH_LAW');
    expect(valueAt(doc, 'Issuance/RedemptionPaymentBasis')).toBe('INSTALLMENT');
    expect(doc.ICMABondDataTaxonomy.Extensions?.[EXT]).toMatchObject({
      FloatingRate: { ReferenceRate: 'LPR_1Y', Spread: '-0.15', FixingLagBusinessDays: 1, Floor: '0', Cap: '6.5' },
      PenultimateCouponDate: '2030-12-15',
      CallSchedule: { Call: [{ Date: '2029-06-15', Price: '100.5' }] },
      AmortisationSchedule: { Repayment: [{ Date: '2028-06-15', Percent: '20' }] },
    });
    expect(doc.ICMABondDataTaxonomy.Extensions?.[EXT]?.GoverningLaw).toBeUndefined();
    expect(roundTrip(frn).terms).toStrictEqual(frn);
    const tender = { ...CN_INTERBANK_BOND, bookType: BookType.TENDER };
    delete tender.interestRate;
    expect(valueAt(exported(tender), 'Product/InterestPayment/InterestRate')).toBeUndefined();
    expect(roundTrip(tender).terms).toStrictEqual(tender);
  });

  it('reads a document without the derived elements (IssuanceType, InterestCommencementDate, RedemptionPaymentBasis, DLT fields, registrar)', () => {
    const bare = changed((p, t) => {
      delete p.issuance.IssuanceType;
      delete p.issuance.RedemptionPaymentBasis;
      delete p.interest.InterestCommencementDate;
      delete t.DLTPlatform;
      delete p.ext.Registrar;
    });
    expect(readBdt(bare, DIRECTORY, PLATFORM)).toStrictEqual({ issuer: ISSUER, terms: CN_INTERBANK_BOND });
  });
});

describe('the enumerations, both ways', () => {
  /** Terms with `platform` as the value of the mapping's term. */
  const withValue = (mapping: EnumerationMapping, platform: string): BondTermsRequest => {
    const terms: BondTermsRequest = { ...CN_INTERBANK_BOND };
    if (mapping === INTEREST_TYPES) {
      terms.interestType = platform as BondTermsRequest['interestType'];
      if (platform === 'ZERO_COUPON')
        Object.assign(terms, { interestPaymentFrequency: 'NONE', interestRate: undefined, issuePrice: '97.5' });
      if (platform === 'FLOATING') terms.floatingRate = { referenceRate: 'SHIBOR_3M', spread: '0.4', fixingLagBusinessDays: 1 };
      return JSON.parse(JSON.stringify(terms)) as BondTermsRequest;
    }
    const field = {
      [INTEREST_PAYMENT_FREQUENCIES.name]: 'interestPaymentFrequency',
      [DAY_COUNT_FRACTIONS.name]: 'dayCountFraction',
      'Business-day convention': 'businessDayConvention',
      [BUSINESS_DAY_CENTERS.name]: 'businessDayCalendar',
      'Form of note': 'formOfNote',
      'Status of note': 'statusOfNote',
      'Governing law': 'governingLaw',
    }[mapping.name];
    if (field !== undefined) return { ...terms, [field]: platform };
    return { ...terms, ratings: [{ agency: platform as RatingAgency, rating: 'AA+', outlook: 'POSITIVE' }] };
  };

  for (const mapping of ENUMERATIONS) {
    it(`${mapping.name}: each platform value goes to BDT's ${mapping.bdt} when BDT has it, else to the extension, and comes back`, () => {
      for (const value of mapping.values) {
        const terms = withValue(mapping, value.platform);
        const doc = exported(terms);
        if (value.bdt !== undefined) {
          expect([value.platform, valueAt(doc, mapping.bdt)]).toEqual([value.platform, value.bdt]);
        } else {
          expect([value.platform, valueAt(doc, mapping.extension ?? '')]).toEqual([value.platform, value.platform]);
          expect([value.platform, valueAt(doc, mapping.bdt)]).toEqual([value.platform, undefined]);
        }
        expect(termsFromBdt(doc, DIRECTORY, PLATFORM)).toStrictEqual(terms);
      }
    });
  }

  it('covers every platform value of each enumeration, and only BDT values', () => {
    const platformValues: Record<string, readonly string[]> = {
      'Interest type': ['FIXED', 'FLOATING', 'ZERO_COUPON'],
      'Day-count fraction': Object.values(DayCountFraction),
      'Form of note': Object.values(FormOfNote),
      'Status of note': Object.values(StatusOfNote),
      'Governing law': Object.values(GoverningLaw),
      'Rating agency': Object.values(RatingAgency),
      'Business-day convention': ['FOLLOWING', 'MODIFIED_FOLLOWING', 'PRECEDING', 'UNADJUSTED'],
    };
    for (const mapping of ENUMERATIONS) {
      const expected = platformValues[mapping.name];
      if (expected) expect([mapping.name, [...mapping.values.map((v) => v.platform)].sort()]).toEqual([mapping.name, [...expected].sort()]);
      for (const v of mapping.values) if (v.bdt !== undefined) expect(mapping.bdtValues).toContain(v.bdt);
    }
  });

  it('gives the ISO 20022 InterestComputationMethod codes of each day count (A001 30/360, A004 ACT/360, A005 ACT/365F, A006 ICMA, A007 30E/360, A008 ISDA, A014 NL/365)', () => {
    expect(Object.fromEntries(DAY_COUNT_FRACTIONS.values.map((v) => [v.platform, v.iso20022]))).toEqual({
      '30/360': 'A001',
      'ACT/360': 'A004',
      'ACT/365': 'A005',
      'ICMA_ACT/ACT': 'A006',
      '30E/360': 'A007',
      'ISDA_ACT/ACT': 'A008',
      'NL/365': 'A014',
    });
    expect(INTEREST_TYPES.values.map((v) => v.iso20022)).toEqual(['FIXD', 'FLRN', 'ZCPN']);
    expect(INTEREST_PAYMENT_FREQUENCIES.values.map((v) => v.iso20022)).toEqual(['YEAR', 'MIAN', 'QURT', undefined]);
  });
});

describe('fields the platform does not support', () => {
  it('are all named together by their JSON Pointers, nested ones and unsupported values included, in one BDT_UNSUPPORTED_FIELDS', () => {
    const doc = changed((p) => {
      p.issuance.IssuanceType = 'PROGRAMME';
      p.issuance.PricingDate = '2026-06-10';
      p.issuance.SettlementDate = '2026-06-15';
      p.issuance.Listing = [{ Market: 'CIBM' }];
      p.issuance.SellingRestrictions = { SellingRestriction: ['NOT_APPLICABLE'] };
      p.issuance.ManufacturerTargetMarket = ['NOT_APPLICABLE'];
      p.roles.push({ PartyRoleType: 'TRUSTEE', PartyID: { PID: 'LEI-969500KSV493XWY0PS33' } });
      p.parties[1]!.PartyRating = { Rating: [{ RatingAgency: 'FITCH', RatingValue: 'A' }] };
      p.product.SecurityIdentifierList = {
        SecurityIdentifier: [
          { ISIN: 'CN0026000015', IdentifierType: 'ISIN' },
          { CUSIP: '123456789', IdentifierType: 'CUSIP' },
        ],
      };
      p.payments.PayableDate = [{ Day: '15', Month: '6' }];
      p.product.DayCountFraction = '30/365';
      p.extensions['urn:bdt-ext:green-bond:v1'] = { UseOfProceeds: 'renewable energy' };
    });
    const refusal = refusalOf(() => readBdt(doc, DIRECTORY, PLATFORM));
    expect(refusal.code).toBe('BDT_UNSUPPORTED_FIELDS');
    const root = '/ICMABondDataTaxonomy';
    expect([...refusal.fields].sort()).toEqual(
      [
        `${root}/Issuance/IssuanceType`,
        `${root}/Issuance/PricingDate`,
        `${root}/Issuance/SettlementDate`,
        `${root}/Issuance/Listing`,
        `${root}/Issuance/SellingRestrictions`,
        `${root}/Issuance/ManufacturerTargetMarket`,
        `${root}/PartyRole/2`,
        `${root}/Party/1/PartyRating`,
        `${root}/Product/SecurityIdentifierList/SecurityIdentifier/1/CUSIP`,
        `${root}/Product/SecurityIdentifierList/SecurityIdentifier/1`,
        `${root}/Product/InterestPayment/InterestPayments/PayableDate`,
        `${root}/Product/DayCountFraction`,
        `${root}/Extensions/urn:bdt-ext:green-bond:v1`,
      ].sort(),
    );
    expect(refusal.problems).toContain(`${root}/PartyRole/2: the platform keeps no TRUSTEE (it keeps ISSUER, PAYING_AGENT, LEAD_MANAGER)`);
    expect(refusal.problems).toContain(
      `${root}/Product/DayCountFraction: the platform has no day-count fraction 30/365: it takes ICMA_ACT/ACT, ISDA_ACT/ACT, ACT/365, ACT/360, 30/360 here, and NL/365, 30E/360 in Extensions/${EXT}/DayCountFraction`,
    );
    expect(refusal.problems).toContain(
      `${root}/Extensions/urn:bdt-ext:green-bond:v1: the platform reads no extension urn:bdt-ext:green-bond:v1 (its own is ${EXT})`,
    );
    expect(refusal.message).toMatch(/^the platform does not support these 13 fields of the BDT document: /);
  });

  it('include BDT values the platform has no term value for: index-linked interest, adjusted modified following, BDT’s SUBORDINATED, other forms, a second ISIN or lead manager', () => {
    const cases: [(p: Parts) => void, string][] = [
      [(p) => (p.interest.InterestType = 'INDEX_LINKED_INTEREST'), '/Product/InterestPayment/InterestType'],
      [(p) => (p.product.BusinessDayConvention = 'MODIFIED_FOLLOWING_ADJUSTED'), '/Product/BusinessDayConvention'],
      [(p) => (p.product.StatusOfNote = 'SUBORDINATED'), '/Product/StatusOfNote'],
      [(p) => (p.product.FormOfNote = 'DEMATERIALISED'), '/Product/FormOfNote'],
      [(p) => (p.issuance.RedemptionPaymentBasis = 'DUAL_CURRENCY'), '/Issuance/RedemptionPaymentBasis'],
      [(p) => (p.issuance.SpecifiedCurrency = 'AUD'), '/Issuance/SpecifiedCurrency'],
      [(p) => (p.parties[0]!.PartyRating!.Rating[0]!.RatingOutlook = 'WATCH_NEGATIVE'), '/Party/0/PartyRating/Rating/0/RatingOutlook'],
      [
        (p) => {
          p.roles.push({ PartyRoleType: 'LEAD_MANAGER', PartyID: { PID: 'LEI-969500KSV493XWY0PS33' } });
          p.roles.push({ PartyRoleType: 'LEAD_MANAGER', PartyID: { PID: 'LEI-7ZW8QJWVPR4P1S5PX088' } });
        },
        '/PartyRole/3',
      ],
      [
        (p) =>
          (p.product.SecurityIdentifierList = {
            SecurityIdentifier: [
              { ISIN: 'CN0026000015', IdentifierType: 'ISIN' },
              { ISIN: 'XS0026000015', IdentifierType: 'ISIN' },
            ],
          }),
        '/Product/SecurityIdentifierList/SecurityIdentifier/1',
      ],
      [(p) => p.parties.push({ PID: 'nobody', PartyName: 'Nobody', LEIIdentifier: '3003000EXAMPLEFD0111' }), '/Party/2'],
    ];
    for (const [change, where] of cases) {
      const refusal = refusalOf(() => readBdt(changed(change), DIRECTORY, PLATFORM));
      expect([where, refusal.code, refusal.fields]).toEqual([where, 'BDT_UNSUPPORTED_FIELDS', [`/ICMABondDataTaxonomy${where}`]]);
    }
  });
});

describe('invalid documents', () => {
  const invalid = (doc: unknown, platform = PLATFORM) => {
    const refusal = refusalOf(() => readBdt(doc, DIRECTORY, platform));
    expect(refusal.code).toBe('BDT_INVALID');
    return refusal;
  };

  it('are refused with BDT_INVALID naming the path and the rule: shape, formats and elements BDT does not have', () => {
    const refusal = invalid(
      changed((p) => {
        p.issuance.IssueDate = '15/06/2026';
        put(p.issuance, 'IssuePrice', 100);
        put(p.issuance, 'IssueDat', '2026-06-15');
        p.product.MaturityDate = '2031-02-30x';
        p.ext.RecordDateOffset = 31;
        put(p.ext.Registrar, 'Name', 'CSD');
        p.dlt.DLTPlatformType = 'PRIVATE';
      }),
    );
    const root = '/ICMABondDataTaxonomy';
    expect(refusal.problems).toEqual([
      `${root}/Issuance/IssueDat: not an element of BDT v1.2 here`,
      `${root}/Issuance/IssueDate: is malformed: issue date (YYYY-MM-DD)`,
      `${root}/Issuance/IssuePrice: must be string: issue price, of face value (percent, a decimal string with at most 6 decimals)`,
      `${root}/Product/MaturityDate: is malformed: maturity date (YYYY-MM-DD)`,
      `${root}/DLTPlatform/DLTPlatformType: must be one of PERMISSIONED, PERMISSIONLESS`,
      `${root}/Extensions/${EXT}/Registrar/Name: not an element of the extension ${EXT} here`,
      `${root}/Extensions/${EXT}/RecordDateOffset: must be <= 30: the record date is this many business days before each payment date`,
    ]);
    expect(refusal.fields).toHaveLength(7);
    expect(invalid({ ICMABondDataTaxonomy: { Version: '2.0' } }).problems).toEqual(['/ICMABondDataTaxonomy/Version: must be one of 1.2']);
    expect(invalid('a term sheet').problems).toEqual([
      '(the document): must be a BDT document, a JSON object {"ICMABondDataTaxonomy": {...}}',
    ]);
    expect(invalid({ ICMABondDataTaxonomy: {} }).problems).toEqual(['/ICMABondDataTaxonomy/Version: is required']);
    expect(invalid({}).fields).toEqual(['/ICMABondDataTaxonomy']);
  });

  it('name every rule a well-formed document breaks, at once', () => {
    const refusal = invalid(
      changed((p) => {
        p.issuance.SpecifiedDenomination = '100.001';
        p.product.AggregateNominalAmount = '150';
        p.interest.InterestCommencementDate = '2026-06-16';
        p.issuance.GoverningLaw = 'ENGLISH_LAW';
        p.product.BusinessDayCenter = 'TARGET';
        p.product.DayCountFraction = 'ICMA_ACT/ACT';
        p.ext.DayCountFraction = 'NL/365';
        delete p.ext.ShortName;
        delete p.ext.RecordDateOffset;
        p.parties[1]!.LEIIdentifier = '3003000EXAMPLEFD0111';
        p.ext.IssuerRating!.Rating[1]!.RatingAgency = 'CCXI';
        p.issuance.RedemptionPaymentBasis = 'INSTALLMENT';
      }),
    );
    const root = '/ICMABondDataTaxonomy';
    const ext = `${root}/Extensions/${EXT}`;
    expect(refusal.problems.sort()).toEqual(
      [
        `${root}/Issuance/SpecifiedDenomination: has more decimals than the currency's 2 minor-unit digits`,
        `${root}/Product/InterestPayment/InterestCommencementDate: must be the IssueDate 2026-06-15: interest accrues from it`,
        `${ext}/GoverningLaw: gives the governing law again: BDT's GoverningLaw has it (give it in one place)`,
        `${ext}/BusinessDayCalendar: gives the calendar again: BDT's BusinessDayCenter has it (give it in one place)`,
        `${ext}/DayCountFraction: gives the day-count fraction again: BDT's ${root}/Product/DayCountFraction has it (give it in one place)`,
        `${ext}/ShortName: is required: the platform needs a short name`,
        `${ext}/RecordDateOffset: is required: the platform needs the record-date offset`,
        `${root}/Party/1/LEIIdentifier: no single member of the ledger has the LEI 3003000EXAMPLEFD0111 (none does, or several do)`,
        `${root}/Party/0/PartyRating: rates the issuer twice by CCXI: give one rating per agency`,
        `${root}/Issuance/RedemptionPaymentBasis: INSTALLMENT needs the extension's AmortisationSchedule`,
      ].sort(),
    );
    expect(refusal.message).toMatch(/^the BDT document is not valid: /);
  });

  it('refuse an aggregate amount that is not a whole number of notes, a dangling PID, a missing role or element the platform needs', () => {
    const root = '/ICMABondDataTaxonomy';
    expect(invalid(changed((p) => (p.product.AggregateNominalAmount = '150'))).problems).toEqual([
      `${root}/Product/AggregateNominalAmount: must be a whole number of notes of the SpecifiedDenomination`,
    ]);
    expect(invalid(changed((p) => (p.ext.OverAllotmentAmount = '0.5'))).fields).toEqual([`${root}/Extensions/${EXT}/OverAllotmentAmount`]);
    expect(invalid(changed((p) => p.roles.push({ PartyRoleType: 'LEAD_MANAGER', PartyID: { PID: 'LEI-NOBODY' } }))).problems).toEqual([
      `${root}/PartyRole/2/PartyID/PID: no Party has PID LEI-NOBODY`,
    ]);
    expect(
      invalid(
        changed((p) => {
          p.roles.pop();
          p.parties.pop();
        }),
      ).problems,
    ).toEqual([`${root}/PartyRole: is required: the platform needs the PAYING_AGENT party`]);
    // A party no role names is information the platform would drop: not supported.
    const orphan = refusalOf(() =>
      readBdt(
        changed((p) => (p.roles[1]!.PartyID.PID = 'LEI-7ZW8QJWVPR4P1S5PX088')),
        DIRECTORY,
      ),
    );
    expect([orphan.code, orphan.fields]).toEqual(['BDT_UNSUPPORTED_FIELDS', [`${root}/Party/1`]]);
    expect(
      invalid(
        changed((p) => {
          delete p.product.DayCountFraction;
          delete p.product.InterestPayment;
          delete p.issuance.SpecifiedCurrency;
        }),
      ).problems,
    ).toEqual([
      `${root}/Issuance/SpecifiedCurrency: is required: the platform needs the currency`,
      `${root}/Product/InterestPayment/InterestType: is required: the platform needs the interest type`,
      `${root}/Product/InterestPayment/InterestPayments/InterestPaymentFrequency: is required: the platform needs the interest payment frequency`,
      `${root}/Product/DayCountFraction: is required: the platform needs the day-count fraction`,
    ]);
  });

  it('refuse a document describing another ledger: its DLT fields or registrar', () => {
    const elsewhere = { ...PLATFORM, channel: 'other', csd: { legalName: 'Another CSD', lei: '3003000EXAMPLEFD0111' } };
    const refusal = invalid(exported(), elsewhere);
    expect(refusal.fields).toEqual([
      '/ICMABondDataTaxonomy/DLTPlatform/DLTPlatformOperator/LEIIdentifier',
      '/ICMABondDataTaxonomy/DLTPlatform/TokenSmartContractAddress',
      `/ICMABondDataTaxonomy/Extensions/${EXT}/Registrar/LEIIdentifier`,
    ]);
    expect(refusal.problems[1]).toBe(
      "/ICMABondDataTaxonomy/DLTPlatform/TokenSmartContractAddress: must be other/bond: the bond ledger's channel/chaincode",
    );
    expect(invalid(changed((p) => (p.dlt.DLTPlatformType = 'PERMISSIONLESS'))).fields).toEqual([
      '/ICMABondDataTaxonomy/DLTPlatform/DLTPlatformType',
    ]);
    // Read without a ledger to describe (termsFromBdt alone), the DLT fields are not checked.
    expect(termsFromBdt(exported(), DIRECTORY)).toStrictEqual(CN_INTERBANK_BOND);
  });

  it('refuse a grade the platform cannot keep, and a domestic agency in BDT’s PartyRating (the schema names BDT’s four)', () => {
    expect(invalid(changed((p) => (p.parties[0]!.PartyRating!.Rating[0]!.RatingValue = 'A  2'))).fields).toEqual([
      '/ICMABondDataTaxonomy/Party/0/PartyRating/Rating/0/RatingValue',
    ]);
    expect(invalid(changed((p) => (p.parties[0]!.PartyRating!.Rating[0]!.RatingAgency = 'CCXI'))).problems).toEqual([
      '/ICMABondDataTaxonomy/Party/0/PartyRating/Rating/0/RatingAgency: must be one of FITCH, MOODYS, SP, DBRS',
    ]);
  });
});

// --- round trips ------------------------------------------------------------------------

const MEMBER_IDS = ['SecuritiesMSP', 'BankMSP', 'UnderwriterMSP'];
const dateArb = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const percentArb = fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 999_999 })).map(([whole, micro]) => {
  const fraction = String(micro).padStart(6, '0').replace(/0+$/, '');
  return fraction === '' ? String(whole) : `${whole}.${fraction}`;
});
const wholeArb = (min: bigint, max: bigint) => fc.bigInt({ min, max }).map(String);
const sortedDates = fc.uniqueArray(dateArb, { minLength: 1, maxLength: 4 }).map((dates) => [...dates].sort());
const optionsArb = sortedDates.chain((dates) => fc.tuple(...dates.map((date) => percentArb.map((price) => ({ date, price })))));
const ratingsArb = fc.subarray(Object.values(RatingAgency), { minLength: 1 }).chain((agencies) =>
  fc.tuple(
    ...agencies.map((agency) =>
      fc.record(
        {
          agency: fc.constant(agency),
          rating: fc.constantFrom('AAA', 'AA+', 'Aa1', 'A-1+', 'AA (high)', 'BBB-', 'AAAsf'),
          outlook: fc.constantFrom(...Object.values(RatingOutlook)),
        },
        { requiredKeys: ['agency', 'rating'] },
      ),
    ),
  ),
);
const isinArb = fc.stringMatching(/^[A-Z]{2}[A-Z0-9]{9}[0-9]$/);

/** How the rate is set: a FIXED bond's rate, a TENDER's discovery, a FLOATING note's reference rate, or none (zero coupon). */
const interestArb: fc.Arbitrary<Partial<BondTermsRequest>> = fc.oneof(
  fc.record(
    {
      interestType: fc.constant('FIXED' as const),
      interestRate: percentArb,
      bookType: fc.constant('FIXED_PRICE' as const),
      interestPaymentFrequency: fc.constantFrom('ANNUALLY' as const, 'SEMIANNUALLY' as const, 'QUARTERLY' as const),
    },
    { requiredKeys: ['interestType', 'interestRate', 'interestPaymentFrequency'] },
  ),
  fc.record({
    interestType: fc.constant('FIXED' as const),
    bookType: fc.constant('TENDER' as const),
    interestPaymentFrequency: fc.constantFrom('ANNUALLY' as const, 'SEMIANNUALLY' as const),
  }),
  fc.record({
    interestType: fc.constant('FLOATING' as const),
    floatingRate: fc.record(
      {
        referenceRate: fc.constantFrom(...Object.values(ReferenceRate)),
        spread: fc.tuple(fc.boolean(), percentArb).map(([negative, p]) => (negative && p !== '0' ? `-${p}` : p)),
        fixingLagBusinessDays: fc.integer({ min: 0, max: 10 }),
        floor: percentArb,
        cap: percentArb,
      },
      { requiredKeys: ['referenceRate', 'spread', 'fixingLagBusinessDays'] },
    ),
    interestPaymentFrequency: fc.constantFrom('SEMIANNUALLY' as const, 'QUARTERLY' as const),
  }),
  fc.record({ interestType: fc.constant('ZERO_COUPON' as const), interestPaymentFrequency: fc.constant('NONE' as const) }),
);

const termsArb: fc.Arbitrary<BondTermsRequest> = fc
  .tuple(
    fc.record(
      {
        isin: isinArb,
        shortName: fc.string({ minLength: 1, maxLength: 35 }),
        specifiedCurrency: fc.constantFrom(...CURRENCIES),
        specifiedDenomination: wholeArb(1n, 10n ** 12n),
        issueSize: wholeArb(1n, 10n ** 12n),
        overAllotmentLimit: wholeArb(0n, 10n ** 12n),
        dayCountFraction: fc.constantFrom(...Object.values(DayCountFraction)),
        issueDate: dateArb,
        maturityDate: dateArb,
        firstCouponDate: dateArb,
        penultimateCouponDate: dateArb,
        businessDayConvention: fc.constantFrom(
          'FOLLOWING' as const,
          'MODIFIED_FOLLOWING' as const,
          'PRECEDING' as const,
          'UNADJUSTED' as const,
        ),
        businessDayCalendar: fc.constantFrom('CN-IB', 'CN-SSE', 'HK', ...BDT_BUSINESS_DAY_CENTERS),
        recordDateOffset: fc.integer({ min: 0, max: 30 }),
        payingAgent: fc.constantFrom(...MEMBER_IDS),
        leadUnderwriter: fc.constantFrom(...MEMBER_IDS),
        statusOfNote: fc.constantFrom(...Object.values(StatusOfNote)),
        formOfNote: fc.constantFrom(...Object.values(FormOfNote)),
        issuePrice: percentArb,
        callSchedule: optionsArb,
        callNoticeDays: fc.integer({ min: 0, max: 365 }),
        putSchedule: optionsArb,
        amortisationSchedule: sortedDates.chain((dates) =>
          fc.tuple(...dates.map((date) => percentArb.map((percent) => ({ date, percent })))),
        ),
        governingLaw: fc.constantFrom(...Object.values(GoverningLaw)),
        ratings: ratingsArb,
      },
      {
        requiredKeys: [
          'shortName',
          'specifiedCurrency',
          'specifiedDenomination',
          'issueSize',
          'dayCountFraction',
          'issueDate',
          'maturityDate',
          'businessDayConvention',
          'businessDayCalendar',
          'recordDateOffset',
          'payingAgent',
          'statusOfNote',
          'formOfNote',
          'issuePrice',
        ],
      },
    ),
    interestArb,
  )
  .map(([base, interest]) => JSON.parse(JSON.stringify({ ...base, ...interest })) as BondTermsRequest);

describe('round trips (fast-check)', () => {
  it('terms → BDT document → terms is the identity, with the issuer named back', () => {
    fc.assert(
      fc.property(termsArb, fc.constantFrom(...MEMBER_IDS), (terms, issuer) => {
        const context = { ...CONTEXT, issuer };
        expect(readBdt(exported(terms, context), DIRECTORY, PLATFORM)).toStrictEqual({ issuer, terms });
      }),
      { numRuns: 300 },
    );
  });

  it('an exported document → terms → document is the same document (export → import → export is identical)', () => {
    fc.assert(
      fc.property(termsArb, fc.constantFrom(...MEMBER_IDS), (terms, issuer) => {
        const context = { ...CONTEXT, issuer };
        const doc = exported(terms, context);
        const again = readBdt(doc, DIRECTORY, PLATFORM);
        expect(JSON.stringify(bdtFromTerms(again.terms, { ...context, issuer: again.issuer }))).toBe(JSON.stringify(doc));
      }),
      { numRuns: 300 },
    );
  });

  it('every element an export writes is in the field table, and every field of the table is written by some export', () => {
    const written = new Set<string>();
    fc.assert(
      fc.property(termsArb, (terms) => {
        for (const leaf of leafPaths(exported(terms).ICMABondDataTaxonomy)) {
          written.add(leaf.startsWith(`Extensions/${EXT}`) ? leaf : leaf);
          expect(BDT_FIELDS.map((f) => f.bdt)).toContain(leaf);
        }
      }),
      { numRuns: 400 },
    );
    expect(BDT_FIELDS.map((f) => f.bdt).filter((field) => !written.has(field))).toEqual([]);
  });
});

describe('the schemas', () => {
  type Node = { enum?: string[]; properties?: Record<string, Node>; items?: Node };
  const node = (schema: unknown, ...keys: string[]): Node => {
    let current = schema as Node;
    for (const key of keys) current = (key === '[]' ? current.items : current.properties?.[key]) ?? {};
    return current;
  };
  const doc = (...keys: string[]) => node(BDT_DOCUMENT_SCHEMA, 'ICMABondDataTaxonomy', ...keys).enum;
  const ext = (...keys: string[]) => node(CN_INTERBANK_EXTENSION_SCHEMA, ...keys).enum;

  it("enumerate BDT v1.2's values as bdt-document.ts does", () => {
    expect(doc('Issuance', 'IssuanceType')).toEqual([...BDT_ISSUANCE_TYPES]);
    expect(doc('Issuance', 'GoverningLaw')).toEqual([...BDT_GOVERNING_LAWS]);
    expect(doc('Issuance', 'RedemptionPaymentBasis')).toEqual([...BDT_REDEMPTION_PAYMENT_BASES]);
    expect(doc('Product', 'StatusOfNote')).toEqual([...BDT_STATUSES_OF_NOTE]);
    expect(doc('Product', 'DayCountFraction')).toEqual([...BDT_DAY_COUNT_FRACTIONS]);
    expect(doc('Product', 'BusinessDayConvention')).toEqual([...BDT_BUSINESS_DAY_CONVENTIONS]);
    expect(doc('Product', 'BusinessDayCenter')).toEqual([...BDT_BUSINESS_DAY_CENTERS]);
    expect(doc('Product', 'InterestPayment', 'InterestType')).toEqual([...BDT_INTEREST_TYPES]);
    expect(doc('Product', 'InterestPayment', 'InterestPayments', 'InterestPaymentFrequency')).toEqual([
      ...BDT_INTEREST_PAYMENT_FREQUENCIES,
    ]);
    expect(doc('Product', 'SecurityIdentifierList', 'SecurityIdentifier', '[]', 'IdentifierType')).toEqual([...BDT_IDENTIFIER_TYPES]);
    expect(doc('Party', '[]', 'PartyRating', 'Rating', '[]', 'RatingAgency')).toEqual([...BDT_RATING_AGENCIES]);
    expect(doc('DLTPlatform', 'DLTPlatformType')).toEqual([...BDT_DLT_PLATFORM_TYPES]);
  });

  it("enumerate in the extension exactly the platform's values BDT lacks", () => {
    expect(ext('GoverningLaw')).toEqual(EXTENSION_GOVERNING_LAWS);
    expect(ext('DayCountFraction')).toEqual(EXTENSION_DAY_COUNT_FRACTIONS);
    expect(ext('BusinessDayConvention')).toEqual(EXTENSION_BUSINESS_DAY_CONVENTIONS);
    expect(ext('StatusOfNote')).toEqual(EXTENSION_STATUSES_OF_NOTE);
    expect(ext('IssuerRating', 'Rating', '[]', 'RatingAgency')).toEqual(DOMESTIC_RATING_AGENCIES);
    expect(ext('IssuerRating', 'Rating', '[]', 'RatingOutlook')).toEqual(Object.values(RatingOutlook));
    expect(ext('FloatingRate', 'ReferenceRate')).toEqual(Object.values(ReferenceRate));
    expect(ext('BookType')).toEqual(Object.values(BookType));
    expect(DOMESTIC_RATING_AGENCIES).toEqual([
      'CCXI',
      'CHINA_LIANHE',
      'DAGONG',
      'SHANGHAI_BRILLIANCE',
      'GOLDEN_CREDIT',
      'PENGYUAN',
      'CHINA_BOND_RATING',
    ]);
    expect(EXTENSION_DAY_COUNT_FRACTIONS).toEqual(['NL/365', '30E/360']);
    expect(EXTENSION_GOVERNING_LAWS).toEqual(['PRC_LAW']);
  });

  it('inline the extension for the OpenAPI document: no $ref, $id or $schema left', () => {
    const inline = JSON.stringify(bdtDocumentSchemaInline());
    expect(inline).not.toMatch(/"\$(ref|id|schema)"/);
    expect(inline).toContain('"RecordDateOffset"');
  });
});

describe('the party directory', () => {
  it("maps LEIs to the one not revoked member that has it, and MSP IDs to any member's LEI and legal name", () => {
    const [csd, bank] = MEMBERS as [(typeof MEMBERS)[0], (typeof MEMBERS)[0]];
    const directory = partyDirectory([
      ...MEMBERS,
      { ...bank, mspId: 'OldBankMSP', status: 'REVOKED' },
      { ...csd, mspId: 'TwinMSP', lei: '3003000EXAMPLEFD0111' },
      { ...csd, mspId: 'OtherTwinMSP', lei: '3003000EXAMPLEFD0111' },
    ]);
    expect(directory.mspIdOf('969500KSV493XWY0PS33')).toBe('BankMSP');
    expect(directory.mspIdOf('3003000EXAMPLEFD0111')).toBeUndefined();
    expect(directory.mspIdOf('5493001KJTIIGC8Y1R12')).toBe('CSDMSP');
    expect(directory.leiOf('OldBankMSP')).toBe('969500KSV493XWY0PS33');
    expect(directory.legalNameOf('BankMSP')).toBe('Example Bank Co., Ltd.');
    expect(directory.leiOf('NobodyMSP')).toBeUndefined();
    expect(csdOf(MEMBERS)).toEqual({ legalName: 'Central Securities Depository (test network)', lei: '5493001KJTIIGC8Y1R12' });
    expect(csdOf(MEMBERS.slice(1))).toBeUndefined();
  });
});
