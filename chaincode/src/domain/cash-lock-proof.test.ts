/**
 * The cash-lock proof on real envelopes (@hyperledger/fabric-protos) signed
 * with real ECDSA P-256 keys whose certificates openssl issued: a valid
 * proof verifies; forged, foreign and stale ones are refused, each with what
 * failed. Also the registration's checks and what a proven lock may pay for.
 */
import fc from 'fast-check';
import type { CashLedgerRegistration, HashLock, SettlementInstruction, VerifiedCashLock } from '../api';
import { buildProof, type CashLockJson, cashLockJson, type ProofOptions, testPki } from '../../test/support/cash-proof';
import { refusal } from '../../test/support/fixtures';
import {
  cashLockFor,
  certificateTime,
  parseCashLedgerRegistration,
  requireAttachable,
  requireCashPays,
  verifyCashLockProof,
} from './cash-lock-proof';

const STAMP = { mspId: 'CSDMSP', identity: 'x509::CN=admin', timestamp: '2026-06-01T09:00:00.000Z', txId: 'tx-reg' };
const NOW = Date.parse('2026-06-01T09:00:00.000Z');
const NOW_ISO = new Date(NOW).toISOString();
const HASH = 'ab'.repeat(32);

const lockJson = (overrides: Partial<CashLockJson> = {}): CashLockJson =>
  cashLockJson(HASH, '2026-06-01T09:30:00.000Z', {
    locked: { mspId: 'SecuritiesMSP', identity: 'x509::CN=op', timestamp: '2026-06-01T08:58:00.000Z', txId: 'DVP-1' },
    ...overrides,
  });

function registration(overrides: Record<string, unknown> = {}): CashLedgerRegistration {
  const pki = testPki();
  return parseCashLedgerRegistration(
    {
      channel: 'cash',
      chaincode: 'cash',
      organisations: [
        { mspId: 'PaymentMSP', rootCertificates: [pki.paymentCa] },
        { mspId: 'BankMSP', rootCertificates: [pki.bankCa] },
      ],
      ...overrides,
    },
    STAMP,
  );
}

/** A proof attested a minute before the transaction time, by PaymentMSP's peer unless told otherwise. */
const proof = (options: Partial<ProofOptions> = {}): string => buildProof({ lock: lockJson(), attestedAtMillis: NOW - 60_000, ...options });

const verify = (proofBase64: string, reg = registration(), at = NOW_ISO): string =>
  refusal(() => verifyCashLockProof(proofBase64, reg, at));

describe('the cash ledger registration', () => {
  it('stores normalised PEMs, defaults the policy to the first organisation and the age to 300 s', () => {
    const reg = registration();
    expect(reg).toMatchObject({
      channel: 'cash',
      chaincode: 'cash',
      endorsementPolicy: { mspIds: ['PaymentMSP'] },
      maxProofAgeSeconds: 300,
    });
    expect(reg.organisations[0]?.rootCertificates[0]).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+-----END CERTIFICATE-----\n$/);
    expect(registration({ endorsementPolicy: { mspIds: ['PaymentMSP', 'BankMSP'] }, maxProofAgeSeconds: 30 })).toMatchObject({
      endorsementPolicy: { mspIds: ['PaymentMSP', 'BankMSP'] },
      maxProofAgeSeconds: 30,
    });
  });

  it('refuses malformed names, certificates that are not CAs, unknown policy organisations and ages outside 30..3600', () => {
    const pki = testPki();
    const refused = (overrides: Record<string, unknown>) => refusal(() => registration(overrides));
    expect(refused({ channel: 'Cash' })).toMatch(/^INVALID_ARGUMENT: channel/);
    expect(refused({ chaincode: 'cash cc' })).toMatch(/^INVALID_ARGUMENT: chaincode/);
    expect(refused({ organisations: [] })).toMatch(/^INVALID_ARGUMENT: organisations/);
    expect(
      refused({
        organisations: [{ mspId: 'PaymentMSP', rootCertificates: ['-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'] }],
      }),
    ).toBe('INVALID_ARGUMENT: organisations[0].rootCertificates[0] is not a readable X.509 certificate');
    expect(refused({ organisations: [{ mspId: 'PaymentMSP', rootCertificates: [pki.paymentPeer.certificate] }] })).toMatch(
      /^INVALID_ARGUMENT: organisations\[0\]\.rootCertificates\[0\] is not a CA certificate/,
    );
    expect(
      refused({
        organisations: [
          { mspId: 'PaymentMSP', rootCertificates: [pki.paymentCa] },
          { mspId: 'PaymentMSP', rootCertificates: [pki.bankCa] },
        ],
      }),
    ).toBe('INVALID_ARGUMENT: organisation PaymentMSP is listed twice');
    expect(refused({ endorsementPolicy: { mspIds: ['OtherMSP'] } })).toBe(
      'INVALID_ARGUMENT: endorsementPolicy names OtherMSP, which is not one of the registered organisations',
    );
    expect(refused({ maxProofAgeSeconds: 29 })).toMatch(/^INVALID_ARGUMENT: maxProofAgeSeconds/);
    expect(refused({ maxProofAgeSeconds: 3601 })).toMatch(/^INVALID_ARGUMENT: maxProofAgeSeconds/);
  });
});

