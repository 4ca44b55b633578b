import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { PendingLink } from '../../../../shared/domain';
import { Dialog } from '../../components/Dialog';
import { useStore } from '../../store';
import { AgentPicker } from '../agents/AgentPicker';

/** A tel:/callto: link never dials by itself: it waits here for one confirming key. */
export function LinkDialog() {
  const pending = useStore((s) => s.snapshot?.links.pending ?? null);
  // Keyed by the link: a new link starts with its own preset agent.
  return pending ? <PendingLinkDialog key={pending.id} pending={pending} /> : null;
}

function PendingLinkDialog({ pending }: { pending: PendingLink }) {
  const [agentId, setAgentId] = useState<string | null>(pending.agentId ?? null);
  const [busy, setBusy] = useState(false);
  const dropped = useStore((s) => s.snapshot?.links.droppedCount ?? 0);
  const confirmLink = useStore((s) => s.confirmLink);
  const dismissLink = useStore((s) => s.dismissLink);
  const receiveOutcome = useStore((s) => s.receiveOutcome);
  const agentName = useStore((s) => (agentId ? s.agentsById[agentId]?.name : undefined));
  const callRef = useRef<HTMLButtonElement>(null);
  const prepareAgent = useStore((s) => s.prepareAgent);
  // The preset (or newly picked) agent is the one Enter will ring: get main ready for it.
  useEffect(() => prepareAgent(agentId), [agentId, prepareAgent]);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    const outcome = await confirmLink(pending.id, agentId);
    setBusy(false);
    // A warning (agent offline…) goes through the same "Dial anyway" confirmation as the dialer.
    receiveOutcome({ number: pending.e164, source: 'link', linkId: pending.id, ...(agentId ? { agentId } : {}) }, outcome);
  };

  return (
    <Dialog title="Call this number?" onEscape={() => void dismissLink(pending.id)} initialFocus={callRef}>
      <form onSubmit={(event) => void onSubmit(event)}>
        <p className="link-number">
          <strong>{pending.displayNumber}</strong> <span className="muted">({pending.e164})</span>
        </p>
        <AgentPicker value={agentId} onChange={setAgentId} />
        {dropped > 0 && (
          <p className="muted">
            {dropped === 1 ? '1 more link was ignored while this one waits' : `${dropped} more links were ignored while this one waits`}
          </p>
        )}
        <div className="actions">
          <button type="submit" ref={callRef} className="primary" disabled={busy} aria-describedby={agentName ? undefined : 'link-no-agent'}>
            Call
          </button>
          <button type="button" onClick={() => void dismissLink(pending.id)}>
            Dismiss
          </button>
        </div>
        {!agentName && (
          <p id="link-no-agent" className="muted">
            No agent chosen: the call is placed from your own phone if your sign-in allows it.
          </p>
        )}
      </form>
    </Dialog>
  );
}

/** "That link was not a phone number: …" — shown until dismissed; a newer rejection (another `at`) shows again. */
export function LinkRejection() {
  const rejection = useStore((s) => s.snapshot?.links.lastRejection);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  if (!rejection || rejection.at === dismissedAt) return null;
  return (
    <div role="alert" className="alert warning">
      That link was not a phone number: {rejection.reason}
      <button type="button" onClick={() => setDismissedAt(rejection.at)}>
        Dismiss
      </button>
    </div>
  );
}

/** main said "this agent is offline/away…": the user decides. Serves the dialer, recents and links. */
export function DialConfirmation() {
  const pending = useStore((s) => s.pendingConfirmation);
  const confirm = useStore((s) => s.confirmWarnings);
  const cancel = useStore((s) => s.cancelConfirmation);
  const cancelRef = useRef<HTMLButtonElement>(null);
  if (!pending) return null;
  return (
    <Dialog title="Dial anyway?" role="alertdialog" onEscape={cancel} initialFocus={cancelRef}>
      <ul className="warnings">
        {pending.warnings.map((warning) => (
          <li key={warning.code}>{warning.message}</li>
        ))}
      </ul>
      <div className="actions">
        <button type="button" className="primary" onClick={() => void confirm()}>
          Dial anyway
        </button>
        <button type="button" ref={cancelRef} onClick={cancel}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}
