/**
 * An institution's admins manage its users: register one at the
 * institution's Fabric CA with the role attribute the chaincode reads
 * (`bond.role`), enrol it with a key generated here, and revoke it. A
 * revocation withdraws the user's API key at once, revokes its certificate
 * at the CA and publishes the CA's revocation list into the institution's
 * MSP in the channel configuration, after which every peer refuses the
 * certificate. Retrying a revocation that stopped half-way finishes it.
 *
 * Operations run one at a time: each reads the channel configuration it
 * then updates.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type * as grpc from '@grpc/grpc-js';
import { IDENTITY_ROLE_ATTRIBUTE } from '@bond-platform/chaincode/api';
import type { Logger } from 'pino';
import type { ApiKeys } from '../http/auth';
import { FabricCa } from '../ca/fabric-ca';
import type { GatewayConfig, UserIdentity, UserRole } from '../config';
import { ApiError } from '../http/errors';
import { keySigner, newGrpcClient } from '../fabric/connection';
import {
  broadcast,
  type ConfigSigner,
  currentConfig,
  findOrgMsp,
  revocationListUpdate,
  signedConfigUpdate,
} from '../fabric/channel-config';
import type { LedgerClient } from '../fabric/ledger-client';
import { type RegisteredUser, type UserDirectory, type UserView, view } from './directory';

export interface NewUser {
  user: string;
  role: UserRole;
  /** SHA-256 (hex) of the API key the user will present. */
  apiKeySha256: string;
}

export interface RevokedUser extends UserView {
  /** True when this call put the revocation list into the channel configuration (false: it was there already). */
  configBlockPublished: boolean;
}

/** The certificate attributes of a role: viewers carry none and may only read. */
const roleAttributes = (role: UserRole): Record<string, string> => (role === 'viewer' ? {} : { [IDENTITY_ROLE_ATTRIBUTE]: role });
const attributeNames = (role: UserRole) => Object.keys(roleAttributes(role));
/** Serial number as revocation lists print it: lower-case hex. */
const serialOf = (certificatePem: string) => new X509Certificate(certificatePem).serialNumber.toLowerCase();
const PUBLISH_WAIT_MS = 30_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What user administration needs of the institution's CA: `FabricCa`, or a stand-in in unit tests. */
export type UserCa = Pick<FabricCa, 'register' | 'isManaged' | 'resetSecret' | 'enroll' | 'reenroll' | 'revoke' | 'revocationList'>;

/** The institution's MSP in the channel configuration, where its CA's revocation list goes. */
export interface RevocationChannel {
  /** Puts `crlPem` into the MSP's revocation list unless it is there already; CRL_NOT_PUBLISHED if the update fails. */
  publish(crlPem: string): Promise<void>;
  /** True once the peer's channel configuration carries `crlPem`. */
  shows(crlPem: string): Promise<boolean>;
  close(): void;
}

/** The revocation channel of a configured gateway: config updates signed by its channel admin, sent to its orderer. */
class ChannelConfigRevocations implements RevocationChannel {
  readonly #orderer: grpc.Client;
  /** The configured user whose certificate is an admin of the institution's MSP, and its signer. */
  readonly #channelAdmin: { user: string; signer: ConfigSigner };

