/** The cash ledger's configuration: who the payment operator is. */
import { type CashConfig, type ChangeStamp, DEFAULT_OPERATOR_MSP_ID } from '../api/cash';
import { CashChaincodeError, CashErrorCode } from '../api/errors';
import { requireMspId, requireOnlyFields } from './validation';

/** The payment operator's MSP ID from an Initialize request: `operatorMspId`, or DEFAULT_OPERATOR_MSP_ID when absent. */
export function parseInitializeRequest(input: Record<string, unknown>): { operatorMspId: string } {
  requireOnlyFields(input, ['operatorMspId'], 'the request');
  return {
    operatorMspId: input.operatorMspId === undefined ? DEFAULT_OPERATOR_MSP_ID : requireMspId(input.operatorMspId, 'operatorMspId'),
  };
}

/** The configuration, written once: ALREADY_INITIALIZED if there is one. */
export function initialize(operatorMspId: string, existing: CashConfig | undefined, stamp: ChangeStamp): CashConfig {
  if (existing) {
    throw new CashChaincodeError(
      CashErrorCode.ALREADY_INITIALIZED,
      `the cash ledger was initialised already (operator ${existing.operatorMspId})`,
    );
  }
  return { operatorMspId, initialized: stamp };
}
