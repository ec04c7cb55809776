/**
 * Real cash-lock proofs for unit tests: X.509 certificates from openssl
 * (Node cannot issue certificates itself) with real ECDSA P-256 keys, and
 * the endorsed envelope of Htlc:AttestLock built with
 * @hyperledger/fabric-protos exactly as a Fabric gateway assembles it, with
 * knobs to forge or age it.
 */
import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey, type KeyObject, sign } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { common, msp, peer } from '@hyperledger/fabric-protos';

/** A certificate with its private key. */
export interface TestIdentityKeys {
  mspId: string;
  certificate: string;
  key: KeyObject;
}

export interface TestPki {
  /** PaymentMSP's CA, its peer, a client (OU=client) and a peer certificate that expired at the start of 2021. */
  paymentCa: string;
  paymentPeer: TestIdentityKeys;
  paymentClient: TestIdentityKeys;
  paymentPeerExpired: TestIdentityKeys;
  /** BankMSP's CA (a cash participant) and its peer. */
  bankCa: string;
  bankPeer: TestIdentityKeys;
  /** A CA nobody registered, and a "PaymentMSP" peer certificate it issued. */
  rogueCa: string;
  roguePeer: TestIdentityKeys;
}

const CA_CONFIG = `[ ca ]
default_ca = CA_default
[ CA_default ]
dir = .
database = ./index.txt
new_certs_dir = .
serial = ./serial
default_md = sha256
policy = policy_any
unique_subject = no
preserve = yes
[ policy_any ]
countryName = optional
organizationName = optional
organizationalUnitName = optional
commonName = supplied
[ v3_ca ]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[ v3_leaf ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
authorityKeyIdentifier = keyid
`;

const FROM = '20200101000000Z';
const UNTIL = '20401231000000Z';

class OpensslCa {
  readonly dir: string;
  readonly certificate: string;

  constructor(root: string, name: string, organisation: string) {
    this.dir = path.join(root, name);
    mkdirSync(this.dir);
    writeFileSync(path.join(this.dir, 'index.txt'), '');
    writeFileSync(path.join(this.dir, 'serial'), '01\n');
    writeFileSync(path.join(this.dir, 'ca.cnf'), CA_CONFIG);
    this.#request('ca', `/O=${organisation}/CN=ca.${organisation}`);
    this.#sign('ca', UNTIL, 'v3_ca', ['-selfsign']);
    this.certificate = readFileSync(path.join(this.dir, 'ca.pem'), 'utf8');
  }

  /** A leaf certificate (ECDSA P-256) for `subject`, valid from 2020 until `until` (openssl's YYYYMMDDhhmmssZ). */
  issue(mspId: string, name: string, subject: string, until = UNTIL): TestIdentityKeys {
    this.#request(name, subject);
    this.#sign(name, until, 'v3_leaf', ['-cert', 'ca.pem']);
    return {
      mspId,
      certificate: readFileSync(path.join(this.dir, `${name}.pem`), 'utf8'),
      key: createPrivateKey(readFileSync(path.join(this.dir, `${name}.key`))),
    };
  }

  /** A P-256 key `name`.key and its certificate request `name`.csr for `subject`. */
  #request(name: string, subject: string): void {
    this.#run('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${name}.key`);
    this.#run('req', '-new', '-key', `${name}.key`, '-subj', subject, '-out', `${name}.csr`);
  }

  /** `name`.pem: the CA's key signs `name`.csr with these extensions, valid from 2020 until `until`; `signer` names the issuer (-selfsign or -cert). */
  #sign(name: string, until: string, extensions: 'v3_ca' | 'v3_leaf', signer: string[]): void {
    this.#run(
      'ca',
      '-batch',
      '-notext',
      '-config',
      'ca.cnf',
      ...signer,
      '-keyfile',
      'ca.key',
      '-in',
      `${name}.csr`,
      '-out',
      `${name}.pem`,
      '-startdate',
      FROM,
      '-enddate',
      until,
      '-extensions',
      extensions,
    );
  }

  #run(...args: string[]): void {
    execFileSync('openssl', args, { cwd: this.dir, stdio: 'pipe' });
  }
}

let pki: TestPki | undefined;

