/**
 * Unauthorised access (issue 14): a matrix, one test per row, on the real
 * network. Each row makes an attempt someone without the right would make
 * and shows it is refused AND that nothing was written — by reading back
 * the state the attempt targeted, and, for a proposal refused at
 * endorsement, by its transaction id being absent from the ledger.
 *
 *  1. an identity from a CA the channel does not know
 *  2. an expired certificate issued by the institution's own CA key
 *  3. a revoked certificate
 *  4. a suspended member
 *  5. a member without the role for the action
 *  6. a signing certificate without the `bond.role` attribute
 *  7. the regulator writing
 *  8. an institution moving another's holding: through the API, and with a
 *     colluding CSD peer endorsing it without the holder's peer
 *  9. a replayed signed transaction envelope
 * 10. proposals stamped to reopen a window: a bid backdated into a book
 *     that has closed; a put election stamped off the peer's clock; an
 *     entitlement fixing post-dated towards a record date not yet reached
 *     (a put whose deadline has passed cannot be set up on a ledger less
 *     than a day old: issuance settles only up to the first record date,
 *     and a put falls on a coupon date, so its deadline is at least a day
 *     after the holding exists)
 * 11. a client without TLS at every TLS endpoint of the network (the
 *     CAs' operations endpoints are plain HTTP on the test network and not
 *     in the matrix; see endpoints.ts)
 * 12. guessed API keys, and one organisation's key at another's gateway
 * 13. another organisation's key at an event stream
 *
 * Published behaviour it relies on: Fabric's MSP validation of a
 * proposal's creator against the channel's MSPs, their CA certificates and
 * revocation lists, and the endorser's refusal of an expired client
 * certificate (Fabric's "Membership Service Provider" documentation;
 * "proposal client identity expired"); state-based endorsement
 * (a holding key's validation parameter names the CSD's and the holder's
 * peers; a transaction writing it without both is invalidated at commit
 * with ENDORSEMENT_POLICY_FAILURE); the committer's duplicate transaction
 * id check (DUPLICATE_TXID); the chaincode's access guard and timestamp
 * tolerance (README "Membership and access rules").
 *
 * Everything it creates is its own (a bond, transfers, users, certificates);
 * the fund and the regulator are the institutions onboarding.test.ts and
 * supervision.test.ts admit (onboarded here only if they are not yet), and the
 * fund is suspended only for its row and reinstated at once.
 */
import * as grpc from '@grpc/grpc-js';
import { type Contract, EndorseError, type Gateway, StatusCode } from '@hyperledger/fabric-gateway';
import type { peer } from '@hyperledger/fabric-protos';
import { randomBytes, X509Certificate } from 'node:crypto';
import {
  type Book,
  type BondApplication,
  type Bond,
  ErrorCode,
  type HoldingPosition,
  type MemberContact,
  parseChaincodeError,
  type PaymentEvent,
  type Transfer,
} from '@bond-platform/chaincode/api';
import { connectGateway, newGrpcClient } from '../../src/fabric/connection';
import { loadTestNetwork, organization, peerEndpointOf, signingIdentityOf } from '../../src/ledger-check/test-network';
import { freshNationalCode, issueBond, privateInput, termsAround, utcDate } from './bond-steps';
import { clientIdentity, fabricCaOf, throwawayCa } from './certificates';
import { onChannel } from './direct';
import { plaintextGrpcCall, plaintextHttpGet, tlsEndpoints, tlsHandshake } from './endpoints';
import { Api, ensureMembersOverHttp, mspOf } from './http-client';
import { ensureOnboarded, FUND, REGULATOR } from './onboard';
import { json, Participants } from './participants';
import { endorse, expectRefusedAsOutOfRange, signedProposal, writesIn } from './proposals';
import { directly, managedUser, newApiKey, sha256 } from './users';
import type { ErrorBody } from '../../src/http/errors';

const participants = new Participants();
const run = Date.now().toString(36);
const MINUTE_MS = 60_000;
const csd = new Api('csd', 'operator1');
const csdAdmin = new Api('csd', 'admin');
const bank = new Api('bank', 'operator1');
const securities = new Api('securities', 'operator1');

