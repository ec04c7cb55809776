/**
 * The operation table against the chaincode's published functions
 * (chaincode/src/api/functions.ts, which the chaincode's own test ties to
 * its contracts and access policy): every operation calls a function that
 * exists, and submits it exactly when it is a transaction.
 */
import { functionKind } from '@bond-platform/chaincode/api';
import { OPERATIONS } from './operations';

describe('operation table against the chaincode API', () => {
  it('names only published functions, submitting transactions and evaluating queries', () => {
    const wrong = OPERATIONS.filter((op) => functionKind(op.contract, op.fn) !== (op.submit ? 'submit' : 'evaluate'));
    expect(wrong.map((op) => `${op.operationId}: ${op.contract}:${op.fn} ${op.submit ? 'submitted' : 'evaluated'}, published as ${functionKind(op.contract, op.fn) ?? 'nothing'}`)).toEqual([]);
  });
});
