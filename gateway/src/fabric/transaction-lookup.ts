/**
 * A transaction as the ledger recorded it, read through the peer's qscc
 * system chaincode: block number, validation code, timestamp, creator and
 * endorsing organisations. Any member (or the regulator) can verify a
 * record this way from its own peer.
 */
import { common, msp, peer } from '@hyperledger/fabric-protos';
import type { Network } from '@hyperledger/fabric-gateway';

export interface RecordedTransaction {
  transactionId: string;
  blockNumber: string;
  validationCode: string;
  valid: boolean;
  timestamp: string;
  creatorMspId: string;
  endorserMspIds: string[];
}

const VALIDATION_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(peer.TxValidationCode as unknown as Record<string, number>).map(([name, code]) => [code, name]),
);

/** google-protobuf ships no types; the Timestamp accessors used here. */
interface ProtoTimestamp {
  getSeconds(): number;
  getNanos(): number;
}

function endorsingOrganizations(payload: common.Payload): string[] {
  const endorsers = new Set<string>();
  for (const action of peer.Transaction.deserializeBinary(payload.getData_asU8()).getActionsList()) {
    const endorsed = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8()).getAction();
    for (const endorsement of endorsed?.getEndorsementsList() ?? []) {
      endorsers.add(msp.SerializedIdentity.deserializeBinary(endorsement.getEndorser_asU8()).getMspid());
    }
  }
  return [...endorsers].sort();
}

function isoTime(timestamp: ProtoTimestamp | undefined): string {
  return new Date((timestamp?.getSeconds() ?? 0) * 1000 + Math.floor((timestamp?.getNanos() ?? 0) / 1e6)).toISOString();
}

export async function lookupTransaction(network: Network, txId: string): Promise<RecordedTransaction> {
  const qscc = network.getContract('qscc');
  const processed = peer.ProcessedTransaction.deserializeBinary(
    await qscc.evaluateTransaction('GetTransactionByID', network.getName(), txId),
  );
  const block = common.Block.deserializeBinary(await qscc.evaluateTransaction('GetBlockByTxID', network.getName(), txId));
  const envelope = processed.getTransactionenvelope();
  if (!envelope) throw new Error(`transaction ${txId} has no envelope`);
  const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
  const header = payload.getHeader();
  if (!header) throw new Error(`transaction ${txId} has no header`);
  const channelHeader = common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8());
  const signatureHeader = common.SignatureHeader.deserializeBinary(header.getSignatureHeader_asU8());
  const creator = msp.SerializedIdentity.deserializeBinary(signatureHeader.getCreator_asU8());
  const code = processed.getValidationcode();
  return {
    transactionId: channelHeader.getTxId(),
    blockNumber: String(block.getHeader()?.getNumber() ?? ''),
    validationCode: VALIDATION_NAMES[code] ?? String(code),
    valid: code === peer.TxValidationCode.VALID,
    // google-protobuf is untyped here, so the Timestamp is given its shape explicitly.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
    timestamp: isoTime(channelHeader.getTimestamp() as unknown as ProtoTimestamp | undefined),
    creatorMspId: creator.getMspid(),
    endorserMspIds: endorsingOrganizations(payload),
  };
}
