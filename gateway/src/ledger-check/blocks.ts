/**
 * A block's transactions as the endorsement rule needs them: id, header
 * type, validation code (from the block's TRANSACTIONS_FILTER metadata),
 * the chaincode each action ran and the MSP IDs of its endorsers.
 */
import { common, msp, peer } from '@hyperledger/fabric-protos';
import type { BlockTransaction } from './rules';

const VALIDATION_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(peer.TxValidationCode as unknown as Record<string, number>).map(([name, code]) => [code, name]),
);
const HEADER_TYPE_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(common.HeaderType as unknown as Record<string, number>).map(([name, code]) => [code, name]),
);

interface Action {
  chaincode: string;
  endorsers: string[];
}

function actionsOf(payload: common.Payload): Action[] {
  const actions: Action[] = [];
  for (const action of peer.Transaction.deserializeBinary(payload.getData_asU8()).getActionsList()) {
    const endorsed = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8()).getAction();
    if (!endorsed) continue;
    const responsePayload = peer.ProposalResponsePayload.deserializeBinary(endorsed.getProposalResponsePayload_asU8());
    const chaincodeAction = peer.ChaincodeAction.deserializeBinary(responsePayload.getExtension_asU8());
    const endorsers = endorsed.getEndorsementsList().map((e) => msp.SerializedIdentity.deserializeBinary(e.getEndorser_asU8()).getMspid());
    actions.push({ chaincode: chaincodeAction.getChaincodeId()?.getName() ?? '', endorsers });
  }
  return actions;
}

/** The transactions of a block, in order. An envelope that cannot be decoded is reported with type 'UNDECODABLE'. */
export function transactionsOf(block: common.Block): BlockTransaction[] {
  const blockNumber = block.getHeader()?.getNumber() ?? 0;
  const filter = block.getMetadata()?.getMetadataList_asU8()[common.BlockMetadataIndex.TRANSACTIONS_FILTER] ?? new Uint8Array();
  return (
    block
      .getData()
      ?.getDataList_asU8()
      .map((bytes, index): BlockTransaction => {
        const code = filter[index];
        const validationCode = code === undefined ? 'UNKNOWN' : (VALIDATION_NAMES[code] ?? String(code));
        try {
          const envelope = common.Envelope.deserializeBinary(bytes);
          const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
          const channelHeader = common.ChannelHeader.deserializeBinary(payload.getHeader()?.getChannelHeader_asU8() ?? new Uint8Array());
          const type = HEADER_TYPE_NAMES[channelHeader.getType()] ?? String(channelHeader.getType());
          const actions = type === 'ENDORSER_TRANSACTION' ? actionsOf(payload) : [];
          return {
            blockNumber,
            transactionId: channelHeader.getTxId(),
            type,
            validationCode,
            chaincode: actions[0]?.chaincode ?? '',
            // Every action must be endorsed: the MSP IDs all of them share.
            endorserMspIds:
              actions.length === 0
                ? []
                : [...new Set(actions.flatMap((a) => a.endorsers))].filter((id) => actions.every((a) => a.endorsers.includes(id))).sort(),
          };
        } catch {
          return { blockNumber, transactionId: '', type: 'UNDECODABLE', validationCode, chaincode: '', endorserMspIds: [] };
        }
      }) ?? []
  );
}
