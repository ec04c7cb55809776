import { execFileSync } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { newCertificateRequest } from './csr';

describe('certificate signing request', () => {
  // OpenSSL is an independent reader of RFC 2986: it parses the request and checks its self-signature.
  it('is a PKCS #10 request for CN=<enrolment ID>, signed by the new key', () => {
    const request = newCertificateRequest('trader-7');
    const out = execFileSync('openssl', ['req', '-verify', '-noout', '-subject', '-pubkey'], {
      input: request.csr,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    expect(out).toMatch(/subject=CN\s*=\s*trader-7/);
    const publicKeyPem = /-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/.exec(out)?.[0] ?? '';
    expect(createPublicKey(publicKeyPem).export({ type: 'spki', format: 'pem' })).toBe(
      createPublicKey(request.privateKey).export({ type: 'spki', format: 'pem' }),
    );
    expect(request.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it('makes a new key every time', () => {
    expect(newCertificateRequest('a').privateKeyPem).not.toBe(newCertificateRequest('a').privateKeyPem);
  });
});