describe('a valid proof', () => {
  it('verifies and yields the attested lock (without its locked stamp), its time and who endorsed it', () => {
    const verified: VerifiedCashLock = verifyCashLockProof(proof(), registration(), NOW_ISO);
    const { locked, ...attested } = lockJson();
    expect(locked).toBeDefined();
    expect(verified).toEqual({
      channel: 'cash',
      lock: attested,
      attestedAt: '2026-06-01T08:59:00.000Z',
      attestationTxId: 'a7e5'.repeat(16),
      endorsedBy: ['PaymentMSP'],
    });
  });

  it('takes the unqualified function name too, and meets a two-organisation policy with both peers', () => {
    expect(verify(proof({ args: ['AttestLock', 'DVP-1'] }))).toBe('accepted');
    const both = registration({ endorsementPolicy: { mspIds: ['PaymentMSP', 'BankMSP'] } });
    const pki = testPki();
    expect(verifyCashLockProof(proof({ endorsers: [pki.bankPeer, pki.paymentPeer] }), both, NOW_ISO).endorsedBy).toEqual([
      'BankMSP',
      'PaymentMSP',
    ]);
  });

  it('is the same verdict every time: no clock, no randomness', () => {
    const p = proof();
    expect(verifyCashLockProof(p, registration(), NOW_ISO)).toEqual(verifyCashLockProof(p, registration(), NOW_ISO));
  });
});

describe('a forged or foreign proof: PROOF_INVALID', () => {
  const pki = () => testPki();

  it('with a signature bit flipped', () => {
    expect(verify(proof({ flipSignatureBit: true }))).toBe(
      "PROOF_INVALID: the endorsement by PaymentMSP's peer does not verify: the signed response was altered or forged",
    );
  });

  it('with the response altered after the peers signed it', () => {
    const altered = proof({ alterResponseAfterSigning: (attestation) => ((attestation.lock as CashLockJson).amount = '9000000') });
    expect(verify(altered)).toMatch(/^PROOF_INVALID: the endorsement by PaymentMSP's peer does not verify/);
  });

  it('with the header (its timestamp) altered after the peers signed: the proposal hash no longer matches', () => {
    expect(verify(proof({ alterHeaderTimestampAfterSigning: NOW - 30_000 }))).toBe(
      "PROOF_INVALID: the envelope's header or arguments are not the ones the endorsers signed (proposal hash mismatch)",
    );
  });

  it("signed by a certificate of a CA nobody registered, though it names the operator's MSP", () => {
    expect(verify(proof({ endorsers: [pki().roguePeer] }))).toBe(
      'PROOF_INVALID: the endorser certificate O=payment.example.com, OU=peer, CN=peer0.payment.example.com was not issued by a registered CA of PaymentMSP',
    );
  });

  it('endorsed only by an organisation the policy does not name', () => {
    expect(verify(proof({ endorsers: [pki().bankPeer] }))).toBe(
      'PROOF_INVALID: the endorsement policy is not met: no endorsement by PaymentMSP',
    );
  });

  it('endorsed by an organisation that is not registered at all', () => {
    expect(
      verify(
        proof({ endorsers: [pki().bankPeer] }),
        registration({ organisations: [{ mspId: 'PaymentMSP', rootCertificates: [pki().paymentCa] }] }),
      ),
    ).toBe('PROOF_INVALID: an endorsement is by "BankMSP", not a registered organisation of the cash channel');
  });

  it('signed by a certificate that is not a peer’s, or that has expired', () => {
    expect(verify(proof({ endorsers: [pki().paymentClient] }))).toMatch(
      /^PROOF_INVALID: the endorser certificate .* is not a peer's \(OU=peer\)$/,
    );
    expect(verify(proof({ endorsers: [pki().paymentPeerExpired] }))).toMatch(
      /^PROOF_INVALID: the endorser certificate .*peer9.* or its CA is not valid at the transaction time$/,
    );
  });

  it('of another channel, chaincode or function, or an error response', () => {
    expect(verify(proof({ channel: 'bonds' }))).toBe(
      'PROOF_INVALID: the proof is of channel "bonds", not the registered cash channel cash',
    );
    expect(verify(proof({ chaincode: 'bond' }))).toBe('PROOF_INVALID: the proof is of chaincode "bond", not the registered cash');
    expect(verify(proof({ args: ['Htlc:GetLock', 'DVP-1'] }))).toBe(
      'PROOF_INVALID: the proof is of "Htlc:GetLock" with 1 argument(s), not Htlc:AttestLock(lockId)',
    );
    expect(verify(proof({ args: ['Htlc:AttestLock', 'DVP-2'] }))).toBe(
      'PROOF_INVALID: the attestation is of lock DVP-1, not the DVP-2 asked for',
    );
    expect(verify(proof({ attestationChannel: 'other' }))).toBe('PROOF_INVALID: the attestation is of channel "other"');
    expect(verify(proof({ status: 500 }))).toBe('PROOF_INVALID: the attested call answered status 500, not 200');
  });

  it('that is not base64, not an envelope, or an envelope of nothing', () => {
    expect(verify('not base64!')).toMatch(/^PROOF_INVALID: the proof must be base64/);
    expect(verify(Buffer.from('garbage that is no protobuf').toString('base64'))).toMatch(/^PROOF_INVALID: the proof/);
    expect(verify('')).toMatch(/^PROOF_INVALID: the proof must be base64/);
  });

  it('whatever bytes are flipped in it: never accepted, always a stable code (property)', () => {
    const valid = Buffer.from(proof(), 'base64');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: valid.length - 1 }), fc.integer({ min: 1, max: 255 }), (index, mask) => {
        const forged = Buffer.from(valid);
        forged[index] = (forged[index] ?? 0) ^ mask;
        const verdict = verify(forged.toString('base64'));
        // A byte the proof does not rest on (the client's envelope signature, a nonce) may change: then it still verifies.
        expect(verdict).toMatch(/^(accepted|PROOF_INVALID: .+|PROOF_STALE: .+)$/);
        if (verdict === 'accepted')
          expect(verifyCashLockProof(forged.toString('base64'), registration(), NOW_ISO).lock.amount).toBe('1000000');
      }),
      { numRuns: 150 },
    );
  });
});

