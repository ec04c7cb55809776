/**
 * The shell: sign-in, the header saying who the caller is, the navigation
 * its role allows, and the screen of the current hash route. Everything
 * goes through the caller's own organisation's gateway as the caller.
 */
import type { ComponentType } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, read, session } from './api/client';
import { Show } from './components/Feedback';
import { failure, useLoad } from './components/hooks';
import { TextField } from './components/Fields';
import { ErrorAlert } from './components/Feedback';
import { type Caller, callerSummary, outsider } from './model/caller';
import { type ApiErrorBody, explain } from './model/errors';
import { type Me, roleView, type Screen, userName, userRole } from './model/permissions';
import { href, parseRoute, type Route } from './model/route';
import { ApplicationPage, Applications } from './screens/applications';
import { BondPage, Bonds } from './screens/bonds';
import { Events } from './screens/events';
import { Holdings } from './screens/holdings';
import { MemberPage, Members } from './screens/members';
import { Payments } from './screens/payments';
import { Scheduler } from './screens/scheduler';
import { Settlements } from './screens/settlements';
import { Transfers } from './screens/transfers';
import { Users } from './screens/users';
import { Verify } from './screens/verify';

/** What each screen is called: its link and its `<h1>`. */
export const SCREEN_NAMES: Record<Screen, string> = {
  members: 'Members',
  applications: 'Applications',
  bonds: 'Bonds',
  holdings: 'Holdings',
  transfers: 'Transfers',
  payments: 'Payments',
  settlements: 'Settlements',
  scheduler: 'Scheduler',
  users: 'Users',
  events: 'Events',
  verify: 'Verify transaction',
};

export interface ScreenProps {
  me: Me;
  id?: string;
  /** Ends the session: for a screen that finds the key refused (UNAUTHENTICATED). */
  signOut?: () => void;
}

const SCREENS: Record<Screen, ComponentType<ScreenProps>> = {
  members: (p) => (p.id === undefined ? <Members {...p} /> : <MemberPage {...p} mspId={p.id} />),
  applications: (p) => (p.id === undefined ? <Applications {...p} /> : <ApplicationPage {...p} applicationId={p.id} />),
  bonds: (p) => (p.id === undefined ? <Bonds {...p} /> : <BondPage {...p} isin={p.id} />),
  holdings: Holdings,
  transfers: Transfers,
  payments: Payments,
  settlements: Settlements,
  scheduler: Scheduler,
  users: Users,
  events: Events,
  verify: Verify,
};

/** The caller as GET /me tells it; a non-member or revoked organisation as an outsider (model/caller.ts). */
async function whoAmI(): Promise<Caller> {
  try {
    const who = await read(api.GET('/me'));
    const me = { mspId: who.mspId, user: userName(who.identity), role: userRole(who.identityRoles), identityRoles: who.identityRoles };
    return { me: { ...me, member: who.member } };
  } catch (error) {
    const caller = outsider(failure(error));
    if (caller === undefined) throw error;
    return caller;
  }
}

function useHashRoute(): Route | undefined {
  const [hash, setHash] = useState(window.location.hash);
  useEffect(() => {
    const changed = () => {
      setHash(window.location.hash);
    };
    window.addEventListener('hashchange', changed);
    return () => {
      window.removeEventListener('hashchange', changed);
    };
  }, []);
  return parseRoute(hash);
}

export function App() {
  const [signedIn, setSignedIn] = useState(session.key() !== null);
  const signOut = useCallback(() => {
    session.signOut();
    setSignedIn(false);
  }, []);
  return signedIn ? (
    <Console signOut={signOut} />
  ) : (
    <SignIn
      onSignedIn={() => {
        setSignedIn(true);
      }}
    />
  );
}

function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<ApiErrorBody>();
  const [busy, setBusy] = useState(false);
  return (
    <main class="signin">
      <h1>Bond platform console</h1>
      <form
        aria-label="Sign in"
        onSubmit={(e) => {
          e.preventDefault();
          setBusy(true);
          session.signIn(key.trim());
          // The key is checked by asking who it belongs to; a refused key is not kept (an outsider's is: model/caller.ts).
          whoAmI().then(
            () => {
              onSignedIn();
            },
            (err: unknown) => {
              session.signOut();
              setError(failure(err));
              setBusy(false);
            },
          );
        }}
      >
        <TextField label="API key" type="password" value={key} onInput={setKey} required autoComplete="off" />
        <button type="submit" disabled={busy}>
          Sign in
        </button>
        {error && <ErrorAlert error={error} />}
      </form>
      <p class="muted">Your organisation’s administrator gives you the key. It is kept in this browser tab only, until you sign out.</p>
    </main>
  );
}

function Console({ signOut }: { signOut: () => void }) {
  const [me] = useLoad(whoAmI, []);
  const route = useHashRoute();
  useEffect(() => {
    if (me.error?.code === 'UNAUTHENTICATED') signOut();
  }, [me.error, signOut]);
  return (
    <>
      <header class="top">
        <span class="brand">Bond platform console</span>
        {me.data && <section aria-label="Signed-in user">{callerSummary(me.data)}</section>}
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      <Show state={me}>{(caller) => <Signed caller={caller} route={route} signOut={signOut} />}</Show>
    </>
  );
}

function Signed({ caller, route, signOut }: { caller: Caller; route: Route | undefined; signOut: () => void }) {
  const { me, refusal } = caller;
  const view = roleView(me);
  const first = view.screens[0] ?? 'verify';
  const current = route && view.screens.includes(route.screen) ? route : { screen: first };
  const Current = SCREENS[current.screen];
  return (
    <>
      {me.member?.status === 'SUSPENDED' && (
        <p class="banner">
          {me.mspId} is SUSPENDED{me.member.statusReason === undefined ? '' : ` (${me.member.statusReason})`}: you may read your own records
          and change nothing until the CSD reinstates it.
        </p>
      )}
      {view.kind === 'outsider' && (
        <p class="banner" role="note">
          {refusal === undefined
            ? `${me.mspId} is not an active member of the platform.`
            : `${refusal.code}: ${refusal.message}. ${explain(refusal.code) ?? ''}`}{' '}
          Only transaction lookup is available.
        </p>
      )}
      <nav aria-label="Main" class="main">
        {view.screens.map((s) => (
          <a key={s} href={href(s)} aria-current={s === current.screen ? 'page' : undefined}>
            {SCREEN_NAMES[s]}
          </a>
        ))}
      </nav>
      <main>
        <Current key={`${current.screen}/${current.id ?? ''}`} me={me} id={current.id} signOut={signOut} />
      </main>
    </>
  );
}
