/**
 * Who the parties of a BDT document are on the ledger. BDT names a party by
 * its LEI; the platform by its MSP ID. The gateway builds the directory from
 * the ledger's member list (Membership:ListMembers), never from its own
 * state, and the platform's description (the bond ledger's channel and
 * chaincode, and the CSD that operates it and keeps the register).
 */
import { type Member, MemberStatus, Role } from '@bond-platform/chaincode/api';

/** LEIs ↔ MSP IDs of the ledger's members. */
export interface PartyDirectory {
  /** The member a document's party is: the one not revoked member with this LEI (undefined if none, or if several have it). */
  mspIdOf(lei: string): string | undefined;
  leiOf(mspId: string): string | undefined;
  /** The member's legal name on the ledger. */
  legalNameOf(mspId: string): string | undefined;
}

/** The ledger a bond is registered on, as BDT's DLT fields describe it. */
export interface LedgerPlatform {
  channel: string;
  chaincode: string;
  /** The CSD: it operates the network and keeps the register. */
  csd: { legalName: string; lei: string };
}

/** The directory of `members` (every member, revoked ones too, so an old bond's parties keep their LEI). */
export function partyDirectory(members: readonly Member[]): PartyDirectory {
  const byMspId = new Map(members.map((member) => [member.mspId, member]));
  const byLei = new Map<string, string[]>();
  for (const member of members) {
    if (member.status !== MemberStatus.REVOKED) byLei.set(member.lei, [...(byLei.get(member.lei) ?? []), member.mspId]);
  }
  return {
    mspIdOf: (lei) => {
      const mspIds = byLei.get(lei) ?? [];
      return mspIds.length === 1 ? mspIds[0] : undefined;
    },
    leiOf: (mspId) => byMspId.get(mspId)?.lei,
    legalNameOf: (mspId) => byMspId.get(mspId)?.legalName,
  };
}

/** The CSD among `members` (the member holding the CSD role), as the registrar and the platform's operator. */
export function csdOf(members: readonly Member[]): LedgerPlatform['csd'] | undefined {
  const csd = members.find((member) => member.roles.includes(Role.CSD));
  return csd && { legalName: csd.legalName, lei: csd.lei };
}
