/**
 * A DvP priced clean through the gateways' HTTP API (issue 18): the bank
 * instructs a sale at a clean price with today's settlement date and no cash
 * amount; the chaincode records the accrued interest per unit and the cash
 * amount, which equal what this test computes exactly from the bond's terms
 * (ICMA ACT/ACT, annual: face value × rate × days since issue / days of the
 * period; units × (clean × face value + accrued), rounded half up once). A
 * cash amount the parties give that differs is refused, naming both; the
 * securities company affirms, the CSD confirms the cash, and it settles.
 */
import type { Bond, Holding, Transfer } from '@bond-platform/chaincode/api';
import { termsAround, utcDate } from './bond-steps';
import { Api, ensureMembersOverHttp, mspOf } from './http-client';
import { issueOverHttp } from './http-issuance';
import type { ErrorBody } from '../../src/http/errors';

const csd = new Api('csd', 'operator1');
const bank = new Api('bank', 'operator1');
const securities = new Api('securities', 'operator1');

const DAY = 86_400_000;

/** A bond issued over HTTP (termsAround: CNY 100.00 a unit, 3.1 % annual, ICMA ACT/ACT): the bank holds 700 units and the securities company 300, both in PROPRIETARY. Its first coupon (and record date) is 60 days away, so deliveries settle today. */
async function issuedBond(): Promise<{ isin: string; couponDate: string }> {
  // termsAround issues a year before the coupon date: never on a 29 February.
  const couponDate = utcDate(60).endsWith('-02-29') ? utcDate(61) : utcDate(60);
  const isin = await issueOverHttp({ csd, issuer: securities }, termsAround(couponDate, mspOf('bank'), { shortName: 'EXSEC CLEAN' }), [
    { bidder: bank, units: '700', accountId: 'PROPRIETARY' },
    { bidder: securities, units: '300', accountId: 'PROPRIETARY' },
  ]);
  return { isin, couponDate };
}

/** Days from `from` to `to`, both YYYY-MM-DD. */
function daysBetween(from: string, to: string): bigint {
  return BigInt(Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY));
}

function gcd(a: bigint, b: bigint): bigint {
  let [x, y] = [a < 0n ? -a : a, b];
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

beforeAll(ensureMembersOverHttp);

describe('a DvP priced clean through the HTTP API', () => {
  it('records the accrued interest and the cash amount computed exactly from the bond’s terms, and settles for them', async () => {
    const { isin, couponDate } = await issuedBond();
    const { terms } = await bank.read<Bond>(`/bonds/${isin}`);
    const settlementDate = utcDate(0);
    // Accrued per unit, minor units: 10000 × 3.1 % × d / D = 310 d / D, d days since issue, D = the first (regular) period's days.
    const d = daysBetween(terms.issueDate, settlementDate);
    const D = daysBetween(terms.issueDate, couponDate);
    const accruedNum = 310n * d;
    const divisor = gcd(accruedNum, D);
    const units = 250n;
    // Clean 99.25 % of 10000 = 9925 a unit. Cash = units × (9925 + 310 d / D), rounded half up once.
    const exact = { num: units * (9925n * D + accruedNum), den: D };
    const cashAmount = ((exact.num * 2n + exact.den) / (2n * exact.den)).toString();

    const request = {
      isin,
      fromAccount: 'PROPRIETARY',
      to: mspOf('securities'),
      toAccount: 'PROPRIETARY',
      units: units.toString(),
      cleanPrice: '99.25',
      settlementDate,
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    };
    const wrong = (BigInt(cashAmount) + 1n).toString();
    const refused = await bank.post<ErrorBody>('/transfers', { ...request, cashAmount: wrong });
    expect([refused.status, refused.body.error.code]).toEqual([400, 'INVALID_ARGUMENT']);
    expect(refused.body.error.message).toContain(`cashAmount ${wrong} is not the amount the clean price gives, ${cashAmount}`);

    const transfer = await bank.ok<Transfer>('POST', '/transfers', request);
    expect(transfer).toMatchObject({
      cleanPrice: '99.25',
      settlementDate,
      accruedPerUnitExact: `${accruedNum / divisor}/${D / divisor}`,
      exCoupon: false,
      cashAmount,
      status: 'INSTRUCTED',
    });
    await securities.ok('POST', `/transfers/${transfer.transferId}/affirmation`);
    const settled = await csd.ok<Transfer>('POST', `/transfers/${transfer.transferId}/cash-confirmation`);
    expect([settled.status, settled.cashAmount]).toEqual(['SETTLED', cashAmount]);
    expect((await securities.read<Holding>(`/bonds/${isin}/holdings/${mspOf('securities')}/PROPRIETARY`)).units).toBe('550');
    expect((await bank.read<Transfer>(`/transfers/${transfer.transferId}`)).accruedPerUnitExact).toBe(transfer.accruedPerUnitExact);
  });
});
