/**
 * Issue 19 on the network: a bond driven from an ICMA Bond Data Taxonomy
 * term sheet and followed in ISO 20022 messages alone. The issuer submits
 * the example China interbank term sheet (docs/examples/bdt-cn-interbank-bond.json)
 * as BDT; its terms, adjusted to the network's real clock (issued a year
 * ago, so its first coupon and an issuer call fall today; record date the
 * payment date; unadjusted dates; a small issue), go round the gateway's BDT
 * export and back in through POST /bond-applications/bdt, and that
 * application is approved, booked, allocated, settled, transferred, paid a
 * coupon and redeemed on the call. Then each participant's feed holds the
 * messages of its own accounts only (and the static data), each valid
 * against its message version's XSD; the regulator and the CSD read them
 * all; semt.002 and semt.017 of one account validate and state its units.
 *
 * The example's own dates cannot be issued and serviced within one run
 * (a record date before today refuses issuance), hence the adjustment
 * through the platform's terms rather than by editing the document's paths.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type {
  Bond,
  BondApplication,
  BondTermsRequest,
  Entitlement,
  PaymentEvent,
  PrimarySettlementBatch,
  Transfer,
} from '@bond-platform/chaincode/api';
import type { MessageFeedAnswer } from '../../src/http/iso20022-operations';
import { type MessageType, MessageType as Types } from '../../src/standards/iso20022/message';
import { validateMessage } from '../../src/standards/iso20022/schemas';
import { freshNationalCode, utcDate } from './bond-steps';
import { eventually } from './eventually';
import { Api, ensureMembersOverHttp, mspOf } from './http-client';
import { ensureOnboarded, REGULATOR } from './onboard';

const EXAMPLE = path.resolve(__dirname, '../../../docs/examples/bdt-cn-interbank-bond.json');
const csd = new Api('csd', 'operator1');
const bank = new Api('bank', 'operator1');
const securities = new Api('securities', 'operator1');
const regulator = new Api('regulator', 'operator1');

type Summary = MessageFeedAnswer['messages'][number];
interface Committed<T> {
  transactionId: string;
  blockNumber: string;
  result: T;
}

/** What the life of the bond left to check. */
interface Life {
  isin: string;
  /** The feed position of the first transaction of the run: every message of the bond comes after it. */
  start: string;
  accounts: { bank: string; securities: string };
  /** The bank's semt.002 of today, read after the transfer (before the coupon and the redemption). */
  holdingsAfterTransfer: string;
}

const today = utcDate();
/** Fresh accounts, so the statements are of this bond alone. */
const suffix = Date.now().toString(36).toUpperCase().slice(-6);
const ACCOUNTS = { bank: `ISO-B-${suffix}`, securities: `ISO-S-${suffix}` };
/** The CNY face amount of whole units at CNY 100.00 a unit (specifiedDenomination 10000 minor units). */
const faceOf = (units: bigint): string => `${units * 100n}.00`;

/** The example's terms on the network's clock: coupon and call today, record date the payment date, a small fixed-price issue. */
function onTheNetworksClock(terms: BondTermsRequest): BondTermsRequest {
  const adjusted: BondTermsRequest = {
    ...terms,
    shortName: `EXSEC ISO ${suffix}`,
    issueSize: '1000',
    bookType: 'FIXED_PRICE',
    issuePrice: '100',
    interestPaymentFrequency: 'ANNUALLY',
    issueDate: utcDate(0, -1),
    maturityDate: utcDate(0, 2),
    businessDayConvention: 'UNADJUSTED',
    recordDateOffset: 0,
    payingAgent: mspOf('bank'),
    callSchedule: [{ date: today, price: '100' }],
    callNoticeDays: 0,
  };
  // No put, no greenshoe, the regular coupon grid, and the CSD's ISIN.
  delete adjusted.isin;
  delete adjusted.putSchedule;
  delete adjusted.overAllotmentLimit;
  delete adjusted.firstCouponDate;
  delete adjusted.penultimateCouponDate;
  return adjusted;
}

/** The paying agent pays every entitlement of a payment event, then completes it. */
async function payAndComplete(isin: string, eventId: string): Promise<void> {
  const entitlements = await bank.read<{ records: Entitlement[] }>(`/bonds/${isin}/payment-events/${eventId}/entitlements?pageSize=100`);
  for (const e of entitlements.records) {
    await bank.ok('POST', `/bonds/${isin}/payment-events/${eventId}/payments`, { holder: e.holder, accountId: e.accountId });
  }
  await bank.ok<PaymentEvent>('POST', `/bonds/${isin}/payment-events/${eventId}/completion`);
}

