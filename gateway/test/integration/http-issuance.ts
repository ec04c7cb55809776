/**
 * A bond issued through the gateways' HTTP API, as many tests need one: the
 * issuer applies, the CSD approves, the issuer runs a fixed-price book open
 * now, each bidder bids into its account, the book is closed and allocated,
 * and the CSD settles every primary DvP and completes the issue.
 */
import type { Bond, BondApplication, Page, SettlementInstruction } from '@bond-platform/chaincode/api';
import { freshNationalCode } from './bond-steps';
import type { Api } from './http-client';

/** One bid in the book: who bids, how many units, into which of its accounts. */
export interface HttpBid {
  bidder: Api;
  units: string;
  accountId: string;
}

/** Issues a bond on `terms` to `bids` and returns its ISIN once it is ISSUED. */
export async function issueOverHttp(parties: { csd: Api; issuer: Api }, terms: Record<string, unknown>, bids: HttpBid[]): Promise<string> {
  const isin = await approveOverHttp(parties, terms);
  await openBookNow(parties.issuer, isin);
  for (const { bidder, units, accountId } of bids) await bidder.ok('POST', `/bonds/${isin}/bids`, { units, accountId });
  await allocateAndSettle(parties, isin);
  return isin;
}

/** The issuer applies with `terms` and the CSD approves on a fresh national code; returns the ISIN. */
export async function approveOverHttp(parties: { csd: Api; issuer: Api }, terms: Record<string, unknown>): Promise<string> {
  const application = await parties.issuer.ok<BondApplication>('POST', '/bond-applications', terms);
  const { isin } = await parties.csd.ok<Bond>('POST', `/bond-applications/${application.applicationId}/approval`, {
    nationalCode: freshNationalCode(),
  });
  return isin;
}

/** The issuer opens a fixed-price book, open since a minute ago and for ten minutes more. */
export async function openBookNow(issuer: Api, isin: string): Promise<void> {
  const now = Date.now();
  await issuer.ok('POST', `/bonds/${isin}/book`, {
    bookType: 'FIXED_PRICE',
    opensAt: new Date(now - 60_000).toISOString(),
    closesAt: new Date(now + 600_000).toISOString(),
  });
}

/** The issuer closes and allocates the book; the CSD settles every primary DvP (cash confirmed) and completes the issue. */
export async function allocateAndSettle(parties: { csd: Api; issuer: Api }, isin: string): Promise<void> {
  const { csd, issuer } = parties;
  await issuer.ok('POST', `/bonds/${isin}/book/closure`);
  await issuer.ok('POST', `/bonds/${isin}/allocation`, {});
  await csd.ok('POST', `/bonds/${isin}/settlements`);
  const instructions = await csd.read<Page<SettlementInstruction>>(`/bonds/${isin}/settlements?pageSize=100`);
  for (const i of instructions.records.filter((r) => r.status === 'PENDING_CASH')) {
    await csd.ok('POST', `/bonds/${isin}/settlements/${i.settlementId}/cash-confirmation`);
  }
  const issued = await csd.ok<Bond>('POST', `/bonds/${isin}/issuance-completion`);
  if (issued.status !== 'ISSUED') throw new Error(`${isin} is ${issued.status} after its issuance completion`);
}
