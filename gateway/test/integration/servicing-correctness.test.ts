/**
 * Servicing correctness on the real network (issue 13): the final coupon is
 * paid before the principal and the bond is REDEEMED only then; nothing is
 * delivered once a redemption's register is fixed; entitlements come from
 * the holdings' history at the end of the record date; a bond cannot be
 * settled once its first record date has passed.
 *
 * The network's clock is real, so the bonds are dated around today: issued a
 * year ago, maturing (or paying their coupon) today, record date today
 * (offset 0). A record date in the past with holders settled before it cannot
 * be made within one run (issuance settles before the first record date): a
 * fix days after its record date, with transfers in between, is covered by
 * the chaincode's unit and property tests on the in-memory ledger.
 */
import { type Contract } from '@hyperledger/fabric-gateway';
import { type Bond, type Entitlement, ErrorCode, type PaymentEvent, type Transfer } from '@bond-platform/chaincode/api';
import { allocateBond, issueBond, termsAround, utcDate } from './bond-steps';
import { expectRefused, json, Participants } from './participants';

const participants = new Participants();
afterAll(() => {
  participants.close();
});

const as = (org: string, contract: string): Contract => participants.contract(org, 'operator1', contract);
const orgOf: Record<string, string> = {};

/** A bond issued a year before `lastDate` and maturing on it: one annual coupon, due with the principal. */
function maturingOn(lastDate: string): Record<string, unknown> {
  const [year, month, day] = lastDate.split('-');
  return termsAround(lastDate, participants.mspId('bank'), {
    shortName: 'EXSEC MATURING',
    issueDate: `${Number(year) - 1}-${month}-${day}`,
    maturityDate: lastDate,
  });
}

async function entitlements(isin: string, eventId: string): Promise<Entitlement[]> {
  return json<{ records: Entitlement[] }>(await as('bank', 'Servicing').evaluateTransaction('ListEntitlements', isin, eventId, '100', ''))
    .records;
}

/** The paying agent confirms one holder's payment; redemptions need the holder's endorsement too. */
function confirm(isin: string, eventId: string, holder: string): Promise<Uint8Array> {
  const endorsers = [...new Set([participants.mspId('csd'), participants.mspId('bank'), holder])];
  return as('bank', 'Servicing').submit('ConfirmPayment', {
    arguments: [isin, eventId, holder, 'PROPRIETARY'],
    endorsingOrganizations: endorsers,
  });
}

function fixMaturity(isin: string): Promise<Uint8Array> {
  return as('csd', 'Servicing').submitTransaction('FixRedemptionEntitlements', JSON.stringify({ isin, reason: 'MATURITY' }));
}

async function outstanding(isin: string): Promise<string> {
  return json<{ outstandingUnits: string }>(await as('csd', 'Custody').evaluateTransaction('GetOutstanding', isin)).outstandingUnits;
}

/** The bank instructs a free-of-payment transfer of `units` to the securities company. */
async function instructTransfer(isin: string, units: string): Promise<Transfer> {
  const request = {
    isin,
    fromAccount: 'PROPRIETARY',
    to: participants.mspId('securities'),
    toAccount: 'PROPRIETARY',
    units,
    cashAmount: '0',
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  };
  return json<Transfer>(await as('bank', 'Custody').submitTransaction('InstructTransfer', JSON.stringify(request)));
}

function affirm(transferId: string): Promise<Uint8Array> {
  const endorsers = [participants.mspId('csd'), participants.mspId('bank'), participants.mspId('securities')];
  return as('securities', 'Custody').submit('AffirmTransfer', { arguments: [transferId], endorsingOrganizations: endorsers });
}

beforeAll(async () => {
  await participants.ensureFoundingMembers();
  for (const org of ['csd', 'bank', 'securities']) orgOf[participants.mspId(org)] = org;
});

