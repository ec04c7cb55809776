/**
 * The web console in a real browser (headless Chromium) against the running
 * network's gateways: each user signs in to its own organisation's console
 * with its demo API key and does its part through the screens, and the
 * ledger (read over HTTP) shows what the screens did. The screenshots the
 * README shows are written here, from the screens the steps pass through.
 *
 * One bond goes through the file: the CSD approves it in the console, the
 * bank bids for it in the console, the book settles over HTTP, the bank sees
 * its holding, transfers part of it to the securities company (instructed
 * and affirmed in two browser sessions), and the regulator verifies the
 * affirmation's transaction from its own peer.
 */
import type { Browser } from 'puppeteer-core';
import type { BondApplication, Holding, Member, Transfer } from '@bond-platform/chaincode/api';
import { freshNationalCode, termsAround, utcDate } from './bond-steps';
import { ConsoleSession, launchBrowser } from './browser';
import { Api, ensureMembersOverHttp, mspOf } from './http-client';
import { allocateAndSettle, openBookNow } from './http-issuance';
import { ensureOnboarded, REGULATOR } from './onboard';

const run = Date.now().toString(36).toUpperCase();
const csdApi = new Api('csd', 'admin');
const bankApi = new Api('bank', 'operator1');
const securitiesApi = new Api('securities', 'operator1');
const BANK_UNITS = '600';
const TRANSFERRED = '100';

/** An LEI (ISO 17442) of 18 characters from `prefix` and the two check digits that make it valid (ISO 7064 MOD 97-10). */
function lei(prefix: string): string {
  const base = prefix
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .padEnd(18, '0')
    .slice(0, 18);
  const digits = `${base}00`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  return `${base}${String(98n - (BigInt(digits) % 97n)).padStart(2, '0')}`;
}

let browser: Browser | undefined;
const sessions: ConsoleSession[] = [];
/** The bond the steps share: approved in the first, issued in the second, transferred in the third. */
let isin = '';
let affirmation = '';

async function signIn(org: string, user: string): Promise<ConsoleSession> {
  if (!browser) throw new Error('Chromium did not start');
  const session = await ConsoleSession.signIn(browser, org, user);
  sessions.push(session);
  return session;
}

const INSTRUCT = 'form[aria-label="Instruct a transfer"]';

/** The bank's instruction to deliver `units` of the shared bond free of payment to the securities company, filled in, not sent. */
async function fillTransferInstruction(seller: ConsoleSession, units: string): Promise<void> {
  await seller.navigate('Transfers');
  await seller.fill('ISIN', isin, INSTRUCT);
  await seller.fill('From account', 'PROPRIETARY', INSTRUCT);
  await seller.select('Buyer', mspOf('securities'), INSTRUCT);
  await seller.fill('Buyer account', 'PROPRIETARY', INSTRUCT);
  await seller.fill('Units', units, INSTRUCT);
}

beforeAll(async () => {
  await ensureMembersOverHttp();
  await ensureOnboarded(REGULATOR);
  browser = await launchBrowser();
}, 900_000);

afterAll(async () => {
  for (const session of sessions) await session.close().catch(() => undefined);
  await browser?.close();
});

