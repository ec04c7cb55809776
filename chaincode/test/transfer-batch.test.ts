/**
 * Settlement batches (Custody:ConfirmTransferCashBatch) through the access
 * guard on the in-memory world state, whose reads, like Fabric's, do not see
 * the transaction's own writes: all or nothing, each holding written once
 * with its net movement, the gross rule in the listed order, frozen units,
 * the size bound and the caller; and, as a property, the same holdings as
 * settling the transfers one by one on a twin ledger.
 */
import fc from 'fast-check';
import { ErrorCode, type HoldingPosition, MAX_TRANSFERS_PER_BATCH, type Transfer, type TransfersSettled } from '../src/api';
import type { MemoryLedger, TestIdentity } from './support/memory-ledger';
import { BANK, contracts, CSD, CSD_ADMIN, FUND, HOUR, ISIN, json, Scenario, SEC } from './support/scenario';

const { custody, membership } = contracts;

let scenario: Scenario;
let ledger: MemoryLedger;

const batch = (transferIds: unknown[]) => json({ transferIds });
const expiresIn = (l: MemoryLedger, seconds: number) => new Date((l.now + seconds) * 1000).toISOString();

interface Leg {
  seller: TestIdentity;
  buyer: TestIdentity;
  units: number;
  fromAccount?: string;
  toAccount?: string;
  cashAmount?: string;
}

function instruction(
  l: MemoryLedger,
  { buyer, units, fromAccount = 'PROP', toAccount = 'PROP', cashAmount = '1000' }: Leg,
  expiresAt = expiresIn(l, HOUR),
): string {
  return json({ isin: ISIN, fromAccount, to: buyer.mspId, toAccount, units: String(units), cashAmount, expiresAt });
}

async function instruct(l: MemoryLedger, leg: Leg, expiresAt?: string): Promise<Transfer> {
  return l.ok<Transfer>(custody, 'InstructTransfer', leg.seller, instruction(l, leg, expiresAt));
}

/** An affirmed DvP transfer, waiting for the CSD's cash confirmation. */
async function affirmed(leg: Leg, expiresAt?: string): Promise<Transfer> {
  const transfer = await instruct(ledger, leg, expiresAt);
  await ledger.ok(custody, 'AffirmTransfer', leg.buyer, transfer.transferId);
  return transfer;
}

async function unitsOf(holder: string, accountId = 'PROP', l = ledger): Promise<string> {
  return (await l.ok<HoldingPosition>(custody, 'GetHolding', CSD, ISIN, holder, accountId)).units;
}

async function statusOf(transferId: string): Promise<Transfer['status']> {
  return (await ledger.ok<Transfer>(custody, 'GetTransfer', CSD, transferId)).status;
}

/** The batch of `ids` is refused with `code`, naming `transferId`, and writes nothing. */
async function refusedAt(code: string, transferId: string, ids: string[]): Promise<void> {
  const before = ledger.snapshot();
  const { error } = await ledger.invoke(custody, 'ConfirmTransferCashBatch', CSD, batch(ids));
  expect(error?.message ?? 'accepted').toMatch(new RegExp(`^${code}: batch refused at transfer ${transferId}, nothing settled: `));
  expect(ledger.snapshot()).toEqual(before);
}

beforeEach(async () => {
  scenario = new Scenario();
  ledger = scenario.ledger;
  await scenario.members();
  await scenario.issuedBond(); // BankMSP 646, FundMSP 554 in PROP
});

