/** The CSD's members: admit, and per member its record, history and status changes (CSD admins). */
import { useState } from 'preact/hooks';
import type { ScreenProps } from '../app';
import { allPages, api, read, type Schemas } from '../api/client';
import type { operations } from '../api/schema';
import { ActionButtons } from '../components/ActionButton';
import { Checkboxes, TextField } from '../components/Fields';
import { ProgressStatus, Show } from '../components/Feedback';
import { useAction, useLoad } from '../components/hooks';
import { Page } from '../components/Page';
import { Table } from '../components/Table';
import { may } from '../model/permissions';
import { href } from '../model/route';

/** The roles the CSD may give (AdmitMember's and ChangeRoles' list: every role but CSD). */
type GrantableRole = operations['admitMember']['requestBody']['content']['application/json']['roles'][number];
/** A record over the API's type, so a role the API adds or drops fails to compile here. */
const ROLE_OPTIONS: Record<GrantableRole, true> = {
  ISSUER: true,
  UNDERWRITER: true,
  INVESTOR: true,
  PAYING_AGENT: true,
  CUSTODIAN: true,
  BENCHMARK_ADMINISTRATOR: true,
  REGULATOR: true,
};
const GRANTABLE_ROLES = Object.keys(ROLE_OPTIONS) as GrantableRole[];

const grantable = (roles: readonly Schemas['Role'][]): GrantableRole[] => GRANTABLE_ROLES.filter((r) => roles.includes(r));

export function Members({ me }: ScreenProps) {
  const [members, reload] = useLoad(
    () => allPages((cursor) => api.GET('/members', { params: { query: { pageSize: '100', cursor } } })),
    [],
  );
  return (
    <Page title="Members">
      {may.administerMembers(me) && <AdmitForm onAdmitted={reload} />}
      <Show state={members}>
        {(rows) => (
          <Table
            caption="Members"
            rows={rows}
            rowKey={(m) => m.mspId}
            columns={[
              { header: 'MSP ID', cell: (m) => <a href={href('members', m.mspId)}>{m.mspId}</a> },
              { header: 'Legal name', cell: (m) => m.legalName },
              { header: 'LEI', cell: (m) => <code>{m.lei}</code> },
              { header: 'Roles', cell: (m) => m.roles.join(', ') },
              { header: 'Status', cell: (m) => m.status },
            ]}
          />
        )}
      </Show>
    </Page>
  );
}

function AdmitForm({ onAdmitted }: { onAdmitted: () => void }) {
  const [mspId, setMspId] = useState('');
  const [legalName, setLegalName] = useState('');
  const [lei, setLei] = useState('');
  const [roles, setRoles] = useState<GrantableRole[]>([]);
  const action = useAction(onAdmitted);
  return (
    <form
      aria-label="Admit a member"
      onSubmit={(e) => {
        e.preventDefault();
        const body = { mspId: mspId.trim(), legalName: legalName.trim(), lei: lei.trim().toUpperCase(), roles };
        void action.run(body, (headers) => api.POST('/members', { body, headers }));
      }}
    >
      <p class="form-title">Admit a member</p>
      <TextField label="MSP ID" value={mspId} onInput={setMspId} required />
      <TextField label="Legal name" value={legalName} onInput={setLegalName} required />
      <TextField label="LEI" value={lei} onInput={setLei} required hint="20 characters, ISO 17442" />
      <Checkboxes legend="Roles" options={GRANTABLE_ROLES} checked={roles} onChange={setRoles} />
      <button type="submit" disabled={action.busy}>
        Admit
      </button>
      <ProgressStatus progress={action.progress} />
    </form>
  );
}

