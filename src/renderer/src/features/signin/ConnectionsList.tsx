import type { ConnectionSummary } from '../../../../shared/domain';
import { regionLabel } from '../../../../shared/regions';
import { ConfirmButton } from '../../components/ConfirmButton';
import { useStore } from '../../store';

const methodNames: Record<ConnectionSummary['method'], string> = {
  clientCredentials: 'Client credentials',
  pkce: 'Browser sign-in (PKCE)',
  demo: 'Demo org',
};

export function ConnectionsList({ onEdit }: { onEdit(connection: ConnectionSummary): void }) {
  const connections = useStore((s) => s.snapshot?.connections);
  const session = useStore((s) => s.snapshot?.session);
  const signIn = useStore((s) => s.signIn);
  const deleteConnection = useStore((s) => s.deleteConnection);
  const reportError = useStore((s) => s.reportError);

  if (!connections || connections.length === 0) return <p className="muted">No saved connections yet.</p>;
  const activeId = session && session.status !== 'signedOut' ? session.connectionId : null;

  return (
    <ul aria-label="Connections" className="connections">
      {connections.map((connection) => {
        const active = connection.id === activeId && session?.status === 'signedIn';
        return (
          <li key={connection.id} aria-current={active ? 'true' : undefined} className="connection">
            <div>
              <strong>{connection.name}</strong>
              {active && <span className="badge">Signed in</span>}
              <div className="muted">
                {regionLabel(connection.region, connection.customHost)} · {methodNames[connection.method]}
                {connection.method === 'clientCredentials' && !connection.hasSecret && ' · no secret stored'}
              </div>
            </div>
            <div className="actions">
              <button
                type="button"
                disabled={active}
                onClick={() => {
                  void signIn(connection.id).then((result) => {
                    if (!result.ok) reportError(result.message);
                  });
                }}
              >
                Sign in to {connection.name}
              </button>
              {connection.method !== 'demo' && (
                <button type="button" onClick={() => onEdit(connection)}>
                  Edit {connection.name}
                </button>
              )}
              <ConfirmButton
                label={`Delete ${connection.name}`}
                question={`Delete ${connection.name} and its stored secret?`}
                confirmLabel="Delete"
                className="danger"
                onConfirm={() => void deleteConnection(connection.id)}
              />
            </div>
          </li>
        );
      })}
    </ul>
  );
}
