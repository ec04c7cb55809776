/**
 * The settlement messages of ISO 20022 (sese.023.001.11 instruction,
 * sese.024.001.12 status advice, sese.025.001.11 confirmation) from the
 * chaincode's settlement, transfer, pledge-enforcement and hash-lock events.
 * Every message is checked against the XSD of its version.
 */
import fc from 'fast-check';
import { BondEvent, HASH_LOCK_ESCROW_ACCOUNT, HashLockEvent, type Transfer } from '@bond-platform/chaincode/api';
import { isoReference, minorUnitsFromAmount } from './common';
import { expectGolden } from './golden-messages';
import { MessageType, type IsoMessage, type LedgerEvent, type ReferenceData } from './message';
import { validateMessage } from './schemas';
import { SETTLEMENT_BUILDERS } from './settlement-messages';
import {
  BANK_A,
  BANK_B,
  BYSTANDER,
  CSD,
  hashLock,
  idsOf,
  ISIN,
  ISSUER,
  LEI,
  ledgerEvent,
  ledgerRefs,
  pledge,
  PLEDGEE,
  primaryInstruction,
  stamp,
  transfer,
  txId,
} from './test-ledger';

function build(event: LedgerEvent, refs: ReferenceData = ledgerRefs()): IsoMessage[] {
  const builder = SETTLEMENT_BUILDERS[event.eventName];
  if (!builder) throw new Error(`no builder for ${event.eventName}`);
  return builder(event, refs, idsOf(event));
}

/** The text of the first element `name` in the XML (a path like "SttlmAmt/Amt" matches nested elements). */
function valueOf(xml: string, path: string): string | undefined {
  const names = path.split('/');
  let rest = xml;
  for (const name of names.slice(0, -1)) {
    const start = rest.indexOf(`<${name}>`);
    if (start < 0) return undefined;
    rest = rest.slice(start);
  }
  const last = names[names.length - 1] ?? '';
  return new RegExp(`<${last}(?: [^>]*)?>([^<]*)</${last}>`).exec(rest)?.[1];
}

/** The XML of the n-th message (an error if there is none). */
function xmlAt(messages: IsoMessage[], n: number): string {
  const message = messages[n];
  if (!message) throw new Error(`no message ${n}`);
  return message.xml;
}

async function expectValid(messages: IsoMessage[]): Promise<void> {
  for (const message of messages) {
    const result = await validateMessage(message.xml, message.messageType);
    expect({ id: message.id, errors: result.errors }).toEqual({ id: message.id, errors: [] });
  }
}

/** No message names an account of anyone but its recipients, nor goes to a member the delivery does not concern. */
function expectNoThirdParty(messages: IsoMessage[], parties: string[], accountsOf: Record<string, string[]>): void {
  for (const message of messages) {
    expect(message.recipients).toHaveLength(1);
    const [recipient = ''] = message.recipients;
    expect(parties).toContain(recipient);
    expect(message.recipients).not.toContain(BYSTANDER);
    for (const account of message.accounts) expect(account.holder).toBe(recipient);
    for (const [holder, accounts] of Object.entries(accountsOf)) {
      if (holder === recipient) continue;
      for (const accountId of accounts) expect(message.xml).not.toContain(`<Id>${accountId}</Id>`);
    }
  }
}

const PRIMARY_AT = '2025-03-14T02:00:00.000Z';

function primaryStarted(): LedgerEvent {
  const instructions = [primaryInstruction(BANK_A, 'TRADING', '600000'), primaryInstruction(BANK_B, 'CUSTODY', '400000')];
  return ledgerEvent(
    BondEvent.PRIMARY_SETTLEMENT_STARTED,
    { isin: ISIN, instructions, linesTotal: 2, linesDone: 2, linesRemaining: 0 },
    PRIMARY_AT,
    '40',
  );
}

