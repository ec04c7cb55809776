/**
 * What a block says of its transactions, decoded from its protobuf: each
 * envelope with the validation code the committing peers gave it (the
 * block's TRANSACTIONS_FILTER metadata), its channel header (type,
 * transaction id, timestamp) and, for an endorser transaction, each action's
 * endorsed ChaincodeAction (chaincode, read-write set, chaincode event) and
 * endorsers. Shared by the ledger check (endorsements, the cash ledger's
 * writes), the transaction lookup and the ISO 20022 feed (chaincode events).
 */
import { common, msp, peer } from '@hyperledger/fabric-protos';

const namesByCode = (codes: Record<string, number>): Record<number, string> =>
  Object.fromEntries(Object.entries(codes).map(([name, code]) => [code, name]));

/** Validation code names (VALID, MVCC_READ_CONFLICT, …) by number. */
export const VALIDATION_NAMES: Readonly<Record<number, string>> = namesByCode(peer.TxValidationCode as unknown as Record<string, number>);
/** Header type names (ENDORSER_TRANSACTION, CONFIG, …) by number. */
export const HEADER_TYPE_NAMES: Readonly<Record<number, string>> = namesByCode(common.HeaderType as unknown as Record<string, number>);

/** One transaction envelope of a block, as committed. */
export interface BlockEnvelope {
  blockNumber: number;
  /** Its position in the block. */
  index: number;
  /** The committing peers' validation code (peer.TxValidationCode), undefined if the block's filter has none for it. */
  validationCode: number | undefined;
  bytes: Uint8Array;
}

/** The block's number (0 if it has no header). */
export function blockNumberOf(block: common.Block): number {
  return block.getHeader()?.getNumber() ?? 0;
}

/** The envelopes of a block in order, each with its validation code. */
export function envelopesOf(block: common.Block): BlockEnvelope[] {
  const blockNumber = blockNumberOf(block);
  const filter = block.getMetadata()?.getMetadataList_asU8()[common.BlockMetadataIndex.TRANSACTIONS_FILTER] ?? new Uint8Array();
  return (block.getData()?.getDataList_asU8() ?? []).map((bytes, index) => ({ blockNumber, index, validationCode: filter[index], bytes }));
}

/** An envelope's payload and channel header. Throws if the bytes are not an envelope. */
export interface DecodedEnvelope {
  payload: common.Payload;
  channelHeader: common.ChannelHeader;
}

export function decodeEnvelope(bytes: Uint8Array): DecodedEnvelope {
  return decodePayload(common.Envelope.deserializeBinary(bytes).getPayload_asU8());
}

/** An envelope's payload (its bytes) and channel header. */
export function decodePayload(bytes: Uint8Array): DecodedEnvelope {
  const payload = common.Payload.deserializeBinary(bytes);
  const channelHeader = common.ChannelHeader.deserializeBinary(payload.getHeader()?.getChannelHeader_asU8() ?? new Uint8Array());
  return { payload, channelHeader };
}

/** True for an endorser (chaincode) transaction. */
export function isEndorserTransaction(channelHeader: common.ChannelHeader): boolean {
  return channelHeader.getType() === common.HeaderType.ENDORSER_TRANSACTION;
}

/** One action of an endorser transaction: what the chaincode did, and who endorsed it. */
export interface EndorsedAction {
  /** The chaincode's answer: its id, results (read-write set), response and event. */
  chaincodeAction: peer.ChaincodeAction;
  endorsed: peer.ChaincodeEndorsedAction;
}

/** The actions of an endorser transaction's payload, in order (an action without an endorsed part is left out). */
export function endorsedActions(payload: common.Payload): EndorsedAction[] {
  const actions: EndorsedAction[] = [];
  for (const action of peer.Transaction.deserializeBinary(payload.getData_asU8()).getActionsList()) {
    const endorsed = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8()).getAction();
    if (!endorsed) continue;
    const response = peer.ProposalResponsePayload.deserializeBinary(endorsed.getProposalResponsePayload_asU8());
    actions.push({ chaincodeAction: peer.ChaincodeAction.deserializeBinary(response.getExtension_asU8()), endorsed });
  }
  return actions;
}

/** The MSP IDs of an action's endorsers, in endorsement order. */
export function endorserMspIds(action: EndorsedAction): string[] {
  return action.endorsed.getEndorsementsList().map((e) => msp.SerializedIdentity.deserializeBinary(e.getEndorser_asU8()).getMspid());
}

/** google-protobuf ships no types for Timestamp; the accessors used here. */
interface ProtoTimestamp {
  getSeconds(): number;
  getNanos(): number;
}

/** The transaction's timestamp (set by its client in the proposal), ISO-8601 UTC to the millisecond. */
export function transactionTimestamp(channelHeader: common.ChannelHeader): string {
  // google-protobuf is untyped here, so the Timestamp is given its shape explicitly.
  const timestamp = channelHeader.getTimestamp() as unknown as ProtoTimestamp | undefined;
  return new Date((timestamp?.getSeconds() ?? 0) * 1000 + Math.floor((timestamp?.getNanos() ?? 0) / 1e6)).toISOString();
}
