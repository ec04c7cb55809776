/**
 * The Fabric plumbing the bond chaincode (chaincode/) and the cash chaincode
 * (cash-chaincode/) share: nothing here knows bonds or cash. Each chaincode
 * keeps its own API (error codes, types), access table, key layout and
 * domain rules, and hands them to the pieces below through small hooks: a
 * Guard for its contracts' base class, a Refuse for its error class
 * (inputRules, worldState), its key function (worldState). The guard's own
 * steps (argument checks, the timestamp refusal, the dispatch fix) are not
 * exported: a chaincode gets them by extending GuardedContractBase.
 */
export type { ArgumentLimits } from './arguments';
export { canonicalJson } from './canonical-json';
export { type Clock, GuardedContext } from './context';
export { CURRENCIES, currencyMinorUnits, isCurrency } from './currency';
export { type AccessRuleKind, type Guard, GuardedContractBase, qualifiedFunctionName } from './guarded-contract';
export { parseIdentityRoles } from './identity-roles';
export { PlumbingErrorCode, type Refuse } from './refusal';
export { ChaincodeJsonSerializer, jsonSerializers } from './serializer';
export {
  changeStamp,
  type ChangeStamp,
  decodeJson,
  EMPTY,
  emitEvent,
  encodeJson,
  type HistoryEntry,
  historyOf,
  type KeyFunction,
  MAX_PAGE_SIZE,
  type Page,
  pageOf,
  readRecord,
  recordAndAnnounce,
  worldState,
  writeRecord,
} from './state';
export { timestampWithinTolerance, TX_TIMESTAMP_TOLERANCE_MS } from './transaction-time';
export { inputRules, isIdentifier, MAX_IDENTIFIER_LENGTH, MAX_KEY_ATTRIBUTE_LENGTH } from './validation';
