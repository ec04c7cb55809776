/**
 * Submission retries: a commit lost to an MVCC or phantom read conflict is
 * retried with a new proposal (new transaction id), at most three attempts;
 * other invalidations are not retried. Endorsements that differ are
 * endorsed anew (at most three proposals); a chaincode refusal is not.
 */
import type * as grpc from '@grpc/grpc-js';
import { type Contract, StatusCode } from '@hyperledger/fabric-gateway';
import type { GatewayConfig } from '../config';
import type { ApiError } from '../http/errors';
import { LedgerClient, type SubmitRequest } from './ledger-client';

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
            getBytes: () => new TextEncoder().encode(`envelope tx${attempt}`),
            submit: () =>
              Promise.resolve({ getStatus: () => Promise.resolve({ code, successful: code === StatusCode.VALID, blockNumber: 5n }) }),
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

function clientWith(contract: Contract, resendEveryMs?: number): LedgerClient {
  const client = new LedgerClient({} as GatewayConfig, {} as unknown as grpc.Client, undefined, resendEveryMs);
  client.contract = () => contract;
  return client;
}

const request: SubmitRequest = { user: 'operator1', contract: 'Custody', fn: 'AffirmTransfer', args: ['t'] };

/** A contract whose endorsement fails the way fabric-gateway's EndorseError does, naming the proposal's transaction id. */
function contractRefusing(message: string): Contract {
  const refusal = Object.assign(new Error('10 ABORTED: failed to endorse transaction, see attached details for more info'), {
    name: 'EndorseError',
    code: 10,
    transactionId: 'tx-never-ordered',
    details: [{ address: 'peer0:7051', mspId: 'CSDMSP', message: `chaincode response 500, ${message}` }],
  });
  return {
    newProposal: () => ({ getTransactionId: () => 'tx-never-ordered', endorse: () => Promise.reject(refusal) }),
    evaluateTransaction: () => Promise.reject(refusal),
  } as unknown as Contract;
}

