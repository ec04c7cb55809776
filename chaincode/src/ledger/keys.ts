/**
 * Ledger key layout. Composite keys make "all of a kind" a range query on
 * LevelDB (no CouchDB needed); one key per member keeps writes to different
 * members free of MVCC conflicts.
 */
import type { ChaincodeStub } from 'fabric-shim-api';
import { requireKeyAttribute } from '../domain/validation';

export const KeyType = {
  CONFIG: 'config',
  MEMBER: 'member',
  MEMBER_CONTACT: 'memberContact',
  BOND_APPLICATION: 'bondApplication',
  /** Index rows ({ applicationId }) of applications by status: the CSD's review queue is a range query. */
  BOND_APPLICATION_BY_STATUS: 'bondApplicationByStatus',
  BOND: 'bond',
  /** Index rows (empty values) so bonds by status / by issuer are range queries. */
  BOND_BY_STATUS: 'bondByStatus',
  BOND_BY_ISSUER: 'bondByIssuer',
  CALENDAR: 'calendar',
  BOOK: 'book',
  /** Public trace of a bid (who, not what); the bid itself is private data. */
  BID_REF: 'bidRef',
  BID: 'bid',
  ALLOCATION: 'allocation',
  SETTLEMENT: 'settlement',
  /** How far StartPrimarySettlement has come through a bond's allocation lines. */
  PRIMARY_SETTLEMENT: 'primarySettlement',
  /** One key per (bond, holder, account): transfers between different holders never touch the same key. */
  HOLDING: 'holding',
  /** Index rows for "holdings of a holder". */
  HOLDING_BY_HOLDER: 'holdingByHolder',
  FREEZE: 'freeze',
  PLEDGE: 'pledge',
  /** Index rows of a holding's ACTIVE pledges ({ units }), so the pledged units are one range read. */
  ACTIVE_PLEDGE: 'activePledge',
  /** Index rows (empty values) of every pledge by bond then pledgee, and by pledgee then bond: the pledge lists. */
  PLEDGE_BY_BOND: 'pledgeByBond',
  PLEDGE_BY_PLEDGEE: 'pledgeByPledgee',
  /** Index rows of ACTIVE pledges with an expiry, by expiry then id: the expired ones are the start of a range scan. */
  EXPIRING_PLEDGE: 'expiringPledge',
  /** Index rows ({ pledgeId }) of a bond's pledges whose coupons go to the pledgee, read by every coupon fix. */
  COUPON_PLEDGE: 'couponPledge',
  TRANSFER: 'transfer',
  REPO: 'repo',
  /** Index rows (empty values) of every repo by bond: a bond's repos. */
  REPO_BY_BOND: 'repoByBond',
  /** Index rows of OPEN repos by term date then id: the due ones are the start of a range scan. */
  OPEN_REPO: 'openRepo',
  /** Index rows of unsettled transfers by expiry then id, so the expired ones are the start of a range scan. */
  OPEN_TRANSFER: 'openTransfer',
  /** Coupon and redemption events, and their per-holder entitlements fixed on the record date. */
  PAYMENT_EVENT: 'paymentEvent',
  ENTITLEMENT: 'entitlement',
  /** Reference rate fixings, by rate then date. */
  RATE_FIXING: 'rateFixing',
  /** Hash time locks on units, by lock id (the locking transaction's). */
  HASH_LOCK: 'hashLock',
  /** Index rows (empty values) of a bond's hash locks, by ISIN then lock id: its locks are one range. */
  HASH_LOCK_BY_BOND: 'hashLockByBond',
  /**
   * Index rows of a holding's LOCKED hash locks ({ units }), so its locked units are one range read; the holding is
   * the locker's escrow holding (HTLC-ESCROW), which holds the locked units.
   */
  ACTIVE_HASH_LOCK: 'activeHashLock',
  /** Index rows (empty values) of LOCKED hash locks by expiry then lock id: the open locks, soonest expiry first. */
  OPEN_HASH_LOCK: 'openHashLock',
  /** The one registration of the cash ledger whose proofs the bond ledger accepts. */
  CASH_LEDGER: 'cashLedger',
  /** A cash lock the bond ledger has used, by cash channel then cash lock id: a proof serves once. */
  CASH_LOCK_USE: 'cashLockUse',
} as const;

export type KeyTypeName = (typeof KeyType)[keyof typeof KeyType];

/**
 * A composite key, or the prefix of a partial one, of a registered type.
 * Every attribute is printable ASCII (requireKeyAttribute): never the
 * separator U+0000, so no argument reaches into another key's range.
 */
export function key(stub: ChaincodeStub, type: KeyTypeName, ...attributes: string[]): string {
  for (const attribute of attributes) requireKeyAttribute(attribute, 'an identifier');
  return stub.createCompositeKey(type, attributes);
}

/** The implicit private data collection of an organisation (no definition needed; its peers hold it). */
export function implicitCollection(mspId: string): string {
  return `_implicit_org_${mspId}`;
}

/** The ledger's one configuration record (the CSD's MSP ID), written at initialisation. */
export function configKey(stub: ChaincodeStub): string {
  return key(stub, KeyType.CONFIG, 'platform');
}

export function memberKey(stub: ChaincodeStub, mspId: string): string {
  return key(stub, KeyType.MEMBER, mspId);
}

export function memberContactKey(stub: ChaincodeStub, mspId: string): string {
  return key(stub, KeyType.MEMBER_CONTACT, mspId);
}