describe('primary settlement (PrimarySettlementStarted, SettlementSettled, SettlementFailed)', () => {
  it('instructs each investor to receive against payment and the issuer to deliver, with a pending status advice each', async () => {
    const messages = build(primaryStarted());
    expect(messages.map((m) => [m.id.split(':')[2], m.messageType, m.recipients[0]])).toEqual([
      ['0', MessageType.SETTLEMENT_INSTRUCTION, BANK_A],
      ['1', MessageType.SETTLEMENT_INSTRUCTION, ISSUER],
      ['2', MessageType.SETTLEMENT_STATUS_ADVICE, BANK_A],
      ['3', MessageType.SETTLEMENT_STATUS_ADVICE, ISSUER],
      ['4', MessageType.SETTLEMENT_INSTRUCTION, BANK_B],
      ['5', MessageType.SETTLEMENT_INSTRUCTION, ISSUER],
      ['6', MessageType.SETTLEMENT_STATUS_ADVICE, BANK_B],
      ['7', MessageType.SETTLEMENT_STATUS_ADVICE, ISSUER],
    ]);
    expect(messages[0]?.accounts).toEqual([{ holder: BANK_A, accountId: 'TRADING' }]);
    expect(messages[1]?.accounts).toEqual([]);
    expect(messages.map((m) => m.isin)).toEqual(Array(8).fill(ISIN));
    const [receive, deliver] = [xmlAt(messages, 0), xmlAt(messages, 1)];
    for (const [xml, movement, creditDebit] of [
      [receive, 'RECE', 'DBIT'],
      [deliver, 'DELI', 'CRDT'],
    ] as const) {
      expect(valueOf(xml, 'TxId')).toBe(`P-${BANK_A}-TRADING`);
      expect(valueOf(xml, 'SctiesMvmntTp')).toBe(movement);
      expect(valueOf(xml, 'Pmt')).toBe('APMT');
      expect(valueOf(xml, 'ISIN')).toBe(ISIN);
      expect(valueOf(xml, 'SttlmQty/FaceAmt')).toBe('60000000.00');
      expect(xml).toContain('<Amt Ccy="CNY">60000000.00</Amt>');
      expect(valueOf(xml, 'CdtDbtInd')).toBe(creditDebit);
      expect(valueOf(xml, 'SctiesTxTp/Cd')).toBe('PLAC');
      expect(valueOf(xml, 'PlcOfTrad/Cd')).toBe('PRIM');
      expect(valueOf(xml, 'SttlmDt/Dt/Dt')).toBe('2025-03-17');
      expect(valueOf(xml, 'DealPric/Rate')).toBe('100');
      expect(valueOf(xml, 'Dpstry/LEI')).toBe(LEI[CSD]);
    }
    expect(valueOf(receive, 'AcctOwnr/LEI')).toBe(LEI[BANK_A]);
    expect(valueOf(receive, 'SfkpgAcct/Id')).toBe('TRADING');
    expect(valueOf(receive, 'DlvrgSttlmPties/Pty1/LEI')).toBe(LEI[ISSUER]);
    expect(valueOf(deliver, 'AcctOwnr/LEI')).toBe(LEI[ISSUER]);
    expect(deliver).not.toContain('SfkpgAcct');
    expect(valueOf(deliver, 'RcvgSttlmPties/Pty1/LEI')).toBe(LEI[BANK_A]);
    const pending = xmlAt(messages, 2);
    expect(valueOf(pending, 'AckdAccptd/NoSpcfdRsn')).toBe('NORE');
    expect(valueOf(pending, 'Pdg/Rsn/Cd/Cd')).toBe('AWMO');
    expect(valueOf(pending, 'Mtchd/AddtlRsnInf')).toBe('matched by the CSD from the allocation');
    expectNoThirdParty(messages, [BANK_A, BANK_B, ISSUER], { [BANK_A]: ['TRADING'], [BANK_B]: ['CUSTODY'] });
    await expectValid(messages);
  });

  it('confirms a settled instruction to the investor and the issuer (sese.025), effective at the transaction time', async () => {
    const settledAt = '2025-03-17T03:00:00.000Z';
    const settlement = { ...primaryInstruction(BANK_A, 'TRADING', '600000'), status: 'SETTLED', lastChange: stamp(CSD, settledAt) };
    const holding = { isin: ISIN, holder: BANK_A, accountId: 'TRADING', units: '600000', lastChange: stamp(CSD, settledAt) };
    const messages = build(ledgerEvent(BondEvent.SETTLEMENT_SETTLED, { settlement, holding }, settledAt, '41'));
    expect(messages.map((m) => [m.messageType, m.recipients])).toEqual([
      [MessageType.SETTLEMENT_CONFIRMATION, [BANK_A]],
      [MessageType.SETTLEMENT_CONFIRMATION, [ISSUER]],
    ]);
    expect(valueOf(xmlAt(messages, 0), 'FctvSttlmDt/Dt/DtTm')).toBe(settledAt);
    expect(valueOf(xmlAt(messages, 0), 'SttldQty/Qty/FaceAmt')).toBe('60000000.00');
    expect(valueOf(xmlAt(messages, 0), 'SttldAmt/Amt')).toBe('60000000.00');
    expect(valueOf(xmlAt(messages, 0), 'MktInfrstrctrTxId')).toHaveLength(35);
    expectNoThirdParty(messages, [BANK_A, ISSUER], { [BANK_A]: ['TRADING'] });
    await expectValid(messages);
  });

  it('reports a failed instruction as cancelled by the system with the failure reason, to each side (sese.024)', async () => {
    const failedAt = '2025-03-17T05:00:00.000Z';
    const failed = {
      ...primaryInstruction(BANK_B, 'CUSTODY', '400000'),
      status: 'FAILED',
      failureReason: 'cash not received by the cut-off',
      lastChange: stamp(CSD, failedAt),
    };
    const messages = build(ledgerEvent(BondEvent.SETTLEMENT_FAILED, failed, failedAt, '41'));
    expect(messages.map((m) => m.recipients[0])).toEqual([BANK_B, ISSUER]);
    for (const message of messages) {
      expect(message.messageType).toBe(MessageType.SETTLEMENT_STATUS_ADVICE);
      expect(valueOf(message.xml, 'Canc/Rsn/Cd/Cd')).toBe('CANS');
      expect(valueOf(message.xml, 'Canc/Rsn/AddtlRsnInf')).toBe('cash leg failed, instruction closed: cash not received by the cut-off');
    }
    await expectValid(messages);
  });
});

