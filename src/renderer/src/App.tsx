import { useRef, type KeyboardEvent } from 'react';
import { ActiveCalls } from './features/calls/ActiveCalls';
import { AgentsPanel } from './features/agents/AgentsPanel';
import { Dialer } from './features/dialer/Dialer';
import { DialConfirmation, LinkDialog } from './features/links/LinkDialog';
import { Banners } from './features/notices/Banners';
import { RecentCalls } from './features/recents/RecentCalls';
import { SettingsView } from './features/settings/SettingsView';
import { ConnectionsTab } from './features/signin/ConnectionsTab';
import { SessionStatus } from './features/signin/SessionStatus';
import { SignInScreen } from './features/signin/SignInScreen';
import { useStore } from './store';
import type { Tab } from './store/ui-slice';

export function App() {
  const loaded = useStore((s) => s.snapshot !== null);
  // The workspace stays up while a session is expired or being renewed, so nothing is lost.
  const showWorkspace = useStore((s) => s.snapshot?.session.status === 'signedIn' || (s.everSignedIn && s.snapshot?.session.status !== 'signedOut'));

  // While a modal asks something, the page behind it is out of reach for keyboard, pointer and screen reader.
  const modalOpen = useStore((s) => Boolean(s.snapshot?.links.pending) || s.pendingConfirmation !== null);

  return (
    <div className="app">
      <div className="app-body" inert={modalOpen} aria-hidden={modalOpen || undefined}>
        <header className="app-header">
          <span className="app-title">Softphone Companion</span>
          <SessionStatus />
        </header>
        <Banners />
        <main>{!loaded ? <p className="muted">Starting…</p> : showWorkspace ? <Workspace /> : <SignInScreen />}</main>
        <AboutLine />
      </div>
      <LinkDialog />
      <DialConfirmation />
    </div>
  );
}

const shellNames = { electron: 'desktop app', 'web-bridge': 'web bridge (development shell)' } as const;

/** Which build is running, for support requests. */
function AboutLine() {
  const info = useStore((s) => s.appInfo);
  if (!info) return null;
  return (
    <footer className="about muted">
      {info.name} {info.version} · {shellNames[info.shell]} · {info.platform}
    </footer>
  );
}

const tabs: { id: Tab; label: string }[] = [
  { id: 'dial', label: 'Dial' },
  { id: 'agents', label: 'Agents' },
  { id: 'recent', label: 'Recent' },
  { id: 'settings', label: 'Settings' },
  { id: 'connections', label: 'Connections' },
];

function Workspace() {
  const tab = useStore((s) => s.tab);
  const setTab = useStore((s) => s.setTab);
  const tabRefs = useRef<Partial<Record<Tab, HTMLButtonElement | null>>>({});

  // WAI-ARIA tabs: arrows move between tabs (automatic activation), Home/End jump.
  const onKeyDown = (event: KeyboardEvent) => {
    const index = tabs.findIndex((t) => t.id === tab);
    const next =
      event.key === 'ArrowRight' ? (index + 1) % tabs.length : event.key === 'ArrowLeft' ? (index - 1 + tabs.length) % tabs.length : event.key === 'Home' ? 0 : event.key === 'End' ? tabs.length - 1 : -1;
    const target = tabs[next];
    if (!target) return;
    event.preventDefault();
    setTab(target.id);
    tabRefs.current[target.id]?.focus();
  };

  return (
    <div className="workspace">
      <ActiveCalls />
      <div role="tablist" aria-label="Sections" className="tabs" onKeyDown={onKeyDown}>
        {tabs.map((t) => (
          <button
            key={t.id}
            ref={(element) => {
              tabRefs.current[t.id] = element;
            }}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={t.id === tab}
            // Only the selected tab's panel exists, so only it is referenced.
            aria-controls={t.id === tab ? `panel-${t.id}` : undefined}
            tabIndex={t.id === tab ? 0 : -1}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="panel">
        {tab === 'dial' && <Dialer />}
        {tab === 'agents' && <AgentsPanel />}
        {tab === 'recent' && <RecentCalls />}
        {tab === 'settings' && <SettingsView />}
        {tab === 'connections' && <ConnectionsTab />}
      </div>
    </div>
  );
}
