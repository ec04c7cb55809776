/**
 * Deny-by-default only works if the policy table and the contracts agree:
 * every transaction function has exactly one rule, and no rule names a
 * function that does not exist. The published function list
 * (api/functions.ts) must be the contracts' declarations too, with each
 * function's kind as declared: `@Transaction()` submits, `@Transaction(false)`
 * evaluates. The tests are @bond-platform/chaincode-common's, the same for
 * both chaincodes.
 */
import 'reflect-metadata';
import { itCoversTheAccessPolicy } from '@bond-platform/chaincode-common/testing';
import { qualifiedFunctions } from '../src/api/functions';
import { ACCESS_POLICY } from '../src/domain/access-policy';
import { contracts } from '../src/index';

describe('access policy coverage', () => {
  itCoversTheAccessPolicy({
    contracts,
    policy: ACCESS_POLICY,
    published: qualifiedFunctions(),
    // The queries with a write rule: only the CSD's operators may list what the scheduler expires, finds due or reports.
    queriesWithWriteRule: ['Custody:ListExpiredTransfers', 'Custody:ListExpiredPledges', 'Custody:ListDueRepos'],
  });
});
