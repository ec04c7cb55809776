/**
 * The cash ledger: the request and response shapes of accounts, issuance,
 * redemption and transfers, as published to clients. Field names are the
 * JSON names on the wire. Amounts and balances are whole numbers of the
 * currency's minor unit (cents for EUR, yen for JPY) written as decimal
 * strings ("125000" is EUR 1,250.00): never a float, never a fraction.
 */
import type { CashLock } from './htlc';

/** The payment operator's MSP ID when Initialize is not told another. */
export const DEFAULT_OPERATOR_MSP_ID = 'PaymentMSP';

/**
 * Role attribute carried in an identity's certificate, as on the bond
 * ledger (the same CAs issue it as `bond.role`, comma-separated when several).
 */
export const IDENTITY_ROLE_ATTRIBUTE = 'bond.role';
export const IdentityRole = {
  /** At the payment operator: initialises the ledger and opens accounts. */
  ADMIN: 'admin',
  /** Signs business instructions for its organisation: issuing and redeeming at the operator; transfers and locks at a participant. */
  OPERATOR: 'operator',
} as const;
export type IdentityRole = (typeof IdentityRole)[keyof typeof IdentityRole];

/** Who made a change, when and in which transaction. */
export interface ChangeStamp {
  mspId: string;
  /** The signer's X.509 subject and issuer as Fabric's ClientIdentity reports it. */
  identity: string;
  /** ISO-8601 UTC time from the transaction timestamp. */
  timestamp: string;
  txId: string;
}

/** A page of a paginated query; `bookmark` is empty on the last page. */
export interface Page<T> {
  records: T[];
  bookmark: string;
  fetchedRecordsCount: number;
}

/** The ledger's configuration, written once by Cash:Initialize. */
export interface CashConfig {
  /** The payment operator: the cash ledger's sole administrator and issuer. */
  operatorMspId: string;
  initialized: ChangeStamp;
}

export interface InitializeRequest {
  /** The payment operator's MSP ID; the caller must belong to it. Default DEFAULT_OPERATOR_MSP_ID. */
  operatorMspId?: string;
}

/** An account of an organisation, within a currency given alongside. */
export interface AccountRef {
  /** The owning organisation's MSP ID. */
  owner: string;
  /** The owner's name for the account (e.g. SETTLEMENT, CLIENT-OMNIBUS): an identifier of at most 32 characters. */
  accountId: string;
}

/** An account: owner, account ID and ISO 4217 currency. The same account ID in two currencies is two accounts. */
export interface AccountKey extends AccountRef {
  currency: string;
}

export interface Account extends AccountKey {
  /** Minor units, a decimal string, never negative. */
  balance: string;
  /** The currency's minor-unit digits (ISO 4217), for display: 2 for EUR, 0 for JPY. */
  minorUnits: number;
  opened: ChangeStamp;
  lastChange: ChangeStamp;
}

export type OpenAccountRequest = AccountKey;

/** The operator issues (mints) into, or redeems (burns) from, an account. */
export interface IssueCashRequest extends AccountKey {
  /** Minor units, a decimal string > 0. */
  amount: string;
}
export type RedeemCashRequest = IssueCashRequest;

/** A participant pays from an account of its own to any open account in the same currency. */
export interface TransferCashRequest {
  from: AccountRef;
  to: AccountRef;
  currency: string;
  amount: string;
}

/**
 * What the operator has issued and redeemed in a currency. The ledger's
 * invariant: Σ balances + Σ amounts of LOCKED locks = issued − redeemed
 * (= outstanding), per currency.
 */
export interface CurrencyTotals {
  currency: string;
  issued: string;
  redeemed: string;
  /** issued − redeemed. */
  outstanding: string;
  /** Absent while nothing was ever issued in the currency. */
  lastChange?: ChangeStamp;
}

/** One account's balance before and after a transaction. */
export interface BalanceChange {
  account: AccountKey;
  before: string;
  after: string;
  /** after − before, signed ("-5000", "5000"). */
  delta: string;
}

export const MovementKind = {
  ISSUE: 'ISSUE',
  REDEEM: 'REDEEM',
  TRANSFER: 'TRANSFER',
  /** Out of the locker's balance into a lock. */
  LOCK: 'LOCK',
  /** Out of a lock into the beneficiary's balance. */
  CLAIM: 'CLAIM',
  /** Out of an expired lock back into the locker's balance. */
  REFUND: 'REFUND',
} as const;
export type MovementKind = (typeof MovementKind)[keyof typeof MovementKind];

/**
 * Every balance-changing transaction's result and event payload: the full
 * change set of the transaction (Fabric keeps one chaincode event per
 * transaction), the currency's totals when they changed (issue, redeem),
 * the lock when one moved (lock, claim, refund).
 */
export interface CashMovement {
  kind: MovementKind;
  currency: string;
  amount: string;
  changes: BalanceChange[];
  totals?: CurrencyTotals;
  lock?: CashLock;
  stamp: ChangeStamp;
}

/** Event names the cash chaincode emits (one per transaction). */
export const CashEvent = {
  LEDGER_INITIALIZED: 'CashLedgerInitialized',
  ACCOUNT_OPENED: 'CashAccountOpened',
  CASH_ISSUED: 'CashIssued',
  CASH_REDEEMED: 'CashRedeemed',
  CASH_TRANSFERRED: 'CashTransferred',
  CASH_LOCKED: 'CashLocked',
  CASH_CLAIMED: 'CashClaimed',
  CASH_REFUNDED: 'CashRefunded',
} as const;
export type CashEvent = (typeof CashEvent)[keyof typeof CashEvent];

/** The event each kind of movement is announced with. */
export const MOVEMENT_EVENTS: Readonly<Record<MovementKind, CashEvent>> = {
  ISSUE: CashEvent.CASH_ISSUED,
  REDEEM: CashEvent.CASH_REDEEMED,
  TRANSFER: CashEvent.CASH_TRANSFERRED,
  LOCK: CashEvent.CASH_LOCKED,
  CLAIM: CashEvent.CASH_CLAIMED,
  REFUND: CashEvent.CASH_REFUNDED,
};
