/**
 * Statements of one account, to its holder only: semt.002.001.11
 * CustodyStatementOfHoldings (SecuritiesBalanceCustodyReportV11) and
 * semt.017.001.12 StatementOfTransactions (SecuritiesTransactionPostingReportV12),
 * from the positions and movements the ledger recorded (the feed reads
 * them; movementsOf, re-exported here, makes the movements of an event).
 * Element names, order and occurrences follow the message definitions.
 *
 * Both: one page (Pgntn 1, last), ad hoc (ADHO, made on request), complete
 * (COMP), on settled positions (SETT: the ledger holds nothing else), no
 * sub-accounts; StmtId the input's id as a Max35Text reference; the account
 * owner by LEI and its safekeeping account as on the ledger; quantities as
 * face amounts (units × denomination).
 *
 * semt.002, per position: AggtBal the units held, AvlblBal what is free to
 * deliver (held − frozen − pledged), NotAvlblBal the rest, broken down into
 * BLOK (frozen) and PLED (pledged). Units under hash locks are in the
 * locker's HTLC-ESCROW account and units elected for a put in its PUT-<date>
 * account: each is a statement of its own.
 *
 * semt.017, per bond, per movement in the order given: the movement's
 * direction, FREE or APMT with the cash (PstngAmt, DBIT for units
 * received, CRDT for units delivered or redeemed), posted at the
 * transaction's time (FctvSttlmDt), and what moved it:
 * | reason | TxActvty | type |
 * |---|---|---|
 * | PRIMARY_SETTLEMENT | SETT | PLAC |
 * | TRANSFER, HASH_LOCK_CLAIM | SETT | TRAD |
 * | HASH_LOCK, HASH_LOCK_REFUND | SETT | OWNI (into or out of the owner's escrow) |
 * | PLEDGE_ENFORCEMENT, REPO_ENFORCEMENT | COLL | COLO delivered, COLI received |
 * | REDEMPTION | CORP | the payment event's CAEV (REDM, MCAL, BPUT) |
 * | PUT_ELECTION | CORP | BPUT |
 * AcctOwnrTxId is the ledger record that moved the units (transfer,
 * settlement, payment event, pledge, repo or lock id), MktInfrstrctrTxId the
 * transaction, both as Max35Text references; the full ids are in
 * TxAddtlDtls. A corporate action names its event as seev.031/036 do.
 */
import type { Bond } from '@bond-platform/chaincode/api';
import { MovementReason } from './account-movements';
import {
  amountElement,
  bondOf,
  creditDebit,
  dateChoice,
  dateTimeChoice,
  element,
  financialInstrumentId,
  isoDate,
  isoDocument,
  isoReference,
  leiOf,
  maxText,
  partyWithLei,
  quantityChoice,
  safekeepingAccount,
} from './common';
import { type CorporateActionEventType, paymentEventName, paymentEventType, putDateOf, putEventId } from './corporate-action-events';
import { corporateActionEventId } from './corporate-action-notification';
import {
  type AccountMovement,
  type AccountRef,
  type HoldingsStatementInput,
  type IsoMessage,
  MessageType,
  type ReferenceData,
  type StatementPosition,
  type TransactionsStatementInput,
} from './message';
import type { XmlElement } from './xml';

export { MovementReason, movementsOf, type MovementLookups } from './account-movements';

/** semt.002: the account's positions at the end of the statement date, to its holder. */
export function statementOfHoldings(input: HoldingsStatementInput, refs: ReferenceData): IsoMessage {
  const xml = isoDocument(MessageType.STATEMENT_OF_HOLDINGS, 'SctiesBalCtdyRpt', [
    pagination(),
    element('StmtGnlDtls', [
      element('StmtId', isoReference(input.id)),
      dateChoice('StmtDtTm', input.statementDate),
      ...statementKind(),
      element('ActvtyInd', String(input.positions.length > 0)),
      element('SubAcctInd', 'false'),
    ]),
    partyWithLei('AcctOwnr', leiOf(refs, input.account.holder)),
    safekeepingAccount(input.account.accountId),
    ...input.positions.map((position) => balanceForAccount(position, bondOf(refs, position.isin))),
  ]);
  return statement(MessageType.STATEMENT_OF_HOLDINGS, input, xml);
}

