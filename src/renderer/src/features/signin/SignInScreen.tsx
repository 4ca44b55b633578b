import { useState } from 'react';
import type { ConnectionSummary } from '../../../../shared/domain';
import { useStore } from '../../store';
import { ConnectionForm } from './ConnectionForm';
import { ConnectionsList } from './ConnectionsList';

type Mode = { kind: 'choose' } | { kind: 'new' } | { kind: 'edit'; connection: ConnectionSummary };

/** First run (no connections) and the signed-out screen: the demo org, a new connection, or a saved one. */
export function SignInScreen() {
  const [mode, setMode] = useState<Mode>({ kind: 'choose' });
  const hasConnections = useStore((s) => (s.snapshot?.connections.length ?? 0) > 0);
  const signingIn = useStore((s) => s.snapshot?.session.status === 'signingIn');
  const signInDemo = useStore((s) => s.signInDemo);
  const reportError = useStore((s) => s.reportError);

  if (mode.kind !== 'choose') {
    const back = () => setMode({ kind: 'choose' });
    return <ConnectionForm {...(mode.kind === 'edit' ? { editing: mode.connection } : {})} onDone={back} onCancel={back} />;
  }

  const tryDemo = async () => {
    const result = await signInDemo();
    if (!result.ok) reportError(result.message);
  };

  return (
    <section className="sign-in card" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{hasConnections ? 'Sign in' : 'Welcome to Softphone Companion'}</h1>
      {!hasConnections && <p>Place calls on behalf of your agents, watch them live, and keep a record. Start with the built-in demo org, or connect to your Genesys Cloud org.</p>}
      {hasConnections && <ConnectionsList onEdit={(connection) => setMode({ kind: 'edit', connection })} />}
      <div className="actions">
        <button type="button" className={hasConnections ? undefined : 'primary'} disabled={signingIn} onClick={() => void tryDemo()}>
          Try the demo org
        </button>
        <button type="button" className={hasConnections ? undefined : 'primary'} onClick={() => setMode({ kind: 'new' })}>
          Connect to your org
        </button>
      </div>
    </section>
  );
}
