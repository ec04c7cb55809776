/**
 * A transaction as the ledger recorded it, read through the peer's qscc
 * system chaincode: block number, validation code, timestamp, creator and
 * endorsing organisations. Any member (or the regulator) can verify a
 * record this way from its own peer.
 */
import { common, msp, peer } from '@hyperledger/fabric-protos';
import type { Network } from '@hyperledger/fabric-gateway';
import { decodePayload, endorsedActions, endorserMspIds, transactionTimestamp, VALIDATION_NAMES } from './block-decoding';

export interface RecordedTransaction {
  transactionId: string;
  blockNumber: string;
  validationCode: string;
  valid: boolean;
  timestamp: string;
  creatorMspId: string;
  endorserMspIds: string[];
}

function endorsingOrganizations(payload: common.Payload): string[] {
  return [...new Set(endorsedActions(payload).flatMap(endorserMspIds))].sort();
}

export async function lookupTransaction(network: Network, txId: string): Promise<RecordedTransaction> {
  const qscc = network.getContract('qscc');
  const processed = peer.ProcessedTransaction.deserializeBinary(
    await qscc.evaluateTransaction('GetTransactionByID', network.getName(), txId),
  );
  const block = common.Block.deserializeBinary(await qscc.evaluateTransaction('GetBlockByTxID', network.getName(), txId));
  const envelope = processed.getTransactionenvelope();
  if (!envelope) throw new Error(`transaction ${txId} has no envelope`);
  const { payload, channelHeader } = decodePayload(envelope.getPayload_asU8());
  const header = payload.getHeader();
  if (!header) throw new Error(`transaction ${txId} has no header`);
  const signatureHeader = common.SignatureHeader.deserializeBinary(header.getSignatureHeader_asU8());
  const creator = msp.SerializedIdentity.deserializeBinary(signatureHeader.getCreator_asU8());
  const code = processed.getValidationcode();
  return {
    transactionId: channelHeader.getTxId(),
    blockNumber: String(block.getHeader()?.getNumber() ?? ''),
    validationCode: VALIDATION_NAMES[code] ?? String(code),
    valid: code === peer.TxValidationCode.VALID,
    timestamp: transactionTimestamp(channelHeader),
    creatorMspId: creator.getMspid(),
    endorserMspIds: endorsingOrganizations(payload),
  };
}
