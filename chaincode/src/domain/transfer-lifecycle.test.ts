import fc from 'fast-check';
import type { Transfer } from '../api/bonds';
import { refusal } from '../../test/support/fixtures';
import {
  affirmTransfer,
  cancelTransfer,
  expireTransfer,
  hasCashLeg,
  instructTransfer,
  isOpen,
  mayAffirm,
  mayCancel,
  mayExpire,
  maySettle,
  requireCashLeg,
  TRANSFER_TRANSITIONS,
  type TransferStatus,
  transferTransition,
} from './transfer-lifecycle';

const EXPIRES = '2026-06-30T16:00:00.000Z';
const BEFORE = '2026-06-30T15:59:59.999Z';
const stampAt = (timestamp: string) => ({ txId: 'tx-2', timestamp, mspId: 'X', identity: 'x509::CN=operator1' });
const instructed = stampAt('2026-06-01T09:00:00.000Z');
const request = { fromAccount: 'ACC-1', to: 'BuyerMSP', toAccount: 'ACC-9', units: '10', cashAmount: '100000', expiresAt: EXPIRES };

function transfer(status: TransferStatus = 'INSTRUCTED', cashAmount = '100000'): Transfer {
  return { ...instructTransfer({ ...request, cashAmount }, 'CNTEST000015', 'SellerMSP', instructed), status };
}

const STATUSES = Object.keys(TRANSFER_TRANSITIONS) as TransferStatus[];
const PARTIES = ['SellerMSP', 'BuyerMSP', 'CSDMSP', 'OtherMSP'];
const instant = fc.date({ min: new Date('2026-06-01'), max: new Date('2026-07-31'), noInvalidDate: true }).map((d) => d.toISOString());

describe('transfer status machine', () => {
  it('allows exactly the documented transitions; open means instructed or affirmed (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...STATUSES), fc.constantFrom(...STATUSES), (from, to) => {
        const allowed = TRANSFER_TRANSITIONS[from].includes(to);
        const answer = refusal(() => transferTransition({ transferId: 't', status: from }, to));
        expect(answer).toBe(allowed ? 'accepted' : `INVALID_STATE_TRANSITION: transfer t is ${from}; it cannot become ${to}`);
        expect(isOpen({ status: from })).toBe(TRANSFER_TRANSITIONS[from].length > 0);
      }),
    );
    expect(TRANSFER_TRANSITIONS.INSTRUCTED).not.toContain('SETTLED');
  });
});

describe('who may act on a transfer', () => {
  it('the buyer, and only the buyer, affirms', () => {
    for (const caller of PARTIES) expect(mayAffirm(transfer(), caller)).toBe(caller === 'BuyerMSP');
    expect(refusal(() => affirmTransfer(transfer(), 'SellerMSP', stampAt(BEFORE)))).toBe('NOT_A_PARTY: only the buyer BuyerMSP affirms');
  });

  it('the seller or the CSD cancels any time before settlement, the buyer before affirming or once expired (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PARTIES),
        fc.constantFrom<TransferStatus>('INSTRUCTED', 'AFFIRMED'),
        instant,
        (caller, status, now) => {
          const expected =
            caller === 'SellerMSP' || caller === 'CSDMSP' || (caller === 'BuyerMSP' && (status === 'INSTRUCTED' || now >= EXPIRES));
          expect(mayCancel(transfer(status), caller, 'CSDMSP', now)).toBe(expected);
          const answer = refusal(() => cancelTransfer(transfer(status), caller, 'CSDMSP', stampAt(now)));
          expect(answer).toBe(expected ? 'accepted' : `NOT_A_PARTY: ${caller} may not cancel transfer tx-2`);
        },
      ),
    );
    expect(refusal(() => cancelTransfer(transfer('SETTLED'), 'SellerMSP', 'CSDMSP', stampAt(BEFORE)))).toMatch(/^INVALID_STATE_TRANSITION/);
  });

  it('settles and is affirmed only before its expiry, and expires only from it (property)', () => {
    fc.assert(
      fc.property(instant, (now) => {
        expect(maySettle(transfer(), now)).toBe(now < EXPIRES);
        expect(mayExpire(transfer(), now)).toBe(now >= EXPIRES);
      }),
    );
    expect(refusal(() => affirmTransfer(transfer(), 'BuyerMSP', stampAt(EXPIRES)))).toBe(
      `OUTSIDE_WINDOW: transfer tx-2 expired at ${EXPIRES}`,
    );
    expect(affirmTransfer(transfer(), 'BuyerMSP', stampAt(BEFORE))).toMatchObject({ status: 'AFFIRMED', lastChange: stampAt(BEFORE) });
    expect(refusal(() => expireTransfer(transfer(), stampAt(BEFORE)))).toBe(
      `OUTSIDE_WINDOW: transfer tx-2 expires at ${EXPIRES}, not before`,
    );
    expect(expireTransfer(transfer('AFFIRMED'), stampAt(EXPIRES))).toMatchObject({ status: 'EXPIRED' });
    expect(refusal(() => expireTransfer(transfer('CANCELLED'), stampAt(EXPIRES)))).toMatch(/^INVALID_STATE_TRANSITION/);
  });

  it('has a cash leg to confirm only against payment', () => {
    expect(hasCashLeg(transfer())).toBe(true);
    expect(hasCashLeg(transfer('INSTRUCTED', '0'))).toBe(false);
    const confirm = (t: Transfer): string =>
      refusal(() => {
        requireCashLeg(t);
      });
    expect(confirm(transfer())).toBe('accepted');
    expect(confirm(transfer('AFFIRMED', '0'))).toBe('INVALID_ARGUMENT: transfer tx-2 is free of payment; it has no cash leg');
  });
});

describe('instructing a transfer', () => {
  it("is the seller's, keyed by its transaction, free of payment unless a cash amount is given", () => {
    expect(transfer()).toMatchObject({
      transferId: 'tx-2',
      from: 'SellerMSP',
      status: 'INSTRUCTED',
      units: '10',
      instructed,
      lastChange: instructed,
    });
    expect(instructTransfer({ ...request, cashAmount: undefined }, 'CNTEST000015', 'SellerMSP', instructed).cashAmount).toBe('0');
  });

  it('refuses the same account on both sides and an expiry not in the future', () => {
    expect(refusal(() => instructTransfer({ ...request, to: 'SellerMSP', toAccount: 'ACC-1' }, 'I', 'SellerMSP', instructed))).toBe(
      'INVALID_ARGUMENT: a transfer needs different source and destination accounts',
    );
    expect(refusal(() => instructTransfer({ ...request, expiresAt: instructed.timestamp }, 'I', 'SellerMSP', instructed))).toBe(
      'INVALID_ARGUMENT: expiresAt must be in the future',
    );
  });
});
