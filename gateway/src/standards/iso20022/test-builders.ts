/**
 * Small message builders for the feed's and the routes' tests, written to
 * the contract of message.ts only (the real builders are other modules'):
 * a settled transfer gives one message per side, each to its account's
 * holder; a pledge one message to the pledgor and the pledgee; an approved
 * bond one message to every member; `Broken` throws.
 */
import type { Bond, Member } from '@bond-platform/chaincode/api';
import { el, renderXml } from './xml';
import {
  type AccountRef,
  type IsoMessage,
  type LedgerEvent,
  type MessageBuilders,
  MessageType,
  namespaceOf,
  type ReferenceData,
} from './message';

export interface TestTransfer {
  isin: string;
  from: string;
  fromAccount: string;
  to: string;
  toAccount: string;
  units: string;
}

export interface TestPledge {
  isin: string;
  pledgor: string;
  accountId: string;
  pledgee: string;
  units: string;
}

function message(
  type: MessageType,
  id: string,
  event: LedgerEvent,
  recipients: string[],
  accounts: AccountRef[],
  isin: string,
): IsoMessage {
  const xml = renderXml(
    el(
      'Document',
      [el('Test', [el('Id', id), el('Event', event.eventName), ...accounts.map((a) => el('Acct', `${a.holder}/${a.accountId}`))])],
      {
        xmlns: namespaceOf(type),
      },
    ) ?? { name: 'Document' },
  );
  return { id, messageType: type, recipients, isin, accounts, createdAt: event.timestamp, xml };
}

export const TEST_BUILDERS: MessageBuilders = {
  TransferSettled: (event, _refs, id) => {
    const t = event.payload as TestTransfer;
    return [
      message(MessageType.SETTLEMENT_CONFIRMATION, id(0), event, [t.from], [{ holder: t.from, accountId: t.fromAccount }], t.isin),
      message(MessageType.SETTLEMENT_CONFIRMATION, id(1), event, [t.to], [{ holder: t.to, accountId: t.toAccount }], t.isin),
    ];
  },
  HoldingPledged: (event, _refs, id) => {
    const p = event.payload as TestPledge;
    return [
      message(
        MessageType.INTRA_POSITION_MOVEMENT,
        id(0),
        event,
        [p.pledgor, p.pledgee],
        [{ holder: p.pledgor, accountId: p.accountId }],
        p.isin,
      ),
    ];
  },
  BondApproved: (event, refs, id) => {
    const { isin } = event.payload as { isin: string };
    if (!refs.bond(isin)) throw new Error(`no bond ${isin} in the reference data`);
    return [message(MessageType.SECURITY_CREATION, id(0), event, ['*'], [], isin)];
  },
  Broken: () => {
    throw new Error('this builder always fails');
  },
};

/** Reference data from lists, for pure tests. */
export function testReferenceData(bonds: Pick<Bond, 'isin'>[], members: Pick<Member, 'mspId' | 'roles'>[]): ReferenceData {
  return {
    bond: (isin) => bonds.find((b) => b.isin === isin) as Bond | undefined,
    member: (mspId) => members.find((m) => m.mspId === mspId) as Member | undefined,
  };
}
