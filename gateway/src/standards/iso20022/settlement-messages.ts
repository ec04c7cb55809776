/**
 * Settlement messages from committed chain events: sese.023
 * SecuritiesSettlementTransactionInstruction, sese.024
 * SecuritiesSettlementTransactionStatusAdvice and sese.025
 * SecuritiesSettlementTransactionConfirmation (versions in MessageType),
 * one message per side of a delivery, addressed to that side's account
 * owner only. The CSD generates both sides' instructions (it matched the
 * allocation, or the seller instructed and the buyer affirms on the
 * ledger), so sese.023 here informs each side of the instruction held
 * for it.
 *
 * | Event (payload) | Messages, per delivery in the payload's order |
 * |---|---|
 * | PrimarySettlementStarted (PrimarySettlementBatch) | per instruction: sese.023 RECE (investor), DELI (issuer), then sese.024 pending AWMO to each |
 * | SettlementSettled ({ settlement, holding }) | sese.025 RECE (investor), DELI (issuer) |
 * | SettlementFailed (SettlementInstruction) | sese.024 cancelled CANS with the failure reason, to each |
 * | TransferInstructed (Transfer) | sese.023 DELI (seller), RECE (buyer), then sese.024 unmatched to each |
 * | TransferAffirmed (Transfer, DvP only) | sese.024 matched, pending AWMO, to each |
 * | TransferSettled (Transfer) | sese.025 DELI (seller), RECE (buyer) |
 * | TransfersSettled (TransfersSettled: ids only) | per transfer (ReferenceData.transfer): sese.025 DELI, RECE; slots 2i, 2i+1 |
 * | TransferCancelled (Transfer) | sese.024 cancelled: CANI to the side that cancelled, CTHP to the other, CANS to both if the CSD did |
 * | TransferExpired (Transfer) | sese.024 cancelled CANS "expired unsettled" to each |
 * | PledgeEnforced (Pledge) | sese.025 FREE: DELI COLO (pledgor), RECE COLI (pledgee) |
 * | UnitsLocked (HashLock) | sese.025 FREE OWNI to the locker: DELI from its account, RECE into HTLC-ESCROW |
 * | UnitsClaimed (HashLock) | sese.025 FREE TRAD: DELI from the locker's HTLC-ESCROW, RECE (beneficiary) |
 * | UnitsRefunded (HashLock) | sese.025 FREE OWNI to the locker: DELI from HTLC-ESCROW, RECE into refundedTo (none if it stayed in escrow) |
 *
 * Choices, from the message definitions:
 * - Quantity: FaceAmt (units × specifiedDenomination), the debt market's
 *   FAMT; cash: SttlmAmt/SttldAmt in the bond's currency, converted exactly
 *   from minor units, DBIT for the receiver of securities, CRDT for the
 *   deliverer. FREE when the transfer has no cash ("0").
 * - SctiesTxTp: PLAC (placement of a new issue) for primary deliveries,
 *   TRAD for transfers and hash-lock claims (a trade whose cash settles on
 *   the cash ledger), COLO/COLI (collateral out/in, from the collateral
 *   giver's and taker's point of view) for pledge enforcement, OWNI
 *   (internal account transfer of one owner) into and out of escrow.
 *   PlcOfTrad: PRIM for primary, OTCO for transfers.
 * - Parties: account owner and counterparty by LEI (Id/PrtryId scheme LEI
 *   and the LEI element; the platform has no BICs), the place of
 *   settlement (Dpstry) the CSD that approved the bond, by name and LEI.
 *   A message never carries the counterparty's account.
 * - References: TxId/AcctOwnrTxId the instruction's ledger id (settlement,
 *   transfer, pledge or lock id), MktInfrstrctrTxId the event's
 *   transaction, both through isoReference (Max35Text); the full ids are
 *   in SttlmInstrPrcgAddtlDtls.
 * - Dates: TradDt the instruction's creation (UTC), SttlmDt the intended
 *   settlement date (primary: the issue date; a transfer: its settlement
 *   date, else the day instructed; otherwise the event's date),
 *   FctvSttlmDt the settling transaction's timestamp.
 * - A failed primary instruction is closed on the ledger (FailCash): it
 *   is reported as cancelled by the system (CANS) with the reason, not as
 *   "failing", which in ISO 20022 means settlement is still being retried.
 *
 * Not mapped here: RepoDefaulted (its payload lacks the lender's receiving
 * account; the enforced pledge has it), repo cash legs (cash only).
 */
