/**
 * Intra-position movements from committed chain events: semt.013
 * IntraPositionMovementInstruction (version in MessageType), units of one
 * holding moved between its available balance (AWAS) and a blocked (BLOK)
 * or pledged (PLED) sub-balance, the units staying in the account. One
 * message per movement, to the account owner, and to the pledgee as well
 * for pledges (it holds the pledge; it reads the same pledge on the ledger).
 *
 * | Event (payload) | Movement |
 * |---|---|
 * | HoldingFrozen (Freeze: the new frozen total) | FreezeHolding: AWAS → BLOK; UnfreezeHolding: BLOK → AWAS; the change from previousUnits to units |
 * | HoldingPledged (Pledge) | AWAS → PLED, to the pledgor and the pledgee |
 * | PledgeReleased (Pledge) | PLED → AWAS, to both, linked to the pledge's movement |
 * | RepoOpened (Repo: the repo's pledge) | AWAS → PLED, to the borrower and the lender |
 * | RepoClosed (Repo) | PLED → AWAS, to both, linked to the pledge's movement |
 *
 * Choices, from the message definition: TxId is the event's transaction
 * (isoReference), so a pledge and its release are two movements; a
 * release's Lnkgs/Ref/IntraPosMvmntId names the pledge's movement (the
 * pledge id is the pledging transaction's). AcctOwnr by LEI (PrtryId: the
 * component has no LEI element), SttlmQty as FaceAmt, SttlmDt the
 * transaction's timestamp, InstrPrcgAddtlDtls says what it is, with the
 * freeze's reason or the pledge's reference and pledgee.
 *
 * Strictly, semt.013 is the instruction and semt.015 its confirmation; the
 * platform's movements are done when the event is committed, and semt.013
 * is the message the platform publishes for them (issue 19).
 *
 * Not mapped: a pledge's enforcement moves units to another holder
 * (sese.025, settlement-messages.ts); hash locks move units into an escrow
 * account, not between balances (sese.025 OWNI there).
 */
import { BondEvent, type Freeze, type Pledge, type Repo } from '@bond-platform/chaincode/api';
import {
  bondOf,
  dateTimeChoice,
  element,
  financialInstrumentId,
  isoDocument,
  isoReference,
  leiOf,
  maxText,
  numbered,
  partyChoice,
  payloadOf,
  quantityChoice,
  safekeepingAccount,
  type MessageDraft,
} from './common';
import { MessageType, type LedgerEvent, type MessageBuilder, type MessageBuilders, type ReferenceData } from './message';

/** Sub-balances of a holding (SecuritiesBalanceType11Code): available, blocked (frozen), pledged. */
export type SubBalance = 'AWAS' | 'BLOK' | 'PLED';

/** One movement of units of a holding between two of its sub-balances. */
export interface IntraPositionMovement {
  isin: string;
  holder: string;
  accountId: string;
  units: string;
  from: SubBalance;
  to: SubBalance;
  /** Members the message is for: the holder first, then e.g. the pledgee. */
  recipients: string[];
  /** The ledger id of the movement this one undoes (a pledge's, for its release). */
  linkedTo?: string;
  description: string;
}

/** semt.013 of one movement, effective at the event's transaction. */
export function intraPositionMovement(movement: IntraPositionMovement, event: LedgerEvent, refs: ReferenceData): MessageDraft {
  const bond = bondOf(refs, movement.isin);
  const link =
    movement.linkedTo === undefined
      ? undefined
      : element('Lnkgs', [element('Ref', [element('IntraPosMvmntId', isoReference(movement.linkedTo))])]);
  const xml = isoDocument(MessageType.INTRA_POSITION_MOVEMENT, 'IntraPosMvmntInstr', [
    element('TxId', isoReference(event.transactionId)),
    link,
    partyChoice('AcctOwnr', leiOf(refs, movement.holder)),
    safekeepingAccount(movement.accountId),
    financialInstrumentId(movement.isin, bond.terms.shortName),
    element('IntraPosDtls', [
      element('SttlmQty', [quantityChoice(movement.units, bond)]),
      dateTimeChoice('SttlmDt', event.timestamp),
      element('BalFr', [element('Tp', [element('Cd', movement.from)])]),
      element('BalTo', [element('Tp', [element('Cd', movement.to)])]),
      element('InstrPrcgAddtlDtls', maxText(`${movement.description}; ledger transaction ${event.transactionId}`, 350)),
    ]),
  ]);
  return {
    messageType: MessageType.INTRA_POSITION_MOVEMENT,
    recipients: movement.recipients,
    isin: movement.isin,
    accounts: [{ holder: movement.holder, accountId: movement.accountId }],
    createdAt: event.timestamp,
    xml,
  };
}