const INSTRUCTED_AT = '2025-06-10T03:15:00.000Z';

describe('transfers (TransferInstructed … TransferExpired, TransfersSettled)', () => {
  it('instructs the seller to deliver and the buyer to receive against payment, priced clean, unmatched until affirmed', async () => {
    const messages = build(ledgerEvent(BondEvent.TRANSFER_INSTRUCTED, transfer(), INSTRUCTED_AT, '60', transfer().transferId));
    expect(messages.map((m) => [m.messageType, m.recipients[0], m.accounts])).toEqual([
      [MessageType.SETTLEMENT_INSTRUCTION, BANK_A, [{ holder: BANK_A, accountId: 'TRADING' }]],
      [MessageType.SETTLEMENT_INSTRUCTION, BANK_B, [{ holder: BANK_B, accountId: 'CUSTODY' }]],
      [MessageType.SETTLEMENT_STATUS_ADVICE, BANK_A, [{ holder: BANK_A, accountId: 'TRADING' }]],
      [MessageType.SETTLEMENT_STATUS_ADVICE, BANK_B, [{ holder: BANK_B, accountId: 'CUSTODY' }]],
    ]);
    const [seller, buyer, sellerStatus, buyerStatus] = [xmlAt(messages, 0), xmlAt(messages, 1), xmlAt(messages, 2), xmlAt(messages, 3)];
    expect(valueOf(seller, 'SctiesMvmntTp')).toBe('DELI');
    expect(valueOf(seller, 'CdtDbtInd')).toBe('CRDT');
    expect(valueOf(buyer, 'SctiesMvmntTp')).toBe('RECE');
    expect(valueOf(buyer, 'CdtDbtInd')).toBe('DBIT');
    for (const xml of [seller, buyer]) {
      expect(valueOf(xml, 'TxId')).toBe(isoReference(transfer().transferId));
      expect(valueOf(xml, 'Pmt')).toBe('APMT');
      expect(valueOf(xml, 'SttlmAmt/AcrdIntrstInd')).toBe('true');
      expect(valueOf(xml, 'SttlmAmt/Amt')).toBe('2513662.67');
      expect(valueOf(xml, 'SttlmQty/Qty/FaceAmt')).toBe('2500000.00');
      expect(valueOf(xml, 'DealPric/Rate')).toBe('99.875');
      expect(valueOf(xml, 'TradTxCond/Cd')).toBe('CCPN');
      expect(valueOf(xml, 'SttlmDt/Dt/Dt')).toBe('2025-06-11');
      expect(valueOf(xml, 'TradDt/Dt/Dt')).toBe('2025-06-10');
      expect(valueOf(xml, 'SctiesTxTp/Cd')).toBe('TRAD');
      expect(valueOf(xml, 'PlcOfTrad/Cd')).toBe('OTCO');
      expect(xml).toContain(`transfer ${transfer().transferId}`);
    }
    expect(valueOf(sellerStatus, 'Umtchd/Rsn/Cd/Cd')).toBe('CMIS');
    expect(valueOf(buyerStatus, 'Umtchd/Rsn/Cd/Cd')).toBe('OTHR');
    expectNoThirdParty(messages, [BANK_A, BANK_B], { [BANK_A]: ['TRADING'], [BANK_B]: ['CUSTODY'] });
    await expectValid(messages);
  });

  it('instructs a transfer without cash free of payment (FREE, no settlement amount)', async () => {
    const free = transfer({
      cashAmount: '0',
      cleanPrice: undefined,
      settlementDate: undefined,
      accruedPerUnit: undefined,
      exCoupon: undefined,
    });
    const messages = build(ledgerEvent(BondEvent.TRANSFER_INSTRUCTED, free, INSTRUCTED_AT));
    for (const message of messages) {
      expect(valueOf(message.xml, 'Pmt')).toBe('FREE');
      expect(message.xml).not.toContain('SttlmAmt');
      expect(message.xml).not.toContain('DealPric');
      expect(valueOf(message.xml, 'SttlmDt/Dt/Dt')).toBe('2025-06-10');
    }
    await expectValid(messages);
  });

  it('reports an affirmed DvP transfer as matched and awaiting the cash confirmation', async () => {
    const affirmed = transfer({ status: 'AFFIRMED', lastChange: stamp(BANK_B, '2025-06-10T05:00:00.000Z') });
    const messages = build(ledgerEvent(BondEvent.TRANSFER_AFFIRMED, affirmed, '2025-06-10T05:00:00.000Z'));
    expect(messages.map((m) => [m.messageType, m.recipients[0]])).toEqual([
      [MessageType.SETTLEMENT_STATUS_ADVICE, BANK_A],
      [MessageType.SETTLEMENT_STATUS_ADVICE, BANK_B],
    ]);
    for (const message of messages) {
      expect(valueOf(message.xml, 'Mtchd/AddtlRsnInf')).toBe('affirmed by the buyer');
      expect(valueOf(message.xml, 'Pdg/Rsn/Cd/Cd')).toBe('AWMO');
    }
    await expectValid(messages);
  });

  it('confirms a settled transfer to the seller and the buyer', async () => {
    const settledAt = '2025-06-11T02:00:00.000Z';
    const settled = transfer({ status: 'SETTLED', lastChange: stamp(CSD, settledAt) });
    const messages = build(ledgerEvent(BondEvent.TRANSFER_SETTLED, settled, settledAt));
    expect(messages.map((m) => [m.messageType, m.recipients[0], valueOf(m.xml, 'SctiesMvmntTp')])).toEqual([
      [MessageType.SETTLEMENT_CONFIRMATION, BANK_A, 'DELI'],
      [MessageType.SETTLEMENT_CONFIRMATION, BANK_B, 'RECE'],
    ]);
    expect(valueOf(xmlAt(messages, 1), 'SttldAmt/Amt')).toBe('2513662.67');
    expectNoThirdParty(messages, [BANK_A, BANK_B], { [BANK_A]: ['TRADING'], [BANK_B]: ['CUSTODY'] });
    await expectValid(messages);
  });

  it('confirms each transfer of a settlement batch in slots 2i and 2i+1, leaving out one the caller cannot read', async () => {
    const settledAt = '2025-06-11T02:00:00.000Z';
    const first = transfer({ status: 'SETTLED' });
    const second = transfer({
      transferId: txId('7b2'),
      from: BANK_B,
      fromAccount: 'CUSTODY',
      to: BANK_A,
      toAccount: 'TRADING',
      units: '100',
    });
    const batch = { transferIds: [first.transferId, txId('dead'), second.transferId], settled: stamp(CSD, settledAt) };
    const event = ledgerEvent(BondEvent.TRANSFERS_SETTLED, batch, settledAt, '77');
    const messages = build(event, ledgerRefs({ transfers: [first, second] }));
    expect(messages.map((m) => [m.id, m.recipients[0]])).toEqual([
      [`77:${event.transactionId}:0`, BANK_A],
      [`77:${event.transactionId}:1`, BANK_B],
      [`77:${event.transactionId}:4`, BANK_B],
      [`77:${event.transactionId}:5`, BANK_A],
    ]);
    expect(valueOf(xmlAt(messages, 2), 'SttldQty/Qty/FaceAmt')).toBe('10000.00');
    await expectValid(messages);
    const refs = ledgerRefs();
    const withoutTransfers: ReferenceData = { bond: (isin) => refs.bond(isin), member: (mspId) => refs.member(mspId) };
    expect(() => build(event, withoutTransfers)).toThrow(/names its transfers by id only/);
  });

  it('tells each side who cancelled: itself (CANI), the counterparty (CTHP) or the CSD (CANS)', async () => {
    const at = '2025-06-10T06:00:00.000Z';
    const bySeller = build(ledgerEvent(BondEvent.TRANSFER_CANCELLED, transfer({ status: 'CANCELLED', lastChange: stamp(BANK_A, at) }), at));
    expect(bySeller.map((m) => [m.recipients[0], valueOf(m.xml, 'Canc/Rsn/Cd/Cd')])).toEqual([
      [BANK_A, 'CANI'],
      [BANK_B, 'CTHP'],
    ]);
    const byCsd = build(ledgerEvent(BondEvent.TRANSFER_CANCELLED, transfer({ status: 'CANCELLED', lastChange: stamp(CSD, at) }), at));
    expect(byCsd.map((m) => valueOf(m.xml, 'Canc/Rsn/Cd/Cd'))).toEqual(['CANS', 'CANS']);
    await expectValid([...bySeller, ...byCsd]);
  });

  it('reports an expired transfer as cancelled by the system with its expiry', async () => {
    const at = '2025-06-12T09:00:05.000Z';
    const messages = build(ledgerEvent(BondEvent.TRANSFER_EXPIRED, transfer({ status: 'EXPIRED', lastChange: stamp(CSD, at) }), at));
    expect(messages.map((m) => [m.recipients[0], valueOf(m.xml, 'Canc/Rsn/Cd/Cd'), valueOf(m.xml, 'Canc/Rsn/AddtlRsnInf')])).toEqual([
      [BANK_A, 'CANS', 'expired unsettled at 2025-06-12T09:00:00.000Z'],
      [BANK_B, 'CANS', 'expired unsettled at 2025-06-12T09:00:00.000Z'],
    ]);
    await expectValid(messages);
  });

  it('writes the ledger cash amount and face amount exactly, for any units and cash (property)', async () => {
    const settledTransfer = (units: bigint, cash: bigint): IsoMessage[] => {
      const t = transfer({ units: units.toString(), cashAmount: cash.toString(), cleanPrice: undefined, exCoupon: undefined });
      return build(ledgerEvent(BondEvent.TRANSFER_SETTLED, t, '2025-06-11T02:00:00.000Z'));
    };
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 9n }), fc.bigInt({ min: 0n, max: 10n ** 15n }), (units, cash) => {
        for (const message of settledTransfer(units, cash)) {
          expect(minorUnitsFromAmount(valueOf(message.xml, 'FaceAmt') ?? '', 'CNY')).toBe((units * 10000n).toString());
          const amount = valueOf(message.xml, 'SttldAmt/Amt');
          expect(amount === undefined ? '0' : minorUnitsFromAmount(amount, 'CNY')).toBe(cash.toString());
        }
      }),
    );
    // The extremes stay within the schema's 18 total digits.
    await expectValid([...settledTransfer(10n ** 9n, 10n ** 15n), ...settledTransfer(1n, 1n)]);
  });
});

