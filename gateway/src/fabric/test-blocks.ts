/**
 * Blocks as the peers commit them, built with the Fabric protobufs, for the
 * unit tests of what reads blocks: endorser transactions of a chaincode with
 * their id, timestamp, validation code, chaincode event, endorsers and
 * read-write set of state writes.
 */
import { common, ledger, msp, peer } from '@hyperledger/fabric-protos';

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

/** A write of a key in a chaincode's namespace: a value, or a delete when there is none. */
export interface TestStateWrite {
  key: string;
  value?: Uint8Array;
}

export interface TestTransaction {
  /** The transaction id (64 lowercase hex characters on a real channel); none in the header when left out. */
  id?: string;
  /** ISO-8601 UTC; no timestamp in the header when left out. */
  timestamp?: string;
  /** Default VALID. */
  validationCode?: number;
  /** Default ENDORSER_TRANSACTION. */
  type?: number;
  /** The chaincode the action ran (default 'bond'). */
  chaincode?: string;
  /** The chaincode event, its payload written as JSON (a string as it is). */
  event?: { name: string; payload: unknown; chaincode?: string };
  /** The MSP IDs of the endorsements on the action (default none). */
  endorsers?: string[];
  /** The state writes of the action's read-write set, by namespace (default no read-write set). */
  writes?: Record<string, TestStateWrite[]>;
}

/** A read-write set of only the writes given, namespace by namespace. */
function readWriteSet(writes: Record<string, TestStateWrite[]>): ledger.rwset.TxReadWriteSet {
  const rwset = new ledger.rwset.TxReadWriteSet();
  rwset.setNsRwsetList(
    Object.entries(writes).map(([namespace, nsWrites]) => {
      const kv = new ledger.rwset.kvrwset.KVRWSet();
      kv.setWritesList(
        nsWrites.map((w) => {
          const write = new ledger.rwset.kvrwset.KVWrite();
          write.setKey(w.key);
          if (w.value === undefined) write.setIsDelete(true);
          else write.setValue(w.value);
          return write;
        }),
      );
      const nsRwset = new ledger.rwset.NsReadWriteSet();
      nsRwset.setNamespace(namespace);
      nsRwset.setRwset(kv.serializeBinary());
      return nsRwset;
    }),
  );
  return rwset;
}

/** An endorsement signed by nobody, naming only the endorser's MSP ID. */
function endorsement(mspId: string): peer.Endorsement {
  const identity = new msp.SerializedIdentity();
  identity.setMspid(mspId);
  const result = new peer.Endorsement();
  result.setEndorser(identity.serializeBinary());
  return result;
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
    event.setTxId(tx.id ?? '');
    event.setEventName(tx.event.name);
    event.setPayload(encoder.encode(typeof tx.event.payload === 'string' ? tx.event.payload : JSON.stringify(tx.event.payload)));
    action.setEvents(event.serializeBinary());
  }
  if (tx.writes) action.setResults(readWriteSet(tx.writes).serializeBinary());
  const responsePayload = new peer.ProposalResponsePayload();
  responsePayload.setExtension$(action.serializeBinary());
  const endorsed = new peer.ChaincodeEndorsedAction();
  endorsed.setProposalResponsePayload(responsePayload.serializeBinary());
  endorsed.setEndorsementsList((tx.endorsers ?? []).map(endorsement));
  const actionPayload = new peer.ChaincodeActionPayload();
  actionPayload.setAction(endorsed);
  const transactionAction = new peer.TransactionAction();
  transactionAction.setPayload(actionPayload.serializeBinary());
  const transaction = new peer.Transaction();
  transaction.setActionsList([transactionAction]);
  const channelHeader = new common.ChannelHeader();
  channelHeader.setType(tx.type ?? common.HeaderType.ENDORSER_TRANSACTION);
  if (tx.id !== undefined) channelHeader.setTxId(tx.id);
  if (tx.timestamp !== undefined) channelHeader.setTimestamp(protoTimestamp(tx.timestamp));
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
