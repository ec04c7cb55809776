/**
 * The chaincode takes "now" from the transaction timestamp, which the client
 * writes into its proposal. fabric-gateway always stamps the current time,
 * so this test builds and signs the proposal itself (@hyperledger/fabric-protos)
 * with a chosen timestamp and sends it to the CSD's peer for endorsement
 * (the Endorser service's ProcessProposal) as the bank's operator. A write
 * backdated or post-dated by an hour is refused with TIMESTAMP_OUT_OF_RANGE
 * and no endorsement (no read or write set); the same write stamped now is
 * endorsed. Nothing is sent to the orderer, so nothing is committed.
 */
import type * as grpc from '@grpc/grpc-js';
import { msp, type peer } from '@hyperledger/fabric-protos';
import { newGrpcClient } from '../../src/fabric/connection';
import { loadTestNetwork, organization, peerEndpointOf, signingIdentityOf } from '../../src/ledger-check/test-network';
import { Participants } from './participants';
import { endorse, expectRefusedAsOutOfRange, signedProposal } from './proposals';

const HOUR_MS = 3_600_000;

const testNetwork = loadTestNetwork();
const csdPeer = organization(testNetwork, 'csd');
const bankOperator = signingIdentityOf(organization(testNetwork, 'bank'), 'operator1');
const participants = new Participants();
let client: grpc.Client;

beforeAll(async () => {
  await participants.ensureFoundingMembers();
  client = newGrpcClient(peerEndpointOf(csdPeer));
});

afterAll(() => {
  client.close();
  participants.close();
});

/** The bank operator's Membership:UpdateContact, stamped `at`, endorsed by the CSD's peer. */
async function updateContactAt(at: Date): Promise<peer.ProposalResponse> {
  const contact = JSON.stringify({ contactName: 'Settlement desk', email: 'desk@bank.example' });
  return endorse(
    client,
    await signedProposal(bankOperator, at, {
      channel: testNetwork.channel,
      chaincode: testNetwork.chaincode,
      fn: 'Membership:UpdateContact',
      args: [contact],
    }),
  );
}

/** Beyond the chaincode's tolerance (120 s) but inside the peer's own authentication window (15 min). */
const FIVE_MINUTES_MS = 5 * 60 * 1000;

/** The peer's own refusal of a proposal outside peer.authentication.timewindow, before any chaincode runs. */
async function expectRefusedByPeer(at: Date): Promise<void> {
  await expect(updateContactAt(at)).rejects.toThrow(/incorrect timestamp .* peer\.authentication\.timewindow/);
}

describe('transaction timestamp tolerance on the network', () => {
  it('refuses a write backdated by five minutes with TIMESTAMP_OUT_OF_RANGE and no endorsement', async () => {
    expectRefusedAsOutOfRange(await updateContactAt(new Date(Date.now() - FIVE_MINUTES_MS)));
  });

  it('refuses a write post-dated by five minutes with TIMESTAMP_OUT_OF_RANGE and no endorsement', async () => {
    expectRefusedAsOutOfRange(await updateContactAt(new Date(Date.now() + FIVE_MINUTES_MS)));
  });

  it('leaves a proposal an hour off to the peer, which refuses it outside its authentication window (15 min)', async () => {
    await expectRefusedByPeer(new Date(Date.now() - HOUR_MS));
    await expectRefusedByPeer(new Date(Date.now() + HOUR_MS));
  });

  it('endorses the same write stamped now (not submitted)', async () => {
    const response = await updateContactAt(new Date());
    const answer = response.getResponse();
    expect(`${answer?.getStatus() ?? '?'} ${answer?.getMessage() ?? ''}`).toBe('200 ');
    const endorser = msp.SerializedIdentity.deserializeBinary(response.getEndorsement()?.getEndorser_asU8() ?? new Uint8Array());
    expect(endorser.getMspid()).toBe(csdPeer.mspId);
    expect(response.getPayload_asU8().length).toBeGreaterThan(0);
    const contact = JSON.parse(Buffer.from(answer?.getPayload_asU8() ?? new Uint8Array()).toString('utf8')) as { mspId: string };
    expect(contact.mspId).toBe(bankOperator.mspId);
  });
});
