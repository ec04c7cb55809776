/**
 * The institution's API users: those configured with the gateway (managed by
 * the deployment) and those its admins registered through the API. A
 * registered user's record, certificate and private key live in the
 * gateway's state directory (keys mode 600) and survive restarts; a revoked
 * user stays listed, with no identity to sign as.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ApiKeyRecord } from '../http/auth';
import type { UserIdentity, UserRole } from '../config';

export type UserStatus = 'ACTIVE' | 'REVOKED';

export interface RegisteredUser {
  user: string;
  role: UserRole;
  enrollmentId: string;
  /** Serial number of the enrolled certificate (hex), as revocation lists name it. */
  certificateSerial: string;
  certPath: string;
  keyPath: string;
  apiKey: ApiKeyRecord;
  status: UserStatus;
  registeredAt: string;
  revokedAt?: string;
  revocationReason?: string;
  /** True once the channel's copy of the CA's revocation list names this user's certificate. */
  revocationPublished?: boolean;
}

/** What the admin routes show of a user: never a key. */
export interface UserView {
  user: string;
  role: UserRole;
  source: 'CONFIGURED' | 'REGISTERED';
  status: UserStatus;
  enrollmentId?: string;
  certificateSerial?: string;
  registeredAt?: string;
  revokedAt?: string;
  revocationReason?: string;
  revocationPublished?: boolean;
}

export class UserDirectory {
  readonly #file: string;
  readonly #registered = new Map<string, RegisteredUser>();

  constructor(
    readonly configured: Readonly<Record<string, UserIdentity>>,
    readonly stateDir: string,
  ) {
    this.#file = path.join(stateDir, 'users.json');
    if (existsSync(this.#file)) {
      for (const record of (JSON.parse(readFileSync(this.#file, 'utf8')) as { users: RegisteredUser[] }).users)
        this.#registered.set(record.user, record);
    }
  }

  /** The identity an active user signs as, or undefined. */
  identity(user: string): UserIdentity | undefined {
    const registered = this.#registered.get(user);
    if (registered) return registered.status === 'ACTIVE' ? registered : undefined;
    // Own properties only: `constructor` or `__proto__` is no configured user.
    return Object.hasOwn(this.configured, user) ? this.configured[user] : undefined;
  }

  role(user: string): UserRole | undefined {
    return this.identity(user)?.role;
  }

  registered(user: string): RegisteredUser | undefined {
    return this.#registered.get(user);
  }

  exists(user: string): boolean {
    return Object.hasOwn(this.configured, user) || this.#registered.has(user);
  }

  /** API keys of the active registered users. */
  activeKeys(): ApiKeyRecord[] {
    return [...this.#registered.values()].filter((u) => u.status === 'ACTIVE').map((u) => u.apiKey);
  }

  list(): UserView[] {
    const configured = Object.entries(this.configured).map(([user, id]): UserView => ({
      user,
      role: id.role,
      source: 'CONFIGURED',
      status: 'ACTIVE',
    }));
    return [...configured, ...[...this.#registered.values()].map(view)].sort((a, b) => a.user.localeCompare(b.user));
  }

  /** Where a new user's certificate and key go. */
  filesFor(user: string): { certPath: string; keyPath: string } {
    const dir = path.join(this.stateDir, 'users', user);
    return { certPath: path.join(dir, 'cert.pem'), keyPath: path.join(dir, 'key.pem') };
  }

  /** Stores the user's certificate and key, then its record (also to replace them on renewal). */
  add(record: RegisteredUser, certificatePem: string, privateKeyPem: string): void {
    mkdirSync(path.dirname(record.keyPath), { recursive: true, mode: 0o700 });
    writeFileSync(record.certPath, certificatePem);
    writeFileSync(record.keyPath, privateKeyPem, { mode: 0o600 });
    this.#registered.set(record.user, record);
    this.#save();
  }

  /** Replaces a registered user's record (status changes). */
  update(record: RegisteredUser): RegisteredUser {
    if (!this.#registered.has(record.user)) throw new Error(`no registered user ${record.user}`);
    this.#registered.set(record.user, record);
    this.#save();
    return record;
  }

  /** Written to a temporary file and renamed, so a crash never leaves half a file. */
  #save(): void {
    mkdirSync(this.stateDir, { recursive: true });
    const temporary = `${this.#file}.tmp`;
    writeFileSync(temporary, JSON.stringify({ users: [...this.#registered.values()] }, null, 2) + '\n', { mode: 0o600 });
    renameSync(temporary, this.#file);
  }
}

export function view(record: RegisteredUser): UserView {
  return {
    user: record.user,
    role: record.role,
    source: 'REGISTERED',
    status: record.status,
    enrollmentId: record.enrollmentId,
    certificateSerial: record.certificateSerial,
    registeredAt: record.registeredAt,
    ...(record.revokedAt
      ? { revokedAt: record.revokedAt, revocationReason: record.revocationReason, revocationPublished: record.revocationPublished ?? false }
      : {}),
  };
}