/** The shared bond: issued by the securities company, the bank holding 600 and the securities company 400 (PROPRIETARY), a coupon and a put in 30 days. */
let isin = '';
const couponDate = utcDate(30);

beforeAll(async () => {
  await participants.ensureFoundingMembers();
  await ensureMembersOverHttp();
  await ensureOnboarded(FUND);
  await ensureOnboarded(REGULATOR);
  isin = await issueBond(
    participants,
    termsAround(couponDate, mspOf('bank'), { shortName: 'EXSEC UNAUTHORISED', putSchedule: [{ date: couponDate, price: '100' }] }),
  );
  // The ledger look-up the rows rely on finds a committed transaction (so its "absent" means something).
  expect(await onLedger((await csd.read<Bond>(`/bonds/${isin}`)).lastChange.txId)).toBe(true);
}, 900_000);

afterAll(() => {
  participants.close();
});

// --- evidence ------------------------------------------------------------------------

/** True if the CSD's peer has a transaction with this id on its ledger (qscc). */
async function onLedger(txId: string): Promise<boolean> {
  return onChannel('csd', async (channel) => {
    try {
      await channel.getContract('qscc').evaluateTransaction('GetTransactionByID', channel.getName(), txId);
      return true;
    } catch (error) {
      if (/no such transaction ID/i.test(errorText(error))) return false;
      throw error;
    }
  });
}

/** An error's message with each endorsing peer's answer (fabric-gateway keeps those in `details`). */
function errorText(error: unknown): string {
  const details = (error as { details?: { mspId?: string; message: string }[] }).details ?? [];
  return [error instanceof Error ? error.message : String(error), ...details.map((d) => `[${d.mspId ?? '?'}] ${d.message}`)].join('\n');
}

/**
 * Asks for the endorsement of `fn` and expects a refusal: an EndorseError
 * (nothing was sent for ordering) whose transaction id is not on the
 * ledger. Returns the error's text, with each peer's answer.
 */
async function expectEndorsementRefused(contract: Contract, fn: string, args: string[]): Promise<string> {
  const proposal = contract.newProposal(fn, { arguments: args });
  const outcome = await proposal.endorse().then(
    () => undefined,
    (error: unknown) => error,
  );
  if (outcome === undefined) throw new Error(`${fn} was endorsed: expected a refusal`);
  expect(outcome).toBeInstanceOf(EndorseError);
  expect(await onLedger(proposal.getTransactionId())).toBe(false);
  return errorText(outcome);
}

/** A refused HTTP request: its status and code, and no transaction id (nothing was sent for ordering). */
function expectHttpRefusal(response: { status: number; body: unknown }, status: number, code: string): void {
  const { error } = response.body as ErrorBody;
  expect([response.status, error.code]).toEqual([status, code]);
  expect(error.txId).toBeUndefined();
}

const contactOf = async (org: string): Promise<MemberContact | undefined> => {
  const found = await csd.get<MemberContact>(`/members/${mspOf(org)}/contact`);
  return found.status === 200 ? found.body : undefined;
};
const holdingOf = (holder: string, account = 'PROPRIETARY') =>
  csd.read<HoldingPosition>(`/bonds/${isin}/holdings/${mspOf(holder)}/${account}`);
const contactUpdate = (name: string) => JSON.stringify({ contactName: name, email: 'desk@example.org' });

// --- the matrix ----------------------------------------------------------------------

