import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { ApiError, CHAINCODE_STATUS, chaincodeRefusal, fromCommitStatus, fromFabricError, GATEWAY_ERROR_CODES } from './errors';

/** The shape fabric-gateway's EndorseError has: code, message, per-peer details. */
function endorseError(details: string[], code = grpc.status.ABORTED): Error {
  return Object.assign(new Error(`${code} ABORTED: failed to endorse transaction, see attached details for more info`), {
    name: 'EndorseError',
    code,
    transactionId: 'tx1',
    details: details.map((message) => ({ address: 'peer:7051', mspId: 'CSDMSP', message })),
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
    const error = Object.assign(new Error('2 UNKNOWN: evaluate call to endorser returned error: chaincode response 500, NOT_A_MEMBER: XMSP is not a member'), { code: 2 });
    expect(chaincodeRefusal(error)?.code).toBe('NOT_A_MEMBER');
  });

  it('maps unavailability to 503 with Retry-After, and a deadline to 504 with the transaction id', () => {
    const unavailable = fromFabricError(Object.assign(new Error('14 UNAVAILABLE: connection refused'), { code: grpc.status.UNAVAILABLE }));
    expect([unavailable.status, unavailable.extra.retryAfterSeconds]).toEqual([503, 5]);
    const timeout = fromFabricError(Object.assign(new Error('4 DEADLINE_EXCEEDED'), { code: grpc.status.DEADLINE_EXCEEDED, transactionId: 'tx9' }));
    expect([timeout.status, timeout.code, timeout.extra.txId]).toEqual([504, 'FABRIC_TIMEOUT', 'tx9']);
  });

  it('treats diverging endorsements as a 500 to alert on, and the concurrency limit as 429', () => {
    const mismatch = fromFabricError(endorseError(['ProposalResponsePayloads do not match']));
    expect([mismatch.status, mismatch.extra.alert]).toEqual([500, true]);
    const busy = fromFabricError(Object.assign(new Error('2 UNKNOWN: too many requests for /gateway.Gateway, exceeding concurrency limit (500)'), { code: 2 }));
    expect(busy.status).toBe(429);
  });

  it('maps missing peers and chaincode to 503', () => {
    expect(fromFabricError(Object.assign(new Error('14 UNAVAILABLE: failed to find any endorsing peers for org(s): CSDMSP'), { code: 14 })).status).toBe(503);
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
