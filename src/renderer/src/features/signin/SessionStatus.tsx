import { useStore } from '../../store';
import type { Principal, SessionState } from '../../../../shared/domain';

function principalName(principal: Principal): string {
  return principal.kind === 'user' ? principal.name : (principal.clientName ?? `client ${principal.clientId}`);
}

/** Always says who and where the app is signed in, or why not, with the one action that helps. */
export function SessionStatus() {
  const session = useStore((s) => s.snapshot?.session);
  const connections = useStore((s) => s.snapshot?.connections);
  const signIn = useStore((s) => s.signIn);
  const cancelSignIn = useStore((s) => s.cancelSignIn);
  const signOut = useStore((s) => s.signOut);
  const reportError = useStore((s) => s.reportError);

  const connectionName = (id: string) => connections?.find((c) => c.id === id)?.name ?? 'the connection';
  const retry = async (connectionId: string) => {
    const result = await signIn(connectionId);
    if (!result.ok) reportError(result.message);
  };

  return (
    <div role="status" aria-label="Session" className={`session session-${session?.status ?? 'loading'}`}>
      <SessionText session={session} connectionName={connectionName} />
      {session?.status === 'signingIn' && session.waitingForBrowser && (
        <button type="button" onClick={() => void cancelSignIn()}>
          Cancel sign-in
        </button>
      )}
      {session?.status === 'expired' && (
        <button type="button" onClick={() => void retry(session.connectionId)}>
          Sign in again
        </button>
      )}
      {session?.status === 'error' && (
        <button type="button" onClick={() => void retry(session.connectionId)}>
          Try again
        </button>
      )}
      {(session?.status === 'signedIn' || session?.status === 'expired') && (
        <button type="button" onClick={() => void signOut()}>
          Sign out
        </button>
      )}
    </div>
  );
}

function SessionText({ session, connectionName }: { session: SessionState | undefined; connectionName(id: string): string }) {
  if (!session) return <span>Connecting to the app…</span>;
  switch (session.status) {
    case 'signedOut':
      return <span>Signed out</span>;
    case 'signingIn':
      return (
        <span>
          Signing in to {connectionName(session.connectionId)}
          {session.waitingForBrowser ? ' — finish signing in in your browser' : '…'}
        </span>
      );
    case 'signedIn':
      return (
        <span>
          Signed in as <strong>{principalName(session.principal)}</strong> in org <strong>{session.orgName}</strong>, region{' '}
          {session.regionLabel} <span className="muted">({session.connectionName})</span>
        </span>
      );
    case 'expired':
      return <span>Session expired for {connectionName(session.connectionId)}: {session.message}</span>;
    case 'error':
      return <span>Could not sign in to {connectionName(session.connectionId)}: {session.message}</span>;
  }
}
