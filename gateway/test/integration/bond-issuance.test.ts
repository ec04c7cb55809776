/**
 * The first half of a bond's life on the real network, each organisation
 * signing its own steps: registration and CSD approval, a fixed-price book
 * with confidential bids, allocation against the revealed order book, DvP
 * primary settlement (one cash leg confirmed, one failed), a secondary DvP
 * transfer (refused at validation when the holder's organisation did not
 * endorse), and a freeze.
 *
 * The securities company is issuer and bookrunner; the bank and the
 * securities company bid. The ledger persists between runs, so each run
 * registers a bond with a fresh national code.
 */
import { type Contract, StatusCode } from '@hyperledger/fabric-gateway';
import {
  type Allocation,
  type Bid,
  type BidReference,
  type Bond,
  type BondApplication,
  ErrorCode,
  type Holding,
  type PrimarySettlementBatch,
  type Transfer,
} from '@bond-platform/chaincode/api';
import { freshNationalCode, privateInput, termsAround, utcDate } from './bond-steps';
import { eventually } from './eventually';
import { expectRefused, json, Participants } from './participants';

const participants = new Participants();
afterAll(() => {
  participants.close();
});

const CSD = () => participants.mspId('csd');
const BANK = () => participants.mspId('bank');
const SECURITIES = () => participants.mspId('securities');
const as = (org: string, contract: string): Contract => participants.contract(org, 'operator1', contract);
const nationalCode = freshNationalCode();
const now = Date.now();

// A three-year bond issued next week: coupons in the future, a greenshoe of 200 units.
const terms = termsAround(utcDate(7, 1), 'BankMSP', {
  shortName: 'EXSEC 2.85',
  overAllotmentLimit: '200',
  interestRate: '2.85',
  issueDate: utcDate(7),
  maturityDate: utcDate(7, 3),
  businessDayConvention: 'FOLLOWING',
});

let isin = '';

beforeAll(async () => {
  await participants.ensureFoundingMembers();
});

async function submitPrivate(
  contract: Contract,
  name: string,
  transient: Record<string, unknown>,
  endorsers: string[],
  args: string[] = [],
) {
  return contract.submit(name, { arguments: args, transientData: privateInput(transient), endorsingOrganizations: endorsers });
}