describe('a settlement batch', () => {
  it('settles several affirmed DvP transfers in one transaction: each SETTLED, each holding written once, one event', async () => {
    const transfers = [
      await affirmed({ seller: BANK, buyer: FUND, units: 100 }),
      await affirmed({ seller: FUND, buyer: SEC, units: 300 }),
      await affirmed({ seller: BANK, buyer: SEC, units: 40, toAccount: 'CLIENT-1' }),
      await affirmed({ seller: FUND, buyer: BANK, units: 54, toAccount: 'CLIENT-2' }),
    ];
    const ids = transfers.map((t) => t.transferId);
    const policiesBefore = ledger.validationParameters.size;
    const invocation = await ledger.invoke(custody, 'ConfirmTransferCashBatch', CSD, batch(ids));
    expect(invocation.error).toBeUndefined();

    const settled = JSON.parse(invocation.result!) as Transfer[];
    expect(settled.map((t) => [t.transferId, t.status])).toEqual(ids.map((id) => [id, 'SETTLED']));
    for (const id of ids) {
      const stored = await ledger.ok<Transfer>(custody, 'GetTransfer', CSD, id);
      expect([stored.status, stored.lastChange.txId]).toEqual(['SETTLED', invocation.txId]);
    }
    expect([await unitsOf('BankMSP'), await unitsOf('FundMSP'), await unitsOf('SecuritiesMSP')]).toEqual(['506', '300', '300']);
    expect([await unitsOf('SecuritiesMSP', 'CLIENT-1'), await unitsOf('BankMSP', 'CLIENT-2')]).toEqual(['40', '54']);
    expect(await scenario.outstanding()).toBe(1200n);

    // Every key once: five holdings, four transfers and their index rows, two index rows of new holdings.
    const writes = invocation.attemptedWrites;
    expect(new Set(writes).size).toBe(writes.length);
    expect(writes.filter((k) => k.startsWith('\u0000holding\u0000'))).toHaveLength(5);
    // New holdings get the CSD's and the holder's key policy, as a single settlement gives them.
    expect(ledger.validationParameters.size).toBe(policiesBefore + 3);
    for (const [holdingKey, policy] of ledger.validationParameters) {
      const holder = holdingKey.split('\u0000')[3]!;
      expect(Buffer.from(policy).toString()).toContain('CSDMSP');
      expect(Buffer.from(policy).toString()).toContain(holder);
    }

    const event = invocation.event as { name: string; payload: TransfersSettled };
    expect(event.name).toBe('TransfersSettled');
    expect(event.payload).toEqual({
      transferIds: ids,
      settled: expect.objectContaining({ mspId: 'CSDMSP', txId: invocation.txId }) as unknown,
    });
    // The index of open instructions no longer lists them.
    expect(await ledger.ok<Transfer[]>(custody, 'ListExpiredTransfers', CSD, expiresIn(ledger, 2 * HOUR))).toEqual([]);
  });

  it('checks gross in the listed order: a holding may deliver what an earlier transfer of the batch brought it, not a later one', async () => {
    const toFund = await affirmed({ seller: BANK, buyer: FUND, units: 100 });
    const allOfFund = await affirmed({ seller: FUND, buyer: SEC, units: 554 });
    const outOfBank = await affirmed({ seller: BANK, buyer: SEC, units: 46, toAccount: 'CLIENT' });
    // Fund delivers 100 free of payment meanwhile: 454 left, 554 promised.
    const fop = await instruct(ledger, { seller: FUND, buyer: BANK, units: 100, toAccount: 'CLIENT', cashAmount: '0' });
    await ledger.ok(custody, 'AffirmTransfer', BANK, fop.transferId);

    await refusedAt(ErrorCode.INSUFFICIENT_HOLDING, allOfFund.transferId, [allOfFund.transferId, toFund.transferId, outOfBank.transferId]);
    await ledger.ok(custody, 'ConfirmTransferCashBatch', CSD, batch([toFund.transferId, allOfFund.transferId, outOfBank.transferId]));
    expect([
      await unitsOf('BankMSP'),
      await unitsOf('FundMSP'),
      await unitsOf('SecuritiesMSP'),
      await unitsOf('SecuritiesMSP', 'CLIENT'),
    ]).toEqual(['500', '0', '554', '46']);
    expect(await scenario.outstanding()).toBe(1200n);
  });

  it('never delivers frozen units; units the batch brings in first can cover the delivery', async () => {
    const bankSells = await affirmed({ seller: BANK, buyer: FUND, units: 600 });
    const bankBuys = await affirmed({ seller: FUND, buyer: BANK, units: 100 });
    await ledger.ok(
      custody,
      'FreezeHolding',
      CSD,
      json({ isin: ISIN, holder: 'BankMSP', accountId: 'PROP', units: '100', reason: 'pledge' }),
    );

    await refusedAt(ErrorCode.HOLDING_FROZEN, bankSells.transferId, [bankSells.transferId, bankBuys.transferId]);
    await ledger.ok(custody, 'ConfirmTransferCashBatch', CSD, batch([bankBuys.transferId, bankSells.transferId]));
    const bank = await ledger.ok<HoldingPosition>(custody, 'GetHolding', CSD, ISIN, 'BankMSP', 'PROP');
    expect([bank.units, bank.frozenUnits]).toEqual(['146', '100']);
  });

  it('writes nothing when any one transfer fails a check of ConfirmTransferCash, naming it', async () => {
    const good = await affirmed({ seller: BANK, buyer: FUND, units: 10 }, expiresIn(ledger, 24 * HOUR));
    const instructed = await instruct(ledger, { seller: BANK, buyer: FUND, units: 10 }, expiresIn(ledger, 24 * HOUR));
    const freeOfPayment = await instruct(ledger, { seller: BANK, buyer: FUND, units: 10, cashAmount: '0' });
    await ledger.ok(custody, 'AffirmTransfer', FUND, freeOfPayment.transferId);
    const cancelled = await affirmed({ seller: FUND, buyer: BANK, units: 10 });
    await ledger.ok(custody, 'CancelTransfer', FUND, cancelled.transferId);
    const settledAlone = await affirmed({ seller: FUND, buyer: BANK, units: 10 });
    await ledger.ok(custody, 'ConfirmTransferCash', CSD, settledAlone.transferId);
    const expiring = await affirmed({ seller: FUND, buyer: BANK, units: 10 }, expiresIn(ledger, 60));
    ledger.now += 120;

    await refusedAt(ErrorCode.INVALID_STATE_TRANSITION, instructed.transferId, [good.transferId, instructed.transferId]);
    await refusedAt(ErrorCode.INVALID_ARGUMENT, freeOfPayment.transferId, [good.transferId, freeOfPayment.transferId]);
    await refusedAt(ErrorCode.INVALID_STATE_TRANSITION, cancelled.transferId, [good.transferId, cancelled.transferId]);
    await refusedAt(ErrorCode.INVALID_STATE_TRANSITION, settledAlone.transferId, [good.transferId, settledAlone.transferId]);
    await refusedAt(ErrorCode.OUTSIDE_WINDOW, expiring.transferId, [good.transferId, expiring.transferId]);
    await refusedAt(ErrorCode.NOT_FOUND, 'no-such-transfer', [good.transferId, 'no-such-transfer']);
    expect(await statusOf(good.transferId)).toBe('AFFIRMED');

    await ledger.ok(custody, 'ConfirmTransferCashBatch', CSD, batch([good.transferId]));
    expect(await statusOf(good.transferId)).toBe('SETTLED');
  });

  it('settles nothing once the register of the bond is closed', async () => {
    const late = await affirmed({ seller: BANK, buyer: FUND, units: 10 }, '2031-01-01T00:00:00.000Z');
    ledger.now = Scenario.at('2029-03-05');
    await refusedAt(ErrorCode.OUTSIDE_WINDOW, late.transferId, [late.transferId]);
  });

  it(`takes 1 to ${MAX_TRANSFERS_PER_BATCH} distinct transfers`, async () => {
    const transfer = await affirmed({ seller: BANK, buyer: FUND, units: 10 });
    const tooMany = Array.from({ length: MAX_TRANSFERS_PER_BATCH + 1 }, (_, i) => (i === 0 ? transfer.transferId : `t${i}`));
    for (const request of [batch(tooMany), batch([]), batch([transfer.transferId, transfer.transferId]), json({}), '[]']) {
      await scenario.refused(custody, 'ConfirmTransferCashBatch', CSD, ErrorCode.INVALID_ARGUMENT, {}, request);
      await scenario.refused(custody, 'GetTransfers', CSD, ErrorCode.INVALID_ARGUMENT, {}, request);
    }
  });

  it('is the CSD operators’ alone', async () => {
    const ids = [(await affirmed({ seller: BANK, buyer: FUND, units: 10 })).transferId];
    await scenario.refused(custody, 'ConfirmTransferCashBatch', BANK, ErrorCode.ROLE_REQUIRED, {}, batch(ids));
    await scenario.refused(custody, 'ConfirmTransferCashBatch', FUND, ErrorCode.ROLE_REQUIRED, {}, batch(ids));
    await scenario.refused(custody, 'ConfirmTransferCashBatch', { mspId: 'CSDMSP' }, ErrorCode.ATTRIBUTE_REQUIRED, {}, batch(ids));
    await scenario.refused(custody, 'ConfirmTransferCashBatch', CSD_ADMIN, ErrorCode.ATTRIBUTE_REQUIRED, {}, batch(ids));
    await scenario.refused(
      custody,
      'ConfirmTransferCashBatch',
      { mspId: 'StrangerMSP', bondRole: 'operator' },
      ErrorCode.NOT_A_MEMBER,
      {},
      batch(ids),
    );
  });
});