/** The test PKI, made once per test file (openssl in a temporary directory, removed again). */
export function testPki(): TestPki {
  if (pki) return pki;
  const root = mkdtempSync(path.join(tmpdir(), 'cash-proof-pki-'));
  try {
    const payment = new OpensslCa(root, 'payment', 'payment.example.com');
    const bank = new OpensslCa(root, 'bank', 'bank.example.com');
    const rogue = new OpensslCa(root, 'rogue', 'payment.example.com');
    pki = {
      paymentCa: payment.certificate,
      paymentPeer: payment.issue('PaymentMSP', 'peer0', '/O=payment.example.com/OU=peer/CN=peer0.payment.example.com'),
      paymentClient: payment.issue('PaymentMSP', 'client', '/O=payment.example.com/OU=client/CN=Admin@payment.example.com'),
      paymentPeerExpired: payment.issue(
        'PaymentMSP',
        'peer9',
        '/O=payment.example.com/OU=peer/CN=peer9.payment.example.com',
        '20210101000000Z',
      ),
      bankCa: bank.certificate,
      bankPeer: bank.issue('BankMSP', 'peer0', '/O=bank.example.com/OU=peer/CN=peer0.bank.example.com'),
      rogueCa: rogue.certificate,
      roguePeer: rogue.issue('PaymentMSP', 'peer0', '/O=payment.example.com/OU=peer/CN=peer0.payment.example.com'),
    };
    return pki;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

// --- the envelope --------------------------------------------------------------------

interface TimestampMessage {
  setSeconds(seconds: number): void;
  setNanos(nanos: number): void;
}
// google-protobuf ships no types; its Timestamp is the message the channel header takes.
const { Timestamp } = createRequire(__filename)('google-protobuf/google/protobuf/timestamp_pb') as {
  Timestamp: new () => TimestampMessage;
};

/** A cash lock as the cash chaincode's Htlc returns it. */
export interface CashLockJson {
  lockId: string;
  status: string;
  locker: { owner: string; accountId: string };
  beneficiary: { owner: string; accountId: string };
  currency: string;
  amount: string;
  hashAlgorithm: string;
  hash: string;
  expiry: string;
  preimage?: string;
  [more: string]: unknown;
}

/**
 * The securities company's LOCKED cash lock DVP-1 paying the bank 1000000
 * CNY (SETTLEMENT to SETTLEMENT) under `hash` until `expiry`: the cash side
 * of the bank selling bond units to the securities company.
 */
export function cashLockJson(hash: string, expiry: string, overrides: Partial<CashLockJson> = {}): CashLockJson {
  return {
    lockId: 'DVP-1',
    status: 'LOCKED',
    locker: { owner: 'SecuritiesMSP', accountId: 'SETTLEMENT' },
    beneficiary: { owner: 'BankMSP', accountId: 'SETTLEMENT' },
    currency: 'CNY',
    amount: '1000000',
    hashAlgorithm: 'SHA256',
    hash,
    expiry,
    ...overrides,
  };
}

export interface ProofOptions {
  lock: CashLockJson;
  /** The attestation's (and by default the channel header's) time, ms since the epoch. */
  attestedAtMillis: number;
  /** The channel header's timestamp, when it should differ from attestedAt. */
  headerMillis?: number;
  channel?: string;
  /** The channel the attestation JSON names. */
  attestationChannel?: string;
  chaincode?: string;
  args?: string[];
  status?: number;
  endorsers?: TestIdentityKeys[];
  /** Forgeries, each after the endorsers signed. */
  flipSignatureBit?: boolean;
  alterResponseAfterSigning?: (attestation: Record<string, unknown>) => void;
  alterHeaderTimestampAfterSigning?: number;
}

function serializedIdentity(identity: TestIdentityKeys): Uint8Array {
  const serialized = new msp.SerializedIdentity();
  serialized.setMspid(identity.mspId);
  serialized.setIdBytes(Buffer.from(identity.certificate));
  return serialized.serializeBinary();
}

function channelHeaderBytes(channel: string, millis: number): Uint8Array {
  const timestamp = new Timestamp();
  timestamp.setSeconds(Math.floor(millis / 1000));
  timestamp.setNanos((millis % 1000) * 1_000_000 + 123); // sub-millisecond digits the attestation's time drops
  const header = new common.ChannelHeader();
  header.setType(common.HeaderType.ENDORSER_TRANSACTION);
  header.setChannelId(channel);
  header.setTxId('a7e5'.repeat(16));
  header.setTimestamp(timestamp);
  return header.serializeBinary();
}

function proposalPayloadBytes(chaincode: string, args: string[]): Uint8Array {
  const input = new peer.ChaincodeInput();
  input.setArgsList(args.map((arg) => Buffer.from(arg)));
  const id = new peer.ChaincodeID();
  id.setName(chaincode);
  const spec = new peer.ChaincodeSpec();
  spec.setType(peer.ChaincodeSpec.Type.NODE);
  spec.setChaincodeId(id);
  spec.setInput(input);
  const invocation = new peer.ChaincodeInvocationSpec();
  invocation.setChaincodeSpec(spec);
  const payload = new peer.ChaincodeProposalPayload();
  payload.setInput(invocation.serializeBinary());
  return payload.serializeBinary();
}

function responsePayloadBytes(proposalHash: Uint8Array, chaincode: string, status: number, attestation: unknown): Uint8Array {
  const response = new peer.Response();
  response.setStatus(status);
  response.setPayload(Buffer.from(JSON.stringify(attestation)));
  const id = new peer.ChaincodeID();
  id.setName(chaincode);
  id.setVersion('1.0');
  const action = new peer.ChaincodeAction();
  action.setResponse(response);
  action.setChaincodeId(id);
  const payload = new peer.ProposalResponsePayload();
  payload.setProposalHash(proposalHash);
  payload.setExtension$(action.serializeBinary());
  return payload.serializeBinary();
}

/** Base64 of the Envelope of an endorsed Htlc:AttestLock transaction, forged or aged as `options` say. */
export function buildProof(options: ProofOptions): string {
  const channel = options.channel ?? 'cash';
  const chaincode = options.chaincode ?? 'cash';
  const endorsers = options.endorsers ?? [testPki().paymentPeer];
  const attestation: Record<string, unknown> = {
    channel: options.attestationChannel ?? channel,
    lock: options.lock,
    attestedAt: new Date(options.attestedAtMillis).toISOString(),
  };
  const creator = new msp.SerializedIdentity();
  creator.setMspid('BankMSP');
  creator.setIdBytes(Buffer.from(testPki().bankPeer.certificate));
  const signatureHeader = new common.SignatureHeader();
  signatureHeader.setCreator(creator.serializeBinary());
  signatureHeader.setNonce(Buffer.alloc(24, 7));
  const signatureHeaderBytes = signatureHeader.serializeBinary();
  let channelHeader = channelHeaderBytes(channel, options.headerMillis ?? options.attestedAtMillis);
  const proposalPayload = proposalPayloadBytes(chaincode, options.args ?? ['Htlc:AttestLock', options.lock.lockId]);
  const proposalHash = createHash('sha256')
    .update(Buffer.concat([channelHeader, signatureHeaderBytes, proposalPayload]))
    .digest();
  let responsePayload = responsePayloadBytes(proposalHash, chaincode, options.status ?? 200, attestation);

  const endorsements = endorsers.map((endorser) => {
    const endorserBytes = serializedIdentity(endorser);
    const signature = sign('sha256', Buffer.concat([responsePayload, endorserBytes]), endorser.key);
    const last = signature.length - 1;
    if (options.flipSignatureBit) signature.writeUInt8(signature.readUInt8(last) ^ 0x01, last);
    const endorsement = new peer.Endorsement();
    endorsement.setEndorser(endorserBytes);
    endorsement.setSignature(signature);
    return endorsement;
  });
  if (options.alterResponseAfterSigning) {
    options.alterResponseAfterSigning(attestation);
    responsePayload = responsePayloadBytes(proposalHash, chaincode, options.status ?? 200, attestation);
  }
  if (options.alterHeaderTimestampAfterSigning !== undefined) {
    channelHeader = channelHeaderBytes(channel, options.alterHeaderTimestampAfterSigning);
  }

  const endorsed = new peer.ChaincodeEndorsedAction();
  endorsed.setProposalResponsePayload(responsePayload);
  endorsed.setEndorsementsList(endorsements);
  const actionPayload = new peer.ChaincodeActionPayload();
  actionPayload.setChaincodeProposalPayload(proposalPayload);
  actionPayload.setAction(endorsed);
  const action = new peer.TransactionAction();
  action.setHeader(signatureHeaderBytes);
  action.setPayload(actionPayload.serializeBinary());
  const transaction = new peer.Transaction();
  transaction.setActionsList([action]);
  const header = new common.Header();
  header.setChannelHeader(channelHeader);
  header.setSignatureHeader(signatureHeaderBytes);
  const payload = new common.Payload();
  payload.setHeader(header);
  payload.setData(transaction.serializeBinary());
  const envelope = new common.Envelope();
  envelope.setPayload(payload.serializeBinary());
  envelope.setSignature(Buffer.alloc(70, 1)); // the client's signature: not what the proof rests on
  return Buffer.from(envelope.serializeBinary()).toString('base64');
}
