import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ServiceError } from '@grpc/grpc-js';
import * as grpc from '@grpc/grpc-js';
import { CommitError, CommitStatusError, EndorseError, type ErrorDetail, GatewayError, StatusCode } from '@hyperledger/fabric-gateway';
import { SubmitError } from '@hyperledger/fabric-gateway/dist/submiterror';
import {
  ApiError,
  CHAINCODE_STATUS,
  chaincodeRefusal,
  fromCommitStatus,
  fromFabricError,
  GATEWAY_ERROR_CODES,
  validationError,
} from './errors';

const cause = {} as ServiceError;
const peerDetails = (messages: string[]): ErrorDetail[] => messages.map((message) => ({ address: 'peer:7051', mspId: 'CSDMSP', message }));

/** fabric-gateway's EndorseError: code, message, per-peer details. */
function endorseError(details: string[], code = grpc.status.ABORTED): Error {
  return new EndorseError({
    code,
    cause,
    transactionId: 'tx1',
    details: peerDetails(details),
    message: `${code} ABORTED: failed to endorse transaction, see attached details for more info`,
  });
}

describe('Fabric error mapping', () => {
  it.each([
    ['MEMBER_SUSPENDED: BankMSP is suspended', 403],
    ['NOT_FOUND: bond X does not exist', 404],
    ['INVALID_STATE_TRANSITION: bond X is ISSUED', 409],
    ['INVALID_ARGUMENT: units must be a whole number', 400],
    ['HOLDING_FROZEN: 5 units are frozen', 422],
  ])('maps the chaincode refusal "%s" to %d with its code', (message, status) => {
    const error = fromFabricError(endorseError([`chaincode response 500, ${message}`]));
    expect(error.status).toBe(status);
    expect(error.code).toBe(message.split(':')[0]);
    expect(error.extra.txId).toBe('tx1');
  });

  it('finds the refusal in an evaluate error message too', () => {
    const error = Object.assign(
      new Error('2 UNKNOWN: evaluate call to endorser returned error: chaincode response 500, NOT_A_MEMBER: XMSP is not a member'),
      { code: 2 },
    );
    expect(chaincodeRefusal(error)?.code).toBe('NOT_A_MEMBER');
  });

  it('maps unavailability to 503 with Retry-After, and a deadline to 504 with the transaction id', () => {
    const unavailable = fromFabricError(Object.assign(new Error('14 UNAVAILABLE: connection refused'), { code: grpc.status.UNAVAILABLE }));
    expect([unavailable.status, unavailable.extra.retryAfterSeconds]).toEqual([503, 5]);
    const timeout = fromFabricError(
      Object.assign(new Error('4 DEADLINE_EXCEEDED'), { code: grpc.status.DEADLINE_EXCEEDED, transactionId: 'tx9' }),
    );
    expect([timeout.status, timeout.code, timeout.extra.txId]).toEqual([504, 'FABRIC_TIMEOUT', 'tx9']);
  });

  it('treats diverging endorsements as a 500 to alert on, and the concurrency limit as 429', () => {
    const mismatch = fromFabricError(endorseError(['ProposalResponsePayloads do not match']));
    expect([mismatch.status, mismatch.extra.alert]).toEqual([500, true]);
    const busy = fromFabricError(
      Object.assign(new Error('2 UNKNOWN: too many requests for /gateway.Gateway, exceeding concurrency limit (500)'), { code: 2 }),
    );
    expect(busy.status).toBe(429);
  });

  it('maps missing peers and chaincode to 503', () => {
    expect(
      fromFabricError(Object.assign(new Error('14 UNAVAILABLE: failed to find any endorsing peers for org(s): CSDMSP'), { code: 14 }))
        .status,
    ).toBe(503);
  });

  it('maps commit conflicts to 409 and other invalidations to 500', () => {
    expect(fromCommitStatus(11, 'MVCC_READ_CONFLICT', 't').status).toBe(409);
    expect(fromCommitStatus(10, 'ENDORSEMENT_POLICY_FAILURE', 't').code).toBe('ENDORSEMENT_POLICY_FAILURE');
    expect(fromCommitStatus(255, 'INVALID_OTHER_REASON', 't').status).toBe(500);
  });

  it('keeps an ApiError as it is', () => {
    const error = new ApiError(409, 'USER_EXISTS', 'short and stout');
    expect(fromFabricError(error)).toBe(error);
  });

  it("lists every error code in the README's error table, chaincode codes in the row of their status", () => {
    const readme = readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('| Status | When |'));
    const rows = new Map<string, string>();
    for (const line of table.split('\n')) {
      if (!line.startsWith('|')) break;
      const status = /^\| ([0-9]{3}) \|/.exec(line)?.[1];
      if (status) rows.set(status, line);
    }
    const listed = [...rows.values()].join('\n');
    expect(GATEWAY_ERROR_CODES.filter((code) => !listed.includes(`\`${code}\``))).toEqual([]);
    const misplaced = Object.entries(CHAINCODE_STATUS).filter(([code, status]) => !rows.get(String(status))?.includes(`\`${code}\``));
    expect(misplaced).toEqual([]);
  });
});

