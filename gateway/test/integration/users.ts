/**
 * Users an institution's admins register through its gateway (the user
 * routes), and their own key and certificate, which the gateway keeps in its
 * state directory: for tests that then sign with them without the gateway.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Contract } from '@hyperledger/fabric-gateway';
import type { SigningIdentity } from '../../src/fabric/connection';
import { defaultNetworkHome, loadTestNetwork } from '../../src/ledger-check/test-network';
import { onChannel } from './direct';
import { mspOf } from './http-client';
import { withErrorDetails } from './participants';

/** A new API key in the gateway's format: `bk_` and 32 URL-safe characters. */
export const newApiKey = (): string => `bk_${randomBytes(24).toString('base64url')}`;
export const sha256 = (key: string): string => createHash('sha256').update(key).digest('hex');

/** The key and certificate `org`'s gateway keeps for a user it registered. */
export function managedUser(org: string, user: string): SigningIdentity {
  const dir = path.join(defaultNetworkHome(), 'gateways', org, 'state', 'users', user);
  return { mspId: mspOf(org), certificate: readFileSync(path.join(dir, 'cert.pem')), privateKey: readFileSync(path.join(dir, 'key.pem')) };
}

/** The Membership contract as `identity`, connected straight to `peerOrg`'s peer (no REST gateway). */
export function directly<T>(identity: SigningIdentity, peerOrg: string, use: (membership: Contract) => Promise<T>): Promise<T> {
  const { chaincode } = loadTestNetwork();
  return onChannel(peerOrg, (channel) => use(withErrorDetails(channel.getContract(chaincode, 'Membership'))), identity);
}