/** semt.017: the account's movements over the period, to its holder. */
export function statementOfTransactions(input: TransactionsStatementInput, refs: ReferenceData): IsoMessage {
  const foreign = input.movements.find((m) => !sameAccount(m.account, input.account));
  if (foreign) {
    throw new Error(`ISO 20022: a statement of ${accountName(input.account)} cannot list a movement of ${accountName(foreign.account)}`);
  }
  const xml = isoDocument(MessageType.STATEMENT_OF_TRANSACTIONS, 'SctiesTxPstngRpt', [
    pagination(),
    element('StmtGnlDtls', [
      element('StmtId', isoReference(input.id)),
      element('StmtPrd', [element('FrDtToDt', [element('FrDt', isoDate(input.fromDate)), element('ToDt', isoDate(input.toDate))])]),
      ...statementKind(),
      element('ActvtyInd', String(input.movements.length > 0)),
      element('SubAcctInd', 'false'),
    ]),
    partyWithLei('AcctOwnr', leiOf(refs, input.account.holder)),
    safekeepingAccount(input.account.accountId),
    ...byBond(input.movements).map(([isin, movements]) => {
      const bond = bondOf(refs, isin);
      return element('FinInstrmDtls', [financialInstrumentId(isin, bond.terms.shortName), ...movements.map((m) => transaction(m, bond))]);
    }),
  ]);
  return statement(MessageType.STATEMENT_OF_TRANSACTIONS, input, xml);
}

function statement(messageType: MessageType, input: { id: string; account: AccountRef; createdAt: string }, xml: string): IsoMessage {
  return { id: input.id, messageType, recipients: [input.account.holder], accounts: [input.account], createdAt: input.createdAt, xml };
}

function pagination(): XmlElement {
  return element('Pgntn', [element('PgNb', '1'), element('LastPgInd', 'true')]);
}

/** Frqcy ADHO, UpdTp COMP, StmtBsis SETT. */
function statementKind(): XmlElement[] {
  return [
    element('Frqcy', [element('Cd', 'ADHO')]),
    element('UpdTp', [element('Cd', 'COMP')]),
    element('StmtBsis', [element('Cd', 'SETT')]),
  ];
}

function balanceForAccount(position: StatementPosition, bond: Bond): XmlElement {
  const [held, frozen, pledged] = [position.units, position.frozenUnits, position.pledgedUnits].map(BigInt) as [bigint, bigint, bigint];
  const available = held - frozen - pledged;
  if (available < 0n) throw new Error(`ISO 20022: ${position.isin} has ${frozen} frozen and ${pledged} pledged of ${held} units`);
  const face = (units: bigint) => quantityChoice(units.toString(), bond);
  const subBalance = (code: 'BLOK' | 'PLED', units: bigint) =>
    units === 0n
      ? undefined
      : element('BalBrkdwn', [
          element('SubBalTp', [element('Cd', code)]),
          element('Qty', [element('ShrtLngInd', 'LONG'), element('Qty', [element('Qty', [face(units)])])]),
        ]);
  return element('BalForAcct', [
    financialInstrumentId(position.isin, bond.terms.shortName),
    element('AggtBal', [element('ShrtLngInd', 'LONG'), element('Qty', [element('Qty', [element('Qty', [face(held)])])])]),
    element('AvlblBal', [element('ShrtLngInd', 'LONG'), element('Qty', [element('Qty', [face(available)])])]),
    frozen + pledged === 0n ? undefined : element('NotAvlblBal', [element('Qty', [face(frozen + pledged)])]),
    subBalance('BLOK', frozen),
    subBalance('PLED', pledged),
  ]);
}

/** The movements by bond, bonds in the order they first move. */
function byBond(movements: readonly AccountMovement[]): [string, AccountMovement[]][] {
  const groups = new Map<string, AccountMovement[]>();
  for (const m of movements) groups.set(m.isin, [...(groups.get(m.isin) ?? []), m]);
  return [...groups];
}

/** How a movement is posted: its activity, and a settlement transaction type or a corporate action. */
type SettlementType = 'PLAC' | 'TRAD' | 'OWNI' | 'COLO' | 'COLI';
type Posting =
  | { activity: 'SETT' | 'COLL'; transactionType: SettlementType }
  | { activity: 'CORP'; corporateAction: CorporateActionEventType; eventId?: string };

