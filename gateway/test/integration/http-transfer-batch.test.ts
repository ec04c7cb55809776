/**
 * A settlement batch end to end through the gateways' HTTP API: DvP
 * transfers instructed and affirmed by the bank and the securities company,
 * two of them through the same holding, settled by the CSD with one
 * POST /transfer-settlements — one transaction, endorsed by the CSD and
 * every party — after a refused batch that wrote nothing.
 */
import { type Holding, MAX_TRANSFERS_PER_BATCH, type Transfer } from '@bond-platform/chaincode/api';
import { termsAround, utcDate } from './bond-steps';
import { Api, ensureMembersOverHttp, mspOf } from './http-client';
import { issueOverHttp } from './http-issuance';
import type { ErrorBody } from '../../src/http/errors';

const csd = new Api('csd', 'operator1');
const bank = new Api('bank', 'operator1');
const securities = new Api('securities', 'operator1');

/** A bond issued over HTTP: the bank holds 700 units and the securities company 300, both in PROPRIETARY. Its first record date is 60 days away, so deliveries settle today. */
async function issuedBond(): Promise<string> {
  // termsAround issues a year before the coupon date: never on a 29 February.
  const couponDate = utcDate(60).endsWith('-02-29') ? utcDate(61) : utcDate(60);
  return issueOverHttp({ csd, issuer: securities }, termsAround(couponDate, mspOf('bank'), { shortName: 'EXSEC BATCH' }), [
    { bidder: bank, units: '700', accountId: 'PROPRIETARY' },
    { bidder: securities, units: '300', accountId: 'PROPRIETARY' },
  ]);
}

function dvp(isin: string, fromAccount: string, to: string, toAccount: string, units: string): Record<string, string> {
  return {
    isin,
    fromAccount,
    to: mspOf(to),
    toAccount,
    units,
    cashAmount: `${units}0000`,
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  };
}

async function unitsOf(isin: string, holder: string, accountId: string): Promise<string> {
  return (await csd.read<Holding>(`/bonds/${isin}/holdings/${mspOf(holder)}/${accountId}`)).units;
}

/** The event of a transaction from GET /events, starting at its block (the stream's `data`). */
async function eventOf(api: Api, blockNumber: string, transactionId: string): Promise<{ eventName: string; payload: unknown }> {
  const abort = new AbortController();
  const timer = setTimeout(() => {
    abort.abort();
  }, 30_000);
  try {
    const response = await fetch(`${api.baseUrl}/events?startBlock=${blockNumber}`, {
      headers: { Authorization: `Bearer ${api.apiKey}` },
      signal: abort.signal,
    });
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      const blocks = (buffer + decoder.decode(chunk, { stream: true })).split('\n\n');
      buffer = blocks.pop() ?? '';
      for (const block of blocks) {
        const data = block.split('\n').find((line) => line.startsWith('data: '));
        const event = data ? (JSON.parse(data.slice(6)) as { transactionId: string; eventName: string; payload: unknown }) : undefined;
        if (event?.transactionId === transactionId) return event;
      }
    }
    throw new Error(`the event stream ended without ${transactionId}`);
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}

beforeAll(ensureMembersOverHttp);

