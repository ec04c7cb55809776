/**
 * The test network's participants as fabric-gateway clients: one gRPC client
 * per organisation's peer, one Gateway per (organisation, user).
 */
import type * as grpc from '@grpc/grpc-js';
import { type Contract, type Gateway, type Network } from '@hyperledger/fabric-gateway';
import { common } from '@hyperledger/fabric-protos';
import { type ErrorCode, type Member, parseChaincodeError } from '@bond-platform/chaincode/api';
import { connectGateway, newGrpcClient } from '../../src/fabric/connection';
import { loadTestNetwork, organization, peerEndpointOf, signingIdentityOf, type TestNetwork } from '../../src/ledger-check/test-network';
import { eventually } from './eventually';

export const FOUNDING_MEMBERS = [
  {
    org: 'bank',
    legalName: 'Example Commercial Bank (test network)',
    lei: '969500KSV493XWY0PS33',
    roles: ['CUSTODIAN', 'INVESTOR', 'PAYING_AGENT'],
  },
  {
    org: 'securities',
    legalName: 'Example Securities Co. (test network)',
    lei: '7ZW8QJWVPR4P1S5PX088',
    roles: ['INVESTOR', 'ISSUER', 'UNDERWRITER'],
  },
];

export class Participants {
  readonly network: TestNetwork = loadTestNetwork();
  readonly #clients = new Map<string, grpc.Client>();
  readonly #gateways = new Map<string, Gateway>();

  mspId(org: string): string {
    return organization(this.network, org).mspId;
  }

  channel(org: string, user: string): Network {
    const key = `${org}/${user}`;
    let gateway = this.#gateways.get(key);
    if (!gateway) {
      const orgInfo = organization(this.network, org);
      let client = this.#clients.get(org);
      if (!client) {
        client = newGrpcClient(peerEndpointOf(orgInfo));
        this.#clients.set(org, client);
      }
      gateway = connectGateway(client, signingIdentityOf(orgInfo, user));
      this.#gateways.set(key, gateway);
    }
    return gateway.getNetwork(this.network.channel);
  }

  /**
   * A contract of the chaincode (Membership, Bonds, Books, Settlement,
   * Custody) as `user` of `org`. A submit returns once every member's peer
   * has the block: fabric-gateway waits for `org`'s peer only, and the next
   * step may run on another organisation's.
   */
  contract(org: string, user: string, name: string): Contract {
    const contract = withErrorDetails(this.channel(org, user).getContract(this.network.chaincode, name));
    return new Proxy(contract, {
      get: (target, property, receiver) => {
        const value: unknown = Reflect.get(target, property, receiver);
        if ((property !== 'submit' && property !== 'submitTransaction') || typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          const result: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          await this.#untilEveryPeerReaches(await this.#height(org));
          return result;
        };
      },
    });
  }

  async #height(org: string): Promise<number> {
    const bytes = await this.channel(org, 'admin').getContract('qscc').evaluateTransaction('GetChainInfo', this.network.channel);
    return common.BlockchainInfo.deserializeBinary(bytes).getHeight();
  }

  async #untilEveryPeerReaches(height: number): Promise<void> {
    for (const org of Object.keys(this.network.organizations))
      await eventually(
        () => this.#height(org),
        (reached) => reached >= height,
      );
  }

  membership(org: string, user: string): Contract {
    return this.contract(org, user, 'Membership');
  }

  /**
   * Brings the founding institutions to a known state: admitted (first run)
   * or reinstated, with the roles the tests rely on. The ledger persists
   * between runs, so tests never assume a fresh one.
   */
  async ensureFoundingMembers(): Promise<void> {
    const csdAdmin = this.membership('csd', 'admin');
    for (const { org, legalName, lei, roles } of FOUNDING_MEMBERS) {
      const mspId = this.mspId(org);
      let member: Member | undefined;
      try {
        member = json<Member>(await csdAdmin.evaluateTransaction('GetMember', mspId));
      } catch {
        member = undefined;
      }
      if (!member) {
        await csdAdmin.submitTransaction('AdmitMember', JSON.stringify({ mspId, legalName, lei, roles }));
        continue;
      }
      if (member.status === 'SUSPENDED') {
        await csdAdmin.submitTransaction('ReinstateMember', JSON.stringify({ mspId, reason: 'test set-up' }));
      }
      if (member.roles.join() !== roles.join()) {
        await csdAdmin.submitTransaction('ChangeRoles', JSON.stringify({ mspId, roles }));
      }
    }
  }

  close(): void {
    for (const gateway of this.#gateways.values()) gateway.close();
    for (const client of this.#clients.values()) client.close();
  }
}

/**
 * The contract, with each endorsing peer's answer appended to an error's
 * message, so a failing test says why (fabric-gateway keeps it in `details`).
 */
export function withErrorDetails(contract: Contract): Contract {
  return new Proxy(contract, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (!(result instanceof Promise)) return result;
        return result.catch((error: unknown) => {
          const details = (error as { details?: { mspId?: string; message: string }[] }).details ?? [];
          if (error instanceof Error && details.length > 0) {
            error.message += details.map((d) => `\n  [${d.mspId ?? '?'}] ${d.message}`).join('');
          }
          throw error;
        });
      };
    },
  });
}

/** The chaincode's refusal code inside a fabric-gateway error (message or endorsement details). */
export function refusalCode(error: unknown): ErrorCode | undefined {
  const parts: string[] = [];
  if (error instanceof Error) parts.push(error.message);
  const details = (error as { details?: { message: string }[] }).details ?? [];
  for (const detail of details) parts.push(detail.message);
  for (const part of parts) {
    const parsed = parseChaincodeError(part);
    if (parsed) return parsed.code;
  }
  return undefined;
}

export async function expectRefused(action: Promise<unknown>, code: ErrorCode): Promise<void> {
  const outcome = await action.then(
    () => 'accepted',
    (error: unknown) => error,
  );
  if (outcome === 'accepted') throw new Error(`expected refusal ${code}, but the transaction was accepted`);
  expect(refusalCode(outcome)).toBe(code);
}

const decoder = new TextDecoder();
export function json<T>(bytes: Uint8Array): T {
  return JSON.parse(decoder.decode(bytes)) as T;
}