import {
  BondEvent,
  HASH_LOCK_ESCROW_ACCOUNT,
  HashLockEvent,
  type Bond,
  type HashLock,
  type Holding,
  type Pledge,
  type PrimarySettlementBatch,
  type SettlementInstruction,
  type Transfer,
  type TransfersSettled,
} from '@bond-platform/chaincode/api';
import {
  amountElement,
  bondOf,
  creditDebit,
  dateChoice,
  dateTimeChoice,
  element,
  financialInstrumentId,
  isoDocument,
  isoReference,
  leiOf,
  maxText,
  numbered,
  partyWithLei,
  payloadOf,
  quantityChoice,
  safekeepingAccount,
  type MessageDraft,
} from './common';
import { MessageType, type LedgerEvent, type MessageBuilder, type MessageBuilders, type ReferenceData } from './message';
import type { XmlElement } from './xml';

export type SecuritiesMovement = 'RECE' | 'DELI';
export type Payment = 'APMT' | 'FREE';
export type SecuritiesTransactionType = 'PLAC' | 'TRAD' | 'COLI' | 'COLO' | 'OWNI';

/** One side of a delivery of bond units as its account owner sees it: what one sese message is about. */
export interface SettlementSide {
  /** The instruction's id on the ledger: settlement, transfer, pledge or hash lock id. */
  instructionId: string;
  /** The instruction's ISO reference (TxId, AcctOwnrTxId). */
  reference: string;
  isin: string;
  /** MSP ID of the account owner the message is for. */
  owner: string;
  /** The owner's account the units move into or out of; none for the issuer's primary delivery (the units are created). */
  accountId?: string;
  counterparty: string;
  movement: SecuritiesMovement;
  payment: Payment;
  units: string;
  /** Minor units of the bond's currency, with APMT. */
  cashAmount?: string;
  transactionType: SecuritiesTransactionType;
  /** Place of trade: the primary market or over the counter. */
  market?: 'PRIM' | 'OTCO';
  /** When the instruction was made (timestamp). */
  tradeDate: string;
  /** Intended settlement date (YYYY-MM-DD or timestamp). */
  settlementDate: string;
  /** Deal price, percent of face value. */
  price?: string;
  /** Of a trade priced clean: settles ex coupon (XCPN) or cum coupon (CCPN); the cash includes accrued interest. */
  exCoupon?: boolean;
  /** What the instruction is on the ledger, for the free-text details. */
  description: string;
}

/** sese.024's view of an instruction. */
export type SettlementStatus =
  | { status: 'UNMATCHED'; reason: 'CMIS' | 'OTHR'; text: string }
  | { status: 'PENDING'; matched: string; text: string }
  | { status: 'CANCELLED'; reason: 'CANI' | 'CANS' | 'CTHP'; text: string };

/** The CSD that approved the bond: the place of settlement. */
function depository(refs: ReferenceData, bond: Bond): XmlElement {
  const csd = refs.member(bond.approved.mspId);
  if (!csd) throw new Error(`ISO 20022: the CSD ${bond.approved.mspId} is not on the ledger's member registry`);
  return element('Dpstry', [element('Id', [element('NmAndAdr', [element('Nm', csd.legalName)])]), element('LEI', csd.lei)]);
}

/** DlvrgSttlmPties and RcvgSttlmPties, in the order the message version has them; the counterparty's chain names it (no account). */
function settlementParties(side: SettlementSide, refs: ReferenceData, bond: Bond, order: 'DELI_FIRST' | 'RECE_FIRST'): XmlElement[] {
  const own = [depository(refs, bond)];
  const counterparty = [depository(refs, bond), partyWithLei('Pty1', leiOf(refs, side.counterparty))];
  const delivering = element('DlvrgSttlmPties', side.movement === 'RECE' ? counterparty : own);
  const receiving = element('RcvgSttlmPties', side.movement === 'RECE' ? own : counterparty);
  return order === 'DELI_FIRST' ? [delivering, receiving] : [receiving, delivering];
}