describe('unauthorised access is refused and writes nothing', () => {
  it('1. an identity from a CA the channel does not know: refused by the peer', async () => {
    const outsider = throwawayCa(`ca.outsider-${run}.test`);
    const now = Date.now();
    const validity = { notBefore: new Date(now - 60 * MINUTE_MS), notAfter: new Date(now + 60 * MINUTE_MS), role: 'operator' };
    // Claiming to be the bank's operator, and claiming an MSP the channel has never heard of.
    for (const mspId of [mspOf('bank'), `Outsider${run}MSP`]) {
      const intruder = clientIdentity(outsider, { mspId, commonName: `intruder-${run}`, ...validity });
      const name = `Intruder desk ${run}`;
      for (const org of ['bank', 'csd']) {
        await directly(intruder, org, async (membership) => {
          expect(await expectEndorsementRefused(membership, 'UpdateContact', [contactUpdate(name)])).toMatch(
            /access denied: channel \[\w+\] creator org unknown/,
          );
          await expect(membership.evaluateTransaction('WhoAmI')).rejects.toThrow(/access denied/);
        });
      }
      expect((await contactOf('bank'))?.contactName).not.toBe(name);
    }
  });

  it("2. an expired certificate issued by the institution's own CA key: refused by the peer", async () => {
    const bankCa = fabricCaOf('bank');
    const now = Date.now();
    const commonName = `expired-${run}`;
    // The same recipe, valid now: the peer accepts it, so the expired one is refused for its dates alone.
    // Fabric's MSP checks a certificate's chain as of its notBefore: it must not start before its CA's (a fresh network's CA is minutes old).
    const caValidFrom = new Date(new X509Certificate(bankCa.certificate).validFrom).getTime();
    const current = clientIdentity(bankCa, {
      mspId: mspOf('bank'),
      commonName: `current-${run}`,
      role: 'operator',
      notBefore: new Date(Math.max(now - 60 * MINUTE_MS, caValidFrom + 1_000)),
      notAfter: new Date(now + 60 * MINUTE_MS),
    });
    await directly(current, 'bank', async (membership) => {
      expect(json<{ identity: string }>(await membership.evaluateTransaction('WhoAmI')).identity).toContain(`CN=current-${run}`);
    });
    const expired = clientIdentity(bankCa, {
      mspId: mspOf('bank'),
      commonName,
      role: 'operator',
      notBefore: new Date('2020-01-01T00:00:00Z'),
      notAfter: new Date('2021-01-01T00:00:00Z'),
    });
    const name = `Expired desk ${run}`;
    for (const org of ['bank', 'csd']) {
      await directly(expired, org, async (membership) => {
        expect(await expectEndorsementRefused(membership, 'UpdateContact', [contactUpdate(name)])).toMatch(
          /proposal client identity expired/,
        );
      });
    }
    expect((await contactOf('bank'))?.contactName).not.toBe(name);
  });

  it('3. a revoked certificate: refused by every peer, its API key withdrawn', async () => {
    const bankAdmin = new Api('bank', 'admin');
    const user = `revoked-${run}`;
    const key = newApiKey();
    expect((await bankAdmin.post('/admin/users', { user, role: 'operator', apiKeySha256: sha256(key) })).status).toBe(201);
    const identity = managedUser('bank', user);
    // Before: the peers accept it.
    await directly(identity, 'bank', async (membership) => {
      expect(json<{ identity: string }>(await membership.evaluateTransaction('WhoAmI')).identity).toContain(`CN=${user}`);
    });
    expect((await bankAdmin.post(`/admin/users/${user}/revocation`, { reason: 'unauthorised-access test' })).status).toBe(200);

    const name = `Revoked desk ${run}`;
    for (const org of ['bank', 'csd']) {
      await directly(identity, org, async (membership) => {
        expect(await expectEndorsementRefused(membership, 'UpdateContact', [contactUpdate(name)])).toMatch(
          /access denied: channel \[\w+\] creator org \[BankMSP\]/,
        );
      });
    }
    const viaGateway = await bankAdmin.request<ErrorBody>('PUT', '/members/me/contact', JSON.parse(contactUpdate(name)), {}, key);
    expectHttpRefusal(viaGateway, 401, 'UNAUTHENTICATED');
    expect((await contactOf('bank'))?.contactName).not.toBe(name);
  });

  it('4. a suspended member: its writes refused (MEMBER_SUSPENDED) until reinstated', async () => {
    const fund = new Api(FUND.name, 'operator1');
    const before = `Fund desk ${run}`;
    await fund.ok('PUT', '/members/me/contact', JSON.parse(contactUpdate(before)));
    await csdAdmin.ok('POST', `/members/${FUND.mspId}/suspension`, { reason: `unauthorised-access test ${run}` });
    try {
      const during = `Suspended fund desk ${run}`;
      expectHttpRefusal(await fund.put('/members/me/contact', JSON.parse(contactUpdate(during))), 403, 'MEMBER_SUSPENDED');
      // The same write signed by the fund's operator straight at the CSD's peer.
      const fundOperator = signingIdentityOf(organization(loadTestNetwork(), FUND.name), 'operator1');
      await directly(fundOperator, 'csd', async (membership) => {
        const refusal = await expectEndorsementRefused(membership, 'UpdateContact', [contactUpdate(during)]);
        expect(parseChaincodeError(refusal)?.code).toBe(ErrorCode.MEMBER_SUSPENDED);
      });
      expect((await contactOf(FUND.name))?.contactName).toBe(before);
    } finally {
      await csdAdmin.ok('POST', `/members/${FUND.mspId}/reinstatement`, { reason: `unauthorised-access test ${run} done` });
    }
  });

  it('5. a member without the role for the action: ROLE_REQUIRED', async () => {
    const holding = await holdingOf('bank');
    // Freezing is the CSD's; calling a bond is its issuer's (the bank is neither).
    expectHttpRefusal(
      await securities.post('/freezes', {
        isin,
        holder: mspOf('bank'),
        accountId: 'PROPRIETARY',
        units: '1',
        reason: 'not ours to freeze',
      }),
      403,
      'ROLE_REQUIRED',
    );
    expectHttpRefusal(await bank.post(`/bonds/${isin}/call`, { callDate: couponDate }), 403, 'ROLE_REQUIRED');
    expect(await holdingOf('bank')).toEqual(holding);
    expect((await csd.read<Bond>(`/bonds/${isin}`)).status).toBe('ISSUED');
  });

  it('6. a signing certificate without the bond.role attribute: ATTRIBUTE_REQUIRED', async () => {
    const network = loadTestNetwork();
    const bankViewer = signingIdentityOf(organization(network, 'bank'), 'viewer1');
    const csdViewer = signingIdentityOf(organization(network, 'csd'), 'viewer1');
    const holding = await holdingOf('bank');
    const name = `Viewer desk ${run}`;
    await directly(bankViewer, 'csd', async (membership) => {
      expect(parseChaincodeError(await expectEndorsementRefused(membership, 'UpdateContact', [contactUpdate(name)]))?.code).toBe(
        ErrorCode.ATTRIBUTE_REQUIRED,
      );
    });
    await onChannel(
      'csd',
      async (channel) => {
        const freeze = JSON.stringify({ isin, holder: mspOf('bank'), accountId: 'PROPRIETARY', units: '1', reason: 'viewer' });
        const refusal = await expectEndorsementRefused(channel.getContract(network.chaincode, 'Custody'), 'FreezeHolding', [freeze]);
        expect(parseChaincodeError(refusal)?.code).toBe(ErrorCode.ATTRIBUTE_REQUIRED);
      },
      csdViewer,
    );
    expect((await contactOf('bank'))?.contactName).not.toBe(name);
    expect(await holdingOf('bank')).toEqual(holding);
  });

  it('7. the regulator writing: READ_ONLY_MEMBER', async () => {
    const regulator = new Api(REGULATOR.name, 'operator1');
    const contact = await contactOf(REGULATOR.name);
    const holding = await holdingOf('bank');
    expectHttpRefusal(
      await regulator.put('/members/me/contact', JSON.parse(contactUpdate(`Supervision desk ${run}`))),
      403,
      'READ_ONLY_MEMBER',
    );
    expectHttpRefusal(
      await regulator.post('/freezes', { isin, holder: mspOf('bank'), accountId: 'PROPRIETARY', units: '1', reason: 'supervisory hold' }),
      403,
      'READ_ONLY_MEMBER',
    );
    expect(await contactOf(REGULATOR.name)).toEqual(contact);
    expect(await holdingOf('bank')).toEqual(holding);
  });

  it("8. an institution moving another's holding: refused through the API; with a colluding CSD peer, invalidated at commit by the holding's endorsement policy", async () => {
    const expiresAt = new Date(Date.now() + 60 * MINUTE_MS).toISOString();
    const [bankHolding, securitiesHolding] = [await holdingOf('bank'), await holdingOf('securities')];

    // Through the API: a transfer out of the bank's account, and the steps of the bank's transfer to the fund.
    const fromBank = await securities.post('/transfers', {
      isin,
      from: mspOf('bank'),
      fromAccount: 'PROPRIETARY',
      to: mspOf('securities'),
      toAccount: 'PROPRIETARY',
      units: '5',
      expiresAt,
    });
    expectHttpRefusal(fromBank, 400, 'INVALID_ARGUMENT');
    const toFund = await bank.ok<Transfer>('POST', '/transfers', {
      isin,
      fromAccount: 'PROPRIETARY',
      to: FUND.mspId,
      toAccount: 'PROPRIETARY',
      units: '5',
      cashAmount: '50000',
      expiresAt,
    });
    expectHttpRefusal(await securities.post(`/transfers/${toFund.transferId}/affirmation`), 403, 'NOT_A_PARTY');
    expectHttpRefusal(await securities.post(`/transfers/${toFund.transferId}/cash-confirmation`), 403, 'ROLE_REQUIRED');
    expectHttpRefusal(await securities.post(`/transfers/${toFund.transferId}/cancellation`), 403, 'NOT_A_PARTY');
    expect((await csd.read<Transfer>(`/transfers/${toFund.transferId}`)).status).toBe('INSTRUCTED');

    // Collusion: the securities company affirms a free-of-payment transfer from the bank (settling it, which
    // debits the bank's holding) and has it endorsed by the CSD's peer and its own only, not the bank's.
    const toSecurities = await bank.ok<Transfer>('POST', '/transfers', {
      isin,
      fromAccount: 'PROPRIETARY',
      to: mspOf('securities'),
      toAccount: 'PROPRIETARY',
      units: '7',
      cashAmount: '0',
      expiresAt,
    });
    await onChannel(
      'securities',
      async (channel) => {
        const custody = channel.getContract(participants.network.chaincode, 'Custody');
        const transaction = await custody
          .newProposal('AffirmTransfer', {
            arguments: [toSecurities.transferId],
            endorsingOrganizations: [mspOf('csd'), mspOf('securities')],
          })
          .endorse();
        const status = await (await transaction.submit()).getStatus();
        expect(status.code).toBe(StatusCode.ENDORSEMENT_POLICY_FAILURE);
      },
      signingIdentityOf(organization(participants.network, 'securities'), 'operator1'),
    );
    expect((await csd.read<Transfer>(`/transfers/${toSecurities.transferId}`)).status).toBe('INSTRUCTED');
    expect([await holdingOf('bank'), await holdingOf('securities')]).toEqual([bankHolding, securitiesHolding]);

    // The bank withdraws both instructions.
    for (const { transferId } of [toFund, toSecurities]) await bank.ok('POST', `/transfers/${transferId}/cancellation`);
  });

  it('9. a replayed signed transaction envelope: not committed again (DUPLICATE_TXID), the state changed once', async () => {
    const csdOperator = signingIdentityOf(organization(participants.network, 'csd'), 'operator1');
    const client = newGrpcClient(peerEndpointOf(organization(participants.network, 'csd')));
    const gateway: Gateway = connectGateway(client, csdOperator);
    try {
      const channel = gateway.getNetwork(participants.network.channel);
      const frozenBefore = BigInt((await holdingOf('bank')).frozenUnits);
      const freeze = JSON.stringify({ isin, holder: mspOf('bank'), accountId: 'PROPRIETARY', units: '1', reason: `replay test ${run}` });
      const transaction = await channel
        .getContract(participants.network.chaincode, 'Custody')
        .newProposal('FreezeHolding', { arguments: [freeze] })
        .endorse();
      const envelope = transaction.getBytes();
      const first = await (await transaction.submit()).getStatus();
      expect(first.code).toBe(StatusCode.VALID);

      // The exact bytes again, signed by the CSD's operator once.
      const replay = gateway.newTransaction(envelope);
      expect(replay.getTransactionId()).toBe(first.transactionId);
      // The peer's gateway orders it (it keeps no record of what it sent); every committer then marks it DUPLICATE_TXID.
      await replay.submit();
      // The transaction id's appearances in the blocks from the first one on, with their validation codes.
      expect(await validationCodesOf(channel, first.transactionId, first.blockNumber, 2)).toEqual([
        StatusCode.VALID,
        StatusCode.DUPLICATE_TXID,
      ]);
      expect(BigInt((await holdingOf('bank')).frozenUnits)).toBe(frozenBefore + 1n);
    } finally {
      gateway.close();
      client.close();
    }
  });

  it('10. proposals stamped to reopen a window: refused by the endorsing peer, nothing simulated', async () => {
    const network = loadTestNetwork();
    const bankOperator = signingIdentityOf(organization(network, 'bank'), 'operator1');
    const client = newGrpcClient(peerEndpointOf(organization(network, 'csd')));
    const proposeAt = async (
      at: Date,
      fn: string,
      args: string[],
      transient?: Record<string, Uint8Array>,
    ): Promise<peer.ProposalResponse> =>
      endorse(
        client,
        await signedProposal(bankOperator, at, { channel: network.channel, chaincode: network.chaincode, fn, args, transient }),
      );
    const refusalOf = (response: peer.ProposalResponse) => parseChaincodeError(response.getResponse()?.getMessage() ?? '')?.code;
    try {
      // (a) A bid after the book closed: the book of a new bond, open from ten minutes ago until a few seconds from now.
      const bookIsin = await bondWithClosedBook();
      const bid = privateInput({ bid: { isin: bookIsin, units: '10', accountId: 'PROPRIETARY' } });
      const closedNow = await proposeAt(new Date(), 'Books:PlaceBid', [], bid);
      expect([ErrorCode.OUTSIDE_WINDOW, ErrorCode.INVALID_STATE_TRANSITION]).toContain(refusalOf(closedNow));
      expect(closedNow.hasEndorsement()).toBe(false);
      // Backdated five minutes, into the book's window.
      expectRefusedAsOutOfRange(await proposeAt(new Date(Date.now() - 5 * MINUTE_MS), 'Books:PlaceBid', [], bid));
      expect((await securities.read<{ records: unknown[] }>(`/bonds/${bookIsin}/bids`)).records).toEqual([]);

      // (b) A put election stamped outside the tolerance, on a put that is open now (stamped now, it would be endorsed).
      const election = JSON.stringify({ isin, putDate: couponDate, accountId: 'PROPRIETARY', units: '3' });
      const electedNow = await proposeAt(new Date(), 'Servicing:ExercisePut', [election]);
      expect(electedNow.getResponse()?.getStatus()).toBe(200);
      expect(writesIn(electedNow).length).toBeGreaterThan(0);
      for (const offset of [-5 * MINUTE_MS, 5 * MINUTE_MS]) {
        expectRefusedAsOutOfRange(await proposeAt(new Date(Date.now() + offset), 'Servicing:ExercisePut', [election]));
      }
      // Only endorsed, never submitted: nothing moved to the put account.
      expect((await csd.get(`/bonds/${isin}/holdings/${mspOf('bank')}/PUT-${couponDate}`)).status).toBe(404);

      // (c) Entitlements fixed before the record date (the coupon's, in 30 days) by the bank as paying agent.
      const fixNow = await proposeAt(new Date(), 'Servicing:FixCouponEntitlements', [isin, '1']);
      expect(refusalOf(fixNow)).toBe(ErrorCode.OUTSIDE_WINDOW);
      expectRefusedAsOutOfRange(await proposeAt(new Date(Date.now() + 5 * MINUTE_MS), 'Servicing:FixCouponEntitlements', [isin, '1']));
      // Stamped on the record date itself, days ahead: the peer refuses it before any chaincode runs.
      await expect(proposeAt(new Date(`${couponDate}T00:00:00Z`), 'Servicing:FixCouponEntitlements', [isin, '1'])).rejects.toThrow(
        /incorrect timestamp/,
      );
      expect(await csd.read<PaymentEvent[]>(`/bonds/${isin}/payment-events`)).toEqual([]);
    } finally {
      client.close();
    }
  });

  it('11. a client without TLS at every TLS endpoint of the network: no service', async () => {
    const endpoints = tlsEndpoints();
    expect(endpoints.map((e) => e.name)).toEqual(
      expect.arrayContaining(['peer0-csd', 'peer0-bank', 'orderer1', 'orderer1 admin', 'ca-csd']),
    );
    for (const endpoint of endpoints) {
      // It is up and speaks TLS …
      await expect(tlsHandshake(endpoint)).resolves.toMatch(/^TLSv1\.[23]$/);
      // … and a plaintext client gets nothing from it.
      if (endpoint.protocol === 'grpc') {
        expect([endpoint.name, await plaintextGrpcCall(endpoint)]).toEqual([endpoint.name, grpc.status.UNAVAILABLE]);
      } else {
        const answer = await plaintextHttpGet(endpoint);
        // Go's TLS listener answers an HTTP request with this 400 (or the connection just fails).
        if (answer.error === undefined)
          expect([endpoint.name, answer.status, answer.body?.trim()]).toEqual([
            endpoint.name,
            400,
            'Client sent an HTTP request to an HTTPS server.',
          ]);
      }
    }
  });

  it("12. guessed API keys, and one organisation's key at another's gateway: 401, nothing written", async () => {
    const name = `Guessed desk ${run}`;
    for (const org of ['csd', 'bank', 'securities', FUND.name]) {
      const gateway = new Api(org, 'operator1');
      for (let guess = 0; guess < 3; guess++) {
        const key = `bk_${randomBytes(32).toString('base64url')}`;
        expectHttpRefusal(
          await gateway.request('PUT', '/members/me/contact', JSON.parse(contactUpdate(name)), {}, key),
          401,
          'UNAUTHENTICATED',
        );
      }
    }
    // The bank's operator's key, valid at the bank's gateway, at the securities company's and the CSD's.
    for (const org of ['securities', 'csd']) {
      const elsewhere = new Api(org, 'operator1');
      expectHttpRefusal(
        await elsewhere.request('PUT', '/members/me/contact', JSON.parse(contactUpdate(name)), {}, bank.apiKey),
        401,
        'UNAUTHENTICATED',
      );
    }
    for (const org of ['csd', 'bank', 'securities', FUND.name]) expect((await contactOf(org))?.contactName).not.toBe(name);
  });

  it("13. another organisation's key at an event stream: 401", async () => {
    const openStream = async (apiKey: string): Promise<number> => {
      const abort = new AbortController();
      const response = await fetch(`${bank.baseUrl}/events`, { headers: { Authorization: `Bearer ${apiKey}` }, signal: abort.signal });
      const status = response.status;
      abort.abort();
      return status;
    };
    // The bank's own key opens its stream; the securities company's and the CSD's do not.
    expect(await openStream(bank.apiKey)).toBe(200);
    expect(await openStream(securities.apiKey)).toBe(401);
    expect(await openStream(csd.apiKey)).toBe(401);
  });
});