describe('pledge enforcement and hash locks (PledgeEnforced, UnitsLocked, UnitsClaimed, UnitsRefunded)', () => {
  it('confirms an enforced pledge as a free delivery from the pledgor (collateral out) to the pledgee (collateral in)', async () => {
    const at = '2025-09-01T02:00:00.000Z';
    const enforced = pledge({ status: 'ENFORCED', enforcedTo: 'COLLATERAL', lastChange: stamp(PLEDGEE, at) });
    const messages = build(ledgerEvent(BondEvent.PLEDGE_ENFORCED, enforced, at));
    expect(messages.map((m) => [m.recipients[0], m.accounts, valueOf(m.xml, 'SctiesMvmntTp'), valueOf(m.xml, 'SctiesTxTp/Cd')])).toEqual([
      [BANK_A, [{ holder: BANK_A, accountId: 'TRADING' }], 'DELI', 'COLO'],
      [PLEDGEE, [{ holder: PLEDGEE, accountId: 'COLLATERAL' }], 'RECE', 'COLI'],
    ]);
    for (const message of messages) {
      expect(valueOf(message.xml, 'Pmt')).toBe('FREE');
      expect(valueOf(message.xml, 'SttldQty/Qty/FaceAmt')).toBe('1000000.00');
      expect(message.xml).toContain('reference LOAN-2025-0042');
    }
    expectNoThirdParty(messages, [BANK_A, PLEDGEE], { [BANK_A]: ['TRADING'], [PLEDGEE]: ['COLLATERAL'] });
    await expectValid(messages);
  });

  it('confirms a lock as the locker own-account transfer into escrow (OWNI), both legs to the locker only', async () => {
    const messages = build(ledgerEvent(HashLockEvent.UNITS_LOCKED, hashLock(), '2025-08-01T01:00:00.000Z'));
    expect(
      messages.map((m) => [m.recipients[0], m.accounts[0]?.accountId, valueOf(m.xml, 'SctiesMvmntTp'), valueOf(m.xml, 'SctiesTxTp/Cd')]),
    ).toEqual([
      [BANK_A, 'TRADING', 'DELI', 'OWNI'],
      [BANK_A, HASH_LOCK_ESCROW_ACCOUNT, 'RECE', 'OWNI'],
    ]);
    expect(valueOf(xmlAt(messages, 0), 'AcctOwnrTxId')).not.toBe(valueOf(xmlAt(messages, 1), 'AcctOwnrTxId'));
    expect(messages.some((m) => m.xml.includes('CUSTODY'))).toBe(false);
    await expectValid(messages);
  });

  it('confirms a claim as a free delivery from the locker escrow to the beneficiary', async () => {
    const at = '2025-08-01T03:00:00.000Z';
    const claimed = hashLock({ status: 'CLAIMED', preimage: 'c'.repeat(64), claimed: stamp(BANK_B, at) });
    const messages = build(ledgerEvent(HashLockEvent.UNITS_CLAIMED, claimed, at));
    expect(
      messages.map((m) => [m.recipients[0], m.accounts[0]?.accountId, valueOf(m.xml, 'SctiesMvmntTp'), valueOf(m.xml, 'Pmt')]),
    ).toEqual([
      [BANK_A, HASH_LOCK_ESCROW_ACCOUNT, 'DELI', 'FREE'],
      [BANK_B, 'CUSTODY', 'RECE', 'FREE'],
    ]);
    expectNoThirdParty(messages, [BANK_A, BANK_B], { [BANK_A]: [HASH_LOCK_ESCROW_ACCOUNT, 'TRADING'], [BANK_B]: ['CUSTODY'] });
    await expectValid(messages);
  });

  it('confirms a refund back to the locker account, and nothing for units left in escrow', async () => {
    const at = '2025-08-02T01:00:00.000Z';
    const refunded = hashLock({ status: 'REFUNDED', refundedTo: 'TRADING', refunded: stamp(CSD, at) });
    const messages = build(ledgerEvent(HashLockEvent.UNITS_REFUNDED, refunded, at));
    expect(messages.map((m) => [m.recipients[0], m.accounts[0]?.accountId, valueOf(m.xml, 'SctiesMvmntTp')])).toEqual([
      [BANK_A, HASH_LOCK_ESCROW_ACCOUNT, 'DELI'],
      [BANK_A, 'TRADING', 'RECE'],
    ]);
    await expectValid(messages);
    expect(build(ledgerEvent(HashLockEvent.UNITS_REFUNDED, { ...refunded, refundedTo: HASH_LOCK_ESCROW_ACCOUNT }, at))).toEqual([]);
  });

  it('refuses a malformed payload with the event named', () => {
    expect(() => build(ledgerEvent(BondEvent.TRANSFER_SETTLED, { transferId: 'x' }, INSTRUCTED_AT))).toThrow(
      /TransferSettled .* lacks isin/,
    );
  });
});