function placeOfTrade(side: SettlementSide): XmlElement | undefined {
  return side.market && element('PlcOfTrad', [element('MktTpAndId', [element('Tp', [element('Cd', side.market)])])]);
}

function dealPrice(side: SettlementSide): XmlElement | undefined {
  return side.price === undefined
    ? undefined
    : element('DealPric', [element('Tp', [element('Yldd', 'false')]), element('Val', [element('Rate', side.price)])]);
}

function tradeCondition(side: SettlementSide): XmlElement | undefined {
  return side.exCoupon === undefined ? undefined : element('TradTxCond', [element('Cd', side.exCoupon ? 'XCPN' : 'CCPN')]);
}

function processingDetails(side: SettlementSide, event: LedgerEvent): XmlElement {
  return element('SttlmInstrPrcgAddtlDtls', maxText(`${side.description}; ledger transaction ${event.transactionId}`, 350));
}

function settlementQuantity(name: string, side: SettlementSide, bond: Bond): XmlElement {
  return element(name, [element('Qty', [quantityChoice(side.units, bond)])]);
}

function accountOwner(side: SettlementSide, refs: ReferenceData): XmlElement[] {
  const owner = partyWithLei('AcctOwnr', leiOf(refs, side.owner));
  return side.accountId === undefined ? [owner] : [owner, safekeepingAccount(side.accountId)];
}

/** SttlmAmt / SttldAmt of a side against payment: the cash, which way, and (priced clean) that it includes accrued interest. */
function cashAmount(name: string, side: SettlementSide, bond: Bond, withAccruedIndicator: boolean): XmlElement | undefined {
  if (side.payment === 'FREE' || side.cashAmount === undefined) return undefined;
  return element(name, [
    withAccruedIndicator && side.exCoupon !== undefined ? element('AcrdIntrstInd', 'true') : undefined,
    amountElement('Amt', side.cashAmount, bond.terms.specifiedCurrency),
    element('CdtDbtInd', creditDebit(side.movement)),
  ]);
}

function transactionType(side: SettlementSide): XmlElement {
  return element('SttlmParams', [element('SctiesTxTp', [element('Cd', side.transactionType)])]);
}

function draft(type: MessageType, side: SettlementSide, event: LedgerEvent, xml: string): MessageDraft {
  return {
    messageType: type,
    recipients: [side.owner],
    isin: side.isin,
    accounts: side.accountId === undefined ? [] : [{ holder: side.owner, accountId: side.accountId }],
    createdAt: event.timestamp,
    xml,
  };
}

/** sese.023: the instruction held for one side. */
export function settlementInstruction(side: SettlementSide, event: LedgerEvent, refs: ReferenceData): MessageDraft {
  const bond = bondOf(refs, side.isin);
  const xml = isoDocument(MessageType.SETTLEMENT_INSTRUCTION, 'SctiesSttlmTxInstr', [
    element('TxId', side.reference),
    element('SttlmTpAndAddtlParams', [element('SctiesMvmntTp', side.movement), element('Pmt', side.payment)]),
    element('TradDtls', [
      placeOfTrade(side),
      element('TradDt', [dateChoice('Dt', side.tradeDate)]),
      element('SttlmDt', [dateChoice('Dt', side.settlementDate)]),
      dealPrice(side),
      tradeCondition(side),
      processingDetails(side, event),
    ]),
    financialInstrumentId(side.isin, bond.terms.shortName),
    element('QtyAndAcctDtls', [settlementQuantity('SttlmQty', side, bond), ...accountOwner(side, refs)]),
    transactionType(side),
    ...settlementParties(side, refs, bond, 'DELI_FIRST'),
    cashAmount('SttlmAmt', side, bond, true),
  ]);
  return draft(MessageType.SETTLEMENT_INSTRUCTION, side, event, xml);
}

function reasons(name: string, code: string, text: string): XmlElement {
  return element(name, [element('Rsn', [element('Cd', [element('Cd', code)]), element('AddtlRsnInf', maxText(text, 210))])]);
}

const ACCEPTED = element('PrcgSts', [element('AckdAccptd', [element('NoSpcfdRsn', 'NORE')])]);