export function MemberPage({ me, mspId }: ScreenProps & { mspId: string }) {
  const [member, reload] = useLoad(
    () =>
      Promise.all([
        read(api.GET('/members/{mspId}', { params: { path: { mspId } } })),
        read(api.GET('/members/{mspId}/history', { params: { path: { mspId } } })),
      ]),
    [mspId],
  );
  return (
    <Page title={mspId}>
      <p>
        <a href={href('members')}>All members</a>
      </p>
      <Show state={member}>
        {([record, history]) => (
          <>
            <dl class="terms">
              <div>
                <dt>Legal name</dt>
                <dd>{record.legalName}</dd>
              </div>
              <div>
                <dt>LEI</dt>
                <dd>
                  <code>{record.lei}</code>
                </dd>
              </div>
              <div>
                <dt>Status</dt>
                <dd>
                  {record.status}
                  {record.statusReason === undefined ? '' : ` — ${record.statusReason}`}
                </dd>
              </div>
              <div>
                <dt>Roles</dt>
                <dd>{record.roles.join(', ')}</dd>
              </div>
              <div>
                <dt>Admitted</dt>
                <dd>{record.admitted.timestamp}</dd>
              </div>
            </dl>
            {may.administerMembers(me) && !record.roles.includes('CSD') && <MemberControls member={record} onChanged={reload} />}
            <Table
              caption="History"
              rows={history}
              rowKey={(h) => h.txId}
              columns={[
                { header: 'When', cell: (h) => h.timestamp },
                { header: 'Status', cell: (h) => h.member?.status ?? 'deleted' },
                { header: 'Roles', cell: (h) => h.member?.roles.join(', ') },
                { header: 'Reason', cell: (h) => h.member?.statusReason },
                {
                  header: 'Changed by',
                  cell: (h) => h.member && `${h.member.lastChange.mspId} ${h.member.lastChange.identity.split('::')[1] ?? ''}`,
                },
                { header: 'Transaction', cell: (h) => <code>{h.txId}</code> },
              ]}
            />
          </>
        )}
      </Show>
    </Page>
  );
}

function MemberControls({ member, onChanged }: { member: Schemas['Member']; onChanged: () => void }) {
  const [reason, setReason] = useState('');
  const [roles, setRoles] = useState<GrantableRole[]>(grantable(member.roles));
  const path = { mspId: member.mspId };
  const body = { reason: reason.trim() };
  const rolesAction = useAction(onChanged);
  return (
    <>
      <h2>Status</h2>
      {member.status !== 'REVOKED' && (
        <TextField label="Reason" value={reason} onInput={setReason} hint="Recorded with the change and shown in the history" />
      )}
      <ActionButtons
        onDone={onChanged}
        about={`member ${member.mspId}`}
        buttons={[
          {
            label: 'Suspend',
            what: [path, body],
            send: (headers) => api.POST('/members/{mspId}/suspension', { params: { path }, body, headers }),
            hidden: member.status !== 'ACTIVE',
          },
          {
            label: 'Reinstate',
            what: [path, body],
            send: (headers) => api.POST('/members/{mspId}/reinstatement', { params: { path }, body, headers }),
            hidden: member.status !== 'SUSPENDED',
          },
          {
            label: 'Revoke',
            what: [path, body],
            send: (headers) => api.POST('/members/{mspId}/revocation', { params: { path }, body, headers }),
            hidden: member.status === 'REVOKED',
            confirm: `Revoke ${member.mspId}? A revoked member cannot be reinstated.`,
          },
        ]}
      />
      {member.status !== 'REVOKED' && (
        <form
          aria-label="Change roles"
          onSubmit={(e) => {
            e.preventDefault();
            void rolesAction.run(['roles', path, roles], (headers) =>
              api.PUT('/members/{mspId}/roles', { params: { path }, body: { roles }, headers }),
            );
          }}
        >
          <p class="form-title">Change roles</p>
          <Checkboxes legend="Roles" options={GRANTABLE_ROLES} checked={roles} onChange={setRoles} />
          <button type="submit" disabled={rolesAction.busy}>
            Change roles
          </button>
          <ProgressStatus progress={rolesAction.progress} />
        </form>
      )}
    </>
  );
}