/**
 * A freeze's movement: the change from the units frozen before the
 * transaction (Freeze.previousUnits) to the new total; none if it did not change.
 */
export function freezeMovement(freeze: Freeze, frozenBefore: string): IntraPositionMovement | undefined {
  const change = BigInt(freeze.units) - BigInt(frozenBefore);
  if (change === 0n) return undefined;
  const freezing = change > 0n;
  return {
    isin: freeze.isin,
    holder: freeze.holder,
    accountId: freeze.accountId,
    units: (freezing ? change : -change).toString(),
    from: freezing ? 'AWAS' : 'BLOK',
    to: freezing ? 'BLOK' : 'AWAS',
    recipients: [freeze.holder],
    description: `${freezing ? 'frozen' : 'released from a freeze'} by the CSD (${freeze.units} units frozen now): ${freeze.reason}`,
  };
}

/** A pledge's movement into the pledged balance, or out of it on release, to the pledgor and the pledgee. */
export function pledgeMovement(pledge: Pledge, direction: 'PLEDGE' | 'RELEASE'): IntraPositionMovement {
  const pledging = direction === 'PLEDGE';
  return {
    isin: pledge.isin,
    holder: pledge.pledgor,
    accountId: pledge.accountId,
    units: pledge.units,
    from: pledging ? 'AWAS' : 'PLED',
    to: pledging ? 'PLED' : 'AWAS',
    recipients: [pledge.pledgor, pledge.pledgee],
    linkedTo: pledging ? undefined : pledge.pledgeId,
    description: `${pledging ? 'pledged' : 'released'}: pledge ${pledge.pledgeId} to ${pledge.pledgee} (reference ${pledge.reference})`,
  };
}

/** A repo's pledge (its opening) or its release (its closing), to the borrower and the lender. */
export function repoMovement(repo: Repo, direction: 'PLEDGE' | 'RELEASE'): IntraPositionMovement {
  if (repo.pledgeId === undefined) throw new Error(`ISO 20022: repo ${repo.repoId} has no pledge`);
  const pledging = direction === 'PLEDGE';
  return {
    isin: repo.isin,
    holder: repo.borrower,
    accountId: repo.accountId,
    units: repo.units,
    from: pledging ? 'AWAS' : 'PLED',
    to: pledging ? 'PLED' : 'AWAS',
    recipients: [repo.borrower, repo.lender],
    linkedTo: pledging ? undefined : repo.pledgeId,
    description: `${pledging ? 'pledged' : 'released'}: pledge ${repo.pledgeId} securing repo ${repo.repoId} to ${repo.lender}`,
  };
}

const holdingFrozen: MessageBuilder = (event, refs, id) => {
  const freeze = payloadOf<Freeze>(event, ['isin', 'holder', 'accountId', 'units', 'previousUnits', 'reason']);
  const movement = freezeMovement(freeze, freeze.previousUnits);
  return numbered(movement ? [intraPositionMovement(movement, event, refs)] : [], id);
};

const PLEDGE_FIELDS = ['pledgeId', 'isin', 'pledgor', 'accountId', 'pledgee', 'units', 'reference'] as const;
const REPO_FIELDS = ['repoId', 'isin', 'borrower', 'accountId', 'lender', 'units', 'pledgeId'] as const;

const pledged =
  (direction: 'PLEDGE' | 'RELEASE'): MessageBuilder =>
  (event, refs, id) =>
    numbered([intraPositionMovement(pledgeMovement(payloadOf<Pledge>(event, PLEDGE_FIELDS), direction), event, refs)], id);

const repo =
  (direction: 'PLEDGE' | 'RELEASE'): MessageBuilder =>
  (event, refs, id) =>
    numbered([intraPositionMovement(repoMovement(payloadOf<Repo>(event, REPO_FIELDS), direction), event, refs)], id);

/** The intra-position messages' builders, by chaincode event name (BondEvent). */
export const INTRA_POSITION_BUILDERS: MessageBuilders = {
  [BondEvent.HOLDING_FROZEN]: holdingFrozen,
  [BondEvent.HOLDING_PLEDGED]: pledged('PLEDGE'),
  [BondEvent.PLEDGE_RELEASED]: pledged('RELEASE'),
  [BondEvent.REPO_OPENED]: repo('PLEDGE'),
  [BondEvent.REPO_CLOSED]: repo('RELEASE'),
};
