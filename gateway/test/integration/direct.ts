/**
 * One-off connections to a peer of the test network without the REST
 * gateway: for checks a client of the API cannot make (the peers' own view
 * of an identity, a ledger's height, the channel configuration).
 */
import type { Network } from '@hyperledger/fabric-gateway';
import { connectGateway, newGrpcClient, type SigningIdentity } from '../../src/fabric/connection';
import { loadTestNetwork, organization, peerEndpointOf, signingIdentityOf } from '../../src/ledger-check/test-network';

/** Runs `use` on the channel through `org`'s peer, signing as `identity` (default: the org's admin), then disconnects. */
export async function onChannel<T>(org: string, use: (network: Network) => Promise<T>, identity?: SigningIdentity): Promise<T> {
  const testNetwork = loadTestNetwork();
  const info = organization(testNetwork, org);
  const client = newGrpcClient(peerEndpointOf(info));
  const gateway = connectGateway(client, identity ?? signingIdentityOf(info, 'admin'));
  try {
    return await use(gateway.getNetwork(testNetwork.channel));
  } finally {
    gateway.close();
    client.close();
  }
}