describe('golden files (reviewed by hand; UPDATE_GOLDEN=1 regenerates)', () => {
  it('one bond primary settlement: instructions, pending advices and confirmations', () => {
    const started = primaryStarted();
    const settledAt = '2025-03-17T03:00:00.000Z';
    const settlement = { ...primaryInstruction(BANK_A, 'TRADING', '600000'), status: 'SETTLED', lastChange: stamp(CSD, settledAt) };
    const holding = { isin: ISIN, holder: BANK_A, accountId: 'TRADING', units: '600000', lastChange: stamp(CSD, settledAt) };
    const settled = ledgerEvent(BondEvent.SETTLEMENT_SETTLED, { settlement, holding }, settledAt, '41');
    expectGolden('sese-primary-settlement', [...build(started), ...build(settled)]);
  });

  it('one transfer: instructed, affirmed, settled', () => {
    const t = transfer();
    const instructed = ledgerEvent(BondEvent.TRANSFER_INSTRUCTED, t, INSTRUCTED_AT, '60', t.transferId);
    const affirmedAt = '2025-06-10T05:00:00.000Z';
    const affirmed = ledgerEvent(
      BondEvent.TRANSFER_AFFIRMED,
      { ...t, status: 'AFFIRMED' } satisfies Transfer,
      affirmedAt,
      '61',
      txId('af1'),
    );
    const settledAt = '2025-06-11T02:00:00.000Z';
    const settled = ledgerEvent(BondEvent.TRANSFER_SETTLED, { ...t, status: 'SETTLED' } satisfies Transfer, settledAt, '62', txId('5e7'));
    expectGolden('sese-transfer', [...build(instructed), ...build(affirmed), ...build(settled)]);
  });
});
