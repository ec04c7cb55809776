/**
 * The institution's Fabric CA through its REST API (`/api/v1/...`): register
 * an identity with role attributes, enrol it with a key generated here,
 * renew its certificate, revoke it and produce the CA's certificate
 * revocation list.
 *
 * Enroll is authorised by the one-time secret; every other call by a token:
 * the caller's certificate and an ECDSA signature over method, URI, body and
 * certificate (fabric-ca lib/util CreateToken), low-S as the CA verifies it.
 */
import { randomBytes } from 'node:crypto';
import { request } from 'node:https';
import { hash, type Signer } from '@hyperledger/fabric-gateway';
import { ApiError } from '../http/errors';
import { newCertificateRequest } from './csr';

export interface CaEndpoint {
  /** e.g. https://127.0.0.1:8054 */
  url: string;
  caName: string;
  tlsRootCert: Buffer;
}

/** An identity that authenticates to the CA: certificate PEM and a signer for its key. */
export interface CaCaller {
  certificate: Buffer;
  signer: Signer;
}

export interface Enrolment {
  certificatePem: string;
  privateKeyPem: string;
}

export interface Revocation {
  revoked: { serial: string; aki: string }[];
  /** The CA's whole revocation list after this revocation, PEM. */
  crlPem: string;
}

interface CaResponse<T> {
  success: boolean;
  result?: T;
  errors?: { code: number; message: string }[];
}

const b64 = (value: string | Buffer) => Buffer.from(value).toString('base64');
/** Marks identities this gateway registered. */
const MANAGED = { name: 'bond.gateway', value: 'managed' };

export class FabricCa {
  constructor(
    readonly endpoint: CaEndpoint,
    readonly registrar: CaCaller,
  ) {}

  /**
   * Registers a client identity with a one-time enrolment secret, returned
   * for the immediate enrolment only. The identity is marked as managed by
   * this gateway (an attribute kept out of certificates), so a registration
   * whose enrolment failed can be completed later without taking over
   * identities the gateway did not create (peers, admins).
   */
  async register(enrollmentId: string, attributes: Record<string, string>): Promise<string> {
    const secret = randomBytes(24).toString('base64url');
    await this.#call('POST', '/api/v1/register', { id: enrollmentId, ...this.#identityFields(attributes, secret) });
    return secret;
  }

