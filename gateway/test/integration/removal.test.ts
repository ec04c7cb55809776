/**
 * Removing an institution on the real network: an institution onboarded for
 * this test writes a record, then remove-org.sh (signed by the CSD) takes
 * its MSP out of the channel and revokes it in the registry. Afterwards the
 * other members' peers keep receiving blocks and its peer receives none; it
 * can no longer write; its past transaction stays verifiable.
 *
 * Revocation is final, so each run removes an institution of its own,
 * named and placed on ports by how many have been onboarded before.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import path from 'node:path';
import { common } from '@hyperledger/fabric-protos';
import type { Member } from '@bond-platform/chaincode/api';
import { defaultNetworkHome } from '../../src/ledger-check/test-network';
import { onChannel } from './direct';
import { eventually } from './eventually';
import { Api, ensureMembersOverHttp } from './http-client';
import { onboard, SCRIPTS } from './onboard';

const home = defaultNetworkHome();
const onboardedBefore = existsSync(path.join(home, 'topology.d')) ? readdirSync(path.join(home, 'topology.d')).length : 0;
const name = `leaver${onboardedBefore}`;
const mspId = `Leaver${onboardedBefore}MSP`;
const basePort = 10200 + 20 * onboardedBefore;
const csd = new Api('csd', 'operator1');
const csdAdmin = new Api('csd', 'admin');

interface RecordedTransaction {
  valid: boolean;
  creatorMspId: string;
}

/** The block height a peer reports on its operations endpoint (Prometheus), asked with its org admin's TLS certificate. */
function peerHeight(org: string, opsPort: number): Promise<number> {
  const tls = path.join(home, 'organizations', org, 'users', 'admin', 'tls');
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: opsPort,
        path: '/metrics',
        ca: readFileSync(path.join(tls, 'ca.crt')),
        cert: readFileSync(path.join(tls, 'server.crt')),
        key: readFileSync(path.join(tls, 'server.key')),
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => {
          const height = /^ledger_blockchain_height\{channel="[^"]+"\} (\d+)/m.exec(text)?.[1];
          if (height === undefined) reject(new Error(`no ledger height in ${org}'s metrics (HTTP ${String(res.statusCode)})`));
          else resolve(Number(height));
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** The height of `org`'s copy of the ledger, from its peer's qscc, as its admin. */
function ledgerHeight(org: string): Promise<number> {
  return onChannel(org, async (channel) => {
    const bytes = await channel.getContract('qscc').evaluateTransaction('GetChainInfo', channel.getName());
    return common.BlockchainInfo.deserializeBinary(bytes).getHeight();
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let leaver: Api;
let pastTransaction = '';

beforeAll(async () => {
  await ensureMembersOverHttp();
  onboard({ name, mspId, basePort, roles: 'INVESTOR', legalName: 'Example Exiting Broker (test network)', lei: '529900T8BM49AURSDO55' });
  leaver = new Api(name, 'operator1');
  const written = await leaver.request<{ transactionId: string }>('PUT', '/members/me/contact', {
    contactName: 'Closing desk',
    email: 'close@leaver.example',
  });
  expect(written.status).toBe(200);
  pastTransaction = written.body.transactionId;
}, 600_000);

describe('removing an institution', () => {
  it('is refused to anyone but the CSD, and then done by the CSD', () => {
    const refused = execFileSync('bash', ['-c', `bash "${SCRIPTS}/remove-org.sh" ${mspId} --as bank 2>&1 || true`], { encoding: 'utf8' });
    expect(refused).toMatch(/refused/);
    expect(refused).toMatch(/not satisfied|signature set did not satisfy|implicit policy evaluation failed/i);
    execFileSync('bash', [path.join(SCRIPTS, 'remove-org.sh'), mspId], { stdio: 'ignore' });
  }, 120_000);

  it('revokes it in the registry', async () => {
    const member = await csdAdmin.read<Member>(`/members/${mspId}`);
    expect(member.status).toBe('REVOKED');
  });

  it('leaves its peer without new blocks while the members’ peers go on', async () => {
    const before = await peerHeight(name, basePort + 3);
    const written = await csd.request<{ blockNumber: string }>('PUT', '/members/me/contact', {
      contactName: 'Operations',
      email: 'ops@csd.example',
    });
    expect(written.status).toBe(200);
    const block = Number(written.body.blockNumber);
    // The bank's peer receives the new block…
    expect(
      await eventually(
        () => ledgerHeight('bank'),
        (height) => height > block,
      ),
    ).toBeGreaterThan(block);
    // …and the removed institution's peer, still running, never does.
    for (let check = 0; check < 10; check++) {
      expect(await peerHeight(name, basePort + 3)).toBeLessThanOrEqual(block);
      await sleep(300);
    }
    expect(before).toBeLessThanOrEqual(block);
  });

  it('can no longer write, while its past transaction stays verifiable', async () => {
    // Its own peer still holds the ledger up to its removal, but no other peer endorses for it any more.
    const attempt = await leaver.request<{ error: { code: string } }>('PUT', '/members/me/contact', {
      contactName: 'After removal',
      email: 'late@leaver.example',
    });
    expect([403, 503]).toContain(attempt.status);
    expect((await csd.read<{ contactName: string }>(`/members/${mspId}/contact`)).contactName).toBe('Closing desk');
    const recorded = await csd.read<RecordedTransaction>(`/transactions/${pastTransaction}`);
    expect(recorded).toMatchObject({ valid: true, creatorMspId: mspId });
  });
});