describe('LedgerClient.submit', () => {
  it('sends the same transaction again while its commit is awaited (an orderer that took it may have died), and stops once it commits', async () => {
    let sends = 0;
    let commit: () => void = () => undefined;
    const committedAfterTwoResends = new Promise<void>((resolve) => (commit = resolve));
    const transaction = {
      getTransactionId: () => 'tx-slow',
      getResult: () => new TextEncoder().encode('{"ok":true}'),
      getBytes: () => new Uint8Array(),
      submit: () => {
        sends += 1;
        if (sends === 3) commit();
        return Promise.resolve({
          getStatus: () => committedAfterTwoResends.then(() => ({ code: StatusCode.VALID, successful: true, blockNumber: 8n })),
        });
      },
    };
    const contract = {
      newProposal: () => ({ getTransactionId: () => 'tx-slow', endorse: () => Promise.resolve(transaction) }),
    } as unknown as Contract;
    const accepted = await clientWith(contract, 20).submit(request);
    await expect(accepted.committed).resolves.toEqual({ transactionId: 'tx-slow', blockNumber: '8', result: { ok: true } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    // The first send and two resends, the same signed transaction each time; none once committed.
    expect(sends).toBe(3);
  });

  it('reports no transaction id for a proposal refused at endorsement (it never reached the orderer), and records nothing before ordering', async () => {
    const ordered: string[] = [];
    const submitting = clientWith(contractRefusing('NOT_FOUND: bond X does not exist')).submit({
      ...request,
      beforeOrdering: (txId) => ordered.push(txId),
    });
    const refused = (await submitting.catch((error: unknown) => error)) as ApiError;
    expect([refused.status, refused.code, refused.extra.txId]).toEqual([404, 'NOT_FOUND', undefined]);
    const evaluated = (await clientWith(contractRefusing('NOT_FOUND: no such bond'))
      .evaluate('operator1', 'Bonds', 'GetBond', ['X'])
      .catch((error: unknown) => error)) as ApiError;
    expect([evaluated.code, evaluated.extra.txId]).toEqual(['NOT_FOUND', undefined]);
    expect(ordered).toEqual([]);
  });

  it('names each endorsed transaction before it is sent for ordering, a retry with its new id', async () => {
    const fake = contractCommitting([StatusCode.MVCC_READ_CONFLICT, StatusCode.VALID]);
    const ordered: string[] = [];
    const accepted = await clientWith(fake.contract).submit({ ...request, beforeOrdering: (txId) => ordered.push(txId) });
    await accepted.committed;
    expect(ordered).toEqual(['tx0', 'tx1']);
  });

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

  it('builds the proposal anew when the endorsers disagree (one not yet at the block the request builds on), at most three times', async () => {
    const mismatch = endorsementsDiffer();
    let proposals = 0;
    const settling = contractCommitting([StatusCode.VALID]);
    const contract = {
      newProposal: (...args: unknown[]) => {
        proposals += 1;
        // The first two proposals meet a lagging endorser; the third is endorsed alike.
        if (proposals <= 2) return { getTransactionId: () => `lagging${proposals}`, endorse: () => Promise.reject(mismatch) };
        return (settling.contract.newProposal as (...a: unknown[]) => unknown)(...args);
      },
    } as unknown as Contract;
    const accepted = await clientWith(contract).submit(request);
    await expect(accepted.committed).resolves.toMatchObject({ transactionId: 'tx0' });
    expect(proposals).toBe(3);

    let always = 0;
    const persistent = {
      newProposal: () => ({ getTransactionId: () => `m${++always}`, endorse: () => Promise.reject(mismatch) }),
    } as unknown as Contract;
    await expect(clientWith(persistent).submit(request)).rejects.toMatchObject({ status: 500, code: 'ENDORSEMENT_MISMATCH' });
    expect(always).toBe(3);
  });

  it('does not retry a chaincode refusal at endorsement', async () => {
    let proposals = 0;
    const refusing = contractRefusing('NOT_FOUND: transfer t does not exist');
    const counting = {
      newProposal: () => {
        proposals += 1;
        return (refusing.newProposal as () => unknown)();
      },
    } as unknown as Contract;
    await expect(clientWith(counting).submit(request)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(proposals).toBe(1);
  });
});

/** fabric-gateway's EndorseError when the endorsing peers' results differ (the peer's fixed text, under ABORTED). */
function endorsementsDiffer(): Error {
  return Object.assign(new Error('10 ABORTED: failed to collect enough transaction endorsements'), {
    name: 'EndorseError',
    code: 10,
    details: [{ address: 'peer0:7051', mspId: 'CSDMSP', message: 'ProposalResponsePayloads do not match' }],
  });
}

describe('LedgerClient on two ledgers', () => {
  const cashLedger = { channel: 'cash', chaincode: 'cash', operatorMspId: 'PaymentMSP' };
  const both = { channel: 'bonds', chaincode: 'bond', cashLedger } as GatewayConfig;

  it("calls each ledger's chaincode on its channel, and names a ledger it does not serve with 404", () => {
    const client = new LedgerClient(both, {} as unknown as grpc.Client);
    expect([client.ledgers, client.primaryLedger]).toEqual([['bond', 'cash'], 'bond']);
    expect([client.target('bond'), client.target('cash')]).toEqual([
      { channel: 'bonds', chaincode: 'bond' },
      { channel: 'cash', chaincode: 'cash', operatorMspId: 'PaymentMSP' },
    ]);
    const operator = new LedgerClient({ cashLedger } as GatewayConfig, {} as unknown as grpc.Client);
    expect([operator.ledgers, operator.primaryLedger]).toEqual([['cash'], 'cash']);
    expect(() => operator.target('bond')).toThrow(expect.objectContaining({ status: 404, code: 'NOT_FOUND' }) as Error);
  });

  it('submits a cash transaction to the cash contract and reads its refusals in the cash chaincode’s format', async () => {
    const client = new LedgerClient(both, {} as unknown as grpc.Client);
    const asked: string[] = [];
    client.contract = (_user: string, name: string, ledger?: string) => {
      asked.push(`${ledger}:${name}`);
      return contractRefusing('LOCK_EXPIRED: lock L1 expired');
    };
    const refused = (await client
      .submit({ user: 'operator1', ledger: 'cash', contract: 'Htlc', fn: 'ClaimCash', args: ['L1', 'ab'.repeat(32)] })
      .catch((error: unknown) => error)) as ApiError;
    expect([refused.status, refused.code, refused.extra.txId]).toEqual([422, 'LOCK_EXPIRED', undefined]);
    const endorsed = (await client
      .endorse({ user: 'operator1', ledger: 'cash', contract: 'Htlc', fn: 'AttestLock', args: ['L1'] })
      .catch((error: unknown) => error)) as ApiError;
    expect([endorsed.status, endorsed.code]).toEqual([422, 'LOCK_EXPIRED']);
    expect(asked).toEqual(['cash:Htlc', 'cash:Htlc']);
  });
});
