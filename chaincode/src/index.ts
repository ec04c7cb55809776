/** The chaincode's contracts, as fabric-chaincode-node loads them. Membership is the default contract. */
import { BenchmarkContract } from './contracts/benchmark-contract';
import { BondContract } from './contracts/bond-contract';
import { BookContract } from './contracts/book-contract';
import { CrossLedgerContract } from './contracts/cross-ledger-contract';
import { CustodyContract } from './contracts/custody-contract';
import { HashLockContract } from './contracts/hash-lock-contract';
import { MembershipContract } from './contracts/membership-contract';
import { ServicingContract } from './contracts/servicing-contract';
import { SettlementContract } from './contracts/settlement-contract';
import { jsonSerializers } from '@bond-platform/chaincode-common';

export {
  BenchmarkContract,
  BondContract,
  BookContract,
  CrossLedgerContract,
  CustodyContract,
  HashLockContract,
  MembershipContract,
  ServicingContract,
  SettlementContract,
};
/** The transaction serializer (@bond-platform/chaincode-common's serializer.ts): GetMetadata answers without class-transformer. */
export const serializers = jsonSerializers('bondJson');
export const contracts = [
  MembershipContract,
  BondContract,
  BookContract,
  SettlementContract,
  CustodyContract,
  ServicingContract,
  BenchmarkContract,
  HashLockContract,
  CrossLedgerContract,
];