  constructor(
    private readonly config: GatewayConfig,
    private readonly ledger: LedgerClient,
  ) {
    if (!config.identities) throw new Error('user management needs the identities configuration');
    const settings = config.identities;
    // parseConfig made sure the channel admin is a configured admin user.
    const admin = config.users[settings.channelAdmin] as UserIdentity;
    this.#channelAdmin = {
      user: settings.channelAdmin,
      signer: { mspId: config.mspId, certificate: readFileSync(admin.certPath), signer: keySigner(readFileSync(admin.keyPath)) },
    };
    this.#orderer = newGrpcClient({
      endpoint: settings.orderer.endpoint,
      hostAlias: settings.orderer.hostAlias,
      tlsRootCert: readFileSync(settings.orderer.tlsRootCertPath),
    });
  }

  async publish(crlPem: string): Promise<void> {
    const network = this.ledger.network(this.#channelAdmin.user);
    const update = revocationListUpdate(await currentConfig(network), network.getName(), this.config.mspId, crlPem);
    if (!update) return;
    try {
      await broadcast(this.#orderer, await signedConfigUpdate(update, this.#channelAdmin.signer), new Date(Date.now() + 15_000));
    } catch (error) {
      throw new ApiError(
        503,
        'CRL_NOT_PUBLISHED',
        'the certificate is revoked at the CA and the API key withdrawn, but the revocation list could not be put in the channel configuration yet; retry the revocation',
        {
          retryAfterSeconds: 5,
          cause: error,
          alert: true,
        },
      );
    }
  }

  async shows(crlPem: string): Promise<boolean> {
    return findOrgMsp(await currentConfig(this.ledger.network(this.#channelAdmin.user)), this.config.mspId)?.revocationList[0] === crlPem;
  }

  close(): void {
    this.#orderer.close();
  }
}

/** The CA and revocation channel a configured gateway's user administration works with. */
export function configuredUserAdminParts(config: GatewayConfig, ledger: LedgerClient): { ca: UserCa; channel: RevocationChannel } {
  if (!config.identities) throw new Error('user management needs the identities configuration');
  const settings = config.identities;
  const ca = new FabricCa(
    { url: settings.ca.url, caName: settings.ca.caName, tlsRootCert: readFileSync(settings.ca.tlsRootCertPath) },
    { certificate: readFileSync(settings.ca.registrar.certPath), signer: keySigner(readFileSync(settings.ca.registrar.keyPath)) },
  );
  return { ca, channel: new ChannelConfigRevocations(config, ledger) };
}

export class UserAdmin {
  readonly #ca: UserCa;
  readonly #channel: RevocationChannel;
  readonly #publishWaitMs: number;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly directory: UserDirectory,
    private readonly keys: ApiKeys,
    private readonly ledger: Pick<LedgerClient, 'forget'>,
    private readonly logger: Logger,
    parts: { ca: UserCa; channel: RevocationChannel; publishWaitMs?: number },
  ) {
    this.#ca = parts.ca;
    this.#channel = parts.channel;
    this.#publishWaitMs = parts.publishWaitMs ?? PUBLISH_WAIT_MS;
  }

  list(): UserView[] {
    return this.directory.list();
  }

  register(request: NewUser): Promise<UserView> {
    return this.#serially(async () => {
      if (this.directory.exists(request.user)) throw new ApiError(409, 'USER_EXISTS', `there is already a user ${request.user}`);
      if (this.keys.has(request.apiKeySha256)) throw new ApiError(409, 'API_KEY_IN_USE', 'that API key is already in use; make a new one');
      const secret = await this.#registerOrResume(request.user, request.role);
      const enrolment = await this.#ca.enroll(request.user, secret, attributeNames(request.role));
      const record: RegisteredUser = {
        user: request.user,
        role: request.role,
        enrollmentId: request.user,
        certificateSerial: serialOf(enrolment.certificatePem),
        ...this.directory.filesFor(request.user),
        apiKey: { id: request.user, user: request.user, sha256: request.apiKeySha256 },
        status: 'ACTIVE',
        registeredAt: new Date().toISOString(),
      };
      this.directory.add(record, enrolment.certificatePem, enrolment.privateKeyPem);
      this.keys.add(record.apiKey);
      this.logger.info({ user: record.user, role: record.role, serial: record.certificateSerial }, 'user registered and enrolled');
      return view(record);
    });
  }

  /** A new key and certificate for an active user (e.g. before the old one expires); the old certificate stays valid until it expires. */
  renew(user: string): Promise<UserView> {
    return this.#serially(async () => {
      const record = this.#managed(user);
      if (record.status !== 'ACTIVE') throw new ApiError(409, 'USER_REVOKED', `${user} is revoked; register a new user instead`);
      const current = { certificate: readFileSync(record.certPath), signer: keySigner(readFileSync(record.keyPath)) };
      const enrolment = await this.#ca.reenroll(current, record.enrollmentId, attributeNames(record.role));
      const renewed = { ...record, certificateSerial: serialOf(enrolment.certificatePem) };
      this.directory.add(renewed, enrolment.certificatePem, enrolment.privateKeyPem);
      this.ledger.forget(user);
      this.logger.info({ user, serial: renewed.certificateSerial }, 'certificate renewed');
      return view(renewed);
    });
  }

  /**
   * Registers the user at the CA, or — if an earlier registration by this
   * gateway stopped before the enrolment — gives it a new secret, so a
   * retry completes it instead of being refused.
   */
  async #registerOrResume(user: string, role: UserRole): Promise<string> {
    try {
      return await this.#ca.register(user, roleAttributes(role));
    } catch (error) {
      if (error instanceof ApiError && error.code === 'USER_EXISTS' && (await this.#ca.isManaged(user))) {
        this.logger.info({ user }, 'completing an earlier registration that was never enrolled');
        return this.#ca.resetSecret(user, roleAttributes(role));
      }
      throw error;
    }
  }

  /** Revokes the user (idempotent: a retry completes a revocation whose publication failed). */
  revoke(user: string, reason: string): Promise<RevokedUser> {
    return this.#serially(async () => {
      let record = this.#managed(user);
      if (record.status === 'ACTIVE') {
        // The API key goes first: from here on the gateway will not sign for this user.
        this.keys.removeUser(user);
        this.ledger.forget(user);
        await this.#ca.revoke(record.enrollmentId, reason).catch((error: unknown) => {
          if (!(error instanceof ApiError && error.code === 'ALREADY_REVOKED')) {
            this.keys.add(record.apiKey);
            throw error;
          }
        });
        record = this.directory.update({
          ...record,
          status: 'REVOKED',
          revokedAt: new Date().toISOString(),
          revocationReason: reason,
          revocationPublished: false,
        });
        this.logger.info({ user, serial: record.certificateSerial }, 'certificate revoked at the CA');
      }
      if (record.revocationPublished) return { ...view(record), configBlockPublished: false };
      await this.#publishRevocationList();
      record = this.directory.update({ ...record, revocationPublished: true });
      return { ...view(record), configBlockPublished: true };
    });
  }

  close(): void {
    this.#channel.close();
  }

  #managed(user: string): RegisteredUser {
    const record = this.directory.registered(user);
    if (record) return record;
    if (this.directory.exists(user))
      throw new ApiError(409, 'USER_NOT_MANAGED', `${user} is configured with the gateway; its deployment manages it`);
    throw new ApiError(404, 'NOT_FOUND', `no user ${user}`);
  }

  /** Puts the CA's current revocation list into the institution's MSP and waits until its peer has that configuration. */
  async #publishRevocationList(): Promise<void> {
    const crlPem = await this.#ca.revocationList();
    await this.#channel.publish(crlPem);
    for (const started = Date.now(); Date.now() - started < this.#publishWaitMs; await sleep(500)) {
      if (await this.#channel.shows(crlPem)) return;
    }
    throw new ApiError(
      504,
      'CRL_NOT_YET_VISIBLE',
      'the revocation list was sent for ordering but the peer does not show it yet; retry the revocation to check',
      { retryAfterSeconds: 5 },
    );
  }

  #serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