async function liveTheBond(): Promise<Life> {
  // The example term sheet, as an issuer's systems produce it, imported as it is.
  const example = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as unknown;
  const imported = await securities.request<Committed<BondApplication>>('POST', '/bond-applications/bdt', example);
  expect([imported.status, imported.body.result.status]).toEqual([201, 'PENDING_APPROVAL']);
  const start = `${imported.body.blockNumber}:${imported.body.transactionId}:0`;

  // Its terms on the network's clock, round the BDT export and back in as BDT.
  const draft = await securities.ok<BondApplication>('POST', '/bond-applications', onTheNetworksClock(imported.body.result.terms));
  const termSheet = await securities.read<unknown>(`/bond-applications/${draft.applicationId}/bdt`);
  const application = await securities.ok<BondApplication>('POST', '/bond-applications/bdt', termSheet);
  expect(application.terms).toEqual(draft.terms);

  const { isin } = await csd.ok<Bond>('POST', `/bond-applications/${application.applicationId}/approval`, {
    nationalCode: freshNationalCode(),
  });
  const now = Date.now();
  await securities.ok('POST', `/bonds/${isin}/book`, {
    bookType: 'FIXED_PRICE',
    opensAt: new Date(now - 60_000).toISOString(),
    closesAt: new Date(now + 600_000).toISOString(),
  });
  await bank.ok('POST', `/bonds/${isin}/bids`, { units: '600', accountId: ACCOUNTS.bank });
  await securities.ok('POST', `/bonds/${isin}/bids`, { units: '400', accountId: ACCOUNTS.securities });
  await securities.ok('POST', `/bonds/${isin}/book/closure`);
  await securities.ok('POST', `/bonds/${isin}/allocation`, {});
  let batch: PrimarySettlementBatch;
  do {
    batch = await csd.ok<PrimarySettlementBatch>('POST', `/bonds/${isin}/settlements`);
    for (const i of batch.instructions) await csd.ok('POST', `/bonds/${isin}/settlements/${i.settlementId}/cash-confirmation`);
  } while (batch.linesRemaining > 0);
  expect((await csd.ok<Bond>('POST', `/bonds/${isin}/issuance-completion`)).status).toBe('ISSUED');

  const transfer = await bank.ok<Transfer>('POST', '/transfers', {
    isin,
    fromAccount: ACCOUNTS.bank,
    to: mspOf('securities'),
    toAccount: ACCOUNTS.securities,
    units: '100',
    cashAmount: '0',
    expiresAt: new Date(now + 3_600_000).toISOString(),
  });
  expect((await securities.ok<Transfer>('POST', `/transfers/${transfer.transferId}/affirmation`)).status).toBe('SETTLED');
  const holdings = await bank.get<string>(`/iso20022/statements/holdings?holder=${mspOf('bank')}&accountId=${ACCOUNTS.bank}&date=${today}`);
  expect([holdings.status, holdings.headers.get('content-type')]).toEqual([200, 'application/xml; charset=utf-8']);

  await bank.ok('POST', `/bonds/${isin}/coupons/1/entitlements`);
  await payAndComplete(isin, 'C-001');
  await securities.ok('POST', `/bonds/${isin}/call`, { callDate: today });
  await csd.ok('POST', `/bonds/${isin}/redemptions`, { reason: 'CALL' });
  await payAndComplete(isin, 'R-CALL');
  expect((await securities.read<Bond>(`/bonds/${isin}`)).status).toBe('REDEEMED');
  return { isin, start, accounts: ACCOUNTS, holdingsAfterTransfer: holdings.body };
}

/** Every message of the bond in `api`'s feed after `start`, page by page; no event of the range is skipped. */
async function feedOf(api: Api, life: Life): Promise<Summary[]> {
  const messages: Summary[] = [];
  let after = life.start;
  for (;;) {
    const page = await api.read<MessageFeedAnswer>(`/iso20022/messages?after=${after}&isin=${life.isin}&limit=500`);
    expect(page.skipped).toBe(0);
    messages.push(...page.messages);
    if (page.messages.length < 500 || page.next === null) return messages;
    after = page.next;
  }
}

/** The message's XML as `api` reads it, valid against its message version's XSD. */
async function validXml(api: Api, message: Summary): Promise<string> {
  const response = await api.get<string>(`/iso20022/messages/${message.id}`);
  expect([message.id, response.status, response.headers.get('content-type')]).toEqual([message.id, 200, 'application/xml; charset=utf-8']);
  const { errors } = await validateMessage(response.body, message.messageType);
  expect({ id: message.id, type: message.messageType, errors }).toEqual({ id: message.id, type: message.messageType, errors: [] });
  return response.body;
}

/** The quantities (face amounts, or units) of the elements named, in document order. */
function quantities(xml: string, element: string): string[] {
  return [...xml.matchAll(new RegExp(`<${element}>[\\s\\S]*?<(?:FaceAmt|Unit)>([^<]+)</`, 'g'))].map((m) => m[1] ?? '');
}

