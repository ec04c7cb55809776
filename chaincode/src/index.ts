/** The chaincode's contracts, as fabric-chaincode-node loads them. Membership is the default contract. */
import { MembershipContract } from './contracts/membership-contract';

export { MembershipContract };
export const contracts: (typeof MembershipContract)[] = [MembershipContract];