describe('bond issuance and custody on the network', () => {
  it('registers: the issuer applies, the CSD approves with an ISIN from the national code and a derived CFI', async () => {
    const application = json<BondApplication>(await as('securities', 'Bonds').submitTransaction('ApplyForBond', JSON.stringify(terms)));
    expect(application).toMatchObject({ issuer: SECURITIES(), status: 'PENDING_APPROVAL' });

    await expectRefused(
      as('securities', 'Bonds').submitTransaction(
        'ApproveBond',
        JSON.stringify({ applicationId: application.applicationId, nationalCode }),
      ),
      ErrorCode.ROLE_REQUIRED,
    );
    const bond = json<Bond>(
      await as('csd', 'Bonds').submitTransaction(
        'ApproveBond',
        JSON.stringify({ applicationId: application.applicationId, nationalCode, countryCode: 'CN' }),
      ),
    );
    expect(bond.isin).toMatch(new RegExp(`^CN${nationalCode}[0-9]$`));
    expect(bond).toMatchObject({ cfi: 'DBFUFR', status: 'APPROVED', issuer: SECURITIES() });
    isin = bond.isin;
  });

  it('keeps bids confidential: each bidder, the CSD and the bookrunner see a bid, the channel only its hash', async () => {
    await as('securities', 'Books').submitTransaction(
      'OpenBook',
      JSON.stringify({
        isin,
        bookType: 'FIXED_PRICE',
        opensAt: new Date(now - 60_000).toISOString(),
        closesAt: new Date(now + 600_000).toISOString(),
      }),
    );
    await submitPrivate(as('bank', 'Books'), 'PlaceBid', { bid: { isin, units: '700', accountId: 'PROPRIETARY' } }, [
      CSD(),
      BANK(),
      SECURITIES(),
    ]);
    await submitPrivate(as('securities', 'Books'), 'PlaceBid', { bid: { isin, units: '600', accountId: 'UW-BOOK' } }, [
      CSD(),
      SECURITIES(),
    ]);

    // The bank reads its own bid from its own peer, and not the competitor's.
    const own = json<Bid>(await as('bank', 'Books').evaluateTransaction('GetBid', isin, BANK()));
    expect(own).toMatchObject({ bidder: BANK(), units: '700' });
    await expectRefused(as('bank', 'Books').evaluateTransaction('GetBid', isin, SECURITIES()), ErrorCode.ACCESS_DENIED);
    await expectRefused(as('bank', 'Books').evaluateTransaction('GetOrderBook', isin), ErrorCode.ACCESS_DENIED);

    // The bookrunner and the CSD see the whole book on their own peers.
    for (const org of ['securities', 'csd']) {
      const book = json<Bid[]>(await as(org, 'Books').evaluateTransaction('GetOrderBook', isin));
      expect(book.map((b) => [b.bidder, b.units])).toEqual([
        [BANK(), '700'],
        [SECURITIES(), '600'],
      ]);
    }
    // The public trace says who bid, not what.
    const refs = json<{ records: BidReference[] }>(
      await as('bank', 'Books').evaluateTransaction('ListBidReferences', isin, '', ''),
    ).records;
    expect(refs.map((r) => r.bidder).sort()).toEqual([BANK(), SECURITIES()].sort());
    // No amount in the public trace: no units, no rate, whatever the record's other fields.
    expect(JSON.stringify(refs)).not.toMatch(/"(units|rate|accountId)"/);
  });

  it('allocates pro rata with over-allotment against the revealed order book, refusing a tampered reveal', async () => {
    await expectRefused(as('bank', 'Books').submitTransaction('CloseBook', isin), ErrorCode.ROLE_REQUIRED);
    await as('securities', 'Books').submitTransaction('CloseBook', isin);
    const orderBook = json<Bid[]>(await as('securities', 'Books').evaluateTransaction('GetOrderBook', isin));

    const tampered = orderBook.map((b) => (b.bidder === BANK() ? { ...b, units: '70' } : b));
    await expectRefused(
      submitPrivate(
        as('securities', 'Books'),
        'AllocateBook',
        { orderBook: tampered },
        [CSD(), SECURITIES()],
        [JSON.stringify({ isin, overAllotmentUnits: '200' })],
      ),
      ErrorCode.ORDER_BOOK_MISMATCH,
    );
    await expectRefused(
      submitPrivate(
        as('securities', 'Books'),
        'AllocateBook',
        { orderBook: orderBook.slice(0, 1) },
        [CSD(), SECURITIES()],
        [JSON.stringify({ isin })],
      ),
      ErrorCode.ORDER_BOOK_MISMATCH,
    );
    const allocation = json<Allocation>(
      await submitPrivate(
        as('securities', 'Books'),
        'AllocateBook',
        { orderBook },
        [CSD(), SECURITIES()],
        [JSON.stringify({ isin, overAllotmentUnits: '200' })],
      ),
    );
    // Demand 1300, supply 1000 + 200: 700·1200/1300 = 646.15…, 600·1200/1300 = 553.84…; the last unit goes to the larger remainder.
    expect(allocation.lines.map((l) => [l.bidder, l.units])).toEqual([
      [BANK(), '646'],
      [SECURITIES(), '554'],
    ]);
    // Any member re-checks it: the revealed book is public once allocated.
    const seenByBank = json<Allocation>(await as('bank', 'Books').evaluateTransaction('GetAllocation', isin));
    expect(seenByBank.orderBook.map((b) => b.units)).toEqual(['700', '600']);
    const total = seenByBank.lines.reduce((sum, l) => sum + BigInt(l.units), 0n);
    expect(total).toBe(1200n);
  });

  it('settles DvP: a confirmed cash leg credits the holding, a failed one credits nothing', async () => {
    const { instructions, linesRemaining } = json<PrimarySettlementBatch>(
      await as('csd', 'Settlement').submitTransaction('StartPrimarySettlement', isin),
    );
    expect(linesRemaining).toBe(0);
    const bankLeg = instructions.find((i) => i.receiver === BANK())!;
    const securitiesLeg = instructions.find((i) => i.receiver === SECURITIES())!;
    expect(bankLeg).toMatchObject({ units: '646', cashAmount: '6460000', status: 'PENDING_CASH' });

    await expectRefused(as('csd', 'Settlement').submitTransaction('CompleteIssuance', isin), ErrorCode.INVALID_STATE_TRANSITION);
    await as('csd', 'Settlement').submitTransaction('ConfirmCash', isin, bankLeg.settlementId);
    await as('csd', 'Settlement').submitTransaction('FailCash', isin, securitiesLeg.settlementId, 'cash not received by the deadline');
    const bond = json<Bond>(await as('csd', 'Settlement').submitTransaction('CompleteIssuance', isin));
    expect(bond.status).toBe('ISSUED');

    const holding = json<Holding>(await as('bank', 'Custody').evaluateTransaction('GetHolding', isin, BANK(), 'PROPRIETARY'));
    expect(holding.units).toBe('646');
    await expectRefused(as('bank', 'Custody').evaluateTransaction('GetHolding', isin, SECURITIES(), 'UW-BOOK'), ErrorCode.NOT_FOUND);
    const outstanding = json<{ outstandingUnits: string }>(await as('bank', 'Custody').evaluateTransaction('GetOutstanding', isin));
    expect(outstanding.outstandingUnits).toBe('646');
  });

  it("refuses at validation a transfer settled without the holder's organisation, then settles it DvP", async () => {
    const transfer = json<Transfer>(
      await as('bank', 'Custody').submitTransaction(
        'InstructTransfer',
        JSON.stringify({
          isin,
          fromAccount: 'PROPRIETARY',
          to: SECURITIES(),
          toAccount: 'PROPRIETARY',
          units: '100',
          cashAmount: '1001500',
          expiresAt: new Date(now + 3_600_000).toISOString(),
        }),
      ),
    );
    await expectRefused(as('csd', 'Custody').submitTransaction('AffirmTransfer', transfer.transferId), ErrorCode.ROLE_REQUIRED);
    await expectRefused(as('bank', 'Custody').submitTransaction('AffirmTransfer', transfer.transferId), ErrorCode.NOT_A_PARTY);
    await as('securities', 'Custody').submitTransaction('AffirmTransfer', transfer.transferId);

    // The seller's holding key requires the seller's peer (state-based endorsement): CSD + buyer is not enough.
    const withoutHolder = await as('csd', 'Custody')
      .newProposal('ConfirmTransferCash', { arguments: [transfer.transferId], endorsingOrganizations: [CSD(), SECURITIES()] })
      .endorse();
    const status = await (await withoutHolder.submit()).getStatus();
    expect(status.code).toBe(StatusCode.ENDORSEMENT_POLICY_FAILURE);
    const stillBank = json<Holding>(await as('bank', 'Custody').evaluateTransaction('GetHolding', isin, BANK(), 'PROPRIETARY'));
    expect(stillBank.units).toBe('646');

    const settled = json<Transfer>(
      await as('csd', 'Custody').submit('ConfirmTransferCash', {
        arguments: [transfer.transferId],
        endorsingOrganizations: [CSD(), BANK(), SECURITIES()],
      }),
    );
    expect(settled.status).toBe('SETTLED');
    const bank = json<Holding>(await as('bank', 'Custody').evaluateTransaction('GetHolding', isin, BANK(), 'PROPRIETARY'));
    const securities = json<Holding>(
      await as('securities', 'Custody').evaluateTransaction('GetHolding', isin, SECURITIES(), 'PROPRIETARY'),
    );
    expect([bank.units, securities.units]).toEqual(['546', '100']);
    const outstanding = json<{ outstandingUnits: string; holders: number }>(
      await as('csd', 'Custody').evaluateTransaction('GetOutstanding', isin),
    );
    expect(outstanding).toMatchObject({ outstandingUnits: '646', holders: 2 });
  });

  it('freezes units, which then cannot be transferred, and releases them', async () => {
    const freeze = { isin, holder: BANK(), accountId: 'PROPRIETARY', units: '500', reason: 'court order 2026-17' };
    await expectRefused(as('bank', 'Custody').submitTransaction('FreezeHolding', JSON.stringify(freeze)), ErrorCode.ROLE_REQUIRED);
    await as('csd', 'Custody').submitTransaction('FreezeHolding', JSON.stringify(freeze));
    const instruction = {
      isin,
      fromAccount: 'PROPRIETARY',
      to: SECURITIES(),
      toAccount: 'PROPRIETARY',
      units: '100',
      cashAmount: '0',
      expiresAt: new Date(now + 3_600_000).toISOString(),
    };
    await expectRefused(as('bank', 'Custody').submitTransaction('InstructTransfer', JSON.stringify(instruction)), ErrorCode.HOLDING_FROZEN);

    await as('csd', 'Custody').submitTransaction('UnfreezeHolding', JSON.stringify({ ...freeze, units: '500', reason: 'order lifted' }));
    const bankHolding = async () =>
      json<{ frozenUnits: string }>(await as('bank', 'Custody').evaluateTransaction('GetHolding', isin, BANK(), 'PROPRIETARY'));
    expect((await eventually(bankHolding, (h) => h.frozenUnits === '0')).frozenUnits).toBe('0');
    const transfer = json<Transfer>(await as('bank', 'Custody').submitTransaction('InstructTransfer', JSON.stringify(instruction)));
    // Free of payment: the buyer's affirmation settles it (endorsed by the CSD, the seller and the buyer).
    const settled = json<Transfer>(
      await as('securities', 'Custody').submit('AffirmTransfer', {
        arguments: [transfer.transferId],
        endorsingOrganizations: [CSD(), BANK(), SECURITIES()],
      }),
    );
    expect(settled.status).toBe('SETTLED');
    // Committed on the securities firm's peer; read from the bank's.
    const bankHistory = async () =>
      json<{ txId: string; holding: Holding }[]>(
        await as('bank', 'Custody').evaluateTransaction('GetHoldingHistory', isin, BANK(), 'PROPRIETARY'),
      );
    const history = await eventually(bankHistory, (h) => h[0]?.holding.units === '446');
    expect(history.map((h) => h.holding.units)).toEqual(['446', '546', '646']);
  });
});
