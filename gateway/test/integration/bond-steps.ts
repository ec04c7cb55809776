/**
 * Steps that bring a bond to ISSUED on the network, for tests that start
 * from an issued bond: the securities company issues and runs the book, the
 * bank and the securities company buy, the CSD settles both cash legs.
 */
import type { Contract } from '@hyperledger/fabric-gateway';
import type { Bid, Bond, BondApplication, PrimarySettlementBatch, SettlementInstruction } from '@bond-platform/chaincode/api';
import { json, type Participants } from './participants';

const encoder = new TextEncoder();
let sequence = 0;

/** A national code no earlier run used: 9 upper-case base-36 characters. */
export function freshNationalCode(): string {
  sequence += 1;
  return `${Date.now().toString(36).toUpperCase().slice(-7)}${sequence.toString(36).toUpperCase().padStart(2, '0')}`;
}

/** The UTC calendar date `days` from today, YYYY-MM-DD. */
export function utcDate(days = 0, years = 0): string {
  const date = new Date();
  date.setUTCFullYear(date.getUTCFullYear() + years, date.getUTCMonth(), date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export function privateInput(value: unknown): Record<string, Uint8Array> {
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, encoder.encode(JSON.stringify(v))]));
}

/** Issues a bond with `terms`; returns its ISIN. Bank buys `bankUnits`, the securities company the rest of 1000. */
export async function issueBond(participants: Participants, terms: Record<string, unknown>, bankUnits = 600): Promise<string> {
  const as = (org: string, contract: string): Contract => participants.contract(org, 'operator1', contract);
  const isin = await allocateBond(participants, terms, bankUnits);
  for (const instruction of await startPrimarySettlement(as('csd', 'Settlement'), isin)) {
    await as('csd', 'Settlement').submitTransaction('ConfirmCash', isin, instruction.settlementId);
  }
  await as('csd', 'Settlement').submitTransaction('CompleteIssuance', isin);
  return isin;
}

/** Calls StartPrimarySettlement (as the CSD) until every allocation line has its instruction; returns them all, and each call's batch. */
export async function startPrimarySettlement(
  csdSettlement: Contract,
  isin: string,
): Promise<SettlementInstruction[] & { batches: PrimarySettlementBatch[] }> {
  const batches: PrimarySettlementBatch[] = [];
  do batches.push(json<PrimarySettlementBatch>(await csdSettlement.submitTransaction('StartPrimarySettlement', isin)));
  while (batches.at(-1)!.linesRemaining > 0);
  return Object.assign(
    batches.flatMap((b) => b.instructions),
    { batches },
  );
}

/** Registers a bond with `terms` and runs its book to ALLOCATED (bank `bankUnits`, the securities company the rest of 1000); returns its ISIN. */
export async function allocateBond(participants: Participants, terms: Record<string, unknown>, bankUnits = 600): Promise<string> {
  const as = (org: string, contract: string): Contract => participants.contract(org, 'operator1', contract);
  const [csd, bank, securities] = [participants.mspId('csd'), participants.mspId('bank'), participants.mspId('securities')];
  const application = json<BondApplication>(await as('securities', 'Bonds').submitTransaction('ApplyForBond', JSON.stringify(terms)));
  const bond = json<Bond>(
    await as('csd', 'Bonds').submitTransaction(
      'ApproveBond',
      JSON.stringify({ applicationId: application.applicationId, nationalCode: freshNationalCode() }),
    ),
  );
  const isin = bond.isin;
  const now = Date.now();
  await as('securities', 'Books').submitTransaction(
    'OpenBook',
    JSON.stringify({
      isin,
      bookType: 'FIXED_PRICE',
      opensAt: new Date(now - 60_000).toISOString(),
      closesAt: new Date(now + 600_000).toISOString(),
    }),
  );
  const bidAs = (org: string, units: number, endorsers: string[]) =>
    as(org, 'Books').submit('PlaceBid', {
      transientData: privateInput({ bid: { isin, units: String(units), accountId: 'PROPRIETARY' } }),
      endorsingOrganizations: endorsers,
    });
  await bidAs('bank', bankUnits, [csd, bank, securities]);
  await bidAs('securities', 1000 - bankUnits, [csd, securities]);
  await as('securities', 'Books').submitTransaction('CloseBook', isin);
  const orderBook = json<Bid[]>(await as('securities', 'Books').evaluateTransaction('GetOrderBook', isin));
  await as('securities', 'Books').submit('AllocateBook', {
    arguments: [JSON.stringify({ isin })],
    transientData: privateInput({ orderBook }),
    endorsingOrganizations: [csd, securities],
  });
  return isin;
}

/**
 * Terms of an annual fixed-rate CNY bond (CNY 100.00 a unit) dated around
 * `couponDate`: issued a year before it, so its first coupon falls on it,
 * maturing two years after it, dates unadjusted, record date the payment
 * date itself (offset 0): issuance settles only before the first record date,
 * and the network's clock is real, so a coupon due today can still be issued
 * for today and fixed today. `overrides` replaces any field.
 */
export function termsAround(couponDate: string, payingAgent: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const [year, month, day] = couponDate.split('-');
  return {
    shortName: 'EXSEC TEST',
    specifiedCurrency: 'CNY',
    specifiedDenomination: '10000',
    issueSize: '1000',
    interestType: 'FIXED',
    interestRate: '3.1',
    interestPaymentFrequency: 'ANNUALLY',
    dayCountFraction: 'ICMA_ACT/ACT',
    issueDate: `${Number(year) - 1}-${month}-${day}`,
    maturityDate: `${Number(year) + 2}-${month}-${day}`,
    businessDayConvention: 'UNADJUSTED',
    businessDayCalendar: 'CN-IB',
    recordDateOffset: 0,
    payingAgent,
    statusOfNote: 'SENIOR_UNSECURED',
    formOfNote: 'REGISTERED',
    issuePrice: '100',
    ...overrides,
  };
}