  /** True if the CA has this identity and this gateway registered it. */
  async isManaged(enrollmentId: string): Promise<boolean> {
    const identity = await this.#call<{ attrs?: { name: string; value: string }[] }>(
      'GET',
      `/api/v1/identities/${encodeURIComponent(enrollmentId)}?ca=${encodeURIComponent(this.endpoint.caName)}`,
    );
    return (identity.attrs ?? []).some((a) => a.name === MANAGED.name && a.value === MANAGED.value);
  }

  /** A new one-time secret (and the given attributes) for an identity this gateway registered but never enrolled. */
  async resetSecret(enrollmentId: string, attributes: Record<string, string>): Promise<string> {
    const secret = randomBytes(24).toString('base64url');
    await this.#call('PUT', `/api/v1/identities/${encodeURIComponent(enrollmentId)}`, this.#identityFields(attributes, secret));
    return secret;
  }

  #identityFields(attributes: Record<string, string>, secret: string) {
    return {
      type: 'client',
      secret,
      max_enrollments: 1,
      affiliation: '',
      attrs: [...Object.entries(attributes).map(([name, value]) => ({ name, value, ecert: true })), { ...MANAGED, ecert: false }],
      caname: this.endpoint.caName,
    };
  }

  /** A certificate for a key generated here, carrying the requested attributes. */
  enroll(enrollmentId: string, secret: string, attributes: string[]): Promise<Enrolment> {
    const basic = `Basic ${b64(`${enrollmentId}:${secret}`)}`;
    return this.#certify(enrollmentId, attributes, (body) => this.#send('POST', '/api/v1/enroll', JSON.stringify(body), basic));
  }

  /** A new certificate, for a new key, for an identity that still holds a valid one (renewal). */
  reenroll(current: CaCaller, enrollmentId: string, attributes: string[]): Promise<Enrolment> {
    return this.#certify(enrollmentId, attributes, (body) => this.#call('POST', '/api/v1/reenroll', body, current));
  }

  /** A new key and a request for its certificate, sent by `request` (enroll or reenroll). */
  async #certify(enrollmentId: string, attributes: string[], request: (body: object) => Promise<{ Cert: string }>): Promise<Enrolment> {
    const { csr, privateKeyPem } = newCertificateRequest(enrollmentId);
    const result = await request({
      certificate_request: csr,
      caname: this.endpoint.caName,
      attr_reqs: attributes.map((name) => ({ name, optional: false })),
    });
    return { certificatePem: Buffer.from(result.Cert, 'base64').toString('utf8'), privateKeyPem };
  }

  /** Revokes every certificate of the identity and returns the new revocation list. */
  async revoke(enrollmentId: string, reason: string): Promise<Revocation> {
    const result = await this.#call<{ RevokedCerts: { Serial: string; AKI: string }[] | null; CRL: string }>('POST', '/api/v1/revoke', {
      id: enrollmentId,
      reason,
      caname: this.endpoint.caName,
      gencrl: true,
    });
    return {
      revoked: (result.RevokedCerts ?? []).map((c) => ({ serial: c.Serial, aki: c.AKI })),
      crlPem: Buffer.from(result.CRL, 'base64').toString('utf8'),
    };
  }

  /** The CA's current revocation list, PEM. */
  async revocationList(): Promise<string> {
    const result = await this.#call<{ CRL: string }>('POST', '/api/v1/gencrl', { caname: this.endpoint.caName });
    return Buffer.from(result.CRL, 'base64').toString('utf8');
  }

  /** A call authorised by the token of `caller` (the registrar unless said otherwise); `body` undefined for GET. */
  async #call<T>(method: 'GET' | 'POST' | 'PUT', uri: string, body?: unknown, caller: CaCaller = this.registrar): Promise<T> {
    const json = body === undefined ? '' : JSON.stringify(body);
    const cert = b64(caller.certificate);
    const payload = `${method}.${b64(uri)}.${b64(json)}.${cert}`;
    const signature = await caller.signer(hash.sha256(Buffer.from(payload)));
    return this.#send<T>(method, uri, json, `${cert}.${b64(Buffer.from(signature))}`);
  }

  #send<T>(method: string, uri: string, json: string, authorization: string): Promise<T> {
    const url = new URL(uri, this.endpoint.url);
    const headers: Record<string, string> = {
      Authorization: authorization,
      ...(json === '' ? {} : { 'Content-Type': 'application/json' }),
    };
    return new Promise<T>((resolve, reject) => {
      const req = request(url, { method, ca: this.endpoint.tlsRootCert, headers, timeout: 15_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          try {
            resolve(caResult<T>(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')));
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (error) => {
        reject(
          new ApiError(503, 'CA_UNAVAILABLE', "the institution's certificate authority is not reachable", {
            retryAfterSeconds: 5,
            cause: error,
          }),
        );
      });
      req.end(json);
    });
  }
}

/** The result of a CA response, or the CA's refusal as an ApiError. */
export function caResult<T>(status: number, text: string): T {
  let parsed: CaResponse<T> | undefined;
  try {
    parsed = JSON.parse(text) as CaResponse<T>;
  } catch {
    parsed = undefined;
  }
  if (parsed?.success && parsed.result !== undefined) return parsed.result;
  const messages = (parsed?.errors ?? []).map((e) => e.message);
  const message = messages.join('; ') || `HTTP ${status}`;
  if (/already registered/i.test(message))
    throw new ApiError(409, 'USER_EXISTS', `the certificate authority already has this identity: ${message}`);
  if (/already revoked/i.test(message)) throw new ApiError(409, 'ALREADY_REVOKED', message);
  throw new ApiError(502, 'CA_REFUSED', `the certificate authority refused the request: ${message}`, { alert: status >= 500 });
}
