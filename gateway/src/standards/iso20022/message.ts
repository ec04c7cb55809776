/**
 * The ISO 20022 messages the CSD sends its participants, generated from
 * committed chain events: what a message is, the event it comes from, and
 * the reference data a builder may look up (always from the ledger).
 */
import type { Bond, Entitlement, Member, Pledge, Transfer } from '@bond-platform/chaincode/api';

/** The message versions the platform generates (one version per message). */
export const MessageType = {
  SETTLEMENT_INSTRUCTION: 'sese.023.001.11',
  SETTLEMENT_STATUS_ADVICE: 'sese.024.001.12',
  SETTLEMENT_CONFIRMATION: 'sese.025.001.11',
  INTRA_POSITION_MOVEMENT: 'semt.013.001.06',
  STATEMENT_OF_HOLDINGS: 'semt.002.001.11',
  STATEMENT_OF_TRANSACTIONS: 'semt.017.001.12',
  CORPORATE_ACTION_NOTIFICATION: 'seev.031.001.14',
  CORPORATE_ACTION_MOVEMENT_CONFIRMATION: 'seev.036.001.15',
  SECURITY_CREATION: 'reda.006.001.01',
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/** The XML namespace of a message version's Document. */
export function namespaceOf(type: MessageType): string {
  return `urn:iso:std:iso:20022:tech:xsd:${type}`;
}

/** A holder's account, as the ledger names it. */
export interface AccountRef {
  holder: string;
  accountId: string;
}

/** One committed chaincode event of a VALID transaction, with its block and the transaction's timestamp. */
export interface LedgerEvent {
  blockNumber: string;
  transactionId: string;
  /** The transaction's timestamp (its channel header), ISO-8601 UTC. */
  timestamp: string;
  eventName: string;
  payload: unknown;
}

/**
 * Reference data from the ledger: bonds by ISIN and members by MSP ID (their
 * LEI), and the records some events name without their contents. Those
 * lookups are optional so a feed may leave out what it never needs; a
 * builder that needs one it lacks throws. Each reads records that do not
 * change once the event is committed (an entitlement's units and amount, a
 * settled transfer, an enforced pledge), so reading them later gives what
 * the event recorded.
 */
export interface ReferenceData {
  bond(isin: string): Bond | undefined;
  member(mspId: string): Member | undefined;
  /**
   * A payment event's entitlements, every page (Servicing:ListEntitlements):
   * EntitlementsFixed carries the event, not the holdings it fixed.
   */
  entitlements?(isin: string, eventId: string): Entitlement[] | undefined;
  /**
   * A transfer instruction as the ledger holds it (Custody:GetTransfer),
   * undefined if the caller may not read it. TransfersSettled (a settlement
   * batch) names its transfers by id only; a SETTLED transfer never changes
   * again, so today's record is the one the batch settled. Without it, a
   * batch has no messages (its builder throws).
   */
  transfer?(transferId: string): Transfer | undefined;
  /**
   * A pledge (Custody:GetPledge), undefined if the caller may not read it:
   * RepoDefaulted carries the repo, and only its enforced pledge names the
   * lender's account the units moved to.
   */
  pledge?(pledgeId: string): Pledge | undefined;
}

/** A generated message, addressed to the members entitled to it. */
export interface IsoMessage {
  /** `<block>:<txId>:<n>`, n counting the messages of one event from 0; a statement has its own id. */
  id: string;
  messageType: MessageType;
  /**
   * MSP IDs of the members the message is for: the account owners it is
   * about (and the issuer or paying agent where it concerns them), or ['*']
   * for static data every member may read. The CSD and the regulator see every message.
   */
  recipients: string[];
  isin?: string;
  /** The accounts it is about (empty for static data). */
  accounts: AccountRef[];
  /** The event's transaction timestamp (a statement: its creation time). */
  createdAt: string;
  xml: string;
}

/** Builds the messages of one event: [] for an event that has none. */
export type MessageBuilder = (event: LedgerEvent, refs: ReferenceData, id: (n: number) => string) => IsoMessage[];

/** The event builders of a family of messages, by chaincode event name. */
export type MessageBuilders = Readonly<Record<string, MessageBuilder>>;

/** One account's position in one bond at a statement's date, as the ledger recorded it then. */
export interface StatementPosition {
  isin: string;
  /** Units held (whole units, decimal string), frozen and pledged ones included. */
  units: string;
  frozenUnits: string;
  pledgedUnits: string;
}

/** What semt.002 states: an account's positions at the end of a date. */
export interface HoldingsStatementInput {
  id: string;
  account: AccountRef;
  /** YYYY-MM-DD: positions as at the end of this date (UTC). */
  statementDate: string;
  /** When the statement was made: the timestamp of the last block read, ISO-8601 UTC. */
  createdAt: string;
  positions: StatementPosition[];
}

/** A change of an account's units in one bond by one committed transaction. */
export interface AccountMovement {
  account: AccountRef;
  isin: string;
  /** RECE: units came in; DELI: units went out. */
  direction: 'RECE' | 'DELI';
  units: string;
  /** Cash against the units, minor units of the bond's currency, when the movement was against payment. */
  cashAmount?: string;
  /** What moved them: PRIMARY_SETTLEMENT, TRANSFER, REDEMPTION, PLEDGE_ENFORCEMENT, HASH_LOCK, … */
  reason: string;
  /** The ledger record that moved them: settlement, transfer, payment event, pledge, repo or lock id. */
  reference?: string;
  transactionId: string;
  blockNumber: string;
  timestamp: string;
}

/** What semt.017 states: an account's movements over a period. */
export interface TransactionsStatementInput {
  id: string;
  account: AccountRef;
  /** YYYY-MM-DD, inclusive (UTC). */
  fromDate: string;
  toDate: string;
  createdAt: string;
  movements: AccountMovement[];
}
