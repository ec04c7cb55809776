/**
 * The organisation's own API users (its admins): register, renew, revoke.
 * A new user's API key is made here in the browser and only its SHA-256
 * goes to the gateway, which never answers a key; it is shown once, when
 * the gateway has answered 201 to the registration that sent its hash.
 */
import { useRef, useState } from 'preact/hooks';
import type { ScreenProps } from '../app';
import { api, read, type Schemas } from '../api/client';
import { ActionButtons } from '../components/ActionButton';
import { SelectField, TextField } from '../components/Fields';
import { ProgressStatus, Show } from '../components/Feedback';
import { useAction, useLoad } from '../components/hooks';
import { Page } from '../components/Page';
import { Table } from '../components/Table';
import { may } from '../model/permissions';

type UserRole = Schemas['User']['role'];
const USER_ROLES: Record<UserRole, true> = { operator: true, viewer: true, admin: true };

/** `bk_` and 48 random hex characters, as the gateway's keys are. */
function newApiKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return `bk_${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export function Users({ me }: ScreenProps) {
  const [users, reload] = useLoad(() => read(api.GET('/admin/users')), []);
  const admin = may.administerUsers(me);
  return (
    <Page title="Users">
      {admin && <RegisterForm onRegistered={reload} />}
      <Show state={users}>
        {(rows) => (
          <Table
            caption="Users"
            rows={rows}
            rowKey={(u) => u.user}
            columns={[
              { header: 'User', cell: (u) => u.user },
              { header: 'Role', cell: (u) => u.role },
              { header: 'Source', cell: (u) => u.source },
              { header: 'Status', cell: (u) => `${u.status}${u.revocationReason === undefined ? '' : ` (${u.revocationReason})`}` },
              { header: 'Registered', cell: (u) => u.registeredAt ?? '' },
              { header: 'Certificate serial', cell: (u) => (u.certificateSerial === undefined ? '' : <code>{u.certificateSerial}</code>) },
              {
                header: 'Action',
                cell: (u) =>
                  admin && u.source === 'REGISTERED' ? (
                    <ActionButtons
                      onDone={reload}
                      about={`user ${u.user}`}
                      buttons={[
                        {
                          label: 'Renew',
                          what: u.user,
                          send: (headers) => api.POST('/admin/users/{user}/enrolment', { params: { path: { user: u.user } }, headers }),
                          hidden: u.status !== 'ACTIVE',
                        },
                        {
                          label: 'Revoke',
                          what: u.user,
                          send: (headers) =>
                            api.POST('/admin/users/{user}/revocation', { params: { path: { user: u.user } }, body: {}, headers }),
                          hidden: u.status !== 'ACTIVE',
                          confirm: `Revoke ${u.user}? Its API key and certificate stop working for good.`,
                        },
                      ]}
                    />
                  ) : null,
              },
            ]}
          />
        )}
      </Show>
    </Page>
  );
}

function RegisterForm({ onRegistered }: { onRegistered: () => void }) {
  const [user, setUser] = useState('');
  const [role, setRole] = useState<UserRole>('operator');
  const [issued, setIssued] = useState<{ user: string; key: string }>();
  // A ref, not state: the submit handler must see the attempt of the previous click, not the render's.
  const pending = useRef<{ user: string; key: string }>(undefined);
  const action = useAction(onRegistered);
  return (
    <form
      aria-label="Register a user"
      onSubmit={(e) => {
        e.preventDefault();
        // One key per registration: a retry of a registration whose outcome is unknown sends the same hash.
        const attempt = pending.current?.user === user.trim() ? pending.current : { user: user.trim(), key: newApiKey() };
        pending.current = attempt;
        void sha256Hex(attempt.key)
          .then((apiKeySha256) => {
            const body = { user: attempt.user, role, apiKeySha256 };
            return action.run(body, (headers) => api.POST('/admin/users', { body, headers }));
          })
          .then((final) => {
            // The key of this very request, once the gateway has answered the user it registered.
            if (final.stage === 'committed') setIssued({ user: (final.result as Schemas['User']).user, key: attempt.key });
            if (final.stage === 'committed' || (final.stage === 'failed' && !final.outcomeUnknown)) pending.current = undefined;
          });
      }}
    >
      <p class="form-title">Register a user</p>
      <TextField label="User" value={user} onInput={setUser} required />
      <SelectField
        label="Role"
        value={role}
        options={Object.keys(USER_ROLES)}
        onChange={(v) => {
          setRole(v as UserRole);
        }}
      />
      <button type="submit" disabled={action.busy}>
        Register
      </button>
      <ProgressStatus progress={action.progress} />
      {issued && (
        <div class="alert" role="note">
          <p>
            API key of <strong>{issued.user}</strong>, shown this once — give it to the user now; it cannot be shown again:
          </p>
          <p>
            <code>{issued.key}</code>
          </p>
        </div>
      )}
    </form>
  );
}