/** PrcgSts, MtchgSts and SttlmSts of a status. */
function statusElements(status: SettlementStatus): XmlElement[] {
  switch (status.status) {
    case 'UNMATCHED':
      return [ACCEPTED, element('MtchgSts', [reasons('Umtchd', status.reason, status.text)])];
    case 'PENDING':
      return [
        ACCEPTED,
        element('MtchgSts', [element('Mtchd', [element('AddtlRsnInf', maxText(status.matched, 210))])]),
        element('SttlmSts', [reasons('Pdg', 'AWMO', status.text)]),
      ];
    case 'CANCELLED':
      return [element('PrcgSts', [reasons('Canc', status.reason, status.text)])];
  }
}

/** sese.024: the status of the instruction held for one side. */
export function settlementStatusAdvice(
  side: SettlementSide,
  status: SettlementStatus,
  event: LedgerEvent,
  refs: ReferenceData,
): MessageDraft {
  const bond = bondOf(refs, side.isin);
  const xml = isoDocument(MessageType.SETTLEMENT_STATUS_ADVICE, 'SctiesSttlmTxStsAdvc', [
    element('TxId', [element('AcctOwnrTxId', side.reference), element('MktInfrstrctrTxId', isoReference(event.transactionId))]),
    ...statusElements(status),
    element('TxDtls', [
      ...accountOwner(side, refs),
      placeOfTrade(side),
      financialInstrumentId(side.isin, bond.terms.shortName),
      settlementQuantity('SttlmQty', side, bond),
      cashAmount('SttlmAmt', side, bond, false),
      element('SttlmDt', [dateChoice('Dt', side.settlementDate)]),
      element('TradDt', [dateChoice('Dt', side.tradeDate)]),
      element('SctiesMvmntTp', side.movement),
      element('Pmt', side.payment),
      transactionType(side),
      ...settlementParties(side, refs, bond, 'RECE_FIRST'),
      processingDetails(side, event),
    ]),
  ]);
  return draft(MessageType.SETTLEMENT_STATUS_ADVICE, side, event, xml);
}

/** sese.025: one side's delivery settled by the event's transaction. */
export function settlementConfirmation(side: SettlementSide, event: LedgerEvent, refs: ReferenceData): MessageDraft {
  const bond = bondOf(refs, side.isin);
  const xml = isoDocument(MessageType.SETTLEMENT_CONFIRMATION, 'SctiesSttlmTxConf', [
    element('TxIdDtls', [
      element('AcctOwnrTxId', side.reference),
      element('MktInfrstrctrTxId', isoReference(event.transactionId)),
      element('SctiesMvmntTp', side.movement),
      element('Pmt', side.payment),
    ]),
    element('TradDtls', [
      placeOfTrade(side),
      element('TradDt', [dateChoice('Dt', side.tradeDate)]),
      element('SttlmDt', [dateChoice('Dt', side.settlementDate)]),
      element('FctvSttlmDt', [dateTimeChoice('Dt', event.timestamp)]),
      dealPrice(side),
      tradeCondition(side),
      processingDetails(side, event),
    ]),
    financialInstrumentId(side.isin, bond.terms.shortName),
    element('QtyAndAcctDtls', [settlementQuantity('SttldQty', side, bond), ...accountOwner(side, refs)]),
    transactionType(side),
    ...settlementParties(side, refs, bond, 'DELI_FIRST'),
    cashAmount('SttldAmt', side, bond, true),
  ]);
  return draft(MessageType.SETTLEMENT_CONFIRMATION, side, event, xml);
}

function payment(cashAmount: string): Payment {
  return BigInt(cashAmount) > 0n ? 'APMT' : 'FREE';
}

/** A primary instruction's sides: the investor's RECE into its account and the issuer's DELI (the units are created). */
export function primarySides(instruction: SettlementInstruction, bond: Bond): [SettlementSide, SettlementSide] {
  const common = {
    instructionId: instruction.settlementId,
    reference: isoReference(instruction.settlementId),
    isin: instruction.isin,
    payment: payment(instruction.cashAmount),
    units: instruction.units,
    cashAmount: instruction.cashAmount,
    transactionType: 'PLAC',
    market: 'PRIM',
    tradeDate: instruction.created.timestamp,
    settlementDate: bond.terms.issueDate,
    price: instruction.price,
    description: `primary settlement instruction ${instruction.settlementId}`,
  } as const;
  return [
    {
      ...common,
      owner: instruction.receiver,
      accountId: instruction.receiverAccount,
      counterparty: instruction.deliverer,
      movement: 'RECE',
    },
    { ...common, owner: instruction.deliverer, counterparty: instruction.receiver, movement: 'DELI' },
  ];
}