// --- set-ups -------------------------------------------------------------------------

/** A new bond of the securities company whose book was open from ten minutes ago until a moment ago; returns its ISIN. */
async function bondWithClosedBook(): Promise<string> {
  const application = await securities.ok<BondApplication>(
    'POST',
    '/bond-applications',
    termsAround(utcDate(40), mspOf('bank'), { shortName: 'EXSEC CLOSED BOOK' }),
  );
  const { isin: bookIsin } = await csd.ok<Bond>('POST', `/bond-applications/${application.applicationId}/approval`, {
    nationalCode: freshNationalCode(),
  });
  const closesAt = Date.now() + 3_000;
  await securities.ok<Book>('POST', `/bonds/${bookIsin}/book`, {
    bookType: 'FIXED_PRICE',
    opensAt: new Date(Date.now() - 10 * MINUTE_MS).toISOString(),
    closesAt: new Date(closesAt).toISOString(),
  });
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, closesAt - Date.now()) + 1_000));
  return bookIsin;
}

/** The validation codes of the transactions with `txId` in blocks from `startBlock` on, until `count` are seen (or 30 s pass). */
async function validationCodesOf(
  channel: ReturnType<Gateway['getNetwork']>,
  txId: string,
  startBlock: bigint,
  count: number,
): Promise<number[]> {
  const codes: number[] = [];
  const events = await channel.getFilteredBlockEvents({ startBlock });
  const timer = setTimeout(() => {
    events.close();
  }, 30_000);
  try {
    for await (const block of events) {
      for (const transaction of block.getFilteredTransactionsList()) {
        if (transaction.getTxid() === txId) codes.push(transaction.getTxValidationCode());
      }
      if (codes.length >= count) break;
    }
  } catch {
    // closed after 30 s: report what was seen
  } finally {
    clearTimeout(timer);
    events.close();
  }
  return codes;
}