describe('a settlement batch through the HTTP API', () => {
  it('settles several affirmed DvP transfers in one transaction, after a refused batch that wrote nothing', async () => {
    const isin = await issuedBond();
    // Bank to securities, securities on to a client account of the bank (through the holding the first credits), bank to a new account.
    const toSecurities = await bank.ok<Transfer>('POST', '/transfers', dvp(isin, 'PROPRIETARY', 'securities', 'PROPRIETARY', '100'));
    const onToBank = await securities.ok<Transfer>('POST', '/transfers', dvp(isin, 'PROPRIETARY', 'bank', 'CLIENT-A', '300'));
    const toNewAccount = await bank.ok<Transfer>('POST', '/transfers', dvp(isin, 'PROPRIETARY', 'securities', 'CLIENT-B', '50'));
    const unaffirmed = await bank.ok<Transfer>('POST', '/transfers', dvp(isin, 'PROPRIETARY', 'securities', 'PROPRIETARY', '10'));
    await securities.ok('POST', `/transfers/${toSecurities.transferId}/affirmation`);
    await bank.ok('POST', `/transfers/${onToBank.transferId}/affirmation`);
    await securities.ok('POST', `/transfers/${toNewAccount.transferId}/affirmation`);
    const transferIds = [toSecurities.transferId, onToBank.transferId, toNewAccount.transferId];

    const notCsd = await bank.post<ErrorBody>('/transfer-settlements', { transferIds });
    expect([notCsd.status, notCsd.body.error.code]).toEqual([403, 'ROLE_REQUIRED']);
    const oneUnaffirmed = await csd.post<ErrorBody>('/transfer-settlements', { transferIds: [...transferIds, unaffirmed.transferId] });
    expect([oneUnaffirmed.status, oneUnaffirmed.body.error.code]).toEqual([409, 'INVALID_STATE_TRANSITION']);
    expect(oneUnaffirmed.body.error.message).toContain(`batch refused at transfer ${unaffirmed.transferId}, nothing settled`);
    // The gateway refuses a list the chaincode would, before sending anything: an id twice, more than MAX_TRANSFERS_PER_BATCH.
    const listedTwice = await csd.post<ErrorBody>('/transfer-settlements', { transferIds: [...transferIds, transferIds[0]] });
    expect([listedTwice.status, listedTwice.body.error.code]).toEqual([400, 'INVALID_ARGUMENT']);
    const tooMany = await csd.post<ErrorBody>('/transfer-settlements', {
      transferIds: Array.from({ length: MAX_TRANSFERS_PER_BATCH + 1 }, (_, i) => `t${i}`),
    });
    expect([tooMany.status, tooMany.body.error.code]).toEqual([400, 'INVALID_ARGUMENT']);
    expect(await unitsOf(isin, 'bank', 'PROPRIETARY')).toBe('700');
    expect((await csd.read<Transfer>(`/transfers/${toSecurities.transferId}`)).status).toBe('AFFIRMED');

    const result = await csd.ok<Transfer[]>('POST', '/transfer-settlements', { transferIds });
    expect(result.map((t) => [t.transferId, t.status])).toEqual(transferIds.map((id) => [id, 'SETTLED']));
    const transactionId = result[0]!.lastChange.txId;

    const settled = await bank.read<Transfer[]>(`/transfers?ids=${transferIds.join(',')}`);
    expect(settled.map((t) => [t.transferId, t.status, t.lastChange.txId])).toEqual(
      transferIds.map((id) => [id, 'SETTLED', transactionId]),
    );
    expect(await unitsOf(isin, 'bank', 'PROPRIETARY')).toBe('550');
    expect(await unitsOf(isin, 'securities', 'PROPRIETARY')).toBe('100');
    expect(await unitsOf(isin, 'bank', 'CLIENT-A')).toBe('300');
    expect(await unitsOf(isin, 'securities', 'CLIENT-B')).toBe('50');
    expect((await csd.read<{ outstandingUnits: string; holders: number }>(`/bonds/${isin}/outstanding`)).outstandingUnits).toBe('1000');

    // One valid transaction, endorsed by the CSD and both parties (each holding key names its holder's peer).
    const record = await bank.read<{ blockNumber: string; validationCode: string; endorserMspIds: string[] }>(
      `/transactions/${transactionId}`,
    );
    expect(record.validationCode).toBe('VALID');
    expect(record.endorserMspIds).toEqual(expect.arrayContaining([mspOf('csd'), mspOf('bank'), mspOf('securities')]));
    // Its one chaincode event names every transfer it settled.
    const event = await eventOf(bank, record.blockNumber, transactionId);
    expect(event).toMatchObject({
      eventName: 'TransfersSettled',
      payload: { transferIds, settled: { txId: transactionId, mspId: mspOf('csd') } },
    });
    await bank.ok('POST', `/transfers/${unaffirmed.transferId}/cancellation`);
  });
});
