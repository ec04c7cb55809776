/**
 * Connections to a Fabric gateway peer: one long-lived gRPC client per peer
 * endpoint, one fabric-gateway connection per signing identity over it.
 */
import * as grpc from '@grpc/grpc-js';
import { connect, type Gateway, hash, type Hash, type Identity, type Signer, signers } from '@hyperledger/fabric-gateway';
import { createPrivateKey, type KeyObject, sign } from 'node:crypto';

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

/** The order n of the curves Fabric's ECDSA keys use: a signature's S must be at most n/2. */
const CURVE_ORDERS: Readonly<Record<string, bigint>> = {
  prime256v1: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  secp384r1: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
};

/** A DER INTEGER of the unsigned big-endian `bytes`, minimally encoded. */
function derInteger(bytes: Uint8Array): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const value = bytes.subarray(start);
  const pad = (value[0] ?? 0) >= 0x80 ? [0] : [];
  return Buffer.from([0x02, value.length + pad.length, ...pad, ...value]);
}

/** An ECDSA signature given as r ‖ s (IEEE P1363), as DER with S at most n/2: the form Fabric accepts. */
export function lowSDerSignature(p1363: Uint8Array, order: bigint): Uint8Array {
  const size = p1363.length / 2;
  let s = BigInt(`0x${Buffer.from(p1363.subarray(size)).toString('hex')}`);
  if (s > order >> 1n) s = order - s;
  const body = Buffer.concat([derInteger(p1363.subarray(0, size)), derInteger(Buffer.from(s.toString(16).padStart(size * 2, '0'), 'hex'))]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

/**
 * How a gateway connection signs: for a P-256 or P-384 key, with Node's own
 * ECDSA (OpenSSL), given the whole message (`hash.none`) to hash with SHA-256
 * and sign, as Fabric verifies, the signature in DER with a low S, as Fabric
 * requires. fabric-gateway's own signer for EC keys is pure JavaScript
 * (@noble/curves) and took about 660 µs a signature against about 45 µs here,
 * on every evaluate, endorsement, submit and commit-status request. Other
 * keys sign SHA-256 digests with fabric-gateway's signer.
 */
export function gatewaySigning(privateKeyPem: Buffer): { signer: Signer; hash: Hash } {
  const key: KeyObject = createPrivateKey(privateKeyPem);
  const order = key.asymmetricKeyType === 'ec' ? CURVE_ORDERS[key.asymmetricKeyDetails?.namedCurve ?? ''] : undefined;
  if (order === undefined) return { signer: signers.newPrivateKeySigner(key), hash: hash.sha256 };
  return {
    signer: (message) => Promise.resolve(lowSDerSignature(sign('sha256', message, { key, dsaEncoding: 'ieee-p1363' }), order)),
    hash: hash.none,
  };
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
  const { signer, hash: digest } = gatewaySigning(id.privateKey);
  return connect({
    client,
    identity: newIdentity(id),
    signer,
    hash: digest,
    evaluateOptions: () => ({ deadline: Date.now() + deadlines.evaluateMs }),
    endorseOptions: () => ({ deadline: Date.now() + deadlines.endorseMs }),
    submitOptions: () => ({ deadline: Date.now() + deadlines.submitMs }),
    commitStatusOptions: () => ({ deadline: Date.now() + deadlines.commitStatusMs }),
  });
}
