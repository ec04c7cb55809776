/** The cash chaincode's contracts, as fabric-chaincode-node loads them. Cash is the default contract. */
import { CashContract } from './contracts/cash-contract';
import { HtlcContract } from './contracts/htlc-contract';
import { serializers } from './ledger/serializer';

export { CashContract, HtlcContract };
/** The transaction serializer (see ledger/serializer.ts): GetMetadata answers without class-transformer. */
export { serializers };
export const contracts = [CashContract, HtlcContract];
