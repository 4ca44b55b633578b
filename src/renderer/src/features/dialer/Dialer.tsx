import { useId, type FormEvent } from 'react';
import { useStore } from '../../store';
import { padKeys } from '../../store/dial-slice';
import { AgentPicker } from '../agents/AgentPicker';
import { FavoriteNumbers } from './FavoriteNumbers';

/** The dial form: agent, number (typed, pasted or from the pad), main's reading of it, Call. */
export function Dialer() {
  const dialNumber = useStore((s) => s.dialNumber);
  const setDialNumber = useStore((s) => s.setDialNumber);
  const pressKey = useStore((s) => s.pressKey);
  const backspace = useStore((s) => s.backspace);
  const agentId = useStore((s) => s.dialAgentId);
  const selectAgent = useStore((s) => s.selectAgent);
  const placeCall = useStore((s) => s.placeCall);
  const call = useCallButton();
  const id = useId();

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (call.enabled) void placeCall();
  };

  return (
    <form className="dialer" aria-label="Dialer" onSubmit={onSubmit}>
      <AgentPicker value={agentId} onChange={selectAgent} />

      <label htmlFor={`${id}-number`}>Phone number</label>
      <input
        id={`${id}-number`}
        className="number-input"
        type="tel"
        inputMode="tel"
        autoComplete="off"
        spellCheck={false}
        value={dialNumber}
        aria-describedby={`${id}-preview`}
        onChange={(event) => setDialNumber(event.target.value)}
      />
      <FormattedNumber />
      <NumberPreviewLine id={`${id}-preview`} />

      <div role="group" aria-label="Dial pad" className="pad">
        {padKeys.map((key) => (
          <button key={key} type="button" onClick={() => pressKey(key)}>
            {key}
          </button>
        ))}
        <button type="button" aria-label="Backspace" onClick={backspace} disabled={dialNumber === ''}>
          <span aria-hidden="true">⌫</span>
        </button>
      </div>

      <button type="submit" className="primary call-button" disabled={!call.enabled} aria-describedby={call.hint ? `${id}-hint` : undefined}>
        {call.label}
      </button>
      {call.hint && (
        <p id={`${id}-hint`} className="muted">
          {call.hint}
        </p>
      )}
      <FavoriteNumbers />
    </form>
  );
}

/**
 * The number grouped the way the default country writes it ("020 7946 0"), under the input.
 * The input keeps exactly what was typed: rewriting its value on each key would move the caret.
 */
function FormattedNumber() {
  const formatted = useStore((s) => s.dialPreview?.formatted);
  const typed = useStore((s) => s.dialPreviewFor);
  const fresh = useStore((s) => s.dialPreviewFor === s.dialNumber);
  // Typed already formatted, the line would only repeat the input.
  if (!formatted || formatted === typed.trim()) return null;
  return <p className={`preview formatted-number${fresh ? '' : ' stale'}`}>{formatted}</p>;
}

function NumberPreviewLine({ id }: { id: string }) {
  const preview = useStore((s) => s.dialPreview);
  const fresh = useStore((s) => s.dialPreviewFor === s.dialNumber);
  return (
    <p id={id} className={`preview${preview && !preview.valid ? ' problem' : ''}${fresh ? '' : ' stale'}`} aria-live="polite">
      {preview === null ? 'Type or paste a number, with or without the country code.' : preview.valid ? `Will dial ${preview.display} (${preview.e164}${preview.extension ? `, extension ${preview.extension}` : ''})` : preview.problem}
    </p>
  );
}

/** The Call button's words say whom it rings; when it cannot ring yet, the hint says why. */
function useCallButton(): { enabled: boolean; label: string; hint: string | null } {
  const preview = useStore((s) => (s.dialPreviewFor === s.dialNumber ? s.dialPreview : null));
  const agentName = useStore((s) => (s.dialAgentId ? s.agentsById[s.dialAgentId]?.name : undefined));
  const hasAgent = useStore((s) => s.dialAgentId !== null);
  const signedIn = useStore((s) => s.snapshot?.session.status === 'signedIn');
  const callsAsSelf = useStore((s) => s.snapshot?.session.status === 'signedIn' && s.snapshot.session.principal.kind === 'user');
  const placing = useStore((s) => s.placing);

  const number = preview?.valid ? preview.display : null;
  const from = hasAgent ? `${agentName ?? 'the chosen agent'}'s phone` : callsAsSelf ? 'your phone' : null;
  if (placing) return { enabled: false, label: 'Call', hint: 'Placing the call…' };
  if (!signedIn) return { enabled: false, label: 'Call', hint: 'Sign in to place calls.' };
  if (!number && !from) return { enabled: false, label: 'Call', hint: 'Choose an agent and enter a number.' };
  if (!number) return { enabled: false, label: 'Call', hint: 'Enter a valid number.' };
  if (!from) return { enabled: false, label: 'Call', hint: 'Choose the agent whose phone places the call.' };
  return { enabled: true, label: `Call ${number} from ${from}`, hint: null };
}
