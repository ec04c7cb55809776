/**
 * A PKCS #10 certificate signing request (RFC 2986) for a fresh P-256 key,
 * as the Fabric CA's enroll endpoint expects it. Written out in DER by hand
 * because Node's crypto generates keys and signatures but not requests, and
 * the request is three fields.
 */
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';

/** One DER TLV: tag, definite length, content. */
function tlv(tag: number, content: Buffer): Buffer {
  if (content.length < 0x80) return Buffer.concat([Buffer.from([tag, content.length]), content]);
  const length: number[] = [];
  for (let n = content.length; n > 0; n = Math.floor(n / 256)) length.unshift(n % 256);
  return Buffer.concat([Buffer.from([tag, 0x80 | length.length, ...length]), content]);
}

const sequence = (...parts: Buffer[]) => tlv(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]) => tlv(0x31, Buffer.concat(parts));
/** id-at-commonName, 2.5.4.3 */
const COMMON_NAME = Buffer.from([0x06, 0x03, 0x55, 0x04, 0x03]);
/** ecdsa-with-SHA256, 1.2.840.10045.4.3.2 */
const ECDSA_WITH_SHA256 = sequence(Buffer.from([0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02]));
const VERSION_1 = Buffer.from([0x02, 0x01, 0x00]);
/** [0] attributes: none. */
const NO_ATTRIBUTES = Buffer.from([0xa0, 0x00]);

export interface CertificateRequest {
  /** PEM "CERTIFICATE REQUEST". */
  csr: string;
  /** The new key, PKCS #8 PEM: stays with the caller. */
  privateKeyPem: string;
  privateKey: KeyObject;
}

/** A new P-256 key and a request for a certificate with subject CN=commonName, signed by that key. */
export function newCertificateRequest(commonName: string): CertificateRequest {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const subject = sequence(set(sequence(COMMON_NAME, tlv(0x0c, Buffer.from(commonName, 'utf8')))));
  const info = sequence(VERSION_1, subject, publicKey.export({ type: 'spki', format: 'der' }), NO_ATTRIBUTES);
  // Node signs EC keys as a DER ECDSA-Sig-Value; a BIT STRING starts with its unused-bits count.
  const signature = tlv(0x03, Buffer.concat([Buffer.from([0]), sign('sha256', info, privateKey)]));
  const der = sequence(info, ECDSA_WITH_SHA256, signature);
  const body = der.toString('base64').replace(/.{64}/g, '$&\n').trimEnd();
  return {
    csr: `-----BEGIN CERTIFICATE REQUEST-----\n${body}\n-----END CERTIFICATE REQUEST-----\n`,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    privateKey,
  };
}
