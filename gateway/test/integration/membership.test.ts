/**
 * Membership and access rules on the real network, with identities enrolled
 * from each organisation's Fabric CA. The ledger persists between runs, so
 * each test brings the founding members to a known state first and uses a
 * fresh MSP ID where it needs a never-seen member.
 */
import { StatusCode } from '@hyperledger/fabric-gateway';
import { ErrorCode, type Member, type MemberHistoryEntry, type Page } from '@bond-platform/chaincode/api';
import { expectRefused, json, Participants } from './participants';

const participants = new Participants();
afterAll(() => {
  participants.close();
});

const csdAdmin = () => participants.membership('csd', 'admin');
const csdOperator = () => participants.membership('csd', 'operator1');
const bankAdmin = () => participants.membership('bank', 'admin');
const bankOperator = () => participants.membership('bank', 'operator1');
const bankViewer = () => participants.membership('bank', 'viewer1');
const securitiesOperator = () => participants.membership('securities', 'operator1');

async function getMember(mspId: string): Promise<Member | undefined> {
  try {
    return json<Member>(await csdAdmin().evaluateTransaction('GetMember', mspId));
  } catch {
    return undefined;
  }
}

beforeAll(() => participants.ensureFoundingMembers());

describe('member registry on the network', () => {
  it('has the CSD, initialised at deployment, and both institutions with different roles', async () => {
    const page = json<Page<Member>>(await securitiesOperator().evaluateTransaction('ListMembers', '50', ''));
    const byMsp = new Map(page.records.map((m) => [m.mspId, m]));
    expect(byMsp.get(participants.mspId('csd'))).toMatchObject({ roles: ['CSD'], status: 'ACTIVE' });
    expect(byMsp.get(participants.mspId('bank'))).toMatchObject({ roles: ['CUSTODIAN', 'INVESTOR', 'PAYING_AGENT'], status: 'ACTIVE' });
    expect(byMsp.get(participants.mspId('securities'))).toMatchObject({ roles: ['INVESTOR', 'ISSUER', 'UNDERWRITER'], status: 'ACTIVE' });
  });

  it('admits a new member in a transaction endorsed by the CSD and a member, committed VALID', async () => {
    const mspId = `Probe${Date.now()}MSP`;
    const request = JSON.stringify({ mspId, legalName: 'Probe Institution', lei: '5299009PROBETESTNE58', roles: ['INVESTOR'] });
    const submitted = await csdAdmin().submitAsync('AdmitMember', { arguments: [request] });
    const status = await submitted.getStatus();
    expect(status.code).toBe(StatusCode.VALID);
    const admitted = json<Member>(submitted.getResult());
    expect(admitted).toMatchObject({ mspId, status: 'ACTIVE', roles: ['INVESTOR'] });
    expect(admitted.admitted.txId).toBe(submitted.getTransactionId());
    // Committed: every member's peer now answers with the same record.
    expect(json<Member>(await bankOperator().evaluateTransaction('GetMember', mspId))).toEqual(admitted);
  });

  it('refuses at validation a transaction endorsed by a member alone (policy: CSD AND one member)', async () => {
    const mspId = `Unendorsed${Date.now()}MSP`;
    const request = JSON.stringify({ mspId, legalName: 'Nobody', lei: '5493001KJTIIGC8Y1R12', roles: ['INVESTOR'] });
    const proposal = csdAdmin().newProposal('AdmitMember', {
      arguments: [request],
      endorsingOrganizations: [participants.mspId('bank')],
    });
    const transaction = await proposal.endorse();
    const status = await (await transaction.submit()).getStatus();
    expect(status.code).toBe(StatusCode.ENDORSEMENT_POLICY_FAILURE);
    await expectRefused(csdAdmin().evaluateTransaction('GetMember', mspId), ErrorCode.NOT_FOUND);
  });

  it("refuses an institution's admin changing membership, leaving the ledger unchanged", async () => {
    const bankMsp = participants.mspId('bank');
    const before = await getMember(bankMsp);
    const mspId = `SelfAdmitted${Date.now()}MSP`;
    await expectRefused(
      bankAdmin().submitTransaction(
        'AdmitMember',
        JSON.stringify({ mspId, legalName: 'X', lei: '5493001KJTIIGC8Y1R12', roles: ['ISSUER'] }),
      ),
      ErrorCode.ADMIN_REQUIRED,
    );
    await expectRefused(
      bankAdmin().submitTransaction('ChangeRoles', JSON.stringify({ mspId: bankMsp, roles: ['ISSUER'] })),
      ErrorCode.ADMIN_REQUIRED,
    );
    await expectRefused(csdAdmin().evaluateTransaction('GetMember', mspId), ErrorCode.NOT_FOUND);
    expect(await getMember(bankMsp)).toEqual(before);
  });

  it('refuses a CSD user without the admin attribute', async () => {
    await expectRefused(
      csdOperator().submitTransaction('SuspendMember', JSON.stringify({ mspId: participants.mspId('bank'), reason: 'x' })),
      ErrorCode.ADMIN_REQUIRED,
    );
  });

  it('needs the operator attribute in the certificate for member instructions', async () => {
    const contact = JSON.stringify({ contactName: 'Back office', email: 'ops@bank.example' });
    await expectRefused(bankViewer().submitTransaction('UpdateContact', contact), ErrorCode.ATTRIBUTE_REQUIRED);
    await expectRefused(bankAdmin().submitTransaction('UpdateContact', contact), ErrorCode.ATTRIBUTE_REQUIRED);
  });

  it('suspends the bank, whose next write is refused; reinstates it, and the write succeeds', async () => {
    const bankMsp = participants.mspId('bank');
    const contact = (n: number) => JSON.stringify({ contactName: `Settlement desk ${n}`, email: 'desk@bank.example' });

    const suspension = await csdAdmin().submitAsync('SuspendMember', {
      arguments: [JSON.stringify({ mspId: bankMsp, reason: 'margin call unpaid' })],
    });
    const suspended = await suspension.getStatus();
    expect(suspended.code).toBe(StatusCode.VALID);

    await expectRefused(bankOperator().submitTransaction('UpdateContact', contact(1)), ErrorCode.MEMBER_SUSPENDED);
    // Suspended: its own record is readable, others' are not.
    expect(json<Member>(await bankOperator().evaluateTransaction('GetMember', bankMsp))).toMatchObject({
      status: 'SUSPENDED',
      statusReason: 'margin call unpaid',
    });
    await expectRefused(bankOperator().evaluateTransaction('GetMember', participants.mspId('csd')), ErrorCode.ACCESS_DENIED);

    const reinstatement = await csdAdmin().submitAsync('ReinstateMember', {
      arguments: [JSON.stringify({ mspId: bankMsp, reason: 'margin paid' })],
    });
    expect((await reinstatement.getStatus()).code).toBe(StatusCode.VALID);
    const updated = json<{ contactName: string }>(await bankOperator().submitTransaction('UpdateContact', contact(2)));
    expect(updated.contactName).toBe('Settlement desk 2');

    // Both changes are in the member's history, with their transaction ids.
    const history = json<MemberHistoryEntry[]>(await csdOperator().evaluateTransaction('GetMemberHistory', bankMsp));
    const txIds = history.map((entry) => entry.txId);
    expect(txIds).toContain(suspension.getTransactionId());
    expect(txIds).toContain(reinstatement.getTransactionId());
    // Newest first, as Fabric returns a key's history.
    expect(history[0]?.txId).toBe(reinstatement.getTransactionId());
    expect(history[0]?.member).toMatchObject({ status: 'ACTIVE', statusReason: 'margin paid' });

    // And the suspension was announced as a chaincode event in its block.
    const events = await participants
      .channel('securities', 'operator1')
      .getChaincodeEvents(participants.network.chaincode, { startBlock: suspended.blockNumber });
    try {
      for await (const event of events) {
        if (event.transactionId !== suspension.getTransactionId()) continue;
        expect(event.eventName).toBe('MemberSuspended');
        expect(json<Member>(event.payload)).toMatchObject({ mspId: bankMsp, status: 'SUSPENDED' });
        break;
      }
    } finally {
      events.close();
    }
  });
});
