/**
 * Connections to a Fabric gateway peer: one long-lived gRPC client per peer
 * endpoint, one fabric-gateway connection per signing identity over it.
 */
import * as grpc from '@grpc/grpc-js';
import { connect, type Gateway, hash, type Identity, type Signer, signers } from '@hyperledger/fabric-gateway';
import { createPrivateKey } from 'node:crypto';

export interface PeerEndpoint {
  /** host:port of the peer's gRPC service. */
  endpoint: string;
  /** PEM of the CA that issued the peer's TLS certificate. */
  tlsRootCert: Buffer;
  /** Name to verify the peer's certificate against, when it differs from the endpoint host. */
  hostAlias?: string;
}

export interface SigningIdentity {
  mspId: string;
  certificate: Buffer;
  privateKey: Buffer;
}

/** Keepalive so idle connections through NATs and proxies are noticed and re-established. */
const CHANNEL_OPTIONS: grpc.ChannelOptions = {
  'grpc.keepalive_time_ms': 120_000,
  'grpc.keepalive_timeout_ms': 20_000,
  'grpc.http2.max_pings_without_data': 0,
  'grpc.keepalive_permit_without_calls': 1,
};

export function newGrpcClient(peer: PeerEndpoint): grpc.Client {
  const options: grpc.ChannelOptions = { ...CHANNEL_OPTIONS };
  if (peer.hostAlias) options['grpc.ssl_target_name_override'] = peer.hostAlias;
  return new grpc.Client(peer.endpoint, grpc.credentials.createSsl(peer.tlsRootCert), options);
}

/** Resolves once the peer accepted the connection; rejects after the deadline. */
export function waitForReady(client: grpc.Client, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    client.waitForReady(Date.now() + timeoutMs, (error) => {
      if (error) reject(error);
      else resolve();
    });
  });
}

export function newIdentity(id: SigningIdentity): Identity {
  return { mspId: id.mspId, credentials: id.certificate };
}

export function newSigner(id: SigningIdentity): Signer {
  return keySigner(id.privateKey);
}

/** Signs digests with a PEM private key (ECDSA, low-S as Fabric requires). */
export function keySigner(privateKeyPem: Buffer): Signer {
  return signers.newPrivateKeySigner(createPrivateKey(privateKeyPem));
}

export interface Deadlines {
  evaluateMs: number;
  endorseMs: number;
  submitMs: number;
  commitStatusMs: number;
}

export const DEFAULT_DEADLINES: Deadlines = { evaluateMs: 5_000, endorseMs: 15_000, submitMs: 5_000, commitStatusMs: 60_000 };

export function connectGateway(client: grpc.Client, id: SigningIdentity, deadlines = DEFAULT_DEADLINES): Gateway {
  return connect({
    client,
    identity: newIdentity(id),
    signer: newSigner(id),
    hash: hash.sha256,
    evaluateOptions: () => ({ deadline: Date.now() + deadlines.evaluateMs }),
    endorseOptions: () => ({ deadline: Date.now() + deadlines.endorseMs }),
    submitOptions: () => ({ deadline: Date.now() + deadlines.submitMs }),
    commitStatusOptions: () => ({ deadline: Date.now() + deadlines.commitStatusMs }),
  });
}
