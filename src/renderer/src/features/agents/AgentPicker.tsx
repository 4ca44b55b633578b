import { memo, useId, useMemo, useState, type KeyboardEvent } from 'react';
import { PresenceBadge } from '../../components/Presence';
import { useStore } from '../../store';
import { FavoriteButton } from './FavoriteButton';
import { useAgentResults } from './useAgentResults';

/** How many matches the picker lists; the Agents panel shows them all. */
const pickerLimit = 50;

/**
 * A searchable combobox (WAI-ARIA combobox with a listbox popup). Focus stays in the text box;
 * arrows move the active option, Enter picks it, Escape closes the list.
 */
export function AgentPicker({ value, onChange, label = 'Agent' }: { value: string | null; onChange(agentId: string | null): void; label?: string }) {
  const selected = useStore((s) => (value ? s.agentsById[value] : undefined));
  const [query, setQuery] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  // Re-ranked each time the list opens, so availability is current when the user looks.
  const { ids: ranked } = useAgentResults(query ?? '', null, { limit: pickerLimit, refresh: open });
  const results = useMemo(() => ranked.slice(), [ranked]);
  const id = useId();
  const listId = `${id}-list`;
  const optionId = (index: number) => `${id}-option-${index}`;

  const choose = (agentId: string) => {
    onChange(agentId);
    setQuery(null);
    setOpen(false);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!open) setOpen(true);
        else setActive(Math.min(activeIndex + 1, results.length - 1));
        break;
      case 'ArrowUp':
        event.preventDefault();
        setActive(Math.max(activeIndex - 1, 0));
        break;
      case 'Enter': {
        // While the list is open or a search is typed, Enter belongs to the picker: submitting the
        // surrounding form now would dial with an agent the text box no longer shows.
        if (!open && query === null) break;
        event.preventDefault();
        const agentId = results[activeIndex];
        if (agentId) choose(agentId);
        break;
      }
      case 'Escape':
        if (open) {
          // Only close the list: a surrounding dialog must not also close.
          event.preventDefault();
          event.stopPropagation();
          setOpen(false);
          setQuery(null);
        }
        break;
    }
  };

  const shown = query ?? selected?.name ?? '';
  const activeIndex = Math.max(0, Math.min(active, results.length - 1));
  const expanded = open && results.length > 0;

  return (
    <div className="agent-picker">
      <label htmlFor={`${id}-input`}>{label}</label>
      <div className="picker-row">
        <input
          id={`${id}-input`}
          type="text"
          role="combobox"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={expanded ? optionId(activeIndex) : undefined}
          autoComplete="off"
          spellCheck={false}
          placeholder="Search by name, email or extension"
          value={shown}
          onChange={(event) => {
            setQuery(event.target.value);
            setActive(0);
            setOpen(true);
            if (event.target.value === '') onChange(null);
          }}
          onFocus={(event) => event.target.select()}
          onBlur={() => {
            setOpen(false);
            setQuery(null);
          }}
          onKeyDown={onKeyDown}
        />
        {selected && <FavoriteButton agentId={selected.id} name={selected.name} />}
        {selected && (
          <button type="button" onClick={() => onChange(null)}>
            Clear agent
          </button>
        )}
      </div>
      {selected && !open && (
        <div className="picked muted">
          <PresenceBadge agent={selected} />
          {!selected.hasStation && <span className="warning-text"> · no phone (station) assigned</span>}
        </div>
      )}
      <ul id={listId} role="listbox" aria-label={`${label} matches`} className="listbox" hidden={!expanded}>
        {expanded &&
          results.map((agentId, index) => (
            <AgentOption
              key={agentId}
              agentId={agentId}
              optionId={optionId(index)}
              active={index === activeIndex}
              selected={agentId === value}
              onChoose={choose}
            />
          ))}
      </ul>
      {open && query !== null && results.length === 0 && <p className="muted">No agent matches “{query}”.</p>}
    </div>
  );
}

const AgentOption = memo(function AgentOption(props: { agentId: string; optionId: string; active: boolean; selected: boolean; onChoose(agentId: string): void }) {
  const agent = useStore((s) => s.agentsById[props.agentId]);
  if (!agent) return null;
  return (
    <li
      id={props.optionId}
      role="option"
      aria-selected={props.selected}
      className={props.active ? 'active' : undefined}
      // mousedown, not click: the input must keep focus (blur would close the list first).
      onMouseDown={(event) => {
        event.preventDefault();
        props.onChoose(props.agentId);
      }}
    >
      <span className="agent-name">{agent.name}</span>
      <PresenceBadge agent={agent} />
    </li>
  );
});
