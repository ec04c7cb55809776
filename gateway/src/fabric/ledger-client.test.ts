/**
 * Submission retries: a commit lost to an MVCC or phantom read conflict is
 * retried with a new proposal (new transaction id), at most three attempts;
 * other invalidations are not retried.
 */
import type * as grpc from '@grpc/grpc-js';
import { type Contract, StatusCode } from '@hyperledger/fabric-gateway';
import type { GatewayConfig } from '../config';
import { LedgerClient } from './ledger-client';

/** A contract whose commits end with the given validation codes, one per attempt. */
function contractCommitting(codes: number[]): { contract: Contract; proposals: number } {
  const state = { proposals: 0 };
  const contract = {
    newProposal: () => {
      const attempt = state.proposals++;
      const code = codes[Math.min(attempt, codes.length - 1)] ?? StatusCode.VALID;
      return {
        getTransactionId: () => `tx${attempt}`,
        endorse: () =>
          Promise.resolve({
            getTransactionId: () => `tx${attempt}`,
            getResult: () => new TextEncoder().encode('{"ok":true}'),
            submit: () => Promise.resolve({ getStatus: () => Promise.resolve({ code, successful: code === StatusCode.VALID, blockNumber: 5n }) }),
          }),
      };
    },
  } as unknown as Contract;
  return {
    contract,
    get proposals() {
      return state.proposals;
    },
  };
}

function clientWith(contract: Contract): LedgerClient {
  const client = new LedgerClient({} as GatewayConfig, {} as unknown as grpc.Client);
  client.contract = () => contract;
  return client;
}

const request = { user: 'operator1', contract: 'Custody', fn: 'AffirmTransfer', args: ['t'] };

describe('LedgerClient.submit', () => {
  it('retries an MVCC read conflict with a new proposal and returns the committed attempt', async () => {
    const fake = contractCommitting([StatusCode.MVCC_READ_CONFLICT, StatusCode.PHANTOM_READ_CONFLICT, StatusCode.VALID]);
    const accepted = await clientWith(fake.contract).submit(request);
    await expect(accepted.committed).resolves.toEqual({ transactionId: 'tx2', blockNumber: '5', result: { ok: true } });
    expect(fake.proposals).toBe(3);
  });

  it('gives up after three conflicting attempts with 409 CONFLICT', async () => {
    const fake = contractCommitting([StatusCode.MVCC_READ_CONFLICT]);
    const accepted = await clientWith(fake.contract).submit(request);
    await expect(accepted.committed).rejects.toMatchObject({ status: 409, code: 'CONFLICT', extra: { txId: 'tx2' } });
    expect(fake.proposals).toBe(3);
  });

  it('does not retry an endorsement policy failure', async () => {
    const fake = contractCommitting([StatusCode.ENDORSEMENT_POLICY_FAILURE]);
    const accepted = await clientWith(fake.contract).submit(request);
    await expect(accepted.committed).rejects.toMatchObject({ code: 'ENDORSEMENT_POLICY_FAILURE' });
    expect(fake.proposals).toBe(1);
  });
});
