import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useDeferredValue, useMemo, useRef, useState } from 'react';
import { outcomeLabel } from '../../../../shared/call-words';
import type { RecentCall } from '../../../../shared/domain';
import { filterRecents } from '../../../../shared/recents-match';
import { copyText } from '../../components/clipboard';
import { ConfirmButton } from '../../components/ConfirmButton';
import { downloadFile } from '../../components/download';
import { useStore } from '../../store';

const rowHeight = 76;
const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function RecentCalls() {
  const entries = useStore((s) => s.recents);
  const recoveredFrom = useStore((s) => s.recentsRecoveredFrom);
  const clearRecents = useStore((s) => s.clearRecents);
  const exportCsv = useStore((s) => s.exportRecentsCsv);
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const shown = useMemo(() => filterRecents(entries, deferredQuery), [entries, deferredQuery]);
  const [copied, setCopied] = useState<string | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);

  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 6,
    getItemKey: (index) => shown[index]?.id ?? index,
  });

  const onCopy = async (number: string) => {
    setCopied((await copyText(number)) ? `Copied ${number}` : `Could not copy ${number}`);
  };
  const onExport = async () => {
    const result = await exportCsv();
    if (result.ok) downloadFile(result.value);
  };

  return (
    <section className="recents" aria-labelledby="recents-title">
      <div className="toolbar">
        <h2 id="recents-title">Recent calls</h2>
        <input type="search" aria-label="Filter recent calls" placeholder="Filter by number or agent" value={query} onChange={(event) => setQuery(event.target.value)} />
        <button type="button" onClick={() => void onExport()} disabled={entries.length === 0}>
          Export CSV
        </button>
        {entries.length > 0 && <ConfirmButton label="Clear all" question="Clear all recent calls? This cannot be undone." confirmLabel="Clear all now" className="danger" onConfirm={() => void clearRecents()} />}
      </div>
      <p role="status" className="muted">
        {entries.length === 0 ? 'No calls yet.' : query ? `${shown.length} of ${entries.length} calls match.` : `${entries.length} calls.`}
        {copied && <span> {copied}</span>}
      </p>
      {recoveredFrom && <p className="muted">The earlier list could not be read; it was kept as {recoveredFrom}.</p>}
      <div ref={scrollRef} className="scroller">
        <ul aria-label="Recent calls" className="virtual-list" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const entry = shown[item.index];
            if (!entry) return null;
            return <RecentRow key={item.key} entry={entry} top={item.start} position={item.index + 1} total={shown.length} onCopy={onCopy} />;
          })}
        </ul>
      </div>
    </section>
  );
}

const RecentRow = memo(function RecentRow(props: { entry: RecentCall; top: number; position: number; total: number; onCopy(number: string): void }) {
  const { entry } = props;
  const dial = useStore((s) => s.dial);
  const deleteRecent = useStore((s) => s.deleteRecent);
  return (
    <li className="recent-row" aria-posinset={props.position} aria-setsize={props.total} style={{ transform: `translateY(${props.top}px)` }}>
      <div className="recent-main">
        <strong>{entry.displayNumber}</strong>
        <span className="muted"> {entry.agent ? `via ${entry.agent.name}` : 'from your phone'}</span>
        <div className="muted">
          <span className={`outcome outcome-${entry.outcome}`}>{outcomeLabel(entry.outcome)}</span> · <time dateTime={new Date(entry.requestedAt).toISOString()}>{timeFormat.format(entry.requestedAt)}</time>
          {entry.detail && <span> · {entry.detail}</span>}
        </div>
      </div>
      <div className="actions">
        <button type="button" onClick={() => void dial({ number: entry.e164, source: 'recent', ...(entry.agent ? { agentId: entry.agent.id } : {}) })}>
          Redial {entry.displayNumber}
        </button>
        <button type="button" onClick={() => props.onCopy(entry.e164)}>
          Copy {entry.displayNumber}
        </button>
        <button type="button" aria-label={`Delete ${entry.displayNumber} at ${timeFormat.format(entry.requestedAt)}`} onClick={() => void deleteRecent(entry.id)}>
          Delete
        </button>
      </div>
    </li>
  );
});
