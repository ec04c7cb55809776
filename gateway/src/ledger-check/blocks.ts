/**
 * A block's transactions as the endorsement rule needs them: id, header
 * type, validation code (from the block's TRANSACTIONS_FILTER metadata),
 * the chaincode each action ran and the MSP IDs of its endorsers.
 */
import type { common } from '@hyperledger/fabric-protos';
import {
  decodeEnvelope,
  endorsedActions,
  endorserMspIds,
  envelopesOf,
  HEADER_TYPE_NAMES,
  isEndorserTransaction,
  VALIDATION_NAMES,
} from '../fabric/block-decoding';
import type { BlockTransaction } from './rules';

/** The transactions of a block, in order. An envelope that cannot be decoded is reported with type 'UNDECODABLE'. */
export function transactionsOf(block: common.Block): BlockTransaction[] {
  return envelopesOf(block).map(({ blockNumber, validationCode: code, bytes }): BlockTransaction => {
    const validationCode = code === undefined ? 'UNKNOWN' : (VALIDATION_NAMES[code] ?? String(code));
    try {
      const { payload, channelHeader } = decodeEnvelope(bytes);
      const type = HEADER_TYPE_NAMES[channelHeader.getType()] ?? String(channelHeader.getType());
      const actions = isEndorserTransaction(channelHeader)
        ? endorsedActions(payload).map((a) => ({
            chaincode: a.chaincodeAction.getChaincodeId()?.getName() ?? '',
            endorsers: endorserMspIds(a),
          }))
        : [];
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
  });
}
