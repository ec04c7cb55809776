/**
 * User administration against stand-ins for the institution's CA and the
 * channel configuration: what is registered, enrolled, renewed and revoked,
 * in which order, and what a half-finished operation leaves for its retry.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IDENTITY_ROLE_ATTRIBUTE } from '@bond-platform/chaincode/api';
import pino from 'pino';
import { ApiKeys } from '../http/auth';
import { ApiError } from '../http/errors';
import { type RevocationChannel, UserAdmin, type UserCa } from './admin';
import { UserDirectory } from './directory';

/** Throwaway self-signed certificates (no key kept) with serials 0a1b and 0c2d. */
const CERTIFICATES = [
  `-----BEGIN CERTIFICATE-----
MIIBaTCCAQ+gAwIBAgICChswCgYIKoZIzj0EAwIwEjEQMA4GA1UEAwwHdHJhZGVy
MTAgFw0yNjEyMDIwOTQ4MDNaGA8yMTI2MTEwODA5NDgwM1owEjEQMA4GA1UEAwwH
dHJhZGVyMTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABOaGJvGhR0YpKgCKeIbH
6zcQNhSgTJ45ph9lUqcXtJuup6CWtSoTA6JTkKpjjKMWw5vJd1AvRBsdYt584/Cu
55+jUzBRMB0GA1UdDgQWBBQSfI6vvjOKVuyWBxsPlVUzXzkdtTAfBgNVHSMEGDAW
gBQSfI6vvjOKVuyWBxsPlVUzXzkdtTAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49
BAMCA0gAMEUCIEJ+W9waaCS+KNz0e+wQQuRUWztV8kxr4a8+hIbU0LaUAiEAymC3
d/XD3+oFVlb9x6PNYpXoHwIRo2Xgc3tut/5+xhY=
-----END CERTIFICATE-----
`,
  `-----BEGIN CERTIFICATE-----
MIIBaTCCAQ+gAwIBAgICDC0wCgYIKoZIzj0EAwIwEjEQMA4GA1UEAwwHdHJhZGVy
MTAgFw0yNjEyMDIwOTQ4MDNaGA8yMTI2MTEwODA5NDgwM1owEjEQMA4GA1UEAwwH
dHJhZGVyMTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABGMKxvHqpSlxfD13Mrrn
ecbqaUcu3EdXV1eGfveZgKamDA0H1UoJiDkqZA1Ryb/YgqlUYYY0A63mSw+3SyeJ
2+6jUzBRMB0GA1UdDgQWBBRBIsKLmrrQFYwJzr+IYVZw25WWijAfBgNVHSMEGDAW
gBRBIsKLmrrQFYwJzr+IYVZw25WWijAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49
BAMCA0gAMEUCIQDmXdyRYAm64xtIDoI4NIyZFa2V5MlrKthXFNlwb57qRQIgDsTS
UWq6RaW5xw82Nc+LJ99BgId8jJYpMLqpoYizl94=
-----END CERTIFICATE-----
`,
];

const privateKeyPem = () =>
  generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** A CA that registers, enrols (a new certificate each time) and revokes, recording each call. */
class StandInCa implements UserCa {
  readonly calls: string[] = [];
  readonly registered = new Map<string, Record<string, string>>();
  revokeFails?: ApiError;
  #issued = 0;

