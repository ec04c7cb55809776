/**
 * Cross-chain delivery versus payment on the real network, through the
 * gateways' HTTP API only (issue 17): the bank sells bond units to the
 * securities company for cash on the payment operator's separate ledger.
 *
 * The seller makes a 32-byte secret and locks the units on the bond ledger
 * under its SHA-256 with the longer expiry; the buyer locks the cash on the
 * cash ledger under the same hash with a shorter one; the seller claims the
 * cash, which reveals the secret; the settlement agents complete the rest:
 * the CSD's claims the units for the buyer with the revealed secret, and
 * refunds expired bond locks; the payment operator's refunds expired cash
 * locks. Each scenario ends with the ledger check's rules holding on both
 * ledgers (outstanding = Σ holdings; Σ cash balances + Σ locked cash =
 * issued − redeemed; no lock left past its expiry).
 *
 * The chaincodes' time is the transaction timestamp, stamped from this
 * host's clock: waiting for an expiry is waiting on it. The agents run with
 * the test network's settings (a pass every few seconds and on every event;
 * refunds a few seconds after the expiry: docs/settlement-agent.md).
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Entitlement, HashLock, HoldingPosition, Page } from '@bond-platform/chaincode/api';
import type { CashLock } from '@bond-platform/cash-chaincode/api';
import { defaultNetworkHome } from '../../src/ledger-check/test-network';
import type { ErrorBody } from '../../src/http/errors';
import { termsAround, utcDate } from './bond-steps';
import { Api, ensureMembersOverHttp, mspOf } from './http-client';
import { issueOverHttp } from './http-issuance';
import { SCRIPTS } from './onboard';

const csd = new Api('csd', 'operator1');
const csdAdmin = new Api('csd', 'admin');
const bank = new Api('bank', 'operator1');
const securities = new Api('securities', 'operator1');
const operator = new Api('payment', 'operator1');
const operatorAdmin = new Api('payment', 'admin');

/** Cash accounts new on every run (an account, once open, stays). */
const RUN = Date.now().toString(36).toUpperCase();
const SELLER_CASH = `DVP-S-${RUN}`;
const BUYER_CASH = `DVP-B-${RUN}`;
const CURRENCY = 'EUR';
/** What the buyer pays for the units of one DvP, in cents. */
const PRICE = '1010000';

let isin = '';

/** A fresh secret and its hash, as the seller makes them: 32 random bytes, SHA-256 of the bytes, both lowercase hex. */
function secret(): { preimage: string; hash: string } {
  const bytes = randomBytes(32);
  return { preimage: bytes.toString('hex'), hash: createHash('sha256').update(bytes).digest('hex') };
}

const inSeconds = (seconds: number): string => new Date(Date.now() + seconds * 1000).toISOString();

async function untilPast(instant: string, marginMs = 2000): Promise<void> {
  while (Date.now() < Date.parse(instant) + marginMs) await new Promise((resolve) => setTimeout(resolve, 250));
}

/** `read`'s value once `accepted`, polling every 500 ms for at most `seconds`; otherwise the last value, for the assertion to report. */
async function waitFor<T>(read: () => Promise<T>, accepted: (value: T) => boolean, seconds: number): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  let value = await read();
  while (!accepted(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    value = await read();
  }
  return value;
}

