/**
 * The generated description of the local test network (network.json in the
 * network's state directory): organisations, their gateway peers and the
 * demo users' credential files. Test-network material only.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { PeerEndpoint, SigningIdentity } from '../fabric/connection';

export interface TestNetworkUser {
  certPath: string;
  keyPath: string;
}

export interface TestNetworkOrganization {
  mspId: string;
  peer: { endpoint: string; hostAlias: string; tlsRootCertPath: string };
  /** The org's CA and its registrar's credential files. */
  ca: { url: string; caName: string; tlsRootCertPath: string; registrar: TestNetworkUser };
  users: Record<string, TestNetworkUser>;
}

export interface TestNetworkOrderer {
  name: string;
  endpoint: string;
  hostAlias: string;
  tlsRootCertPath: string;
  /** host:port of its channel participation API. */
  adminEndpoint: string;
}

/** network.json's "cash": the cash ledger's channel and chaincode, and each organisation's part in it (issue 17). */
export interface TestCashLedger {
  channel: string;
  chaincode: string;
  /** The payment operator's organisation (a key of `organizations`). */
  administrator: string;
  participants: string[];
  /** Members with Readers only, such as the CSD. */
  observers: string[];
  /** The organisations whose peers run the cash chaincode. */
  endorsers: string[];
  organizations: Record<string, TestNetworkOrganization>;
  orderer?: TestNetworkOrderer;
  orderers?: TestNetworkOrderer[];
}

export interface TestNetwork {
  channel: string;
  chaincode: string;
  organizations: Record<string, TestNetworkOrganization>;
  /** The ordering service's orderers (network.json written since the namespaces layout). */
  orderers?: TestNetworkOrderer[];
  /** The cash ledger, on networks started since issue 17. */
  cash?: TestCashLedger;
}

export function defaultNetworkHome(): string {
  return process.env.BOND_NETWORK_HOME ?? path.resolve(__dirname, '../../../.network-state');
}

export function loadTestNetwork(networkHome = defaultNetworkHome()): TestNetwork {
  const file = path.join(networkHome, 'network.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as TestNetwork;
  } catch (error) {
    throw new Error(`cannot read the test network description ${file}: is the network up? (${String(error)})`);
  }
}

export function organization(network: TestNetwork, org: string): TestNetworkOrganization {
  const found = network.organizations[org];
  if (!found) throw new Error(`the test network has no organisation '${org}'`);
  return found;
}

export function peerEndpointOf(org: TestNetworkOrganization): PeerEndpoint {
  return { endpoint: org.peer.endpoint, hostAlias: org.peer.hostAlias, tlsRootCert: readFileSync(org.peer.tlsRootCertPath) };
}

export function signingIdentityOf(org: TestNetworkOrganization, user: string): SigningIdentity {
  const files = org.users[user];
  if (!files) throw new Error(`organisation ${org.mspId} has no test user '${user}'`);
  return { mspId: org.mspId, certificate: readFileSync(files.certPath), privateKey: readFileSync(files.keyPath) };
}

/**
 * Which organisation reads the cash ledger's blocks: `preferred` (the one
 * reading the bond ledger) if it is on the cash channel, else its first
 * observer, else its administrator. Every member receives the blocks.
 */
export function cashReaderOrg(cash: TestCashLedger, preferred: string): string {
  if (Object.hasOwn(cash.organizations, preferred)) return preferred;
  return cash.observers[0] ?? cash.administrator;
}

export function cashOrganization(cash: TestCashLedger, org: string): TestNetworkOrganization {
  const found = Object.hasOwn(cash.organizations, org) ? cash.organizations[org] : undefined;
  if (!found) throw new Error(`the cash ledger has no organisation '${org}'`);
  return found;
}