/** A transfer's sides: the seller's DELI and the buyer's RECE. */
export function transferSides(transfer: Transfer): [SettlementSide, SettlementSide] {
  const common = {
    instructionId: transfer.transferId,
    reference: isoReference(transfer.transferId),
    isin: transfer.isin,
    payment: payment(transfer.cashAmount),
    units: transfer.units,
    cashAmount: transfer.cashAmount,
    transactionType: 'TRAD',
    market: 'OTCO',
    tradeDate: transfer.instructed.timestamp,
    settlementDate: transfer.settlementDate ?? transfer.instructed.timestamp,
    price: transfer.cleanPrice,
    exCoupon: transfer.cleanPrice === undefined ? undefined : transfer.exCoupon === true,
    description: `transfer ${transfer.transferId}`,
  } as const;
  return [
    { ...common, owner: transfer.from, accountId: transfer.fromAccount, counterparty: transfer.to, movement: 'DELI' },
    { ...common, owner: transfer.to, accountId: transfer.toAccount, counterparty: transfer.from, movement: 'RECE' },
  ];
}

/** An enforced pledge's sides: the pledgor delivers the pledged units (collateral out), the pledgee receives them (collateral in). */
export function pledgeEnforcementSides(pledge: Pledge, event: LedgerEvent): [SettlementSide, SettlementSide] {
  if (pledge.enforcedTo === undefined) throw new Error(`ISO 20022: pledge ${pledge.pledgeId} has no enforcedTo account`);
  const common = {
    instructionId: pledge.pledgeId,
    reference: isoReference(pledge.pledgeId),
    isin: pledge.isin,
    payment: 'FREE',
    units: pledge.units,
    tradeDate: pledge.created.timestamp,
    settlementDate: event.timestamp,
    description: `enforcement of pledge ${pledge.pledgeId} (reference ${pledge.reference})`,
  } as const;
  return [
    {
      ...common,
      owner: pledge.pledgor,
      accountId: pledge.accountId,
      counterparty: pledge.pledgee,
      movement: 'DELI',
      transactionType: 'COLO',
    },
    {
      ...common,
      owner: pledge.pledgee,
      accountId: pledge.enforcedTo,
      counterparty: pledge.pledgor,
      movement: 'RECE',
      transactionType: 'COLI',
    },
  ];
}

/** A hash lock's delivery from one account to another, free of payment on this ledger. */
function hashLockSides(
  lock: HashLock,
  event: LedgerEvent,
  from: { owner: string; accountId: string },
  to: { owner: string; accountId: string },
  what: string,
): [SettlementSide, SettlementSide] {
  const ownAccounts = from.owner === to.owner;
  const common = {
    instructionId: lock.lockId,
    isin: lock.isin,
    payment: 'FREE',
    units: lock.units,
    transactionType: ownAccounts ? 'OWNI' : 'TRAD',
    tradeDate: lock.created.timestamp,
    settlementDate: event.timestamp,
    description: `hash lock ${lock.lockId} ${what}${lock.reference ? ` (reference ${lock.reference})` : ''}`,
  } as const;
  // Both legs of a transfer between one owner's accounts go to that owner: their references differ by direction.
  const reference = (movement: SecuritiesMovement): string => isoReference(ownAccounts ? `${lock.lockId}-${movement}` : lock.lockId);
  return [
    { ...common, reference: reference('DELI'), owner: from.owner, accountId: from.accountId, counterparty: to.owner, movement: 'DELI' },
    { ...common, reference: reference('RECE'), owner: to.owner, accountId: to.accountId, counterparty: from.owner, movement: 'RECE' },
  ];
}

const escrowOf = (lock: HashLock) => ({ owner: lock.locker, accountId: HASH_LOCK_ESCROW_ACCOUNT });

const PENDING_CASH = 'awaiting the CSD confirmation of the cash leg';

