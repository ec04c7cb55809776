/**
 * Hash time locks on bond units through the gateways' HTTP API only (the
 * bond side of issue 17's hash time-locked DvP): the bank locks units for
 * the securities company under the SHA-256 of a random 32-byte secret (the
 * units move into the bank's escrow holding HTLC-ESCROW); a wrong preimage, an outsider, the locker itself and a second claim are
 * refused; the securities company claims with the secret and holds the
 * units, and the secret is then readable on the lock for the cash ledger's
 * side. A second lock with a short expiry cannot be refunded before it,
 * nor claimed after it, nor refunded by the beneficiary; the bank refunds
 * it once it has passed. Outstanding never changes.
 *
 * The chaincode's time is the transaction timestamp, which the gateways
 * stamp from this host's clock: waiting for the expiry is waiting on it.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { HashLock, HoldingPosition, Page } from '@bond-platform/chaincode/api';
import { termsAround, utcDate } from './bond-steps';
import { Api, ensureMembersOverHttp, mspOf } from './http-client';
import { issueOverHttp } from './http-issuance';
import { ensureOnboarded, FUND } from './onboard';
import type { ErrorBody } from '../../src/http/errors';

const csd = new Api('csd', 'operator1');
const csdAdmin = new Api('csd', 'admin');
const bank = new Api('bank', 'operator1');
const securities = new Api('securities', 'operator1');
const fund = new Api(FUND.name, 'operator1');

/** A fresh secret and its hash, as the seller of a DvP would make them: 32 random bytes, SHA-256 of the bytes, both in lowercase hex. */
function secret(): { preimage: string; hash: string } {
  const bytes = randomBytes(32);
  return { preimage: bytes.toString('hex'), hash: createHash('sha256').update(bytes).digest('hex') };
}

/** Waits until this host's clock (which stamps the gateways' proposals) is past `instant` by a margin. */
async function untilPast(instant: string, marginMs = 2000): Promise<void> {
  while (Date.now() < Date.parse(instant) + marginMs) await new Promise((resolve) => setTimeout(resolve, 250));
}

let isin = '';
let bankHolding = '';
let bankEscrow = '';

/** A bond issued over HTTP with its first coupon (and record date) 60 days away, so deliveries settle today: the bank holds 600, the securities company 400, both PROPRIETARY. */
beforeAll(async () => {
  await ensureMembersOverHttp();
  await ensureOnboarded(FUND);
  const member = await csdAdmin.read<{ status: string }>(`/members/${FUND.mspId}`);
  if (member.status === 'SUSPENDED') await csdAdmin.ok('POST', `/members/${FUND.mspId}/reinstatement`, { reason: 'hash lock test set-up' });
  // termsAround issues a year before the coupon date: never on a 29 February.
  const couponDate = utcDate(60).endsWith('-02-29') ? utcDate(61) : utcDate(60);
  isin = await issueOverHttp({ csd, issuer: securities }, termsAround(couponDate, mspOf('bank'), { shortName: 'EXSEC HTLC' }), [
    { bidder: bank, units: '600', accountId: 'PROPRIETARY' },
    { bidder: securities, units: '400', accountId: 'PROPRIETARY' },
  ]);
  bankHolding = `/bonds/${isin}/holdings/${mspOf('bank')}/PROPRIETARY`;
  bankEscrow = `/bonds/${isin}/holdings/${mspOf('bank')}/HTLC-ESCROW`;
}, 900_000);

const outstanding = async (): Promise<string> =>
  (await csd.read<{ outstandingUnits: string }>(`/bonds/${isin}/outstanding`)).outstandingUnits;

/** The bank locks `units` of its PROPRIETARY holding for the securities company's account DVP-IN until `expiresAt`. */
function lockByBank(units: string, hash: string, expiresAt: string): Promise<HashLock> {
  return bank.ok<HashLock>('POST', `/bonds/${isin}/hash-locks`, {
    accountId: 'PROPRIETARY',
    units,
    hash,
    hashAlgorithm: 'SHA256',
    beneficiary: mspOf('securities'),
    beneficiaryAccountId: 'DVP-IN',
    expiresAt,
    reference: `TRADE-${Date.now().toString(36)}`,
  });
}