describe('reading transfers by the list', () => {
  it('returns the listed transfers in order, with the read check of GetTransfer', async () => {
    const a = await affirmed({ seller: BANK, buyer: FUND, units: 10 });
    const b = await affirmed({ seller: BANK, buyer: SEC, units: 20 });
    expect((await ledger.ok<Transfer[]>(custody, 'GetTransfers', SEC, batch([b.transferId, a.transferId]))).map((t) => t.units)).toEqual([
      '20',
      '10',
    ]);
    await scenario.refused(custody, 'GetTransfers', SEC, ErrorCode.NOT_FOUND, {}, batch([a.transferId, 'no-such-transfer']));

    await ledger.ok(membership, 'SuspendMember', CSD_ADMIN, json({ mspId: 'FundMSP', reason: 'audit' }));
    expect(await ledger.ok<Transfer[]>(custody, 'GetTransfers', FUND, batch([a.transferId]))).toHaveLength(1);
    await scenario.refused(custody, 'GetTransfers', FUND, ErrorCode.ACCESS_DENIED, {}, batch([a.transferId, b.transferId]));
  });
});

/** What happens between instruction and settlement: a free-of-payment delivery or a freeze, so some deliveries are no longer covered. */
interface Meanwhile {
  kind: 'fop' | 'freeze';
  seller: TestIdentity;
  units: number;
}