describe('the console in a real browser', () => {
  it('lets the CSD admit a member and approve a bond application laid out as a term sheet', async () => {
    const csd = await signIn('csd', 'admin');
    expect(await csd.signedInAs()).toMatch(/admin.*CSDMSP.*ACTIVE/);

    await csd.navigate('Members');
    const mspId = `Console${run}MSP`;
    const admit = 'form[aria-label="Admit a member"]';
    await csd.fill('MSP ID', mspId, admit);
    await csd.fill('Legal name', `Console Test Broker ${run}`, admit);
    await csd.fill('LEI', lei(`5299CON${run}`), admit);
    await csd.check('INVESTOR', admit);
    expect(await csd.submit('Admit', admit)).toMatch(/^[0-9a-f]{64}$/);
    expect(await csdApi.read<Member>(`/members/${mspId}`)).toMatchObject({ mspId, status: 'ACTIVE', roles: ['INVESTOR'] });
    await csd.waitForRows('Members', (rows) => rows.some((row) => row.includes(mspId)));
    await csd.screenshot('csd-members');

    const application = await securitiesApi.ok<BondApplication>(
      'POST',
      '/bond-applications',
      termsAround(utcDate(60), mspOf('bank'), { shortName: `CONSOLE ${run}`.slice(0, 30) }),
    );
    // Admission is the CSD admin's; the review of applications its operators' (a chaincode write needs an operator certificate).
    const reviewer = await signIn('csd', 'operator1');
    await reviewer.navigate('Applications');
    await reviewer.waitForRows('Pending applications', (rows) =>
      rows.some((row) => row.join(' ').includes(application.applicationId.slice(0, 12))),
    );
    await reviewer.open(`#/applications/${application.applicationId}`, /^Application/);
    await reviewer.screenshot('csd-application');
    await reviewer.fill('National code', freshNationalCode());
    expect(await reviewer.submit('Approve')).toMatch(/^[0-9a-f]{64}$/);
    const approved = await csdApi.read<BondApplication>(`/bond-applications/${application.applicationId}`);
    expect(approved.status).toBe('APPROVED');
    isin = approved.isin ?? '';
    expect(isin).toMatch(/^[A-Z]{2}[A-Z0-9]{9}\d$/);
  });

  it('lets an institution bid in an open book and, after settlement, see its holding', async () => {
    await openBookNow(securitiesApi, isin);
    const bank = await signIn('bank', 'operator1');
    await bank.open(`#/bonds/${isin}`, new RegExp(isin));
    const bid = 'form[aria-label="Your bid"]';
    await bank.fill('Units', BANK_UNITS, bid);
    await bank.fill('Account', 'PROPRIETARY', bid);
    expect(await bank.submit('Place bid', bid)).toMatch(/^[0-9a-f]{64}$/);
    await securitiesApi.ok('POST', `/bonds/${isin}/bids`, { units: '400', accountId: 'PROPRIETARY' });
    await allocateAndSettle({ csd: new Api('csd', 'operator1'), issuer: securitiesApi }, isin);

    await bank.navigate('Holdings');
    const rows = await bank.waitForRows('Holdings', (r) => r.some((row) => row[0]?.includes(isin) === true));
    expect(rows.find((row) => row[0]?.includes(isin))).toEqual(expect.arrayContaining(['PROPRIETARY', BANK_UNITS]));
    await bank.screenshot('institution-holdings');
    await bank.open(`#/bonds/${isin}`, new RegExp(isin));
    await bank.page.waitForSelector('svg[role="img"]');
    await bank.screenshot('bond-page');
  });

  it('has a transfer instructed by the seller and affirmed by the buyer, each in its own browser session', async () => {
    const seller = await signIn('bank', 'operator1');
    const buyer = await signIn('securities', 'operator1');
    await fillTransferInstruction(seller, TRANSFERRED);
    await seller.submit('Instruct', INSTRUCT);
    await seller.waitForRows('Transfers', (rows) => rows.some((row) => row.join(' ').includes('INSTRUCTED')));
    // The table shows an id's first characters; the seller passes the whole id to the buyer, as a back office would.
    const transferId = await seller.page.evaluate(
      () => (JSON.parse(sessionStorage.getItem('bond-console.transfer-ids') ?? '[]') as string[])[0] ?? '',
    );
    expect((await bankApi.read<Transfer>(`/transfers/${transferId}`)).status).toBe('INSTRUCTED');

    await buyer.navigate('Transfers');
    await buyer.fill('Transfer ID', transferId);
    await buyer.click('Look up');
    await buyer.waitForRows('Transfers', (rows) => rows.some((row) => row.join(' ').includes('INSTRUCTED')));
    affirmation = await buyer.submit('Affirm');
    expect((await securitiesApi.read<Transfer>(`/transfers/${transferId}`)).status).toBe('SETTLED');
    await seller.waitForRows('Transfers', (rows) => rows.some((row) => row.join(' ').includes('SETTLED')));
    await seller.screenshot('transfers');
    const holding = await bankApi.read<Holding>(`/bonds/${isin}/holdings/${mspOf('bank')}/PROPRIETARY`);
    expect(holding.units).toBe(String(Number(BANK_UNITS) - Number(TRANSFERRED)));
  });

  it('lets the regulator verify the affirmation from its own peer, and see every bond and the event stream', async () => {
    const regulator = await signIn(REGULATOR.name, 'operator1');
    expect(await regulator.signedInAs()).toMatch(/RegulatorMSP/);
    await regulator.navigate('Verify transaction');
    await regulator.fill('Transaction ID', affirmation);
    await regulator.click('Verify');
    await regulator.page.waitForFunction(() => /VALID/.test(document.querySelector('dl')?.textContent ?? ''));
    const record = await regulator.text('dl');
    expect(record).toMatch(/Block\s*\d+/);
    expect(record).toMatch(/Validation code\s*VALID/);
    expect(record).toMatch(/Endorsed by[\s\S]*CSDMSP/);
    await regulator.screenshot('regulator-verify');

    await regulator.navigate('Bonds');
    await regulator.waitForRows('Bonds', (rows) => rows.some((row) => row.join(' ').includes(isin)));
    await regulator.screenshot('regulator-bonds');
    await regulator.navigate('Events');
    // The stream is live: an instruction committed now shows up without reloading.
    const instructed = await securitiesApi.ok<Transfer>('POST', '/transfers', {
      isin,
      fromAccount: 'PROPRIETARY',
      to: mspOf('bank'),
      toAccount: 'PROPRIETARY',
      units: '1',
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    await regulator.waitForRows('Events', (rows) => rows.some((row) => row.join(' ').includes('TransferInstructed')));
    await regulator.screenshot('regulator-events');
    await securitiesApi.ok('POST', `/transfers/${instructed.transferId}/cancellation`);
  });

  it('shows a viewer no write controls on any screen it can reach', async () => {
    const viewer = await signIn('bank', 'viewer1');
    expect(await viewer.signedInAs()).toMatch(/viewer1.*viewer/);
    const READING = /^button: (Sign out|Verify|Look up|Refresh|Show|Next page|Previous page|Copy id|Forget)$/;
    for (const [route, heading] of [
      ['#/holdings', 'Holdings'],
      ['#/bonds', 'Bonds'],
      [`#/bonds/${isin}`, new RegExp(isin)],
      ['#/transfers', 'Transfers'],
      ['#/payments', 'Payments'],
    ] as const) {
      await viewer.open(route, heading);
      expect({ route, controls: (await viewer.buttons()).filter((control) => !READING.test(control)) }).toEqual({
        route,
        controls: [],
      });
    }
  });

  it('shows the API’s code and message when the ledger refuses an action, and writes nothing', async () => {
    const bank = await signIn('bank', 'operator1');
    const before = await bankApi.read<Holding>(`/bonds/${isin}/holdings/${mspOf('bank')}/PROPRIETARY`);
    await fillTransferInstruction(bank, '999999');
    await bank.click('Instruct', INSTRUCT);
    expect(await bank.alert()).toMatch(/INSUFFICIENT_HOLDING: .+/);
    await bank.screenshot('refused-action');
    expect(await bankApi.read<Holding>(`/bonds/${isin}/holdings/${mspOf('bank')}/PROPRIETARY`)).toEqual(before);
  });
});
