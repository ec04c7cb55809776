/**
 * semt.013.001.06 IntraPositionMovementInstruction from the freeze, pledge
 * and repo events: units moved between a holding's available (AWAS),
 * blocked (BLOK) and pledged (PLED) balances (SecuritiesBalanceType11Code),
 * each message checked against the XSD of its version.
 */
import { BondEvent, type Freeze, type Repo } from '@bond-platform/chaincode/api';
import { isoReference } from './common';
import { INTRA_POSITION_BUILDERS } from './intra-position-messages';
import { MessageType, type IsoMessage, type LedgerEvent, type ReferenceData } from './message';
import { validateMessage } from './schemas';
import { BANK_A, BANK_B, BYSTANDER, CSD, idsOf, ISIN, LEI, ledgerEvent, ledgerRefs, pledge, PLEDGEE, stamp, txId } from './test-ledger';

function build(event: LedgerEvent, refs: ReferenceData = ledgerRefs()): IsoMessage[] {
  const builder = INTRA_POSITION_BUILDERS[event.eventName];
  if (!builder) throw new Error(`no builder for ${event.eventName}`);
  return builder(event, refs, idsOf(event));
}

function the(messages: IsoMessage[]): IsoMessage {
  expect(messages).toHaveLength(1);
  const [message] = messages;
  if (!message) throw new Error('no message');
  return message;
}

/** The text of the element at the end of a path of nested elements. */
function valueOf(xml: string, path: string): string | undefined {
  const names = path.split('/');
  let rest = xml;
  for (const name of names.slice(0, -1)) rest = rest.slice(Math.max(rest.indexOf(`<${name}>`), 0));
  const last = names[names.length - 1] ?? '';
  return new RegExp(`<${last}>([^<]*)</${last}>`).exec(rest)?.[1];
}

async function expectValid(message: IsoMessage): Promise<void> {
  expect((await validateMessage(message.xml, message.messageType)).errors).toEqual([]);
}

function freeze(units: string, previousUnits: string, reason = 'court order (2025) Jing 01 Zhi 1234'): Freeze {
  return {
    isin: ISIN,
    holder: BANK_A,
    accountId: 'TRADING',
    units,
    previousUnits,
    reason,
    lastChange: stamp(CSD, '2025-07-02T02:00:00.000Z'),
  };
}

describe('freezes (HoldingFrozen, of FreezeHolding and UnfreezeHolding)', () => {
  const at = '2025-07-02T02:00:00.000Z';

  it('moves the newly frozen units from the available to the blocked balance, to the holder only', async () => {
    const message = the(build(ledgerEvent(BondEvent.HOLDING_FROZEN, freeze('30000', '10000'), at), ledgerRefs()));
    expect(message.messageType).toBe(MessageType.INTRA_POSITION_MOVEMENT);
    expect(message.recipients).toEqual([BANK_A]);
    expect(message.recipients).not.toContain(BYSTANDER);
    expect(message.accounts).toEqual([{ holder: BANK_A, accountId: 'TRADING' }]);
    expect(valueOf(message.xml, 'AcctOwnr/PrtryId/Id')).toBe(LEI[BANK_A]);
    expect(valueOf(message.xml, 'SfkpgAcct/Id')).toBe('TRADING');
    expect(valueOf(message.xml, 'ISIN')).toBe(ISIN);
    expect(valueOf(message.xml, 'SttlmQty/FaceAmt')).toBe('2000000.00');
    expect(valueOf(message.xml, 'BalFr/Tp/Cd')).toBe('AWAS');
    expect(valueOf(message.xml, 'BalTo/Tp/Cd')).toBe('BLOK');
    expect(valueOf(message.xml, 'SttlmDt/DtTm')).toBe(at);
    expect(valueOf(message.xml, 'InstrPrcgAddtlDtls')).toContain('court order (2025) Jing 01 Zhi 1234');
    await expectValid(message);
  });

  it('moves released units back from the blocked to the available balance', async () => {
    const message = the(build(ledgerEvent(BondEvent.HOLDING_FROZEN, freeze('2500', '10000', 'order lifted'), at), ledgerRefs()));
    expect(valueOf(message.xml, 'SttlmQty/FaceAmt')).toBe('750000.00');
    expect(valueOf(message.xml, 'BalFr/Tp/Cd')).toBe('BLOK');
    expect(valueOf(message.xml, 'BalTo/Tp/Cd')).toBe('AWAS');
    await expectValid(message);
  });

  it('has no message for a freeze that changed nothing, and refuses a payload without the units frozen before', () => {
    expect(build(ledgerEvent(BondEvent.HOLDING_FROZEN, freeze('10000', '10000'), at), ledgerRefs())).toEqual([]);
    const withoutPrevious: Partial<ReturnType<typeof freeze>> = freeze('10000', '0');
    delete withoutPrevious.previousUnits;
    expect(() => build(ledgerEvent(BondEvent.HOLDING_FROZEN, withoutPrevious, at), ledgerRefs())).toThrow(/previousUnits/);
  });
});

