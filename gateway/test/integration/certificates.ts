/**
 * Certificates the tests make themselves with the `openssl` CLI: a
 * throw-away CA no organisation of the channel trusts, and client
 * certificates signed by it or by an organisation's real Fabric CA key
 * (test-network material in the state directory), with the OU and the
 * `bond.role` attribute the Fabric CA would give them and the validity the
 * test chooses (e.g. one that ended years ago).
 */
import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SigningIdentity } from '../../src/fabric/connection';
import { defaultNetworkHome } from '../../src/ledger-check/test-network';

export interface CertificateAuthority {
  certificate: Buffer;
  privateKey: Buffer;
}

/** The Fabric CA attribute extension (what fabric-ca puts in an enrolment certificate): raw JSON. */
const FABRIC_ATTRS_OID = '1.2.3.4.5.6.7.8.1';

function openssl(args: string[], cwd: string): Buffer {
  return execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
}

function withScratch<T>(use: (dir: string) => T): T {
  const dir = mkdtempSync(path.join(tmpdir(), 'unauthorised-'));
  try {
    return use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function newP256Key(dir: string, file: string): void {
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file], dir);
}

/** A self-signed P-256 CA that exists only in this test. */
export function throwawayCa(commonName: string): CertificateAuthority {
  return withScratch((dir) => {
    newP256Key(dir, 'ca.key');
    openssl(
      ['req', '-x509', '-new', '-key', 'ca.key', '-subj', `/O=Outsider/CN=${commonName}`, '-days', '2', '-sha256', '-out', 'ca.pem'],
      dir,
    );
    return { certificate: readFileSync(path.join(dir, 'ca.pem')), privateKey: readFileSync(path.join(dir, 'ca.key')) };
  });
}

/**
 * The real Fabric CA of `org` on the test network: its certificate and the
 * signing key among the CA's keystore files whose public key is the
 * certificate's.
 */
export function fabricCaOf(org: string): CertificateAuthority {
  const home = path.join(defaultNetworkHome(), 'ca', org);
  const certificate = readFileSync(path.join(home, 'ca-cert.pem'));
  const wanted = new X509Certificate(certificate).publicKey.export({ type: 'spki', format: 'der' });
  const keystore = path.join(home, 'msp', 'keystore');
  for (const file of readdirSync(keystore).filter((f) => f.endsWith('_sk'))) {
    const privateKey = readFileSync(path.join(keystore, file));
    const publicKey = createPublicKey(createPrivateKey(privateKey)).export({ type: 'spki', format: 'der' });
    if (publicKey.equals(wanted)) return { certificate, privateKey };
  }
  throw new Error(`no key in ${keystore} matches ${org}'s CA certificate`);
}

export interface ClientCertificateRequest {
  mspId: string;
  commonName: string;
  /** The certificate's `bond.role` attribute; none when undefined. */
  role?: string;
  notBefore: Date;
  notAfter: Date;
}

/** openssl ca's date format: YYYYMMDDHHMMSSZ. */
const asn1Time = (at: Date) => `${at.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;

/**
 * A client identity (OU=client, as NodeOUs require) with a new P-256 key,
 * its certificate issued by `ca` for exactly the requested validity.
 */
export function clientIdentity(ca: CertificateAuthority, request: ClientCertificateRequest): SigningIdentity {
  return withScratch((dir) => {
    writeFileSync(path.join(dir, 'ca.pem'), ca.certificate);
    writeFileSync(path.join(dir, 'ca.key'), ca.privateKey, { mode: 0o600 });
    writeFileSync(path.join(dir, 'index.txt'), '');
    writeFileSync(path.join(dir, 'serial'), `${Date.now().toString(16).padStart(16, '0')}\n`);
    const attrs = {
      attrs: {
        ...(request.role === undefined ? {} : { 'bond.role': request.role }),
        'hf.EnrollmentID': request.commonName,
        'hf.Type': 'client',
      },
    };
    writeFileSync(
      path.join(dir, 'openssl.cnf'),
      [
        '[ca]',
        'default_ca = issuing',
        '[issuing]',
        `dir = ${dir}`,
        'database = $dir/index.txt',
        'new_certs_dir = $dir',
        'serial = $dir/serial',
        'default_md = sha256',
        'policy = anything',
        'unique_subject = no',
        '[anything]',
        'commonName = supplied',
        'organizationName = optional',
        'organizationalUnitName = optional',
        '[client]',
        'keyUsage = critical, digitalSignature',
        'basicConstraints = critical, CA:FALSE',
        'subjectKeyIdentifier = hash',
        'authorityKeyIdentifier = keyid',
        `${FABRIC_ATTRS_OID} = DER:${Buffer.from(JSON.stringify(attrs)).toString('hex')}`,
        '',
      ].join('\n'),
    );
    newP256Key(dir, 'client.key');
    openssl(['req', '-new', '-key', 'client.key', '-subj', `/O=Hyperledger/OU=client/CN=${request.commonName}`, '-out', 'client.csr'], dir);
    openssl(
      [
        'ca',
        '-batch',
        '-config',
        'openssl.cnf',
        '-cert',
        'ca.pem',
        '-keyfile',
        'ca.key',
        '-in',
        'client.csr',
        '-out',
        'client.pem',
        '-extensions',
        'client',
        '-notext',
        '-preserveDN',
        '-startdate',
        asn1Time(request.notBefore),
        '-enddate',
        asn1Time(request.notAfter),
      ],
      dir,
    );
    return {
      mspId: request.mspId,
      certificate: readFileSync(path.join(dir, 'client.pem')),
      privateKey: readFileSync(path.join(dir, 'client.key')),
    };
  });
}
