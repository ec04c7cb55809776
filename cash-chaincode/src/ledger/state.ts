/**
 * The world-state helpers of @bond-platform/chaincode-common that refuse or
 * follow the key layout, bound to this chaincode's errors and key types.
 * The others (readRecord, writeRecord, emitEvent, changeStamp, EMPTY, …)
 * are imported from @bond-platform/chaincode-common itself.
 */
import { worldState } from '@bond-platform/chaincode-common';
import { refusal } from '../domain/validation';
import { key } from './keys';

export const { parsePageSize, pageOfRows, pageOfRecords, requireRecord } = worldState(refusal, key);