  register(user: string, attributes: Record<string, string>): Promise<string> {
    this.calls.push(`register ${user}`);
    if (this.registered.has(user)) return Promise.reject(new ApiError(409, 'USER_EXISTS', `${user} is registered`));
    this.registered.set(user, attributes);
    return Promise.resolve('secret');
  }
  isManaged(user: string): Promise<boolean> {
    return Promise.resolve(this.registered.has(user));
  }
  resetSecret(user: string): Promise<string> {
    this.calls.push(`resetSecret ${user}`);
    return Promise.resolve('new secret');
  }
  enroll(user: string, secret: string, attributes: string[]) {
    this.calls.push(`enroll ${user} ${secret} [${attributes.join(',')}]`);
    return Promise.resolve(this.#certificate());
  }
  reenroll(_current: unknown, user: string, attributes: string[]) {
    this.calls.push(`reenroll ${user} [${attributes.join(',')}]`);
    return Promise.resolve(this.#certificate());
  }
  revoke(user: string, reason: string) {
    this.calls.push(`revoke ${user} ${reason}`);
    if (this.revokeFails) return Promise.reject(this.revokeFails);
    return Promise.resolve({ revoked: [], crlPem: 'CRL' });
  }
  revocationList(): Promise<string> {
    return Promise.resolve(`CRL-${this.calls.filter((c) => c.startsWith('revoke')).length}`);
  }
  #certificate() {
    return { certificatePem: CERTIFICATES[this.#issued++ % CERTIFICATES.length]!, privateKeyPem: privateKeyPem() };
  }
}

/** A channel whose configuration takes a revocation list, unless told to refuse it. */
class StandInChannel implements RevocationChannel {
  published: string[] = [];
  refuse = false;
  publish(crlPem: string): Promise<void> {
    if (this.refuse) return Promise.reject(new ApiError(503, 'CRL_NOT_PUBLISHED', 'the orderer refused it'));
    this.published.push(crlPem);
    return Promise.resolve();
  }
  shows(crlPem: string): Promise<boolean> {
    return Promise.resolve(this.published.at(-1) === crlPem);
  }
  close(): void {}
}

function setUp() {
  const directory = new UserDirectory(
    { admin: { role: 'admin', certPath: '/c', keyPath: '/k' } },
    mkdtempSync(path.join(os.tmpdir(), 'admin-')),
  );
  const keys = new ApiKeys([]);
  const forgotten: string[] = [];
  const ca = new StandInCa();
  const channel = new StandInChannel();
  const admin = new UserAdmin(directory, keys, { forget: (user: string) => forgotten.push(user) }, pino({ level: 'silent' }), {
    ca,
    channel,
    publishWaitMs: 50,
  });
  return { directory, keys, forgotten, ca, channel, admin };
}

const KEY_A = 'a'.repeat(64);
const KEY_B = 'b'.repeat(64);
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => (error as ApiError).code,
  );

describe('user administration', () => {
  it('registers and enrols a user with the role attribute the chaincode reads, a viewer with none, and activates its API key', async () => {
    const { admin, ca, keys, directory } = setUp();
    const trader = await admin.register({ user: 'trader1', role: 'operator', apiKeySha256: KEY_A });
    await admin.register({ user: 'auditor', role: 'viewer', apiKeySha256: KEY_B });

    expect(trader).toMatchObject({ user: 'trader1', role: 'operator', source: 'REGISTERED', status: 'ACTIVE', certificateSerial: '0a1b' });
    expect(ca.registered.get('trader1')).toEqual({ [IDENTITY_ROLE_ATTRIBUTE]: 'operator' });
    expect(ca.registered.get('auditor')).toEqual({});
    expect(ca.calls).toEqual([
      'register trader1',
      `enroll trader1 secret [${IDENTITY_ROLE_ATTRIBUTE}]`,
      'register auditor',
      'enroll auditor secret []',
    ]);
    expect(keys.has(KEY_A) && keys.has(KEY_B)).toBe(true);
    expect(directory.identity('trader1')?.role).toBe('operator');
  });

  it('refuses a taken name or API key before asking the CA', async () => {
    const { admin, ca } = setUp();
    await admin.register({ user: 'trader1', role: 'operator', apiKeySha256: KEY_A });
    expect(await refusal(admin.register({ user: 'trader1', role: 'operator', apiKeySha256: KEY_B }))).toBe('USER_EXISTS');
    expect(await refusal(admin.register({ user: 'admin', role: 'operator', apiKeySha256: KEY_B }))).toBe('USER_EXISTS');
    expect(await refusal(admin.register({ user: 'trader2', role: 'operator', apiKeySha256: KEY_A }))).toBe('API_KEY_IN_USE');
    expect(ca.calls).toHaveLength(2);
  });

  it('completes a registration that stopped before its enrolment with a new secret, instead of refusing the retry', async () => {
    const { admin, ca } = setUp();
    ca.registered.set('trader1', { [IDENTITY_ROLE_ATTRIBUTE]: 'operator' });
    await expect(admin.register({ user: 'trader1', role: 'operator', apiKeySha256: KEY_A })).resolves.toMatchObject({ status: 'ACTIVE' });
    expect(ca.calls).toEqual(['register trader1', 'resetSecret trader1', `enroll trader1 new secret [${IDENTITY_ROLE_ATTRIBUTE}]`]);
  });

  it('renews an active user with a new certificate and drops its cached connection', async () => {
    const { admin, ca, forgotten } = setUp();
    await admin.register({ user: 'trader1', role: 'operator', apiKeySha256: KEY_A });
    await expect(admin.renew('trader1')).resolves.toMatchObject({ certificateSerial: '0c2d' });
    expect(ca.calls.at(-1)).toBe(`reenroll trader1 [${IDENTITY_ROLE_ATTRIBUTE}]`);
    expect(forgotten).toEqual(['trader1']);
  });

  it('revokes: the API key first, then the certificate at the CA, then the revocation list into the channel', async () => {
    const { admin, ca, channel, keys, directory } = setUp();
    await admin.register({ user: 'trader1', role: 'operator', apiKeySha256: KEY_A });
    const revoked = await admin.revoke('trader1', 'keycompromise');
    expect(revoked).toMatchObject({
      status: 'REVOKED',
      revocationReason: 'keycompromise',
      revocationPublished: true,
      configBlockPublished: true,
    });
    expect(keys.has(KEY_A)).toBe(false);
    expect(directory.identity('trader1')).toBeUndefined();
    expect(channel.published).toEqual(['CRL-1']);
    expect(await refusal(admin.renew('trader1'))).toBe('USER_REVOKED');
    // Revoking again changes nothing and publishes nothing.
    await expect(admin.revoke('trader1', 'again')).resolves.toMatchObject({ configBlockPublished: false });
    expect(ca.calls.filter((c) => c.startsWith('revoke'))).toHaveLength(1);
  });

  it('gives the API key back when the CA refuses the revocation, and takes ALREADY_REVOKED as done', async () => {
    const { admin, ca, keys } = setUp();
    await admin.register({ user: 'trader1', role: 'operator', apiKeySha256: KEY_A });
    ca.revokeFails = new ApiError(503, 'CA_UNAVAILABLE', 'down');
    expect(await refusal(admin.revoke('trader1', 'left'))).toBe('CA_UNAVAILABLE');
    expect(keys.has(KEY_A)).toBe(true);
    ca.revokeFails = new ApiError(409, 'ALREADY_REVOKED', 'revoked');
    await expect(admin.revoke('trader1', 'left')).resolves.toMatchObject({ status: 'REVOKED', revocationPublished: true });
    expect(keys.has(KEY_A)).toBe(false);
  });

  it('leaves a revocation whose publication failed for its retry to finish', async () => {
    const { admin, channel, keys } = setUp();
    await admin.register({ user: 'trader1', role: 'operator', apiKeySha256: KEY_A });
    channel.refuse = true;
    expect(await refusal(admin.revoke('trader1', 'left'))).toBe('CRL_NOT_PUBLISHED');
    expect(keys.has(KEY_A)).toBe(false);
    expect(admin.list().find((u) => u.user === 'trader1')).toMatchObject({ status: 'REVOKED', revocationPublished: false });
    channel.refuse = false;
    await expect(admin.revoke('trader1', 'left')).resolves.toMatchObject({ revocationPublished: true, configBlockPublished: true });
  });

  it('answers CRL_NOT_YET_VISIBLE while the peer does not show the list, and a retry checks again', async () => {
    const { admin, channel } = setUp();
    await admin.register({ user: 'trader1', role: 'operator', apiKeySha256: KEY_A });
    channel.shows = () => Promise.resolve(false);
    expect(await refusal(admin.revoke('trader1', 'left'))).toBe('CRL_NOT_YET_VISIBLE');
    channel.shows = (crl: string) => Promise.resolve(channel.published.at(-1) === crl);
    await expect(admin.revoke('trader1', 'left')).resolves.toMatchObject({ revocationPublished: true });
  });

  it('says which users it does not manage', async () => {
    const { admin } = setUp();
    expect(await refusal(admin.revoke('admin', 'x'))).toBe('USER_NOT_MANAGED');
    expect(await refusal(admin.revoke('nobody', 'x'))).toBe('NOT_FOUND');
  });

  it('runs one operation at a time, so two registrations of one name cannot both pass the check', async () => {
    const { admin } = setUp();
    const outcomes = await Promise.all([
      refusal(admin.register({ user: 'trader1', role: 'operator', apiKeySha256: KEY_A })),
      refusal(admin.register({ user: 'trader1', role: 'operator', apiKeySha256: KEY_B })),
    ]);
    expect(outcomes).toEqual([undefined, 'USER_EXISTS']);
  });
});