/** A ledger with the bond issued, Securities given 200 units, the legs instructed and affirmed (those that can be), then `meanwhile`. Returns the affirmed ids. */
async function prepared(twin: Scenario, legs: Leg[], meanwhile: Meanwhile | undefined): Promise<string[]> {
  await twin.members();
  await twin.issuedBond();
  const seed = await instruct(twin.ledger, { seller: BANK, buyer: SEC, units: 200, cashAmount: '0' });
  await twin.ok(custody, 'AffirmTransfer', SEC, seed.transferId);
  const ids: string[] = [];
  for (const leg of legs) {
    const instructed = await twin.ledger.invoke(custody, 'InstructTransfer', leg.seller, instruction(twin.ledger, leg));
    if (instructed.error) continue;
    const { transferId } = JSON.parse(instructed.result!) as Transfer;
    await twin.ok(custody, 'AffirmTransfer', leg.buyer, transferId);
    ids.push(transferId);
  }
  if (meanwhile?.kind === 'freeze') {
    const freeze = { isin: ISIN, holder: meanwhile.seller.mspId, accountId: 'PROP', units: String(meanwhile.units), reason: 'pledge' };
    await twin.ledger.invoke(custody, 'FreezeHolding', CSD, json(freeze));
  } else if (meanwhile) {
    const fop = await twin.ledger.invoke(
      custody,
      'InstructTransfer',
      meanwhile.seller,
      instruction(twin.ledger, { ...meanwhile, buyer: SEC, toAccount: 'FOP', cashAmount: '0' }),
    );
    if (!fop.error) await twin.ok(custody, 'AffirmTransfer', SEC, (JSON.parse(fop.result!) as Transfer).transferId);
  }
  return ids;
}