/** A cash-ledger submit that must succeed; its result once the reading organisation's peer shows `visible`. */
async function cashOk<T>(api: Api, route: string, body: unknown = {}): Promise<T> {
  const response = await api.post<{ result: T }>(route, body);
  if (response.status !== 200 && response.status !== 201) {
    throw new Error(`POST ${route} as ${api.org}/${api.user}: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body.result;
}

const bondLock = (lockId: string) => csd.read<HashLock>(`/hash-locks/${lockId}`);
const cashLock = (lockId: string) => operator.read<CashLock>(`/cash/locks/${lockId}`);
const balance = async (owner: string, accountId: string): Promise<bigint> =>
  BigInt((await operator.read<{ balance: string }>(`/cash/accounts/${mspOf(owner)}/${accountId}/${CURRENCY}`)).balance);
const units = async (org: string, accountId: string): Promise<bigint> => {
  const found = await csd.get<HoldingPosition>(`/bonds/${isin}/holdings/${mspOf(org)}/${accountId}`);
  return found.status === 404 ? 0n : BigInt(found.body.units);
};

/** The seller's lock of `count` units for the buyer's DVP-IN account. */
function lockUnits(hash: string, expiresAt: string, count = '10'): Promise<HashLock> {
  return bank.ok<HashLock>('POST', `/bonds/${isin}/hash-locks`, {
    accountId: 'PROPRIETARY',
    units: count,
    hash,
    hashAlgorithm: 'SHA256',
    beneficiary: mspOf('securities'),
    beneficiaryAccountId: 'DVP-IN',
    expiresAt,
    reference: `DVP-${RUN}`,
  });
}

/** The buyer's lock of the price for the seller, under the same hash. */
async function lockCash(hash: string, expiry: string): Promise<CashLock> {
  const movement = await cashOk<{ lock: CashLock }>(securities, '/cash/locks', {
    from: { owner: mspOf('securities'), accountId: BUYER_CASH },
    beneficiary: { owner: mspOf('bank'), accountId: SELLER_CASH },
    currency: CURRENCY,
    amount: PRICE,
    hashAlgorithm: 'SHA256',
    hash,
    expiry,
  });
  return movement.lock;
}

/** The ledger check on both ledgers (npm run check-ledger): every rule holds. */
function expectLedgersConsistent(): void {
  const run = spawnSync(process.execPath, [path.join(SCRIPTS, 'check-ledger.js')], { encoding: 'utf8', timeout: 300_000 });
  if (run.status !== 0) throw new Error(`the ledger check failed:\n${run.stdout}\n${run.stderr}`);
  expect(run.stdout).toMatch(/cash/i);
}

/** kill of the CSD's settlement agent (its process group), as a crash would. */
function killCsdAgent(): void {
  const pidFile = path.join(defaultNetworkHome(), 'pids', 'agent-csd.pid');
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    process.kill(pid, 'SIGKILL');
  }
}

function startAgents(): void {
  const run = spawnSync('bash', [path.join(SCRIPTS, 'network.sh'), 'startAgents'], { encoding: 'utf8', timeout: 120_000 });
  if (run.status !== 0) throw new Error(`network.sh startAgents failed:\n${run.stdout}\n${run.stderr}`);
}

beforeAll(async () => {
  await ensureMembersOverHttp();
  // The bank holds 600 units to sell; delivery settles today (the first coupon 60 days away).
  const couponDate = utcDate(60).endsWith('-02-29') ? utcDate(61) : utcDate(60);
  isin = await issueOverHttp({ csd, issuer: securities }, termsAround(couponDate, mspOf('bank'), { shortName: 'EXSEC DVP' }), [
    { bidder: bank, units: '600', accountId: 'PROPRIETARY' },
    { bidder: securities, units: '400', accountId: 'PROPRIETARY' },
  ]);
  // The payment operator opens both cash accounts and funds the buyer.
  for (const [owner, accountId] of [
    ['bank', SELLER_CASH],
    ['securities', BUYER_CASH],
  ] as const) {
    await cashOk(operatorAdmin, '/cash/accounts', { owner: mspOf(owner), accountId, currency: CURRENCY });
  }
  await cashOk(operator, '/cash/issuances', { owner: mspOf('securities'), accountId: BUYER_CASH, currency: CURRENCY, amount: '100000000' });
  await waitFor(
    () => balance('securities', BUYER_CASH),
    (value) => value === 100_000_000n,
    30,
  );
  // The CSD registers the cash ledger on the bond ledger: whose certificates sign a cash lock's proof.
  const rootCertificate = readFileSync(path.join(defaultNetworkHome(), 'organizations', 'payment', 'msp', 'cacerts', 'ca.pem'), 'utf8');
  await csdAdmin.ok('PUT', '/cash-ledger', {
    channel: 'cash',
    chaincode: 'cash',
    organisations: [{ mspId: mspOf('payment'), rootCertificates: [rootCertificate] }],
    endorsementPolicy: { mspIds: [mspOf('payment')] },
    maxProofAgeSeconds: 300,
  });
}, 900_000);

afterEach(() => {
  expectLedgersConsistent();
}, 300_000);

describe('hash time-locked delivery versus payment across the bond and cash ledgers', () => {
  it('settles a secondary DvP: the seller claims the cash, the CSD’s agent delivers the units with the revealed secret', async () => {
    const { preimage, hash } = secret();
    const [sellerCash, buyerUnits] = [await balance('bank', SELLER_CASH), await units('securities', 'DVP-IN')];
    const units0 = await lockUnits(hash, inSeconds(240));
    const cash0 = await lockCash(hash, inSeconds(120));
    expect(cash0).toMatchObject({ status: 'LOCKED', hash, amount: PRICE });

    // Proof instead of trust: the bond lock records the buyer's cash lock from the payment operator's signed attestation.
    const attested = (await bank.post<{ proof: string; attestation: { lock: CashLock } }>(`/cash/locks/${cash0.lockId}/attestation`)).body;
    expect(attested.attestation.lock).toMatchObject({ lockId: cash0.lockId, status: 'LOCKED', hash });
    const attached = await bank.ok<HashLock>('POST', `/hash-locks/${units0.lockId}/cash-lock`, { proof: attested.proof });
    expect(attached.cashLock).toMatchObject({ lockId: cash0.lockId, amount: PRICE, currency: CURRENCY });

    const claimed = await cashOk<{ lock: CashLock }>(bank, `/cash/locks/${cash0.lockId}/claim`, { preimage });
    expect(claimed.lock).toMatchObject({ status: 'CLAIMED', preimage });

    const delivered = await waitFor(
      () => bondLock(units0.lockId),
      (lock) => lock.status !== 'LOCKED',
      60,
    );
    expect(delivered).toMatchObject({ status: 'CLAIMED', preimage, claimed: { mspId: mspOf('csd') } });
    expect(await units('securities', 'DVP-IN')).toBe(buyerUnits + 10n);
    expect(await balance('bank', SELLER_CASH)).toBe(sellerCash + BigInt(PRICE));

    // A double claim on either ledger is refused.
    const again = await bank.post<ErrorBody>(`/cash/locks/${cash0.lockId}/claim`, { preimage });
    expect([again.status, again.body.error.code]).toEqual([409, 'LOCK_ALREADY_CLAIMED']);
    const againUnits = await securities.post<ErrorBody>(`/hash-locks/${units0.lockId}/claim`, { preimage });
    expect([againUnits.status, againUnits.body.error.code]).toEqual([409, 'INVALID_STATE_TRANSITION']);
  }, 300_000);

  it('refuses a wrong preimage, a claim by an institution not the beneficiary and a refund before the expiry, on both ledgers', async () => {
    const { preimage, hash } = secret();
    const units0 = await lockUnits(hash, inSeconds(90));
    const cash0 = await lockCash(hash, inSeconds(45));

    const wrongCash = await bank.post<ErrorBody>(`/cash/locks/${cash0.lockId}/claim`, { preimage: secret().preimage });
    expect([wrongCash.status, wrongCash.body.error.code]).toEqual([422, 'HASH_MISMATCH']);
    const wrongUnits = await securities.post<ErrorBody>(`/hash-locks/${units0.lockId}/claim`, { preimage: secret().preimage });
    expect([wrongUnits.status, wrongUnits.body.error.code]).toEqual([422, 'HASH_MISMATCH']);

    // The buyer cannot take the seller's cash, nor the seller the buyer's units, even with the secret.
    const buyerTakesCash = await securities.post<ErrorBody>(`/cash/locks/${cash0.lockId}/claim`, { preimage });
    expect([buyerTakesCash.status, buyerTakesCash.body.error.code]).toEqual([403, 'NOT_A_PARTY']);
    const sellerTakesUnits = await bank.post<ErrorBody>(`/hash-locks/${units0.lockId}/claim`, { preimage });
    expect([sellerTakesUnits.status, sellerTakesUnits.body.error.code]).toEqual([403, 'NOT_A_PARTY']);

    const earlyCash = await securities.post<ErrorBody>(`/cash/locks/${cash0.lockId}/refund`);
    expect([earlyCash.status, earlyCash.body.error.code]).toEqual([422, 'LOCK_NOT_EXPIRED']);
    const earlyUnits = await bank.post<ErrorBody>(`/hash-locks/${units0.lockId}/refund`);
    expect([earlyUnits.status, earlyUnits.body.error.code]).toEqual([422, 'OUTSIDE_WINDOW']);
    expect((await cashLock(cash0.lockId)).status).toBe('LOCKED');
    expect((await bondLock(units0.lockId)).status).toBe('LOCKED');

    // Nobody claims: the agents refund both after their expiries (the scenarios below wait for that).
  }, 300_000);

  it('refuses a claim after the expiry on both ledgers', async () => {
    const { preimage, hash } = secret();
    const units0 = await lockUnits(hash, inSeconds(20));
    const cash0 = await lockCash(hash, inSeconds(15));
    await untilPast(units0.expiresAt, 1000);
    // The agents refund a few seconds after the expiry: claim before they do.
    const lateCash = await bank.post<ErrorBody>(`/cash/locks/${cash0.lockId}/claim`, { preimage });
    expect([lateCash.status, lateCash.body.error.code]).toEqual([422, 'LOCK_EXPIRED']);
    const lateUnits = await securities.post<ErrorBody>(`/hash-locks/${units0.lockId}/claim`, { preimage });
    expect([lateUnits.status, lateUnits.body.error.code]).toEqual([422, 'OUTSIDE_WINDOW']);
    await waitFor(
      () => bondLock(units0.lockId),
      (lock) => lock.status === 'REFUNDED',
      90,
    );
    expect(
      (
        await waitFor(
          () => cashLock(cash0.lockId),
          (lock) => lock.status === 'REFUNDED',
          90,
        )
      ).status,
    ).toBe('REFUNDED');
  }, 300_000);

  it('refunds the seller after the expiry when the buyer never locks the cash', async () => {
    const { hash } = secret();
    const before = await units('bank', 'PROPRIETARY');
    const units0 = await lockUnits(hash, inSeconds(20));
    expect(await units('bank', 'PROPRIETARY')).toBe(before - 10n);
    const refunded = await waitFor(
      () => bondLock(units0.lockId),
      (lock) => lock.status !== 'LOCKED',
      120,
    );
    expect(refunded).toMatchObject({ status: 'REFUNDED', refunded: { mspId: mspOf('csd') } });
    expect(Date.parse(refunded.refunded?.timestamp ?? '')).toBeGreaterThanOrEqual(Date.parse(units0.expiresAt));
    expect(await units('bank', 'PROPRIETARY')).toBe(before);
  }, 300_000);

  it('refunds both sides when the seller never claims: the buyer’s cash first, then the seller’s units', async () => {
    const { hash } = secret();
    // Earlier scenarios' locks are refunded first, so that the balance and the holding move by this scenario's alone.
    await waitFor(
      () => operator.read<Page<CashLock>>('/cash/locks?pageSize=100'),
      (open) => !open.records.some((lock) => lock.locker.accountId === BUYER_CASH),
      180,
    );
    await waitFor(
      () => csd.read<Page<HashLock>>('/hash-locks?pageSize=100'),
      (open) => !open.records.some((lock) => lock.isin === isin),
      180,
    );
    const [buyerCash, sellerUnits] = [await balance('securities', BUYER_CASH), await units('bank', 'PROPRIETARY')];
    const units0 = await lockUnits(hash, inSeconds(50));
    const cash0 = await lockCash(hash, inSeconds(20));
    const cashBack = await waitFor(
      () => cashLock(cash0.lockId),
      (lock) => lock.status !== 'LOCKED',
      120,
    );
    expect(cashBack.status).toBe('REFUNDED');
    expect((await bondLock(units0.lockId)).status).toBe('LOCKED');
    const unitsBack = await waitFor(
      () => bondLock(units0.lockId),
      (lock) => lock.status !== 'LOCKED',
      120,
    );
    expect(unitsBack.status).toBe('REFUNDED');
    expect(Date.parse(cashBack.refunded?.timestamp ?? '')).toBeLessThan(Date.parse(unitsBack.refunded?.timestamp ?? ''));
    expect(await balance('securities', BUYER_CASH)).toBe(buyerCash);
    expect(await units('bank', 'PROPRIETARY')).toBe(sellerUnits);
  }, 300_000);

  it('completes the securities claim when the CSD’s agent, killed after the cash claim, restarts before the bond lock expires', async () => {
    const { preimage, hash } = secret();
    const buyerUnits = await units('securities', 'DVP-IN');
    const units0 = await lockUnits(hash, inSeconds(180));
    const cash0 = await lockCash(hash, inSeconds(90));
    killCsdAgent();
    try {
      await cashOk(bank, `/cash/locks/${cash0.lockId}/claim`, { preimage });
      // With no agent, nothing completes the delivery.
      await new Promise((resolve) => setTimeout(resolve, 8000));
      expect((await bondLock(units0.lockId)).status).toBe('LOCKED');
    } finally {
      startAgents();
    }
    const delivered = await waitFor(
      () => bondLock(units0.lockId),
      (lock) => lock.status !== 'LOCKED',
      90,
    );
    expect(delivered).toMatchObject({ status: 'CLAIMED', preimage, claimed: { mspId: mspOf('csd') } });
    expect(Date.parse(delivered.claimed?.timestamp ?? '')).toBeLessThan(Date.parse(units0.expiresAt));
    expect(await units('securities', 'DVP-IN')).toBe(buyerUnits + 10n);
  }, 300_000);

  it('records a coupon payment on proof of the paying agent’s cash lock that the holder claimed', async () => {
    // A bond whose first coupon is due today, the bank its paying agent; the securities company holds 400.
    const couponIsin = await issueOverHttp(
      { csd, issuer: securities },
      termsAround(utcDate(0), mspOf('bank'), { shortName: 'EXSEC PAYPROOF' }),
      [
        { bidder: bank, units: '600', accountId: 'PROPRIETARY' },
        { bidder: securities, units: '400', accountId: 'PROPRIETARY' },
      ],
    );
    await bank.ok('POST', `/bonds/${couponIsin}/coupons/1/entitlements`);
    const entitlementsPath = `/bonds/${couponIsin}/payment-events/C-001/entitlements`;
    const due = (await bank.read<Page<Entitlement>>(entitlementsPath)).records.find((e) => e.holder === mspOf('securities'));
    if (!due) throw new Error('no entitlement of the securities company');
    // The coupon is paid in the bond's currency, CNY, from the paying agent's account to the holder's.
    const [payer, payee] = [`PAY-${RUN}`, `COUPON-${RUN}`];
    await cashOk(operatorAdmin, '/cash/accounts', { owner: mspOf('bank'), accountId: payer, currency: 'CNY' });
    await cashOk(operatorAdmin, '/cash/accounts', { owner: mspOf('securities'), accountId: payee, currency: 'CNY' });
    await cashOk(operator, '/cash/issuances', { owner: mspOf('bank'), accountId: payer, currency: 'CNY', amount: due.amount });
    const { preimage, hash } = secret();
    const locked = await cashOk<{ lock: CashLock }>(bank, '/cash/locks', {
      from: { owner: mspOf('bank'), accountId: payer },
      beneficiary: { owner: mspOf('securities'), accountId: payee },
      currency: 'CNY',
      amount: due.amount,
      hashAlgorithm: 'SHA256',
      hash,
      expiry: inSeconds(120),
    });
    // The holder takes the cash with the secret the paying agent gave it; the claimed lock is the proof of payment.
    await cashOk(securities, `/cash/locks/${locked.lock.lockId}/claim`, { preimage });
    const { proof } = (await securities.post<{ proof: string }>(`/cash/locks/${locked.lock.lockId}/attestation`)).body;
    const body = { holder: mspOf('securities'), accountId: 'PROPRIETARY', proof };
    const paid = await securities.ok<Entitlement>('POST', `/bonds/${couponIsin}/payment-events/C-001/payments/by-proof`, body);
    expect(paid).toMatchObject({ holder: mspOf('securities'), amount: due.amount, status: 'PAID', paid: { mspId: mspOf('securities') } });
    // The same cash pays once.
    const again = await securities.post<ErrorBody>(`/bonds/${couponIsin}/payment-events/C-001/payments/by-proof`, body);
    expect(again.status).toBe(409);
    // The bank's own entitlement has no proof: a proof of the holder's payment does not pay it.
    const other = await bank.post<ErrorBody>(`/bonds/${couponIsin}/payment-events/C-001/payments/by-proof`, {
      ...body,
      holder: mspOf('bank'),
    });
    expect([other.status, other.body.error.code]).toEqual([422, 'PROOF_INVALID']);
  }, 300_000);
});
