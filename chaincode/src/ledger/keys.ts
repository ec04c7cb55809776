/**
 * Ledger key layout. Composite keys make "all of a kind" a range query on
 * LevelDB (no CouchDB needed); one key per member keeps writes to different
 * members free of MVCC conflicts.
 */
import type { ChaincodeStub } from 'fabric-shim-api';

export const KeyType = {
  CONFIG: 'config',
  MEMBER: 'member',
  MEMBER_CONTACT: 'memberContact',
} as const;

/** The ledger's one configuration record (the CSD's MSP ID), written at initialisation. */
export function configKey(stub: ChaincodeStub): string {
  return stub.createCompositeKey(KeyType.CONFIG, ['platform']);
}

export function memberKey(stub: ChaincodeStub, mspId: string): string {
  return stub.createCompositeKey(KeyType.MEMBER, [mspId]);
}

export function memberContactKey(stub: ChaincodeStub, mspId: string): string {
  return stub.createCompositeKey(KeyType.MEMBER_CONTACT, [mspId]);
}
