import { memo } from 'react';
import { outcomeLabel } from '../../../../shared/call-words';
import type { CallSnapshot } from '../../../../shared/domain';
import { formatElapsed, useNow } from '../../components/useNow';
import { useStore } from '../../store';

/** What the call is doing, in words, e.g. "Ringing Ada Lovelace's phone" or "Ended — busy". */
function phaseText(call: CallSnapshot): string {
  const phone = call.agent ? `${call.agent.name}'s phone` : 'your phone';
  switch (call.phase) {
    case 'placing':
      return 'Placing the call';
    case 'ringingAgent':
      return `Ringing ${phone}`;
    case 'dialingCustomer':
      return 'Dialing the customer';
    case 'connected':
      return 'Connected';
    case 'ended':
      return `Ended — ${call.endReason ? lowerFirst(outcomeLabel(call.endReason)) : 'finished'}`;
  }
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function legText(call: CallSnapshot): string | null {
  switch (call.phase) {
    case 'placing':
    case 'ringingAgent':
      return `Leg 1 of 2: ${call.agent ? `${call.agent.name}'s phone` : 'your phone'} rings first`;
    case 'dialingCustomer':
      return `Leg 2 of 2: calling ${call.displayNumber}`;
    case 'connected':
      return `Both legs connected: ${call.agent?.name ?? 'you'} and ${call.displayNumber}`;
    case 'ended':
      return null;
  }
}

export function ActiveCalls() {
  const callIds = useStore((s) => s.snapshot?.calls.map((call) => call.id).join('\n') ?? '');
  if (callIds === '') return null;
  return (
    <div className="active-calls">
      {callIds.split('\n').map((id) => (
        <ActiveCall key={id} callId={id} />
      ))}
    </div>
  );
}

const ActiveCall = memo(function ActiveCall({ callId }: { callId: string }) {
  const call = useStore((s) => s.snapshot?.calls.find((c) => c.id === callId));
  const hangUp = useStore((s) => s.hangUp);
  const dismiss = useStore((s) => s.dismissCall);
  const ticking = call !== undefined && (call.phase === 'connected' || call.retryAt !== undefined);
  const now = useNow(ticking);
  if (!call) return null;

  const ended = call.phase === 'ended';
  const leg = legText(call);
  const retryIn = call.retryAt !== undefined ? Math.max(0, Math.ceil((call.retryAt - now) / 1000)) : null;

  return (
    <section role="region" aria-label="Active call" className={`call card phase-${call.phase}`}>
      <div className="call-info">
        <div className="call-head">
          <strong className="call-number">{call.displayNumber}</strong>
          <span className="muted">{call.agent ? ` from ${call.agent.name}'s phone` : ' from your phone'}</span>
        </div>
        <p className="call-phase">
          {/* Only the phase is live: announcing the ticking timer every second would drown everything else. */}
          <span aria-live="polite">{phaseText(call)}</span>
          {call.phase === 'connected' && <span className="timer"> {formatElapsed(now - (call.connectedAt ?? now))}</span>}
        </p>
        {leg && <p className="muted">{leg}</p>}
        {ended && call.endMessage && <p>{call.endMessage}</p>}
        {retryIn !== null && !ended && <p className="warning-text">Genesys asked us to wait — {retryIn > 0 ? `retrying in ${retryIn} s` : 'retrying now'}</p>}
        {call.reconciling && <p className="warning-text">Checking whether the call was placed…</p>}
        {!ended && call.monitoring === 'polling' && <p className="muted">Live updates are down; checking the call every few seconds.</p>}
      </div>
      <div className="actions">
        {ended ? (
          <button type="button" onClick={() => void dismiss(call.id)}>
            Dismiss
          </button>
        ) : (
          <button type="button" className="danger" onClick={() => void hangUp(call.id)}>
            Hang up
          </button>
        )}
      </div>
    </section>
  );
});