describe('pledges and repos (HoldingPledged, PledgeReleased, RepoOpened, RepoClosed)', () => {
  it('moves pledged units to the pledged balance, to the pledgor and the pledgee only', async () => {
    const event = ledgerEvent(BondEvent.HOLDING_PLEDGED, pledge(), '2025-07-01T01:00:00.000Z', '90', pledge().pledgeId);
    const message = the(build(event));
    expect(message.id).toBe(`90:${pledge().pledgeId}:0`);
    expect(message.recipients).toEqual([BANK_A, PLEDGEE]);
    expect(message.accounts).toEqual([{ holder: BANK_A, accountId: 'TRADING' }]);
    expect(valueOf(message.xml, 'TxId')).toBe(isoReference(pledge().pledgeId));
    expect(valueOf(message.xml, 'SttlmQty/FaceAmt')).toBe('1000000.00');
    expect(valueOf(message.xml, 'BalFr/Tp/Cd')).toBe('AWAS');
    expect(valueOf(message.xml, 'BalTo/Tp/Cd')).toBe('PLED');
    expect(message.xml).not.toContain('<Lnkgs>');
    expect(valueOf(message.xml, 'InstrPrcgAddtlDtls')).toContain('reference LOAN-2025-0042');
    await expectValid(message);
  });

  it('moves released units back to the available balance, linked to the pledge movement', async () => {
    const at = '2025-08-15T01:00:00.000Z';
    const released = pledge({ status: 'RELEASED', lastChange: stamp(PLEDGEE, at, txId('re1')) });
    const message = the(build(ledgerEvent(BondEvent.PLEDGE_RELEASED, released, at, '95', txId('re1'))));
    expect(message.recipients).toEqual([BANK_A, PLEDGEE]);
    expect(valueOf(message.xml, 'TxId')).toBe(isoReference(txId('re1')));
    expect(valueOf(message.xml, 'Lnkgs/Ref/IntraPosMvmntId')).toBe(isoReference(pledge().pledgeId));
    expect(valueOf(message.xml, 'BalFr/Tp/Cd')).toBe('PLED');
    expect(valueOf(message.xml, 'BalTo/Tp/Cd')).toBe('AWAS');
    await expectValid(message);
  });

  it('pledges a repo borrower units to the lender at opening and releases them at closing', async () => {
    const opened: Repo = {
      repoId: txId('rp1'),
      isin: ISIN,
      borrower: BANK_B,
      accountId: 'CUSTODY',
      lender: BANK_A,
      units: '20000',
      principal: '198000000',
      repoRate: '1.85',
      dayCount: 'ACT/365',
      openDate: '2025-07-10',
      termDate: '2025-07-17',
      days: 7,
      interest: '2563812/365',
      repurchaseAmount: '198070241',
      status: 'OPEN',
      pledgeId: txId('rp1-open'),
      created: stamp(BANK_B, '2025-07-09T02:00:00.000Z', txId('rp1')),
      lastChange: stamp(CSD, '2025-07-10T02:00:00.000Z', txId('rp1-open')),
    };
    const open = the(build(ledgerEvent(BondEvent.REPO_OPENED, opened, '2025-07-10T02:00:00.000Z', '99', txId('rp1-open'))));
    expect([open.recipients, open.accounts]).toEqual([[BANK_B, BANK_A], [{ holder: BANK_B, accountId: 'CUSTODY' }]]);
    expect([valueOf(open.xml, 'BalFr/Tp/Cd'), valueOf(open.xml, 'BalTo/Tp/Cd')]).toEqual(['AWAS', 'PLED']);
    const closed = the(build(ledgerEvent(BondEvent.REPO_CLOSED, { ...opened, status: 'CLOSED' }, '2025-07-17T02:00:00.000Z', '120')));
    expect([valueOf(closed.xml, 'BalFr/Tp/Cd'), valueOf(closed.xml, 'BalTo/Tp/Cd')]).toEqual(['PLED', 'AWAS']);
    expect(valueOf(closed.xml, 'Lnkgs/Ref/IntraPosMvmntId')).toBe(isoReference(txId('rp1-open')));
    expect(closed.xml).not.toContain('<Id>TRADING</Id>');
    await expectValid(open);
    await expectValid(closed);
  });
});
