import fc from 'fast-check';
import { type Bond, type Entitlement, ServicingEvent } from '@bond-platform/chaincode/api';
import { CORPORATE_ACTION_BUILDERS } from './corporate-action-messages';
import type { IsoMessage, LedgerEvent, ReferenceData } from './message';
import { MessageType } from './message';
import { expectGolden } from './golden-messages';
import { validateMessage } from './schemas';
import { BANK_A, BANK_B, BYSTANDER, CSD, idsOf, ISIN, ISSUER, LEI, ledgerEvent, PLEDGEE, stamp, txId } from './test-ledger';
import { entitlement, issuedBond, paymentEvent, putElection, servicingRefs } from './servicing-test-ledger';

const FIXED_AT = '2026-03-17T01:00:00.000Z';
const PAID_AT = '2026-03-17T03:00:00.000Z';

function build(event: LedgerEvent, refs: ReferenceData): IsoMessage[] {
  const builder = CORPORATE_ACTION_BUILDERS[event.eventName];
  if (!builder) throw new Error(`no builder for ${event.eventName}`);
  return builder(event, refs, idsOf(event));
}

/** The text of every `<tag>` of a message. */
function texts(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}(?: [^>]*)?>([^<]*)</${tag}>`, 'g'))].map((m) => m[1] ?? '');
}

/** The message without the whitespace between its tags, to match nested elements. */
function compact(xml: string): string {
  return xml.replace(/>\s+</g, '><');
}

/** Every message is valid against its version's XSD (derived from the ISO 20022 message definitions). */
async function expectValid(messages: IsoMessage[]): Promise<void> {
  for (const message of messages) {
    const result = await validateMessage(message.xml, message.messageType);
    expect({ id: message.id, errors: result.errors }).toEqual({ id: message.id, errors: [] });
  }
}

/** The register of coupon 1: two accounts of bank A, one of bank B, whose coupon on 200 pledged units goes to the pledgee. */
const REGISTER: Entitlement[] = [
  entitlement(BANK_B, 'B1', '500', '142500', {
    extra: { pledgeeShares: [{ pledgeId: txId('p7'), pledgee: PLEDGEE, units: '200', amount: '57000' }] },
  }),
  entitlement(BANK_A, 'T2', '300', '85500'),
  entitlement(BANK_A, 'T1', '700', '199500'),
];

function fixedEvent(
  overrides: Parameters<typeof paymentEvent>[0] = {},
  entitlements = REGISTER,
): { event: LedgerEvent; refs: ReferenceData } {
  const eventId = overrides.eventId ?? 'C-001';
  return {
    event: ledgerEvent(
      ServicingEvent.ENTITLEMENTS_FIXED,
      paymentEvent({ holders: 3, totalUnits: '1500', totalAmount: '427500', ...overrides }),
      FIXED_AT,
      '90',
    ),
    refs: servicingRefs({ entitlements: entitlements.map((e) => ({ ...e, eventId })) }),
  };
}

describe('seev.031 CorporateActionNotification when entitlements are fixed (ISO 20022 seev.031.001.14)', () => {
  it('a coupon (INTR): one notice to the paying agent and issuer for all accounts, then one per account to its holder only', async () => {
    const { event, refs } = fixedEvent();
    const messages = build(event, refs);
    expect(messages.map((m) => [m.id, m.recipients, m.accounts])).toEqual([
      [`90:${event.transactionId}:0`, [ISSUER], []],
      [`90:${event.transactionId}:1`, [BANK_A], [{ holder: BANK_A, accountId: 'T1' }]],
      [`90:${event.transactionId}:2`, [BANK_A], [{ holder: BANK_A, accountId: 'T2' }]],
      [`90:${event.transactionId}:3`, [BANK_B], [{ holder: BANK_B, accountId: 'B1' }]],
    ]);
    for (const m of messages) {
      expect(m.messageType).toBe(MessageType.CORPORATE_ACTION_NOTIFICATION);
      expect(m.isin).toBe(ISIN);
      expect(m.createdAt).toBe(FIXED_AT);
      expect(texts(m.xml, 'CorpActnEvtId')).toEqual([`${ISIN}/C-001`]);
      expect([...texts(m.xml, 'EvtCmpltnsSts'), ...texts(m.xml, 'EvtConfSts'), ...texts(m.xml, 'NtfctnTp')]).toEqual([
        'COMP',
        'CONF',
        'NEWM',
      ]);
      expect(texts(m.xml, 'Cd')).toEqual(['DISN', 'INTR', 'MAND', 'CASH']);
      expect(compact(m.xml)).toContain('<RcrdDt><Dt>2026-03-16</Dt></RcrdDt><PmtDt><Dt>2026-03-17</Dt></PmtDt>');
      expect(texts(m.xml, 'ShrtId')).toEqual(['001']);
      expect(texts(m.xml, 'Rate')).toEqual(['2.85', '2.85']);
    }
    const [summary, a1, , b1] = messages;
    expect(texts(summary!.xml, 'IdCd')).toEqual(['GENR']);
    expect(texts(summary!.xml, 'SfkpgAcct')).toEqual([]);
    expect(texts(summary!.xml, 'EntitldAmt')).toEqual(['4275.00']);
    // Bank A's 700 units of CNY 100.00 face, CNY 1995.00 of interest.
    expect(texts(a1!.xml, 'SfkpgAcct')).toEqual(['T1']);
    expect(texts(a1!.xml, 'FaceAmt')).toEqual(['70000.00']);
    expect(texts(a1!.xml, 'EntitldAmt')).toEqual(['1995.00']);
    expect(a1!.xml).toContain('<EntitldAmt Ccy="CNY">1995.00</EntitldAmt>');
    expect(texts(a1!.xml, 'Id')).toContain(LEI[BANK_A]);
    expect(texts(b1!.xml, 'EntitldAmt')).toEqual(['1425.00']);
    // The pledgee's share of bank B's coupon is named to bank B, the pledgor, and the pledgee is no recipient.
    expect(texts(b1!.xml, 'AddtlInf')).toEqual([
      `CNY 570.00 of the gross amount is paid to the pledgee ${LEI[PLEDGEE]} on 200 pledged units (pledge ${txId('p7')}).`,
    ]);
    expect(messages.flatMap((m) => m.recipients)).not.toContain(PLEDGEE);
    await expectValid(messages);
  });

  it('a holder never receives another holder’s account, LEI or amount, whatever the register (property)', () => {
    const holders = [BANK_A, BANK_B, PLEDGEE, CSD];
    const registerArb = fc.uniqueArray(
      fc.record({
        holder: fc.constantFrom(...holders),
        account: fc.integer({ min: 1, max: 9 }),
        units: fc.integer({ min: 1, max: 10 ** 9 }),
      }),
      { minLength: 1, maxLength: 12, selector: (e) => `${e.holder}/${String(e.account)}` },
    );
    fc.assert(
      fc.property(registerArb, (lines) => {
        const register = lines.map((l) =>
          entitlement(l.holder, `${l.holder.slice(0, 5)}-${String(l.account)}`, String(l.units), String(l.units * 285)),
        );
        const { event, refs } = fixedEvent({}, register);
        const [summary, ...perAccount] = build(event, refs);
        expect(summary!.accounts).toEqual([]);
        expect(perAccount).toHaveLength(register.length);
        for (const m of perAccount) {
          const [holder] = m.recipients;
          expect(m.recipients).toHaveLength(1);
          expect(m.accounts.every((a) => a.holder === holder)).toBe(true);
          const own = register.find((e) => e.holder === holder && e.accountId === m.accounts[0]?.accountId)!;
          expect(texts(m.xml, 'SfkpgAcct')).toEqual([own.accountId]);
          expect(texts(m.xml, 'EntitldAmt')).toEqual([
            `${String(BigInt(own.amount) / 100n)}.${String(BigInt(own.amount) % 100n).padStart(2, '0')}`,
          ]);
          for (const other of holders.filter((h) => h !== holder)) expect(m.xml).not.toContain(LEI[other]);
        }
        expect(perAccount.flatMap((m) => m.recipients)).not.toContain(BYSTANDER);
      }),
      { numRuns: 50 },
    );
  });

  it.each([
    ['R-MATURITY', 'REDM', 'MAND', '100'],
    ['R-CALL', 'MCAL', 'MAND', '101.5'],
    ['R-PUT-2027-03-17', 'BPUT', 'VOLU', '100'],
  ])('a redemption %s (%s): the units retired are debited against the redemption price', async (eventId, caev, mandatory, price) => {
    const { event, refs } = fixedEvent({ eventId, kind: 'REDEMPTION', couponNumber: undefined, price, principalPercent: '100' });
    const messages = build(event, refs);
    for (const m of messages) {
      expect(texts(m.xml, 'Cd')).toEqual(['REOR', caev, mandatory, 'CASH']);
      expect(m.xml).toContain('<CdtDbtInd>DBIT</CdtDbtInd>');
      expect(compact(m.xml)).toContain(`<PctgPric><PctgPricTp>PRCT</PctgPricTp><PricVal>${price}</PricVal></PctgPric>`);
      expect(texts(m.xml, 'ShrtId')).toEqual([]);
      // No interest rate is used for a redemption payment (only the bond's own rate is stated).
      expect(texts(m.xml, 'Rate')).toEqual(['2.85']);
    }
    // Securities debited (EntitldQty) and the account's eligible balance: 700 units, CNY 70000.00 face.
    expect(texts(messages[1]!.xml, 'FaceAmt')).toEqual(['70000.00', '70000.00']);
    expect(texts(messages[0]!.xml, 'FaceAmt')).toEqual(['150000.00']);
    await expectValid(messages);
  });

  it.each([
    ['R-PARTIAL-CALL-2028-03-17', 'PARTIAL_CALL', 'PCAL'],
    ['R-AMORTISATION-2027-03-17', 'AMORTISATION', 'PRED'],
  ] as const)('a partial redemption %s (%s → %s): cash only, no units retired', async (eventId, reason, caev) => {
    const { event, refs } = fixedEvent({
      eventId,
      kind: 'PARTIAL_REDEMPTION',
      reason,
      couponNumber: undefined,
      price: '100',
      principalPercent: '20',
    });
    const messages = build(event, refs);
    for (const m of messages) {
      expect(texts(m.xml, 'Cd')).toContain(caev);
      expect(m.xml).not.toContain('SctiesMvmntDtls');
    }
    // CorpActnEvtId is Max35Text: `<ISIN>/<event id>` is 38 characters here, so it keeps a prefix and a digest.
    const [eventRef] = texts(messages[0]!.xml, 'CorpActnEvtId');
    expect(eventRef).toHaveLength(35);
    expect(eventRef?.startsWith(`${ISIN}/R-`)).toBe(true);
    expect(new Set(messages.map((m) => texts(m.xml, 'CorpActnEvtId')[0])).size).toBe(1);
    await expectValid(messages);
  });

  it('a paying agent other than the issuer receives the notice for all accounts as well', () => {
    const bond = issuedBond({ payingAgent: BANK_B });
    const refs = servicingRefs({ bond, entitlements: REGISTER });
    const event = ledgerEvent(ServicingEvent.ENTITLEMENTS_FIXED, paymentEvent(), FIXED_AT);
    expect(build(event, refs)[0]!.recipients).toEqual([BANK_B, ISSUER]);
  });

  it('an event still FIXING (EntitlementsFixing) has no messages: its holders are notified once it is fixed', () => {
    expect(CORPORATE_ACTION_BUILDERS[ServicingEvent.ENTITLEMENTS_FIXING]).toBeUndefined();
  });

  it('refuses without the entitlements look-up rather than leave the holders out', () => {
    const { event } = fixedEvent();
    const refs = servicingRefs();
    const withoutEntitlements: ReferenceData = { bond: (isin) => refs.bond(isin), member: (mspId) => refs.member(mspId) };
    expect(() => build(event, withoutEntitlements)).toThrow(/needs ReferenceData.entitlements/);
  });
});

describe('seev.031 call, put and default notices (ISO 20022 seev.031.001.14)', () => {
  const called: Bond = {
    ...issuedBond({ payingAgent: BANK_B }),
    status: 'CALLED',
    call: { callDate: '2028-03-17', price: '101', notice: stamp(ISSUER, '2028-01-10T02:00:00.000Z') },
  };

  it('a full call (MCAL) is a general notice to every member, naming no account', async () => {
    const event = ledgerEvent(ServicingEvent.BOND_CALLED, called, '2028-01-10T02:00:00.000Z');
    const messages = build(event, servicingRefs({ bond: called }));
    expect(messages.map((m) => [m.recipients, m.accounts])).toEqual([[['*'], []]]);
    const [xml] = messages.map((m) => m.xml);
    expect(texts(xml!, 'CorpActnEvtId')).toEqual([`${ISIN}/R-CALL`]);
    expect(texts(xml!, 'Cd')).toEqual(expect.arrayContaining(['MCAL', 'MAND', 'CASH', 'UKWN']));
    expect(compact(xml!)).toContain('<AnncmntDt><Dt><Dt>2028-01-10</Dt></Dt></AnncmntDt><FctvDt><Dt>2028-03-17</Dt></FctvDt>');
    expect(compact(xml!)).toContain('<PmtDt><DtCd><Cd>UKWN</Cd></DtCd></PmtDt>');
    expect(texts(xml!, 'PricVal')).toEqual(['101']);
    expect(texts(xml!, 'IdCd')).toEqual(['GENR']);
    await expectValid(messages);
  });

  it('a partial call (PCAL) names the call of its own transaction', async () => {
    const notice = stamp(ISSUER, '2027-12-01T02:00:00.000Z', txId('pc2'));
    const bond: Bond = {
      ...issuedBond(),
      partialCalls: [
        { callDate: '2027-03-17', percent: '10', price: '100.5', notice: stamp(ISSUER, '2026-12-01T02:00:00.000Z', txId('pc1')) },
        { callDate: '2028-03-17', percent: '25', price: '101', notice },
      ],
    };
    const event = ledgerEvent(ServicingEvent.BOND_CALLED_IN_PART, bond, notice.timestamp, '77', notice.txId);
    const messages = build(event, servicingRefs({ bond }));
    expect(messages.map((m) => m.recipients)).toEqual([['*']]);
    expect(texts(messages[0]!.xml, 'Cd')).toContain('PCAL');
    expect(texts(messages[0]!.xml, 'AddtlInf')).toEqual([
      'The issuer calls 25 percent of the original face value of every unit on 2028-03-17 at 101 percent.',
      'Holders are notified with their entitlements when the redemption is fixed.',
    ]);
    await expectValid(messages);
    expect(() => build({ ...event, transactionId: txId('other') }, servicingRefs({ bond }))).toThrow(/no partial call of that transaction/);
  });

  it('a put election (BPUT, voluntary) goes to the holder who elected, on its PUT account with the units instructed', async () => {
    const event = ledgerEvent(ServicingEvent.PUT_EXERCISED, putElection(BANK_B, 'B1', '2027-03-17', '250'), '2027-02-01T02:00:00.000Z');
    const messages = build(event, servicingRefs());
    expect(messages.map((m) => [m.recipients, m.accounts])).toEqual([[[BANK_B], [{ holder: BANK_B, accountId: 'PUT-2027-03-17' }]]]);
    const xml = messages[0]!.xml;
    expect(texts(xml, 'CorpActnEvtId')).toEqual([`${ISIN}/R-PUT-2027-03-17`]);
    expect(texts(xml, 'Cd')).toEqual(expect.arrayContaining(['BPUT', 'VOLU', 'REOR']));
    expect(xml).toMatch(/<InstdBal>[\s\S]*<FaceAmt>25000.00<\/FaceAmt>[\s\S]*<\/InstdBal>/);
    expect(texts(xml, 'SfkpgAcct')).toEqual(['PUT-2027-03-17']);
    expect(xml).not.toContain(LEI[BANK_A]);
    await expectValid(messages);
  });

  it('a default (DFLT) is a general notice to every member with the reason and the overdue events', async () => {
    const defaulted: Bond = { ...called, status: 'DEFAULTED' };
    const payload = { isin: ISIN, reason: 'coupon 3 unpaid 30 days after its payment date', overdue: ['C-003'], bond: defaulted };
    const event = ledgerEvent(ServicingEvent.BOND_DEFAULTED, payload, '2028-04-20T02:00:00.000Z');
    const messages = build(event, servicingRefs({ bond: defaulted }));
    expect(messages.map((m) => m.recipients)).toEqual([['*']]);
    const xml = messages[0]!.xml;
    expect(texts(xml, 'CorpActnEvtId')).toEqual([`${ISIN}/DEFAULT`]);
    expect(texts(xml, 'Cd')).toEqual(['GENL', 'DFLT', 'MAND']);
    expect(xml).not.toContain('CorpActnOptnDtls');
    expect(texts(xml, 'AddtlInf')).toEqual([
      'The CSD declares the bond in default: coupon 3 unpaid 30 days after its payment date',
      'Overdue payment events: C-003.',
    ]);
    await expectValid(messages);
  });
});

describe('seev.036 CorporateActionMovementConfirmation for each payment (ISO 20022 seev.036.001.15)', () => {
  const paid = (e: Entitlement) => ledgerEvent(ServicingEvent.PAYMENT_CONFIRMED, e, PAID_AT, '95', txId('pay'));

  it('a coupon payment: to the holder paid only, the cash credited exactly, no securities moved', async () => {
    const messages = build(paid(entitlement(BANK_A, 'T1', '700', '199501', { paidAt: PAID_AT })), servicingRefs());
    expect(messages.map((m) => [m.id, m.messageType, m.recipients, m.accounts])).toEqual([
      [`95:${txId('pay')}:0`, MessageType.CORPORATE_ACTION_MOVEMENT_CONFIRMATION, [BANK_A], [{ holder: BANK_A, accountId: 'T1' }]],
    ]);
    const xml = messages[0]!.xml;
    expect(texts(xml, 'CorpActnEvtId')).toEqual([`${ISIN}/C-001`]);
    expect(texts(xml, 'Cd')).toEqual(['INTR', 'CASH']);
    expect(xml).toContain('<PstngAmt Ccy="CNY">1995.01</PstngAmt>');
    expect(xml).toContain('<GrssCshAmt Ccy="CNY">1995.01</GrssCshAmt>');
    expect(texts(xml, 'CdtDbtInd')).toEqual(['CRDT']);
    expect(texts(xml, 'DtTm')).toEqual([PAID_AT]);
    expect(texts(xml, 'MktInfrstrctrTxId')[0]).toHaveLength(35);
    await expectValid(messages);
  });

  it('a redemption payment also debits the units it retires', async () => {
    const messages = build(paid(entitlement(BANK_B, 'B1', '500', '5000000', { eventId: 'R-MATURITY', paidAt: PAID_AT })), servicingRefs());
    const xml = messages[0]!.xml;
    expect(texts(xml, 'Cd')).toEqual(['REDM', 'CASH']);
    expect(texts(xml, 'CdtDbtInd')).toEqual(['DBIT', 'CRDT']);
    expect(texts(xml, 'FaceAmt')).toEqual(['50000.00', '50000.00']);
    expect(xml).toContain('<PstngAmt Ccy="CNY">50000.00</PstngAmt>');
    await expectValid(messages);
  });

  it('a partial redemption pays cash and retires no units', async () => {
    const e = entitlement(BANK_B, 'B1', '500', '1000000', { eventId: 'R-AMORTISATION-2027-03-17', paidAt: PAID_AT });
    const xml = build(paid(e), servicingRefs())[0]!.xml;
    expect(texts(xml, 'Cd')).toEqual(['PRED', 'CASH']);
    expect(xml).not.toContain('SctiesMvmntDtls');
  });

  it('a coupon partly paid to a pledgee: the holder is credited its part, the pledgee named, and not a recipient', async () => {
    const messages = build(paid({ ...REGISTER[0]!, status: 'PAID', paid: stamp(ISSUER, PAID_AT) }), servicingRefs());
    expect(messages.map((m) => m.recipients)).toEqual([[BANK_B]]);
    const xml = messages[0]!.xml;
    expect(xml).toContain('<PstngAmt Ccy="CNY">855.00</PstngAmt>');
    expect(xml).toContain('<GrssCshAmt Ccy="CNY">1425.00</GrssCshAmt>');
    expect(texts(xml, 'AddtlTxt')).toEqual([
      `CNY 570.00 of the gross amount is paid to the pledgee ${LEI[PLEDGEE]} on 200 pledged units (pledge ${txId('p7')}).`,
    ]);
    await expectValid(messages);
  });

  it('refuses a payment of a bond the ledger does not know', () => {
    expect(() =>
      build(
        paid(entitlement(BANK_A, 'T1', '1', '1', { paidAt: PAID_AT })),
        servicingRefs({ bond: { ...issuedBond(), isin: 'XS0000000000' } }),
      ),
    ).toThrow(/bond CN2500012344 is not on the ledger/);
  });
});

describe('golden files, reviewed by hand (UPDATE_GOLDEN=1 regenerates)', () => {
  it('coupon 1 of the bond: its notifications when fixed, then the confirmations of two of its payments', async () => {
    const { event, refs } = fixedEvent();
    const payment = (e: Entitlement, block: string) =>
      build(
        ledgerEvent(
          ServicingEvent.PAYMENT_CONFIRMED,
          { ...e, status: 'PAID', paid: stamp(ISSUER, PAID_AT) },
          PAID_AT,
          block,
          txId(`pay${block}`),
        ),
        refs,
      );
    const messages = [...build(event, refs), ...payment(REGISTER[2]!, '96'), ...payment(REGISTER[0]!, '97')];
    await expectValid(messages);
    expectGolden('seev-coupon', messages);
  });
});
