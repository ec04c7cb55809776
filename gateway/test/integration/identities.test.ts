/**
 * An institution's admins manage its users through its gateway, on the real
 * network: a user registered at the bank's Fabric CA with a role attribute
 * signs its own transactions and can be enrolled again; once revoked, its API key stops working and,
 * because the CA's revocation list is now in the bank's MSP in the channel
 * configuration, every peer refuses its certificate — even when the key
 * and certificate are used directly, without the gateway.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Contract } from '@hyperledger/fabric-gateway';
import { FabricCa } from '../../src/ca/fabric-ca';
import { keySigner } from '../../src/fabric/connection';
import { currentConfig, findOrgMsp } from '../../src/fabric/channel-config';
import { loadTestNetwork, organization } from '../../src/ledger-check/test-network';
import { onChannel } from './direct';
import { Api, ensureMembersOverHttp, mspOf } from './http-client';
import type { UserView as ListedUser } from '../../src/users/directory';
import { directly as directlyAs, managedUser, newApiKey as newKey, sha256 } from './users';
import type { ErrorBody } from '../../src/http/errors';

const bankAdmin = new Api('bank', 'admin');
const bankOperator = new Api('bank', 'operator1');
const network = loadTestNetwork();

/** What the user routes answer; a revocation also says whether it published the list. */
type UserView = ListedUser & { configBlockPublished?: boolean };

/** The user's own key and certificate (kept by the bank's gateway), connected straight to `org`'s peer. */
function directly<T>(user: string, org: string, use: (contract: Contract) => Promise<T>): Promise<T> {
  return directlyAs(managedUser('bank', user), org, use);
}

const user = `trader-${Date.now().toString(36)}`;
const key = newKey();
let previousSerial = '';

beforeAll(async () => {
  await ensureMembersOverHttp();
});