let life: Life;

beforeAll(async () => {
  await ensureMembersOverHttp();
  await ensureOnboarded(REGULATOR);
  life = await liveTheBond();
}, 900_000);

describe('a bond from a BDT term sheet to redemption, followed in ISO 20022 messages', () => {
  const EXPECTED_TYPES: MessageType[] = [
    Types.SECURITY_CREATION,
    Types.SETTLEMENT_INSTRUCTION,
    Types.SETTLEMENT_STATUS_ADVICE,
    Types.SETTLEMENT_CONFIRMATION,
    Types.CORPORATE_ACTION_NOTIFICATION,
    Types.CORPORATE_ACTION_MOVEMENT_CONFIRMATION,
  ];

  it("gives each participant the messages of its own accounts, each valid against its schema, and never another's", async () => {
    for (const [org, api] of [
      ['bank', bank],
      ['securities', securities],
    ] as const) {
      const mspId = mspOf(org);
      const feed = await feedOf(api, life);
      expect([org, [...new Set(feed.map((m) => m.messageType))].sort()]).toEqual([org, expect.arrayContaining(EXPECTED_TYPES)]);
      for (const message of feed) {
        expect([message.id, message.recipients.includes(mspId) || message.recipients.includes('*')]).toEqual([message.id, true]);
        expect([message.id, message.accounts.filter((a) => a.holder !== mspId)]).toEqual([message.id, []]);
        const xml = await validXml(api, message);
        const others = [life.accounts.bank, life.accounts.securities].filter((a) => a !== life.accounts[org]);
        for (const account of others) expect([message.id, xml.includes(`<Id>${account}</Id>`)]).toEqual([message.id, false]);
      }
    }
  }, 600_000);

  it('lets the regulator and the CSD read every message, and answers a participant asking for another’s as for none', async () => {
    const all = await feedOf(csd, life);
    const ids = all.map((m) => m.id);
    const seen = await eventually(
      () => feedOf(regulator, life),
      (feed) => feed.length >= ids.length,
    );
    expect(seen.map((m) => m.id)).toEqual(ids);
    for (const message of seen.slice(0, 5)) await validXml(regulator, message);
    const bankMsp = mspOf('bank');
    const notTheBanks = all.filter((m) => !m.recipients.includes(bankMsp) && !m.recipients.includes('*'));
    expect(notTheBanks.length).toBeGreaterThan(0);
    for (const message of notTheBanks) {
      const refused = await bank.get<{ error: { code: string } }>(`/iso20022/messages/${message.id}`);
      expect([message.id, refused.status, refused.body.error.code]).toEqual([message.id, 404, 'NOT_FOUND']);
    }
  }, 600_000);

  it("states one account's holdings (semt.002) and transactions (semt.017) with the right units, valid against their schemas", async () => {
    const mid = await validateMessage(life.holdingsAfterTransfer, Types.STATEMENT_OF_HOLDINGS);
    expect(mid.errors).toEqual([]);
    expect(life.holdingsAfterTransfer).toContain(`<ISIN>${life.isin}</ISIN>`);
    // 600 allotted, 100 transferred: 500 units at the end of today, as it stood then.
    expect(quantities(life.holdingsAfterTransfer, 'AggtBal')).toEqual([faceOf(500n)]);

    const query = `holder=${mspOf('bank')}&accountId=${life.accounts.bank}`;
    const redeemed = await bank.get<string>(`/iso20022/statements/holdings?${query}&date=${today}`);
    expect((await validateMessage(redeemed.body, Types.STATEMENT_OF_HOLDINGS)).errors).toEqual([]);
    expect(redeemed.body).not.toContain(`<ISIN>${life.isin}</ISIN>`);

    const transactions = await bank.get<string>(`/iso20022/statements/transactions?${query}&from=${today}&to=${today}`);
    expect([transactions.status, transactions.headers.get('content-type')]).toEqual([200, 'application/xml; charset=utf-8']);
    expect((await validateMessage(transactions.body, Types.STATEMENT_OF_TRANSACTIONS)).errors).toEqual([]);
    // Received 600 at the primary settlement, delivered 100 by the transfer and 500 at the redemption.
    expect(quantities(transactions.body, 'PstngQty').sort()).toEqual([faceOf(100n), faceOf(500n), faceOf(600n)].sort());

    const stranger = await securities.get<{ error: { code: string } }>(
      `/iso20022/statements/transactions?${query}&from=${today}&to=${today}`,
    );
    expect([stranger.status, stranger.body.error.code]).toEqual([403, 'ACCESS_DENIED']);
  }, 600_000);
});