/** The settlement transaction type of each settlement movement, by direction (a collateral's depends on it). */
const SETTLEMENT_TYPES: Readonly<Record<string, { activity: 'SETT' | 'COLL'; DELI: SettlementType; RECE: SettlementType }>> = {
  [MovementReason.PRIMARY_SETTLEMENT]: { activity: 'SETT', DELI: 'PLAC', RECE: 'PLAC' },
  [MovementReason.TRANSFER]: { activity: 'SETT', DELI: 'TRAD', RECE: 'TRAD' },
  [MovementReason.HASH_LOCK_CLAIM]: { activity: 'SETT', DELI: 'TRAD', RECE: 'TRAD' },
  [MovementReason.HASH_LOCK]: { activity: 'SETT', DELI: 'OWNI', RECE: 'OWNI' },
  [MovementReason.HASH_LOCK_REFUND]: { activity: 'SETT', DELI: 'OWNI', RECE: 'OWNI' },
  [MovementReason.PLEDGE_ENFORCEMENT]: { activity: 'COLL', DELI: 'COLO', RECE: 'COLI' },
  [MovementReason.REPO_ENFORCEMENT]: { activity: 'COLL', DELI: 'COLO', RECE: 'COLI' },
};

function postingOf(m: AccountMovement): Posting {
  const settlement = Object.hasOwn(SETTLEMENT_TYPES, m.reason) ? SETTLEMENT_TYPES[m.reason] : undefined;
  if (settlement) return { activity: settlement.activity, transactionType: settlement[m.direction] };
  if (m.reason === MovementReason.REDEMPTION) {
    return m.reference === undefined
      ? { activity: 'CORP', corporateAction: 'REDM' }
      : { activity: 'CORP', corporateAction: paymentEventType(paymentEventName(m.reference)), eventId: m.reference };
  }
  if (m.reason === MovementReason.PUT_ELECTION) {
    return { activity: 'CORP', corporateAction: 'BPUT', eventId: m.reference && putEventId(putDateOf(m.reference)) };
  }
  throw new Error(`ISO 20022: no posting for a movement by ${m.reason}`);
}

function transaction(m: AccountMovement, bond: Bond): XmlElement {
  const posting = postingOf(m);
  const corporateActionId = posting.activity === 'CORP' && posting.eventId ? corporateActionEventId(m.isin, posting.eventId) : undefined;
  return element('Tx', [
    element('AcctOwnrTxId', isoReference(m.reference ?? m.transactionId)),
    element('MktInfrstrctrTxId', isoReference(m.transactionId)),
    corporateActionId === undefined ? undefined : element('CorpActnEvtId', corporateActionId),
    element('TxDtls', [
      element('TxActvty', [element('Cd', posting.activity)]),
      element('SttlmTxOrCorpActnEvtTp', [
        posting.activity === 'CORP'
          ? element('CorpActnEvtTp', [element('Cd', posting.corporateAction)])
          : element('SctiesTxTp', [element('Cd', posting.transactionType)]),
      ]),
      element('SctiesMvmntTp', m.direction),
      element('Pmt', m.cashAmount === undefined ? 'FREE' : 'APMT'),
      element('PstngQty', [element('Qty', [quantityChoice(m.units, bond)])]),
      m.cashAmount === undefined
        ? undefined
        : element('PstngAmt', [
            amountElement('Amt', m.cashAmount, bond.terms.specifiedCurrency),
            element('CdtDbt', creditDebit(m.direction)),
          ]),
      dateTimeChoice('FctvSttlmDt', m.timestamp),
      element(
        'TxAddtlDtls',
        maxText(`${m.reason}${m.reference ? ` ${m.reference}` : ''}, block ${m.blockNumber}, transaction ${m.transactionId}`, 350),
      ),
    ]),
  ]);
}

function sameAccount(a: AccountRef, b: AccountRef): boolean {
  return a.holder === b.holder && a.accountId === b.accountId;
}

function accountName(account: AccountRef): string {
  return `${account.holder}/${account.accountId}`;
}