describe('servicing correctness on the network', () => {
  it('pays the final coupon before the principal, and redeems the bond only once every coupon is complete', async () => {
    const today = utcDate();
    const isin = await issueBond(participants, maturingOn(today));
    const [bank, securities] = [participants.mspId('bank'), participants.mspId('securities')];

    expect(json<PaymentEvent>(await fixMaturity(isin))).toMatchObject({ eventId: 'R-MATURITY', totalUnits: '1000', fixedLate: false });
    // The coupon due with the principal is not fixed: no principal is paid.
    await expectRefused(confirm(isin, 'R-MATURITY', bank), ErrorCode.INVALID_STATE_TRANSITION);
    const coupon = json<PaymentEvent>(await as('bank', 'Servicing').submitTransaction('FixCouponEntitlements', isin, '1'));
    expect(coupon).toMatchObject({ eventId: 'C-001', holders: 2, totalAmount: '310000' });
    expect(coupon.amountPerUnitExact).toBe('310/1');
    // Fixed, but unpaid to the bank: its principal waits for its coupon.
    await expectRefused(confirm(isin, 'R-MATURITY', bank), ErrorCode.INVALID_STATE_TRANSITION);
    for (const holder of [bank, securities]) {
      await confirm(isin, 'C-001', holder);
      await confirm(isin, 'R-MATURITY', holder);
    }
    expect(await outstanding(isin)).toBe('0');
    // Every payment is made, but C-001 is not complete: the redemption that ends the bond waits for it.
    await expectRefused(
      as('bank', 'Servicing').submitTransaction('CompletePaymentEvent', isin, 'R-MATURITY'),
      ErrorCode.INVALID_STATE_TRANSITION,
    );
    await as('bank', 'Servicing').submitTransaction('CompletePaymentEvent', isin, 'C-001');
    await as('bank', 'Servicing').submitTransaction('CompletePaymentEvent', isin, 'R-MATURITY');
    expect(json<Bond>(await as('securities', 'Bonds').evaluateTransaction('GetBond', isin)).status).toBe('REDEEMED');

    const events = json<PaymentEvent[]>(await as('securities', 'Servicing').evaluateTransaction('ListPaymentEvents', isin));
    expect(events.map((e) => [e.eventId, e.status])).toEqual([
      ['C-001', 'COMPLETE'],
      ['R-MATURITY', 'COMPLETE'],
    ]);
    const paid = await entitlements(isin, 'C-001');
    expect(paid.map((e) => [orgOf[e.holder], e.amount, e.status])).toEqual([
      ['bank', '186000', 'PAID'],
      ['securities', '124000', 'PAID'],
    ]);
    // Nothing is paid after redemption.
    await expectRefused(confirm(isin, 'C-001', bank), ErrorCode.INVALID_STATE_TRANSITION);
  });

  it('delivers nothing once the maturity entitlements are fixed, so the payments retire exactly the entitled units', async () => {
    const isin = await issueBond(participants, maturingOn(utcDate()));
    const pending = await instructTransfer(isin, '10');
    const redemption = json<PaymentEvent>(await fixMaturity(isin));
    expect((await entitlements(isin, 'R-MATURITY')).map((e) => [orgOf[e.holder], e.units])).toEqual([
      ['bank', '600'],
      ['securities', '400'],
    ]);
    // The register of the record date is fixed: neither the pending instruction nor a new one settles.
    await expectRefused(affirm(pending.transferId), ErrorCode.OUTSIDE_WINDOW);
    await expectRefused(instructTransfer(isin, '10'), ErrorCode.OUTSIDE_WINDOW);
    await as('bank', 'Custody').submitTransaction('CancelTransfer', pending.transferId);

    await as('csd', 'Servicing').submitTransaction('FixCouponEntitlements', isin, '1');
    for (const e of await entitlements(isin, 'C-001')) await confirm(isin, 'C-001', e.holder);
    for (const e of await entitlements(isin, 'R-MATURITY')) await confirm(isin, 'R-MATURITY', e.holder);
    await as('csd', 'Servicing').submitTransaction('CompletePaymentEvent', isin, 'C-001');
    await as('csd', 'Servicing').submitTransaction('CompletePaymentEvent', isin, 'R-MATURITY');
    const answer = json<{ outstandingUnits: string; status: string }>(
      await as('csd', 'Custody').evaluateTransaction('GetOutstanding', isin),
    );
    expect(answer).toEqual(expect.objectContaining({ outstandingUnits: '0', status: 'REDEEMED' }));
    expect(redemption.totalUnits).toBe('1000');
  });

  it('fixes a coupon from the holdings history at the end of the record date, and settles no delivery of that date after the fix', async () => {
    const today = utcDate();
    const isin = await issueBond(participants, termsAround(today, participants.mspId('bank'), { shortName: 'EXSEC REGISTER' }));
    // On the record date, before the fix: in the register.
    const early = await instructTransfer(isin, '100');
    await affirm(early.transferId);
    const late = await instructTransfer(isin, '50');

    const coupon = json<PaymentEvent>(await as('csd', 'Servicing').submitTransaction('FixCouponEntitlements', isin, '1'));
    expect(coupon).toMatchObject({ holders: 2, totalUnits: '1000', fixedLate: false });
    expect((await entitlements(isin, 'C-001')).map((e) => [orgOf[e.holder], e.units, e.amount])).toEqual([
      ['bank', '500', '155000'],
      ['securities', '500', '155000'],
    ]);
    // After the fix, the record date's register is closed: the second delivery would not be in it.
    await expectRefused(affirm(late.transferId), ErrorCode.OUTSIDE_WINDOW);
    await as('securities', 'Custody').submitTransaction('CancelTransfer', late.transferId);
    // The scheduler's second fix is refused as already done.
    await expectRefused(as('bank', 'Servicing').submitTransaction('FixCouponEntitlements', isin, '1'), ErrorCode.ALREADY_EXISTS);
  });

  it('refuses to settle a bond whose first record date has passed', async () => {
    const yesterday = utcDate(-1);
    const isin = await allocateBond(participants, termsAround(yesterday, participants.mspId('bank'), { shortName: 'EXSEC TOO LATE' }));
    await expectRefused(as('csd', 'Settlement').submitTransaction('StartPrimarySettlement', isin), ErrorCode.OUTSIDE_WINDOW);
    expect(json<Bond>(await as('csd', 'Bonds').evaluateTransaction('GetBond', isin)).status).toBe('ALLOCATED');
  });
});
