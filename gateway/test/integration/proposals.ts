/**
 * Proposals the tests build and sign themselves (@hyperledger/fabric-protos),
 * for what fabric-gateway never sends: a transaction timestamp the test
 * chooses. Sent to one peer's Endorser service (ProcessProposal) for
 * endorsement only, never to the orderer.
 */
import type * as grpc from '@grpc/grpc-js';
import { hash } from '@hyperledger/fabric-gateway';
import { common, ledger, msp, peer } from '@hyperledger/fabric-protos';
import { randomBytes } from 'node:crypto';
import { ErrorCode, parseChaincodeError } from '@bond-platform/chaincode/api';
import { keySigner, type SigningIdentity } from '../../src/fabric/connection';

/** google-protobuf ships no types: the Timestamp message, as fabric-protos' ChannelHeader takes it. */
interface ProtoTimestamp {
  setSeconds(value: number): void;
  setNanos(value: number): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Timestamp } = require('google-protobuf/google/protobuf/timestamp_pb') as { Timestamp: new () => ProtoTimestamp };

const ENDORSER_PROCESS_PROPOSAL = '/protos.Endorser/ProcessProposal';

function protoTimestamp(at: Date): ProtoTimestamp {
  const timestamp = new Timestamp();
  timestamp.setSeconds(Math.floor(at.getTime() / 1000));
  timestamp.setNanos((at.getTime() % 1000) * 1_000_000);
  return timestamp;
}

export interface Invocation {
  channel: string;
  chaincode: string;
  /** `Contract:Function`. */
  fn: string;
  args: string[];
  /** Private input, as fabric-gateway's transientData. */
  transient?: Record<string, Uint8Array>;
}

/** A signed proposal of `invocation` as `identity`, stamped `at`: what fabric-gateway's ProposalBuilder builds, with the time chosen. */
export async function signedProposal(identity: SigningIdentity, at: Date, invocation: Invocation): Promise<peer.SignedProposal> {
  const creator = new msp.SerializedIdentity();
  creator.setMspid(identity.mspId);
  creator.setIdBytes(identity.certificate);
  const creatorBytes = creator.serializeBinary();
  const nonce = randomBytes(24);
  // The peer checks the transaction ID is the hash of nonce and creator.
  const txId = Buffer.from(hash.sha256(Buffer.concat([nonce, creatorBytes]))).toString('hex');

  const chaincodeId = new peer.ChaincodeID();
  chaincodeId.setName(invocation.chaincode);
  const extension = new peer.ChaincodeHeaderExtension();
  extension.setChaincodeId(chaincodeId);

  const channelHeader = new common.ChannelHeader();
  channelHeader.setType(common.HeaderType.ENDORSER_TRANSACTION);
  channelHeader.setTxId(txId);
  channelHeader.setTimestamp(protoTimestamp(at));
  channelHeader.setChannelId(invocation.channel);
  channelHeader.setExtension$(extension.serializeBinary());
  channelHeader.setEpoch(0);

  const signatureHeader = new common.SignatureHeader();
  signatureHeader.setCreator(creatorBytes);
  signatureHeader.setNonce(nonce);

  const header = new common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  header.setSignatureHeader(signatureHeader.serializeBinary());

  const input = new peer.ChaincodeInput();
  input.setArgsList([invocation.fn, ...invocation.args].map((arg) => Buffer.from(arg)));
  const spec = new peer.ChaincodeSpec();
  spec.setType(peer.ChaincodeSpec.Type.NODE);
  spec.setChaincodeId(chaincodeId);
  spec.setInput(input);
  const chaincodeInvocation = new peer.ChaincodeInvocationSpec();
  chaincodeInvocation.setChaincodeSpec(spec);
  const payload = new peer.ChaincodeProposalPayload();
  payload.setInput(chaincodeInvocation.serializeBinary());
  // google-protobuf's jspb.Map has no types here: only its set() is used.
  const transientMap = payload.getTransientmapMap() as unknown as { set(key: string, value: Uint8Array): void };
  for (const [name, value] of Object.entries(invocation.transient ?? {})) transientMap.set(name, value);

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

/** Sends the proposal to the peer behind `client` for endorsement only (never to the orderer). */
export function endorse(client: grpc.Client, proposal: peer.SignedProposal): Promise<peer.ProposalResponse> {
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

/** The keys a proposal response's simulation wrote (the peer returns its payload even for a refusal). */
export function writesIn(response: peer.ProposalResponse): string[] {
  const payload = response.getPayload_asU8();
  if (payload.length === 0) return [];
  const action = peer.ChaincodeAction.deserializeBinary(peer.ProposalResponsePayload.deserializeBinary(payload).getExtension_asU8());
  const results = ledger.rwset.TxReadWriteSet.deserializeBinary(action.getResults_asU8());
  return results.getNsRwsetList().flatMap((ns) =>
    ledger.rwset.kvrwset.KVRWSet.deserializeBinary(ns.getRwset_asU8())
      .getWritesList()
      .map((w) => `${ns.getNamespace()}:${w.getKey()}`),
  );
}

/** The chaincode refused the proposal as stamped too far from the peer's clock: no endorsement, nothing written. */
export function expectRefusedAsOutOfRange(response: peer.ProposalResponse): void {
  const answer = response.getResponse();
  expect(answer?.getStatus()).toBe(500);
  expect(parseChaincodeError(answer?.getMessage() ?? '')?.code).toBe(ErrorCode.TIMESTAMP_OUT_OF_RANGE);
  // No endorsement, so nothing that could be submitted, and nothing was written.
  expect(response.hasEndorsement()).toBe(false);
  expect(writesIn(response)).toEqual([]);
}
