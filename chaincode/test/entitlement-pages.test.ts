/**
 * Entitlements fixed a page of holdings at a time (issue 15): a register of
 * more than ENTITLEMENTS_FIXED_PER_CALL holdings takes several fix calls;
 * the event is FIXING until the last, and nothing is paid, completed or
 * delivered on the record date meanwhile. Every page reads the register as
 * it stood at the end of the record date, so deliveries on later days
 * between pages change nothing.
 */
import { type DueEvent, ENTITLEMENTS_FIXED_PER_CALL, type Entitlement, ErrorCode, type PaymentEvent, ServicingEvent } from '../src/api';
import { BANK, contracts, CSD, FUND, ISIN, json, Scenario } from './support/scenario';

const { books, servicing, settlement, custody } = contracts;

let scenario: Scenario;
let firstFix = '';
const HOLDINGS = 1200;
const accountId = (n: number) => `CLIENT-${String(n).padStart(5, '0')}`;

/** A bond issued to 1,200 one-unit accounts of the bank (its bid named 1,201; one was allocated nothing). */
beforeAll(async () => {
  scenario = new Scenario();
  await scenario.members();
  await scenario.approvedBond();
  await scenario.openBook();
  const accounts = Array.from({ length: HOLDINGS + 1 }, (_, i) => ({ accountId: accountId(i + 1), units: '1' }));
  const bid = await scenario.ledger.invokeWith(books, 'PlaceBid', BANK, {
    transient: { bid: { isin: ISIN, units: String(HOLDINGS + 1), accounts } },
  });
  expect(bid.error).toBeUndefined();
  await scenario.allocate('200');
  for (const i of await scenario.startSettlement()) await scenario.ok(settlement, 'ConfirmCash', CSD, ISIN, i.settlementId);
  await scenario.ok(settlement, 'CompleteIssuance', CSD, ISIN);
  scenario.ledger.now = Scenario.at('2027-03-01'); // coupon 1's record date
}, 120_000);

const fix = () => scenario.ledger.invoke(servicing, 'FixCouponEntitlements', CSD, ISIN, '1');
const dueEvent = async (date: string) =>
  (await scenario.ok<DueEvent[]>(servicing, 'ListDueEvents', CSD, ISIN, date)).find((e) => e.eventId === 'C-001');

async function entitlements(): Promise<Entitlement[]> {
  const all: Entitlement[] = [];
  for (let bookmark = '', more = true; more;) {
    const page = await scenario.ok<{ records: Entitlement[]; bookmark: string }>(
      servicing,
      'ListEntitlements',
      CSD,
      ISIN,
      'C-001',
      '100',
      bookmark,
    );
    all.push(...page.records);
    bookmark = page.bookmark;
    more = bookmark !== '';
  }
  return all;
}

describe('entitlements fixed a page at a time', () => {
  it(`fixes at most ${ENTITLEMENTS_FIXED_PER_CALL} holdings per call; the event is FIXING until the last page`, async () => {
    const first = await fix();
    firstFix = first.txId;
    const event = JSON.parse(first.result!) as PaymentEvent;
    expect(event).toMatchObject({
      eventId: 'C-001',
      status: 'FIXING',
      holders: 500,
      totalUnits: '500',
      fixedThrough: { holder: 'BankMSP', accountId: accountId(500) },
    });
    expect(first.event?.name).toBe(ServicingEvent.ENTITLEMENTS_FIXING);
    expect(first.attemptedWrites).toHaveLength(ENTITLEMENTS_FIXED_PER_CALL + 1);
    expect(first.reads.histories).toBe(ENTITLEMENTS_FIXED_PER_CALL);
    expect((await dueEvent('2027-03-01'))?.fixed).toBe(false);
  });

  it('pays nothing, completes nothing and delivers nothing on the record date while the event is FIXING (nothing written)', async () => {
    await scenario.refused(
      servicing,
      'ConfirmPayment',
      BANK,
      ErrorCode.INVALID_STATE_TRANSITION,
      {},
      ISIN,
      'C-001',
      'BankMSP',
      accountId(1),
    );
    await scenario.refused(servicing, 'CompletePaymentEvent', CSD, ErrorCode.INVALID_STATE_TRANSITION, {}, ISIN, 'C-001');
    const expiresAt = new Date((scenario.ledger.now + 86_400) * 1000).toISOString();
    const transfer = json({
      isin: ISIN,
      fromAccount: accountId(1100),
      to: 'FundMSP',
      toAccount: 'PROP',
      units: '1',
      cashAmount: '0',
      expiresAt,
    });
    await scenario.refused(custody, 'InstructTransfer', BANK, ErrorCode.OUTSIDE_WINDOW, {}, transfer);
  });

  it('continues from where it stopped, reading the register at the end of the record date whatever was delivered since', async () => {
    // The next day a holding not fixed yet is delivered to an account that had nothing on the record date.
    scenario.ledger.now = Scenario.at('2027-03-02');
    const expiresAt = new Date((scenario.ledger.now + 86_400) * 1000).toISOString();
    const transfer = await scenario.ok<{ transferId: string }>(
      custody,
      'InstructTransfer',
      BANK,
      json({ isin: ISIN, fromAccount: accountId(1100), to: 'FundMSP', toAccount: 'PROP', units: '1', cashAmount: '0', expiresAt }),
    );
    await scenario.ok(custody, 'AffirmTransfer', FUND, transfer.transferId);

    expect(JSON.parse((await fix()).result!)).toMatchObject({
      status: 'FIXING',
      holders: 1000,
      fixedThrough: { accountId: accountId(1000) },
    });
    const last = await fix();
    const fixed = JSON.parse(last.result!) as PaymentEvent;
    expect(fixed).toMatchObject({ status: 'ENTITLEMENTS_FIXED', holders: HOLDINGS, totalUnits: String(HOLDINGS) });
    expect(fixed).not.toHaveProperty('fixedThrough');
    expect(fixed.fixed.txId).toBe(firstFix); // the event is stamped by the call that created it
    expect(last.event?.name).toBe(ServicingEvent.ENTITLEMENTS_FIXED);
    await scenario.refused(servicing, 'FixCouponEntitlements', CSD, ErrorCode.ALREADY_EXISTS, {}, ISIN, '1');
    expect((await dueEvent('2027-03-02'))?.fixed).toBe(true);

    const all = await entitlements();
    expect(all).toHaveLength(HOLDINGS);
    expect(all.find((e) => e.accountId === accountId(1100))).toMatchObject({ holder: 'BankMSP', units: '1' });
    expect(all.find((e) => e.holder === 'FundMSP')).toBeUndefined();
    expect(all.reduce((sum, e) => sum + BigInt(e.amount), 0n)).toBe(BigInt(fixed.totalAmount));
  });

  it('pays once fixed, and names at most ten unpaid holdings when the event cannot complete', async () => {
    await scenario.ok(servicing, 'ConfirmPayment', BANK, ISIN, 'C-001', 'BankMSP', accountId(1));
    const refusal = await scenario.ledger.invoke(servicing, 'CompletePaymentEvent', CSD, ISIN, 'C-001');
    expect(refusal.error?.message).toMatch(/^INVALID_STATE_TRANSITION: 1199 payment\(s\) of C-001 are unconfirmed: .* and 1189 more$/);
    expect(refusal.error!.message.length).toBeLessThan(500);
  });
});
