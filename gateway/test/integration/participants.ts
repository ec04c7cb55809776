/**
 * The test network's participants as fabric-gateway clients: one gRPC client
 * per organisation's peer, one Gateway per (organisation, user).
 */
import type * as grpc from '@grpc/grpc-js';
import { type Contract, type Gateway, type Network } from '@hyperledger/fabric-gateway';
import { type ErrorCode, parseChaincodeError } from '@bond-platform/chaincode/api';
import { connectGateway, newGrpcClient } from '../../src/fabric/connection';
import { loadTestNetwork, organization, peerEndpointOf, signingIdentityOf, type TestNetwork } from '../../src/fabric/test-network';

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

  /** The Membership contract as `user` of `org` (e.g. 'csd', 'admin'). */
  membership(org: string, user: string): Contract {
    return this.channel(org, user).getContract(this.network.chaincode, 'Membership');
  }

  close(): void {
    for (const gateway of this.#gateways.values()) gateway.close();
    for (const client of this.#clients.values()) client.close();
  }
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
