/** The cash chaincode's contracts, as fabric-chaincode-node loads them. Cash is the default contract. */
import { jsonSerializers } from '@bond-platform/chaincode-common';
import { CashContract } from './contracts/cash-contract';
import { HtlcContract } from './contracts/htlc-contract';

export { CashContract, HtlcContract };
/** The transaction serializer (@bond-platform/chaincode-common's serializer.ts): GetMetadata answers without class-transformer. */
export const serializers = jsonSerializers('cashJson');
export const contracts = [CashContract, HtlcContract];