const primarySettlementStarted: MessageBuilder = (event, refs, id) => {
  const batch = payloadOf<PrimarySettlementBatch>(event, ['isin', 'instructions']);
  const bond = bondOf(refs, batch.isin);
  const slots = batch.instructions.flatMap((instruction) => {
    const sides = primarySides(instruction, bond);
    const pending: SettlementStatus = { status: 'PENDING', matched: 'matched by the CSD from the allocation', text: PENDING_CASH };
    return [
      ...sides.map((side) => settlementInstruction(side, event, refs)),
      ...sides.map((side) => settlementStatusAdvice(side, pending, event, refs)),
    ];
  });
  return numbered(slots, id);
};

const settlementSettled: MessageBuilder = (event, refs, id) => {
  const { settlement } = payloadOf<{ settlement: SettlementInstruction; holding: Holding }>(event, ['settlement']);
  return numbered(
    primarySides(settlement, bondOf(refs, settlement.isin)).map((side) => settlementConfirmation(side, event, refs)),
    id,
  );
};

const settlementFailed: MessageBuilder = (event, refs, id) => {
  const instruction = payloadOf<SettlementInstruction>(event, ['settlementId', 'isin', 'receiver', 'deliverer']);
  const text = `cash leg failed, instruction closed: ${instruction.failureReason ?? 'no reason given'}`;
  const cancelled: SettlementStatus = { status: 'CANCELLED', reason: 'CANS', text };
  return numbered(
    primarySides(instruction, bondOf(refs, instruction.isin)).map((side) => settlementStatusAdvice(side, cancelled, event, refs)),
    id,
  );
};

const TRANSFER_FIELDS = ['transferId', 'isin', 'from', 'fromAccount', 'to', 'toAccount', 'units', 'cashAmount', 'instructed'] as const;

const transferInstructed: MessageBuilder = (event, refs, id) => {
  const [seller, buyer] = transferSides(payloadOf<Transfer>(event, TRANSFER_FIELDS));
  // The seller's instruction waits for its counterparty's; the buyer's own affirmation is what is missing.
  const sellerStatus: SettlementStatus = { status: 'UNMATCHED', reason: 'CMIS', text: 'awaiting the buyer affirmation' };
  const buyerStatus: SettlementStatus = { status: 'UNMATCHED', reason: 'OTHR', text: 'awaiting your affirmation (Custody:AffirmTransfer)' };
  return numbered(
    [
      settlementInstruction(seller, event, refs),
      settlementInstruction(buyer, event, refs),
      settlementStatusAdvice(seller, sellerStatus, event, refs),
      settlementStatusAdvice(buyer, buyerStatus, event, refs),
    ],
    id,
  );
};

const transferAffirmed: MessageBuilder = (event, refs, id) => {
  const pending: SettlementStatus = { status: 'PENDING', matched: 'affirmed by the buyer', text: PENDING_CASH };
  return numbered(
    transferSides(payloadOf<Transfer>(event, TRANSFER_FIELDS)).map((side) => settlementStatusAdvice(side, pending, event, refs)),
    id,
  );
};

const transferSettled: MessageBuilder = (event, refs, id) =>
  numbered(
    transferSides(payloadOf<Transfer>(event, TRANSFER_FIELDS)).map((side) => settlementConfirmation(side, event, refs)),
    id,
  );

/**
 * A settlement batch: each transfer's confirmations in slots 2i (seller)
 * and 2i+1 (buyer). A transfer the reference data does not give (one the
 * caller may not read) has no messages; the others keep their ids.
 */
const transfersSettled: MessageBuilder = (event, refs, id) => {
  const batch = payloadOf<TransfersSettled>(event, ['transferIds']);
  const lookUp = refs.transfer?.bind(refs);
  if (!lookUp) throw new Error('ISO 20022: TransfersSettled names its transfers by id only and the reference data cannot look them up');
  const slots = batch.transferIds.flatMap((transferId) => {
    const transfer = lookUp(transferId);
    return transfer ? transferSides(transfer).map((side) => settlementConfirmation(side, event, refs)) : [undefined, undefined];
  });
  return numbered(slots, id);
};

/** Who cancelled, as each side hears it: itself (CANI), its counterparty (CTHP) or the CSD (CANS). */
function cancellation(side: SettlementSide, canceller: string): SettlementStatus {
  if (canceller === side.owner) return { status: 'CANCELLED', reason: 'CANI', text: 'cancelled by you' };
  if (canceller === side.counterparty) return { status: 'CANCELLED', reason: 'CTHP', text: 'cancelled by the counterparty' };
  return { status: 'CANCELLED', reason: 'CANS', text: 'cancelled by the CSD' };
}

