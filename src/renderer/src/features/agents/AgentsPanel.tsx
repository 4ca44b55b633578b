import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef, useState } from 'react';
import { PresenceBadge } from '../../components/Presence';
import { useStore } from '../../store';
import { FavoriteButton } from './FavoriteButton';
import { useAgentResults } from './useAgentResults';

const rowHeight = 56;
/** Scrolling fires many range changes; main hears about the settled view only. */
const watchDebounceMs = 150;

export function AgentsPanel() {
  const [query, setQuery] = useState('');
  const members = useStore((s) => s.memberIds);
  const [refresh, setRefresh] = useState(0);
  const { ids, rankedVersion } = useAgentResults(query, members, { refresh });
  // One boolean: the list re-renders once when the order goes stale, not on every presence push.
  const rankingStale = useStore((s) => s.availabilityVersion !== rankedVersion);
  const status = useStore((s) => s.directory.status);
  const total = useStore((s) => s.searchIndex.entries.length);
  const scrollRef = useRef<HTMLDivElement>(null);

  const virtualizer = useVirtualizer({
    count: ids.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    // No getItemKey: the virtualiser calls it for every index, which would rank all matches on
    // each keystroke; rows have a fixed height, so index keys measure the same. React keys are ids.
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();
  const visibleKey = items.map((item) => ids.at(item.index)).join(',');
  useWatchVisible(visibleKey);

  return (
    <section className="agents" aria-labelledby="agents-title">
      <div className="toolbar">
        <h2 id="agents-title">Agents</h2>
        <input type="search" aria-label="Search agents" placeholder="Name, email or extension" value={query} onChange={(event) => setQuery(event.target.value)} />
        <ScopePicker />
      </div>
      <DirectoryStatus shown={ids.length} total={total} status={status} />
      {rankingStale && (
        <p className="stale-ranking">
          <span className="muted">Availability changed since this list was sorted.</span>{' '}
          <button type="button" onClick={() => setRefresh((n) => n + 1)}>
            Sort by current availability
          </button>
        </p>
      )}
      <div ref={scrollRef} className="scroller">
        <ul aria-label="Agents" className="virtual-list" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const id = ids.at(item.index);
            return id ? <AgentRow key={id} agentId={id} top={item.start} position={item.index + 1} total={ids.length} /> : null;
          })}
        </ul>
      </div>
    </section>
  );
}

/** Tells main which agents are on screen, after the view settles and only when the set changed. */
function useWatchVisible(visibleKey: string): void {
  const watchAgents = useStore((s) => s.watchAgents);
  const lastSent = useRef<string | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => {
      const ids = visibleKey === '' ? [] : visibleKey.split(',');
      const key = [...ids].sort().join(',');
      if (key === lastSent.current) return;
      lastSent.current = key;
      void watchAgents(ids);
    }, watchDebounceMs);
    return () => clearTimeout(timer);
  }, [visibleKey, watchAgents]);
  // Leaving the panel: nothing of it is on screen any more.
  useEffect(
    () => () => {
      if (lastSent.current) void watchAgents([]);
    },
    [watchAgents],
  );
}

function DirectoryStatus({ shown, total, status }: { shown: number; total: number; status: string }) {
  const fromCache = useStore((s) => s.directory.fromCache);
  const error = useStore((s) => s.directory.error);
  const memberError = useStore((s) => s.memberError);
  const refresh = useStore((s) => s.refreshDirectory);
  return (
    <div className="directory-status">
      <p role="status" className="muted">
        {status === 'loading' ? 'Loading the directory…' : `${shown} of ${total} agents`}
        {status === 'refreshing' && ' · refreshing…'}
        {fromCache && status !== 'refreshing' && ' · from the last session'}
      </p>
      {(error || memberError) && (
        <p role="alert" className="alert error">
          {memberError ?? error}
        </p>
      )}
      <button type="button" onClick={() => void refresh()} disabled={status === 'loading' || status === 'refreshing'}>
        Refresh directory
      </button>
    </div>
  );
}

function ScopePicker() {
  const queues = useStore((s) => s.queues);
  const groups = useStore((s) => s.groups);
  const scope = useStore((s) => s.memberScope);
  const setScope = useStore((s) => s.setMemberScope);
  return (
    <>
      <label className="inline">
        Queue
        <select value={scope?.kind === 'queue' ? scope.id : ''} onChange={(event) => void setScope(event.target.value ? { kind: 'queue', id: event.target.value } : null)}>
          <option value="">All agents</option>
          {queues.map((queue) => (
            <option key={queue.id} value={queue.id}>
              {queue.name} ({queue.memberCount})
            </option>
          ))}
        </select>
      </label>
      <label className="inline">
        Group
        <select value={scope?.kind === 'group' ? scope.id : ''} onChange={(event) => void setScope(event.target.value ? { kind: 'group', id: event.target.value } : null)}>
          <option value="">All agents</option>
          {groups.map((group) => (
            <option key={group.id} value={group.id}>
              {group.name} ({group.memberCount})
            </option>
          ))}
        </select>
      </label>
    </>
  );
}

/** One row, subscribed to its own agent only: a presence push re-renders just this row. */
export const AgentRow = memo(function AgentRow(props: { agentId: string; top: number; position: number; total: number }) {
  const agent = useStore((s) => s.agentsById[props.agentId]);
  const selectAgent = useStore((s) => s.selectAgent);
  const setTab = useStore((s) => s.setTab);
  if (!agent) return null;
  return (
    <li className="agent-row" aria-posinset={props.position} aria-setsize={props.total} style={{ transform: `translateY(${props.top}px)` }}>
      <FavoriteButton agentId={agent.id} name={agent.name} />
      <div className="agent-main">
        <span className="agent-name">{agent.name}</span>
        <span className="muted">{[agent.extension && `ext. ${agent.extension}`, agent.email].filter(Boolean).join(' · ')}</span>
      </div>
      <PresenceBadge agent={agent} />
      <button
        type="button"
        onClick={() => {
          selectAgent(agent.id);
          setTab('dial');
        }}
      >
        Dial as {agent.name}
      </button>
    </li>
  );
});