describe('a stale proof: PROOF_STALE', () => {
  it('older than maxProofAgeSeconds (300 s by default), and fine at exactly that age', () => {
    expect(verify(proof({ attestedAtMillis: NOW - 300_000 }))).toBe('accepted');
    expect(verify(proof({ attestedAtMillis: NOW - 300_001 }))).toBe(
      'PROOF_STALE: the attestation of 2026-06-01T08:54:59.999Z is more than 300 s old: attest the lock again',
    );
    expect(verify(proof({ attestedAtMillis: NOW - 31_000 }), registration({ maxProofAgeSeconds: 30 }))).toMatch(
      /^PROOF_STALE: .* more than 30 s old/,
    );
  });

  it('more than 120 s in the future of the transaction time', () => {
    expect(verify(proof({ attestedAtMillis: NOW + 120_000 }))).toBe('accepted');
    expect(verify(proof({ attestedAtMillis: NOW + 120_001 }))).toBe(
      'PROOF_STALE: the attestation of 2026-06-01T09:02:00.001Z is more than 120 s ahead of the transaction time',
    );
  });

  it('whose attestedAt is not its own transaction’s time', () => {
    expect(verify(proof({ headerMillis: NOW - 59_999 }))).toBe(
      'PROOF_STALE: the attestation says 2026-06-01T08:59:00.000Z but its transaction is of 2026-06-01T08:59:00.001Z',
    );
  });
});

