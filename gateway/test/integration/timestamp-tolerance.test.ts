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
import { hash } from '@hyperledger/fabric-gateway';
import { common, ledger, msp, peer } from '@hyperledger/fabric-protos';
import { randomBytes } from 'node:crypto';
import { ErrorCode, parseChaincodeError } from '@bond-platform/chaincode/api';
import { keySigner, newGrpcClient, type SigningIdentity } from '../../src/fabric/connection';
import { loadTestNetwork, organization, peerEndpointOf, signingIdentityOf } from '../../src/ledger-check/test-network';
import { Participants } from './participants';

/** google-protobuf ships no types: the Timestamp message, as fabric-protos' ChannelHeader takes it. */
interface ProtoTimestamp {
  setSeconds(value: number): void;
  setNanos(value: number): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Timestamp } = require('google-protobuf/google/protobuf/timestamp_pb') as { Timestamp: new () => ProtoTimestamp };

const HOUR_MS = 3_600_000;
const ENDORSER_PROCESS_PROPOSAL = '/protos.Endorser/ProcessProposal';

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

function protoTimestamp(at: Date): ProtoTimestamp {
  const timestamp = new Timestamp();
  timestamp.setSeconds(Math.floor(at.getTime() / 1000));
  timestamp.setNanos((at.getTime() % 1000) * 1_000_000);
  return timestamp;
}

/** A signed proposal invoking `fn` with `args` as `identity`, stamped `at`: what fabric-gateway's ProposalBuilder builds, with the time chosen. */
async function signedProposal(identity: SigningIdentity, at: Date, fn: string, args: string[]): Promise<peer.SignedProposal> {
  const creator = new msp.SerializedIdentity();
  creator.setMspid(identity.mspId);
  creator.setIdBytes(identity.certificate);
  const creatorBytes = creator.serializeBinary();
  const nonce = randomBytes(24);
  // The peer checks the transaction ID is the hash of nonce and creator.
  const txId = Buffer.from(hash.sha256(Buffer.concat([nonce, creatorBytes]))).toString('hex');

  const chaincodeId = new peer.ChaincodeID();
  chaincodeId.setName(testNetwork.chaincode);
  const extension = new peer.ChaincodeHeaderExtension();
  extension.setChaincodeId(chaincodeId);

  const channelHeader = new common.ChannelHeader();
  channelHeader.setType(common.HeaderType.ENDORSER_TRANSACTION);
  channelHeader.setTxId(txId);
  channelHeader.setTimestamp(protoTimestamp(at));
  channelHeader.setChannelId(testNetwork.channel);
  channelHeader.setExtension$(extension.serializeBinary());
  channelHeader.setEpoch(0);

  const signatureHeader = new common.SignatureHeader();
  signatureHeader.setCreator(creatorBytes);
  signatureHeader.setNonce(nonce);

  const header = new common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  header.setSignatureHeader(signatureHeader.serializeBinary());

  const input = new peer.ChaincodeInput();
  input.setArgsList([fn, ...args].map((arg) => Buffer.from(arg)));
  const spec = new peer.ChaincodeSpec();
  spec.setType(peer.ChaincodeSpec.Type.NODE);
  spec.setChaincodeId(chaincodeId);
  spec.setInput(input);
  const invocation = new peer.ChaincodeInvocationSpec();
  invocation.setChaincodeSpec(spec);
  const payload = new peer.ChaincodeProposalPayload();
  payload.setInput(invocation.serializeBinary());

  const proposal = new peer.Proposal();
  proposal.setHeader(header.serializeBinary());
  proposal.setPayload(payload.serializeBinary());
  const proposalBytes = proposal.serializeBinary();

  const signed = new peer.SignedProposal();
  signed.setProposalBytes(proposalBytes);
  // ECDSA over the SHA-256 digest, low-S, as fabric-gateway signs.
  signed.setSignature(await keySigner(identity.privateKey)(hash.sha256(proposalBytes)));
  return signed;
}

/** Sends the proposal to the CSD's peer for endorsement only (never to the orderer). */
function endorse(proposal: peer.SignedProposal): Promise<peer.ProposalResponse> {
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(
      ENDORSER_PROCESS_PROPOSAL,
      (value: peer.SignedProposal) => Buffer.from(value.serializeBinary()),
      (bytes: Buffer) => peer.ProposalResponse.deserializeBinary(bytes),
      proposal,
      { deadline: Date.now() + 15_000 },
      (error, response) => {
        if (error) reject(error);
        else if (!response) reject(new Error('the peer sent no proposal response'));
        else resolve(response);
      },
    );
  });
}

/** The bank operator's Membership:UpdateContact, stamped `at`, endorsed by the CSD's peer. */
async function updateContactAt(at: Date): Promise<peer.ProposalResponse> {
  const contact = JSON.stringify({ contactName: 'Settlement desk', email: 'desk@bank.example' });
  return endorse(await signedProposal(bankOperator, at, 'Membership:UpdateContact', [contact]));
}

function expectRefusedAsOutOfRange(response: peer.ProposalResponse): void {
  const answer = response.getResponse();
  expect(answer?.getStatus()).toBe(500);
  expect(parseChaincodeError(answer?.getMessage() ?? '')?.code).toBe(ErrorCode.TIMESTAMP_OUT_OF_RANGE);
  // No endorsement, so nothing that could be submitted, and nothing was written.
  expect(response.hasEndorsement()).toBe(false);
  expect(writesIn(response)).toEqual([]);
}

/** The keys a proposal response's simulation wrote (the peer returns its payload even for a refusal). */
function writesIn(response: peer.ProposalResponse): string[] {
  const payload = response.getPayload_asU8();
  if (payload.length === 0) return [];
  const action = peer.ChaincodeAction.deserializeBinary(peer.ProposalResponsePayload.deserializeBinary(payload).getExtension_asU8());
  const results = ledger.rwset.TxReadWriteSet.deserializeBinary(action.getResults_asU8());
  return results
    .getNsRwsetList()
    .flatMap((ns) => ledger.rwset.kvrwset.KVRWSet.deserializeBinary(ns.getRwset_asU8()).getWritesList().map((w) => `${ns.getNamespace()}:${w.getKey()}`));
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
