/**
 * A supervisory authority onboarded with add-org.sh like an institution, but
 * with the REGULATOR role: its own peer holds the whole ledger, so it
 * verifies any record — including those written before it joined — from
 * its own copy; it reads every institution's public records and writes
 * nothing.
 */
import type { Member } from '@bond-platform/chaincode/api';
import { eventually } from './eventually';
import { Api, ensureMembersOverHttp, mspOf } from './http-client';
import { onboard, REGULATOR } from './onboard';
import type { ErrorBody } from '../../src/http/errors';

const regulator = new Api('regulator', 'operator1');
const bank = new Api('bank', 'operator1');

interface RecordedTransaction {
  status: string;
  blockNumber: string;
  valid: boolean;
  creatorMspId: string;
  endorserMspIds: string[];
}

beforeAll(async () => {
  await ensureMembersOverHttp();
  onboard(REGULATOR);
}, 600_000);

describe('a supervisory authority', () => {
  it('is admitted with the REGULATOR role alone', async () => {
    const me = await regulator.read<{ mspId: string; member: { roles: string[]; status: string } }>('/me');
    expect(me).toMatchObject({ mspId: 'RegulatorMSP', member: { roles: ['REGULATOR'], status: 'ACTIVE' } });
  });

  it("reads every institution's records and is refused any write", async () => {
    const members = await regulator.read<{ records: Member[] }>('/members');
    expect(members.records.map((m) => m.mspId)).toEqual(expect.arrayContaining([mspOf('csd'), mspOf('bank'), mspOf('securities')]));
    expect((await regulator.get(`/holders/${mspOf('bank')}/holdings`)).status).toBe(200);
    for (const [method, route, body] of [
      ['PUT', '/members/me/contact', { contactName: 'Supervision desk', email: 'desk@regulator.example' }],
      ['POST', '/freezes', { isin: 'XS0000000009', holder: mspOf('bank'), accountId: 'PROPRIETARY', units: '1', reason: 'court order' }],
    ] as const) {
      const refused = await regulator.request<ErrorBody>(method, route, body);
      expect([route, refused.status, refused.body.error.code]).toEqual([route, 403, 'READ_ONLY_MEMBER']);
    }
  });

  it('verifies records from its own peer, back to the ledger’s first transactions', async () => {
    // The CSD's own membership was written when the ledger was initialised, long before the regulator joined.
    const csd = await regulator.read<Member>(`/members/${mspOf('csd')}`);
    const first = await regulator.read<RecordedTransaction>(`/transactions/${csd.admitted.txId}`);
    expect(first).toMatchObject({ status: 'COMMITTED', valid: true, creatorMspId: mspOf('csd') });

    const written = await bank.request<{ transactionId: string }>('PUT', '/members/me/contact', {
      contactName: 'Back office',
      email: 'ops@bank.example',
    });
    expect(written.status).toBe(200);
    // Its peer commits the block independently of the bank's: wait until it has.
    const seen = await eventually(
      () => regulator.get<RecordedTransaction>(`/transactions/${written.body.transactionId}`),
      (found) => found.status === 200,
    );
    expect(seen.body).toMatchObject({ valid: true, creatorMspId: mspOf('bank') });
    expect(seen.body.endorserMspIds).toContain(mspOf('csd'));
    expect(Number(seen.body.blockNumber)).toBeGreaterThan(Number(first.blockNumber));
  });
});