describe('Fabric failures by error class and gRPC status', () => {
  const evaluateError = (code: grpc.status, details: string[] = [], message = `${code} evaluate failed`) =>
    new GatewayError({ code, cause, details: peerDetails(details), message });
  const submitError = (code: grpc.status) =>
    new SubmitError({ code, cause, details: [], transactionId: 'txS', message: `${code} submit failed` });
  const commitStatusError = (code: grpc.status) =>
    new CommitStatusError({ code, cause, details: [], transactionId: 'txC', message: `${code} commit status failed` });
  const outcome = (error: ApiError) => [error.status, error.code, error.extra.txId, error.extra.retryAfterSeconds, error.extra.alert];

  it.each([
    ['UNAVAILABLE', grpc.status.UNAVAILABLE, [503, 'FABRIC_UNAVAILABLE', 'tx1', 5, undefined]],
    ['DEADLINE_EXCEEDED', grpc.status.DEADLINE_EXCEEDED, [504, 'FABRIC_TIMEOUT', 'tx1', undefined, undefined]],
    ['PERMISSION_DENIED', grpc.status.PERMISSION_DENIED, [403, 'FABRIC_ACCESS_DENIED', 'tx1', undefined, undefined]],
    ['RESOURCE_EXHAUSTED', grpc.status.RESOURCE_EXHAUSTED, [429, 'PEER_BUSY', 'tx1', 1, undefined]],
    ['FAILED_PRECONDITION (no endorsement plan)', grpc.status.FAILED_PRECONDITION, [503, 'FABRIC_UNAVAILABLE', 'tx1', 5, undefined]],
    ['ABORTED without a chaincode answer', grpc.status.ABORTED, [503, 'FABRIC_UNAVAILABLE', 'tx1', 5, undefined]],
    ['UNKNOWN (a chaincode answer outside its error format)', grpc.status.UNKNOWN, [502, 'FABRIC_ERROR', 'tx1', undefined, true]],
    ['INTERNAL', grpc.status.INTERNAL, [502, 'FABRIC_ERROR', 'tx1', undefined, true]],
  ])('an EndorseError with %s', (_name, code, expected) => {
    expect(outcome(fromFabricError(endorseError(['chaincode stream terminated'], code)))).toEqual(expected);
  });

  it('an EndorseError whose peers refused the creator is 403, whose endorsers disagreed is a 500 alert', () => {
    expect(fromFabricError(endorseError(['access denied: channel [bonds] creator org unknown'])).code).toBe('FABRIC_ACCESS_DENIED');
    expect(outcome(fromFabricError(endorseError(['ProposalResponsePayloads do not match'])))).toEqual([
      500,
      'ENDORSEMENT_MISMATCH',
      'tx1',
      undefined,
      true,
    ]);
  });

  it('an evaluation (GatewayError) refused by the ACL is 403; one the gateway could not plan is 503', () => {
    expect(
      fromFabricError(
        evaluateError(
          grpc.status.FAILED_PRECONDITION,
          [],
          '9 FAILED_PRECONDITION: evaluate call to endorser returned error: access denied',
        ),
      ).status,
    ).toBe(403);
    expect(
      fromFabricError(
        evaluateError(
          grpc.status.FAILED_PRECONDITION,
          [],
          '9 FAILED_PRECONDITION: no combination of peers can be derived which satisfy the endorsement policy: No metadata was found for chaincode x in channel bonds',
        ),
      ).status,
    ).toBe(503);
    expect(fromFabricError(evaluateError(grpc.status.ABORTED, ['chaincode stream terminated'])).status).toBe(503);
  });

  it('the concurrency limit is recognised only under UNKNOWN, the status the peer gives it', () => {
    const limited = 'too many requests for /protos.Endorser, exceeding concurrency limit (2500)';
    expect(fromFabricError(evaluateError(grpc.status.UNKNOWN, [], `2 UNKNOWN: ${limited}`)).code).toBe('PEER_BUSY');
    expect(fromFabricError(evaluateError(grpc.status.INTERNAL, [], `13 INTERNAL: ${limited}`)).code).toBe('FABRIC_ERROR');
  });

  it('a chaincode refusal wins over the status it travels with', () => {
    expect(
      fromFabricError(
        evaluateError(
          grpc.status.UNKNOWN,
          [],
          '2 UNKNOWN: evaluate call to endorser returned error: chaincode response 500, NOT_FOUND: bond X does not exist',
        ),
      ).code,
    ).toBe('NOT_FOUND');
  });

  it('a SubmitError or CommitStatusError that is ABORTED (the orderer or the commit status refused) is a 502 alert with its transaction id', () => {
    expect(outcome(fromFabricError(submitError(grpc.status.ABORTED)))).toEqual([502, 'FABRIC_ERROR', 'txS', undefined, true]);
    expect(outcome(fromFabricError(commitStatusError(grpc.status.ABORTED)))).toEqual([502, 'FABRIC_ERROR', 'txC', undefined, true]);
    expect(outcome(fromFabricError(submitError(grpc.status.UNAVAILABLE)))).toEqual([503, 'FABRIC_UNAVAILABLE', 'txS', 5, undefined]);
    expect(outcome(fromFabricError(commitStatusError(grpc.status.DEADLINE_EXCEEDED)))).toEqual([
      504,
      'FABRIC_TIMEOUT',
      'txC',
      undefined,
      undefined,
    ]);
  });

  it('a CommitError is mapped by its validation code', () => {
    const conflict = fromFabricError(
      new CommitError({ code: StatusCode.MVCC_READ_CONFLICT, transactionId: 'txM', message: 'commit failed' }),
    );
    expect([conflict.status, conflict.code, conflict.extra.txId, conflict.extra.details]).toEqual([
      409,
      'CONFLICT',
      'txM',
      { validationCode: 'MVCC_READ_CONFLICT' },
    ]);
    const invalid = fromFabricError(new CommitError({ code: StatusCode.BAD_PAYLOAD, transactionId: 'txB', message: 'commit failed' }));
    expect([invalid.status, invalid.code, invalid.extra.details]).toEqual([500, 'TRANSACTION_INVALID', { validationCode: 'BAD_PAYLOAD' }]);
  });

  it('anything without a gRPC status is a 502 alert', () => {
    expect(outcome(fromFabricError(new Error('socket hang up')))).toEqual([502, 'FABRIC_ERROR', undefined, undefined, true]);
  });
});

describe('error details', () => {
  it('have one shape: problems for invalid input, the validation code for an invalidated transaction', () => {
    expect(validationError([{ instancePath: '/units', message: 'must be integer' }], 'body').extra.details).toEqual({
      problems: ['body/units must be integer'],
    });
    // A 10,000-account bid with every account wrong is answered with the first 20 problems and a count, not a megabyte.
    const many = validationError(
      Array.from({ length: 10_000 }, (_, i) => ({ instancePath: `/accounts/${i}/units`, message: 'must be string' })),
      'body',
    );
    expect(many.extra.details).toMatchObject({ problemsNotListed: 9_980 });
    expect(many.extra.details?.problems).toHaveLength(20);
    expect(many.message).toMatch(/; and 9980 more$/);
    expect(fromCommitStatus(255, 'INVALID_OTHER_REASON', 't').extra.details).toEqual({ validationCode: 'INVALID_OTHER_REASON' });
    expect(fromCommitStatus(11, 'MVCC_READ_CONFLICT', 't').extra.details).toEqual({ validationCode: 'MVCC_READ_CONFLICT' });
  });
});