const transferCancelled: MessageBuilder = (event, refs, id) => {
  const transfer = payloadOf<Transfer>(event, [...TRANSFER_FIELDS, 'lastChange']);
  return numbered(
    transferSides(transfer).map((side) => settlementStatusAdvice(side, cancellation(side, transfer.lastChange.mspId), event, refs)),
    id,
  );
};

const transferExpired: MessageBuilder = (event, refs, id) => {
  const transfer = payloadOf<Transfer>(event, [...TRANSFER_FIELDS, 'expiresAt']);
  const expired: SettlementStatus = { status: 'CANCELLED', reason: 'CANS', text: `expired unsettled at ${transfer.expiresAt}` };
  return numbered(
    transferSides(transfer).map((side) => settlementStatusAdvice(side, expired, event, refs)),
    id,
  );
};

const pledgeEnforced: MessageBuilder = (event, refs, id) =>
  numbered(
    pledgeEnforcementSides(
      payloadOf<Pledge>(event, ['pledgeId', 'isin', 'pledgor', 'pledgee', 'accountId', 'units', 'created']),
      event,
    ).map((side) => settlementConfirmation(side, event, refs)),
    id,
  );

const LOCK_FIELDS = ['lockId', 'isin', 'locker', 'accountId', 'units', 'beneficiary', 'beneficiaryAccountId', 'created'] as const;

const unitsLocked: MessageBuilder = (event, refs, id) => {
  const lock = payloadOf<HashLock>(event, LOCK_FIELDS);
  const sides = hashLockSides(lock, event, { owner: lock.locker, accountId: lock.accountId }, escrowOf(lock), 'locked into escrow');
  return numbered(
    sides.map((side) => settlementConfirmation(side, event, refs)),
    id,
  );
};

const unitsClaimed: MessageBuilder = (event, refs, id) => {
  const lock = payloadOf<HashLock>(event, LOCK_FIELDS);
  const beneficiary = { owner: lock.beneficiary, accountId: lock.beneficiaryAccountId };
  return numbered(
    hashLockSides(lock, event, escrowOf(lock), beneficiary, 'claimed').map((side) => settlementConfirmation(side, event, refs)),
    id,
  );
};

/** A refund returns the units to the locker's account; one left in escrow (the register closed for good) moves nothing. */
const unitsRefunded: MessageBuilder = (event, refs, id) => {
  const lock = payloadOf<HashLock>(event, LOCK_FIELDS);
  const to = lock.refundedTo ?? lock.accountId;
  if (to === HASH_LOCK_ESCROW_ACCOUNT) return [];
  return numbered(
    hashLockSides(lock, event, escrowOf(lock), { owner: lock.locker, accountId: to }, 'refunded').map((side) =>
      settlementConfirmation(side, event, refs),
    ),
    id,
  );
};

/** The settlement messages' builders, by chaincode event name (BondEvent, HashLockEvent). */
export const SETTLEMENT_BUILDERS: MessageBuilders = {
  [BondEvent.PRIMARY_SETTLEMENT_STARTED]: primarySettlementStarted,
  [BondEvent.SETTLEMENT_SETTLED]: settlementSettled,
  [BondEvent.SETTLEMENT_FAILED]: settlementFailed,
  [BondEvent.TRANSFER_INSTRUCTED]: transferInstructed,
  [BondEvent.TRANSFER_AFFIRMED]: transferAffirmed,
  [BondEvent.TRANSFER_SETTLED]: transferSettled,
  [BondEvent.TRANSFERS_SETTLED]: transfersSettled,
  [BondEvent.TRANSFER_CANCELLED]: transferCancelled,
  [BondEvent.TRANSFER_EXPIRED]: transferExpired,
  [BondEvent.PLEDGE_ENFORCED]: pledgeEnforced,
  [HashLockEvent.UNITS_LOCKED]: unitsLocked,
  [HashLockEvent.UNITS_CLAIMED]: unitsClaimed,
  [HashLockEvent.UNITS_REFUNDED]: unitsRefunded,
};
