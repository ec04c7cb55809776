/**
 * Blocks as the peers commit them, built with the Fabric protobufs, for the
 * unit tests of what reads blocks: endorser transactions of a chaincode with
 * their id, timestamp, validation code and chaincode event.
 */
import { common, peer } from '@hyperledger/fabric-protos';

/** google-protobuf ships no types: the Timestamp message, as fabric-protos' ChannelHeader takes it. */
interface ProtoTimestamp {
  setSeconds(value: number): void;
  setNanos(value: number): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Timestamp } = require('google-protobuf/google/protobuf/timestamp_pb') as { Timestamp: new () => ProtoTimestamp };

function protoTimestamp(iso: string): ProtoTimestamp {
  const millis = Date.parse(iso);
  const timestamp = new Timestamp();
  timestamp.setSeconds(Math.floor(millis / 1000));
  timestamp.setNanos((millis % 1000) * 1_000_000);
  return timestamp;
}

const encoder = new TextEncoder();

export interface TestTransaction {
  /** The transaction id (64 lowercase hex characters on a real channel). */
  id: string;
  /** ISO-8601 UTC. */
  timestamp: string;
  /** Default VALID. */
  validationCode?: number;
  /** Default ENDORSER_TRANSACTION. */
  type?: number;
  /** The chaincode the action ran (default 'bond'). */
  chaincode?: string;
  /** The chaincode event, its payload written as JSON (a string as it is). */
  event?: { name: string; payload: unknown; chaincode?: string };
}

/** An envelope of a transaction, as the ordering service puts it into a block. */
export function testEnvelope(tx: TestTransaction): Uint8Array {
  const chaincodeId = new peer.ChaincodeID();
  chaincodeId.setName(tx.chaincode ?? 'bond');
  const action = new peer.ChaincodeAction();
  action.setChaincodeId(chaincodeId);
  if (tx.event) {
    const event = new peer.ChaincodeEvent();
    event.setChaincodeId(tx.event.chaincode ?? tx.chaincode ?? 'bond');
    event.setTxId(tx.id);
    event.setEventName(tx.event.name);
    event.setPayload(encoder.encode(typeof tx.event.payload === 'string' ? tx.event.payload : JSON.stringify(tx.event.payload)));
    action.setEvents(event.serializeBinary());
  }
  const responsePayload = new peer.ProposalResponsePayload();
  responsePayload.setExtension$(action.serializeBinary());
  const endorsed = new peer.ChaincodeEndorsedAction();
  endorsed.setProposalResponsePayload(responsePayload.serializeBinary());
  const actionPayload = new peer.ChaincodeActionPayload();
  actionPayload.setAction(endorsed);
  const transactionAction = new peer.TransactionAction();
  transactionAction.setPayload(actionPayload.serializeBinary());
  const transaction = new peer.Transaction();
  transaction.setActionsList([transactionAction]);
  const channelHeader = new common.ChannelHeader();
  channelHeader.setType(tx.type ?? common.HeaderType.ENDORSER_TRANSACTION);
  channelHeader.setTxId(tx.id);
  channelHeader.setTimestamp(protoTimestamp(tx.timestamp));
  const header = new common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  const payload = new common.Payload();
  payload.setHeader(header);
  payload.setData(transaction.serializeBinary());
  const envelope = new common.Envelope();
  envelope.setPayload(payload.serializeBinary());
  return envelope.serializeBinary();
}

/** Block `number` of raw envelopes with their validation codes. */
export function rawTestBlock(number: number, envelopes: Uint8Array[], codes: number[]): common.Block {
  const blockHeader = new common.BlockHeader();
  blockHeader.setNumber(number);
  const data = new common.BlockData();
  data.setDataList(envelopes);
  const metadata = new common.BlockMetadata();
  const list: Uint8Array[] = [new Uint8Array(), new Uint8Array(), new Uint8Array()];
  list[common.BlockMetadataIndex.TRANSACTIONS_FILTER] = Uint8Array.from(codes);
  metadata.setMetadataList(list);
  const block = new common.Block();
  block.setHeader(blockHeader);
  block.setData(data);
  block.setMetadata(metadata);
  return block;
}

/** Block `number` of the transactions given; serialised and read back, as a peer delivers it. */
export function testBlock(number: number, transactions: TestTransaction[]): common.Block {
  const block = rawTestBlock(
    number,
    transactions.map(testEnvelope),
    transactions.map((tx) => tx.validationCode ?? peer.TxValidationCode.VALID),
  );
  return common.Block.deserializeBinary(block.serializeBinary());
}