/** Units of every holding the property's transfers can touch, 'none' where there is no holding. */
async function everyHolding(twin: Scenario): Promise<string[]> {
  const units: string[] = [];
  for (const holder of ['BankMSP', 'FundMSP', 'SecuritiesMSP']) {
    for (const accountId of ['PROP', 'CLIENT', 'FOP']) {
      const found = await twin.ledger.invoke(custody, 'GetHolding', CSD, ISIN, holder, accountId);
      units.push(found.result === undefined ? 'none' : (JSON.parse(found.result) as HoldingPosition).units);
    }
  }
  return units;
}

describe('a batch against settling one by one (property)', () => {
  const party = fc.constantFrom(BANK, FUND, SEC);
  const legArb = fc
    .record({ seller: party, buyer: party, units: fc.integer({ min: 1, max: 300 }), toAccount: fc.constantFrom('PROP', 'CLIENT') })
    .filter((leg) => leg.seller !== leg.buyer);
  const meanwhileArb = fc.option(
    fc.record({ kind: fc.constantFrom<Meanwhile['kind']>('fop', 'freeze'), seller: party, units: fc.integer({ min: 1, max: 300 }) }),
    { nil: undefined },
  );

  it('settles what one by one settles, to the same holdings, and refuses where one by one first fails, writing nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(legArb, { minLength: 1, maxLength: 6 }), meanwhileArb, async (legs, meanwhile) => {
        // Twin ledgers, same steps: the same transaction ids, so the same transfer ids.
        const [batched, single] = [new Scenario(), new Scenario()];
        const ids = await prepared(batched, legs, meanwhile);
        expect(await prepared(single, legs, meanwhile)).toEqual(ids);
        if (ids.length === 0) return;

        const before = batched.ledger.snapshot();
        const outcome = await batched.ledger.invoke(custody, 'ConfirmTransferCashBatch', CSD, batch(ids));
        const failures: { id: string; message: string }[] = [];
        for (const id of ids) {
          const { error } = await single.ledger.invoke(custody, 'ConfirmTransferCash', CSD, id);
          if (error) failures.push({ id, message: error.message });
        }
        const [first] = failures;
        if (first) {
          const code = first.message.slice(0, first.message.indexOf(':'));
          expect(outcome.error?.message).toMatch(new RegExp(`^${code}: batch refused at transfer ${first.id}, nothing settled: `));
          expect(batched.ledger.snapshot()).toEqual(before);
          return;
        }
        expect(outcome.error).toBeUndefined();
        const settledBoth = await Promise.all(
          [batched, single].map((twin) => twin.ok<Transfer[]>(custody, 'GetTransfers', CSD, batch(ids))),
        );
        // The same records but for the change stamp: one transaction against one each.
        const unstamped = (transfers: Transfer[]) => transfers.map((t) => ({ ...t, lastChange: undefined }));
        expect(unstamped(settledBoth[0]!)).toEqual(unstamped(settledBoth[1]!));
        expect(await everyHolding(batched)).toEqual(await everyHolding(single));
        expect(await batched.outstanding()).toBe(1200n);
      }),
      { numRuns: 25 },
    );
  });
});