describe("an institution's users", () => {
  it('are registered by its admins only, with a valid body and a name not in use', async () => {
    const refused = await bankOperator.post<ErrorBody>('/admin/users', { user, role: 'operator', apiKeySha256: sha256(key) });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'ADMIN_REQUIRED']);
    const invalid = await bankAdmin.post<ErrorBody>('/admin/users', { user, role: 'owner', apiKeySha256: 'not-a-hash' });
    expect([invalid.status, invalid.body.error.code]).toEqual([400, 'INVALID_ARGUMENT']);
    const taken = await bankAdmin.post<ErrorBody>('/admin/users', { user: 'operator1', role: 'operator', apiKeySha256: sha256(newKey()) });
    expect([taken.status, taken.body.error.code]).toEqual([409, 'USER_EXISTS']);
    const listed = await bankAdmin.get<UserView[]>('/admin/users');
    expect(listed.body.map((u) => u.user)).not.toContain(user);
  });

  it('sign as themselves with the role attribute the CA put in their certificate', async () => {
    const created = await bankAdmin.post<UserView>('/admin/users', { user, role: 'operator', apiKeySha256: sha256(key) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ user, role: 'operator', status: 'ACTIVE' });
    expect(JSON.stringify(created.body)).not.toContain(sha256(key));

    const me = await bankAdmin.request<{ identity: string; identityRoles: string[] }>('GET', '/me', undefined, {}, key);
    expect(me.status).toBe(200);
    expect(me.body.identity).toContain(`CN=${user}`);
    expect(me.body.identityRoles).toEqual(['operator']);
    const write = await bankAdmin.request(
      'PUT',
      '/members/me/contact',
      { contactName: `Desk of ${user}`, email: 'desk@bank.example' },
      {},
      key,
    );
    expect(write.status).toBe(200);
    const contact = await bankOperator.read<{ contactName: string; lastChange: { identity: string } }>(`/members/${mspOf('bank')}/contact`);
    expect(contact.contactName).toBe(`Desk of ${user}`);
    expect(contact.lastChange.identity).toContain(`CN=${user}`);
  });

  it('are enrolled again with a new key and certificate, keeping their role and API key', async () => {
    const before = (await bankAdmin.read<UserView[]>('/admin/users')).find((u) => u.user === user);
    const renewed = await bankAdmin.post<UserView>(`/admin/users/${user}/enrolment`);
    expect(renewed.status).toBe(200);
    expect(renewed.body.certificateSerial).not.toBe(before?.certificateSerial);
    const me = await bankAdmin.request<{ identityRoles: string[] }>('GET', '/me', undefined, {}, key);
    expect([me.status, me.body.identityRoles]).toEqual([200, ['operator']]);
    previousSerial = before?.certificateSerial ?? '';
  });

  it('once revoked, lose their API key, and every peer refuses their certificate', async () => {
    // Before: the same identity, used directly, is accepted by the peers.
    await expect(directly(user, 'bank', (c) => c.evaluateTransaction('WhoAmI'))).resolves.toBeDefined();

    const revoked = await bankAdmin.post<UserView>(`/admin/users/${user}/revocation`, { reason: 'left the desk' });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ user, status: 'REVOKED', revocationPublished: true, configBlockPublished: true });

    const unauthenticated = await bankAdmin.request<ErrorBody>('GET', '/me', undefined, {}, key);
    expect([unauthenticated.status, unauthenticated.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);

    // The channel now carries the bank CA's revocation list, naming the certificate (read by OpenSSL, independently).
    const [crl] =
      (await onChannel('csd', async (channel) => findOrgMsp(await currentConfig(channel), mspOf('bank'))))?.revocationList ?? [];
    const listing = execFileSync('openssl', ['crl', '-noout', '-text'], { input: crl, encoding: 'utf8' }).replace(/:/g, '').toLowerCase();
    // Both certificates the user ever held: revocation at the CA is by identity.
    expect(listing).toContain(revoked.body.certificateSerial);
    expect(listing).toContain(previousSerial);

    // Its next transaction, sent without the gateway, is refused by the bank's peer and by the CSD's.
    for (const org of ['bank', 'csd']) {
      await expect(
        directly(user, org, (c) =>
          c.submitTransaction('UpdateContact', JSON.stringify({ contactName: 'should not land', email: 'x@bank.example' })),
        ),
      ).rejects.toThrow(/access denied|creator/i);
    }
    expect((await bankOperator.read<{ contactName: string }>(`/members/${mspOf('bank')}/contact`)).contactName).toBe(`Desk of ${user}`);
  });

  it("complete a registration whose enrolment never happened, but never take over the CA's other identities", async () => {
    // A registration by the gateway that stopped before enrolment (as if the gateway had crashed in between).
    const { ca } = organization(network, 'bank');
    const registrar = new FabricCa(
      { url: ca.url, caName: ca.caName, tlsRootCert: readFileSync(ca.tlsRootCertPath) },
      { certificate: readFileSync(ca.registrar.certPath), signer: keySigner(readFileSync(ca.registrar.keyPath)) },
    );
    const halfway = `half-${Date.now().toString(36)}`;
    await registrar.register(halfway, { 'bond.role': 'operator' });
    const completed = await bankAdmin.post<UserView>('/admin/users', { user: halfway, role: 'operator', apiKeySha256: sha256(newKey()) });
    expect([completed.status, completed.body.status]).toEqual([201, 'ACTIVE']);

    const takeover = await bankAdmin.post<ErrorBody>('/admin/users', { user: 'peer0', role: 'operator', apiKeySha256: sha256(newKey()) });
    expect([takeover.status, takeover.body.error.code]).toEqual([409, 'USER_EXISTS']);
  });

  it('are revoked once: a repeated revocation reports the finished state and changes nothing', async () => {
    const again = await bankAdmin.post<UserView>(`/admin/users/${user}/revocation`, {});
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'REVOKED', revocationPublished: true, configBlockPublished: false });
    expect((await bankOperator.get('/me')).status).toBe(200);
    const listed = await bankAdmin.read<UserView[]>('/admin/users');
    expect(listed.find((u) => u.user === user)).toMatchObject({ status: 'REVOKED' });
  });
});