describe('what a proven cash lock may be used for', () => {
  const bondLock = (overrides: Partial<HashLock> = {}): HashLock => ({
    lockId: 'bond-lock-1',
    isin: 'CNTEST000013',
    locker: 'BankMSP',
    accountId: 'PROP',
    units: '100',
    hash: HASH,
    hashAlgorithm: 'SHA256',
    beneficiary: 'SecuritiesMSP',
    beneficiaryAccountId: 'PROP',
    expiresAt: '2026-06-01T10:00:00.000Z',
    status: 'LOCKED',
    created: STAMP,
    ...overrides,
  });
  const proven = (overrides: Partial<CashLockJson> = {}): VerifiedCashLock =>
    verifyCashLockProof(buildProof({ lock: lockJson(overrides), attestedAtMillis: NOW - 1000 }), registration(), NOW_ISO);

  it('attaches to a LOCKED, unexpired bond lock, by its parties or the CSD, once', () => {
    for (const caller of ['BankMSP', 'SecuritiesMSP', 'CSDMSP'])
      expect(
        refusal(() => {
          requireAttachable(bondLock(), caller, 'CSDMSP', NOW_ISO);
        }),
      ).toBe('accepted');
    expect(
      refusal(() => {
        requireAttachable(bondLock(), 'FundMSP', 'CSDMSP', NOW_ISO);
      }),
    ).toMatch(/^NOT_A_PARTY: /);
    expect(
      refusal(() => {
        requireAttachable(bondLock({ status: 'CLAIMED' }), 'BankMSP', 'CSDMSP', NOW_ISO);
      }),
    ).toMatch(/^INVALID_STATE_TRANSITION: /);
    expect(
      refusal(() => {
        requireAttachable(bondLock({ expiresAt: NOW_ISO }), 'BankMSP', 'CSDMSP', NOW_ISO);
      }),
    ).toMatch(/^OUTSIDE_WINDOW: /);
    const attached = bondLock({ cashLock: cashLockFor(bondLock(), proven(), NOW_ISO) });
    expect(
      refusal(() => {
        requireAttachable(attached, 'BankMSP', 'CSDMSP', NOW_ISO);
      }),
    ).toBe('ALREADY_EXISTS: hash lock bond-lock-1 already has cash lock DVP-1 attached');
  });

  it('pays a bond lock when LOCKED, same hash, from its beneficiary to its locker, expiring at least 60 s before it', () => {
    expect(cashLockFor(bondLock(), proven(), NOW_ISO)).toEqual({
      lockId: 'DVP-1',
      currency: 'CNY',
      amount: '1000000',
      expiry: '2026-06-01T09:30:00.000Z',
      attestedAt: '2026-06-01T08:59:59.000Z',
      endorsedBy: ['PaymentMSP'],
    });
    const fits = (overrides: Partial<CashLockJson>) => refusal(() => cashLockFor(bondLock(), proven(overrides), NOW_ISO));
    expect(fits({ expiry: '2026-06-01T09:59:00.000Z' })).toBe('accepted');
    expect(fits({ expiry: '2026-06-01T09:59:00.001Z' })).toMatch(
      /^PROOF_INVALID: cash lock DVP-1 expires at .* it must expire by 2026-06-01T09:59:00.000Z/,
    );
    expect(fits({ hash: 'cd'.repeat(32) })).toBe('PROOF_INVALID: cash lock DVP-1 is under another hash than hash lock bond-lock-1');
    expect(fits({ beneficiary: { owner: 'FundMSP', accountId: 'SETTLEMENT' } })).toBe(
      'PROOF_INVALID: cash lock DVP-1 pays FundMSP, not the seller BankMSP',
    );
    expect(fits({ locker: { owner: 'FundMSP', accountId: 'SETTLEMENT' } })).toBe(
      "PROOF_INVALID: cash lock DVP-1 is FundMSP's, not the buyer SecuritiesMSP's",
    );
    expect(fits({ status: 'CLAIMED', preimage: 'ef'.repeat(32) })).toBe('PROOF_INVALID: cash lock DVP-1 is CLAIMED, not LOCKED');
    expect(fits({ expiry: NOW_ISO })).toBe(`PROOF_INVALID: cash lock DVP-1 expired at ${NOW_ISO}`);
  });

  it('settles a primary instruction when CLAIMED by the issuer from the investor, in the bond currency, for exactly its cash amount', () => {
    const instruction = {
      settlementId: 'P-SecuritiesMSP-PROP',
      deliverer: 'BankMSP',
      receiver: 'SecuritiesMSP',
      cashAmount: '1000000',
    } as SettlementInstruction;
    const claimed = (overrides: Partial<CashLockJson> = {}) => proven({ status: 'CLAIMED', preimage: 'ef'.repeat(32), ...overrides });
    const pays = (verified: VerifiedCashLock, i = instruction, currency = 'CNY') =>
      refusal(() => {
        requireCashPays(i, currency, verified);
      });
    expect(pays(claimed())).toBe('accepted');
    expect(pays(proven())).toBe('PROOF_INVALID: cash lock DVP-1 is LOCKED, not CLAIMED: the cash has not been paid');
    expect(pays(claimed({ amount: '999999' }))).toBe(
      'PROOF_INVALID: cash lock DVP-1 paid 999999, not the 1000000 settlement P-SecuritiesMSP-PROP needs',
    );
    expect(pays(claimed(), instruction, 'EUR')).toBe("PROOF_INVALID: cash lock DVP-1 pays CNY, not the bond's EUR");
    expect(pays(claimed(), { ...instruction, cashAmount: '1000000.5' })).toMatch(
      /^PROOF_INVALID: settlement .* is not a whole number of minor units/,
    );
  });
});

describe('certificate times', () => {
  it('reads the validity Node prints, single- and double-digit days', () => {
    expect(certificateTime('Jan  1 00:00:00 2020 GMT')).toBe(Date.UTC(2020, 0, 1));
    expect(certificateTime('Dec 31 23:59:59 2040 GMT')).toBe(Date.UTC(2040, 11, 31, 23, 59, 59));
    expect(refusal(() => certificateTime('2020-01-01'))).toMatch(/^PROOF_INVALID: /);
  });
});
