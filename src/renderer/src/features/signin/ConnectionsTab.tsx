import { useState } from 'react';
import type { ConnectionSummary } from '../../../../shared/domain';
import { ConnectionForm } from './ConnectionForm';
import { ConnectionsList } from './ConnectionsList';

type Mode = { kind: 'list' } | { kind: 'new' } | { kind: 'edit'; connection: ConnectionSummary };

/** Switching orgs while signed in: the saved connections and a form for a new one. */
export function ConnectionsTab() {
  const [mode, setMode] = useState<Mode>({ kind: 'list' });
  const back = () => setMode({ kind: 'list' });
  if (mode.kind !== 'list') return <ConnectionForm {...(mode.kind === 'edit' ? { editing: mode.connection } : {})} onDone={back} onCancel={back} />;
  return (
    <section aria-labelledby="connections-title">
      <h2 id="connections-title">Connections</h2>
      <ConnectionsList onEdit={(connection) => setMode({ kind: 'edit', connection })} />
      <button type="button" onClick={() => setMode({ kind: 'new' })}>
        Add connection
      </button>
    </section>
  );
}