describe('hash time locks through the HTTP API', () => {
  it('refuses a wrong preimage, an outsider, the locker and a second claim; the beneficiary claims with the secret and holds the units', async () => {
    const { preimage, hash } = secret();
    const lock = await lockByBank('100', hash, new Date(Date.now() + 600_000).toISOString());
    expect(lock).toMatchObject({ locker: mspOf('bank'), beneficiary: mspOf('securities'), units: '100', hash, status: 'LOCKED' });
    expect(lock.preimage).toBeUndefined();
    expect(await bank.read<HoldingPosition>(bankHolding)).toMatchObject({ units: '500', lockedUnits: '0', availableUnits: '500' });
    expect(await bank.read<HoldingPosition>(bankEscrow)).toMatchObject({ units: '100', lockedUnits: '100', availableUnits: '0' });
    expect(await outstanding()).toBe('1000');
    const claimPath = `/hash-locks/${lock.lockId}/claim`;

    const wrong = await securities.post<ErrorBody>(claimPath, { preimage: secret().preimage });
    expect([wrong.status, wrong.body.error.code]).toEqual([422, 'HASH_MISMATCH']);
    // The hash is public; it is not the secret.
    const theHash = await securities.post<ErrorBody>(claimPath, { preimage: hash });
    expect([theHash.status, theHash.body.error.code]).toEqual([422, 'HASH_MISMATCH']);
    const malformed = await securities.post<ErrorBody>(claimPath, { preimage: preimage.toUpperCase() });
    expect([malformed.status, malformed.body.error.code]).toEqual([400, 'INVALID_ARGUMENT']);
    const outsider = await fund.post<ErrorBody>(claimPath, { preimage });
    expect([outsider.status, outsider.body.error.code]).toEqual([403, 'NOT_A_PARTY']);
    const locker = await bank.post<ErrorBody>(claimPath, { preimage });
    expect([locker.status, locker.body.error.code]).toEqual([403, 'NOT_A_PARTY']);
    expect(await bank.read<HoldingPosition>(bankEscrow)).toMatchObject({ units: '100', lockedUnits: '100' });

    const claimed = await securities.ok<HashLock>('POST', claimPath, { preimage });
    expect(claimed).toMatchObject({ status: 'CLAIMED', preimage, claimed: { mspId: mspOf('securities') } });
    expect(await bank.read<HoldingPosition>(bankHolding)).toMatchObject({ units: '500', lockedUnits: '0', availableUnits: '500' });
    expect(await bank.read<HoldingPosition>(bankEscrow)).toMatchObject({ units: '0', lockedUnits: '0' });
    const received = await securities.read<HoldingPosition>(`/bonds/${isin}/holdings/${mspOf('securities')}/DVP-IN`);
    expect(received).toMatchObject({ units: '100', lockedUnits: '0', availableUnits: '100' });
    expect(await outstanding()).toBe('1000');

    const again = await securities.post<ErrorBody>(claimPath, { preimage });
    expect([again.status, again.body.error.code]).toEqual([409, 'INVALID_STATE_TRANSITION']);
    // Once claimed, the secret is on the lock for the cash ledger's side to claim with.
    expect((await bank.read<HashLock>(`/hash-locks/${lock.lockId}`)).preimage).toBe(preimage);
    expect((await csd.read<HashLock>(`/hash-locks/${lock.lockId}`)).status).toBe('CLAIMED');
  });

  it('refuses a refund before the expiry, a transfer of locked units, a claim after the expiry and a refund by the beneficiary; the locker refunds once it has passed', async () => {
    const { preimage, hash } = secret();
    const expiresAt = new Date(Date.now() + 30_000).toISOString();
    const before = await bank.read<HoldingPosition>(bankHolding);
    const lock = await lockByBank('50', hash, expiresAt);
    const refundPath = `/hash-locks/${lock.lockId}/refund`;

    const early = await bank.post<ErrorBody>(refundPath);
    expect([early.status, early.body.error.code]).toEqual([422, 'OUTSIDE_WINDOW']);
    // Locked units left the account for escrow: a transfer needing them is refused.
    const transfer = await bank.post<ErrorBody>('/transfers', {
      isin,
      fromAccount: 'PROPRIETARY',
      to: mspOf('securities'),
      toAccount: 'PROPRIETARY',
      units: String(BigInt(before.availableUnits) - 49n),
      cashAmount: '0',
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect([transfer.status, transfer.body.error.code]).toEqual([422, 'INSUFFICIENT_HOLDING']);
    const listed = await csd.read<Page<HashLock>>(`/bonds/${isin}/hash-locks?pageSize=100`);
    expect(listed.records.find((l) => l.lockId === lock.lockId)?.status).toBe('LOCKED');

    await untilPast(expiresAt);
    const late = await securities.post<ErrorBody>(`/hash-locks/${lock.lockId}/claim`, { preimage });
    expect([late.status, late.body.error.code]).toEqual([422, 'OUTSIDE_WINDOW']);
    const byBeneficiary = await securities.post<ErrorBody>(refundPath);
    expect([byBeneficiary.status, byBeneficiary.body.error.code]).toEqual([403, 'NOT_A_PARTY']);

    const refunded = await bank.ok<HashLock>('POST', refundPath);
    expect(refunded).toMatchObject({ status: 'REFUNDED', refunded: { mspId: mspOf('bank') } });
    expect(refunded.preimage).toBeUndefined();
    expect(await bank.read<HoldingPosition>(bankHolding)).toMatchObject({
      units: before.units,
      lockedUnits: '0',
      availableUnits: before.availableUnits,
    });
    const twice = await bank.post<ErrorBody>(refundPath);
    expect([twice.status, twice.body.error.code]).toEqual([409, 'INVALID_STATE_TRANSITION']);
    expect(await outstanding()).toBe('1000');
  });
});
