/**
 * Reading and writing JSON records on the world state: the helpers of
 * @bond-platform/chaincode-common that this chaincode uses, re-exported from
 * this path because some fifteen modules import them from here; those that
 * refuse or follow the key layout are bound to this chaincode's errors and
 * key types.
 */
import { worldState } from '@bond-platform/chaincode-common';
import type { ChaincodeStub } from 'fabric-shim-api';
import { invalid, refusal } from '../domain/validation';
import { MAX_TRANSIENT_BYTES } from './arguments';
import { key } from './keys';

export {
  changeStamp,
  decodeJson,
  EMPTY,
  emitEvent,
  encodeJson,
  historyOf,
  readRecord,
  recordAndAnnounce,
  writeRecord,
} from '@bond-platform/chaincode-common';

export const { parsePageSize, pageOfRows, pageOfRecords, requireRecord, recordsUnder } = worldState(refusal, key);

const decoder = new TextDecoder();

/** Transient input `name` parsed as JSON; refuses if absent (private inputs never travel as arguments). */
export function transientJson(stub: ChaincodeStub, name: string): unknown {
  const bytes = stub.getTransient().get(name);
  if (bytes === undefined || bytes.length === 0) {
    throw invalid(`the private input '${name}' must be sent as transient data`);
  }
  if (bytes.length > MAX_TRANSIENT_BYTES) throw invalid(`the private input '${name}' may have at most ${MAX_TRANSIENT_BYTES} bytes`);
  try {
    return JSON.parse(decoder.decode(bytes));
  } catch {
    throw invalid(`the private input '${name}' is not valid JSON`);
  }
}
