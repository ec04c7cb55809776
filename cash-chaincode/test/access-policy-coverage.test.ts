/**
 * Deny-by-default only works if the policy table and the contracts agree:
 * every transaction function has exactly one rule, and no rule names a
 * function that does not exist. The published function list
 * (api/functions.ts) must be the contracts' declarations too, with each
 * function's kind as declared: `@Transaction()` submits,
 * `@Transaction(false)` evaluates; every query has a read rule and no
 * submitted function one. The tests are @bond-platform/chaincode-common's,
 * the same for both chaincodes.
 */
import 'reflect-metadata';
import { itCoversTheAccessPolicy } from '@bond-platform/chaincode-common/testing';
import { qualifiedCashFunctions } from '../src/api/functions';
import { CASH_ACCESS_POLICY } from '../src/domain/access-policy';
import { contracts } from '../src/index';

describe('cash access policy coverage', () => {
  itCoversTheAccessPolicy({ contracts, policy: CASH_ACCESS_POLICY, published: qualifiedCashFunctions() });
});
